package io.osswarehouse.silver.github;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.github.GithubRestSource;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.pipeline.StageLog;
import io.osswarehouse.silver.billing.BillingSilverStage;
import io.osswarehouse.spark.SqlModels;
import io.osswarehouse.spark.Warehouse;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/**
 * Silver tables of the GitHub REST API snapshots. They are small (one row per stargazer, day, asset
 * reading or user), so every run rebuilds them whole from bronze: the models order snapshots by their
 * snapshot date, never by landing order, so re-running, re-landing a file or landing an older snapshot
 * late gives the same tables.
 */
public final class GithubRestSilverStage {
  /** The catalog step this class builds. */
  public static final String STEP = "github_rest";

  /** The landing source to ingest before {@link #build()}. */
  public static final List<LandingSource> SOURCES = List.of(new GithubRestSource());

  public static final String STARGAZERS = Catalog.STG_GITHUB__STARGAZERS.name();
  public static final String STARS_DAILY = Catalog.FCT_GITHUB_STARS_DAILY.name();
  public static final String TRAFFIC_DAILY = Catalog.FCT_GITHUB_TRAFFIC_DAILY.name();
  public static final String TRAFFIC_POPULAR = Catalog.STG_GITHUB__TRAFFIC_POPULAR.name();
  public static final String RELEASE_DOWNLOADS = Catalog.FCT_GITHUB_RELEASE_DOWNLOADS_DAILY.name();
  public static final String REPO_SNAPSHOTS = Catalog.STG_GITHUB__REPO_SNAPSHOTS.name();
  public static final String USERS = Catalog.STG_GITHUB__USERS.name();
  public static final String CONTRIBUTORS = Catalog.STG_GITHUB__CONTRIBUTORS.name();
  /** Tables computed from the bronze records alone ({@value #STARS_DAILY} is computed from the stargazers). */
  public static final List<String> FROM_BRONZE = List.of(STARGAZERS, TRAFFIC_DAILY, TRAFFIC_POPULAR,
      RELEASE_DOWNLOADS, REPO_SNAPSHOTS, USERS, CONTRIBUTORS);

  private final RunContext run;

  public GithubRestSilverStage(RunContext run) {
    this.run = run;
  }

  /**
   * Pure: bronze rows in, the rows of each file's latest landed content out. A file changed in place
   * loads again and bronze keeps both versions; the earlier one no longer says what the API answered.
   */
  public static Dataset<Row> currentVersions(Dataset<Row> bronze) {
    return bronze.withColumn("_latest", max(IngestMetadata.INGESTED_AT).over(
            Window.partitionBy(IngestMetadata.SOURCE_FILE)))
        .where(col(IngestMetadata.INGESTED_AT).equalTo(col("_latest")))
        .drop("_latest");
  }

  /**
   * Pure: bronze rows and the run audit in, bronze rows plus the snapshots the ingestor skipped as
   * duplicates out. A body does not name its repository or day, so two snapshots can be byte-identical
   * (a quiet repository's traffic, an unchanged release); the ingestor loads such content once and
   * audits the other file as a duplicate. That file is still a snapshot of its own path: its records are
   * the loaded copy's, under the duplicate's endpoint, repository, date and file name.
   */
  public static Dataset<Row> withIdenticalSnapshots(SparkSession spark, Dataset<Row> bronze, Dataset<Row> audit) {
    List<Row> copies = new ArrayList<>();
    for (Row r : audit.where(col("stage").equalTo("ingest").and(col("source").equalTo(GithubRestSource.NAME))
        .and(col("outcome").equalTo(AuditLog.DUPLICATE))).select("file", "file_sha256", "started_at")
        .collectAsList()) {
      try {
        GithubRestSource.Location at = GithubRestSource.locate(r.getString(0));
        copies.add(RowFactory.create(r.getString(0), r.getString(1), at.endpoint(), at.repoName(),
            Date.valueOf(at.snapshotDate()), r.getTimestamp(2)));
      } catch (IllegalArgumentException misplaced) {
        // a misplaced copy says nothing about any repository: ignored like its quarantined original
      }
    }
    if (copies.isEmpty()) {
      return bronze;
    }
    Dataset<Row> dup = spark.createDataFrame(copies, StructType.fromDDL("dup_file string, dup_sha256 string,"
        + " dup_endpoint string, dup_repo_name string, dup_snapshot_date date, dup_at timestamp"));
    // The same endpoint only: a body landed under another endpoint's name was never validated for it.
    Dataset<Row> copied = bronze.join(dup, bronze.col(IngestMetadata.FILE_SHA256).equalTo(dup.col("dup_sha256"))
            .and(bronze.col("endpoint").equalTo(dup.col("dup_endpoint"))))
        .withColumn("repo_name", col("dup_repo_name"))
        .withColumn("snapshot_date", col("dup_snapshot_date"))
        .withColumn(IngestMetadata.SOURCE_FILE, col("dup_file"))
        .withColumn(IngestMetadata.INGESTED_AT, col("dup_at"))
        .select(Arrays.stream(bronze.columns()).map(c -> col(c)).toArray(Column[]::new));
    return bronze.unionByName(copied);
  }

  /** Pure: {@value #STARGAZERS} in, {@value #STARS_DAILY} out. */
  public static Dataset<Row> starsDaily(SparkSession spark, Dataset<Row> stargazers) {
    return SqlModels.run(spark, "silver/fct_github_stars_daily", Map.of("stargazers", stargazers), Map.of());
  }

  /** Pure: current bronze records in, one table of {@link #FROM_BRONZE} out. */
  public static Dataset<Row> model(SparkSession spark, String table, Dataset<Row> rest) {
    return SqlModels.run(spark, "silver/" + table.substring("silver.".length()), Map.of("github_rest", rest),
        Map.of());
  }

  /**
   * Whether the tables exist and every run that brought records or identical snapshots has completed
   * silver since: a nightly run without new REST files then rewrites nothing.
   */
  private boolean upToDate(Warehouse wh, Dataset<Row> bronze, Dataset<Row> audit) {
    if (!wh.exists(STARS_DAILY) || FROM_BRONZE.stream().anyMatch(t -> !wh.exists(t))) {
      return false;
    }
    String pending = StageLog.pendingPredicate(run, STEP);
    return bronze.where(pending).isEmpty() && (audit == null || audit.withColumnRenamed("run_id", IngestMetadata.RUN_ID)
        .where(col("source").equalTo(GithubRestSource.NAME).and(col("outcome").equalTo(AuditLog.DUPLICATE)))
        .where(pending).isEmpty());
  }

  /** Rebuilds every table when something new landed; returns the number of current bronze records they were built from. */
  public long build() {
    Warehouse wh = run.warehouse();
    Dataset<Row> bronze = wh.readOrNull(new GithubRestSource().bronzeTable());
    if (bronze == null) {
      return 0;
    }
    Dataset<Row> audit = wh.readOrNull(AuditLog.TABLE);
    if (upToDate(wh, bronze, audit)) {
      return 0;
    }
    Dataset<Row> rest = currentVersions(audit == null ? bronze : withIdenticalSnapshots(wh.spark(), bronze, audit))
        .cache();
    for (String table : FROM_BRONZE) {
      run.progress().info("silver: %s", table);
      wh.overwrite(table, model(wh.spark(), table, rest));
    }
    run.progress().info("silver: %s", STARS_DAILY);
    wh.overwrite(STARS_DAILY, starsDaily(wh.spark(), wh.read(STARGAZERS)));
    long records = rest.count();
    rest.unpersist();
    return records;
  }
}
