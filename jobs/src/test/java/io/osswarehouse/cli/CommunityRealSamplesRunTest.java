package io.osswarehouse.cli;

import io.osswarehouse.testing.PipelineTest;
import static io.osswarehouse.cli.WarehouseCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.testing.Samples;
import io.osswarehouse.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every real community sample (../shared/real-samples: GitHub, downloads, web traffic) landed together
 * in the documented layout and run through {@code warehouse run}: nothing crashes, every record is
 * loaded or quarantined with a reason, and only the files that are not exports are rejected.
 */
@PipelineTest
class CommunityRealSamplesRunTest extends SparkTestBase {
  @TempDir
  Path root;

  /** Sample (under real-samples/) to its place in the landing layout. */
  private static final Map<String, String> LAYOUT = Map.ofEntries(
      Map.entry("github/gharchive/api_public_events_2020-04-25T12-07Z.array.json",
          "github/gharchive/api_public_events_2020-04-25T12-07Z.array.json"),
      Map.entry("github/gharchive/api_public_events_2020-04-25T12-07Z.reserialized.ndjson",
          "github/gharchive/2020-04-25-12.json"),
      Map.entry("github/gharchive/pushevent_pre_drift_2024-05-21-0.pretty.json",
          "github/gharchive/pushevent_pre_drift_2024-05-21-0.pretty.json"),
      Map.entry("github/rest_api/contributors_PyGithub_2012-05-20.json",
          "github/rest/pygithub/pygithub/contributors_PyGithub_2012-05-20.json"),
      Map.entry("github/rest_api/release_asset_stellarcarbon-sorocarbon_2025-08-15.json",
          "github/rest/stellarcarbon/sorocarbon/release_asset_stellarcarbon-sorocarbon_2025-08-15.json"),
      Map.entry("github/rest_api/release_with_assets_stellarcarbon-sorocarbon_2025-08-15.json",
          "github/rest/stellarcarbon/sorocarbon/release_with_assets_stellarcarbon-sorocarbon_2025-08-15.json"),
      Map.entry("github/rest_api/releases_list_PyGithub_page1_2022-01-10.json",
          "github/rest/pygithub/pygithub/releases_list_PyGithub_page1_2022-01-10.json"),
      Map.entry("github/rest_api/stargazers_star+json_danvk-comparea_2015-10-14.json",
          "github/rest/danvk/comparea/stargazers_star+json_danvk-comparea_2015-10-14.json"),
      Map.entry("github/rest_api/traffic_clones_jkufro-PyGithub_2018-12-02.json",
          "github/rest/jkufro/pygithub/traffic_clones_jkufro-PyGithub_2018-12-02.json"),
      Map.entry("github/rest_api/traffic_popular_paths_jkufro-PyGithub_2018-12-02.json",
          "github/rest/jkufro/pygithub/traffic_popular_paths_jkufro-PyGithub_2018-12-02.json"),
      Map.entry("github/rest_api/traffic_popular_referrers_jkufro-PyGithub_2018-12-02.json",
          "github/rest/jkufro/pygithub/traffic_popular_referrers_jkufro-PyGithub_2018-12-02.json"),
      Map.entry("github/rest_api/traffic_views_jkufro-PyGithub_2018-12-02.json",
          "github/rest/jkufro/pygithub/traffic_views_jkufro-PyGithub_2018-12-02.json"),
      Map.entry("downloads/pypi_bigquery/file_downloads_rows_as_loaded_ndjson.jsonl",
          "downloads/pypi/file_downloads_rows_as_loaded_ndjson.jsonl"),
      Map.entry("downloads/pypi_bigquery/simple_requests_rows_as_loaded_ndjson.jsonl",
          "downloads/pypi/simple_requests_rows_as_loaded_ndjson.jsonl"),
      Map.entry("downloads/pypi_bigquery/fastly_cdn_log_downloads_2021-01-07T20-55.log",
          "downloads/pypi/fastly_cdn_log_downloads_2021-01-07T20-55.log"),
      Map.entry("downloads/pypi_bigquery/fastly_cdn_log_simple_2021-01-07T20-55.log",
          "downloads/pypi/fastly_cdn_log_simple_2021-01-07T20-55.log"),
      Map.entry("downloads/pypistats/overall_pip_2020-05-01_02.json", "downloads/pypistats/overall_pip_2020-05-01_02.json"),
      Map.entry("downloads/pypistats/system_pip_totals.json", "downloads/pypistats/system_pip_totals.json"),
      Map.entry("downloads/npm/point_last-week_redis_2019-04-15_21.json",
          "downloads/npm/point_last-week_redis_2019-04-15_21.json"),
      Map.entry("downloads/dockerhub/repository_grimoirelab-perceval_2017-05.json",
          "downloads/dockerhub/repository_grimoirelab-perceval_2017-05.json"),
      Map.entry("downloads/maven/sonatype_central_stats_maven-core_2022-07_excerpt.csv",
          "downloads/maven/org.apache.maven/maven-core/sonatype_central_stats_maven-core_2022-07_excerpt.csv"),
      // GA4 exports are named after their daily table, which the layout requires
      Map.entry("web_traffic/ga4_bigquery/export_row_ndjson_velir.com_2022-05-27_session_start.json",
          "web/ga4/events_20220527.json"),
      Map.entry("web_traffic/plausible/dashboard_export_30d_visitors.csv", "web/plausible/docs/visitors.csv"),
      Map.entry("web_traffic/plausible/dashboard_export_30d_pages.csv", "web/plausible/docs/pages.csv"),
      Map.entry("web_traffic/plausible/dashboard_export_30d_sources.csv", "web/plausible/docs/sources.csv"),
      Map.entry("web_traffic/access_logs/apache_combined_semicomplete_2015-05-17_first60.log",
          "web/access_logs/docs/apache_combined_semicomplete_2015-05-17_first60.log"));

