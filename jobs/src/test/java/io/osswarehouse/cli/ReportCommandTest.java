package io.osswarehouse.cli;

import io.osswarehouse.testing.PipelineTest;
import static io.osswarehouse.cli.WarehouseCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.gold.correlation.CorrelationGoldStage;
import io.osswarehouse.gold.funnel.FunnelGoldStage;
import io.osswarehouse.gold.revenue.RevenueGoldStage;
import io.osswarehouse.gold.revenue.RevenueMetrics;
import io.osswarehouse.silver.accounts.AccountsStage;
import io.osswarehouse.silver.github.GithubRestSilverStage;
import io.osswarehouse.silver.github.GithubSilverStage;
import io.osswarehouse.silver.web.WebSilverStage;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.SparkTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board report against gold: small gold tables built by the real gold models from a few dozen
 * subscriptions (and, for the funnel, a community around their organisations), then `warehouse report`;
 * every figure read back from the PDF text, the workbook and the CSVs must equal what the gold tables
 * say for that month.
 */
@PipelineTest
class ReportCommandTest extends SparkTestBase {
  private static final String MONTH = "2025-05";

  @TempDir
  static Path dir;
  private static boolean built;

  private Path warehouse() {
    Path wh = dir.resolve("warehouse");
    if (!built) {
      buildGold(wh, true);
      buildGold(dir.resolve("no-cohorts"), false);
      built = true;
    }
    return wh;
  }

  private static final StructType SEGMENTS = StructType.fromDDL("customer_id string, currency string, "
      + "started_at timestamp, ended_at timestamp, monthly_contract_amount decimal(24,6), "
      + "monthly_billed_amount decimal(24,6), counts_toward_mrr boolean");

  /** Customers starting over 2024-01..2025-06, some expanding, some churning, one coming back. */
  private void buildGold(Path root, boolean withCohorts) {
    buildGold(root, withCohorts, List.of(), false);
  }

  /**
   * The gold tables of those customers plus {@code extra} segments; with {@code withSilver} the segments are
   * also written to silver.fct_mrr_segments, as the silver stage would, for the diff's lineage.
   */
  private void buildGold(Path root, boolean withCohorts, List<Row> extra, boolean withSilver) {
    StructType schema = SEGMENTS;
    List<Row> segments = new ArrayList<>(extra);
    for (int i = 0; i < 40; i++) {
      LocalDate start = LocalDate.of(2024, 1, 1).plusMonths(i % 18).plusDays(i % 3 == 0 ? 14 : 0);
      LocalDate end = i % 4 == 0 ? start.plusMonths(3 + i % 5) : null;
      BigDecimal amount = BigDecimal.valueOf(50 + 37L * i);
      segments.add(segment("c" + i, start, end, amount));
      if (i % 5 == 1) {
        segments.add(segment("c" + i, start.plusMonths(4), null, BigDecimal.valueOf(120)));
      }
      if (i % 8 == 0 && end != null) {
        segments.add(segment("c" + i, end.plusMonths(2), null, amount));
      }
    }
    Dataset<Row> seg = spark().createDataFrame(segments, schema);
    Dataset<Row> noRates = spark().createDataFrame(List.of(), StructType.fromDDL("rate_date date, currency string, "
        + "rate decimal(24,10)"));
    Dataset<Row> rates = RevenueMetrics.fxRatesMonthly(spark(), seg, noRates, LocalDate.of(2025, 6, 30), "USD");
    Dataset<Row> perCurrency = RevenueMetrics.customerCurrencyMrr(spark(), seg, rates);
    Dataset<Row> customerMrr = RevenueMetrics.customerMrrMonthly(spark(), perCurrency, rates, "USD").cache();
    YearMonth from = YearMonth.of(2024, 1);
    YearMonth to = YearMonth.of(2025, 6);
    Warehouse wh = new Warehouse(spark(), root);
    wh.registerAll();
    if (withSilver) {
      // With the columns the table's checks read.
      wh.overwrite(io.osswarehouse.catalog.Catalog.FCT_MRR_SEGMENTS.name(), seg.withColumn("sign",
          org.apache.spark.sql.functions.lit(1)));
    }
    wh.overwrite(RevenueGoldStage.BRIDGE, RevenueMetrics.mrrBridge(spark(), customerMrr, from, to));
    wh.overwrite(RevenueGoldStage.RETENTION, RevenueMetrics.revenueRetention(spark(), customerMrr, from, to));
    if (withCohorts) {
      wh.overwrite(RevenueGoldStage.COHORTS, RevenueMetrics.cohortRetention(spark(), customerMrr, to));
      // The correlation's tables as the gold stage builds them, from community days and this bridge.
      Dataset<Row> daily = CorrelationGoldStage.communityDaily(spark(), communityRows(CorrelationGoldStage.DOWNLOADS,
          LocalDate.of(2024, 1, 15), d -> new Object[] {"pypi", "acme", "bigquery", Date.valueOf(d), "day", false, false, false,
              300L + 7L * d.getDayOfYear() + (d.getYear() - 2024) * 900L + d.getDayOfMonth() % 5 * 40L}),
          communityRows(CorrelationGoldStage.STARS, LocalDate.of(2024, 1, 1),
              d -> new Object[] {"acme/acme", Date.valueOf(d), (long) (d.getDayOfMonth() * d.getMonthValue() % 7)}),
          communityRows(CorrelationGoldStage.WEB, LocalDate.of(2024, 6, 1),
              d -> new Object[] {"docs", Date.valueOf(d), "access_log", 50L + d.getDayOfMonth()}));
      CorrelationGoldStage.write(wh, CorrelationGoldStage.seriesMonthly(spark(), daily,
          wh.read(RevenueGoldStage.BRIDGE), to), CorrelationGoldStage.seriesWeekly(spark(), daily, customerMrr, seg, to));
      writeFunnel(wh, seg, customerMrr, to);
    }
  }

