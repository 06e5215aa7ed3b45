package io.osswarehouse.silver.downloads;

import io.osswarehouse.testing.PipelineTest;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.ingest.FileIngestor;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.LineLandingSource;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.silver.billing.BillingSilverStage;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.Samples;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Download exports from landing to {@code silver.fct_package_downloads_daily}, the way the nightly run
 * wires them (ingest {@link DownloadsSilverStage#SOURCES}, then {@link DownloadsSilverStage#build()}),
 * on the real samples, the traps of each source, and re-landing and re-export overlaps.
 */
@PipelineTest
class DownloadsPipelineTest extends SparkTestBase {
  @TempDir
  Path root;

  /** One nightly run of the download sources; returns the files rejected whole. */
  private List<String> run() {
    WarehouseConfig cfg = new WarehouseConfig(root.resolve("warehouse"), root.resolve("landing"), "USD", 0.05, null, 2);
    Warehouse wh = new Warehouse(session(), cfg.warehouseDir());
    RunContext ctx = RunContext.start(cfg, wh, LocalDate.of(2025, 12, 31), Progress.silent());
    wh.registerAll();
    AuditLog audit = new AuditLog(ctx);
    FileIngestor ingestor = new FileIngestor(ctx, audit);
    List<String> rejected = new ArrayList<>();
    for (LandingSource s : DownloadsSilverStage.SOURCES) {
      rejected.addAll((s instanceof LineLandingSource l ? ingestor.ingestLines(l) : ingestor.ingest(s)).rejectedFiles());
    }
    audit.flush();
    long started = System.currentTimeMillis();
    long rows = new DownloadsSilverStage(ctx).build();
    audit.stage("silver", DownloadsSilverStage.STEP, rows, started, AuditLog.SUCCEEDED, null);
    audit.flush();
    return rejected;
  }

  private Path landing(String folder) throws IOException {
    return Files.createDirectories(root.resolve("landing/downloads").resolve(folder));
  }

  private void land(String sample, String folder, String name) throws IOException {
    Files.copy(Samples.dir("downloads/" + sample), landing(folder).resolve(name));
  }

  private List<String> sql(String query) {
    return Tables.lines(session().sql(query));
  }

  private List<String> audit() {
    return Tables.lines(new Warehouse(session(), root.resolve("warehouse")).read(AuditLog.TABLE)
        .where("stage = 'ingest'"), "file", "records_read", "records_loaded", "records_quarantined", "outcome");
  }

  @Test
  void everyRealSampleLoadsOrIsQuarantinedWithAReason() throws IOException {
    land("pypi_bigquery/file_downloads_rows_as_loaded_ndjson.jsonl", "pypi", "file_downloads_rows_as_loaded_ndjson.jsonl");
    land("pypi_bigquery/simple_requests_rows_as_loaded_ndjson.jsonl", "pypi", "simple_requests_rows_as_loaded_ndjson.jsonl");
    land("pypi_bigquery/fastly_cdn_log_downloads_2021-01-07T20-55.log", "pypi", "fastly_cdn_log_downloads_2021-01-07T20-55.log");
    land("pypi_bigquery/fastly_cdn_log_simple_2021-01-07T20-55.log", "pypi", "fastly_cdn_log_simple_2021-01-07T20-55.log");
    land("pypistats/overall_pip_2020-05-01_02.json", "pypistats", "overall_pip_2020-05-01_02.json");
    land("pypistats/system_pip_totals.json", "pypistats", "system_pip_totals.json");
    land("npm/point_last-week_redis_2019-04-15_21.json", "npm", "point_last-week_redis_2019-04-15_21.json");
    land("dockerhub/repository_grimoirelab-perceval_2017-05.json", "dockerhub", "repository_grimoirelab-perceval_2017-05.json");
    land("maven/sonatype_central_stats_maven-core_2022-07_excerpt.csv", "maven/org.apache.maven/maven-core",
        "sonatype_central_stats_maven-core_2022-07_excerpt.csv");

    List<String> rejected = run();
    assertEquals(3, rejected.size(), rejected.toString()); // the two CDN logs and the month-only snapshot
    assertEquals(List.of(
        "downloads/dockerhub/repository_grimoirelab-perceval_2017-05.json | 1 | 0 | 1 | rejected",
        "downloads/maven/org.apache.maven/maven-core/sonatype_central_stats_maven-core_2022-07_excerpt.csv | 10 | 10 | 0 | loaded",
        "downloads/npm/point_last-week_redis_2019-04-15_21.json | 1 | 1 | 0 | loaded",
        "downloads/pypi/fastly_cdn_log_downloads_2021-01-07T20-55.log | 5 | 0 | 5 | rejected",
        "downloads/pypi/fastly_cdn_log_simple_2021-01-07T20-55.log | 3 | 0 | 3 | rejected",
        "downloads/pypi/file_downloads_rows_as_loaded_ndjson.jsonl | 4 | 4 | 0 | loaded",
        "downloads/pypi/simple_requests_rows_as_loaded_ndjson.jsonl | 2 | 2 | 0 | loaded",
        "downloads/pypistats/overall_pip_2020-05-01_02.json | 4 | 4 | 0 | loaded",
        "downloads/pypistats/system_pip_totals.json | 5 | 5 | 0 | loaded"), audit());
    assertEquals(List.of(
        "downloads/dockerhub | 1 | file name gives only the month 2017-05, not the snapshot day: pull_count is cumulative,"
            + " so deltas need the day the API was called; rename the file to end in _2017-05-DD.json",
        "downloads/pypi | 8 | Fastly CDN log line (linehaul's input), not a BigQuery export: export file_downloads as"
            + " NDJSON or Parquet instead"),
        sql("select source, count(*), min(reason) from bronze.quarantine group by source"));

    // Row level: CI is null unless the client said so; simple_requests rows are kept but are no downloads.
    assertEquals(List.of(
        "django-crum | 0.7.9 | pip | 20.0.2 | null | false | false | 2021-01-07 20:54:54.0",
        "django-crum | 0.7.9 | pip | 22.0.3 | true | false | false | 2021-01-07 20:54:54.0",
        "django-crum | 0.7.9 | uv | 0.9.11 | true | false | false | 2021-01-07 20:54:54.0",
        "threadpoolctl | 2.1.0 | pip | 20.1.1 | null | false | false | 2021-01-07 20:54:54.0"),
        sql("select package_name, version, installer, installer_version, is_ci, is_mirror, is_bot, downloaded_at"
            + " from silver.stg_pypi__file_downloads where request_type = 'file_download'"));
    assertEquals(List.of("azureml-model-management-sdk | null | null", "pyrsistent | null | true"),
        sql("select package_name, version, is_ci from silver.stg_pypi__file_downloads where request_type = 'simple_request'"));

    assertEquals(List.of(
        "docker | grimoirelab/perceval | 0",
        "maven | org.apache.maven:maven-core | month | 2022-07-01 | 2022-07-31 | 3.6.3 | 1988609",
        "maven | rows | 10 | 5264631",
        "npm | redis | point | 2019-04-15 | 2019-04-15 | 2019-04-21 | 1056053",
        "pypi | django-crum | pypi_bigquery | 2021-01-07 | pip | null | false | 1",
        "pypi | django-crum | pypi_bigquery | 2021-01-07 | pip | true | false | 1",
        "pypi | django-crum | pypi_bigquery | 2021-01-07 | uv | true | false | 1",
        "pypi | pip | pypistats | 2020-05-01 | null | null | false | 2083472",
        "pypi | pip | pypistats | 2020-05-01 | null | null | true | 16667",
        "pypi | pip | pypistats | 2020-05-02 | null | null | false | 1475979",
        "pypi | pip | pypistats | 2020-05-02 | null | null | true | 11239",
        "pypi | threadpoolctl | pypi_bigquery | 2021-01-07 | pip | null | false | 1"),
        Stream.of(
            sql("select ecosystem, package_name, source, download_date, installer, is_ci, is_mirror, downloads"
                + " from silver.fct_package_downloads_daily where ecosystem = 'pypi'"),
            sql("select ecosystem, package_name, period, download_date, period_start, period_end, downloads"
                + " from silver.fct_package_downloads_daily where ecosystem = 'npm'"),
            sql("select ecosystem, package_name, period, period_start, period_end, version, downloads"
                + " from silver.fct_package_downloads_daily where ecosystem = 'maven' and version = '3.6.3'"),
            sql("select 'maven | rows', count(*), sum(downloads) from silver.fct_package_downloads_daily"
                + " where ecosystem = 'maven'"),
            sql("select 'docker | grimoirelab/perceval', count(*) from silver.fct_package_downloads_daily"
                + " where ecosystem = 'docker'")).flatMap(List::stream).sorted().toList());
    // Undated totals and the "null" category stay in staging, never on a day.
    assertEquals(List.of(
        "system | Darwin | true | undated | 10734594",
        "system | Linux | true | undated | 236502274",
        "system | Windows | true | undated | 6527978",
        "system | null | false | undated | 30579325",
        "system | other | true | undated | 111243"),
        sql("select endpoint, category, is_category_reported, period, downloads from silver.stg_pypistats__downloads"
            + " where endpoint = 'system'"));
  }

  /**
   * The Parquet fixture is generated here with Spark from the real NDJSON rows, as BigQuery writes
   * Parquet: the timestamp as an INT64 TIMESTAMP_MICROS column, nested records as structs.
   */
  private void landParquet(String name) throws IOException {
    String key = "spark.sql.parquet.outputTimestampType";
    String before = session().conf().get(key);
    Path out = root.resolve("parquet-build");
    try {
      session().conf().set(key, "TIMESTAMP_MICROS");
      session().read().json(Samples.dir("downloads/pypi_bigquery/file_downloads_rows_as_loaded_ndjson.jsonl").toString())
          .withColumn("timestamp", expr("cast(replace(timestamp, ' +00:00', 'Z') as timestamp)"))
          .coalesce(1).write().parquet(out.toString());
    } finally {
      session().conf().set(key, before);
    }
    try (Stream<Path> files = Files.list(out)) {
      Files.copy(files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow(),
          landing("pypi").resolve(name));
    }
  }

  private static final String FILE_DOWNLOADS = "downloads/pypi_bigquery/file_downloads_rows_as_loaded_ndjson.jsonl";

  @Test
  void parquetAndNdjsonExportsOfTheSameRowsAndOverlappingReExportsCountOnce() throws IOException {
    landParquet("file_downloads-000000000000.parquet");
    run();
    List<String> rowsFromParquet = sql("select row_key, package_name, version, installer, is_ci, downloaded_at"
        + " from silver.stg_pypi__file_downloads");
    assertEquals(4, rowsFromParquet.size());
    assertEquals(List.of("django-crum | 3 | 2", "threadpoolctl | 1 | 0"), sql("select package_name, sum(downloads),"
        + " count_if(is_ci) from silver.fct_package_downloads_daily group by package_name"));

    // The same rows as NDJSON (another export), that file again under a new name, and a re-export that
    // overlaps: one known row twice (a second identical request in that second), then rows of other clients.
    land(FILE_DOWNLOADS.substring("downloads/".length()), "pypi", "file_downloads-2021-01-07.jsonl");
    land(FILE_DOWNLOADS.substring("downloads/".length()), "pypi", "file_downloads-copy.jsonl");
    List<String> real = Files.readAllLines(Samples.dir(FILE_DOWNLOADS));
    String pip = "\"installer\": {\"name\": \"pip\", \"version\": \"20.1.1\", \"subcommand\": null}";
    String row1 = real.get(0);
    Files.write(landing("pypi").resolve("file_downloads-reexport-000000000000.json"), List.of(
        real.get(1),
        real.get(1),
        row1.replace(pip, "\"installer\": {\"name\": \"bandersnatch\", \"version\": \"6.5.0\"}")
            .replace("2021-01-07 20:54:54 +00:00", "2021-01-08 01:00:00 UTC"),
        row1.replace(pip, "\"installer\": {\"name\": \"Browser\"}"),
        row1.replace(pip, "\"installer\": {\"name\": \"requests\", \"version\": \"2.31.0\"}"),
        row1.substring(0, row1.indexOf("\"details\"")) + "\"details\": null}"));
    assertEquals(List.of(), run());
    assertEquals(List.of(
        "downloads/pypi/file_downloads-000000000000.parquet | 4 | 4 | 0 | loaded",
        "downloads/pypi/file_downloads-2021-01-07.jsonl | 4 | 4 | 0 | loaded",
        "downloads/pypi/file_downloads-copy.jsonl | 0 | 0 | 0 | duplicate",
        "downloads/pypi/file_downloads-reexport-000000000000.json | 6 | 6 | 0 | loaded"), audit());
    Assertions.assertTrue(sql("select row_key, package_name, version, installer, is_ci, downloaded_at"
        + " from silver.stg_pypi__file_downloads").containsAll(rowsFromParquet), "NDJSON rows keep the Parquet keys");
    assertEquals(List.of(
        "django-crum | 2021-01-07 | pip | null | false | false | 2",
        "django-crum | 2021-01-07 | pip | true | false | false | 1",
        "django-crum | 2021-01-07 | uv | true | false | false | 1",
        "threadpoolctl | 2021-01-07 | Browser | null | false | null | 1",
        "threadpoolctl | 2021-01-07 | null | null | null | null | 1",
        "threadpoolctl | 2021-01-07 | pip | null | false | false | 1",
        "threadpoolctl | 2021-01-07 | requests | null | false | true | 1",
        "threadpoolctl | 2021-01-08 | bandersnatch | null | true | false | 1"),
        sql("select package_name, download_date, installer, is_ci, is_mirror, is_bot, downloads"
            + " from silver.fct_package_downloads_daily"));

    // A run with nothing new changes nothing.
    List<String> before = sql("select * from silver.fct_package_downloads_daily");
    run();
    assertEquals(before, sql("select * from silver.fct_package_downloads_daily"));
  }

  private void write(String folder, String name, String content) throws IOException {
    Files.writeString(landing(folder).resolve(name), content);
  }

  @Test
  void snapshotsBecomeDeltasAndRePullsReplaceWhatTheyOverlap() throws IOException {
    land("dockerhub/repository_grimoirelab-perceval_2017-05.json", "dockerhub", "repository_grimoirelab-perceval_2017-05-10.json");
    String perceval = "{\"namespace\":\"grimoirelab\",\"name\":\"perceval\",\"pull_count\":%d}";
    write("dockerhub", "perceval_2017-05-11.json", String.format(perceval, 410));
    write("dockerhub", "perceval_2017-05-12.json", String.format(perceval, 5)); // counter reset
    write("dockerhub", "perceval_2017-05-13.json", String.format(perceval, 9));
    land("pypistats/overall_pip_2020-05-01_02.json", "pypistats", "overall_pip_2020-05-01_02.json");
    String range = "{\"start\":\"%s\",\"end\":\"%s\",\"package\":\"left-pad\",\"downloads\":[%s]}";
    write("npm", "range_1.json", String.format(range, "2024-01-01", "2024-01-03",
        "{\"downloads\":3,\"day\":\"2024-01-01\"},{\"downloads\":4,\"day\":\"2024-01-02\"},"
            + "{\"downloads\":5,\"day\":\"2024-01-03\"}"));
    land("maven/sonatype_central_stats_maven-core_2022-07_excerpt.csv", "maven/org.apache.maven/maven-core",
        "stats_2022-07.csv");
    run();
    assertEquals(List.of(
        "2017-05-11 | 2017-05-10 | 2017-05-11 | false | 12",
        "2017-05-12 | 2017-05-11 | 2017-05-12 | true | null",
        "2017-05-13 | 2017-05-12 | 2017-05-13 | false | 4"),
        sql("select download_date, period_start, period_end, is_counter_reset, downloads"
            + " from silver.fct_package_downloads_daily where source = 'dockerhub'"));

    // Re-pulls: a later snapshot of 05-11, pypistats' next 180 days, an overlapping npm range, a corrected month.
    write("dockerhub", "perceval-repull_2017-05-11.json", String.format(perceval, 405));
    write("pypistats", "overall_pip_2020-05-02_03.json", "{\"data\":["
        + "{\"category\":\"with_mirrors\",\"date\":\"2020-05-02\",\"downloads\":1487300},"
        + "{\"category\":\"without_mirrors\",\"date\":\"2020-05-02\",\"downloads\":1476000},"
        + "{\"category\":\"with_mirrors\",\"date\":\"2020-05-03\",\"downloads\":10},"
        + "{\"category\":\"without_mirrors\",\"date\":\"2020-05-03\",\"downloads\":8}],"
        + "\"package\":\"pip\",\"type\":\"overall_downloads\"}");
    write("npm", "range_2.json", String.format(range, "2024-01-02", "2024-01-04",
        "{\"downloads\":40,\"day\":\"2024-01-02\"},{\"downloads\":50,\"day\":\"2024-01-03\"},"
            + "{\"downloads\":60,\"day\":\"2024-01-04\"}"));
    write("maven/org.apache.maven/maven-core", "stats_2022-07_fixed.csv", "\"3.6.3\",\"1988610\",\"0.9\"\n"
        + "\"3.9.0\",\"7\",\"0.1\"\n");
    assertEquals(List.of(), run());
    assertEquals(List.of(
        "dockerhub | grimoirelab/perceval | 2017-05-11 | null | false | 7",
        "dockerhub | grimoirelab/perceval | 2017-05-12 | null | true | null",
        "dockerhub | grimoirelab/perceval | 2017-05-13 | null | false | 4",
        "maven_central | org.apache.maven:maven-core | 2022-07-01 | null | null | 1988610",
        "maven_central | org.apache.maven:maven-core | 2022-07-01 | null | null | 7",
        "npm | left-pad | 2024-01-01 | null | null | 3",
        "npm | left-pad | 2024-01-02 | null | null | 40",
        "npm | left-pad | 2024-01-03 | null | null | 50",
        "npm | left-pad | 2024-01-04 | null | null | 60",
        "pypistats | pip | 2020-05-01 | false | null | 2083472",
        "pypistats | pip | 2020-05-01 | true | null | 16667",
        "pypistats | pip | 2020-05-02 | false | null | 1476000",
        "pypistats | pip | 2020-05-02 | true | null | 11300",
        "pypistats | pip | 2020-05-03 | false | null | 8",
        "pypistats | pip | 2020-05-03 | true | null | 2"),
        sql("select source, package_name, download_date, is_mirror, is_counter_reset, downloads"
            + " from silver.fct_package_downloads_daily"));
  }
}
