package io.osswarehouse.gold.revenue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Data-quality gates on gold revenue, run before anything is written: a failure stops the run with
 * a message naming the month and the numbers.
 */
public final class RevenueChecks {
  private RevenueChecks() {}

  /** Thrown when a gate fails; the message is meant for a person. */
  public static final class CheckFailed extends RuntimeException {
    public CheckFailed(String message) {
      super(message);
    }
  }

  /**
   * The MRR bridge identity (start + new + expansion + reactivation − contraction − churned ± FX = end)
   * in every month, and continuity (a month starts where the previous one ended).
   */
  public static void bridgeIdentity(Dataset<Row> bridge) {
    List<String> problems = new ArrayList<>();
    BigDecimal previousEnding = null;
    String previousMonth = null;
    for (Row r : bridge.orderBy("month").select("month", "starting_mrr", "ending_mrr", "identity_difference")
        .collectAsList()) {
      String month = r.get(0).toString().substring(0, 7);
      BigDecimal diff = r.getDecimal(3);
      if (diff.signum() != 0) {
        problems.add(month + ": starting + movements + fx differs from ending by " + diff.toPlainString());
      }
      if (previousEnding != null && YearMonthGap.isNext(previousMonth, month)
          && previousEnding.compareTo(r.getDecimal(1)) != 0) {
        problems.add(month + ": starting MRR " + r.getDecimal(1).toPlainString() + " is not " + previousMonth
            + "'s ending MRR " + previousEnding.toPlainString());
      }
      previousEnding = r.getDecimal(2);
      previousMonth = month;
    }
    if (!problems.isEmpty()) {
      throw new CheckFailed("MRR bridge identity violated: " + String.join("; ", problems.subList(0,
          Math.min(3, problems.size()))) + (problems.size() > 3 ? " (and " + (problems.size() - 3) + " more)" : ""));
    }
  }

  /** One row per customer and month. */
  public static void uniqueCustomerMonths(Dataset<Row> customerMrr) {
    List<Row> dupes = customerMrr.groupBy("customer_id", "month").count().where("count > 1").limit(3)
        .collectAsList();
    if (!dupes.isEmpty()) {
      throw new CheckFailed(io.osswarehouse.catalog.Catalog.CUSTOMER_MRR_MONTHLY + " has duplicate (customer_id, month) rows, e.g. " + dupes);
    }
  }

  /** Every currency in use has an exchange rate on or before each snapshot date. */
  public static void ratesPresent(Dataset<Row> customerCurrencyMrr, String reportingCurrency) {
    List<Row> missing = customerCurrencyMrr.where("fx_rate IS NULL").select("currency", "month").distinct()
        .orderBy("month", "currency").limit(5).collectAsList();
    if (!missing.isEmpty()) {
      Row first = missing.get(0);
      throw new CheckFailed("no exchange rate from " + first.getString(0) + " to " + reportingCurrency
          + " on or before the snapshot of " + first.get(1).toString().substring(0, 7)
          + " (land rates under billing/fx_rates/; " + missing.size() + " currency-month(s) affected)");
    }
  }

  /** Helpers on "YYYY-MM" strings. */
  static final class YearMonthGap {
    private YearMonthGap() {}

    static boolean isNext(String previous, String month) {
      return java.time.YearMonth.parse(previous).plusMonths(1).equals(java.time.YearMonth.parse(month));
    }
  }
}
