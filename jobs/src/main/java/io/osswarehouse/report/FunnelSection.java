package io.osswarehouse.report;

import static io.osswarehouse.report.ReportTable.col;

import io.osswarehouse.gold.funnel.FunnelGoldStage;
import io.osswarehouse.report.ReportTable.Type;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The community-to-revenue funnel of the month (docs/funnel.md): the five stages at organisation grain
 * with the raw counts beside them, the conversions between stages next to the raw-count ratios (labelled
 * as what they are), the three fits, and the account journeys (share of new customers with community
 * activity before paying, lead-time distribution). Every figure is read from the funnel's gold tables;
 * the summary's conversion is the organisation conversion from activation to monetization.
 */
final class FunnelSection implements ReportSection {
  /** The summary's conversion: activated organisations that went on to pay, the step that is a sale. */
  static final String SUMMARY_CONVERSION = "activation_to_monetization";
  private static final String ORGANISATION_CONVERSION = "organisation_conversion";
  private static final String RAW_COUNT_RATIO = "raw_count_ratio";

  /** Lead-time histogram bins in days, inclusive; the last is open-ended. */
  static final int[][] LEAD_TIME_BINS = {{1, 30}, {31, 60}, {61, 90}, {91, 120}, {121, 180}, {181, 240},
      {241, 365}, {366, Integer.MAX_VALUE}};

  /** Raw counts shown beside each stage: gold column, label, kind. */
  private record RawCount(String column, String label, boolean ratio) {}

  private static final Map<String, List<RawCount>> RAW_COUNTS = Map.of(
      "intent", List.of(new RawCount("stars", "stars", false), new RawCount("docs_pageviews", "docs page views", false),
          new RawCount("web_visitors", "web visitors", false)),
      "action", List.of(new RawCount("downloads", "downloads", false), new RawCount("sign_ups", "sign-ups", false),
          new RawCount("contributors", "contributors", false),
          new RawCount("issues_and_prs", "issues and PRs", false)),
      "activation", List.of(),
      "monetization", List.of(new RawCount("paying_customers", "paying customers", false),
          new RawCount("new_customers", "new customers", false)),
      "retention", List.of(new RawCount("logo_retention", "logo retention", true), new RawCount("nrr", "NRR", true),
          new RawCount("nrr_trailing_12m", "NRR (12 months)", true)));

  @Override
  public String title() {
    return "Funnel";
  }

  @Override
  public List<String> goldTables() {
    return List.of(FunnelGoldStage.FUNNEL, FunnelGoldStage.CONVERSION, FunnelGoldStage.FIT, FunnelGoldStage.JOURNEYS,
        FunnelGoldStage.JOURNEY_SUMMARY);
  }

