package io.osswarehouse.generate;

import io.osswarehouse.common.Currencies;
import io.osswarehouse.generate.Catalog.Cadence;
import io.osswarehouse.generate.Catalog.Coupon;
import io.osswarehouse.generate.Catalog.Price;
import io.osswarehouse.generate.Catalog.Tier;
import io.osswarehouse.generate.StripeCustomer.Discount;
import io.osswarehouse.generate.StripeCustomer.ManualCharge;
import io.osswarehouse.generate.StripeSubscription.Snapshot;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Simulates what an organisation does in Stripe: trial or direct start, renewals anchored on the
 * billing-cycle anchor, seat and plan changes mid-period (prorated) or at renewal, churn at period
 * end, rare immediate cancels, a reactivation after churn, add-on subscriptions and one-off charges.
 * Only events before the world's end happen; the current period may extend past it.
 */
final class StripeSimulation {
  static final Duration TRIAL = Duration.ofDays(14);
  /** Monthly hazards; a period of n months sees 1 - (1 - h)^n. */
  private static final double CHURN = 0.02;
  private static final double IMMEDIATE_CANCEL = 0.0025;
  private static final double MID_PERIOD_CHANGE = 0.05;
  private static final double RENEWAL_CHANGE = 0.06;

  private record Plan(Price price, long quantity) {}

  private final Catalog catalog;
  private final long seed;
  private final Instant start;
  /** 00:00 UTC of the day after the world's end: nothing happens at or after it. */
  private final Instant horizon;

  StripeSimulation(Catalog catalog, long seed, Instant start, Instant horizon) {
    this.catalog = catalog;
    this.seed = seed;
    this.start = start;
    this.horizon = horizon;
  }

  StripeCustomer simulate(Organization org) {
    SplittableRandom rnd = Seeds.stream(seed, org.index(), "stripe");
    Ids ids = new Ids(seed, org.index(), 1);
    Instant earliest = later(start, org.discovered().atStartOfDay(ZoneOffset.UTC).toInstant());
    Instant latest = horizon.minus(Duration.ofDays(7));
    Instant t0 = Seeds.between(rnd, earliest.isBefore(latest) ? earliest : start, latest);
    Instant created = later(start, t0.minusSeconds(rnd.nextInt(3600)));
    String prefix = ids.next("x").substring(2, 10).toUpperCase(Locale.ROOT); // invoice number prefix
    StripeCustomer c = new StripeCustomer(ids.next("cus"), org, created, prefix,
        catalog.taxRate(org.country()).orElse(null));

    boolean trial = rnd.nextDouble() < 0.4;
    boolean converts = !trial || rnd.nextDouble() < 0.7;
    Cadence cadence = cadence(rnd);
    Price price = catalog.price(rnd.nextDouble() < 0.7 ? Tier.TEAM : Tier.BUSINESS, org.currency(), cadence);
    StripeSubscription main = subscribe(c, ids, rnd, t0, new Plan(price, seats(org, rnd)), trial, converts,
        coupon(org, rnd), !trial && rnd.nextDouble() < 0.2, null);
    if (!converts || trial && main.segments.size() < 2) { // lapsed trial, or still in trial at the end
      return c;
    }
    Instant paidStart = main.segments.get(trial ? 1 : 0).start();
    if (rnd.nextDouble() < 0.15) {
      Instant t = paidStart.plus(Duration.ofDays(Seeds.range(rnd, 20, 300))).plusSeconds(rnd.nextInt(86_400));
      Instant mainEnd = main.endedAt != null ? main.endedAt : main.serviceEnd();
      if (t.isBefore(horizon) && t.isBefore(mainEnd)) {
        Price addon = catalog.price(Tier.ADDON, org.currency(), rnd.nextBoolean() ? Cadence.MONTHLY : cadence);
        subscribe(c, ids, rnd, t, new Plan(addon, 1), false, true, null, false, main.endedAt);
      }
    }
    if (main.endedAt != null && rnd.nextDouble() < 0.35) {
      Instant t = main.endedAt.plus(Duration.ofDays(Seeds.range(rnd, 45, 270))).plusSeconds(rnd.nextInt(86_400));
      if (t.isBefore(horizon)) {
        Price back = catalog.price(main.last().price().tier(), org.currency(), cadence(rnd));
        subscribe(c, ids, rnd, t, new Plan(back, main.last().quantity()), false, true,
            rnd.nextDouble() < 0.3 ? coupon(org, rnd) : null, false, null);
      }
    }
    if (rnd.nextDouble() < 0.05) {
      Instant until = main.serviceEnd().isBefore(horizon) ? main.serviceEnd() : horizon;
      c.manualCharges.add(new ManualCharge(Seeds.between(rnd, paidStart, until),
          catalog.price(Tier.TRAINING, org.currency(), null)));
    }
    return c;
  }

