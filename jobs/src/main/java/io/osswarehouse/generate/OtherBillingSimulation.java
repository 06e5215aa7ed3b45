package io.osswarehouse.generate;

import io.osswarehouse.generate.Catalog.Cadence;
import io.osswarehouse.generate.Catalog.Price;
import io.osswarehouse.generate.Catalog.Tier;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Simulates the "other" (non-Stripe) billing system, which only knows whole days and one amount per
 * billing interval (seats folded in): plan changes end one period and start the next on the same
 * day, churn ends the last one, and a churned customer may come back later on a new subscription.
 */
final class OtherBillingSimulation {
  /** A customer of the other system with its constant-price periods (quantity 1, amount = the CSV amount). */
  record Customer(String id, Organization org, List<ServiceSegment> segments) {}

  private static final double CHURN = 0.02;
  private static final double CHANGE = 0.05;

  private final long seed;
  private final LocalDate start;
  private final LocalDate end;

  OtherBillingSimulation(long seed, LocalDate start, LocalDate end) {
    this.seed = seed;
    this.start = start;
    this.end = end;
  }

  Customer simulate(Organization org) {
    SplittableRandom rnd = Seeds.stream(seed, org.index(), "other-billing");
    Ids ids = new Ids(seed, org.index(), 3);
    String customerId = ids.next("ocus");
    List<ServiceSegment> segments = new ArrayList<>();
    LocalDate earliest = org.discovered().isAfter(start) ? org.discovered() : start;
    LocalDate latest = end.minusDays(7);
    LocalDate from = randomDay(rnd, earliest.isBefore(latest) ? earliest : start, latest);
    Cadence cadence = cadence(rnd);
    Tier tier = rnd.nextDouble() < 0.7 ? Tier.TEAM : Tier.BUSINESS;
    long seats = StripeSimulation.seats(org, rnd);
    String subscription = ids.next("osub");
    boolean reactivated = false;
    double churn = CHURN * org.traits().churnRisk();
    while (true) {
      Price price = price(tier, org.currency(), cadence, seats);
      // Time to the next event: exponential with the combined monthly rate, at least a week.
      double months = -StrictMath.log(1 - rnd.nextDouble()) / (churn + CHANGE);
      long days = Math.max(7, (long) Math.ceil(months * 30.44));
      LocalDate next = from.plusDays(days);
      if (next.isAfter(end)) { // still running at the world's end: open period, blank end_date
        segments.add(ServiceSegment.of(customerId, subscription, price, 1, instant(from), null, null));
        break;
      }
      segments.add(ServiceSegment.of(customerId, subscription, price, 1, instant(from), instant(next), null));
      if (rnd.nextDouble() < churn / (churn + CHANGE)) {
        LocalDate back = next.plusDays(Seeds.range(rnd, 60, 240));
        if (reactivated || rnd.nextDouble() >= 0.4 || back.isAfter(end)) {
          break;
        }
        reactivated = true;
        subscription = ids.next("osub");
        cadence = cadence(rnd);
        from = back;
        continue;
      }
      double u = rnd.nextDouble();
      if (u < 0.25) {
        tier = tier == Tier.TEAM ? Tier.BUSINESS : Tier.TEAM;
      } else if (u < 0.45) {
        Cadence other = cadence(rnd);
        cadence = other == cadence ? Cadence.ANNUAL : other;
      } else {
        long delta = Math.max(1, Math.round(seats * (0.1 + 0.4 * rnd.nextDouble())));
        seats = rnd.nextDouble() < 0.55 + 0.3 * org.traits().growth() || seats == 1 ? seats + delta
            : Math.max(1, seats - delta);
      }
      from = next;
    }
    return new Customer(customerId, org, segments);
  }

  /** The plan as the other system stores it: plan id and the amount for all seats per interval. */
  private static Price price(Tier tier, String currency, Cadence cadence, long seats) {
    String planId = (tier.name() + "-" + cadence.name() + "-" + currency).toLowerCase(Locale.ROOT);
    return new Price(planId, null, tier, currency, Catalog.unitAmount(tier, currency, cadence) * seats, cadence,
        null);
  }

  private static Cadence cadence(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    return u < 0.15 ? Cadence.WEEKLY : u < 0.65 ? Cadence.MONTHLY : u < 0.8 ? Cadence.QUARTERLY : Cadence.ANNUAL;
  }

  private static LocalDate randomDay(SplittableRandom rnd, LocalDate from, LocalDate to) {
    long span = ChronoUnit.DAYS.between(from, to);
    return span <= 0 ? from : from.plusDays(rnd.nextLong(span + 1));
  }

  private static Instant instant(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