  @Override
  public Content build(ReportInputs in, YearMonth month) {
    String window = " where month between " + Gold.date(month.minusMonths(11)) + " and " + Gold.date(month);
    List<Row> funnel = in.rows("select * from " + FunnelGoldStage.FUNNEL + window + " order by month, stage_order");
    List<Row> conversion = in.rows("select * from " + FunnelGoldStage.CONVERSION + window
        + " order by month, measure, name");
    List<Row> fit = in.rows("select * from " + FunnelGoldStage.FIT + window + " order by month");
    List<Row> summaryConversion = in.rows("select month, conversion_rate from " + FunnelGoldStage.CONVERSION
        + " where measure = '" + ORGANISATION_CONVERSION + "' and name = '" + SUMMARY_CONVERSION + "' and month in ("
        + Gold.date(month) + ", " + Gold.date(month.minusMonths(1)) + ", " + Gold.date(month.minusMonths(12)) + ")");
    Kpi kpi = new Kpi(MetricDefinition.CONVERSION, Kpi.Kind.RATIO, "organisations",
        Gold.at(summaryConversion, "month", month, "conversion_rate"),
        Gold.at(summaryConversion, "month", month.minusMonths(1), "conversion_rate"),
        Gold.at(summaryConversion, "month", month.minusMonths(12), "conversion_rate"));

    List<Row> stages = funnel.stream().filter(r -> Gold.month(r, "month").equals(month)).toList();
    if (stages.isEmpty()) {
      // The funnel stops at the last complete month of the last run: an open month has no row yet.
      return new Content(List.of(kpi), List.of(), List.of(), List.of("not available: " + FunnelGoldStage.FUNNEL
          + " has no row for " + Formats.month(month) + " yet (Funnel)"));
    }
    List<Row> monthConversion = conversion.stream().filter(r -> Gold.month(r, "month").equals(month)).toList();
    Row monthFit = fit.stream().filter(r -> Gold.month(r, "month").equals(month)).findFirst().orElse(null);

    // 'overall' first, then the quarters up to the month's, in order. Selected by the cohort's label ('2025-Q1'
    // sorts as text), not by cohort_quarter, which gold leaves null (trunc(..., 'Q') is not a Spark unit).
    String quarter = month.getYear() + "-Q" + ((month.getMonthValue() + 2) / 3);
    List<Row> cohorts = in.rows("select * from " + FunnelGoldStage.JOURNEY_SUMMARY
        + " where cohort = 'overall' or cohort <= '" + quarter + "'").stream()
        .sorted(java.util.Comparator.comparing((Row r) -> !"overall".equals(r.getAs("cohort")))
            .thenComparing(r -> r.<String>getAs("cohort"))).toList();
    Row span = in.rows("select min(first_payment_month), max(first_payment_month) from "
        + FunnelGoldStage.JOURNEYS).get(0);
    List<Long> leadTimes = in.rows("select lead_time_days from " + FunnelGoldStage.JOURNEYS
        + " where lead_time_days is not null and first_payment_month <= " + Gold.date(month)).stream()
        .map(r -> ((Number) r.get(0)).longValue()).toList();
    LinkedHashMap<String, Long> histogram = histogram(leadTimes);

    List<ReportPage> pages = List.of(stagesPage(stages, month), conversionPage(monthConversion, monthFit, month),
        journeysPage(cohorts, span, histogram, leadTimes.size(), month));

    List<List<Object>> bins = new ArrayList<>();
    for (int i = 0; i < LEAD_TIME_BINS.length; i++) {
      int[] b = LEAD_TIME_BINS[i];
      bins.add(java.util.Arrays.asList((long) b[0], b[1] == Integer.MAX_VALUE ? null : (long) b[1],
          histogram.get(binLabel(b))));
    }
    List<ReportTable> tables = List.of(
        ReportTable.of("funnel_monthly", "Funnel stages by month, organisations and raw counts, "
            + month.minusMonths(11) + " to " + month, FunnelGoldStage.FUNNEL, List.of(col("month", Type.MONTH),
            col("stage_order", Type.COUNT), col("stage", Type.TEXT), col("accounts", Type.COUNT),
            col("new_accounts", Type.COUNT), col("stars", Type.COUNT), col("docs_pageviews", Type.COUNT),
            col("web_visitors", Type.COUNT), col("downloads", Type.COUNT), col("sign_ups", Type.COUNT),
            col("contributors", Type.COUNT), col("issues_and_prs", Type.COUNT), col("paying_customers", Type.COUNT),
            col("new_customers", Type.COUNT), col("logo_retention", Type.RATIO), col("nrr", Type.RATIO),
            col("nrr_trailing_12m", Type.RATIO)), funnel),
        ReportTable.of("funnel_conversion", "Organisation conversions between stages and raw-count ratios (not "
            + "conversions), " + month.minusMonths(11) + " to " + month, FunnelGoldStage.CONVERSION, List.of(
            col("month", Type.MONTH), col("measure", Type.TEXT), col("name", Type.TEXT), col("from_stage", Type.TEXT),
            col("to_stage", Type.TEXT), col("numerator_label", Type.TEXT), col("numerator", Type.NUMBER),
            col("denominator_label", Type.TEXT), col("denominator", Type.NUMBER), col("conversion_rate", Type.RATIO),
            col("ratio_per_1000", Type.NUMBER), col("label", Type.TEXT)), conversion),
        ReportTable.of("fit_monthly", "Project-community, product-market and value-market fit by month, "
            + month.minusMonths(11) + " to " + month, FunnelGoldStage.FIT, List.of(col("month", Type.MONTH),
            col("stars", Type.COUNT), col("stars_growth", Type.RATIO), col("contributors", Type.COUNT),
            col("contributors_growth", Type.RATIO), col("downloads", Type.COUNT), col("downloads_growth", Type.RATIO),
            col("active_accounts", Type.COUNT), col("activated_accounts", Type.COUNT),
            col("paying_accounts", Type.COUNT), col("paying_customers", Type.COUNT), col("new_customers", Type.COUNT),
            col("mrr", Type.MONEY), col("mrr_growth", Type.RATIO), col("nrr", Type.RATIO),
            col("nrr_trailing_12m", Type.RATIO)), fit),
        ReportTable.of("account_journey_summary", "New paying organisations with community activity before paying, "
            + "and lead times, overall and by first-payment quarter up to " + month, FunnelGoldStage.JOURNEY_SUMMARY,
            List.of(col("cohort", Type.TEXT), col("cohort_quarter", Type.MONTH), col("new_paying_accounts", Type.COUNT),
                col("with_community_before_paying", Type.COUNT), col("share_with_community", Type.RATIO),
                col("lead_time_n", Type.COUNT), col("lead_time_p25_days", Type.NUMBER),
                col("lead_time_p50_days", Type.NUMBER), col("lead_time_p75_days", Type.NUMBER),
                col("lead_time_p90_days", Type.NUMBER)), cohorts),
        new ReportTable("account_journey_lead_times", "Organisations by lead time from first community touch to "
            + "first payment (days), first payments up to " + month, FunnelGoldStage.JOURNEYS,
            List.of(col("from_days", Type.COUNT), col("to_days", Type.COUNT), col("accounts", Type.COUNT)), bins));
    return new Content(List.of(kpi), pages, tables, List.of());
  }

