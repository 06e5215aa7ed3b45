package io.osswarehouse.silver.downloads;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Download exports from landing to {@code silver.fct_package_downloads_daily}, the way the nightly run
 * wires them (ingest {@link DownloadsSilverStage#SOURCES}, then {@link DownloadsSilverStage#build()}),
 * on the real samples, the traps of each source, and re-landing and re-export overlaps.
 */
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
    audit.stage(BillingSilverStage.STAGE, "downloads", rows, started, AuditLog.SUCCEEDED, null);
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
        "system | null | false | undated | 30579325",
        "system | Darwin | true | undated | 10734594",
        "system | Linux | true | undated | 236502274",
        "system | Windows | true | undated | 6527978",
        "system | other | true | undated | 111243"),
        sql("select endpoint, category, is_category_reported, period, downloads from silver.stg_pypistats__downloads"
            + " where endpoint = 'system'"));
  }
}
