package io.osswarehouse.silver.web;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.web.AccessLogSource;
import io.osswarehouse.ingest.web.Ga4EventsSource;
import io.osswarehouse.ingest.web.PlausibleSource;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.pipeline.StageLog;
import io.osswarehouse.silver.billing.BillingSilverStage;
import io.osswarehouse.spark.SqlModels;
import io.osswarehouse.spark.Warehouse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the web silver tables. GA4 events are rebuilt per export table date that new landed files touch
 * (replaceWhere on {@code table_date}), from the table's latest landed version, so a re-landed daily table
 * replaces its earlier version and re-running changes nothing. Plausible reports are small: rebuilt whole
 * from bronze when they have new rows. Access-log requests of new files are inserted when their key is
 * new (the first landed copy of a line wins, as in a rebuild). {@code silver.fct_web_daily} is then
 * rebuilt whole from the staging tables.
 */
public final class WebSilverStage {
  /** The catalog step this class builds. */
  public static final String STEP = "web";

  private static final Ga4EventsSource GA4 = new Ga4EventsSource();
  private static final PlausibleSource PLAUSIBLE = new PlausibleSource();
  private static final AccessLogSource ACCESS_LOGS = new AccessLogSource();
  /** The web landing sources, in ingestion order. */
  public static final List<LandingSource> SOURCES = List.of(GA4, PLAUSIBLE, ACCESS_LOGS);

  public static final String GA4_EVENTS = Catalog.STG_GA4__EVENTS.name();
  public static final String PLAUSIBLE_VISITORS = Catalog.STG_PLAUSIBLE__VISITORS_DAILY.name();
  public static final String PLAUSIBLE_PAGES = Catalog.STG_PLAUSIBLE__PAGES.name();
  public static final String PLAUSIBLE_SOURCES = Catalog.STG_PLAUSIBLE__SOURCES.name();
  public static final String ACCESS_REQUESTS = Catalog.STG_ACCESS_LOG__REQUESTS.name();
  public static final String WEB_DAILY = Catalog.FCT_WEB_DAILY.name();

  private final RunContext run;
  private final Warehouse wh;
  private final SparkSession spark;

  public WebSilverStage(RunContext run) {
    this.run = run;
    this.wh = run.warehouse();
    this.spark = wh.spark();
  }

  /**
   * Pure: bronze GA4 rows (every landed version of some table dates) and the audit's GA4 files of those
   * dates ({@link #ga4Files}) in, the current version's events out.
   */
  public static Dataset<Row> ga4Events(SparkSession spark, Dataset<Row> bronze, Dataset<Row> files) {
    return model(spark, "stg_ga4__events", Map.of("ga4_events", bronze, "ga4_files", files));
  }

  /** The GA4 files each run loaded or found duplicate, with their table date: what makes a table version. */
  public static Dataset<Row> ga4Files(Dataset<Row> audit) {
    return audit.where(col("stage").equalTo("ingest").and(col("source").equalTo(Ga4EventsSource.NAME))
            .and(col("outcome").isin(AuditLog.LOADED, AuditLog.DUPLICATE)))
        .select(Ga4EventsSource.tableDate(col("file")).as("table_date"), col("file_sha256"), col("run_id"),
            col("started_at"))
        .where(col("table_date").isNotNull());
  }

  /** Pure: bronze Plausible rows in, one of the Plausible staging models out. */
  public static Dataset<Row> plausible(SparkSession spark, String model, Dataset<Row> bronze) {
    return model(spark, model, Map.of("plausible_reports", bronze));
  }

  /** Pure: bronze access-log lines in, one row per distinct request out. */
  public static Dataset<Row> accessRequests(SparkSession spark, Dataset<Row> bronze) {
    return model(spark, "stg_access_log__requests", Map.of("access_log_lines", bronze));
  }

  /** Pure: the three staging tables in, daily web facts per site and source out. */
  public static Dataset<Row> webDaily(SparkSession spark, Dataset<Row> ga4Events, Dataset<Row> plausibleVisitors,
      Dataset<Row> accessRequests) {
    return model(spark, "fct_web_daily", Map.of("ga4_events", ga4Events, "plausible_visitors", plausibleVisitors,
        "access_requests", accessRequests));
  }

