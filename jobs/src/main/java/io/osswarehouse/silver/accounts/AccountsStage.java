package io.osswarehouse.silver.accounts;

import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.github.GhArchiveSource;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.pipeline.StageLog;
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
  public static final String COMMIT_AUTHORS = "silver.stg_github__commit_authors";
  public static final String IDENTITIES = "silver.account_identities";
  public static final String ACCOUNTS = "silver.dim_accounts";
  public static final String USERS = "silver.stg_github__users";
  public static final String GA4_EVENTS = "silver.stg_ga4__events";
  public static final String PERIODS = "silver.stg_billing__subscription_periods";

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

  /** Bronze tables whose records reach the accounts' silver inputs. */
  private static final List<String> BRONZE_INPUTS = List.of("bronze.stripe__objects",
      "bronze.billing__subscription_periods", "bronze.github__events", "bronze.github__rest_records",
      "bronze.web__ga4_events");

  /**
   * Whether the tables exist and no run that has not completed silver brought records (or re-landed
   * copies, which can make an older GA4 version current again) into any input: then nothing to do.
   */
  private boolean upToDate(Warehouse wh) {
    if (!wh.exists(COMMIT_AUTHORS) || !wh.exists(IDENTITIES) || !wh.exists(ACCOUNTS)) {
      return false;
    }
    String pending = StageLog.pendingPredicate(StageLog.completedRuns(run, BillingSilverStage.STAGE));
    Dataset<Row> audit = wh.readOrNull(AuditLog.TABLE);
    return BRONZE_INPUTS.stream().map(wh::readOrNull).filter(java.util.Objects::nonNull)
        .allMatch(b -> b.where(pending).isEmpty())
        && (audit == null || audit.withColumnRenamed("run_id", IngestMetadata.RUN_ID)
            .where("stage = 'ingest' AND outcome = '" + AuditLog.DUPLICATE + "'").where(pending).isEmpty());
  }

  /** Rebuilds the three tables when an input changed; returns the number of accounts (0 when skipped). */
  public long build() {
    Warehouse wh = run.warehouse();
    SparkSession spark = wh.spark();
    if (upToDate(wh)) {
      run.progress().info("silver accounts: nothing new");
      return 0;
    }
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
    // Cached: the conflict resolution reads the links several times.
    Dataset<Row> links = links(spark, new Sources(customers, orEmpty(PERIODS), events,
        wh.read(COMMIT_AUTHORS), orEmpty(USERS), orEmpty(GA4_EVENTS))).cache();
    wh.overwrite(IDENTITIES, identities(spark, links));
    links.unpersist();
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