  /** The columns the funnel stage reads from each community input (its INPUT_COLUMNS, package-private there). */
  private static final java.util.Map<String, String> FUNNEL_INPUTS = java.util.Map.of(
      AccountsStage.IDENTITIES, "identity_type string, identity_key string, account_id string, is_primary boolean, "
          + "valid_from timestamp, valid_to timestamp",
      AccountsStage.ACCOUNTS, "account_id string, account_name string",
      GithubSilverStage.EVENTS, "event_type string, action string, actor_id bigint, actor_login string, "
          + "is_bot boolean, created_at timestamp, created_date date",
      GithubRestSilverStage.STARGAZERS, "user_id bigint, is_bot boolean, starred_at timestamp",
      AccountsStage.COMMIT_AUTHORS, "author_email_domain string, is_distinct boolean, is_bot boolean, "
          + "created_at timestamp",
      WebSilverStage.GA4_EVENTS, "user_id string, user_pseudo_id string, event_name string, event_at timestamp, "
          + "event_date date");

  private Dataset<Row> funnelInput(String table, List<Row> rows) {
    return spark().createDataFrame(rows, StructType.fromDDL(FUNNEL_INPUTS.get(table)));
  }

  /**
   * The funnel's five tables as its gold stage builds them, from this billing and a community around it:
   * each customer's organisation; even ones have a GitHub user who stars 20 + 7i days before paying and
   * opens an issue a week later; every third commits from its domain in the five weeks before paying.
   */
  private void writeFunnel(Warehouse wh, Dataset<Row> seg, Dataset<Row> customerMrr, YearMonth to) {
    List<Row> identities = new ArrayList<>();
    List<Row> accounts = new ArrayList<>();
    List<Row> stars = new ArrayList<>();
    List<Row> events = new ArrayList<>();
    List<Row> commits = new ArrayList<>();
    Timestamp linked = ts(LocalDate.of(2023, 1, 1));
    for (int i = 0; i < 40; i++) {
      LocalDate start = LocalDate.of(2024, 1, 1).plusMonths(i % 18).plusDays(i % 3 == 0 ? 14 : 0);
      String account = "acc" + i;
      accounts.add(RowFactory.create(account, "Org " + i));
      identities.add(RowFactory.create("billing_customer", "c" + i, account, true, linked, null));
      if (i % 2 == 0) {
        identities.add(RowFactory.create("github_user", String.valueOf(i), account, true, linked, null));
        LocalDate star = start.minusDays(20 + 7L * i);
        stars.add(RowFactory.create((long) i, false, ts(star)));
        events.add(RowFactory.create("IssuesEvent", "opened", (long) i, "user" + i, false, ts(star.plusDays(7)),
            Date.valueOf(star.plusDays(7))));
      }
      if (i % 3 == 0) {
        identities.add(RowFactory.create("email_domain", "org" + i + ".io", account, true, linked, null));
        for (int w = 1; w <= 5; w++) {
          commits.add(RowFactory.create("org" + i + ".io", true, false, ts(start.minusWeeks(w))));
        }
      }
    }
    FunnelGoldStage.Output funnel = FunnelGoldStage.compute(spark(), new FunnelGoldStage.Inputs(
        funnelInput(AccountsStage.IDENTITIES, identities), funnelInput(AccountsStage.ACCOUNTS, accounts),
        funnelInput(GithubSilverStage.EVENTS, events), funnelInput(GithubRestSilverStage.STARGAZERS, stars),
        funnelInput(AccountsStage.COMMIT_AUTHORS, commits), funnelInput(WebSilverStage.GA4_EVENTS, List.of()),
        seg.selectExpr("customer_id", "started_at", "counts_toward_mrr", "monthly_billed_amount"),
        customerMrr.selectExpr("customer_id", "month", "mrr"), wh.read(RevenueGoldStage.BRIDGE),
        wh.read(RevenueGoldStage.RETENTION), wh.read(CorrelationGoldStage.SERIES)), to);
    wh.overwrite(FunnelGoldStage.FUNNEL, funnel.funnel());
    wh.overwrite(FunnelGoldStage.CONVERSION, funnel.conversion());
    wh.overwrite(FunnelGoldStage.FIT, funnel.fit());
    wh.overwrite(FunnelGoldStage.JOURNEYS, funnel.journeys());
    wh.overwrite(FunnelGoldStage.JOURNEY_SUMMARY, funnel.journeySummary());
    funnel.unpersist();
  }

