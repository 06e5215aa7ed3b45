package io.osswarehouse.silver.github;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.functions.lit;

import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.github.GhArchiveSource;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.pipeline.StageLog;
import io.osswarehouse.silver.billing.BillingSilverStage;
import io.osswarehouse.spark.SqlModels;
import io.osswarehouse.spark.Warehouse;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code silver.stg_github__events} incrementally: the event ids in bronze rows of runs that
 * have not completed the silver stage are recomputed from all their bronze copies and MERGEd.
 */
public final class GithubSilverStage {
  /** The catalog step this class builds. */
  public static final String STEP = "github";

  public static final String EVENTS = Catalog.STG_GITHUB__EVENTS.name();
  public static final String HOURS = Catalog.STG_GITHUB__ARCHIVE_HOURS.name();
  public static final String REPO_DAILY = Catalog.FCT_GITHUB_REPO_DAILY.name();

  private final RunContext run;

  public GithubSilverStage(RunContext run) {
    this.run = run;
  }

  /** Pure: bronze event rows in, one normalised row per event out. */
  public static Dataset<Row> events(org.apache.spark.sql.SparkSession spark, Dataset<Row> bronzeEvents) {
    return SqlModels.run(spark, "silver/stg_github__events", Map.of("github_events", bronzeEvents), Map.of());
  }

  /** Pure: the audit's GH Archive file rows in, one row per hour with its coverage status out. */
  public static Dataset<Row> archiveHours(org.apache.spark.sql.SparkSession spark, Dataset<Row> auditFiles) {
    return SqlModels.run(spark, "silver/stg_github__archive_hours", Map.of("archive_files", auditFiles), Map.of());
  }

  /** Pure: hour coverage in, one row per day with is_day_complete out. */
  public static Dataset<Row> archiveDays(org.apache.spark.sql.SparkSession spark, Dataset<Row> archiveHours) {
    return SqlModels.run(spark, "silver/int_github_archive_days", Map.of("archive_hours", archiveHours), Map.of());
  }

  /** Pure: events (all history of the repositories) and hour coverage in, daily facts for the range out. */
  public static Dataset<Row> repoDaily(org.apache.spark.sql.SparkSession spark, Dataset<Row> events,
      Dataset<Row> archiveHours, java.time.LocalDate from, java.time.LocalDate to) {
    Dataset<Row> days = archiveDays(spark, archiveHours);
    return SqlModels.run(spark, "silver/fct_github_repo_daily",
        Map.of("github_events", events, "archive_days", days),
        Map.of("from_date", from.toString(), "to_date", to.toString()));
  }

  /**
   * Pure: daily facts whose {@code is_day_complete} no longer matches the hour coverage, corrected. A
   * late hour file can complete (or a rejected one break) a day without bringing any event of it.
   */
  public static Dataset<Row> staleCoverage(org.apache.spark.sql.SparkSession spark, Dataset<Row> repoDaily,
      Dataset<Row> archiveHours) {
    Dataset<Row> days = archiveDays(spark, archiveHours).selectExpr("hour_date", "is_day_complete as _complete");
    return repoDaily.join(days, repoDaily.col("activity_date").equalTo(days.col("hour_date")), "left")
        .withColumn("_complete", org.apache.spark.sql.functions.coalesce(days.col("_complete"), lit(false)))
        .where("is_day_complete <> _complete")
        .withColumn("is_day_complete", org.apache.spark.sql.functions.col("_complete"))
        .selectExpr(repoDaily.columns());
  }

  /** Returns the number of events (re)written. */
  public long build() {
    Warehouse wh = run.warehouse();
    Dataset<Row> bronze = wh.readOrNull(new GhArchiveSource().bronzeTable());
    if (bronze == null) {
      return 0;
    }
    // Coverage is small (24 rows a day) and derived from the audit: rebuilt whole every run.
    wh.overwrite(HOURS, archiveHours(wh.spark(), wh.read(AuditLog.TABLE)
        .where("stage = 'ingest' AND source = '" + GhArchiveSource.NAME + "'")));
    Dataset<Row> existingDaily = wh.readOrNull(REPO_DAILY);
    if (existingDaily != null) {
      Dataset<Row> stale = staleCoverage(wh.spark(), existingDaily, wh.read(HOURS)).withColumn(IngestMetadata.RUN_ID,
          lit(run.runId())).cache();
      if (!stale.isEmpty()) {
        run.progress().info("silver: %s coverage changed on %,d repository-day(s)", REPO_DAILY, stale.count());
        wh.merge(REPO_DAILY, stale, "repo_id", "activity_date");
      }
      stale.unpersist();
    }
    String pending = StageLog.pendingPredicate(run, STEP);
    if (bronze.where(pending).isEmpty()) {
      return 0;
    }
    run.progress().info("silver: %s", EVENTS);
    Dataset<Row> events = events(wh.spark(), StageLog.allVersionsOfPendingKeys(bronze, pending, "event_id"))
        .withColumn(IngestMetadata.RUN_ID, lit(run.runId())).cache();
    long count = events.count();
    wh.merge(EVENTS, events, "event_id");

    // Daily facts of the repositories and days these events touch, over each repository's whole record.
    Row range = events.agg(org.apache.spark.sql.functions.min("created_date"),
        org.apache.spark.sql.functions.max("created_date")).first();
    Dataset<Row> repos = events.select(org.apache.spark.sql.functions.col("repo_id").as("touched_repo_id")).distinct();
    Dataset<Row> all = wh.read(EVENTS);
    Dataset<Row> history = all.join(repos, all.col("repo_id").equalTo(repos.col("touched_repo_id")), "left_semi");
    run.progress().info("silver: %s for %s..%s", REPO_DAILY, range.get(0), range.get(1));
    Dataset<Row> daily = repoDaily(wh.spark(), history, wh.read(HOURS), range.getDate(0).toLocalDate(),
        range.getDate(1).toLocalDate()).withColumn(IngestMetadata.RUN_ID, lit(run.runId()));
    wh.merge(REPO_DAILY, daily, "repo_id", "activity_date");
    events.unpersist();
    return count;
  }
}
