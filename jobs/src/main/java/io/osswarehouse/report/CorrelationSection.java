package io.osswarehouse.report;

import static io.osswarehouse.report.ReportTable.col;

import io.osswarehouse.gold.correlation.CorrelationGoldStage;
import io.osswarehouse.report.ReportTable.Type;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;

/**
 * The community figures of the summary (downloads, new stars, docs page views) and the downloads vs
 * revenue pages, all from the correlation's gold tables, so the summary and the correlation share one
 * definition of each series. Those tables are rebuilt whole by the last gold run: the section says
 * which months they cover, plots only months up to the report month, and says when the coefficients
 * also use later months.
 */
final class CorrelationSection implements ReportSection {
  private static final String OVERALL = "overall";
  /**
   * The lag chart's transform: first differences, because new customers and new MRR have months of
   * zero, where log growth is undefined and would drop those months.
   */
  private static final String TRANSFORM = "diff";
  /** Revenue series of the lag chart, what downloads could turn into: label, gold series. */
  private static final List<String[]> LAG_PAIRS = List.of(new String[] {"new customers", "new_customers"},
      new String[] {"new MRR", "new_mrr"});
  /** Revenue series whose CAGR stands next to the downloads' CAGR. */
  private static final String REVENUE_LEVEL = "ending_mrr";

  /** Summary figures: gold series, definition, unit. */
  private record Figure(String series, MetricDefinition metric, String unit) {}

  private static final List<Figure> FIGURES = List.of(
      new Figure("downloads", MetricDefinition.DOWNLOADS, "downloads"),
      new Figure("stars", MetricDefinition.NEW_STARS, "stars"),
      new Figure("docs_pageviews", MetricDefinition.DOCS_PAGEVIEWS, "page views"));

  @Override
  public String title() {
    return "Downloads vs revenue";
  }

  @Override
  public List<String> goldTables() {
    return List.of(CorrelationGoldStage.SERIES, CorrelationGoldStage.LAGS, CorrelationGoldStage.SUMMARY);
  }