  private static ReportPage stagesPage(List<Row> stages, YearMonth month) {
    LinkedHashMap<String, Number> bars = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    for (Row r : stages) {
      String stage = r.getAs("stage");
      long accounts = number(r, "accounts").longValueExact();
      bars.put(capitalised(stage), accounts);
      List<String> raw = new ArrayList<>();
      for (RawCount c : RAW_COUNTS.getOrDefault(stage, List.of())) {
        BigDecimal v = number(r, c.column());
        raw.add(c.label() + " " + (v == null ? "n/a" : c.ratio() ? Formats.percent(v) : Formats.count(v)));
      }
      lines.add(capitalised(stage) + ": " + Formats.count(BigDecimal.valueOf(accounts)) + " organisations ("
          + Formats.count(number(r, "new_accounts")) + " new)" + (raw.isEmpty() ? "" : "; " + String.join(", ", raw)));
    }
    lines.add("Organisations and raw counts are different grains: many stars or downloads can come from one "
        + "organisation, and downloads have no organisation at all. Customers are billing customers.");
    return new ReportPage("Funnel, " + Formats.month(month), "Organisations in each stage in " + Formats.month(month)
        + " (accounts linked to community and billing identities), with the stage's raw counts",
        List.of(new ReportPage.Chart(Charts.bars(bars, null, "Organisations", "#,##0", true), 200),
            new ReportPage.Text(lines)),
        List.of(MetricDefinition.FUNNEL_STAGES, MetricDefinition.ACTIVATION));
  }

  private static ReportPage conversionPage(List<Row> conversion, Row fit, YearMonth month) {
    LinkedHashMap<String, Number> bars = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    lines.add("Conversion between stages, organisation grain, cumulative through " + Formats.month(month) + ":");
    for (Row r : conversion) {
      if (ORGANISATION_CONVERSION.equals(r.getAs("measure"))) {
        BigDecimal rate = number(r, "conversion_rate");
        String step = capitalised(r.getAs("from_stage")) + " -> " + r.getAs("to_stage");
        bars.put(step, rate == null ? null : rate.doubleValue());
        lines.add(step + ": " + (rate == null ? "n/a" : Formats.percent(rate)) + " ("
            + Formats.count(number(r, "numerator")) + " of " + Formats.count(number(r, "denominator"))
            + " organisations)");
      }
    }
    lines.add("Raw-count ratios: two counts of different things in the month, NOT conversion rates (a download is "
        + "not an organisation; downloads -> customers is not a conversion):");
    for (Row r : conversion) {
      if (RAW_COUNT_RATIO.equals(r.getAs("measure"))) {
        BigDecimal ratio = number(r, "ratio_per_1000");
        lines.add(r.getAs("label") + ": " + (ratio == null ? "n/a" : String.format(Locale.US, "%,.2f", ratio)
            + " per 1,000"));
      }
    }
    if (fit == null) {
      lines.add("Fits: no row for " + Formats.month(month) + " in " + FunnelGoldStage.FIT + ".");
    } else {
      lines.add("Project-community fit: stars " + count(fit, "stars") + " (" + growth(fit, "stars_growth")
          + "), contributors " + count(fit, "contributors") + " (" + growth(fit, "contributors_growth") + ")");
      lines.add("Product-market fit: downloads " + count(fit, "downloads") + " (" + growth(fit, "downloads_growth")
          + "), active organisations " + count(fit, "active_accounts") + ", activated organisations "
          + count(fit, "activated_accounts") + ", paying organisations " + count(fit, "paying_accounts"));
      BigDecimal mrr = number(fit, "mrr");
      lines.add("Value-market fit: paying customers " + count(fit, "paying_customers") + ", new customers "
          + count(fit, "new_customers") + ", MRR " + (mrr == null ? "n/a" : Formats.money(mrr)) + " ("
          + growth(fit, "mrr_growth") + "), NRR (monthly) " + ratio(fit, "nrr") + ", NRR (12 months) "
          + ratio(fit, "nrr_trailing_12m"));
      lines.add("Growth in brackets: change vs " + Formats.month(month.minusMonths(1)) + ".");
    }
    return new ReportPage("Conversion and the three fits, " + Formats.month(month), "Share of organisations that "
        + "reached a stage and went on to the next, cumulative through " + Formats.month(month) + "; ratios and fits "
        + "of the month",
        List.of(new ReportPage.Chart(Charts.bars(bars, null, "Conversion", "0%", false), 190),
            new ReportPage.Text(lines)),
        List.of(MetricDefinition.CONVERSION_STEPS, MetricDefinition.RAW_COUNT_RATIO,
            MetricDefinition.PROJECT_COMMUNITY_FIT, MetricDefinition.PRODUCT_MARKET_FIT,
            MetricDefinition.VALUE_MARKET_FIT));
  }

