package io.osswarehouse.cli;

import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.gold.revenue.RevenueGoldStage;
import io.osswarehouse.spark.Warehouse;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Print the latest MRR and its bridge, NRR/GRR, churn, a cohort retention table, and where the "
        + "tables live.")
final class SummaryCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @Option(names = "--months", defaultValue = "6", description = "Months of bridge history (default ${DEFAULT-VALUE}).")
  int months;

  @Option(names = "--cohorts", defaultValue = "12", description = "Cohorts in the retention table (default ${DEFAULT-VALUE}).")
  int cohorts;

  @Override
  public Integer call() {
    WarehouseConfig cfg = cli.config();
    Warehouse wh = cli.warehouse(cfg);
    if (!wh.exists(RevenueGoldStage.BRIDGE)) {
      throw new IllegalStateException("no gold tables in " + WarehouseConfig.display(cfg.warehouse()) + " yet; run `warehouse run --date YYYY-MM-DD` first");
    }
    SparkSession spark = wh.spark();
    PrintStream out = System.out;
    String cur = cfg.reportingCurrency();

    Row last = spark.sql("select month, ending_mrr, ending_customers from " + RevenueGoldStage.BRIDGE
        + " order by month desc limit 1").first();
    BigDecimal mrr = last.getDecimal(1);
    out.printf("%nMRR %s: %s %s (ARR %s %s), %d paying customers%n", last.get(0).toString().substring(0, 7),
        money(mrr), cur, money(mrr.multiply(BigDecimal.valueOf(12))), cur, last.getLong(2));

    out.printf("%nMRR bridge, last %d months (%s)%n", months, cur);
    ResultPrinter.table(spark.sql("select date_format(month, 'yyyy-MM') as month, starting_mrr, new_mrr, expansion_mrr,"
        + " reactivation_mrr, contraction_mrr, churned_mrr, fx_mrr, ending_mrr, ending_customers as customers"
        + " from (select * from " + RevenueGoldStage.BRIDGE + " order by month desc limit " + months
        + ") order by month"), months, out);

    out.printf("%nRevenue retention and churn, latest months%n");
    ResultPrinter.table(spark.sql("select date_format(r.month, 'yyyy-MM') as month,"
        + " max(case when variant = 'monthly' then round(nrr * 100, 1) end) as nrr_monthly_pct,"
        + " max(case when variant = 'monthly' then round(grr * 100, 1) end) as grr_monthly_pct,"
        + " max(case when variant = 'trailing_12m' then round(nrr * 100, 1) end) as nrr_12m_pct,"
        + " max(case when variant = 'trailing_12m' then round(grr * 100, 1) end) as grr_12m_pct,"
        + " max(round(c.logo_churn_rate * 100, 1)) as logo_churn_pct, max(round(c.quick_ratio, 2)) as quick_ratio"
        + " from " + RevenueGoldStage.RETENTION + " r left join " + RevenueGoldStage.CHURN + " c using (month)"
        + " group by r.month order by r.month desc limit 3"), 3, out);

    cohortTable(spark, out);
    community(wh, out);

    out.printf("%nTables live in %s (bronze/, silver/, gold/, meta/), one Delta table per folder.%n",
        WarehouseConfig.display(cfg.warehouse()));
    out.println("Query them with, for example:");
    out.println("  bin/warehouse sql \"select * from gold.mrr_bridge_monthly order by month\"");
    out.println("  bin/warehouse sql \"select * from gold.customer_mrr_monthly where movement = 'churn'\" --format csv");
    out.println("  bin/warehouse status");
    return 0;
  }

  /**
   * The community side for the latest complete month: the correlation's own monthly series (one
   * definition of downloads, stars and docs page views), web visits and sign-ups, and the accounts.
   */
  private void community(Warehouse wh, PrintStream out) {
    SparkSession spark = wh.spark();
    String series = io.osswarehouse.gold.correlation.CorrelationGoldStage.SERIES;
    if (wh.exists(series)) {
      List<Row> rows = spark.sql("with s as (select series, period_start, value from " + series
          + " where scope = 'overall' and side = 'community'), latest as (select series, max(period_start) as m"
          + " from s group by series) select l.series, date_format(l.m, 'yyyy-MM'), cur.value, prev.value"
          + " from latest l join s cur on cur.series = l.series and cur.period_start = l.m"
          + " left join s prev on prev.series = l.series and prev.period_start = add_months(l.m, -1)"
          + " order by l.series").collectAsList();
      if (!rows.isEmpty()) {
        out.printf("%nCommunity, latest complete month (downloads without CI, mirrors and bots; new stars;"
            + " docs page views)%n");
        for (Row r : rows) {
          String change = r.isNullAt(3) || r.getDouble(3) == 0 ? "" : String.format("  (%+.1f%% vs previous month)",
              (r.getDouble(2) / r.getDouble(3) - 1) * 100);
          out.printf("  %-16s %s %,14.0f%s%n", r.getString(0), r.getString(1), r.getDouble(2), change);
        }
      }
    }
    if (wh.exists(Catalog.FCT_WEB_DAILY.name())) {
      out.printf("%nWeb, last 30 days of data per site and source%n");
      ResultPrinter.table(spark.sql("select site, source, sum(visitors) as visitor_days, sum(pageviews) as pageviews,"
          + " sum(docs_pageviews) as docs_pageviews, sum(signups) as signups from silver.fct_web_daily w"
          + " where activity_date > (select date_sub(max(activity_date), 30) from silver.fct_web_daily"
          + " where site = w.site and source = w.source) group by site, source order by site, source"), 20, out);
    }
    if (wh.exists(Catalog.DIM_ACCOUNTS.name()) && wh.exists(Catalog.ACCOUNT_IDENTITIES.name())) {
      Row a = spark.sql("select (select count(*) from silver.dim_accounts),"
          + " (select count(distinct identity_type, identity_key) from silver.account_identities where is_current)")
          .first();
      out.printf("%nAccounts: %,d organisations and customers, %,d identities linked to them%n", a.getLong(0),
          a.getLong(1));
    }
  }

  /** Logo retention (% of the cohort paying) by months since first payment, latest cohorts. */
  private void cohortTable(SparkSession spark, PrintStream out) {
    List<Row> rows = spark.sql("select date_format(cohort_month, 'yyyy-MM'), months_since, cohort_customers,"
        + " logo_retention from " + RevenueGoldStage.COHORTS + " where cohort_month >= (select add_months(max(cohort_month), -"
        + (cohorts - 1) + ") from " + RevenueGoldStage.COHORTS + ") and months_since <= 12").collectAsList();
    Map<String, Map<Integer, BigDecimal>> grid = new TreeMap<>();
    Map<String, Long> sizes = new TreeMap<>();
    for (Row r : rows) {
      grid.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getInt(1), r.getDecimal(3));
      sizes.put(r.getString(0), r.getLong(2));
    }
    out.printf("%nCohort logo retention: %% of each first-payment cohort paying N months later%n");
    StringBuilder header = new StringBuilder(String.format("%-8s %6s", "cohort", "size"));
    for (int k = 0; k <= 12; k++) {
      header.append(String.format(" %5s", "m" + k));
    }
    out.println(header);
    grid.forEach((cohort, cells) -> {
      StringBuilder line = new StringBuilder(String.format("%-8s %6d", cohort, sizes.get(cohort)));
      cells.forEach((k, v) -> line.append(String.format(" %5s", v.multiply(BigDecimal.valueOf(100))
          .setScale(0, RoundingMode.HALF_UP).toPlainString())));
      out.println(line);
    });
  }

  private static String money(BigDecimal v) {
    return String.format("%,.2f", v);
  }
}
