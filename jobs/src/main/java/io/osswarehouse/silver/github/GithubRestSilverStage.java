package io.osswarehouse.silver.github;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.github.GithubRestSource;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.SqlModels;
import io.osswarehouse.spark.Warehouse;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Silver tables of the GitHub REST API snapshots. They are small (one row per stargazer, day, asset
 * reading or user), so every run rebuilds them whole from bronze: the models order snapshots by their
 * snapshot date, never by landing order, so re-running, re-landing a file or landing an older snapshot
 * late gives the same tables.
 */
public final class GithubRestSilverStage {
  /** The landing source to ingest before {@link #build()}. */
  public static final List<LandingSource> SOURCES = List.of(new GithubRestSource());

  public static final String STARGAZERS = "silver.stg_github__stargazers";
  public static final String STARS_DAILY = "silver.fct_github_stars_daily";
  public static final String TRAFFIC_DAILY = "silver.fct_github_traffic_daily";
  public static final String TRAFFIC_POPULAR = "silver.stg_github__traffic_popular";
  public static final String RELEASE_DOWNLOADS = "silver.fct_github_release_downloads_daily";
  public static final String REPO_SNAPSHOTS = "silver.stg_github__repo_snapshots";
  public static final String USERS = "silver.stg_github__users";
  public static final String CONTRIBUTORS = "silver.stg_github__contributors";

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

  /** Pure: current bronze records in, {@value #STARGAZERS} out. */
  public static Dataset<Row> stargazers(SparkSession spark, Dataset<Row> rest) {
    return model(spark, STARGAZERS, rest);
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

  /** Tables computed from the bronze records alone. */
  public static final List<String> FROM_BRONZE = List.of(STARGAZERS, TRAFFIC_DAILY, TRAFFIC_POPULAR,
      RELEASE_DOWNLOADS, REPO_SNAPSHOTS, USERS, CONTRIBUTORS);

  /** Rebuilds every table; returns the number of current bronze records they were built from. */
  public long build() {
    Warehouse wh = run.warehouse();
    Dataset<Row> bronze = wh.readOrNull(new GithubRestSource().bronzeTable());
    if (bronze == null) {
      return 0;
    }
    Dataset<Row> rest = currentVersions(bronze).cache();
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
