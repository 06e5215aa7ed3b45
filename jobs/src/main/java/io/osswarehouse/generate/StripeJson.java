package io.osswarehouse.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osswarehouse.generate.Catalog.Coupon;
import io.osswarehouse.generate.Catalog.Price;
import io.osswarehouse.generate.Catalog.Product;
import io.osswarehouse.generate.Invoice.Kind;
import io.osswarehouse.generate.Invoice.Line;
import io.osswarehouse.generate.StripeCustomer.Discount;
import io.osswarehouse.generate.StripeSubscription.Snapshot;
import java.time.Instant;
import java.util.Locale;

/**
 * Renders the simulated objects as Stripe API JSON in the shape of the API version in force when the
 * object was created: before 2025-03-31 the older shape (subscription.current_period_*,
 * invoice.subscription, line price/plan/proration/type, embedded discount.coupon); from then on the
 * "basil" shape (periods on items, invoice.parent, line pricing/parent/taxes, discount.source). Field
 * order is fixed, so output bytes are stable.
 */
final class StripeJson {
  /** The first instant of Stripe API version 2025-03-31.basil. */
  static final Instant BASIL = Instant.parse("2025-03-31T00:00:00Z");
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  enum Era {
    OLD, CURRENT;

    static Era of(Instant created) {
      return created.isBefore(BASIL) ? OLD : CURRENT;
    }
  }

  private StripeJson() {}

  static ObjectNode product(Product p) {
    ObjectNode n = head(p.id(), "product");
    n.put("active", true);
    time(n, "created", p.created());
    n.putNull("description");
    n.put("livemode", false);
    n.putObject("metadata");
    n.put("name", p.name());
    time(n, "updated", p.created());
    return n;
  }

  static ObjectNode price(Price p, Era era) {
    ObjectNode n = head(p.id(), "price");
    n.put("active", true);
    n.put("billing_scheme", "per_unit");
    time(n, "created", p.created());
    n.put("currency", lower(p.currency()));
    n.put("livemode", false);
    n.putNull("lookup_key");
    n.putObject("metadata");
    n.put("nickname", nickname(p));
    n.put("product", p.product().id());
    if (p.recurring()) {
      ObjectNode r = n.putObject("recurring");
      if (era == Era.OLD) {
        r.putNull("aggregate_usage");
      }
      r.put("interval", p.interval());
      r.put("interval_count", p.intervalCount());
      if (era == Era.CURRENT) {
        r.putNull("meter");
      }
      r.putNull("trial_period_days");
      r.put("usage_type", "licensed");
    } else {
      n.putNull("recurring");
    }
    n.put("tax_behavior", "exclusive");
    n.putNull("tiers_mode");
    n.putNull("transform_quantity");
    n.put("type", p.recurring() ? "recurring" : "one_time");
    n.put("unit_amount", p.unitAmount());
    n.put("unit_amount_decimal", Long.toString(p.unitAmount()));
    return n;
  }

  /** The legacy plan object mirroring a recurring price (same id), as older API versions returned it. */
  static ObjectNode plan(Price p) {
    ObjectNode n = head(p.id(), "plan");
    n.put("active", true);
    n.putNull("aggregate_usage");
    n.put("amount", p.unitAmount());
    n.put("amount_decimal", Long.toString(p.unitAmount()));
    n.put("billing_scheme", "per_unit");
    time(n, "created", p.created());
    n.put("currency", lower(p.currency()));
    n.put("interval", p.interval());
    n.put("interval_count", p.intervalCount());
    n.put("livemode", false);
    n.putObject("metadata");
    n.put("nickname", nickname(p));
    n.put("product", p.product().id());
    n.putNull("tiers_mode");
    n.putNull("transform_usage");
    n.putNull("trial_period_days");
    n.put("usage_type", "licensed");
    return n;
  }

