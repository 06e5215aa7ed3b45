package io.osswarehouse.report;

import static io.osswarehouse.report.ReportTable.col;

import io.osswarehouse.gold.revenue.RevenueGoldStage;
import io.osswarehouse.report.ReportTable.Type;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/** NRR and GRR (trailing 12 months and monthly) for the summary, and their trend over 24 months. */
final class RetentionTrendSection implements ReportSection {
  private static final String TABLE = RevenueGoldStage.RETENTION;
  private static final int TREND_MONTHS = 24;

  @Override
  public String title() {
    return "Revenue retention";
  }

  @Override
  public List<String> goldTables() {
    return List.of(TABLE);
  }

  @Override
  public Content build(ReportInputs in, YearMonth month) {
    YearMonth first = month.minusMonths(TREND_MONTHS - 1);
    List<Row> rows = in.rows("select r.*, b.currency from " + TABLE + " r left join "
        + RevenueGoldStage.BRIDGE + " b using (month) where r.month between " + Gold.date(first) + " and "
        + Gold.date(month) + " order by r.variant desc, r.month");
    List<Row> yearly = rows.stream().filter(r -> "trailing_12m".equals(r.getAs("variant"))).toList();
    List<Row> monthly = rows.stream().filter(r -> "monthly".equals(r.getAs("variant"))).toList();

    List<Kpi> kpis = List.of(
        kpi(MetricDefinition.NRR_12M, yearly, "nrr", month), kpi(MetricDefinition.GRR_12M, yearly, "grr", month),
        kpi(MetricDefinition.NRR_MONTHLY, monthly, "nrr", month), kpi(MetricDefinition.GRR_MONTHLY, monthly, "grr", month));

    Map<String, TreeMap<YearMonth, BigDecimal>> series = new LinkedHashMap<>();
    series.put("NRR (12 months)", series(yearly, "nrr"));
    series.put("GRR (12 months)", series(yearly, "grr"));
    series.put("NRR (monthly)", series(monthly, "nrr"));
    series.put("GRR (monthly)", series(monthly, "grr"));
    YearMonth shownFrom = rows.stream().map(r -> Gold.month(r, "month")).min(YearMonth::compareTo).orElse(month);

    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(Formats.month(month) + ":");
    for (Kpi k : kpis) {
      line.append("   ").append(k.metric().label()).append(' ').append(Formats.value(k, k.value()));
    }
    lines.add(line.toString());
    ReportPage page = new ReportPage("Net and gross revenue retention",
        Formats.month(shownFrom) + " - " + Formats.month(month) + ", % of the base customers' MRR (100% = kept all)",
        List.of(new ReportPage.Chart(Charts.retentionTrend(series), 340), new ReportPage.Text(lines)),
        List.of(MetricDefinition.NRR_12M, MetricDefinition.GRR_12M, MetricDefinition.NRR_MONTHLY,
            MetricDefinition.GRR_MONTHLY));

    ReportTable table = ReportTable.of("revenue_retention", "NRR and GRR by month and base, " + shownFrom + " to "
        + month, TABLE, List.of(col("month", Type.MONTH), col("variant", Type.TEXT), col("nrr", Type.RATIO),
        col("grr", Type.RATIO), col("base_customers", Type.COUNT), col("retained_customers", Type.COUNT),
        col("currency", Type.TEXT), col("base_mrr", Type.MONEY), col("current_mrr", Type.MONEY)), rows);
    return new Content(kpis, List.of(page), List.of(table), List.of());
  }

  private static Kpi kpi(MetricDefinition metric, List<Row> rows, String column, YearMonth month) {
    return new Kpi(metric, Kpi.Kind.RATIO, "ratio", Gold.at(rows, "month", month, column),
        Gold.at(rows, "month", month.minusMonths(1), column), Gold.at(rows, "month", month.minusMonths(12), column));
  }

  private static TreeMap<YearMonth, BigDecimal> series(List<Row> rows, String column) {
    TreeMap<YearMonth, BigDecimal> out = new TreeMap<>();
    rows.forEach(r -> out.put(Gold.month(r, "month"), r.getAs(column)));
    return out;
  }
}
