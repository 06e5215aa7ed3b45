package io.osswarehouse.report;

import static io.osswarehouse.report.ReportTable.col;

import io.osswarehouse.gold.revenue.RevenueGoldStage;
import io.osswarehouse.report.ReportTable.Type;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * Logo retention of the last twelve first-payment cohorts, months 0 to 12 after their first payment,
 * as observed up to the report month (later cells of gold, written by later runs, are left out).
 */
final class CohortSection implements ReportSection {
  private static final String TABLE = RevenueGoldStage.COHORTS;
  private static final int COHORTS = 12;
  private static final int MAX_AGE = 12;

  @Override
  public String title() {
    return "Cohort retention";
  }

  @Override
  public List<String> goldTables() {
    return List.of(TABLE, RevenueGoldStage.BRIDGE);
  }

  @Override
  public Content build(ReportInputs in, YearMonth month) {
    List<Row> rows = in.rows("select c.*, (select max(currency) from " + RevenueGoldStage.BRIDGE
        + ") as currency from " + TABLE + " c where cohort_month between " + Gold.date(month.minusMonths(COHORTS - 1))
        + " and " + Gold.date(month) + " and months_since <= " + MAX_AGE
        + " and add_months(cohort_month, months_since) <= " + Gold.date(month) + " order by cohort_month, months_since");
    Map<YearMonth, BigDecimal[]> grid = new TreeMap<>();
    Map<YearMonth, Long> sizes = new TreeMap<>();
    for (Row r : rows) {
      YearMonth cohort = Gold.month(r, "cohort_month");
      grid.computeIfAbsent(cohort, c -> new BigDecimal[MAX_AGE + 1])[r.<Integer>getAs("months_since")] =
          r.getAs("logo_retention");
      sizes.put(cohort, r.getAs("cohort_customers"));
    }
    List<String> rowLabels = new ArrayList<>();
    List<List<BigDecimal>> values = new ArrayList<>();
    grid.forEach((cohort, cells) -> {
      rowLabels.add(cohort + " (" + sizes.get(cohort) + ")");
      values.add(Arrays.asList(cells));
    });
    List<String> columns = new ArrayList<>();
    for (int k = 0; k <= MAX_AGE; k++) {
      columns.add("m" + k);
    }
    String subtitle = rows.isEmpty() ? "no first-payment cohort in the twelve months to " + Formats.month(month)
        : "% of each first-payment cohort (size in brackets) paying k months later, cohorts "
            + rowLabels.get(0).substring(0, 7) + " - " + month + ", as observed up to " + Formats.month(month);
    ReportPage page = new ReportPage("Cohort logo retention", subtitle,
        List.of(new ReportPage.Heatmap("cohort (customers)", rowLabels, columns, values)),
        List.of(MetricDefinition.COHORT_LOGO_RETENTION, MetricDefinition.COHORT_REVENUE_RETENTION));
    ReportTable table = ReportTable.of("cohort_retention", "Cohort retention, cohorts of the 12 months to " + month,
        TABLE, List.of(col("cohort_month", Type.MONTH), col("months_since", Type.COUNT),
            col("cohort_customers", Type.COUNT), col("active_customers", Type.COUNT), col("logo_retention", Type.RATIO),
            col("currency", Type.TEXT), col("cohort_mrr", Type.MONEY), col("mrr", Type.MONEY),
            col("revenue_retention", Type.RATIO)), rows);
    return new Content(List.of(), List.of(page), List.of(table), List.of());
  }
}
