package io.osswarehouse.silver.downloads;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.downloads.DockerHubSource;
import io.osswarehouse.ingest.downloads.MavenCentralSource;
import io.osswarehouse.ingest.downloads.NpmDownloadsSource;
import io.osswarehouse.ingest.downloads.PypiDownloadsSource;
import io.osswarehouse.ingest.downloads.PypistatsSource;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.pipeline.StageLog;
import io.osswarehouse.silver.billing.BillingSilverStage;
import io.osswarehouse.spark.SqlModels;
import io.osswarehouse.spark.Warehouse;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the package-download silver tables. PyPI request rows (high volume) are MERGEd by row key
 * from the bronze files not yet in silver, and their days of {@code fct_package_downloads_daily} are
 * rebuilt; the small API and CSV sources (pypistats, npm, Docker Hub, Maven Central) are rebuilt whole
 * from bronze whenever one of them has new rows, because their latest-landed-wins and snapshot-delta
 * rules need every version anyway.
 */
public final class DownloadsSilverStage {
  /** The catalog step this class builds. */
  public static final String STEP = "downloads";

  private static final LandingSource PYPI_FILES = new PypiDownloadsSource();
  private static final LandingSource PYPISTATS_API = new PypistatsSource();
  private static final LandingSource NPM_API = new NpmDownloadsSource();
  private static final LandingSource DOCKERHUB_API = new DockerHubSource();
  private static final LandingSource MAVEN_CSV = new MavenCentralSource();

  /** Landing sources of package downloads, in ingestion order. */
  public static final List<LandingSource> SOURCES = List.of(PYPI_FILES, PYPISTATS_API, NPM_API, DOCKERHUB_API,
      MAVEN_CSV);

  public static final String PYPI = Catalog.STG_PYPI__FILE_DOWNLOADS.name();
  public static final String PYPISTATS = Catalog.STG_PYPISTATS__DOWNLOADS.name();
  public static final String NPM = Catalog.STG_NPM__DOWNLOADS.name();
  public static final String DOCKERHUB = Catalog.STG_DOCKERHUB__REPOSITORY_SNAPSHOTS.name();
  public static final String MAVEN = Catalog.STG_MAVEN__MONTHLY_DOWNLOADS.name();
  public static final String DAILY = Catalog.FCT_PACKAGE_DOWNLOADS_DAILY.name();

  private static final String PYPI_SOURCE = "pypi_bigquery";

  private final RunContext run;
  private final Warehouse wh;
  private final SparkSession spark;

  public DownloadsSilverStage(RunContext run) {
    this.run = run;
    this.wh = run.warehouse();
    this.spark = wh.spark();
  }

  /** Pure: bronze PyPI rows of whole files in, one row per request (deduplicated by row key) out. */
  public static Dataset<Row> pypiDownloads(SparkSession spark, Dataset<Row> bronze) {
    return SqlModels.run(spark, "silver/stg_pypi__file_downloads", Map.of("pypi_rows", bronze), Map.of());
  }

  public static Dataset<Row> pypistatsDownloads(SparkSession spark, Dataset<Row> bronze) {
    return SqlModels.run(spark, "silver/stg_pypistats__downloads", Map.of("pypistats_rows", bronze), Map.of());
  }

  public static Dataset<Row> npmDownloads(SparkSession spark, Dataset<Row> bronze) {
    return SqlModels.run(spark, "silver/stg_npm__downloads", Map.of("npm_rows", bronze), Map.of());
  }

  public static Dataset<Row> dockerhubSnapshots(SparkSession spark, Dataset<Row> bronze) {
    return SqlModels.run(spark, "silver/stg_dockerhub__repository_snapshots", Map.of("dockerhub_rows", bronze),
        Map.of());
  }

  public static Dataset<Row> mavenDownloads(SparkSession spark, Dataset<Row> bronze) {
    return SqlModels.run(spark, "silver/stg_maven__monthly_downloads", Map.of("maven_rows", bronze), Map.of());
  }

  /** Pure: the staging tables (PyPI rows of the days to rebuild) in, daily download facts out. */
  public static Dataset<Row> dailyDownloads(SparkSession spark, Dataset<Row> pypi, Dataset<Row> pypistats,
      Dataset<Row> npm, Dataset<Row> dockerhub, Dataset<Row> maven) {
    return SqlModels.run(spark, "silver/fct_package_downloads_daily", Map.of("pypi_downloads", pypi,
        "pypistats_downloads", pypistats, "npm_downloads", npm, "dockerhub_snapshots", dockerhub,
        "maven_downloads", maven), Map.of());
  }