  static ObjectNode coupon(Coupon c) {
    ObjectNode n = head(c.id(), "coupon");
    n.putNull("amount_off");
    time(n, "created", c.created());
    n.putNull("currency");
    n.put("duration", c.durationInMonths() == null ? "forever" : "repeating");
    if (c.durationInMonths() == null) {
      n.putNull("duration_in_months");
    } else {
      n.put("duration_in_months", c.durationInMonths());
    }
    n.put("livemode", false);
    n.putNull("max_redemptions");
    n.putObject("metadata");
    n.put("name", c.name());
    n.put("percent_off", c.percentOff().doubleValue());
    n.putNull("redeem_by");
    n.put("valid", true);
    return n;
  }

  /** A discount; like in the API it has no {@code created}: {@code start} dates it. */
  static ObjectNode discount(Discount d, Era era) {
    ObjectNode n = head(d.id(), "discount");
    n.putNull("checkout_session");
    if (era == Era.OLD) {
      n.set("coupon", coupon(d.coupon()));
    }
    n.put("customer", d.customerId());
    time(n, "end", d.end());
    n.putNull("invoice");
    n.putNull("invoice_item");
    n.putNull("promotion_code");
    if (era == Era.CURRENT) {
      ObjectNode source = n.putObject("source");
      source.put("coupon", d.coupon().id());
      source.put("type", "coupon");
    }
    time(n, "start", d.start());
    n.put("subscription", d.subscriptionId());
    n.putNull("subscription_item");
    return n;
  }

  static ObjectNode customer(StripeCustomer c) {
    ObjectNode n = head(c.id, "customer");
    ObjectNode address = n.putObject("address");
    address.putNull("city");
    address.put("country", c.org.country());
    address.putNull("line1");
    address.putNull("line2");
    address.putNull("postal_code");
    address.putNull("state");
    n.put("balance", 0);
    time(n, "created", c.created);
    n.put("currency", lower(c.currency()));
    n.put("delinquent", false);
    n.putNull("description");
    n.put("email", c.email);
    n.put("invoice_prefix", c.invoicePrefix);
    n.put("livemode", false);
    ObjectNode metadata = n.putObject("metadata");
    if (c.githubOrg != null) {
      metadata.put("github_org", c.githubOrg);
    }
    n.put("name", c.org.name());
    n.putArray("preferred_locales");
    n.put("tax_exempt", "none");
    return n;
  }

  /** The subscription as it stood at {@code snap.at()}; shape by the subscription's creation. */
  static ObjectNode subscription(StripeSubscription s, Snapshot snap) {
    Era era = Era.of(s.created);
    boolean discounted = s.discount != null && (s.discount.end() == null || snap.at().isBefore(s.discount.end()));
    ObjectNode n = head(s.id, "subscription");
    time(n, "billing_cycle_anchor", snap.anchor());
    time(n, "cancel_at", snap.cancelAtPeriodEnd() ? snap.periodEnd() : null);
    n.put("cancel_at_period_end", snap.cancelAtPeriodEnd());
    time(n, "canceled_at", snap.canceledAt());
    n.put("collection_method", "charge_automatically");
    time(n, "created", s.created);
    n.put("currency", lower(s.customer.currency()));
    if (era == Era.OLD) {
      time(n, "current_period_end", snap.periodEnd());
      time(n, "current_period_start", snap.periodStart());
    }
    n.put("customer", s.customer.id);
    n.putArray("default_tax_rates");
    if (era == Era.OLD) {
      if (discounted) {
        n.set("discount", discount(s.discount, era));
      } else {
        n.putNull("discount");
      }
    } else {
      ArrayNode discounts = n.putArray("discounts");
      if (discounted) {
        discounts.add(s.discount.id());
      }
    }
    time(n, "ended_at", snap.endedAt());
    ObjectNode items = n.putObject("items");
    items.put("object", "list");
    ObjectNode item = items.putArray("data").addObject();
    item.put("id", s.itemId);
    item.put("object", "subscription_item");
    time(item, "created", s.created);
    if (era == Era.CURRENT) {
      time(item, "current_period_end", snap.periodEnd());
      time(item, "current_period_start", snap.periodStart());
      item.putArray("discounts");
    }
    item.putObject("metadata");
    if (era == Era.OLD) {
      item.set("plan", plan(snap.price()));
    }
    item.set("price", price(snap.price(), era));
    item.put("quantity", snap.quantity());
    item.put("subscription", s.id);
    item.putArray("tax_rates");
    items.put("has_more", false);
    items.put("total_count", 1);
    items.put("url", "/v1/subscription_items?subscription=" + s.id);
    n.put("livemode", false);
    n.putObject("metadata");
    if (era == Era.OLD) {
      n.set("plan", plan(snap.price()));
      n.put("quantity", snap.quantity());
    }
    time(n, "start_date", s.created);
    n.put("status", snap.status());
    time(n, "trial_end", s.trialEnd);
    time(n, "trial_start", s.trialStart);
    return n;
  }

