package io.osswarehouse.silver.github;

import io.osswarehouse.testing.PipelineTest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.ingest.FileIngestor;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
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
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Landed REST files through the ingestor and the silver stage, as the nightly run will chain them. */
@PipelineTest
class GithubRestIngestTest extends SparkTestBase {
  /** Real sample → the owner/repo folder it is landed in. */
  private static final Map<String, String> SAMPLES = Map.of(
      "traffic_views_jkufro-PyGithub_2018-12-02.json", "jkufro/PyGithub",
      "traffic_clones_jkufro-PyGithub_2018-12-02.json", "jkufro/PyGithub",
      "traffic_popular_paths_jkufro-PyGithub_2018-12-02.json", "jkufro/PyGithub",
      "traffic_popular_referrers_jkufro-PyGithub_2018-12-02.json", "jkufro/PyGithub",
      "stargazers_star+json_danvk-comparea_2015-10-14.json", "danvk/comparea",
      "contributors_PyGithub_2012-05-20.json", "PyGithub/PyGithub",
      "releases_list_PyGithub_page1_2022-01-10.json", "PyGithub/PyGithub",
      "release_with_assets_stellarcarbon-sorocarbon_2025-08-15.json", "stellarcarbon/sorocarbon",
      "release_asset_stellarcarbon-sorocarbon_2025-08-15.json", "stellarcarbon/sorocarbon");

  @TempDir
  Path root;

