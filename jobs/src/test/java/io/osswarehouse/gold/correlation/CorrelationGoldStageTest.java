package io.osswarehouse.gold.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.metrics.CrossCorrelation;
import io.osswarehouse.metrics.TimeSeries;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The correlation's series are built as documented, and a planted lead is found where it was planted. */
class CorrelationGoldStageTest extends SparkTestBase {
  private static final LocalDate START = LocalDate.of(2022, 1, 1);

  private Dataset<Row> downloads(List<Object[]> rows) {
    return session().createDataFrame(rows.stream().map(RowFactory::create).toList(), CorrelationGoldStage.DOWNLOADS);
  }

  private Dataset<Row> empty(org.apache.spark.sql.types.StructType schema) {
    return session().createDataFrame(List.of(), schema);
  }

  private Dataset<Row> bridge(double[] newCustomers) {
    List<Object[]> rows = new ArrayList<>();
    for (int m = 0; m < newCustomers.length; m++) {
      rows.add(new Object[] {Date.valueOf(START.plusMonths(m)), BigDecimal.valueOf(1000 + 10 * m),
          BigDecimal.valueOf(10 * m), (long) newCustomers[m]});
    }
    return rows("month date, ending_mrr decimal(20,2), new_mrr decimal(20,2), new_customers bigint",
        rows.toArray(Object[][]::new));
  }

  @Test
  void monthsAreCountedOnlyInsideTheCoveredDaysAndOnlyRealDownloads() {
    Dataset<Row> d = downloads(List.of(
        // coverage starts mid-January: January is not a month of data, February is
        new Object[] {"pypi", "acme", "src", Date.valueOf("2022-01-20"), "day", null, false, false, 5L},
        new Object[] {"pypi", "acme", "src", Date.valueOf("2022-02-03"), "day", null, false, false, 7L},
        new Object[] {"pypi", "acme", "src", Date.valueOf("2022-02-04"), "day", true, false, false, 100L}, // CI
        new Object[] {"pypi", "acme", "src", Date.valueOf("2022-02-05"), "day", false, true, false, 100L}, // mirror
        new Object[] {"pypi", "acme", "src", Date.valueOf("2022-03-31"), "day", false, false, false, 3L},
        // the same downloads as counted by pypistats: the row-level source wins
        new Object[] {"pypi", "acme", "pypistats", Date.valueOf("2022-02-10"), "day", null, false, false, 900L},
        new Object[] {"maven", "org:x", "src", Date.valueOf("2022-02-01"), "month", false, false, false, 900L}));
    Dataset<Row> web = rows("site string, activity_date date, source string, docs_pageviews bigint",
        new Object[] {"docs", Date.valueOf("2022-02-01"), "access_log", 40L},
        new Object[] {"docs", Date.valueOf("2022-02-01"), "ga4", 30L}, // the same readers: not added
        new Object[] {"docs", Date.valueOf("2022-02-28"), "access_log", 2L});
    Dataset<Row> daily = CorrelationGoldStage.communityDaily(session(), d, empty(CorrelationGoldStage.STARS), web);
    Dataset<Row> monthly = CorrelationGoldStage.seriesMonthly(session(), daily, bridge(new double[] {1, 2, 3}),
        YearMonth.of(2022, 2));
    assertEquals(List.of(
        "overall | docs_pageviews | community | 2022-02-01 | 42.0",
        "overall | downloads | community | 2022-02-01 | 7.0",
        "overall | ending_mrr | revenue | 2022-01-01 | 1000.0",
        "overall | ending_mrr | revenue | 2022-02-01 | 1010.0",
        "overall | new_customers | revenue | 2022-01-01 | 1.0",
        "overall | new_customers | revenue | 2022-02-01 | 2.0",
        "overall | new_mrr | revenue | 2022-01-01 | 0.0",
        "overall | new_mrr | revenue | 2022-02-01 | 10.0",
        "pypi:acme | downloads | community | 2022-02-01 | 7.0"),
        Tables.lines(monthly.orderBy("scope", "series", "period_start")));
  }

