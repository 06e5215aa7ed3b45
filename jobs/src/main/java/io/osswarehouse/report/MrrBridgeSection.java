package io.osswarehouse.report;

import static io.osswarehouse.report.ReportTable.col;

import io.osswarehouse.gold.revenue.RevenueGoldStage;
import io.osswarehouse.report.ReportTable.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.time.YearMonth;
import org.apache.spark.sql.Row;

/**
 * MRR, ARR and customer counts for the summary, and the MRR bridge as two waterfalls: the month, and
 * the trailing twelve months (the window's movements summed, from the MRR before its first month).
 */
final class MrrBridgeSection implements ReportSection {
  private static final String TABLE = RevenueGoldStage.BRIDGE;
  /** Waterfall steps: label, gold column, sign. */
  private static final List<String[]> MOVEMENTS = List.of(
      new String[] {"New", "new_mrr", "+"},
      new String[] {"Expansion", "expansion_mrr", "+"},
      new String[] {"Reactivation", "reactivation_mrr", "+"},
      new String[] {"Contraction", "contraction_mrr", "-"},
      new String[] {"Churned", "churned_mrr", "-"},
      new String[] {"FX", "fx_mrr", "+"});

  @Override
  public String title() {
    return "MRR bridge";
  }

  @Override
  public List<String> goldTables() {
    return List.of(TABLE);
  }

  @Override
  public Content build(ReportInputs in, YearMonth month) {
    List<Row> rows = in.rows("select * from " + TABLE + " where month between "
        + Gold.date(month.minusMonths(12)) + " and " + Gold.date(month) + " order by month");
    String currency = rows.get(rows.size() - 1).getAs("currency");
    YearMonth prev = month.minusMonths(1);
    YearMonth lastYear = month.minusMonths(12);

    List<Kpi> kpis = new ArrayList<>();
    kpis.add(kpi(MetricDefinition.MRR, Kpi.Kind.MONEY, currency, rows, "ending_mrr", month, 1));
    kpis.add(kpi(MetricDefinition.ARR, Kpi.Kind.MONEY, currency, rows, "ending_mrr", month, 12));
    kpis.add(kpi(MetricDefinition.PAYING_CUSTOMERS, Kpi.Kind.COUNT, "customers", rows, "ending_customers", month, 1));
    kpis.add(kpi(MetricDefinition.NEW_CUSTOMERS, Kpi.Kind.COUNT, "customers", rows, "new_customers", month, 1));
    kpis.add(kpi(MetricDefinition.CHURNED_CUSTOMERS, Kpi.Kind.COUNT, "customers", rows, "churned_customers", month, 1));

    List<Row> window = rows.stream().filter(r -> Gold.month(r, "month").isAfter(lastYear)).toList();
    YearMonth first = Gold.month(window.get(0), "month");
    List<Step> monthSteps = steps(List.of(window.get(window.size() - 1)));
    List<Step> windowSteps = steps(window);

    List<ReportPage> pages = List.of(
        page("MRR bridge, " + Formats.month(month), "Movements of " + Formats.month(month) + " from "
            + Formats.month(prev) + "'s closing MRR; " + currency, monthSteps, currency),
        page("MRR bridge, trailing 12 months", (first.equals(month.minusMonths(11)) ? "" : "only months with data: ")
            + Formats.month(first) + " - " + Formats.month(month) + ", movements summed, from "
            + Formats.month(first.minusMonths(1)) + "'s closing MRR; " + currency, windowSteps, currency));

    List<ReportTable> tables = List.of(
        stepsTable("mrr_bridge_month", "MRR bridge, " + month, monthSteps, currency),
        stepsTable("mrr_bridge_trailing_12m", "MRR bridge, " + first + " to " + month + " (movements summed)",
            windowSteps, currency),
        ReportTable.of("mrr_bridge_monthly", "MRR bridge by month, " + first + " to " + month, TABLE, List.of(
            col("month", Type.MONTH), col("currency", Type.TEXT), col("starting_mrr", Type.MONEY),
            col("new_mrr", Type.MONEY), col("expansion_mrr", Type.MONEY), col("reactivation_mrr", Type.MONEY),
            col("contraction_mrr", Type.MONEY), col("churned_mrr", Type.MONEY), col("fx_mrr", Type.MONEY),
            col("ending_mrr", Type.MONEY), col("starting_customers", Type.COUNT), col("ending_customers", Type.COUNT),
            col("new_customers", Type.COUNT), col("churned_customers", Type.COUNT),
            col("reactivated_customers", Type.COUNT), col("expanded_customers", Type.COUNT),
            col("contracted_customers", Type.COUNT)), window));
    return new Content(kpis, pages, tables, List.of());
  }

  private static Kpi kpi(MetricDefinition metric, Kpi.Kind kind, String unit, List<Row> rows, String column,
      YearMonth month, int multiplier) {
    BigDecimal factor = BigDecimal.valueOf(multiplier);
    java.util.function.Function<YearMonth, BigDecimal> at = m -> {
      BigDecimal v = Gold.at(rows, "month", m, column);
      return v == null ? null : v.multiply(factor);
    };
    return new Kpi(metric, kind, unit, at.apply(month), at.apply(month.minusMonths(1)), at.apply(month.minusMonths(12)));
  }

  /** One bar of a waterfall: the start and end are levels, the rest signed movements. */
  record Step(String label, BigDecimal amount) {}

  /** Start (the first row's starting MRR), each movement summed over the rows, end (the last row's ending MRR). */
  private static List<Step> steps(List<Row> rows) {
    List<Step> steps = new ArrayList<>();
    steps.add(new Step("Start", rows.get(0).getAs("starting_mrr")));
    for (String[] m : MOVEMENTS) {
      BigDecimal sum = rows.stream().map(r -> (BigDecimal) r.getAs(m[1])).reduce(BigDecimal.ZERO, BigDecimal::add);
      steps.add(new Step(m[0], m[2].equals("-") ? sum.negate() : sum));
    }
    steps.add(new Step("End", rows.get(rows.size() - 1).getAs("ending_mrr")));
    return steps;
  }

  private static ReportPage page(String title, String subtitle, List<Step> steps, String currency) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      boolean level = i == 0 || i == steps.size() - 1;
      line.append(i == 0 ? "" : "   ").append(s.label()).append(' ')
          .append(level ? Formats.money(s.amount()) : Formats.signedMoney(s.amount()));
    }
    return new ReportPage(title, subtitle, List.of(
        new ReportPage.Chart(Charts.waterfall(steps, currency), 330),
        new ReportPage.Text(List.of(line + "   (" + currency + ")"))),
        List.of(MetricDefinition.MRR_BRIDGE, MetricDefinition.MRR));
  }

  private static ReportTable stepsTable(String name, String title, List<Step> steps, String currency) {
    List<List<Object>> rows = steps.stream().map(s -> List.<Object>of(s.label(), currency, s.amount())).toList();
    return new ReportTable(name, title, TABLE, List.of(col("step", Type.TEXT), col("currency", Type.TEXT),
        col("amount", Type.MONEY)), rows);
  }
}