  @Override
  public Content build(ReportInputs in, YearMonth month) {
    List<Row> series = in.rows("select scope, series, side, period_start, value from "
        + CorrelationGoldStage.SERIES + " order by scope, side, series, period_start");
    Map<String, TreeMap<YearMonth, Double>> overall = new TreeMap<>();
    for (Row r : series) {
      if (OVERALL.equals(r.getString(0))) {
        overall.computeIfAbsent(r.getString(1), k -> new TreeMap<>())
            .put(Gold.month(r, "period_start"), r.isNullAt(4) ? null : r.getDouble(4));
      }
    }
    List<Kpi> kpis = new ArrayList<>();
    for (Figure f : FIGURES) {
      TreeMap<YearMonth, Double> s = overall.getOrDefault(f.series(), new TreeMap<>());
      kpis.add(new Kpi(f.metric(), Kpi.Kind.VOLUME, f.unit(), count(s.get(month)), count(s.get(month.minusMonths(1))),
          count(s.get(month.minusMonths(12)))));
    }

    String pairs = " where scope = '" + OVERALL + "' and series_x = 'downloads' and transform = '" + TRANSFORM
        + "' and period = ";
    List<Row> lags = in.rows("select * from " + CorrelationGoldStage.LAGS + pairs + "'month' order by series_y, lag");
    List<Row> summaries = in.rows("select * from " + CorrelationGoldStage.SUMMARY + pairs + "'month'");

    String coverage = coverage(overall, month);
    List<ReportPage> pages = new ArrayList<>(List.of(seriesPage(overall, summaries, month, coverage),
        lagPage(lags, summaries, coverage, "month")));
    List<ReportTable> weeklyTables = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    // The weekly grain came later: a warehouse whose correlation was built before has no weekly rows until its
    // next run rebuilds the tables.
    List<Row> weeklyLags = in.rows("select * from " + CorrelationGoldStage.LAGS + pairs
        + "'week' order by series_y, lag");
    if (weeklyLags.isEmpty() || !in.exists(CorrelationGoldStage.SERIES_WEEKLY)) {
      notes.add("not available: weekly correlation not built yet; the next `warehouse run` builds it (Downloads vs "
          + "revenue)");
    } else {
      List<Row> weekly = in.rows("select scope, series, side, period_start, value from "
          + CorrelationGoldStage.SERIES_WEEKLY + " order by scope, side, series, period_start");
      pages.add(lagPage(weeklyLags, in.rows("select * from " + CorrelationGoldStage.SUMMARY + pairs + "'week'"),
          weeklyCoverage(weekly, month), "week"));
      weeklyTables.add(ReportTable.of("correlation_series_weekly", "Weekly community and revenue series (weeks start "
          + "on Monday), every scope, as built by the last gold run", CorrelationGoldStage.SERIES_WEEKLY,
          List.of(col("scope", Type.TEXT), col("series", Type.TEXT), col("side", Type.TEXT),
              col("period_start", Type.MONTH), col("value", Type.NUMBER)), weekly));
    }

    List<ReportTable> tables = new ArrayList<>(List.of(
        ReportTable.of("correlation_series_monthly", "Monthly community and revenue series, every scope, as built by"
            + " the last gold run", CorrelationGoldStage.SERIES, List.of(col("scope", Type.TEXT),
            col("series", Type.TEXT), col("side", Type.TEXT), col("period_start", Type.MONTH),
            col("value", Type.NUMBER)), series),
        ReportTable.of("correlation_by_lag", "Cross-correlation of community and revenue series by lag,"
            + " every scope and transform", CorrelationGoldStage.LAGS, List.of(col("scope", Type.TEXT),
            col("series_x", Type.TEXT), col("series_y", Type.TEXT), col("period", Type.TEXT),
            col("transform", Type.TEXT), col("lag", Type.COUNT), col("n", Type.COUNT), col("pearson_r", Type.NUMBER),
            col("pearson_p", Type.NUMBER), col("pearson_ci_low", Type.NUMBER), col("pearson_ci_high", Type.NUMBER),
            col("spearman_rho", Type.NUMBER), col("spearman_p", Type.NUMBER), col("is_reported", Type.TEXT),
            col("reason", Type.TEXT)),
            in.rows("select * from " + CorrelationGoldStage.LAGS + " order by scope, series_x, series_y, "
                + "period desc, transform, lag")),
        ReportTable.of("correlation_summary", "Peak lag and CAGRs per pair of series, every scope"
            + " and transform", CorrelationGoldStage.SUMMARY, List.of(col("scope", Type.TEXT),
            col("series_x", Type.TEXT), col("series_y", Type.TEXT), col("period", Type.TEXT),
            col("transform", Type.TEXT), col("peak_lag", Type.COUNT), col("peak_n", Type.COUNT),
            col("peak_pearson_r", Type.NUMBER), col("peak_pearson_p", Type.NUMBER),
            col("peak_pearson_p_bonferroni", Type.NUMBER), col("peak_spearman_rho", Type.NUMBER),
            col("peak_reason", Type.TEXT), col("cagr_x", Type.RATIO), col("cagr_x_from", Type.MONTH),
            col("cagr_x_to", Type.MONTH), col("cagr_x_reason", Type.TEXT), col("cagr_y", Type.RATIO),
            col("cagr_y_from", Type.MONTH), col("cagr_y_to", Type.MONTH), col("cagr_y_reason", Type.TEXT)),
            in.rows("select * from " + CorrelationGoldStage.SUMMARY + " order by scope, series_x, "
                + "series_y, period desc, transform"))));
    tables.addAll(1, weeklyTables);
    return new Content(kpis, pages, tables, notes);
  }

  /** A count series value as an exact integer (gold keeps it as a double). */
  private static BigDecimal count(Double v) {
    return v == null ? null : BigDecimal.valueOf(v).stripTrailingZeros();
  }