  static ObjectNode invoice(Invoice inv) {
    Era era = Era.of(inv.created());
    ObjectNode n = head(inv.id(), "invoice");
    n.put("amount_due", inv.amountDue());
    n.put("amount_paid", inv.amountPaid());
    n.put("amount_remaining", 0);
    n.put("attempt_count", inv.paid() ? 1 : 0);
    n.put("attempted", inv.paid());
    n.put("billing_reason", inv.billingReason());
    if (era == Era.OLD) {
      n.put("charge", inv.chargeId());
    }
    n.put("collection_method", "charge_automatically");
    time(n, "created", inv.created());
    n.put("currency", lower(inv.currency()));
    n.put("customer", inv.customer().id);
    n.put("customer_email", inv.customer().email);
    n.put("customer_name", inv.customer().org.name());
    ArrayNode discounts = n.putArray("discounts");
    inv.discountIds().forEach(discounts::add);
    ObjectNode lines = n.putObject("lines");
    lines.put("object", "list");
    ArrayNode data = lines.putArray("data");
    for (Line l : inv.lines()) {
      data.add(line(inv, l, era));
    }
    lines.put("has_more", false);
    lines.put("total_count", inv.lines().size());
    lines.put("url", "/v1/invoices/" + inv.id() + "/lines");
    n.put("livemode", false);
    n.putObject("metadata");
    n.put("number", inv.number());
    if (era == Era.OLD) {
      n.put("paid", inv.paid());
    } else if (inv.subscriptionId() == null) {
      n.putNull("parent");
    } else {
      ObjectNode parent = n.putObject("parent");
      parent.putNull("quote_details");
      ObjectNode details = parent.putObject("subscription_details");
      details.putObject("metadata");
      details.put("subscription", inv.subscriptionId());
      parent.put("type", "subscription_details");
    }
    time(n, "period_end", inv.periodEnd());
    time(n, "period_start", inv.periodStart());
    n.put("starting_balance", 0);
    n.put("status", inv.status());
    ObjectNode transitions = n.putObject("status_transitions");
    time(transitions, "finalized_at", inv.created());
    transitions.putNull("marked_uncollectible_at");
    time(transitions, "paid_at", inv.paidAt());
    time(transitions, "voided_at", inv.voidedAt());
    if (era == Era.OLD) {
      n.put("subscription", inv.subscriptionId());
    }
    n.put("subtotal", inv.subtotal());
    n.put("subtotal_excluding_tax", inv.subtotal());
    if (era == Era.OLD) {
      if (inv.customer().taxRate == null) {
        n.putNull("tax");
      } else {
        n.put("tax", inv.tax());
      }
    }
    n.put("total", inv.total());
    ArrayNode totalDiscounts = n.putArray("total_discount_amounts");
    for (String di : inv.discountIds()) {
      totalDiscounts.addObject().put("amount", inv.discount()).put("discount", di);
    }
    n.put("total_excluding_tax", inv.subtotal() - inv.discount());
    ArrayNode taxes = n.putArray(era == Era.OLD ? "total_tax_amounts" : "total_taxes");
    if (inv.customer().taxRate != null) {
      tax(taxes, era, inv.tax(), inv.subtotal() - inv.discount(), inv.customer().taxRate.id());
    }
    return n;
  }

