package io.osswarehouse.gold.funnel;

import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.gold.correlation.CorrelationGoldStage;
import io.osswarehouse.gold.revenue.RevenueGoldStage;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.silver.accounts.AccountsStage;
import io.osswarehouse.silver.billing.BillingSilverStage;
import io.osswarehouse.silver.github.GithubRestSilverStage;
import io.osswarehouse.silver.github.GithubSilverStage;
import io.osswarehouse.silver.web.WebSilverStage;
import io.osswarehouse.spark.SqlModels;
import io.osswarehouse.spark.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The community-to-revenue funnel (docs/funnel.md): five stages per month at organisation grain next to
 * the raw counts, conversions between stages, the three fits, and each paying account's journey. Every
 * table is small (months, stages, paying accounts), so all five are rebuilt whole on each run; the inputs
 * are the accounts dimension, the silver community tables and the revenue and correlation gold tables.
 */
public final class FunnelGoldStage {
  /** The catalog step this class builds. */
  public static final String STEP = "funnel";

  public static final String FUNNEL = Catalog.FUNNEL_MONTHLY.name();
  public static final String CONVERSION = Catalog.FUNNEL_CONVERSION_MONTHLY.name();
  public static final String FIT = Catalog.FIT_MONTHLY.name();
  public static final String JOURNEYS = Catalog.ACCOUNT_JOURNEYS.name();
  public static final String JOURNEY_SUMMARY = Catalog.ACCOUNT_JOURNEY_SUMMARY.name();

  /** The columns read from each input; a table not written yet reads as empty with these columns. */
  static final Map<String, String> INPUT_COLUMNS = Map.ofEntries(
      Map.entry(AccountsStage.IDENTITIES, "identity_type string, identity_key string, account_id string, "
          + "is_primary boolean, valid_from timestamp, valid_to timestamp"),
      Map.entry(AccountsStage.ACCOUNTS, "account_id string, account_name string"),
      Map.entry(GithubSilverStage.EVENTS, "event_type string, action string, actor_id bigint, actor_login string, "
          + "is_bot boolean, created_at timestamp, created_date date"),
      Map.entry(GithubRestSilverStage.STARGAZERS, "user_id bigint, is_bot boolean, starred_at timestamp"),
      Map.entry(AccountsStage.COMMIT_AUTHORS, "author_email_domain string, is_distinct boolean, is_bot boolean, "
          + "created_at timestamp"),
      Map.entry(WebSilverStage.GA4_EVENTS, "user_id string, user_pseudo_id string, event_name string, "
          + "event_at timestamp, event_date date"),
      Map.entry(BillingSilverStage.SEGMENTS, "customer_id string, started_at timestamp, counts_toward_mrr boolean, "
          + "monthly_billed_amount decimal(18,6)"),
      Map.entry(RevenueGoldStage.CUSTOMER_MRR, "customer_id string, month date, mrr decimal(18,2)"),
      Map.entry(CorrelationGoldStage.SERIES, "scope string, series string, side string, period_start date, "
          + "value double"));

  /** The inputs as the models' views. */
  public record Inputs(Dataset<Row> identities, Dataset<Row> accounts, Dataset<Row> githubEvents,
      Dataset<Row> stargazers, Dataset<Row> commitAuthors, Dataset<Row> ga4Events, Dataset<Row> segments,
      Dataset<Row> customerMrr, Dataset<Row> bridge, Dataset<Row> retention, Dataset<Row> communitySeries) {}

  /** The five gold tables, and the intermediates cached to build them (release with {@link #unpersist()}). */
  public record Output(Dataset<Row> funnel, Dataset<Row> conversion, Dataset<Row> fit, Dataset<Row> journeys,
      Dataset<Row> journeySummary, List<Dataset<Row>> cached) {
    public void unpersist() {
      cached.forEach(Dataset::unpersist);
    }
  }

  private final RunContext run;

  public FunnelGoldStage(RunContext run) {
    this.run = run;
  }

  /** Pure: every touch of an identity resolved to its account (int_account_touches). */
  public static Dataset<Row> touches(SparkSession spark, Inputs in) {
    return SqlModels.run(spark, "gold/int_account_touches", Map.of("identities", in.identities(),
        "github_events", in.githubEvents(), "stargazers", in.stargazers(), "commit_authors", in.commitAuthors(),
        "ga4_events", in.ga4Events(), "customer_mrr", in.customerMrr()), Map.of());
  }

