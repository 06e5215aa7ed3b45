package io.osswarehouse.gold.revenue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;


import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.time.YearMonth;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assertions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** MRR per customer and month, its movements, and the bridge identity. */
class CustomerMrrMonthlyTest extends SparkTestBase {
  private static final String[] COLUMNS = {"customer_id", "date_format(month, 'yyyy-MM')", "movement", "mrr",
      "previous_mrr", "movement_mrr", "fx_mrr"};

  @Test
  void everyMovementBranchAtCustomerGrain() {
    Dataset<Row> mrr = new RevenueFixtures()
        // a: new in Jan, expands in Mar, contracts in May, churns in Jul (last period ends Jul 1), back in Sep
        .segment("a", "USD", "2024-01-10", "2024-03-10", "100")
        .segment("a", "USD", "2024-03-10", "2024-05-10", "150")
        .segment("a", "USD", "2024-05-10", "2024-07-01", "120")
        .segment("a", "USD", "2024-09-05", null, "80")
        // b: two subscriptions; cancelling one of them is contraction, not churn
        .segment("b", "USD", "2024-01-01", null, "50")
        .segment("b", "USD", "2024-01-01", "2024-02-15", "30")
        .customerMrr(session(), "2024-09-20");
    assertEquals(List.of(
        "a | 2024-01 | new | 100.00 | 0.00 | 100.00 | 0.00",
        "a | 2024-02 | unchanged | 100.00 | 100.00 | 0.00 | 0.00",
        "a | 2024-03 | expansion | 150.00 | 100.00 | 50.00 | 0.00",
        "a | 2024-04 | unchanged | 150.00 | 150.00 | 0.00 | 0.00",
        "a | 2024-05 | contraction | 120.00 | 150.00 | -30.00 | 0.00",
        "a | 2024-06 | unchanged | 120.00 | 120.00 | 0.00 | 0.00",
        "a | 2024-07 | churn | 0.00 | 120.00 | -120.00 | 0.00",
        "a | 2024-09 | reactivation | 80.00 | 0.00 | 80.00 | 0.00",
        "b | 2024-01 | new | 80.00 | 0.00 | 80.00 | 0.00",
        "b | 2024-02 | contraction | 50.00 | 80.00 | -30.00 | 0.00",
        "b | 2024-03 | unchanged | 50.00 | 50.00 | 0.00 | 0.00",
        "b | 2024-04 | unchanged | 50.00 | 50.00 | 0.00 | 0.00",
        "b | 2024-05 | unchanged | 50.00 | 50.00 | 0.00 | 0.00",
        "b | 2024-06 | unchanged | 50.00 | 50.00 | 0.00 | 0.00",
        "b | 2024-07 | unchanged | 50.00 | 50.00 | 0.00 | 0.00",
        "b | 2024-08 | unchanged | 50.00 | 50.00 | 0.00 | 0.00",
        "b | 2024-09 | unchanged | 50.00 | 50.00 | 0.00 | 0.00"), Tables.lines(mrr, COLUMNS));
  }

  @Test
  void chartMogulWalkthrough_R7() {
    // 4 Gold seats billed yearly $2,000; +2 Silver monthly $60; Silver cancelled mid-cycle (prorated credit);
    // Gold not renewed at year end; later re-subscribes to 3 Gold monthly.
    Dataset<Row> mrr = new RevenueFixtures()
        .segment("c", "USD", "2024-01-10", "2025-01-10", "166.666667")
        .segment("c", "USD", "2024-03-05", "2024-04-05", "60")
        .segment("c", "USD", "2024-04-05", "2024-05-05", "60")
        .segment("c", "USD", "2024-05-05", "2024-06-05", "60")
        .segment("c", "USD", "2024-06-05", "2024-07-05", "60")
        .segment("c", "USD", "2024-06-20", "2024-07-05", "-60")
        .segment("c", "USD", "2025-03-01", null, "150")
        .customerMrr(session(), "2025-03-31");
    assertEquals(List.of(
        "2024-01 | new | 166.67", "2024-03 | expansion | 60.00", "2024-06 | contraction | -60.00",
        "2025-01 | churn | -166.67", "2025-03 | reactivation | 150.00"),
        Tables.lines(mrr.where("movement <> 'unchanged'"), "date_format(month, 'yyyy-MM')", "movement",
            "movement_mrr"));
  }