  private Path land(String relative, byte[] content) throws IOException {
    Path file = root.resolve("landing/github/rest").resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  /** Ingest and silver, the two steps the nightly run adds for this source. */
  private FileIngestor.Result run() {
    WarehouseConfig cfg = new WarehouseConfig(root.resolve("warehouse"), root.resolve("landing"), "USD", 0.5, null, 2);
    RunContext run = RunContext.start(cfg, new Warehouse(session(), cfg.warehouseDir()), LocalDate.of(2026, 1, 1),
        Progress.silent());
    run.warehouse().registerAll();
    AuditLog audit = new AuditLog(run);
    FileIngestor.Result result = new FileIngestor(run, audit).ingest(GithubRestSilverStage.SOURCES.get(0));
    audit.flush();
    long started = System.currentTimeMillis();
    long records = new GithubRestSilverStage(run).build();
    audit.stage("silver", "github_rest", records, started, AuditLog.SUCCEEDED, null);
    audit.flush();
    return result;
  }

  private List<String> sql(String query) {
    return Tables.lines(session().sql(query));
  }

  /** Every silver table, rendered: what must not change when nothing new was learnt. */
  private List<String> silver() {
    List<String> out = new ArrayList<>();
    for (String t : List.of(GithubRestSilverStage.STARS_DAILY, GithubRestSilverStage.TRAFFIC_DAILY,
        GithubRestSilverStage.TRAFFIC_POPULAR, GithubRestSilverStage.RELEASE_DOWNLOADS,
        GithubRestSilverStage.REPO_SNAPSHOTS, GithubRestSilverStage.USERS, GithubRestSilverStage.CONTRIBUTORS,
        GithubRestSilverStage.STARGAZERS)) {
      Tables.lines(session().table(t)).forEach(l -> out.add(t + " | " + l));
    }
    return out;
  }

  @Test
  void everyRealSampleLoadsIntoSilverAndRunningAgainChangesNothing() throws IOException {
    for (Map.Entry<String, String> s : SAMPLES.entrySet()) {
      land(s.getValue() + "/" + s.getKey(), Samples.bytes("github/rest_api/" + s.getKey()));
    }
    FileIngestor.Result first = run();
    assertEquals(9, first.filesLoaded());
    assertEquals(32, first.recordsLoaded());
    assertEquals(0, first.recordsQuarantined());

    // 14 days end on the snapshot date; 2018-11-29 is missing from the response: a day without views
    assertEquals(List.of("clones | 14 | 4 | 2018-11-19 | 2018-12-02", "views | 14 | 93 | 2018-11-19 | 2018-12-02"),
        sql("select metric, count(*), sum(count), min(traffic_date), max(traffic_date)"
            + " from silver.fct_github_traffic_daily where repo_name = 'jkufro/pygithub' group by metric"));
    assertEquals(List.of("2018-11-28 | 6 | true", "2018-11-29 | 0 | false", "2018-12-02 | 9 | true"),
        sql("select traffic_date, count, is_listed from silver.fct_github_traffic_daily where metric = 'views'"
            + " and traffic_date in ('2018-11-28', '2018-11-29', '2018-12-02')"));
    assertEquals(List.of("path | 10 | 23", "referrer | 1 | 5"),
        sql("select kind, count(*), max(count) from silver.stg_github__traffic_popular group by kind"));
    // the same asset read twice on one day (in its release and on its own): one reading of 13
    assertEquals(List.of("stellarcarbon/sorocarbon | 223668595 | 261582854 | sink-carbon_v0.3.0.wasm | 2025-08-15"
            + " | 13 | 13 | false | true"),
        sql("select repo_name, release_id, asset_id, asset_name, snapshot_date, download_count, downloads_delta,"
            + " is_counter_reset, is_first_snapshot from silver.fct_github_release_downloads_daily"));
    assertEquals(List.of("2014-08-13 | 1 | 1", "2015-05-09 | 1 | 6", "2015-10-14 | 0 | 6"),
        sql("select star_date, stars_new, stars_total from silver.fct_github_stars_daily"
            + " where star_date in ('2014-08-13', '2015-05-09', '2015-10-14')"));
    assertEquals(List.of("pygithub/pygithub | 327146 | jacquev6 | 355 | false | 2012-05-20"),
        sql("select repo_name, user_id, login, contributions, is_bot, snapshot_date from silver.stg_github__contributors"));
    assertEquals(List.of("7 | 0"), sql("select count(*), count(company_domain) from silver.stg_github__users"));

    List<String> before = silver();
    long versions = session().sql("describe history " + GithubRestSilverStage.STARS_DAILY).count();
    FileIngestor.Result again = run();
    assertEquals(0, again.filesLoaded());
    assertEquals(before, silver());
    // nothing new landed: nothing was rewritten
    assertEquals(versions, session().sql("describe history " + GithubRestSilverStage.STARS_DAILY).count());

    // the same response landed again under another name is the same snapshot: rebuilt, unchanged
    String views = "traffic_views_jkufro-PyGithub_2018-12-02.json";
    land("jkufro/PyGithub/traffic_views_again_2018-12-02.json", Samples.bytes("github/rest_api/" + views));
    assertEquals(1, run().filesSkipped());
    Assertions.assertTrue(session().sql("describe history " + GithubRestSilverStage.STARS_DAILY).count() > versions);
    assertEquals(before, silver());
  }

  @Test
  void anOlderTrafficSnapshotLandedLateOnlyFillsDaysTheNewerOneDoesNotCover() throws IOException {
    String views = "traffic_views_jkufro-PyGithub_2018-12-02.json";
    land("jkufro/PyGithub/" + views, Samples.bytes("github/rest_api/" + views));
    run();
    List<String> newer = sql("select * from silver.fct_github_traffic_daily");
    land("jkufro/PyGithub/traffic_views_2018-11-25.json", ("{\"count\":70,\"uniques\":5,\"views\":["
        + "{\"timestamp\":\"2018-11-18T00:00:00Z\",\"count\":30,\"uniques\":2},"
        + "{\"timestamp\":\"2018-11-20T00:00:00Z\",\"count\":40,\"uniques\":3}]}").getBytes());
    run();
    assertEquals(newer, sql("select * from silver.fct_github_traffic_daily where traffic_date >= '2018-11-19'"));
    assertEquals(List.of("2018-11-12 | 0", "2018-11-18 | 30"), sql("select traffic_date, count from"
        + " silver.fct_github_traffic_daily where traffic_date in ('2018-11-12', '2018-11-18', '2018-11-11')"));
  }

  @Test
  void identicalBodiesOnOtherDaysOrRepositoriesStillCountAsTheirOwnSnapshots() throws IOException {
    byte[] quiet = "{\"count\":0,\"uniques\":0,\"views\":[]}".getBytes();
    land("acme/widget/traffic_views_2025-01-01.json", quiet);
    land("acme/widget/traffic_views_2025-01-20.json", quiet);
    land("acme/gadget/traffic_views_2025-01-20.json", quiet);
    land("nowhere/traffic_views_2025-01-20.json", quiet);
    FileIngestor.Result result = run();
    assertEquals(1, result.filesLoaded());
    assertEquals(3, result.filesSkipped()); // audited as duplicates of the first file's content
    // two windows of zeros for the widget (with the unknown days between them absent), one for the gadget
    assertEquals(List.of("acme/gadget | 14 | 0 | 2025-01-07 | 2025-01-20", "acme/widget | 28 | 0 | 2024-12-19 | 2025-01-20"),
        sql("select repo_name, count(*), sum(count), min(traffic_date), max(traffic_date)"
            + " from silver.fct_github_traffic_daily group by repo_name"));
    List<String> before = silver();
    run();
    assertEquals(before, silver());
  }

  @Test
  void misplacedFilesAndDatelessStarListsAreQuarantinedWithTheFix() throws IOException {
    land("stargazers_2025-01-02.json", "[{\"starred_at\":\"2025-01-01T00:00:00Z\",\"user\":{\"id\":1}}]".getBytes());
    land("acme/widget/stargazers_2025-01-02.json", "[{\"login\":\"octocat\",\"id\":1,\"type\":\"User\"}]".getBytes());
    FileIngestor.Result result = run();
    assertEquals(2, result.rejectedFiles().size());
    assertEquals(List.of(
            "github/rest/acme/widget/stargazers_2025-01-02.json | stargazers: stargazer without starred_at (a bare"
                + " user object): request the list with Accept: application/vnd.github.star+json",
            "github/rest/stargazers_2025-01-02.json | file is not in an <owner>/<repo> folder; expected"
                + " github/rest/<owner>/<repo>/<endpoint>[_<anything>]_<YYYY-MM-DD>.json"),
        sql("select _source_file, reason from bronze.quarantine where source = 'github/rest'"));
    Assertions.assertFalse(new Warehouse(session(), root.resolve("warehouse")).exists(GithubRestSilverStage.STARGAZERS));
  }
}