  /** One row a day from {@code from} to 2025-06-30: downloads start mid-month, docs views a year later. */
  private Dataset<Row> communityRows(StructType schema, LocalDate from,
      Function<LocalDate, Object[]> row) {
    List<Row> rows = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(LocalDate.of(2025, 6, 30)); d = d.plusDays(1)) {
      rows.add(RowFactory.create(row.apply(d)));
    }
    return spark().createDataFrame(rows, schema);
  }

  private static Row segment(String customer, LocalDate start, LocalDate end, BigDecimal monthly) {
    BigDecimal amount = monthly.setScale(6);
    return RowFactory.create(customer, "USD", ts(start), end == null ? null : ts(end), amount, amount, true);
  }

  private static Timestamp ts(LocalDate d) {
    return Timestamp.from(d.atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  private WarehouseCliTest.Result report(Path warehouse, String month, Path out) {
    return cli("report", "--warehouse", warehouse.toString(), "--quiet", "--month", month, "--out", out.toString());
  }

  /** One gold value, read straight from the table with its own query. */
  private BigDecimal gold(Path wh, String sql) {
    Object v = spark().sql(sql.replace("{wh}", wh.toUri().toString())).first().get(0);
    return v instanceof BigDecimal d ? d : v instanceof Double x ? BigDecimal.valueOf(x)
        : BigDecimal.valueOf(((Number) v).longValue());
  }

  private BigDecimal bridge(Path wh, String column, String month) {
    return gold(wh, "select " + column + " from delta.`{wh}gold/mrr_bridge_monthly` where month = date'" + month + "-01'");
  }

  private BigDecimal retention(Path wh, String column, String variant, String month) {
    return gold(wh, "select " + column + " from delta.`{wh}gold/revenue_retention` where variant = '" + variant
        + "' and month = date'" + month + "-01'");
  }

  private static String money(BigDecimal v) {
    return String.format(Locale.US, "%,.2f", v);
  }

  private static String signed(BigDecimal v) {
    return String.format(Locale.US, "%+,.2f", v);
  }

  private static String pct(BigDecimal ratio) {
    return ratio.movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
  }

  private static String points(BigDecimal diff) {
    return String.format(Locale.US, "%+.1f pp", diff.movePointRight(2).setScale(1, RoundingMode.HALF_UP));
  }

  /**
   * The text of each report page; a page that continues the one before it (its title ends with
   * "(continued)", when content would run into the footnotes) is read as part of that page.
   */
  private static List<String> pages(Path pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      List<String> pages = new ArrayList<>();
      for (int p = 1; p <= doc.getNumberOfPages(); p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        String text = stripper.getText(doc).replaceAll(" {2,}", " "); // the PDF spaces figures apart
        if (!pages.isEmpty() && text.lines().findFirst().orElse("").endsWith("(continued)")) {
          pages.set(pages.size() - 1, pages.get(pages.size() - 1) + text);
        } else {
          pages.add(text);
        }
      }
      return pages;
    }
  }

  /** The line of {@code text} starting with {@code label}, e.g. a summary row. */
  private static String line(String text, String label) {
    return text.lines().filter(l -> l.startsWith(label + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + label + "' in:\n" + text));
  }

  private static void assertRow(String row, String... cells) {
    Assertions.assertEquals(String.join(" ", cells), row);
  }

  @Test
  void everyFigureOfTheReportEqualsGold() throws IOException {
    Path wh = warehouse();
    Path out = dir.resolve("out");
    WarehouseCliTest.Result r = report(wh, MONTH, out);
    assertEquals(0, r.code(), r.err());
    Assertions.assertTrue(r.out().startsWith("report 2025-05: board-report-2025-05.pdf, board-report-2025-05.xlsx"),
        r.out());

    List<String> pages = pages(out.resolve("board-report-2025-05.pdf"));
    assertEquals(11, pages.size(), "pages, each with its continuation: summary, two bridges, retention trend, cohorts, funnel stages, conversions and "
        + "fits, journeys, downloads vs revenue, monthly lags, weekly lags");
    String summary = pages.get(0);
    Assertions.assertTrue(summary.contains("Metric May 2025 vs Apr 2025 vs May 2024"), summary);

    BigDecimal mrr = bridge(wh, "ending_mrr", MONTH);
    BigDecimal mrrApr = bridge(wh, "ending_mrr", "2025-04");
    BigDecimal mrrLastYear = bridge(wh, "ending_mrr", "2024-05");
    String pctApr = String.format(Locale.US, "(%+.1f%%)", mrr.subtract(mrrApr).movePointRight(2)
        .divide(mrrApr, 1, RoundingMode.HALF_UP));
    String pctYear = String.format(Locale.US, "(%+.1f%%)", mrr.subtract(mrrLastYear).movePointRight(2)
        .divide(mrrLastYear, 1, RoundingMode.HALF_UP));
    assertRow(line(summary, "MRR (USD)"), "MRR (USD)", money(mrr), signed(mrr.subtract(mrrApr)), pctApr,
        signed(mrr.subtract(mrrLastYear)), pctYear);
    BigDecimal twelve = BigDecimal.valueOf(12);
    Assertions.assertTrue(line(summary, "ARR (USD)").startsWith("ARR (USD) " + money(mrr.multiply(twelve)) + " "
        + signed(mrr.subtract(mrrApr).multiply(twelve)) + " "), summary);
    for (String[] c : new String[][] {{"Paying customers", "ending_customers"}, {"New customers", "new_customers"},
        {"Churned customers", "churned_customers"}}) {
      long now = bridge(wh, c[1], MONTH).longValueExact();
      long apr = bridge(wh, c[1], "2025-04").longValueExact();
      long year = bridge(wh, c[1], "2024-05").longValueExact();
      assertRow(line(summary, c[0]), c[0], String.format(Locale.US, "%,d", now),
          String.format(Locale.US, "%+,d", now - apr), String.format(Locale.US, "%+,d", now - year));
    }
    for (String[] c : new String[][] {{"NRR (12 months)", "nrr", "trailing_12m"}, {"GRR (12 months)", "grr", "trailing_12m"},
        {"NRR (monthly)", "nrr", "monthly"}, {"GRR (monthly)", "grr", "monthly"}}) {
      BigDecimal now = retention(wh, c[1], c[2], MONTH);
      BigDecimal apr = retention(wh, c[1], c[2], "2025-04");
      String year = c[2].equals("monthly") ? points(now.subtract(retention(wh, c[1], c[2], "2024-05"))) : "n/a";
      assertRow(line(summary, c[0]), c[0], pct(now), points(now.subtract(apr)), year);
    }
    // Community figures: the correlation's own series; docs views start in June 2024, so no May 2024.
    for (String[] c : new String[][] {{"Downloads", "downloads"}, {"New stars", "stars"},
        {"Docs page views", "docs_pageviews"}}) {
      BigDecimal now = series(wh, c[1], MONTH);
      BigDecimal apr = series(wh, c[1], "2025-04");
      BigDecimal year = series(wh, c[1], "2024-05");
      assertRow(line(summary, c[0]), c[0], String.format(Locale.US, "%,d", now.longValueExact()), volume(now, apr),
          year == null ? "n/a" : volume(now, year));
    }
    Assertions.assertNull(series(wh, "docs_pageviews", "2024-05"));
    Assertions.assertFalse(summary.contains("not available"), summary);
    BigDecimal conversion = conversion(wh, MONTH);
    BigDecimal conversionApr = conversion(wh, "2025-04");
    BigDecimal conversionYear = conversion(wh, "2024-05");
    assertRow(line(summary, "Conversion (activated to paying)"), "Conversion (activated to paying)", pct(conversion),
        conversionApr == null ? "n/a" : points(conversion.subtract(conversionApr)),
        conversionYear == null ? "n/a" : points(conversion.subtract(conversionYear)));
    Assertions.assertTrue(summary.contains("NRR (12 months): Net revenue retention, trailing 12 months"), summary);

    // The month's waterfall: every step from gold's row of the month.
    String month = pages.get(1);
    Assertions.assertTrue(month.startsWith("MRR bridge, May 2025"), month);
    Assertions.assertTrue(month.contains("Start " + money(bridge(wh, "starting_mrr", MONTH)) + " New "
        + signed(bridge(wh, "new_mrr", MONTH)) + " Expansion " + signed(bridge(wh, "expansion_mrr", MONTH))
        + " Reactivation " + signed(bridge(wh, "reactivation_mrr", MONTH)) + " Contraction "
        + signed(bridge(wh, "contraction_mrr", MONTH).negate()) + " Churned "
        + signed(bridge(wh, "churned_mrr", MONTH).negate()) + " FX " + signed(bridge(wh, "fx_mrr", MONTH))
        + " End " + money(mrr) + " (USD)"), month);
    // Trailing twelve months: June 2024 to May 2025, movements summed.
    String window = "from delta.`{wh}gold/mrr_bridge_monthly` where month between date'2024-06-01' and date'2025-05-01'";
    String year = pages.get(2);
    Assertions.assertTrue(year.contains("Jun 2024 - May 2025"), year);
    Assertions.assertTrue(year.contains("Start " + money(bridge(wh, "starting_mrr", "2024-06")) + " New "
        + signed(gold(wh, "select sum(new_mrr) " + window)) + " Expansion " + signed(gold(wh, "select sum(expansion_mrr) "
        + window))), year);
    Assertions.assertTrue(year.contains("Churned " + signed(gold(wh, "select sum(churned_mrr) " + window).negate())
        + " FX +0.00 End " + money(mrr)), year);

    // Cohorts: the row of the 2025-01 cohort holds its cells up to May (m0..m4), and nothing later.
    String cohorts = pages.get(4);
    long size = gold(wh, "select first(cohort_customers) from delta.`{wh}gold/cohort_retention` "
        + "where cohort_month = date'2025-01-01'").longValueExact();
    List<String> cells = new ArrayList<>();
    spark().sql(("select logo_retention from delta.`{wh}gold/cohort_retention` where cohort_month = date'2025-01-01' "
        + "and months_since <= 4 order by months_since").replace("{wh}", wh.toUri().toString())).collectAsList()
        .forEach(c -> cells.add(pct(c.getDecimal(0)).replace(".0%", "%")));
    assertEquals("2025-01 (" + size + ") " + String.join(" ", cells), line(cohorts, "2025-01").strip(), cohorts);
    assertEquals("2025-05 (" + gold(wh, "select first(cohort_customers) from delta.`{wh}gold/cohort_retention` "
        + "where cohort_month = date'2025-05-01'") + ") 100%", line(cohorts, "2025-05").strip(), cohorts);
    Assertions.assertFalse(cohorts.contains("2025-06 ("), "a cohort after the report month: " + cohorts);

    // Downloads vs revenue: the series' months, the CAGRs and the peaks as gold has them.
    funnelPagesEqualGold(wh, pages.get(5), pages.get(6), pages.get(7));

    String corr = flat(pages.get(8));
    Assertions.assertTrue(corr.contains("Series as built by the last gold run: downloads Feb 2024 - Jun 2025, revenue "
        + "Jan 2024 - Jun 2025. The coefficients and CAGRs use all these months, including those after May 2025: "
        + "they are not as of the report month."), corr);
    Assertions.assertTrue(corr.contains("Feb 2024 - May 2025 (months after the report month not shown)"), corr);
    String pair = "from delta.`{wh}gold/download_revenue_correlation_summary` where scope = 'overall' "
        + "and series_x = 'downloads' and transform = 'diff' and period = 'month' and series_y = ";
    Assertions.assertTrue(corr.contains("CAGR side by side: downloads "
        + growth(gold(wh, "select cagr_x " + pair + "'ending_mrr'")) + " a year (Feb 2024 - Jun 2025); MRR "
        + growth(gold(wh, "select cagr_y " + pair + "'ending_mrr'")) + " a year (Feb 2024 - Jun 2025)."), corr);
    String lags = flat(pages.get(9));
    for (String[] y : new String[][] {{"new customers", "new_customers"}, {"new MRR", "new_mrr"}}) {
      Row peak = spark().sql(("select peak_lag, peak_pearson_r, peak_n, peak_pearson_p, peak_pearson_p_bonferroni, "
          + "peak_spearman_rho " + pair + "'" + y[1] + "'").replace("{wh}", wh.toUri().toString())).first();
      Assertions.assertTrue(lags.contains("Downloads vs " + y[0] + ": peak at lag " + peak.getInt(0) + ", r "
          + r(peak.getDouble(1)) + ", n " + peak.getInt(2) + ", p " + p(peak.getDouble(3)) + ", Bonferroni p "
          + p(peak.getDouble(4)) + ", Spearman rho " + r(peak.getDouble(5))), lags);
      List<String> byLag = new ArrayList<>();
      spark().sql(("select lag, pearson_r from delta.`{wh}gold/download_revenue_correlation` where scope = 'overall' "
          + "and series_x = 'downloads' and transform = 'diff' and period = 'month' and series_y = '" + y[1]
          + "' order by lag")
          .replace("{wh}", wh.toUri().toString())).collectAsList()
          .forEach(l -> byLag.add(l.getInt(0) + ": " + (l.isNullAt(1) ? "n/a" : r(l.getDouble(1)))));
      Assertions.assertTrue(lags.contains("Pearson r by lag, " + y[0] + ": " + String.join(" ", byLag)), lags);
      // 16 monthly changes of downloads: lags 5 and 6 have fewer than 12 pairs and no coefficient.
      for (int lag = 5; lag <= 6; lag++) {
        String reason = spark().sql(("select reason from delta.`{wh}gold/download_revenue_correlation` where scope = "
            + "'overall' and series_x = 'downloads' and transform = 'diff' and period = 'month' and series_y = '"
            + y[1] + "' and lag = "
            + lag + " and not is_reported").replace("{wh}", wh.toUri().toString())).first().getString(0);
        Assertions.assertTrue(lags.contains("lag " + lag + " (" + y[0] + "): " + reason), lags);
      }
    }

    // By week: the same pairs on weekly series, peaks as gold has them for period 'week'.
    String weekly = flat(pages.get(10));
    Assertions.assertTrue(weekly.startsWith("By week: downloads vs new customers and new MRR, by lag"), weekly);
    for (String[] y : new String[][] {{"new customers", "new_customers"}, {"new MRR", "new_mrr"}}) {
      Row peak = goldRows(wh, "select peak_lag, peak_pearson_r, peak_n from delta.`{wh}gold/"
          + "download_revenue_correlation_summary` where scope = 'overall' and series_x = 'downloads' and "
          + "transform = 'diff' and period = 'week' and series_y = '" + y[1] + "'").get(0);
      Assertions.assertTrue(weekly.contains("Downloads vs " + y[0] + ": peak at lag " + peak.getInt(0) + ", r "
          + r(peak.getDouble(1)) + ", n " + peak.getInt(2) + ", p "), weekly);
    }

    // Workbook: typed cells equal to gold; CSVs: the same tables.
    try (InputStream in = Files.newInputStream(out.resolve("board-report-2025-05.xlsx"));
        XSSFWorkbook book = new XSSFWorkbook(in)) {
      List<String> sheets = new ArrayList<>();
      book.forEach(s -> sheets.add(s.getSheetName()));
      assertEquals(List.of("summary", "mrr_bridge_month", "mrr_bridge_trailing_12m", "mrr_bridge_monthly",
          "revenue_retention", "cohort_retention", "funnel_monthly", "funnel_conversion", "fit_monthly",
          "account_journey_summary", "account_journey_lead_times", "correlation_series_monthly",
          "correlation_series_weekly", "correlation_by_lag", "correlation_summary", "definitions", "inputs"), sheets);
      Sheet conversions = book.getSheet("funnel_conversion");
      assertEquals(gold(wh, "select count(*) from delta.`{wh}gold/funnel_conversion_monthly` where month between "
          + "date'2024-06-01' and date'2025-05-01'").intValueExact(), conversions.getLastRowNum());
      var lastConversion = conversions.getRow(conversions.getLastRowNum());
      for (int i = 1; i <= conversions.getLastRowNum(); i++) {
        var rate = conversions.getRow(i).getCell(9);
        if (rate != null) {
          assertEquals(CellType.NUMERIC, rate.getCellType());
          assertEquals("0.0%", rate.getCellStyle().getDataFormatString(), "conversion rates are ratios shown as %");
        }
      }
      assertEquals(LocalDate.of(2025, 5, 1), lastConversion.getCell(0).getLocalDateTimeCellValue().toLocalDate());
      Sheet monthly = book.getSheet("mrr_bridge_monthly");
      assertEquals("ending_mrr", monthly.getRow(0).getCell(9).getStringCellValue());
      var last = monthly.getRow(monthly.getLastRowNum());
      assertEquals(LocalDate.of(2025, 5, 1), last.getCell(0).getLocalDateTimeCellValue().toLocalDate());
      assertEquals("USD", last.getCell(1).getStringCellValue());
      assertEquals(CellType.NUMERIC, last.getCell(9).getCellType());
      assertEquals(mrr.doubleValue(), last.getCell(9).getNumericCellValue(), 0.0);
      assertEquals("#,##0.00", last.getCell(9).getCellStyle().getDataFormatString());
      assertEquals(12, monthly.getLastRowNum(), "twelve months of bridge");
      var nrr = book.getSheet("summary").getRow(6);
      assertEquals("NRR (12 months)", nrr.getCell(1).getStringCellValue());
      assertEquals(retention(wh, "nrr", "trailing_12m", MONTH).doubleValue(), nrr.getCell(3).getNumericCellValue(), 0.0);
      Assertions.assertNull(nrr.getCell(6), "no trailing-12-month NRR in May 2024");
    }
    List<CSVRecord> csv = readCsv(out.resolve("mrr_bridge_monthly.csv"));
    assertEquals(12, csv.size());
    assertEquals("2025-05-01", csv.get(11).get("month"));
    assertEquals(mrr.toPlainString(), csv.get(11).get("ending_mrr"));
    assertEquals(gold(wh, "select count(*) from delta.`{wh}gold/cohort_retention` where cohort_month >= date'2024-06-01'"
        + " and cohort_month <= date'2025-05-01' and months_since <= 12 and add_months(cohort_month, months_since)"
        + " <= date'2025-05-01'").intValueExact(), readCsv(out.resolve("cohort_retention.csv")).size());
    assertEquals(gold(wh, "select count(*) from delta.`{wh}gold/account_journey_summary` where cohort = 'overall' "
        + "or cohort <= '2025-Q2'").intValueExact(), readCsv(out.resolve("account_journey_summary.csv")).size());
    assertEquals(gold(wh, "select count(lead_time_days) from delta.`{wh}gold/account_journeys` where "
        + "first_payment_month <= date'2025-05-01'").longValueExact(),
        readCsv(out.resolve("account_journey_lead_times.csv")).stream().mapToLong(c -> Long.parseLong(c.get("accounts")))
            .sum(), "every lead time up to the report month in one bin");
    assertEquals(12 * 5, readCsv(out.resolve("funnel_monthly.csv")).size(), "five stages of twelve months");
    assertEquals(12, readCsv(out.resolve("fit_monthly.csv")).size());
    for (String[] t : new String[][] {{"correlation_series_monthly", "correlation_series_monthly"},
        {"correlation_series_weekly", "correlation_series_weekly"},
        {"correlation_by_lag", "download_revenue_correlation"},
        {"correlation_summary", "download_revenue_correlation_summary"}}) {
      assertEquals(gold(wh, "select count(*) from delta.`{wh}gold/" + t[1] + "`").intValueExact(),
          readCsv(out.resolve(t[0] + ".csv")).size(), t[0]);
    }
    CSVRecord peakRow = readCsv(out.resolve("correlation_summary.csv")).stream()
        .filter(c -> c.get("scope").equals("overall") && c.get("series_x").equals("downloads")
            && c.get("series_y").equals("new_customers") && c.get("transform").equals("diff")
            && c.get("period").equals("month")).findFirst().orElseThrow();
    assertEquals(gold(wh, "select peak_pearson_r " + pair + "'new_customers'").doubleValue(),
        Double.parseDouble(peakRow.get("peak_pearson_r")), 0.0);
    assertEquals(signed(bridge(wh, "churned_mrr", MONTH).negate()).replace(",", "").replace("+", ""),
        readCsv(out.resolve("mrr_bridge_month.csv")).get(5).get("amount"));
  }

  /** The summary's conversion (organisations from activation to monetization) of a month in gold, or null. */
  private BigDecimal conversion(Path wh, String month) {
    List<Row> rows = spark().sql(("select conversion_rate from delta.`{wh}gold/funnel_conversion_monthly` where "
        + "measure = 'organisation_conversion' and name = 'activation_to_monetization' and month = date'" + month
        + "-01'").replace("{wh}", wh.toUri().toString())).collectAsList();
    return rows.isEmpty() || rows.get(0).isNullAt(0) ? null : rows.get(0).getDecimal(0);
  }

  private List<Row> goldRows(Path wh, String sql) {
    return spark().sql(sql.replace("{wh}", wh.toUri().toString())).collectAsList();
  }

  /** A gold value as the PDF shows it: counts with separators, ratios as %, n/a for null. */
  private static String shown(Row r, String column, boolean ratio) {
    Object v = r.getAs(column);
    if (v == null) {
      return "n/a";
    }
    BigDecimal d = v instanceof BigDecimal b ? b : v instanceof Double x ? BigDecimal.valueOf(x)
        : BigDecimal.valueOf(((Number) v).longValue());
    return ratio ? pct(d) : String.format(Locale.US, "%,d", d.longValueExact());
  }

  private static String growthOf(Row r, String column) {
    BigDecimal v = r.getAs(column);
    return v == null ? "n/a" : growth(v);
  }

  /**
   * The three funnel pages against gold: every stage's organisations and raw counts, every conversion and
   * ratio with its label, the three fits, and the journeys' cohorts and lead-time bins.
   */
  private void funnelPagesEqualGold(Path wh, String stagesPage, String conversionPage, String journeysPage) {
    String stages = flat(stagesPage);
    Assertions.assertTrue(stages.startsWith("Funnel, May 2025"), stages);
    List<Row> funnel = goldRows(wh, "select * from delta.`{wh}gold/funnel_monthly` where month = date'2025-05-01' "
        + "order by stage_order");
    assertEquals(5, funnel.size());
    String[][] raw = {{"stars", "stars", "docs_pageviews", "docs page views", "web_visitors", "web visitors"},
        {"downloads", "downloads", "sign_ups", "sign-ups", "contributors", "contributors", "issues_and_prs",
            "issues and PRs"}, {}, {"paying_customers", "paying customers", "new_customers", "new customers"},
        {"logo_retention", "logo retention", "nrr", "NRR", "nrr_trailing_12m", "NRR (12 months)"}};
    for (int i = 0; i < 5; i++) {
      Row r = funnel.get(i);
      String stage = r.<String>getAs("stage");
      StringBuilder expected = new StringBuilder(stage.substring(0, 1).toUpperCase(Locale.ROOT) + stage.substring(1)
          + ": " + shown(r, "accounts", false) + " organisations (" + shown(r, "new_accounts", false) + " new)");
      for (int c = 0; c < raw[i].length; c += 2) {
        expected.append(c == 0 ? "; " : ", ").append(raw[i][c + 1]).append(' ').append(shown(r, raw[i][c], i == 4));
      }
      Assertions.assertTrue(stages.contains(expected.toString()), expected + "\n" + stages);
    }
    Assertions.assertTrue(stages.contains("Organisations and raw counts are different grains"), stages);

    String conv = flat(conversionPage);
    for (Row r : goldRows(wh, "select * from delta.`{wh}gold/funnel_conversion_monthly` where month = "
        + "date'2025-05-01' order by measure, name")) {
      if (r.<String>getAs("measure").equals("organisation_conversion")) {
        String from = r.getAs("from_stage");
        String expected = from.substring(0, 1).toUpperCase(Locale.ROOT) + from.substring(1) + " -> "
            + r.getAs("to_stage") + ": " + shown(r, "conversion_rate", true) + " (" + shown(r, "numerator", false)
            + " of " + shown(r, "denominator", false) + " organisations)";
        Assertions.assertTrue(conv.contains(expected), expected + "\n" + conv);
      } else {
        BigDecimal ratio = r.getAs("ratio_per_1000");
        String expected = r.getAs("label") + ": " + (ratio == null ? "n/a"
            : String.format(Locale.US, "%,.2f", ratio) + " per 1,000");
        Assertions.assertTrue(r.<String>getAs("label").startsWith("Ratio, not a conversion"), r.toString());
        Assertions.assertTrue(conv.contains(expected), expected + "\n" + conv);
      }
    }
    Assertions.assertTrue(conv.contains("NOT conversion rates"), conv);
    Row fit = goldRows(wh, "select * from delta.`{wh}gold/fit_monthly` where month = date'2025-05-01'").get(0);
    for (String expected : List.of(
        "Project-community fit: stars " + shown(fit, "stars", false) + " (" + growthOf(fit, "stars_growth")
            + "), contributors " + shown(fit, "contributors", false) + " (" + growthOf(fit, "contributors_growth") + ")",
        "Product-market fit: downloads " + shown(fit, "downloads", false) + " (" + growthOf(fit, "downloads_growth")
            + "), active organisations " + shown(fit, "active_accounts", false) + ", activated organisations "
            + shown(fit, "activated_accounts", false) + ", paying organisations " + shown(fit, "paying_accounts", false),
        "Value-market fit: paying customers " + shown(fit, "paying_customers", false) + ", new customers "
            + shown(fit, "new_customers", false) + ", MRR " + money(fit.getAs("mrr")) + " ("
            + growthOf(fit, "mrr_growth") + "), NRR (monthly) " + shown(fit, "nrr", true) + ", NRR (12 months) "
            + shown(fit, "nrr_trailing_12m", true))) {
      Assertions.assertTrue(conv.contains(expected), expected + "\n" + conv);
    }

    String journeys = flat(journeysPage);
    List<Row> cohorts = goldRows(wh, "select * from delta.`{wh}gold/account_journey_summary` where cohort = 'overall' "
        + "or cohort <= '2025-Q2'").stream()
        .sorted(java.util.Comparator.comparing((Row c) -> !"overall".equals(c.getAs("cohort")))
            .thenComparing(c -> c.<String>getAs("cohort"))).toList();
    assertEquals("overall", cohorts.get(0).getAs("cohort"));
    assertEquals(List.of("overall", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"),
        cohorts.stream().map(c -> c.<String>getAs("cohort")).toList(), "quarters up to the report month's");
    Assertions.assertTrue(journeys.contains("Journeys as built by the last gold run: first payments Jan 2024 - Jun 2025. "
        + "The overall cohort and the quarter of May 2025 include first payments after it."), cohorts + journeys);
    for (Row c : cohorts) {
      long n = c.<Long>getAs("lead_time_n");
      String expected = c.getAs("cohort") + ": " + shown(c, "new_paying_accounts", false) + " new paying "
          + "organisations, " + shown(c, "with_community_before_paying", false) + " with community activity before "
          + "paying (" + shown(c, "share_with_community", true) + "); lead time (" + n + " organisations): "
          + (n == 0 ? "n/a" : "median " + days(c, "lead_time_p50_days") + ", quartiles "
              + days(c, "lead_time_p25_days") + " - " + days(c, "lead_time_p75_days") + ", 90th percentile "
              + days(c, "lead_time_p90_days"));
      Assertions.assertTrue(journeys.contains(expected), expected + "\n" + journeys);
    }
    Row bins = goldRows(wh, "select count(lead_time_days), count_if(lead_time_days between 1 and 30), "
        + "count_if(lead_time_days between 31 and 60), count_if(lead_time_days between 61 and 90), "
        + "count_if(lead_time_days between 91 and 120), count_if(lead_time_days between 121 and 180), "
        + "count_if(lead_time_days between 181 and 240), count_if(lead_time_days between 241 and 365), "
        + "count_if(lead_time_days > 365) from delta.`{wh}gold/account_journeys` "
        + "where first_payment_month <= date'2025-05-01'").get(0);
    String expected = "Lead times in days (" + bins.getLong(0) + " organisations with first payment up to May 2025): "
        + "1-30: " + bins.getLong(1) + ", 31-60: " + bins.getLong(2) + ", 61-90: " + bins.getLong(3) + ", 91-120: "
        + bins.getLong(4) + ", 121-180: " + bins.getLong(5) + ", 181-240: " + bins.getLong(6) + ", 241-365: "
        + bins.getLong(7) + ", 366+: " + bins.getLong(8);
    Assertions.assertTrue(journeys.contains(expected), expected + "\n" + journeys);
    Assertions.assertTrue(bins.getLong(0) > 5, "the world has lead times to show: " + bins);
  }

  private static String days(Row r, String column) {
    Double v = r.getAs(column);
    return v == null ? "n/a" : String.format(Locale.US, "%.1f days", v);
  }

  /** A community series' value of the month in gold, or null when the month is not covered. */
  private BigDecimal series(Path wh, String series, String month) {
    List<Row> rows = spark().sql(("select value from delta.`{wh}gold/correlation_series_monthly` where scope = "
        + "'overall' and series = '" + series + "' and period_start = date'" + month + "-01'")
        .replace("{wh}", wh.toUri().toString())).collectAsList();
    return rows.isEmpty() ? null : BigDecimal.valueOf(rows.get(0).getDouble(0)).stripTrailingZeros();
  }

  private static String volume(BigDecimal now, BigDecimal base) {
    return String.format(Locale.US, "%+,d (%+.1f%%)", now.subtract(base).longValueExact(),
        now.subtract(base).movePointRight(2).divide(base, 1, RoundingMode.HALF_UP));
  }

  private static String growth(BigDecimal rate) {
    return String.format(Locale.US, "%+.1f%%", rate.movePointRight(2).setScale(1, RoundingMode.HALF_UP));
  }

  private static String r(double v) {
    return String.format(Locale.US, "%+.3f", v);
  }

  private static String p(double v) {
    return v < 0.0001 ? "< 0.0001" : String.format(Locale.US, "%.4f", v);
  }

  /** The page's text on one line: long lines wrap in the PDF. */
  private static String flat(String page) {
    return page.replaceAll("\\s+", " ");
  }

  private static List<CSVRecord> readCsv(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file)) {
      return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
    }
  }

  @Test
  void aSectionWhoseGoldTableIsMissingIsLeftOutWithANote() throws IOException {
    warehouse();
    Path out = dir.resolve("out-no-cohorts");
    WarehouseCliTest.Result r = report(dir.resolve("no-cohorts"), MONTH, out);
    assertEquals(0, r.code(), r.err());
    List<String> pages = pages(out.resolve("board-report-2025-05.pdf"));
    assertEquals(4, pages.size());
    Assertions.assertTrue(pages.get(0).contains("not available: gold.cohort_retention not built (Cohort retention)"),
        pages.get(0));
    Assertions.assertTrue(flat(pages.get(0)).contains("not available: gold.correlation_series_monthly, "
        + "gold.download_revenue_correlation, gold.download_revenue_correlation_summary not built (Downloads vs "
        + "revenue)"), pages.get(0));
    Assertions.assertTrue(pages.get(0).lines().noneMatch(l -> l.startsWith("Downloads ")), "no community figures");
    Assertions.assertTrue(flat(pages.get(0)).contains("not available: gold.funnel_monthly, "
        + "gold.funnel_conversion_monthly, gold.fit_monthly, gold.account_journeys, gold.account_journey_summary not "
        + "built (Funnel)"), pages.get(0));
    Assertions.assertTrue(pages.get(0).lines().noneMatch(l -> l.startsWith("Conversion ")), "no conversion figure");
    Assertions.assertFalse(Files.exists(out.resolve("cohort_retention.csv")));
  }

  /**
   * The report re-rendered from its manifest after a later run restated the month equals the first, file
   * by file (every CSV and the manifest); rendered from the latest tables, it shows the restatement.
   */
  @Test
  void aReportRenderedAgainAsOfItsManifestIsTheSameAfterGoldIsRestated() throws IOException {
    Path root = dir.resolve("restated");
    buildGold(root, false);
    Path first = dir.resolve("out-first");
    WarehouseCliTest.Result r = report(root, MONTH, first);
    assertEquals(0, r.code(), r.err());
    Path manifest = first.resolve("manifest.json");
    Assertions.assertTrue(Files.readString(manifest).contains("\"gold.mrr_bridge_monthly\" : "), Files.readString(manifest));

    // A later run restates May.
    Warehouse wh = new Warehouse(spark(), root);
    wh.overwrite(RevenueGoldStage.BRIDGE, wh.read(RevenueGoldStage.BRIDGE).withColumn("ending_mrr",
        org.apache.spark.sql.functions.expr("case when month = date'2025-05-01' then ending_mrr + 100 else ending_mrr end")));
    Path latest = dir.resolve("out-latest");
    assertEquals(0, report(root, MONTH, latest).code());
    Assertions.assertNotEquals(Files.readString(first.resolve("summary.csv")), Files.readString(latest.resolve("summary.csv")));

    Path again = dir.resolve("out-again");
    WarehouseCliTest.Result asOf = cli("report", "--warehouse", root.toString(), "--quiet", "--as-of", manifest.toString(),
        "--out", again.toString());
    assertEquals(0, asOf.code(), asOf.err());
    List<String> files;
    try (java.util.stream.Stream<Path> listed = Files.list(first)) {
      files = listed.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".csv") || f.endsWith(".json"))
          .sorted().toList();
    }
    Assertions.assertTrue(files.contains("mrr_bridge_monthly.csv") && files.contains("inputs.csv"), files.toString());
    for (String f : files) {
      assertEquals(Files.readString(first.resolve(f)), Files.readString(again.resolve(f)), f);
    }

    WarehouseCliTest.Result other = cli("report", "--warehouse", root.toString(), "--quiet", "--month", "2025-04",
        "--as-of", manifest.toString());
    assertEquals(1, other.code());
    Assertions.assertTrue(other.err().startsWith("error: --month 2025-04 but "), other.err());
  }

  /**
   * A late subscription restates May: the diff of the first report against the tables now, and against the
   * restated report's manifest, names the figures that moved (old and new value) and the silver row and the
   * landed file behind them; a report against itself shows no change.
   */
  @Test
  void aDiffNamesTheChangedFiguresAndTheSilverRowsAndLandedFilesBehindThem() throws IOException {
    Path root = dir.resolve("diffed");
    String bronze = io.osswarehouse.catalog.Catalog.BILLING__SUBSCRIPTION_PERIODS.name();
    StructType landed = StructType.fromDDL("customer_id string, _source_file string, _file_sha256 string");
    Warehouse wh = new Warehouse(spark(), root);
    wh.registerAll();
    wh.overwrite(bronze, spark().createDataFrame(List.of(RowFactory.create("c1", "billing/periods/2025-05-31.csv",
        "aa11")), landed));
    buildGold(root, false, List.of(), true);
    Path first = dir.resolve("out-diff-first");
    assertEquals(0, report(root, MONTH, first).code());
    Path manifest = first.resolve("manifest.json");
    Assertions.assertTrue(Files.readString(manifest).contains("\"silver.fct_mrr_segments\" : "),
        Files.readString(manifest));

    WarehouseCliTest.Result same = cli("report", "--warehouse", root.toString(), "--quiet", "--diff", manifest.toString());
    assertEquals(0, same.code(), same.err());
    assertEquals("report 2025-05: no figure changed from " + manifest + " to the tables now\n", same.out());

    // A late export lands a customer who started paying 500 a month on 3 May; silver and gold are rebuilt.
    wh.replaceWhere(bronze, spark().createDataFrame(List.of(RowFactory.create("late", "billing/periods/2025-06-02-late.csv",
        "bb22")), landed), "_file_sha256 = 'bb22'");
    buildGold(root, false, List.of(segment("late", LocalDate.of(2025, 5, 3), null, BigDecimal.valueOf(500))), true);
    WarehouseCliTest.Result now = cli("report", "--warehouse", root.toString(), "--quiet", "--diff", manifest.toString());
    assertEquals(0, now.code(), now.err());
    List<String> lines = now.out().lines().toList();
    BigDecimal mayMrr = gold(root, "select ending_mrr from delta.`{wh}/gold/mrr_bridge_monthly` where month = '2025-05-01'");
    String mrr = "  summary [2025-05-01 · " + io.osswarehouse.report.MetricDefinition.MRR.label() + " · USD] value: ";
    Assertions.assertTrue(lines.get(0).startsWith("report 2025-05: ") && lines.get(0).endsWith(
        " figure(s) changed from " + manifest + " to the tables now"), lines.get(0));
    Assertions.assertTrue(lines.stream().anyMatch(l -> l.startsWith(mrr) && l.endsWith(" -> "
        + mayMrr.setScale(2, RoundingMode.HALF_UP).toPlainString() + " (+500.00)")), now.out());
    Assertions.assertTrue(lines.stream().anyMatch(l -> l.startsWith("  mrr_bridge_monthly [2025-05-01 · USD] "
        + "new_mrr: ") && l.endsWith(" (+500.00)")), now.out());
    Assertions.assertTrue(lines.stream().anyMatch(l -> l.startsWith("  mrr_bridge_monthly [2025-05-01 · USD] "
        + "new_customers: ") && l.endsWith(" (+1)")), now.out());
    Assertions.assertTrue(lines.contains("  silver.fct_mrr_segments v0 -> v1: 1 row(s) added, 0 removed"), now.out());
    Assertions.assertTrue(lines.stream().anyMatch(l -> l.startsWith("    + customer_id=late, currency=USD, "
        + "started_at=2025-05-03")), now.out());
    Assertions.assertTrue(lines.contains("  " + bronze + " v0 -> v1: 1 file(s) added, 0 removed"), now.out());
    Assertions.assertTrue(lines.contains("    + file billing/periods/2025-06-02-late.csv (1 row, sha256 bb22)"),
        now.out());
    Assertions.assertTrue(lines.stream().noneMatch(l -> l.contains("inputs") || l.contains("definitions")), now.out());

    Path second = dir.resolve("out-diff-second");
    assertEquals(0, report(root, MONTH, second).code());
    WarehouseCliTest.Result against = cli("report", "--warehouse", root.toString(), "--quiet", "--diff",
        manifest.toString(), "--against", second.resolve("manifest.json").toString());
    assertEquals(0, against.code(), against.err());
    assertEquals(now.out().replace("the tables now", second.resolve("manifest.json").toString()), against.out());

    WarehouseCliTest.Result bad = cli("report", "--warehouse", root.toString(), "--diff", manifest.toString(),
        "--month", MONTH);
    assertEquals(2, bad.code());
    Assertions.assertTrue(bad.err().startsWith("--diff takes no --month, --as-of or --out"), bad.err());
  }

  @Test
  void aMonthWithoutGoldDataFailsWithOneLine() {
    WarehouseCliTest.Result r = report(warehouse(), "2026-01", dir.resolve("out-none"));
    assertEquals(1, r.code());
    assertEquals("error: no gold data for 2026-01 in gold.mrr_bridge_monthly (it has 2024-01 to 2025-06)\n", r.err());
    WarehouseCliTest.Result empty = report(dir.resolve("empty"), MONTH, dir.resolve("out-empty"));
    assertEquals(1, empty.code());
    Assertions.assertTrue(empty.err().startsWith("error: no gold tables in "), empty.err());
  }

  @Test
  void aBadMonthIsAUsageError() {
    WarehouseCliTest.Result r = cli("report", "--month", "2025-13");
    assertEquals(2, r.code());
    Assertions.assertTrue(r.err().startsWith("Invalid value for option '--month'"), r.err());
  }
}