  /**
   * Pure: the five tables for the months from the first with any touch, revenue or community data to
   * {@code to} (the last complete month: a month still running would show a fake drop).
   */
  public static Output compute(SparkSession spark, Inputs in, YearMonth to) {
    Dataset<Row> touches = touches(spark, in).cache();
    YearMonth from = firstMonth(touches, in, to);
    Map<String, String> months = Map.of("from_month", from.atDay(1).toString(), "to_month", to.atDay(1).toString());
    Dataset<Row> stageMonths = stageMonths(spark, touches, from, to).cache();
    Dataset<Row> funnel = SqlModels.run(spark, "gold/funnel_monthly", Map.of("stage_months", stageMonths,
        "community_series", in.communitySeries(), "github_events", in.githubEvents(), "ga4_events", in.ga4Events(),
        "bridge", in.bridge(), "retention", in.retention()), months).cache();
    Dataset<Row> conversion = SqlModels.run(spark, "gold/funnel_conversion_monthly",
        Map.of("stage_months", stageMonths, "funnel", funnel), months);
    Dataset<Row> fit = SqlModels.run(spark, "gold/fit_monthly", Map.of("funnel", funnel, "bridge", in.bridge()),
        Map.of());
    Dataset<Row> journeys = SqlModels.run(spark, "gold/account_journeys", Map.of("touches", touches,
        "stage_months", stageMonths, "accounts", in.accounts(), "segments", in.segments()), Map.of()).cache();
    Dataset<Row> summary = SqlModels.run(spark, "gold/account_journey_summary", Map.of("journeys", journeys),
        Map.of());
    return new Output(funnel, conversion, fit, journeys, summary, List.of(touches, stageMonths, funnel, journeys));
  }

  /** Pure: the accounts in each stage per month from {@code from} to {@code to} (int_account_stage_months). */
  static Dataset<Row> stageMonths(SparkSession spark, Dataset<Row> touches, YearMonth from, YearMonth to) {
    return SqlModels.run(spark, "gold/int_account_stage_months", Map.of("touches", touches),
        Map.of("from_month", from.atDay(1).toString(), "to_month", to.atDay(1).toString()));
  }

  private static YearMonth firstMonth(Dataset<Row> touches, Inputs in, YearMonth to) {
    LocalDate first = Stream.of(
            minDate(touches.selectExpr("min(touch_date)")),
            minDate(in.bridge().selectExpr("min(month)")),
            minDate(in.communitySeries().selectExpr("min(period_start)")))
        .filter(Objects::nonNull).min(LocalDate::compareTo).orElse(to.atDay(1));
    YearMonth month = YearMonth.from(first);
    return month.isAfter(to) ? to : month;
  }

  private static LocalDate minDate(Dataset<Row> oneValue) {
    Row row = oneValue.first();
    return row.isNullAt(0) ? null : ((Date) row.get(0)).toLocalDate();
  }

  /** Returns the number of paying-account journeys written; nothing before there is revenue. */
  public long build() {
    Warehouse wh = run.warehouse();
    SparkSession spark = wh.spark();
    Dataset<Row> bridge = wh.readOrNull(RevenueGoldStage.BRIDGE);
    Dataset<Row> retention = wh.readOrNull(RevenueGoldStage.RETENTION);
    if (bridge == null || retention == null) {
      run.progress().info("gold funnel: no revenue yet");
      return 0;
    }
    Inputs in = inputs(wh, bridge, retention);
    Output out = compute(spark, in, CorrelationGoldStage.lastCompleteMonth(run.runDate()));
    long journeys = out.journeys().count();
    run.progress().info("gold: writing %s, %s, %s, %s (%d paying accounts) and %s", FUNNEL, CONVERSION, FIT,
        JOURNEYS, journeys, JOURNEY_SUMMARY);
    wh.overwrite(FUNNEL, out.funnel());
    wh.overwrite(CONVERSION, out.conversion());
    wh.overwrite(FIT, out.fit());
    wh.overwrite(JOURNEYS, out.journeys());
    wh.overwrite(JOURNEY_SUMMARY, out.journeySummary());
    out.unpersist();
    return journeys;
  }

  /** The stage's inputs from the warehouse; a missing silver or gold input reads as empty. */
  static Inputs inputs(Warehouse wh, Dataset<Row> bridge, Dataset<Row> retention) {
    return new Inputs(orEmpty(wh, AccountsStage.IDENTITIES), orEmpty(wh, AccountsStage.ACCOUNTS),
        orEmpty(wh, GithubSilverStage.EVENTS), orEmpty(wh, GithubRestSilverStage.STARGAZERS),
        orEmpty(wh, AccountsStage.COMMIT_AUTHORS), orEmpty(wh, WebSilverStage.GA4_EVENTS),
        orEmpty(wh, BillingSilverStage.SEGMENTS), orEmpty(wh, RevenueGoldStage.CUSTOMER_MRR), bridge, retention,
        orEmpty(wh, CorrelationGoldStage.SERIES));
  }

  private static Dataset<Row> orEmpty(Warehouse wh, String table) {
    StructType schema = StructType.fromDDL(INPUT_COLUMNS.get(table));
    Dataset<Row> df = wh.readOrNull(table);
    return df != null ? df.selectExpr(schema.fieldNames()) : wh.spark().createDataFrame(List.of(), schema);
  }
}