  private static ObjectNode line(Invoice inv, Line l, Era era) {
    ObjectNode n = head(l.id(), "line_item");
    n.put("amount", l.amount());
    if (era == Era.OLD) {
      n.put("amount_excluding_tax", l.amount());
    }
    n.put("currency", lower(inv.currency()));
    n.put("description", l.description());
    ArrayNode discountAmounts = n.putArray("discount_amounts");
    ArrayNode discounts = n.putArray("discounts");
    if (l.discountId() != null) {
      discountAmounts.addObject().put("amount", l.discount()).put("discount", l.discountId());
      discounts.add(l.discountId());
    }
    n.put("discountable", l.kind() != Kind.ONE_TIME);
    n.put("invoice", inv.id());
    if (era == Era.OLD && l.invoiceItemId() != null) {
      n.put("invoice_item", l.invoiceItemId());
    }
    n.put("livemode", false);
    n.putObject("metadata");
    if (era == Era.CURRENT) {
      n.set("parent", lineParent(inv, l));
    }
    ObjectNode period = n.putObject("period");
    time(period, "end", l.periodEnd());
    time(period, "start", l.periodStart());
    if (era == Era.OLD) {
      if (l.price().recurring()) {
        n.set("plan", plan(l.price()));
      } else {
        n.putNull("plan");
      }
      n.set("price", price(l.price(), era));
      n.put("proration", l.kind() == Kind.PRORATION);
      n.putObject("proration_details").putNull("credited_items");
    } else {
      n.putArray("pretax_credit_amounts");
      ObjectNode pricing = n.putObject("pricing");
      ObjectNode details = pricing.putObject("price_details");
      details.put("price", l.price().id());
      details.put("product", l.price().product().id());
      pricing.put("type", "price_details");
      pricing.put("unit_amount_decimal", Long.toString(l.price().unitAmount()));
    }
    n.put("quantity", l.quantity());
    if (era == Era.OLD) {
      n.put("subscription", l.subscriptionId());
      n.put("subscription_item", l.itemId());
    }
    ArrayNode taxes = n.putArray(era == Era.OLD ? "tax_amounts" : "taxes");
    if (inv.customer().taxRate != null) {
      tax(taxes, era, l.tax(), l.net(), inv.customer().taxRate.id());
    }
    if (era == Era.OLD) {
      n.putArray("tax_rates");
      n.put("type", l.kind() == Kind.SUBSCRIPTION ? "subscription" : "invoiceitem");
      n.put("unit_amount_excluding_tax", Long.toString(l.price().unitAmount()));
    }
    return n;
  }

  /** basil: where a line comes from, replacing the old type/proration/subscription_item fields. */
  private static ObjectNode lineParent(Invoice inv, Line l) {
    ObjectNode parent = F.objectNode();
    if (l.kind() == Kind.ONE_TIME) {
      ObjectNode d = parent.putObject("invoice_item_details");
      d.put("invoice_item", l.invoiceItemId());
      d.put("proration", false);
      d.putObject("proration_details").putNull("credited_items");
      d.put("subscription", l.subscriptionId());
      parent.putNull("subscription_item_details");
      parent.put("type", "invoice_item_details");
    } else {
      parent.putNull("invoice_item_details");
      ObjectNode d = parent.putObject("subscription_item_details");
      d.putNull("invoice_item");
      d.put("proration", l.kind() == Kind.PRORATION);
      d.putObject("proration_details").putNull("credited_items");
      d.put("subscription", l.subscriptionId());
      d.put("subscription_item", l.itemId());
      parent.put("type", "subscription_item_details");
    }
    return parent;
  }

