package io.osswarehouse.gold.revenue;

import io.osswarehouse.spark.SqlModels;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Pure gold revenue transformations (SQL in {@code sql/models/gold/}): segments and rates in,
 * metric tables out. The definitions are written at the top of each SQL file and in docs/metrics.md.
 */
public final class RevenueMetrics {
  private RevenueMetrics() {}

  /** The rate each currency uses in each month up to the run date's month. */
  public static Dataset<Row> fxRatesMonthly(SparkSession spark, Dataset<Row> segments, Dataset<Row> fxRates,
      LocalDate runDate, String reportingCurrency) {
    return SqlModels.run(spark, "gold/int_fx_rates_monthly",
        Map.of("mrr_segments", segments, "fx_rates", fxRates),
        Map.of("run_date", runDate.toString(), "to_month", monthStart(runDate), "reporting_currency",
            reportingCurrency));
  }

  public static Dataset<Row> customerCurrencyMrr(SparkSession spark, Dataset<Row> segments,
      Dataset<Row> fxRatesMonthly) {
    return SqlModels.run(spark, "gold/int_customer_currency_mrr_monthly",
        Map.of("mrr_segments", segments, "fx_rates_monthly", fxRatesMonthly), Map.of());
  }

  public static Dataset<Row> customerMrrMonthly(SparkSession spark, Dataset<Row> customerCurrencyMrr,
      Dataset<Row> fxRatesMonthly, String reportingCurrency) {
    return SqlModels.run(spark, "gold/customer_mrr_monthly",
        Map.of("customer_currency_mrr", customerCurrencyMrr, "fx_rates_monthly", fxRatesMonthly),
        Map.of("reporting_currency", reportingCurrency));
  }

  public static Dataset<Row> mrrBridge(SparkSession spark, Dataset<Row> customerMrr, YearMonth from, YearMonth to) {
    return SqlModels.run(spark, "gold/mrr_bridge_monthly", Map.of("customer_mrr", customerMrr),
        Map.of("from_month", from.atDay(1).toString(), "to_month", to.atDay(1).toString()));
  }

  public static Dataset<Row> revenueRetention(SparkSession spark, Dataset<Row> customerMrr, YearMonth from,
      YearMonth to) {
    return SqlModels.run(spark, "gold/revenue_retention", Map.of("customer_mrr", customerMrr),
        Map.of("from_month", from.atDay(1).toString(), "to_month", to.atDay(1).toString()));
  }

  public static Dataset<Row> cohortRetention(SparkSession spark, Dataset<Row> customerMrr, YearMonth to) {
    return SqlModels.run(spark, "gold/cohort_retention", Map.of("customer_mrr", customerMrr),
        Map.of("to_month", to.atDay(1).toString()));
  }

  public static Dataset<Row> cohortRetentionWeighted(SparkSession spark, Dataset<Row> cohortRetention) {
    return SqlModels.run(spark, "gold/cohort_retention_weighted", Map.of("cohort_retention", cohortRetention),
        Map.of());
  }

  public static Dataset<Row> revenueChurn(SparkSession spark, Dataset<Row> bridge) {
    return SqlModels.run(spark, "gold/revenue_churn_monthly", Map.of("bridge", bridge), Map.of());
  }

  private static String monthStart(LocalDate date) {
    return date.withDayOfMonth(1).toString();
  }
}