  /** Returns the number of daily fact rows (re)written. */
  public long build() {
    String pending = StageLog.pendingPredicate(run, STEP);
    String pypiDays = mergePypi(pending);
    boolean smallChanged = SOURCES.stream().filter(s -> s != PYPI_FILES).anyMatch(s -> hasPending(s, pending));
    if (pypiDays == null && !smallChanged) {
      run.progress().info("silver downloads: nothing new");
      return 0;
    }
    Dataset<Row> pypi = pypiDays != null ? wh.read(PYPI).where(pypiDays) : pypiDownloads(spark, empty(PYPI_FILES));
    Dataset<Row> pypistats = staging(smallChanged, PYPISTATS, DownloadsSilverStage::pypistatsDownloads, PYPISTATS_API);
    Dataset<Row> npm = staging(smallChanged, NPM, DownloadsSilverStage::npmDownloads, NPM_API);
    Dataset<Row> dockerhub = staging(smallChanged, DOCKERHUB, DownloadsSilverStage::dockerhubSnapshots, DOCKERHUB_API);
    Dataset<Row> maven = staging(smallChanged, MAVEN, DownloadsSilverStage::mavenDownloads, MAVEN_CSV);

    // One atomic write: the PyPI days touched and/or every row of the small sources.
    String small = "source <> '" + PYPI_SOURCE + "'";
    String touched = pypiDays == null ? small
        : smallChanged ? small + " OR (" + pypiDays + ")" : "source = '" + PYPI_SOURCE + "' AND " + pypiDays;
    run.progress().info("silver: %s", DAILY);
    Dataset<Row> daily = tag(dailyDownloads(spark, pypi, pypistats, npm, dockerhub, maven)).cache();
    long count = daily.count();
    wh.replaceWhere(DAILY, daily, touched);
    daily.unpersist();
    run.progress().info("silver downloads: %,d daily fact row(s) rebuilt", count);
    return count;
  }

  /**
   * MERGEs the PyPI rows of files not yet in silver by row key; returns the predicate on
   * {@code download_date} of the days they fall on, or null when there are none.
   */
  private String mergePypi(String pending) {
    Dataset<Row> bronze = wh.readOrNull(PYPI_FILES.bronzeTable());
    if (bronze == null || bronze.where(pending).isEmpty()) {
      return null;
    }
    run.progress().info("silver: %s", PYPI);
    Dataset<Row> rows = tag(pypiDownloads(spark, bronze.where(pending))).cache();
    Row range = rows.agg(min("download_date"), max("download_date")).first();
    wh.merge(PYPI, rows, "row_key");
    rows.unpersist();
    return "download_date BETWEEN '" + range.getDate(0) + "' AND '" + range.getDate(1) + "'";
  }

  /**
   * A small source's staging table, rebuilt whole from bronze when the source changed; otherwise no rows,
   * so that the fact keeps this source's rows as they are.
   */
  private Dataset<Row> staging(boolean changed, String table, BiFunction<SparkSession, Dataset<Row>, Dataset<Row>> model,
      LandingSource source) {
    if (!changed) {
      return model.apply(spark, empty(source));
    }
    run.progress().info("silver: %s", table);
    wh.overwrite(table, tag(model.apply(spark, bronze(source))));
    return wh.read(table);
  }

  private boolean hasPending(LandingSource source, String pending) {
    Dataset<Row> bronze = wh.readOrNull(source.bronzeTable());
    return bronze != null && !bronze.where(pending).isEmpty();
  }

  private Dataset<Row> bronze(LandingSource source) {
    Dataset<Row> df = wh.readOrNull(source.bronzeTable());
    return df != null ? df : empty(source);
  }

  private Dataset<Row> empty(LandingSource source) {
    return spark.createDataFrame(List.of(), IngestMetadata.withMetadata(source.recordSchema()));
  }

  /** Marks rows with the run that wrote them. */
  private Dataset<Row> tag(Dataset<Row> rows) {
    return rows.withColumn(IngestMetadata.RUN_ID, lit(run.runId()));
  }
}