  @Test
  void aPlantedTwoMonthLeadOfDownloadsOverNewCustomersPeaksAtLagTwo() {
    Random random = new Random(7);
    int months = 40;
    double[] monthly = new double[months];
    double level = 3000;
    for (int m = 0; m < months; m++) {
      level += 200 * random.nextGaussian();
      monthly[m] = Math.max(100, Math.round(level));
    }
    double[] newCustomers = new double[months];
    for (int m = 0; m < months; m++) {
      newCustomers[m] = m < 2 ? 30 : Math.max(0, Math.round(monthly[m - 2] / 100 + random.nextGaussian()));
    }
    List<Object[]> rows = new ArrayList<>();
    for (int m = 0; m < months; m++) {
      LocalDate first = START.plusMonths(m);
      int days = first.lengthOfMonth();
      long perDay = (long) monthly[m] / days;
      for (int day = 0; day < days; day++) {
        long n = day == 0 ? (long) monthly[m] - perDay * (days - 1) : perDay;
        rows.add(new Object[] {"npm", "acme", "src", Date.valueOf(first.plusDays(day)), "day", null, false, false, n});
      }
    }
    Dataset<Row> series = CorrelationGoldStage.seriesMonthly(session(), CorrelationGoldStage.communityDaily(session(),
        downloads(rows), empty(CorrelationGoldStage.STARS), empty(CorrelationGoldStage.WEB)),
        bridge(newCustomers), YearMonth.from(START.plusMonths(months - 1)));
    CorrelationGoldStage.Output out = CorrelationGoldStage.analyze(series.collectAsList(), TimeSeries.Period.MONTH,
        CrossCorrelation.Options.upToLag(CorrelationGoldStage.MAX_LAG));
    Row summary = out.summaries().stream().filter(r -> r.getString(0).equals("overall")
        && r.getString(2).equals("new_customers") && r.getString(4).equals("diff")).findFirst().orElseThrow();
    assertEquals(2, summary.getInt(5), summary.toString());
    // 2 scopes x 1 community series x 3 revenue series x 2 transforms, 7 lags each
    assertEquals(2 * 3 * 2 * (CorrelationGoldStage.MAX_LAG + 1), out.lags().size());
  }

  // Weekly grain. 2024-01-01 is a Monday.
  private static final LocalDate MONDAY = LocalDate.of(2024, 1, 1);

  private Dataset<Row> customerMrr(List<Object[]> rows) {
    return session().createDataFrame(rows.stream().map(RowFactory::create).toList(), CorrelationGoldStage.CUSTOMER_MRR);
  }

  private Dataset<Row> segments(List<Object[]> rows) {
    return session().createDataFrame(rows.stream().map(RowFactory::create).toList(), CorrelationGoldStage.SEGMENTS);
  }

  private static Timestamp ts(LocalDate d) {
    return Timestamp.valueOf(d.atTime(9, 30));
  }

  /** One customer paying {@code mrr} a month from {@code day} to the end of 2024. */
  private static void customer(String id, LocalDate day, long mrr, List<Object[]> mrrRows, List<Object[]> segmentRows) {
    segmentRows.add(new Object[] {id, ts(day), true, BigDecimal.valueOf(mrr).setScale(6)});
    for (LocalDate m = day.withDayOfMonth(1); m.getYear() == 2024; m = m.plusMonths(1)) {
      mrrRows.add(new Object[] {id, Date.valueOf(m), BigDecimal.valueOf(mrr).setScale(2)});
    }
  }

  @Test
  void weeksAreWholeMondayWeeksAndNewCustomersCountInTheWeekOfTheirFirstBilledDay() {
    List<Object[]> mrr = new ArrayList<>();
    List<Object[]> seg = new ArrayList<>();
    customer("a", LocalDate.of(2024, 1, 10), 100, mrr, seg); // Wednesday of the week of Jan 8
    customer("b", LocalDate.of(2024, 1, 14), 40, mrr, seg); // Sunday: still the week of Jan 8
    // c: a zero-amount trial from Jan 2, then billed from Jan 16: its first payment is Jan 16, not the trial
    seg.add(new Object[] {"c", ts(LocalDate.of(2024, 1, 2)), true, BigDecimal.ZERO.setScale(6)});
    customer("c", LocalDate.of(2024, 1, 16), 70, mrr, seg);
    // d: billed Jan 25 to Jan 28 (never at a month end), paying again from Feb 7: new in February; the day
    // is not before its first paying month, so it counts on Feb 1 (the rule of gold.account_journeys)
    seg.add(new Object[] {"d", ts(LocalDate.of(2024, 1, 25)), true, BigDecimal.valueOf(30).setScale(6)});
    customer("d", LocalDate.of(2024, 2, 7), 30, mrr, seg);
    Dataset<Row> downloads = downloads(List.of(
        // coverage Jan 3 (Wednesday) to Jan 28 (Sunday): the weeks of Jan 8, 15 and 22; Jan 17 has no row (0)
        new Object[] {"npm", "acme", "src", Date.valueOf("2024-01-03"), "day", false, false, false, 500L},
        new Object[] {"npm", "acme", "src", Date.valueOf("2024-01-08"), "day", false, false, false, 5L},
        new Object[] {"npm", "acme", "src", Date.valueOf("2024-01-14"), "day", false, false, false, 6L},
        new Object[] {"npm", "acme", "src", Date.valueOf("2024-01-16"), "day", false, false, false, 7L},
        new Object[] {"npm", "acme", "src", Date.valueOf("2024-01-28"), "day", false, false, false, 8L}));
    Dataset<Row> weekly = CorrelationGoldStage.seriesWeekly(session(), CorrelationGoldStage.communityDaily(session(),
        downloads, empty(CorrelationGoldStage.STARS), empty(CorrelationGoldStage.WEB)), customerMrr(mrr), segments(seg),
        YearMonth.of(2024, 2));
    assertEquals(List.of(
        "overall | downloads | community | 2024-01-08 | 11.0",
        "overall | downloads | community | 2024-01-15 | 7.0",
        "overall | downloads | community | 2024-01-22 | 8.0",
        "overall | new_customers | revenue | 2024-01-01 | 0.0",
        "overall | new_customers | revenue | 2024-01-08 | 2.0",
        "overall | new_customers | revenue | 2024-01-15 | 1.0",
        "overall | new_customers | revenue | 2024-01-22 | 0.0",
        "overall | new_customers | revenue | 2024-01-29 | 1.0",
        "overall | new_customers | revenue | 2024-02-05 | 0.0",
        "overall | new_customers | revenue | 2024-02-12 | 0.0",
        "overall | new_customers | revenue | 2024-02-19 | 0.0"),
        Tables.lines(weekly.where("scope = 'overall' and series <> 'new_mrr'").orderBy("series", "period_start")),
        "revenue weeks run to the last week ending by Feb 29 (the week of Feb 26 ends in March)");
    assertEquals(List.of("2024-01-08 | 140.0", "2024-01-15 | 70.0", "2024-01-29 | 30.0"),
        Tables.lines(weekly.where("series = 'new_mrr' and value > 0").orderBy("period_start"),
            "cast(period_start as string)", "value"), "new MRR: the first paying month's MRR, dated like the customer");
  }