  @Test
  void everyRealSampleLoadsOrIsQuarantinedWithAReasonAndOnlyNonExportsAreRejected() throws IOException {
    Path landing = root.resolve("landing");
    for (Map.Entry<String, String> e : LAYOUT.entrySet()) {
      Path target = landing.resolve(e.getValue());
      Files.createDirectories(target.getParent());
      Files.copy(Samples.dir(e.getKey()), target);
    }
    String[] where = {"--warehouse", root.resolve("warehouse").toString(), "--landing", landing.toString(), "--quiet"};
    WarehouseCliTest.Result run = cli(concat(new String[] {"run", "--date", "2025-12-31"}, where));
    // The run completes every stage, then fails on the three files that are not exports (docs/downloads.md).
    assertEquals(1, run.code(), run.err());
    Assertions.assertTrue(run.err().contains("3 files rejected"), run.err());

    WarehouseCliTest.Result files = cli(concat(new String[] {"sql", "select file, outcome,"
        + " records_read = records_loaded + records_quarantined + records_filtered as balanced,"
        + " records_read > 0 as has_records from meta.run_audit where stage = 'ingest' order by file",
        "--format", "csv"}, where));
    assertEquals(0, files.code(), files.err());
    List<String> rows = files.out().lines().skip(1).toList();
    assertEquals(LAYOUT.size(), rows.size(), files.out());
    Assertions.assertTrue(rows.stream().allMatch(r -> r.endsWith(",true,true")), files.out());
    assertEquals(List.of(
        "downloads/dockerhub/repository_grimoirelab-perceval_2017-05.json,rejected",
        "downloads/pypi/fastly_cdn_log_downloads_2021-01-07T20-55.log,rejected",
        "downloads/pypi/fastly_cdn_log_simple_2021-01-07T20-55.log,rejected"),
        rows.stream().filter(r -> !r.contains(",loaded,")).map(r -> r.substring(0, r.indexOf(",true"))).toList());

    WarehouseCliTest.Result reasons = cli(concat(new String[] {"sql", "select count(*) as unexplained"
        + " from bronze.quarantine where reason is null or trim(reason) = ''", "--format", "csv"}, where));
    assertEquals("unexplained\n0\n", reasons.out(), reasons.err());
    WarehouseCliTest.Result stars = cli(concat(new String[] {"sql", "select count(*) as stargazers"
        + " from silver.stg_github__stargazers", "--format", "csv"}, where));
    Assertions.assertTrue(!stars.out().equals("stargazers\n0\n") && stars.code() == 0, stars.out() + stars.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
