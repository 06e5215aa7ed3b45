package io.osswarehouse.gold.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.metrics.CrossCorrelation;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.math.BigDecimal;
import java.sql.Date;
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
    CorrelationGoldStage.Output out = CorrelationGoldStage.analyze(series.collectAsList(),
        CrossCorrelation.Options.upToLag(CorrelationGoldStage.MAX_LAG));
    Row summary = out.summaries().stream().filter(r -> r.getString(0).equals("overall")
        && r.getString(2).equals("new_customers") && r.getString(4).equals("diff")).findFirst().orElseThrow();
    assertEquals(2, summary.getInt(5), summary.toString());
    // 2 scopes x 1 community series x 3 revenue series x 2 transforms, 7 lags each
    assertEquals(2 * 3 * 2 * (CorrelationGoldStage.MAX_LAG + 1), out.lags().size());
  }
}