  /** Weekly downloads as a random walk; new customers in week w follow the downloads of week w - lead. */
  private Dataset<Row> plantedWeeklyLead(int weeks, int lead, long seed, YearMonth to) {
    Random random = new Random(seed);
    double[] perWeek = new double[weeks];
    double level = 700;
    for (int w = 0; w < weeks; w++) {
      level += 70 * random.nextGaussian();
      perWeek[w] = Math.max(70, Math.round(level / 7) * 7);
    }
    List<Object[]> dl = new ArrayList<>();
    List<Object[]> mrr = new ArrayList<>();
    List<Object[]> seg = new ArrayList<>();
    for (int w = 0; w < weeks; w++) {
      LocalDate monday = MONDAY.plusWeeks(w);
      for (int day = 0; day < 7; day++) {
        dl.add(new Object[] {"npm", "acme", "src", Date.valueOf(monday.plusDays(day)), "day", false, false, false,
            (long) perWeek[w] / 7});
      }
      long customers = w < lead ? 7 : Math.max(0, Math.round(perWeek[w - lead] / 50 + 0.5 * random.nextGaussian()));
      for (int c = 0; c < customers; c++) {
        customer("w" + w + "c" + c, monday.plusDays(c % 7), 50, mrr, seg);
      }
    }
    return CorrelationGoldStage.seriesWeekly(session(), CorrelationGoldStage.communityDaily(session(), downloads(dl),
        empty(CorrelationGoldStage.STARS), empty(CorrelationGoldStage.WEB)), customerMrr(mrr), segments(seg),
        to);
  }

  @Test
  void aPlantedThreeWeekLeadOfDownloadsOverNewCustomersPeaksAtLagThree() {
    CorrelationGoldStage.Output out = CorrelationGoldStage.analyze(plantedWeeklyLead(52, 3, 11, YearMonth.of(2024, 12)).collectAsList(),
        TimeSeries.Period.WEEK, CrossCorrelation.Options.upToLag(CorrelationGoldStage.MAX_LAG_WEEKS));
    Row summary = out.summaries().stream().filter(r -> r.getString(0).equals("overall")
        && r.getString(2).equals("new_customers") && r.getString(4).equals("diff")).findFirst().orElseThrow();
    assertEquals("week", summary.getString(3));
    assertEquals(3, summary.getInt(5), summary.toString());
    assertEquals(true, summary.getDouble(7) > 0.5, "a strong positive peak: " + summary);
  }

  @Test
  void noWeeklyCoefficientBelowTheMinimumOverlap() {
    // Both sides stop at the last week ending by April 30: the weeks of Jan 1 to Apr 22, 17 weeks, 16 changes.
    // Lag k has 16 - k pairs: lags 0..4 reach the guard of 12, lags 5..12 do not.
    CorrelationGoldStage.Output out = CorrelationGoldStage.analyze(
        plantedWeeklyLead(20, 3, 5, YearMonth.of(2024, 4)).collectAsList(),
        TimeSeries.Period.WEEK, CrossCorrelation.Options.upToLag(CorrelationGoldStage.MAX_LAG_WEEKS));
    List<Row> lags = out.lags().stream().filter(r -> r.getString(0).equals("overall")
        && r.getString(2).equals("new_customers") && r.getString(4).equals("diff")).toList();
    assertEquals(CorrelationGoldStage.MAX_LAG_WEEKS + 1, lags.size());
    for (Row r : lags) {
      int lag = r.getInt(5);
      assertEquals(16 - lag, r.getInt(6), "n at lag " + lag);
      assertEquals(lag <= 4, r.getBoolean(13), "reported at lag " + lag);
      if (lag > 4) {
        assertEquals(true, r.isNullAt(7) && r.isNullAt(11), "no coefficient at lag " + lag);
        assertEquals(true, r.getString(14).startsWith((16 - lag) + " overlapping pairs, fewer than the minimum 12"),
            r.getString(14));
      }
    }
  }
}
