package io.osswarehouse.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osswarehouse.generate.Catalog.Price;
import io.osswarehouse.generate.StripeJson.Era;
import io.osswarehouse.generate.StripeSubscription.Snapshot;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Writes Stripe objects as an export tool would land them: {@code billing/stripe/YYYY-MM/<plural>.jsonl},
 * one complete API object per line, in the month file of the object's {@code created} (a discount's
 * {@code start}); a subscription is re-emitted as a full snapshot into the month in which it changed.
 */
final class StripeEmitter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LandingFiles out;

  StripeEmitter(LandingFiles out) {
    this.out = out;
  }

  void catalog(Catalog catalog) {
    catalog.products().forEach(p -> add("products", p.created(), StripeJson.product(p)));
    for (Price p : catalog.prices()) {
      Era era = Era.of(p.created());
      add("prices", p.created(), StripeJson.price(p, era));
      if (era == Era.OLD && p.recurring()) {
        add("plans", p.created(), StripeJson.plan(p));
      }
    }
    catalog.coupons().forEach(c -> add("coupons", c.created(), StripeJson.coupon(c)));
  }

  void customer(StripeCustomer c, StripeInvoicing.Result billing) {
    add("customers", c.created, StripeJson.customer(c));
    for (StripeSubscription s : c.subscriptions) {
      if (s.discount != null) {
        add("discounts", s.discount.start(), StripeJson.discount(s.discount, Era.of(s.discount.start())));
      }
      for (Snapshot snap : s.snapshots) {
        add("subscriptions", snap.at(), StripeJson.subscription(s, snap));
      }
    }
    billing.invoices().forEach(i -> add("invoices", i.created(), StripeJson.invoice(i)));
    for (Refund r : billing.refunds()) {
      add("credit_notes", r.created(), StripeJson.creditNote(r));
      add("refunds", r.created(), StripeJson.refund(r));
    }
  }

  private void add(String plural, Instant at, ObjectNode object) {
    try {
      out.add("billing/stripe/" + LandingFiles.month(at) + "/" + plural + ".jsonl", at,
          JSON.writeValueAsString(object));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