  /**
   * Which months the gold series cover, and whether the coefficients reach past the report month:
   * the tables hold the last run's state, not the report month's.
   */
  private static String coverage(Map<String, TreeMap<YearMonth, Double>> overall, YearMonth month) {
    TreeMap<YearMonth, Double> downloads = overall.getOrDefault("downloads", new TreeMap<>());
    TreeMap<YearMonth, Double> revenue = overall.getOrDefault(REVENUE_LEVEL, new TreeMap<>());
    String text = "Series as built by the last gold run: downloads " + span(downloads) + ", revenue " + span(revenue)
        + ".";
    boolean later = Stream.of(downloads, revenue).anyMatch(s -> !s.isEmpty() && s.lastKey().isAfter(month));
    return text + (later
        ? " The coefficients and CAGRs use all these months, including those after " + Formats.month(month)
            + ": they are not as of the report month."
        : "");
  }

  private static String span(TreeMap<YearMonth, Double> s) {
    return s.isEmpty() ? "none" : Formats.month(s.firstKey()) + " - " + Formats.month(s.lastKey());
  }

  private static ReportPage seriesPage(Map<String, TreeMap<YearMonth, Double>> overall, List<Row> summaries,
      YearMonth month, String coverage) {
    TreeMap<YearMonth, Double> downloads = upTo(overall.get("downloads"), month);
    TreeMap<YearMonth, Double> newMrr = upTo(overall.get("new_mrr"), month);
    YearMonth from = downloads.isEmpty() ? month : downloads.firstKey();
    List<String> lines = new ArrayList<>();
    lines.add(coverage);
    Row cagr = summaries.stream().filter(r -> REVENUE_LEVEL.equals(r.getAs("series_y"))).findFirst().orElse(null);
    lines.add(cagr == null ? "CAGR: no downloads series in gold."
        : "CAGR side by side: downloads " + cagr(cagr, "cagr_x") + "; MRR " + cagr(cagr, "cagr_y") + ".");
    return new ReportPage("Downloads vs revenue", "Monthly downloads (left axis) and new MRR (right axis), "
        + Formats.month(from) + " - " + Formats.month(month) + " (months after the report month not shown)",
        List.of(new ReportPage.Chart(Charts.twoAxes("Downloads", "Downloads per month", downloads, "New MRR",
            "New MRR per month", newMrr), 300), new ReportPage.Text(lines)),
        List.of(MetricDefinition.DOWNLOADS, MetricDefinition.NEW_MRR, MetricDefinition.CAGR));
  }

  /** Complete months, a gap as null, from the series' first month to the report month. */
  private static TreeMap<YearMonth, Double> upTo(TreeMap<YearMonth, Double> s, YearMonth month) {
    TreeMap<YearMonth, Double> out = new TreeMap<>();
    if (s == null || s.isEmpty() || s.firstKey().isAfter(month)) {
      return out;
    }
    YearMonth last = s.floorKey(month);
    for (YearMonth m = s.firstKey(); !m.isAfter(last); m = m.plusMonths(1)) {
      out.put(m, s.get(m));
    }
    return out;
  }

  private static String cagr(Row r, String prefix) {
    Double rate = r.getAs(prefix);
    if (rate == null) {
      return "n/a (" + r.getAs(prefix + "_reason") + ")";
    }
    return Formats.signedPercent(rate) + " a year (" + Formats.month(Gold.month(r, prefix + "_from")) + " - "
        + Formats.month(Gold.month(r, prefix + "_to")) + ")";
  }

