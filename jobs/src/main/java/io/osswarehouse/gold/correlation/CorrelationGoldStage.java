package io.osswarehouse.gold.correlation;

import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.gold.revenue.RevenueGoldStage;
import io.osswarehouse.metrics.CrossCorrelation;
import io.osswarehouse.metrics.Growth;
import io.osswarehouse.metrics.TimeSeries;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.silver.billing.BillingSilverStage;
import io.osswarehouse.spark.SqlModels;
import io.osswarehouse.spark.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The download-to-revenue correlation (docs/correlation.md): community series (downloads, stars, docs
 * page views; overall and per package) against revenue series at lags 0..K, a positive lag meaning
 * community leads revenue, on first differences and on log growth, at two grains: monthly (ending MRR,
 * new MRR, new customers; lags 0..{@value #MAX_LAG} months) and weekly (new customers and new MRR by the
 * week of first payment; lags 0..{@value #MAX_LAG_WEEKS} weeks). The series are a few dozen to a few
 * hundred points each, so they are collected and analysed on the driver with {@link CrossCorrelation};
 * every table is rebuilt whole every run.
 */
public final class CorrelationGoldStage {
  /** The catalog step this class builds. */
  public static final String STEP = "correlation";

  public static final String LAGS = Catalog.DOWNLOAD_REVENUE_CORRELATION.name();
  public static final String SUMMARY = Catalog.DOWNLOAD_REVENUE_CORRELATION_SUMMARY.name();
  public static final String SERIES = Catalog.CORRELATION_SERIES_MONTHLY.name();
  /** The weekly inputs; their own table, as the monthly one's readers (funnel, summary) expect months only. */
  public static final String SERIES_WEEKLY = Catalog.CORRELATION_SERIES_WEEKLY.name();
  public static final int MAX_LAG = 6;
  /** About a quarter: the weekly lags reach as far as the monthly lags' first half. */
  public static final int MAX_LAG_WEEKS = 12;

  public static final StructType DOWNLOADS = StructType.fromDDL("ecosystem string, package_name string, source string, "
      + "download_date date, period string, is_ci boolean, is_mirror boolean, is_bot boolean, downloads bigint");
  public static final StructType STARS = StructType.fromDDL("repo_name string, star_date date, stars_new bigint");
  public static final StructType WEB = StructType.fromDDL("site string, activity_date date, source string, "
      + "docs_pageviews bigint");
  /** The billing inputs of the weekly revenue series. */
  public static final StructType CUSTOMER_MRR = StructType.fromDDL("customer_id string, month date, mrr decimal(18,2)");
  public static final StructType SEGMENTS = StructType.fromDDL("customer_id string, started_at timestamp, "
      + "counts_toward_mrr boolean, monthly_billed_amount decimal(18,6)");

  static final StructType LAG_SCHEMA = StructType.fromDDL("scope string, series_x string, series_y string, "
      + "period string, transform string, lag int, n int, pearson_r double, pearson_p double, "
      + "pearson_ci_low double, pearson_ci_high double, spearman_rho double, spearman_p double, "
      + "is_reported boolean, reason string");
  static final StructType SUMMARY_SCHEMA = StructType.fromDDL("scope string, series_x string, series_y string, "
      + "period string, transform string, peak_lag int, peak_n int, peak_pearson_r double, peak_pearson_p double, "
      + "peak_pearson_p_bonferroni double, peak_spearman_rho double, peak_reason string, "
      + "cagr_x double, cagr_x_from date, cagr_x_to date, cagr_x_reason string, "
      + "cagr_y double, cagr_y_from date, cagr_y_to date, cagr_y_reason string");

  private final RunContext run;

  public CorrelationGoldStage(RunContext run) {
    this.run = run;
  }

  /** The last month wholly on or before the run date. */
  public static YearMonth lastCompleteMonth(LocalDate runDate) {
    YearMonth month = YearMonth.from(runDate);
    return runDate.equals(month.atEndOfMonth()) ? month : month.minusMonths(1);
  }

  /** Pure: the silver community tables in, (scope, series, activity_date, value) out. */
  public static Dataset<Row> communityDaily(SparkSession spark, Dataset<Row> downloads, Dataset<Row> stars,
      Dataset<Row> web) {
    return SqlModels.run(spark, "gold/int_community_series_daily",
        Map.of("package_downloads", downloads, "stars_daily", stars, "web_daily", web), Map.of());
  }

  /** Pure: community days and the MRR bridge in, monthly series of both sides up to {@code to} out. */
  public static Dataset<Row> seriesMonthly(SparkSession spark, Dataset<Row> communityDaily, Dataset<Row> bridge,
      YearMonth to) {
    return SqlModels.run(spark, Catalog.CORRELATION_SERIES_MONTHLY.sqlModel(),
        Map.of("community_daily", communityDaily, "bridge", bridge), Map.of("to_month", to.atDay(1).toString()));
  }

  /**
   * Pure: community days, customers' monthly MRR and the MRR segments in, weekly series of both sides
   * (weeks ending by the end of {@code to}) out; revenue by the week of each customer's first payment.
   */
  public static Dataset<Row> seriesWeekly(SparkSession spark, Dataset<Row> communityDaily, Dataset<Row> customerMrr,
      Dataset<Row> segments, YearMonth to) {
    return SqlModels.run(spark, Catalog.CORRELATION_SERIES_WEEKLY.sqlModel(), Map.of("community_daily", communityDaily,
        "customer_mrr", customerMrr, "segments", segments), Map.of("to_date", to.atEndOfMonth().toString()));
  }

  /** The lag rows and summary rows of every (community series, revenue series, transform). */
  public record Output(List<Row> lags, List<Row> summaries) {}

  /**
   * Pure, on the driver: series rows (scope, series, side, period_start, value) of one period in. Every
   * community series of every scope is paired with every overall revenue series of that period.
   */
  public static Output analyze(List<Row> seriesRows, TimeSeries.Period period, CrossCorrelation.Options options) {
    Map<String, Map<LocalDate, Double>> community = new TreeMap<>();
    Map<String, Map<LocalDate, Double>> revenue = new TreeMap<>();
    for (Row r : seriesRows) {
      Map<String, Map<LocalDate, Double>> side = "revenue".equals(r.getString(2)) ? revenue : community;
      Double value = r.isNullAt(4) ? null : r.getDouble(4);
      if (value != null) {
        side.computeIfAbsent(r.getString(0) + "\u0000" + r.getString(1), k -> new TreeMap<>())
            .put(r.getDate(3).toLocalDate(), value);
      }
    }
    List<Row> lags = new ArrayList<>();
    List<Row> summaries = new ArrayList<>();
    for (Map.Entry<String, Map<LocalDate, Double>> x : community.entrySet()) {
      String scope = x.getKey().split("\u0000")[0];
      TimeSeries xs = new TimeSeries(x.getKey().split("\u0000")[1], period, new TreeMap<>(x.getValue()));
      for (Map.Entry<String, Map<LocalDate, Double>> y : revenue.entrySet()) {
        TimeSeries ys = new TimeSeries(y.getKey().split("\u0000")[1], period, new TreeMap<>(y.getValue()));
        for (Growth.Transform transform : Growth.Transform.values()) {
          CrossCorrelation.Result result = CrossCorrelation.analyze(xs, ys, transform, options);
          for (CrossCorrelation.Row row : result.rows()) {
            lags.add(RowFactory.create(scope, row.seriesX(), row.seriesY(), row.period(), row.transform(), row.lag(),
                row.n(), row.pearsonR(), row.pearsonP(), row.pearsonCiLow(), row.pearsonCiHigh(), row.spearmanRho(),
                row.spearmanP(), row.isReported(), row.reason()));
          }
          CrossCorrelation.Row peak = result.peak();
          Growth.Cagr cx = result.cagrX();
          Growth.Cagr cy = result.cagrY();
          summaries.add(RowFactory.create(scope, xs.name(), ys.name(), period.label(),
              transform.label(), peak == null ? null : peak.lag(), peak == null ? null : peak.n(),
              peak == null ? null : peak.pearsonR(), peak == null ? null : peak.pearsonP(),
              result.peakPearsonPBonferroni(), peak == null ? null : peak.spearmanRho(), result.peakReason(),
              cx.cagr(), date(cx.startDate()), date(cx.endDate()), cx.reason(),
              cy.cagr(), date(cy.startDate()), date(cy.endDate()), cy.reason()));
        }
      }
    }
    return new Output(lags, summaries);
  }

  private static Date date(LocalDate d) {
    return d == null ? null : Date.valueOf(d);
  }

  /** Returns the number of lag rows written; nothing when there is no revenue or community data yet. */
  public long build() {
    Warehouse wh = run.warehouse();
    SparkSession spark = wh.spark();
    Dataset<Row> bridge = wh.readOrNull(RevenueGoldStage.BRIDGE);
    if (bridge == null) {
      run.progress().info("gold correlation: no revenue yet");
      return 0;
    }
    YearMonth to = lastCompleteMonth(run.runDate());
    Dataset<Row> daily = communityDaily(spark, orEmpty(wh, Catalog.FCT_PACKAGE_DOWNLOADS_DAILY.name(), DOWNLOADS),
        orEmpty(wh, Catalog.FCT_GITHUB_STARS_DAILY.name(), STARS), orEmpty(wh, Catalog.FCT_WEB_DAILY.name(), WEB)).cache();
    Dataset<Row> monthly = seriesMonthly(spark, daily, bridge, to);
    Dataset<Row> weekly = seriesWeekly(spark, daily, orEmpty(wh, RevenueGoldStage.CUSTOMER_MRR, CUSTOMER_MRR),
        orEmpty(wh, BillingSilverStage.SEGMENTS, SEGMENTS), to);
    Output out = write(wh, monthly, weekly);
    daily.unpersist();
    run.progress().info("gold: wrote %s (%d rows, monthly and weekly) and %s", LAGS, out.lags().size(), SUMMARY);
    return out.lags().size();
  }

  /**
   * Analyses the monthly series (lags 0..{@value #MAX_LAG}) and the weekly series (lags
   * 0..{@value #MAX_LAG_WEEKS}), both with the default guard, and overwrites the four gold tables; public
   * so tests of the readers (the board report) build them the same way.
   */
  public static Output write(Warehouse wh, Dataset<Row> monthly, Dataset<Row> weekly) {
    Dataset<Row> m = monthly.cache();
    Dataset<Row> w = weekly.cache();
    Output byMonth = analyze(m.collectAsList(), TimeSeries.Period.MONTH, CrossCorrelation.Options.upToLag(MAX_LAG));
    Output byWeek = analyze(w.collectAsList(), TimeSeries.Period.WEEK,
        CrossCorrelation.Options.upToLag(MAX_LAG_WEEKS));
    List<Row> lags = new ArrayList<>(byMonth.lags());
    lags.addAll(byWeek.lags());
    List<Row> summaries = new ArrayList<>(byMonth.summaries());
    summaries.addAll(byWeek.summaries());
    wh.overwrite(SERIES, m);
    wh.overwrite(SERIES_WEEKLY, w);
    wh.overwrite(LAGS, wh.spark().createDataFrame(lags, LAG_SCHEMA));
    wh.overwrite(SUMMARY, wh.spark().createDataFrame(summaries, SUMMARY_SCHEMA));
    m.unpersist();
    w.unpersist();
    return new Output(lags, summaries);
  }

  /** The table, or an empty one with the columns this stage reads, for a source not landed yet. */
  private static Dataset<Row> orEmpty(Warehouse wh, String table, StructType schema) {
    Dataset<Row> df = wh.readOrNull(table);
    return df != null ? df.selectExpr(schema.fieldNames()) : wh.spark().createDataFrame(List.of(), schema);
  }
}