  private static ReportPage journeysPage(List<Row> cohorts, Row span, LinkedHashMap<String, Long> histogram,
      int withLeadTime, YearMonth month) {
    List<String> lines = new ArrayList<>();
    YearMonth first = span.isNullAt(0) ? null : YearMonth.from(span.getDate(0).toLocalDate());
    YearMonth last = span.isNullAt(1) ? null : YearMonth.from(span.getDate(1).toLocalDate());
    lines.add("Journeys as built by the last gold run: first payments " + (first == null ? "none"
        : Formats.month(first) + " - " + Formats.month(last)) + "." + (last != null && last.isAfter(month)
        ? " The overall cohort and the quarter of " + Formats.month(month) + " include first payments after it."
        : ""));
    for (Row c : cohorts) {
      BigDecimal share = number(c, "share_with_community");
      long n = number(c, "lead_time_n").longValueExact();
      lines.add(c.getAs("cohort") + ": " + count(c, "new_paying_accounts") + " new paying organisations, "
          + count(c, "with_community_before_paying") + " with community activity before paying ("
          + (share == null ? "n/a" : Formats.percent(share)) + "); lead time (" + n + " organisations): "
          + (n == 0 ? "n/a" : "median " + days(c, "lead_time_p50_days") + ", quartiles " + days(c, "lead_time_p25_days")
              + " - " + days(c, "lead_time_p75_days") + ", 90th percentile " + days(c, "lead_time_p90_days")));
    }
    List<String> counts = new ArrayList<>();
    histogram.forEach((bin, n) -> counts.add(bin + ": " + n));
    lines.add("Lead times in days (" + withLeadTime + " organisations with first payment up to " + Formats.month(month)
        + "): " + String.join(", ", counts));
    return new ReportPage("Account journeys: community before paying", "Organisations by days from first community "
        + "touch to first payment, first payments up to " + Formats.month(month),
        List.of(new ReportPage.Chart(Charts.bars(new LinkedHashMap<>(histogram), "Lead time (days)", "Organisations",
            "#,##0", false), 220), new ReportPage.Text(lines)),
        List.of(MetricDefinition.COMMUNITY_BEFORE_PAYING, MetricDefinition.LEAD_TIME));
  }

  static LinkedHashMap<String, Long> histogram(List<Long> leadTimes) {
    LinkedHashMap<String, Long> out = new LinkedHashMap<>();
    for (int[] b : LEAD_TIME_BINS) {
      out.put(binLabel(b), leadTimes.stream().filter(d -> d >= b[0] && d <= b[1]).count());
    }
    return out;
  }

  private static String binLabel(int[] bin) {
    return bin[1] == Integer.MAX_VALUE ? bin[0] + "+" : bin[0] + "-" + bin[1];
  }

  /** A gold value as a decimal, whatever its numeric type; null stays null. */
  private static BigDecimal number(Row r, String column) {
    Object v = r.get(r.fieldIndex(column));
    if (v == null) {
      return null;
    }
    return v instanceof BigDecimal d ? d : v instanceof Double x ? BigDecimal.valueOf(x)
        : BigDecimal.valueOf(((Number) v).longValue());
  }

  private static String count(Row r, String column) {
    BigDecimal v = number(r, column);
    return v == null ? "n/a" : Formats.count(v);
  }

  private static String ratio(Row r, String column) {
    BigDecimal v = number(r, column);
    return v == null ? "n/a" : Formats.percent(v);
  }

  private static String growth(Row r, String column) {
    BigDecimal v = number(r, column);
    return v == null ? "n/a" : Formats.signedPercent(v.doubleValue());
  }

  private static String days(Row r, String column) {
    BigDecimal v = number(r, column);
    return v == null ? "n/a" : String.format(Locale.US, "%.1f days", v);
  }

  private static String capitalised(String s) {
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