  @Test
  void exchangeRateDriftIsKeptOutOfMovements() {
    Dataset<Row> mrr = new RevenueFixtures()
        .segment("eu", "EUR", "2024-01-01", null, "100")
        .segment("eu", "EUR", "2024-03-01", null, "10")
        .rate("2024-01-01", "EUR", "1.10")
        .rate("2024-02-15", "EUR", "1.20")
        .customerMrr(session(), "2024-03-31");
    assertEquals(List.of(
        "eu | 2024-01 | new | 110.00 | 0.00 | 110.00 | 0.00",
        "eu | 2024-02 | unchanged | 120.00 | 110.00 | 0.00 | 10.00",
        "eu | 2024-03 | expansion | 132.00 | 120.00 | 12.00 | 0.00"), Tables.lines(mrr, COLUMNS));
  }

  @Test
  void discountsGiveBilledBelowContractMrr() {
    Dataset<Row> mrr = new RevenueFixtures()
        .segment("d", "USD", "2024-01-01", null, "100", "80")
        .customerMrr(session(), "2024-01-31");
    assertEquals(List.of("80.00 | 100.00"), Tables.lines(mrr, "mrr", "contract_mrr"));
  }

  @Test
  void aMissingExchangeRateFailsWithTheCurrencyAndMonth() {
    RevenueChecks.CheckFailed e = assertThrows(RevenueChecks.CheckFailed.class, () -> new RevenueFixtures()
        .segment("jp", "JPY", "2024-01-01", null, "15000")
        .rate("2024-02-01", "JPY", "0.0068")
        .customerMrr(session(), "2024-02-29"));
    Assertions.assertTrue(e.getMessage().startsWith("no exchange rate from JPY to USD on or before the snapshot of 2024-01"),
        e.getMessage());
  }

  @Test
  void bridgeIdentityHoldsOnRandomHistories() {
    Random random = new Random(7);
    RevenueFixtures f = new RevenueFixtures().rate("2023-12-01", "EUR", "1.08").rate("2023-12-01", "JPY", "0.0068");
    String[] currencies = {"USD", "EUR", "JPY"};
    for (int c = 0; c < 40; c++) {
      String currency = currencies[c % 3];
      int month = 1 + random.nextInt(6);
      for (int s = 0; s < 1 + random.nextInt(4); s++) {
        int startDay = 1 + random.nextInt(27);
        String start = String.format("2024-%02d-%02d", month, startDay);
        int endMonth = month + 1 + random.nextInt(8);
        String end = endMonth > 12 ? null : String.format("2024-%02d-%02d", endMonth, 1 + random.nextInt(27));
        f.segment("r" + c, currency, start, end, Integer.toString(5 + random.nextInt(500)));
        month = Math.min(12, month + random.nextInt(3));
      }
    }
    for (int m = 1; m <= 12; m++) {
      f.rate(String.format("2024-%02d-10", m), "EUR", "1.0" + random.nextInt(10));
    }
    Dataset<Row> mrr = f.customerMrr(session(), "2024-12-31").cache();
    Dataset<Row> bridge = RevenueMetrics.mrrBridge(session(), mrr, YearMonth.of(2024, 1), YearMonth.of(2024, 12));
    RevenueChecks.bridgeIdentity(bridge);
    assertEquals(0, mrr.where("previous_mrr + movement_mrr + fx_mrr <> mrr").count());
    assertEquals(0, mrr.where("movement in ('new', 'reactivation', 'churn') and fx_mrr <> 0").count());
    Assertions.assertTrue(bridge.where("churned_mrr > 0").count() > 0 && bridge.where("reactivation_mrr > 0").count() > 0);
  }

  @Test
  void aBrokenBridgeFailsTheCheckNamingTheMonth() {
    Dataset<Row> bridge = session().sql("select date'2024-05-01' as month, cast(100 as decimal(18,2)) as starting_mrr,"
        + " cast(110 as decimal(18,2)) as ending_mrr, cast(0.01 as decimal(18,2)) as identity_difference");
    RevenueChecks.CheckFailed e = assertThrows(RevenueChecks.CheckFailed.class,
        () -> RevenueChecks.bridgeIdentity(bridge));
    assertEquals("MRR bridge identity violated: 2024-05: starting + movements + fx differs from ending by 0.01",
        e.getMessage());
  }
}
