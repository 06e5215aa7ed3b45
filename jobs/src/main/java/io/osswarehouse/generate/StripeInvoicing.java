package io.osswarehouse.generate;

import io.osswarehouse.generate.Catalog.Price;
import io.osswarehouse.generate.Invoice.Kind;
import io.osswarehouse.generate.Invoice.Line;
import io.osswarehouse.generate.StripeCustomer.ManualCharge;
import io.osswarehouse.metrics.MrrMath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Renders a customer's invoices from its service segments (never the other way round): a regular
 * line when a billing period starts, a credit/charge proration pair at a mid-period change, a lone
 * credit at an immediate cancel. Then adds exclusive tax, the occasional void-and-reissue, and a few
 * refunds with credit notes.
 */
final class StripeInvoicing {
  /** Invoices and refunds of one customer, in creation order. */
  record Result(List<Invoice> invoices, List<Refund> refunds) {}

  /** What to invoice at {@code at}, before ids, numbers and taxes are assigned. */
  private record Draft(Instant at, String reason, String subscriptionId, Instant periodStart, Instant periodEnd,
      List<Line> lines) {}

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);
  private static final double VOID_RATE = 0.02;
  private static final double REFUND_RATE = 0.015;

  private StripeInvoicing() {}

  static Result render(StripeCustomer c, long seed, Instant horizon) {
    SplittableRandom rnd = Seeds.stream(seed, c.org.index(), "stripe-invoices");
    Ids ids = new Ids(seed, c.org.index(), 2);
    List<Invoice> invoices = new ArrayList<>();
    List<Refund> refunds = new ArrayList<>();
    List<Draft> drafts = drafts(c);
    drafts.sort(Comparator.comparing(Draft::at)); // stable: same-instant drafts keep subscription order
    for (Draft d : drafts) {
      Instant created = d.at;
      if (due(c, d) > 0 && rnd.nextDouble() < VOID_RATE) { // issued by mistake, voided, re-issued
        Instant voidedAt = d.at.plusSeconds(Seeds.range(rnd, 600, 6 * 3600));
        Instant reissued = voidedAt.plusSeconds(Seeds.range(rnd, 60, 1800));
        if (reissued.isBefore(horizon)) {
          invoices.add(issue(c, ids, d, d.at, "void", null, voidedAt, invoices.size() + 1));
          created = reissued;
        }
      }
      Instant paidAt = earlier(created.plusSeconds(rnd.nextInt(900)), horizon.minusSeconds(1));
      Invoice invoice = issue(c, ids, d, created, "paid", paidAt, null, invoices.size() + 1);
      invoices.add(invoice);
      if (invoice.amountPaid() > 0 && rnd.nextDouble() < REFUND_RATE) {
        Instant at = paidAt.plus(Duration.ofDays(Seeds.range(rnd, 1, 30))).plusSeconds(rnd.nextInt(86_400));
        long amount = rnd.nextBoolean() ? invoice.amountPaid()
            : Math.max(Money.step(c.currency()), Money.fraction(invoice.amountPaid(), Seeds.range(rnd, 20, 60), 100,
                c.currency()));
        String reason = rnd.nextBoolean() ? "requested_by_customer" : "duplicate";
        if (at.isBefore(horizon)) {
          refunds.add(new Refund(ids.next("re"), ids.next("cn"),
              c.invoicePrefix + "-CN-" + String.format(Locale.ROOT, "%02d", refunds.size() + 1), ids.next("cnli"),
              invoice, amount, at, reason));
        }
      }
    }
    return new Result(invoices, refunds);
  }

  private static List<Draft> drafts(StripeCustomer c) {
    List<Draft> drafts = new ArrayList<>();
    for (StripeSubscription s : c.subscriptions) {
      List<ServiceSegment> segs = s.segments;
      for (int i = 0; i < segs.size(); i++) {
        ServiceSegment seg = segs.get(i);
        ServiceSegment prev = i > 0 ? segs.get(i - 1) : null;
        ServiceSegment next = i + 1 < segs.size() ? segs.get(i + 1) : null;
        if (seg.trial()) {
          drafts.add(new Draft(seg.start(), "subscription_create", s.id, seg.start(), seg.start(),
              List.of(line(s, seg, Kind.SUBSCRIPTION, 0, seg.start(), "Trial period for " + product(seg.price())))));
        } else if (seg.start().equals(seg.periodStart())) {
          boolean create = seg.start().equals(s.created);
          List<Line> lines = new ArrayList<>();
          lines.add(line(s, seg, Kind.SUBSCRIPTION, seg.fullAmount(), seg.periodStart(), seg.quantity() + " × "
              + product(seg.price()) + " (at " + Money.format(seg.price().unitAmount(), seg.price().currency())
              + " / " + per(seg.price()) + ")"));
          if (create && s.setupFee != null) {
            lines.add(oneTime(s.setupFee, seg.start(), s.id));
          }
          // Stripe reports a renewal invoice's period as the period that just ended.
          Instant from = create ? seg.start() : prev.periodStart();
          drafts.add(new Draft(seg.start(), create ? "subscription_create" : "subscription_cycle", s.id, from,
              seg.start(), lines));
        } else {
          drafts.add(new Draft(seg.start(), "subscription_update", s.id, seg.start(), seg.start(),
              List.of(credit(s, prev, seg.start()), line(s, seg, Kind.PRORATION, prorated(seg, seg.start()),
                  seg.start(), "Remaining time on " + seg.quantity() + " × " + product(seg.price()) + " after "
                      + DAY.format(seg.start())))));
        }
        if (seg.end().isBefore(seg.periodEnd()) && (next == null || !next.start().equals(seg.end()))) {
          drafts.add(new Draft(seg.end(), "subscription_update", s.id, seg.end(), seg.end(),
              List.of(credit(s, seg, seg.end()))));
        }
      }
    }
    for (ManualCharge m : c.manualCharges) {
      drafts.add(new Draft(m.at(), "manual", null, m.at(), m.at(), List.of(oneTime(m.price(), m.at(), null))));
    }
    return drafts;
  }

  /** Credit for the unused time of {@code seg} from {@code t} to its period end. */
  private static Line credit(StripeSubscription s, ServiceSegment seg, Instant t) {
    return line(s, seg, Kind.PRORATION, -prorated(seg, t), t, "Unused time on " + seg.quantity() + " × "
        + product(seg.price()) + " after " + DAY.format(t));
  }

  /** round_half_up(full × (pe − t) / (pe − ps)), seconds, to the currency's chargeable step. */
  static long prorated(ServiceSegment seg, Instant t) {
    long whole = seg.periodEnd().getEpochSecond() - seg.periodStart().getEpochSecond();
    long remaining = seg.periodEnd().getEpochSecond() - t.getEpochSecond();
    return Money.fraction(seg.fullAmount(), remaining, whole, seg.price().currency());
  }

  /** A subscription line for {@code seg} covering [from, period end); the coupon of the period applies. */
  private static Line line(StripeSubscription s, ServiceSegment seg, Kind kind, long amount, Instant from,
      String description) {
    BigDecimal pct = seg.percentOff();
    long discount = pct == null ? 0 : MrrMath.percentDiscountMinor(Math.abs(amount), pct);
    Instant to = seg.trial() ? seg.end() : seg.periodEnd();
    return new Line(null, null, kind, amount, seg.price(), seg.quantity(), from, to, s.id, s.itemId,
        pct == null ? null : s.discount.id(), discount, 0, description);
  }

  private static Line oneTime(Price price, Instant at, String subscriptionId) {
    return new Line(null, null, Kind.ONE_TIME, price.unitAmount(), price, 1, at, at, subscriptionId, null, null, 0, 0,
        product(price));
  }

  private static Invoice issue(StripeCustomer c, Ids ids, Draft d, Instant created, String status, Instant paidAt,
      Instant voidedAt, int sequence) {
    String id = ids.next("in");
    List<Line> lines = new ArrayList<>();
    for (Line l : d.lines) {
      lines.add(l.withIds(ids.next("il"), l.kind() == Kind.SUBSCRIPTION ? null : ids.next("ii"), tax(c, l)));
    }
    Invoice draft = new Invoice(id, c.invoicePrefix + "-" + String.format(Locale.ROOT, "%04d", sequence), c,
        created, status, d.reason, d.subscriptionId, d.periodStart, d.periodEnd, lines, paidAt, voidedAt, null);
    if (status.equals("paid") && draft.amountDue() > 0) {
      return new Invoice(id, draft.number(), c, created, status, d.reason, d.subscriptionId, d.periodStart,
          d.periodEnd, lines, paidAt, null, ids.next("ch"));
    }
    return draft;
  }

  private static long tax(StripeCustomer c, Line l) {
    return c.taxRate == null ? 0 : Money.tax(l.net(), c.taxRate.percent(), c.currency());
  }

  private static long due(StripeCustomer c, Draft d) {
    return Math.max(0, d.lines.stream().mapToLong(l -> l.net() + tax(c, l)).sum());
  }

  private static String product(Price p) {
    return p.product().name();
  }

  private static String per(Price p) {
    return p.intervalCount() == 1 ? p.interval() : p.intervalCount() + " " + p.interval() + "s";
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
