package io.osswarehouse.gold.revenue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.time.YearMonth;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** NRR/GRR, churn rates, quick ratio and cohorts, checked against the published examples. */
class RetentionAndChurnTest extends SparkTestBase {
  private Dataset<Row> customerMrr(String... rows) {
    return session().sql("select customer_id, cast(month as date) as month, cast(mrr as decimal(18,2)) as mrr"
        + " from values " + String.join(", ", rows) + " as t(customer_id, month, mrr)");
  }

  private Dataset<Row> bridge(String starting, String newMrr, String expansion, String contraction, String churned,
      String reactivation, long startingCustomers, long churnedCustomers) {
    return session().sql(String.format("select date'2024-06-01' as month, cast(%s as decimal(18,2)) as starting_mrr,"
        + " cast(%s as decimal(18,2)) as new_mrr, cast(%s as decimal(18,2)) as expansion_mrr,"
        + " cast(%s as decimal(18,2)) as contraction_mrr, cast(%s as decimal(18,2)) as churned_mrr,"
        + " cast(%s as decimal(18,2)) as reactivation_mrr, %dL as starting_customers, %dL as churned_customers",
        starting, newMrr, expansion, contraction, churned, reactivation, startingCustomers, churnedCustomers));
  }

  @Test
  void grossAndNetMrrChurn_chartMogulR3() {
    Dataset<Row> churn = RevenueMetrics.revenueChurn(session(), bridge("100", "0", "10", "10", "10", "0", 4, 1));
    assertEquals(List.of("0.200000 | 0.100000 | 0.250000 | 0.500000"),
        Tables.lines(churn, "gross_mrr_churn_rate", "net_mrr_churn_rate", "logo_churn_rate", "quick_ratio"));
  }

  @Test
  void grossAndNetRevenueChurn_postHogR10() {
    Dataset<Row> churn = RevenueMetrics.revenueChurn(session(),
        bridge("100000", "0", "3000", "0", "17000", "0", 100, 17));
    assertEquals(List.of("0.170000 | 0.140000"), Tables.lines(churn, "gross_mrr_churn_rate", "net_mrr_churn_rate"));
  }

  @Test
  void quickRatioIsNullWhenNothingWasLost() {
    Dataset<Row> churn = RevenueMetrics.revenueChurn(session(), bridge("0", "50", "0", "0", "0", "0", 0, 0));
    assertEquals(List.of("null | null"), Tables.lines(churn, "quick_ratio", "logo_churn_rate"));
  }

  @Test
  void grrIsEightyPercentAfterTenChurnAndTenContraction_chartMogulR4() {
    Dataset<Row> mrr = customerMrr(
        "('a', '2024-05-01', 10)", "('b', '2024-05-01', 20)", "('c', '2024-05-01', 70)",
        "('a', '2024-06-01', 0)", "('b', '2024-06-01', 10)", "('c', '2024-06-01', 70)",
        "('new', '2024-06-01', 500)");
    Dataset<Row> retention = RevenueMetrics.revenueRetention(session(), mrr, YearMonth.of(2024, 6),
        YearMonth.of(2024, 6));
    assertEquals(List.of("monthly | 0.800000 | 0.800000 | 3 | 100.00"),
        Tables.lines(retention, "variant", "nrr", "grr", "base_customers", "base_mrr"));
  }

  @Test
  void expansionLiftsNrrButNotGrr_andTrailingTwelveMonthsUsesTheYearAgoBase() {
    Dataset<Row> mrr = customerMrr(
        "('a', '2023-06-01', 100)", "('b', '2023-06-01', 100)",
        "('a', '2024-05-01', 150)", "('b', '2024-05-01', 50)",
        "('a', '2024-06-01', 150)", "('b', '2024-06-01', 50)", "('c', '2024-06-01', 999)");
    Dataset<Row> retention = RevenueMetrics.revenueRetention(session(), mrr, YearMonth.of(2024, 6),
        YearMonth.of(2024, 6));
    assertEquals(List.of("monthly | 1.000000 | 1.000000 | 2", "trailing_12m | 1.000000 | 0.750000 | 2"),
        Tables.lines(retention, "variant", "nrr", "grr", "base_customers"));
  }

  @Test
  void cohortCellsCountReturningCustomersAgain() {
    Dataset<Row> mrr = customerMrr(
        "('a', '2024-01-01', 100)", "('a', '2024-02-01', 0)", "('a', '2024-03-01', 120)",
        "('b', '2024-01-01', 100)", "('b', '2024-02-01', 100)", "('b', '2024-03-01', 0)",
        "('c', '2024-02-01', 50)", "('c', '2024-03-01', 50)");
    Dataset<Row> cohorts = RevenueMetrics.cohortRetention(session(), mrr, YearMonth.of(2024, 3));
    assertEquals(List.of(
        "2024-01-01 | 0 | 2 | 2 | 1.000000 | 1.000000",
        "2024-01-01 | 1 | 2 | 1 | 0.500000 | 0.500000",
        "2024-01-01 | 2 | 2 | 1 | 0.500000 | 0.600000",
        "2024-02-01 | 0 | 1 | 1 | 1.000000 | 1.000000",
        "2024-02-01 | 1 | 1 | 1 | 1.000000 | 1.000000"),
        Tables.lines(cohorts, "cohort_month", "months_since", "cohort_customers", "active_customers",
            "logo_retention", "revenue_retention"));
  }

  @Test
  void crossCohortAverageIsWeightedBySize_postHogR11() {
    Dataset<Row> cells = session().sql("select * from values"
        + " (date'2024-01-01', 1, 10L, 2L, cast(1000 as decimal(18,2)), cast(200 as decimal(18,2))),"
        + " (date'2024-02-01', 1, 100L, 0L, cast(5000 as decimal(18,2)), cast(0 as decimal(18,2)))"
        + " as t(cohort_month, months_since, cohort_customers, active_customers, cohort_mrr, mrr)");
    Dataset<Row> weighted = RevenueMetrics.cohortRetentionWeighted(session(), cells);
    // A simple mean of 20% and 0% would say 10%; weighted by size it is 2 / 110.
    assertEquals(List.of("1 | 2 | 110 | 0.018182"),
        Tables.lines(weighted, "months_since", "cohorts", "cohort_customers", "logo_retention"));
  }
}
