package io.osswarehouse.gold.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The funnel's definitions on a small world, January to April 2025:
 * <ul>
 *   <li>acme: a GitHub user stars on Jan 10, before the profile link (from Mar 1) is known; a linked web user
 *       visits and signs up on Mar 20; acme's customer first pays on Apr 15.</li>
 *   <li>beta: commits with beta.io on Feb 10 (Monday, 7 weeks before the week of Mar 31), Mar 5 and Mar 31:
 *       three distinct weeks inside March's 8-week window, so activated in March; pays from Mar 1.</li>
 *   <li>gamma: commits on Feb 9 (Sunday, the 9th week back), Mar 5, Mar 6 (same week) and Mar 31: two weeks
 *       inside the window, never activated.</li>
 *   <li>delta: only a bot's star, which must not count anywhere.</li>
 *   <li>zeta: a customer paying from March without any community touch.</li>
 * </ul>
 */
class FunnelGoldStageTest extends SparkTestBase {
  private static final YearMonth TO = YearMonth.of(2025, 4);

  private Dataset<Row> empty(String table) {
    return spark().createDataFrame(List.of(), StructType.fromDDL(FunnelGoldStage.INPUT_COLUMNS.get(table)));
  }

  private static Timestamp ts(String s) {
    return Timestamp.valueOf(s.length() == 10 ? s + " 12:00:00" : s);
  }

  private static Date d(String s) {
    return Date.valueOf(s);
  }

  private FunnelGoldStage.Output world() {
    String identity = FunnelGoldStage.INPUT_COLUMNS.get("silver.account_identities");
    Dataset<Row> identities = rows(identity,
        new Object[] {"github_user", "1", "acc_acme", true, ts("2025-03-01 00:00:00"), null},
        new Object[] {"web_user", "u-acme", "acc_acme", true, ts("2025-03-20 10:00:00"), null},
        new Object[] {"email_domain", "beta.io", "acc_beta", true, ts("2024-01-01 00:00:00"), null},
        new Object[] {"email_domain", "gamma.io", "acc_gamma", true, ts("2024-01-01 00:00:00"), null},
        new Object[] {"github_user", "99", "acc_delta", true, ts("2024-01-01 00:00:00"), null},
        new Object[] {"billing_customer", "cus_acme", "acc_acme", true, ts("2025-04-01 00:00:00"), null},
        new Object[] {"billing_customer", "cus_beta", "acc_beta", true, ts("2025-02-20 00:00:00"), null},
        new Object[] {"billing_customer", "cus_zeta", "acc_zeta", true, ts("2025-03-01 00:00:00"), null});
    Dataset<Row> accounts = rows(FunnelGoldStage.INPUT_COLUMNS.get("silver.dim_accounts"),
        new Object[] {"acc_acme", "Acme"}, new Object[] {"acc_beta", "Beta"}, new Object[] {"acc_zeta", "Zeta"});
    Dataset<Row> stargazers = rows(FunnelGoldStage.INPUT_COLUMNS.get("silver.stg_github__stargazers"),
        new Object[] {1L, false, ts("2025-01-10")},
        new Object[] {99L, true, ts("2025-03-03")});
    Dataset<Row> commits = rows(FunnelGoldStage.INPUT_COLUMNS.get("silver.stg_github__commit_authors"),
        new Object[] {"beta.io", true, false, ts("2025-02-10")},
        new Object[] {"beta.io", true, false, ts("2025-03-05")},
        new Object[] {"beta.io", true, false, ts("2025-03-31")},
        new Object[] {"beta.io", false, false, ts("2025-03-18")},
        new Object[] {"gamma.io", true, false, ts("2025-02-09")},
        new Object[] {"gamma.io", true, false, ts("2025-03-05")},
        new Object[] {"gamma.io", true, false, ts("2025-03-06")},
        new Object[] {"gamma.io", true, false, ts("2025-03-31")},
        new Object[] {"gamma.io", true, true, ts("2025-03-18")});
    Dataset<Row> events = rows(FunnelGoldStage.INPUT_COLUMNS.get("silver.stg_github__events"),
        new Object[] {"IssuesEvent", "opened", 5L, "someone", false, ts("2025-03-12"), d("2025-03-12")},
        new Object[] {"IssuesEvent", "closed", 5L, "someone", false, ts("2025-03-13"), d("2025-03-13")},
        new Object[] {"PullRequestEvent", "opened", 98L, "renovate[bot]", true, ts("2025-03-14"), d("2025-03-14")});
    Dataset<Row> ga4 = rows(FunnelGoldStage.INPUT_COLUMNS.get("silver.stg_ga4__events"),
        new Object[] {"u-acme", "p1", "page_view", ts("2025-03-20 09:00:00"), d("2025-03-20")},
        new Object[] {"u-acme", "p1", "sign_up", ts("2025-03-20 10:00:00"), d("2025-03-20")},
        new Object[] {null, "p2", "page_view", ts("2025-03-21"), d("2025-03-21")});
    Dataset<Row> segments = rows(FunnelGoldStage.INPUT_COLUMNS.get("silver.fct_mrr_segments"),
        new Object[] {"cus_acme", ts("2025-04-15 00:00:00"), true, new BigDecimal("100.000000")},
        new Object[] {"cus_beta", ts("2025-02-20 00:00:00"), true, BigDecimal.ZERO},
        new Object[] {"cus_beta", ts("2025-03-01 00:00:00"), true, new BigDecimal("50.000000")},
        new Object[] {"cus_zeta", ts("2025-03-10 00:00:00"), true, new BigDecimal("70.000000")});
    Dataset<Row> customerMrr = rows(FunnelGoldStage.INPUT_COLUMNS.get("gold.customer_mrr_monthly"),
        new Object[] {"cus_beta", d("2025-03-01"), new BigDecimal("50.00")},
        new Object[] {"cus_beta", d("2025-04-01"), new BigDecimal("50.00")},
        new Object[] {"cus_zeta", d("2025-03-01"), new BigDecimal("70.00")},
        new Object[] {"cus_zeta", d("2025-04-01"), new BigDecimal("70.00")},
        new Object[] {"cus_acme", d("2025-04-01"), new BigDecimal("100.00")});
    Dataset<Row> bridge = rows("month date, ending_customers bigint, new_customers bigint, ending_mrr decimal(20,2)",
        new Object[] {d("2025-03-01"), 2L, 2L, new BigDecimal("120.00")},
        new Object[] {d("2025-04-01"), 3L, 1L, new BigDecimal("220.00")});
    Dataset<Row> retention = rows("month date, variant string, nrr decimal(12,6), retained_customers bigint, "
            + "base_customers bigint",
        new Object[] {d("2025-04-01"), "monthly", new BigDecimal("1.000000"), 2L, 2L});
    Dataset<Row> series = rows(FunnelGoldStage.INPUT_COLUMNS.get("gold.correlation_series_monthly"),
        new Object[] {"overall", "downloads", "community", d("2025-04-01"), 2000d},
        new Object[] {"overall", "stars", "community", d("2025-04-01"), 40d},
        new Object[] {"pypi:osswh", "downloads", "community", d("2025-04-01"), 1500d},
        new Object[] {"overall", "ending_mrr", "revenue", d("2025-04-01"), 220d});
    return FunnelGoldStage.compute(spark(), new FunnelGoldStage.Inputs(identities, accounts, events, stargazers,
        commits, ga4, segments, customerMrr, bridge, retention, series), TO);
  }