  /** Returns the number of staging rows (re)written. */
  public long build() {
    String pending = StageLog.pendingPredicate(run, STEP);
    long[] written = {buildGa4(pending), buildPlausible(pending), buildAccessLogs(pending)};
    if (Arrays.stream(written).allMatch(n -> n < 0)) {
      run.progress().info("silver web: nothing new");
      return 0;
    }
    run.progress().info("silver: %s", WEB_DAILY);
    wh.overwrite(WEB_DAILY, tag(webDaily(spark,
        orEmpty(GA4_EVENTS, () -> ga4Events(spark, empty(GA4), ga4Files(emptyAudit()))),
        orEmpty(PLAUSIBLE_VISITORS, () -> plausible(spark, "stg_plausible__visitors_daily", empty(PLAUSIBLE))),
        orEmpty(ACCESS_REQUESTS, () -> accessRequests(spark, empty(ACCESS_LOGS))))));
    return Arrays.stream(written).filter(n -> n > 0).sum();
  }

  /**
   * Rows written, or -1 when there was nothing new (so "nothing new" differs from "new but empty"). The
   * table dates to rebuild are those of files that pending runs loaded or found duplicate: a duplicate
   * can be part of a newer version of its table.
   */
  private long buildGa4(String pending) {
    Dataset<Row> bronze = wh.readOrNull(GA4.bronzeTable());
    if (bronze == null) {
      return -1;
    }
    Dataset<Row> files = ga4Files(wh.read(AuditLog.TABLE));
    List<Row> touched = files.withColumnRenamed("run_id", IngestMetadata.RUN_ID).where(pending)
        .select("table_date").distinct().collectAsList();
    if (touched.isEmpty()) {
      return -1;
    }
    List<String> sorted = touched.stream().map(r -> r.getDate(0).toString()).sorted().toList();
    String dates = sorted.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "));
    run.progress().info("silver: %s for %d table date(s) %s..%s", GA4_EVENTS, sorted.size(), sorted.get(0),
        sorted.get(sorted.size() - 1));
    String inDates = "table_date IN (" + dates + ")";
    Dataset<Row> events = tag(ga4Events(spark, bronze.where(inDates), files.where(inDates))).cache();
    long count = events.count();
    wh.replaceWhere(GA4_EVENTS, events, inDates);
    events.unpersist();
    return count;
  }

  /** As {@link #buildGa4}. */
  private long buildPlausible(String pending) {
    Dataset<Row> bronze = wh.readOrNull(PLAUSIBLE.bronzeTable());
    if (bronze == null || bronze.where(pending).isEmpty()) {
      return -1;
    }
    long count = 0;
    for (String table : List.of(PLAUSIBLE_VISITORS, PLAUSIBLE_PAGES, PLAUSIBLE_SOURCES)) {
      run.progress().info("silver: %s", table);
      Dataset<Row> rows = tag(plausible(spark, table.substring("silver.".length()), bronze)).cache();
      count += rows.count();
      wh.overwrite(table, rows);
      rows.unpersist();
    }
    return count;
  }

  private long buildAccessLogs(String pending) {
    Dataset<Row> bronze = wh.readOrNull(ACCESS_LOGS.bronzeTable());
    if (bronze == null || bronze.where(pending).isEmpty()) {
      return -1;
    }
    run.progress().info("silver: %s", ACCESS_REQUESTS);
    // Only the new files' lines (a file is loaded whole by one run, so occurrences within it are complete):
    // a request already in silver came from a file landed earlier, and the first copy wins, so it stays.
    Dataset<Row> rows = tag(accessRequests(spark, bronze.where(pending))).cache();
    long count = rows.count();
    wh.insertNew(ACCESS_REQUESTS, rows, "request_key");
    rows.unpersist();
    return count;
  }

  private static Dataset<Row> model(SparkSession spark, String model, Map<String, Dataset<Row>> inputs) {
    return SqlModels.run(spark, "silver/" + model, inputs, Map.of());
  }

  /** Marks rows with the run that wrote them. */
  private Dataset<Row> tag(Dataset<Row> rows) {
    return rows.withColumn(IngestMetadata.RUN_ID, lit(run.runId()));
  }

  private Dataset<Row> orEmpty(String table, Supplier<Dataset<Row>> empty) {
    Dataset<Row> df = wh.readOrNull(table);
    return df != null ? df : empty.get();
  }

  private Dataset<Row> emptyAudit() {
    return spark.createDataFrame(List.of(), AuditLog.SCHEMA);
  }

  private Dataset<Row> empty(LandingSource source) {
    return spark.createDataFrame(List.of(), IngestMetadata.withMetadata(source.recordSchema()));
  }
}
