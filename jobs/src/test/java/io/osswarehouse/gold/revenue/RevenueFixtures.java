package io.osswarehouse.gold.revenue;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Builds silver-shaped inputs for gold tests: MRR segments and FX rates, a few rows at a time. */
final class RevenueFixtures {
  static final StructType SEGMENTS = StructType.fromDDL("customer_id string, currency string, "
      + "started_at timestamp, ended_at timestamp, monthly_contract_amount decimal(24,6), "
      + "monthly_billed_amount decimal(24,6), counts_toward_mrr boolean");
  static final StructType RATES = StructType.fromDDL("rate_date date, currency string, rate decimal(24,10)");

  private final List<Row> segments = new ArrayList<>();
  private final List<Row> rates = new ArrayList<>();

  /** A segment active from {@code start} (inclusive) to {@code end} (exclusive, null = open). */
  RevenueFixtures segment(String customer, String currency, String start, String end, String monthly) {
    return segment(customer, currency, start, end, monthly, monthly);
  }

  RevenueFixtures segment(String customer, String currency, String start, String end, String contract,
      String billed) {
    segments.add(RowFactory.create(customer, currency, ts(start), end == null ? null : ts(end),
        new BigDecimal(contract).setScale(6), new BigDecimal(billed).setScale(6), true));
    return this;
  }

  RevenueFixtures rate(String date, String currency, String rate) {
    rates.add(RowFactory.create(java.sql.Date.valueOf(date), currency, new BigDecimal(rate).setScale(10)));
    return this;
  }

  private static Timestamp ts(String date) {
    return Timestamp.from(LocalDate.parse(date).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
  }

  Dataset<Row> segments(SparkSession spark) {
    return spark.createDataFrame(segments, SEGMENTS);
  }

  Dataset<Row> rates(SparkSession spark) {
    return spark.createDataFrame(rates, RATES);
  }

  /** gold.customer_mrr_monthly as the gold stage computes it, as of {@code runDate}. */
  Dataset<Row> customerMrr(SparkSession spark, String runDate) {
    LocalDate date = LocalDate.parse(runDate);
    Dataset<Row> monthlyRates = RevenueMetrics.fxRatesMonthly(spark, segments(spark), rates(spark), date, "USD");
    Dataset<Row> perCurrency = RevenueMetrics.customerCurrencyMrr(spark, segments(spark), monthlyRates);
    RevenueChecks.ratesPresent(perCurrency, "USD");
    return RevenueMetrics.customerMrrMonthly(spark, perCurrency, monthlyRates, "USD");
  }
}
