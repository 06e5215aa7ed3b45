package io.osswarehouse.gold.funnel;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.generate.SampleDataGenerator;
import io.osswarehouse.pipeline.NightlyRun;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The funnel on a small generated world, against the generator's truth and its documented story. */
class FunnelEndToEndTest extends SparkTestBase {
  private static final LocalDate START = LocalDate.of(2024, 10, 1);
  private static final LocalDate END = LocalDate.of(2025, 9, 30);

  @TempDir
  static Path root;

  @Test
  void journeysFollowTheGeneratedStory() throws Exception {
    WarehouseConfig config = new WarehouseConfig(root.resolve("warehouse"), root.resolve("landing"), "USD", 0.05,
        null, 2);
    SampleDataGenerator.generate(config.landingDir(), 7, 150, START, END, "USD");
    Warehouse wh = new Warehouse(session(), config.warehouseDir());
    RunContext run = RunContext.start(config, wh, END, Progress.silent());
    NightlyRun.run(run);
    long journeys = new FunnelGoldStage(run).build();
    wh.registerAll();

    truthView(config.landingDir().resolve("_truth/customer_mrr_monthly.csv"), "truth_mrr");
    truthView(config.landingDir().resolve("_truth/identities.csv"), "truth_identities");
    truthView(config.landingDir().resolve("_truth/organizations.csv"), "truth_orgs");

    // Every customer that ever paid in the truth has exactly one journey, through its account.
    List<String> payingWithoutJourney = Tables.lines(session().sql("select distinct t.customer_id "
        + "from truth_mrr as t left join silver.account_identities as i on i.identity_type = 'billing_customer' "
        + "and i.identity_key = t.customer_id and i.is_primary and i.valid_to is null "
        + "left join gold.account_journeys as j on j.account_id = i.account_id "
        + "where cast(t.mrr as double) > 0 and j.account_id is null"));
    Assertions.assertTrue(payingWithoutJourney.isEmpty(), "paying customers without a journey: " + payingWithoutJourney);
    long payingAccounts = session().sql("select distinct i.account_id from truth_mrr as t "
        + "join silver.account_identities as i on i.identity_type = 'billing_customer' and i.identity_key = t.customer_id "
        + "and i.is_primary and i.valid_to is null where cast(t.mrr as double) > 0").count();
    Assertions.assertEquals(payingAccounts, journeys, "one journey per paying account, no more");

    // docs/generator.md: customers start using the project 30-240 days before the first bill, and their
    // people only join after that, so no community touch can lead the first payment by more than 240 days.
    List<String> leads = Tables.lines(session().sql(
        "select lead_time_days from gold.account_journeys where lead_time_days is not null"));
    Assertions.assertTrue(leads.size() >= 3, "too few journeys with community before paying: " + leads);
    Assertions.assertTrue(leads.stream().mapToInt(Integer::parseInt).allMatch(d -> d >= 1 && d <= 240),
        "lead times outside 1..240 days: " + leads);

    // A customer billed at its company domain and a member whose profile shows that domain (both linkable in
    // the truth) meet in one account: the member's first star is the journey's first star at the latest.
    Dataset<Row> linkedStars = session().sql("select o.customer_id, min(cast(s.starred_at as date)) as starred "
        + "from truth_identities as u join truth_orgs as o on o.org_id = u.org_id "
        + "join truth_identities as c on c.identity_type = 'billing_customer' and c.identity_key = o.customer_id "
        + "and c.reason = 'company-email' "
        + "join silver.stg_github__stargazers as s on s.user_login = u.identity_key and not s.is_bot "
        + "where u.identity_type = 'github_user' and u.expected_linkable = 'true' and u.valid_to is null "
        + "and o.customer_id in (select customer_id from truth_mrr where cast(mrr as double) > 0) "
        + "group by o.customer_id");
    linkedStars.createOrReplaceTempView("linked_stars");
    Assertions.assertTrue(linkedStars.count() >= 3, "too few linkable stargazing customers to mean anything");
    List<String> missed = Tables.lines(session().sql("select l.customer_id, l.starred, j.first_star_date "
        + "from linked_stars as l join silver.account_identities as i on i.identity_type = 'billing_customer' "
        + "and i.identity_key = l.customer_id and i.is_primary and i.valid_to is null "
        + "left join gold.account_journeys as j on j.account_id = i.account_id "
        + "where j.first_star_date is null or j.first_star_date > l.starred"));
    Assertions.assertTrue(missed.isEmpty(), "linkable stars missing from journeys: " + missed);

    // Conversions stay shares of organisations; ratios stay in their own column.
    Assertions.assertEquals(0L, session().sql("select * from gold.funnel_conversion_monthly where "
        + "(measure = 'organisation_conversion' and (ratio_per_1000 is not null or conversion_rate < 0 "
        + "or conversion_rate > 1)) or (measure = 'raw_count_ratio' and conversion_rate is not null)").count());
    Assertions.assertEquals(List.of("2025-09-01 | 5"), Tables.lines(session().sql(
        "select cast(max(month) as string), count(distinct stage) from gold.funnel_monthly")),
        "five stages per month up to the last complete month");
  }

  private void truthView(Path csv, String name) {
    Dataset<Row> df = session().read().option("header", "true").csv(csv.toString());
    df.createOrReplaceTempView(name);
  }
}