  @Test
  void touchesResolveToTheLinkInForceOrTheFirstLinkAndSkipBots() {
    Dataset<Row> touches = FunnelGoldStage.touches(spark(), new FunnelGoldStage.Inputs(
        rows(FunnelGoldStage.INPUT_COLUMNS.get("silver.account_identities"),
            new Object[] {"github_user", "1", "acc_old", true, ts("2025-03-01 00:00:00"), ts("2025-06-01 00:00:00")},
            new Object[] {"github_user", "1", "acc_new", true, ts("2025-06-01 00:00:00"), null},
            new Object[] {"github_user", "1", "acc_weak", false, ts("2025-01-01 00:00:00"), null},
            new Object[] {"github_user", "99", "acc_bot", true, ts("2024-01-01 00:00:00"), null}),
        empty("silver.dim_accounts"), empty("silver.stg_github__events"),
        rows(FunnelGoldStage.INPUT_COLUMNS.get("silver.stg_github__stargazers"),
            new Object[] {1L, false, ts("2025-01-10")}),
        empty("silver.stg_github__commit_authors"),
        empty("silver.stg_ga4__events"), empty("silver.fct_mrr_segments"), empty("gold.customer_mrr_monthly"),
        null, null, null));
    assertEquals(List.of("acc_old | star | 2025-01-10"),
        Tables.lines(touches, "account_id", "kind", "cast(touch_date as string)"),
        "a star before any primary link goes to the first primary link, never to a non-primary one");
  }

