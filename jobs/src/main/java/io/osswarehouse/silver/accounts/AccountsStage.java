package io.osswarehouse.silver.accounts;

import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.github.GhArchiveSource;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.silver.billing.BillingSilverStage;
import io.osswarehouse.silver.github.GithubSilverStage;
import io.osswarehouse.spark.SqlModels;
import io.osswarehouse.spark.Warehouse;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The accounts dimension (docs/accounts.md): commit authors from the GH Archive pushes, then every
 * identity the sources carry linked to an organisation by documented rules, then one row per account.
 * All three tables are small next to the events and are rebuilt whole from silver on every run
 * (overwrite), so re-running or re-landing changes nothing and a rule change applies to all history.
 * Inputs built by other stages may not exist yet: a missing table reads as empty.
 */
public final class AccountsStage {
  /** The catalog step this class builds. */
  public static final String STEP = "accounts";

  public static final String COMMIT_AUTHORS = Catalog.STG_GITHUB__COMMIT_AUTHORS.name();
  public static final String IDENTITIES = Catalog.ACCOUNT_IDENTITIES.name();
  public static final String ACCOUNTS = Catalog.DIM_ACCOUNTS.name();
  public static final String USERS = Catalog.STG_GITHUB__USERS.name();
  public static final String GA4_EVENTS = Catalog.STG_GA4__EVENTS.name();
  public static final String PERIODS = Catalog.STG_BILLING__SUBSCRIPTION_PERIODS.name();

  /** The contract's columns of each input this stage reads, used when the table does not exist yet. */
  static final Map<String, String> INPUT_COLUMNS = Map.of(
      BillingSilverStage.CUSTOMERS, "customer_id STRING, customer_name STRING, email_sha256 STRING,"
          + " email_domain STRING, metadata MAP<STRING, STRING>, created_at TIMESTAMP",
      PERIODS, "subscription_id STRING, customer_id STRING, start_date DATE",
      GithubSilverStage.EVENTS, "event_id STRING, repo_id BIGINT, repo_name STRING, actor_id BIGINT,"
          + " actor_login STRING, org_id BIGINT, org_login STRING, is_bot BOOLEAN, event_type STRING,"
          + " action STRING, created_at TIMESTAMP, created_date DATE",
      USERS, "user_id BIGINT, user_login STRING, company STRING, company_domain STRING, email_sha256 STRING,"
          + " email_domain STRING, snapshot_date DATE",
      GA4_EVENTS, "event_key STRING, event_at TIMESTAMP, event_name STRING, user_id STRING,"
          + " email_sha256 STRING, email_domain STRING");

  /** The silver tables the link rules read, as the model's views. */
  public record Sources(Dataset<Row> customers, Dataset<Row> subscriptionPeriods, Dataset<Row> githubEvents,
      Dataset<Row> commitAuthors, Dataset<Row> githubUsers, Dataset<Row> ga4Events) {}

  private final RunContext run;

  public AccountsStage(RunContext run) {
    this.run = run;
  }

  /** Pure: bronze GH Archive rows and their silver events in, one row per pushed commit out. */
  public static Dataset<Row> commitAuthors(SparkSession spark, Dataset<Row> bronzeEvents, Dataset<Row> events) {
    return SqlModels.run(spark, "silver/stg_github__commit_authors",
        Map.of("github_events", bronzeEvents, "events", events), Map.of());
  }

  /** Pure: every rule's links (not stored; see {@code int_account_links.sql}). */
  public static Dataset<Row> links(SparkSession spark, Sources in) {
    return SqlModels.run(spark, "silver/int_account_links", Map.of(
        "customers", in.customers(),
        "subscription_periods", in.subscriptionPeriods(),
        "github_events", in.githubEvents(),
        "commit_authors", in.commitAuthors(),
        "github_users", in.githubUsers(),
        "ga4_events", in.ga4Events()), Map.of());
  }

  /** Pure: links in, time-aware identity-to-account rows with the primary link marked out. */
  public static Dataset<Row> identities(SparkSession spark, Dataset<Row> links) {
    return SqlModels.run(spark, "silver/account_identities", Map.of("account_links", links), Map.of());
  }

  /** Pure: identities and Stripe customers in, one row per account out. */
  public static Dataset<Row> accounts(SparkSession spark, Dataset<Row> identities, Dataset<Row> customers) {
    return SqlModels.run(spark, "silver/dim_accounts",
        Map.of("identities", identities, "customers", customers), Map.of());
  }

  /**
   * Rebuilds the three tables from whatever silver holds; returns the number of accounts. Whether anything
   * changed is the runner's question (the versions of the inputs since the last build), not this one's.
   */
  public long build() {
    Warehouse wh = run.warehouse();
    SparkSession spark = wh.spark();
    Dataset<Row> events = orEmpty(GithubSilverStage.EVENTS);
    GhArchiveSource gharchive = new GhArchiveSource();
    Dataset<Row> bronze = wh.readOrNull(gharchive.bronzeTable());
    if (bronze == null) {
      bronze = spark.createDataFrame(List.of(), IngestMetadata.withMetadata(gharchive.recordSchema()));
    }
    run.progress().info("silver: %s", COMMIT_AUTHORS);
    wh.overwrite(COMMIT_AUTHORS, commitAuthors(spark, bronze, events));

    run.progress().info("silver: %s, %s", IDENTITIES, ACCOUNTS);
    Dataset<Row> customers = orEmpty(BillingSilverStage.CUSTOMERS);
    // The conflict resolution reads the links several times. Materialised without their lineage, so the
    // identities query is planned over the rows alone: a cached plan would be analysed and compared whole
    // by every query on it (docs/performance.md). The rows live on the executors for this step only; if
    // one is lost meanwhile, the step fails and the next run rebuilds it.
    Dataset<Row> links = links(spark, new Sources(customers, orEmpty(PERIODS), events,
        wh.read(COMMIT_AUTHORS), orEmpty(USERS), orEmpty(GA4_EVENTS))).localCheckpoint();
    wh.overwrite(IDENTITIES, identities(spark, links));
    wh.overwrite(ACCOUNTS, accounts(spark, wh.read(IDENTITIES), customers));
    long count = wh.read(ACCOUNTS).count();
    run.progress().info("silver accounts: %,d account(s)", count);
    return count;
  }

  private Dataset<Row> orEmpty(String table) {
    Dataset<Row> df = run.warehouse().readOrNull(table);
    return df != null ? df
        : run.warehouse().spark().createDataFrame(List.of(), StructType.fromDDL(INPUT_COLUMNS.get(table)));
  }
}
