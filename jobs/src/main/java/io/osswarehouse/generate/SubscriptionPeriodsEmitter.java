package io.osswarehouse.generate;

import io.osswarehouse.common.Currencies;
import io.osswarehouse.generate.Catalog.Price;
import java.time.Instant;

/**
 * Writes the other system's monthly exports {@code billing/subscription_periods/subscription_periods_YYYY-MM.csv}:
 * the periods that started in the month (end_date filled only if they also ended in it) plus the
 * periods that ended in the month restated with their end_date. Consumers upsert on
 * (subscription_id, start_date), last file wins.
 */
final class SubscriptionPeriodsEmitter {
  static final String HEADER =
      "subscription_id,customer_id,plan_id,start_date,end_date,amount,currency,billing_interval,interval_count";

  private SubscriptionPeriodsEmitter() {}

  static void emit(OtherBillingSimulation.Customer customer, LandingFiles out) {
    for (ServiceSegment s : customer.segments()) {
      String startMonth = LandingFiles.month(s.start());
      boolean endsSameMonth = s.end() != null && LandingFiles.month(s.end()).equals(startMonth);
      add(out, startMonth, s.start(), row(s, endsSameMonth));
      if (s.end() != null && !endsSameMonth) {
        add(out, LandingFiles.month(s.end()), s.end(), row(s, true));
      }
    }
  }

  private static void add(LandingFiles out, String month, Instant at, String row) {
    String path = "billing/subscription_periods/subscription_periods_" + month + ".csv";
    out.header(path, HEADER);
    out.add(path, at, row);
  }

  private static String row(ServiceSegment s, boolean withEnd) {
    Price p = s.price();
    return String.join(",", s.subscriptionId(), s.customerId(), p.id(), day(s.start()),
        withEnd ? day(s.end()) : "", Currencies.toMajor(s.fullAmount(), p.currency()).toPlainString(),
        p.currency(), p.interval(), Integer.toString(p.intervalCount()));
  }

  private static String day(Instant t) {
    return t.toString().substring(0, 10);
  }
}