  /**
   * Runs one subscription from {@code t0} until it ends or the world does. {@code stopAt}: the add-on
   * ends (immediately, with a proration credit) when the main subscription ended.
   */
  private StripeSubscription subscribe(StripeCustomer c, Ids ids, SplittableRandom rnd, Instant t0, Plan plan,
      boolean trial, boolean converts, Coupon coupon, boolean setupFee, Instant stopAt) {
    StripeSubscription s = new StripeSubscription(ids.next("sub"), ids.next("si"), c, t0);
    c.subscriptions.add(s);
    if (coupon != null) {
      Instant couponEnd = coupon.durationInMonths() == null ? null
          : t0.atZone(ZoneOffset.UTC).plusMonths(coupon.durationInMonths()).toInstant();
      s.discount = new Discount(ids.next("di"), coupon, c.id, s.id, t0, couponEnd);
    }
    if (setupFee) {
      s.setupFee = catalog.price(Tier.SETUP, c.currency(), null);
    }
    Instant anchor = t0;
    if (trial) {
      Instant trialEnd = t0.plus(TRIAL);
      s.trialStart = t0;
      s.trialEnd = trialEnd;
      s.segments.add(segment(s, plan, t0, trialEnd, null, true, t0, trialEnd));
      s.snapshots.add(new Snapshot(t0, "trialing", plan.price, plan.quantity, t0, trialEnd, trialEnd, false, null,
          null));
      if (!trialEnd.isBefore(horizon)) {
        return s;
      }
      if (!converts) { // no payment method: Stripe cancels the subscription when the trial ends
        s.endedAt = trialEnd;
        s.snapshots.add(new Snapshot(trialEnd, "canceled", plan.price, plan.quantity, t0, trialEnd, trialEnd, false,
            trialEnd, trialEnd));
        return s;
      }
      anchor = trialEnd;
    }
    renew(s, rnd, anchor, plan, stopAt);
    return s;
  }

  /** The paid life of a subscription: period k starts at anchor + k × interval months (UTC, clamped). */
  private void renew(StripeSubscription s, SplittableRandom rnd, Instant anchorInstant, Plan plan, Instant stopAt) {
    ZonedDateTime anchor = anchorInstant.atZone(ZoneOffset.UTC);
    s.snapshots.add(active(anchorInstant, plan, anchorInstant,
        anchor.plusMonths(plan.price.intervalMonths()).toInstant(), anchorInstant));
    double risk = s.customer.org.traits().churnRisk();
    for (int k = 0; ; k++) {
      Instant ps = anchor.plusMonths((long) k * plan.price.intervalMonths()).toInstant();
      if (!ps.isBefore(horizon)) {
        return;
      }
      if (stopAt != null && !stopAt.isAfter(ps)) { // main subscription is over: the add-on goes with it
        end(s, plan, s.segments.get(s.segments.size() - 1).periodStart(), ps, ps, ps);
        return;
      }
      boolean renewalChange = k > 0 && rnd.nextDouble() < RENEWAL_CHANGE;
      if (renewalChange) { // takes effect at renewal, no proration; a new cadence re-anchors the cycle
        Plan next = atRenewal(s.customer.org, rnd, plan);
        if (next.price.cadence() != plan.price.cadence()) {
          anchor = ps.atZone(ZoneOffset.UTC);
          k = 0;
        }
        plan = next;
      }
      Instant pe = anchor.plusMonths((long) (k + 1) * plan.price.intervalMonths()).toInstant();
      if (renewalChange) {
        s.snapshots.add(active(ps, plan, ps, pe, anchor.toInstant()));
      }
      BigDecimal pct = s.discount != null && s.discount.appliesAt(ps) ? s.discount.coupon().percentOff() : null;
      int months = plan.price.intervalMonths();
      double immediate = perPeriod(IMMEDIATE_CANCEL * risk, months);
      double churn = perPeriod(CHURN * risk, months);
      double change = plan.price.tier() == Tier.ADDON ? 0 : perPeriod(MID_PERIOD_CHANGE, months);
      double u = rnd.nextDouble();
      Instant segmentStart = ps;
      if (stopAt != null && stopAt.isBefore(pe)) {
        s.segments.add(segment(s, plan, ps, stopAt, pct, false, ps, pe));
        end(s, plan, ps, pe, stopAt, stopAt);
        return;
      } else if (u < immediate) {
        Instant t = Seeds.between(rnd, ps.plus(Duration.ofHours(1)), pe.minus(Duration.ofHours(1)));
        if (t.isBefore(horizon)) { // canceled now, unused time credited
          s.segments.add(segment(s, plan, ps, t, pct, false, ps, pe));
          end(s, plan, ps, pe, t, t);
          return;
        }
      } else if (u < immediate + churn) {
        Instant requested = Seeds.between(rnd, ps, pe);
        if (requested.isBefore(horizon)) { // cancel at period end: service continues until pe
          s.snapshots.add(new Snapshot(requested, "active", plan.price, plan.quantity, ps, pe, anchor.toInstant(),
              true, requested, null));
          s.segments.add(segment(s, plan, ps, pe, pct, false, ps, pe));
          if (pe.isBefore(horizon)) {
            s.endedAt = pe;
            s.snapshots.add(new Snapshot(pe, "canceled", plan.price, plan.quantity, ps, pe, anchor.toInstant(),
                true, requested, pe));
          }
          return;
        }
      } else if (u < immediate + churn + change) {
        Instant t = Seeds.between(rnd, ps.plus(Duration.ofDays(1)), pe.minus(Duration.ofDays(1)));
        if (t.isBefore(horizon)) { // split the period: old plan until t, new plan from t (prorated)
          s.segments.add(segment(s, plan, ps, t, pct, false, ps, pe));
          plan = midPeriod(s.customer.org, rnd, plan);
          segmentStart = t;
          s.snapshots.add(active(t, plan, ps, pe, anchor.toInstant()));
        }
      }
      s.segments.add(segment(s, plan, segmentStart, pe, pct, false, ps, pe));
    }
  }