  private static void tax(ArrayNode taxes, Era era, long amount, long taxable, String taxRate) {
    ObjectNode t = taxes.addObject();
    t.put("amount", amount);
    if (era == Era.OLD) {
      t.put("inclusive", false);
      t.put("tax_rate", taxRate);
      t.put("taxable_amount", taxable);
    } else {
      t.put("tax_behavior", "exclusive");
      t.putObject("tax_rate_details").put("tax_rate", taxRate);
      t.put("taxability_reason", "standard_rated");
      t.put("taxable_amount", taxable);
      t.put("type", "tax_rate_details");
    }
  }

  static ObjectNode refund(Refund r) {
    ObjectNode n = head(r.id(), "refund");
    n.put("amount", r.amount());
    n.putNull("balance_transaction");
    n.put("charge", r.invoice().chargeId());
    time(n, "created", r.created());
    n.put("currency", lower(r.invoice().currency()));
    n.putObject("metadata");
    n.putNull("payment_intent");
    n.put("reason", r.reason());
    n.put("status", "succeeded");
    return n;
  }

  static ObjectNode creditNote(Refund r) {
    Era era = Era.of(r.created());
    ObjectNode n = head(r.creditNoteId(), "credit_note");
    n.put("amount", r.amount());
    time(n, "created", r.created());
    n.put("currency", lower(r.invoice().currency()));
    n.put("customer", r.invoice().customer().id);
    n.put("discount_amount", 0);
    n.putArray("discount_amounts");
    time(n, "effective_at", r.created());
    n.put("invoice", r.invoice().id());
    ObjectNode lines = n.putObject("lines");
    lines.put("object", "list");
    ObjectNode line = lines.putArray("data").addObject();
    line.put("id", r.creditNoteLineId());
    line.put("object", "credit_note_line_item");
    line.put("amount", r.amount());
    line.put("description", "Refund");
    line.put("discount_amount", 0);
    line.putArray("discount_amounts");
    line.put("livemode", false);
    line.put("quantity", 1);
    line.putArray(era == Era.OLD ? "tax_amounts" : "taxes");
    line.putArray("tax_rates");
    line.put("type", "custom_line_item");
    line.put("unit_amount", r.amount());
    line.put("unit_amount_decimal", Long.toString(r.amount()));
    lines.put("has_more", false);
    lines.put("url", "/v1/credit_notes/" + r.creditNoteId() + "/lines");
    n.put("livemode", false);
    n.putNull("memo");
    n.putObject("metadata");
    n.put("number", r.creditNoteNumber());
    n.putNull("out_of_band_amount");
    n.put("reason", r.reason().equals("duplicate") ? "duplicate" : "product_unsatisfactory");
    if (era == Era.OLD) {
      n.put("refund", r.id());
    } else {
      n.putArray("refunds").addObject().put("amount_refunded", r.amount()).put("refund", r.id())
          .put("type", "refund");
    }
    n.put("status", "issued");
    n.put("subtotal", r.amount());
    n.put("total", r.amount());
    n.put("type", "post_payment");
    return n;
  }

  private static ObjectNode head(String id, String object) {
    ObjectNode n = F.objectNode();
    n.put("id", id);
    n.put("object", object);
    return n;
  }

  private static void time(ObjectNode n, String field, Instant t) {
    if (t == null) {
      n.putNull(field);
    } else {
      n.put(field, t.getEpochSecond());
    }
  }

  private static String nickname(Price p) {
    return p.product().name() + (p.recurring() ? " " + p.cadence().name().toLowerCase(Locale.ROOT) : "")
        + " " + p.currency();
  }

  private static String lower(String currency) {
    return currency.toLowerCase(Locale.ROOT);
  }
}