  /** Which weeks the weekly series cover (their Mondays), and that the coefficients use weeks after the month. */
  private static String weeklyCoverage(List<Row> weekly, YearMonth month) {
    TreeMap<java.time.LocalDate, Double> downloads = new TreeMap<>();
    TreeMap<java.time.LocalDate, Double> revenue = new TreeMap<>();
    for (Row r : weekly) {
      if (OVERALL.equals(r.getString(0)) && ("downloads".equals(r.getString(1)) || "new_customers".equals(r.getString(1)))) {
        ("downloads".equals(r.getString(1)) ? downloads : revenue).put(r.getDate(3).toLocalDate(), 0d);
      }
    }
    String text = "Weekly series as built by the last gold run (weeks from Monday): downloads " + weeks(downloads)
        + ", new customers " + weeks(revenue) + ".";
    boolean later = Stream.of(downloads, revenue).anyMatch(s -> !s.isEmpty()
        && s.lastKey().plusDays(6).isAfter(month.atEndOfMonth()));
    return text + (later ? " The coefficients use weeks after " + Formats.month(month) + ": they are not as of the "
        + "report month." : "");
  }

  private static String weeks(TreeMap<java.time.LocalDate, Double> s) {
    return s.isEmpty() ? "none" : "weeks of " + s.firstKey() + " - " + s.lastKey();
  }

  private static ReportPage lagPage(List<Row> lags, List<Row> summaries, String coverage, String period) {
    Map<String, TreeMap<Integer, Double>> bars = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    List<String> unreported = new ArrayList<>();
    for (String[] pair : LAG_PAIRS) {
      String label = pair[0];
      String y = pair[1];
      TreeMap<Integer, Double> byLag = new TreeMap<>();
      for (Row r : lags) {
        if (y.equals(r.getAs("series_y"))) {
          int lag = r.getAs("lag");
          byLag.put(lag, r.getAs("pearson_r"));
          if (!(Boolean) r.getAs("is_reported")) {
            unreported.add("lag " + lag + " (" + label + "): " + r.getAs("reason"));
          }
        }
      }
      bars.put("Downloads vs " + label, byLag);
      List<String> values = new ArrayList<>();
      byLag.forEach((lag, r) -> values.add(lag + ": " + (r == null ? "n/a" : Formats.coefficient(r))));
      lines.add("Pearson r by lag, " + label + ": " + String.join("   ", values));
      Row s = summaries.stream().filter(r -> y.equals(r.getAs("series_y"))).findFirst().orElse(null);
      lines.add("Downloads vs " + label + ": " + (s == null ? "no downloads series in gold"
          : s.getAs("peak_lag") == null ? "no peak (" + s.getAs("peak_reason") + ")"
          : "peak at lag " + s.getAs("peak_lag") + ", r " + Formats.coefficient(s.getAs("peak_pearson_r")) + ", n "
              + s.getAs("peak_n") + ", p " + Formats.pValue(s.getAs("peak_pearson_p")) + ", Bonferroni p "
              + Formats.pValue(s.getAs("peak_pearson_p_bonferroni")) + ", Spearman rho "
              + Formats.coefficient(s.getAs("peak_spearman_rho"))));
    }
    lines.add(unreported.isEmpty() ? "Every lag is reported." : "Not reported (no bar): " + String.join("; ", unreported));
    lines.add(coverage);
    boolean weekly = "week".equals(period);
    List<MetricDefinition> footnotes = new ArrayList<>(List.of(MetricDefinition.CORRELATION_LAG,
        MetricDefinition.CORRELATION_TRANSFORM, MetricDefinition.CORRELATION_GUARD, MetricDefinition.CORRELATION_PEAK));
    if (weekly) {
      footnotes.add(MetricDefinition.WEEKLY_REVENUE);
    }
    return new ReportPage((weekly ? "By week: d" : "D") + "ownloads vs new customers and new MRR, by lag",
        "Pearson r of " + period + "-to-" + period + " changes (diff), overall; lag in " + period + "s, > 0: downloads "
            + "move first",
        List.of(new ReportPage.Chart(Charts.lagBars(bars, "Lag (" + period + "s)"), weekly ? 220 : 240),
            new ReportPage.Text(lines)),
        footnotes);
  }
}