  private void end(StripeSubscription s, Plan plan, Instant ps, Instant pe, Instant canceledAt, Instant endedAt) {
    s.endedAt = endedAt;
    s.snapshots.add(new Snapshot(canceledAt, "canceled", plan.price, plan.quantity, ps, pe, s.last().anchor(), false,
        canceledAt, endedAt));
  }

  private static Snapshot active(Instant at, Plan plan, Instant ps, Instant pe, Instant anchor) {
    return new Snapshot(at, "active", plan.price, plan.quantity, ps, pe, anchor, false, null, null);
  }

  private static ServiceSegment segment(StripeSubscription s, Plan plan, Instant from, Instant to, BigDecimal pct,
      boolean trial, Instant ps, Instant pe) {
    return new ServiceSegment(s.customer.id, s.id, s.itemId, plan.price, plan.quantity, from, to, pct, trial, ps, pe);
  }

  /** A seat or plan change during the period: mostly growth, sometimes a downgrade. */
  private Plan midPeriod(Organization org, SplittableRandom rnd, Plan plan) {
    Price p = plan.price;
    if (rnd.nextDouble() < 0.3) {
      Tier other = p.tier() == Tier.TEAM ? Tier.BUSINESS : Tier.TEAM;
      return new Plan(catalog.price(other, p.currency(), p.cadence()), plan.quantity);
    }
    long delta = Math.max(1, Math.round(plan.quantity * (0.1 + 0.4 * rnd.nextDouble())));
    boolean up = rnd.nextDouble() < 0.55 + 0.3 * org.traits().growth() || plan.quantity == 1;
    return new Plan(p, up ? plan.quantity + delta : Math.max(1, plan.quantity - delta));
  }

  /** A change scheduled for renewal: often a cadence switch (e.g. monthly to annual commitment). */
  private Plan atRenewal(Organization org, SplittableRandom rnd, Plan plan) {
    Price p = plan.price;
    if (p.tier() == Tier.ADDON || rnd.nextDouble() < 0.4) {
      Cadence next = p.cadence() == Cadence.ANNUAL ? Cadence.MONTHLY : Cadence.ANNUAL;
      return new Plan(catalog.price(p.tier(), p.currency(), next), plan.quantity);
    }
    return midPeriod(org, rnd, plan);
  }

  private static Cadence cadence(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    return u < 0.6 ? Cadence.MONTHLY : u < 0.75 ? Cadence.QUARTERLY : Cadence.ANNUAL;
  }

  /** Coupons for a quarter of customers; none in KWD, where a percentage could break the 10-fils rule. */
  private Coupon coupon(Organization org, SplittableRandom rnd) {
    if (Currencies.exponent(org.currency()) == 3 || rnd.nextDouble() >= 0.25) {
      return null;
    }
    return catalog.coupons().get(rnd.nextInt(catalog.coupons().size()));
  }

  static long seats(Organization org, SplittableRandom rnd) {
    return Math.max(1, Math.min(400, Math.round(org.employees() * (0.05 + 0.25 * rnd.nextDouble()))));
  }

  private static double perPeriod(double monthlyHazard, int months) {
    return 1 - StrictMath.pow(1 - Math.min(monthlyHazard, 1), months);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