  @Test
  void funnelCountsOrganisationsPerStageNextToRawCounts() {
    FunnelGoldStage.Output out = world();
    assertEquals(List.of(
            "2025-03-01 | 1 | intent | 1 | 0 | null | 2 | null",
            "2025-03-01 | 2 | action | 3 | 1 | null | 1 | 1",
            "2025-03-01 | 3 | activation | 1 | 1 | null | null | null",
            "2025-03-01 | 4 | monetization | 2 | 2 | null | null | null",
            "2025-03-01 | 5 | retention | 0 | 0 | null | null | null",
            "2025-04-01 | 1 | intent | 0 | 0 | 40 | null | null",
            "2025-04-01 | 2 | action | 0 | 0 | 2000 | null | null",
            "2025-04-01 | 3 | activation | 0 | 0 | null | null | null",
            "2025-04-01 | 4 | monetization | 3 | 1 | null | null | null",
            "2025-04-01 | 5 | retention | 2 | 2 | null | null | null"),
        Tables.lines(out.funnel().where("month >= '2025-03-01'"), "cast(month as string)", "stage_order", "stage",
            "accounts", "new_accounts", "coalesce(stars, downloads)", "coalesce(web_visitors, issues_and_prs)",
            "coalesce(sign_ups, contributors)"),
        "acme is not new to intent in March (it starred in January); action in March: acme's sign-up, beta's and gamma's commits; only beta has 3 active weeks in the window; "
            + "one human issue opened (the bot's PR and the closing event do not count)");
    assertEquals(List.of("2025-01-01 | intent | 1", "2025-02-01 | action | 2"),
        Tables.lines(out.funnel().where("month < '2025-03-01' and accounts > 0"), "cast(month as string)", "stage",
            "accounts"),
        "acme's star counts in January although its link starts in March; delta's bot star counts nowhere");
    assertEquals(List.of("2025-04-01 | 3 | 1 | 1.000000 | 1.000000"),
        Tables.lines(out.funnel().where("month = '2025-04-01' and stage in ('monetization', 'retention')"),
            "cast(month as string)", "max(paying_customers) over ()", "max(new_customers) over ()",
            "max(logo_retention) over ()", "max(nrr) over ()").stream().distinct().toList());
  }

  @Test
  void conversionsAreCumulativeOrganisationSharesAndRatiosAreLabelledApart() {
    FunnelGoldStage.Output out = world();
    assertEquals(List.of(
            "action_to_activation | 1.0 | 3.0 | 0.333333",
            "activation_to_monetization | 1.0 | 1.0 | 1.000000",
            "intent_to_action | 1.0 | 1.0 | 1.000000",
            "monetization_to_retention | 2.0 | 3.0 | 0.666667"),
        Tables.lines(out.conversion().where("month = '2025-04-01' and measure = 'organisation_conversion'"),
            "name", "numerator", "denominator", "conversion_rate"),
        "zeta pays without any community touch: it counts for retention but converts from nothing");
    assertEquals(List.of(
            "new_customers_per_1000_downloads | 0.500000 | Ratio, not a conversion: new customers (billing) per 1,000 downloads",
            "new_customers_per_1000_stars | 25.000000 | Ratio, not a conversion: new customers (billing) per 1,000 stars",
            "paying_customers_per_1000_downloads | 1.500000 | Ratio, not a conversion: paying customers (billing) per 1,000 downloads",
            "sign_ups_per_1000_web_visitors | null | Ratio, not a conversion: sign-ups per 1,000 web visitors"),
        Tables.lines(out.conversion().where("month = '2025-04-01' and measure = 'raw_count_ratio'"),
            "name", "ratio_per_1000", "label"));
    assertEquals(0L, out.conversion().where("(measure = 'organisation_conversion' and ratio_per_1000 is not null) "
        + "or (measure = 'raw_count_ratio' and conversion_rate is not null)").count(), "never both in one row");
  }

  @Test
  void journeysMeasureLeadTimeFromFirstCommunityTouchToFirstBilledDay() {
    FunnelGoldStage.Output out = world();
    assertEquals(List.of(
            "acc_acme | Acme | 2025-01-10 | 2025-03-20 | null | 2025-04-01 | 2025-04-15 | true | 95",
            "acc_beta | Beta | null | null | 2025-03-01 | 2025-03-01 | 2025-03-01 | true | 19",
            "acc_zeta | Zeta | null | null | null | 2025-03-01 | 2025-03-10 | false | null"),
        Tables.lines(out.journeys(), "account_id", "account_name", "cast(first_star_date as string)",
            "cast(first_sign_up_date as string)", "cast(first_activation_month as string)",
            "cast(first_payment_month as string)", "cast(first_payment_date as string)",
            "has_community_before_paying", "lead_time_days"),
        "beta's zero-amount charge of Feb 20 is not its first payment; zeta has no community before paying");
    assertEquals(List.of(
            "2025-Q1 | 2025-01-01 | 2 | 1 | 0.500000 | 1 | 19.0 | 19.0",
            "2025-Q2 | 2025-04-01 | 1 | 1 | 1.000000 | 1 | 95.0 | 95.0",
            "overall | null | 3 | 2 | 0.666667 | 2 | 57.0 | 87.4"),
        Tables.lines(out.journeySummary(), "cohort", "cast(cohort_quarter as string)", "new_paying_accounts", "with_community_before_paying",
            "share_with_community", "lead_time_n", "lead_time_p50_days", "lead_time_p90_days"));
  }

  @Test
  void fitReusesTheFunnelAndTheBridge() {
    FunnelGoldStage.Output out = world();
    assertEquals(List.of(
            "2025-03-01 | null | 1 | 3 | 1 | 2 | 2 | 120.00 | null",
            "2025-04-01 | 2000 | null | 0 | 0 | 3 | 3 | 220.00 | 0.833333"),
        Tables.lines(out.fit().where("month >= '2025-03-01'"), "cast(month as string)", "downloads", "contributors",
            "active_accounts", "activated_accounts", "paying_accounts", "paying_customers", "mrr", "mrr_growth"));
  }
}
