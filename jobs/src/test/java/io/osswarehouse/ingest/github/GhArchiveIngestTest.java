package io.osswarehouse.ingest.github;

import io.osswarehouse.testing.PipelineTest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.Samples;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GH Archive hours and Events API pages through the nightly run's GitHub steps, on real files and on each era's traps. */
@PipelineTest
class GhArchiveIngestTest extends SparkTestBase {
  @TempDir
  Path root;

  private Path gharchive() throws IOException {
    return Files.createDirectories(root.resolve("landing/github/gharchive"));
  }

  private void run(double maxRejected) {
    run(new WarehouseConfig(root.resolve("warehouse"), root.resolve("landing"), "USD", maxRejected, null, 2));
  }

  /**
   * The run of the two steps these tests are about (ingest of the archive, then the GitHub silver tables),
   * through the same runner, gates and audit as a whole night; the other sources' steps have nothing landed.
   */
  private void run(WarehouseConfig cfg) {
    NightlyRun.run(RunContext.start(cfg, new Warehouse(session(), cfg.warehouseDir()), LocalDate.of(2025, 12, 31),
        Progress.silent()), NightlyRun.Freshness.DEFAULT, NightlyRun.Options.DEFAULT,
        Set.of(Catalog.GITHUB__EVENTS.step(), Catalog.STG_GITHUB__EVENTS.step()));
  }

  private List<String> audit() {
    return Tables.lines(new Warehouse(session(), root.resolve("warehouse")).read(AuditLog.TABLE)
        .where("source = 'github/gharchive'"), "file", "records_read", "records_loaded", "records_quarantined", "outcome");
  }

  @Test
  void realEventsApiPagesAndArchiveLinesLoadAndDeduplicate() throws IOException {
    Path dir = gharchive();
    for (String f : List.of("api_public_events_2020-04-25T12-07Z.array.json",
        "pushevent_pre_drift_2024-05-21-0.pretty.json")) {
      Files.copy(Samples.dir("github/gharchive/" + f), dir.resolve(f));
    }
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("2020-04-25-12.json.gz")))) {
      out.write(Samples.bytes("github/gharchive/api_public_events_2020-04-25T12-07Z.reserialized.ndjson"));
    }
    run(0.05);
    assertEquals(List.of(
        "github/gharchive/2020-04-25-12.json.gz | 30 | 30 | 0 | loaded",
        "github/gharchive/api_public_events_2020-04-25T12-07Z.array.json | 30 | 30 | 0 | loaded",
        "github/gharchive/pushevent_pre_drift_2024-05-21-0.pretty.json | 1 | 1 | 0 | loaded"), audit());
    // The API page and the archive hour hold the same 30 events: silver keeps one row per event.
    assertEquals(List.of("31 | 16 | 3"), Tables.lines(session().sql("select count(*), count_if(event_type = 'PushEvent')"
        + " - 1, count_if(event_type = 'WatchEvent') from silver.stg_github__events")));
    assertEquals(List.of("38549213316 | swa-runner-app[bot] | true | 1 | 1 | events | 2024-05-21"),
        Tables.lines(session().sql("select event_id, actor_login, is_bot, push_commits, push_distinct_commits,"
            + " schema_era, created_date from silver.stg_github__events where event_id = '38549213316'")));
  }

  @Test
  void everyEraAndTrapIsNormalised() throws IOException {
    String lines = String.join("\n",
        // Timeline era (before 2015): no id, string actor, repository object, Pacific offset.
        "{\"type\":\"WatchEvent\",\"actor\":\"octocat\",\"actor_attributes\":{\"login\":\"octocat\"},"
            + "\"repository\":{\"id\":1,\"name\":\"hello\",\"owner\":\"octo\",\"organization\":\"octo-org\"},"
            + "\"payload\":{\"action\":\"started\"},\"created_at\":\"2013-08-05T20:03:01-07:00\"}",
        // 2015 era: no display_login.
        "{\"id\":\"2489651045\",\"type\":\"IssuesEvent\",\"actor\":{\"id\":5,\"login\":\"alice\"},"
            + "\"repo\":{\"id\":2,\"name\":\"o/r\"},\"payload\":{\"action\":\"opened\",\"issue\":{\"number\":7}},"
            + "\"public\":true,\"created_at\":\"2015-01-01T15:00:01Z\"}",
        // The same event twice in one hour file.
        "{\"id\":\"2489651045\",\"type\":\"IssuesEvent\",\"actor\":{\"id\":5,\"login\":\"alice\"},"
            + "\"repo\":{\"id\":2,\"name\":\"o/r\"},\"payload\":{\"action\":\"opened\",\"issue\":{\"number\":7}},"
            + "\"public\":true,\"created_at\":\"2015-01-01T15:00:01Z\"}",
        "{\"id\":\"30000000001\",\"type\":\"PullRequestEvent\",\"actor\":{\"id\":6,\"login\":\"dependabot[bot]\","
            + "\"display_login\":\"dependabot\"},\"repo\":{\"id\":2,\"name\":\"o/r\"},\"org\":{\"id\":9,\"login\":\"o\"},"
            + "\"payload\":{\"action\":\"closed\",\"number\":12,\"pull_request\":{\"number\":12,\"merged\":true}},"
            + "\"created_at\":\"2024-03-01T10:00:00Z\"}",
        // After the 2025-10-07 payload cut: PushEvent without size and commits; ids in a smaller number space.
        "{\"id\":\"6725093205\",\"type\":\"PushEvent\",\"actor\":{\"id\":7,\"login\":\"bob\"},"
            + "\"repo\":{\"id\":2,\"name\":\"o/r\"},\"payload\":{\"repository_id\":2,\"push_id\":1,"
            + "\"ref\":\"refs/heads/main\",\"head\":\"a\",\"before\":\"b\"},\"created_at\":\"2025-12-15T00:10:00Z\"}",
        "{\"id\":\"1\",\"type\":",
        "{\"id\":\"2\",\"type\":\"WatchEvent\",\"repo\":{\"id\":2},\"created_at\":\"yesterday\"}");
    Files.writeString(gharchive().resolve("2025-12-15-0.json"), lines + "\n", StandardCharsets.UTF_8);
    run(0.5);

    assertEquals(List.of("github/gharchive/2025-12-15-0.json | 7 | 5 | 2 | loaded"), audit());
    assertEquals(List.of(
        "6 | invalid JSON",
        "7 | 'created_at' is not a timestamp: yesterday"),
        Tables.lines(session().sql("select _record_position, reason from bronze.quarantine")));
    List<String> events = Tables.lines(session().sql("select event_type, schema_era, created_at, actor_login, is_bot,"
        + " repo_id, repo_name, org_login, action, push_commits, is_pull_request_merged, issue_number"
        + " from silver.stg_github__events"));
    assertEquals(List.of(
        "IssuesEvent | events | 2015-01-01 15:00:01.0 | alice | false | 2 | o/r | null | opened | null | null | 7",
        "PullRequestEvent | events | 2024-03-01 10:00:00.0 | dependabot[bot] | true | 2 | o/r | o | closed | null | true | null",
        "PushEvent | events_slim | 2025-12-15 00:10:00.0 | bob | false | 2 | o/r | null | null | null | null | null",
        "WatchEvent | timeline | 2013-08-06 03:03:01.0 | octocat | false | 1 | octo/hello | octo-org | started | null | null | null"),
        events);
  }

  @Test
  void missingAndEmptyHoursAreRecordedAsGapsNotAsZeroActivity() throws IOException {
    String event = "{\"id\":\"%s\",\"type\":\"WatchEvent\",\"actor\":{\"id\":1,\"login\":\"a\"},"
        + "\"repo\":{\"id\":2,\"name\":\"o/r\"},\"payload\":{\"action\":\"started\"},"
        + "\"created_at\":\"2025-12-15T0%s:10:00Z\"}\n";
    Path dir = gharchive();
    Files.writeString(dir.resolve("2025-12-15-0.json"), String.format(event, "11", "0"));
    Files.writeString(dir.resolve("2025-12-15-1.json"), "");
    Files.writeString(dir.resolve("2025-12-15-3.json"), String.format(event, "13", "3") + String.format(event, "14", "3"));
    Files.writeString(dir.resolve("2025-12-15-4.json"), "");
    run(0.05);
    assertEquals(List.of(
        "2025-12-15 00:00:00.0 | loaded | 1",
        "2025-12-15 01:00:00.0 | empty | 0",
        "2025-12-15 02:00:00.0 | missing | null",
        "2025-12-15 03:00:00.0 | loaded | 2",
        "2025-12-15 04:00:00.0 | empty | 0"),
        Tables.lines(session().sql("select hour_at, status, events_loaded from silver.stg_github__archive_hours")));
  }

  @Test
  void aLateHourFileCompletesTheDayEvenWithoutNewEvents() throws IOException {
    Path dir = gharchive();
    Files.writeString(dir.resolve("2025-12-15-0.json"), "{\"id\":\"1\",\"type\":\"WatchEvent\","
        + "\"actor\":{\"id\":1,\"login\":\"a\"},\"repo\":{\"id\":2,\"name\":\"o/r\"},"
        + "\"payload\":{\"action\":\"started\"},\"created_at\":\"2025-12-15T00:10:00Z\"}\n");
    for (int hour = 1; hour < 24; hour++) {
      if (hour != 5) {
        Files.writeString(dir.resolve("2025-12-15-" + hour + ".json"), "");
      }
    }
    run(0.05);
    String daily = "select activity_date, stars, is_day_complete from silver.fct_github_repo_daily";
    assertEquals(List.of("2025-12-15 | 1 | false"), Tables.lines(session().sql(daily)));
    Files.writeString(dir.resolve("2025-12-15-5.json"), ""); // the crawler's late, empty hour
    run(0.05);
    assertEquals(List.of("2025-12-15 | 1 | true"), Tables.lines(session().sql(daily)));
  }

  @Test
  void dailyRepositoryFactsCountStarsContributorsAndKnowWhatTheyCannotCount() throws IOException {
    String base = "{\"id\":\"%s\",\"type\":\"%s\",\"actor\":{\"id\":1,\"login\":\"%s\"},"
        + "\"repo\":{\"id\":2,\"name\":\"o/r\"},\"payload\":%s,\"created_at\":\"%sT10:00:00Z\"}";
    String day1 = String.join("\n",
        String.format(base, "1", "WatchEvent", "ann", "{\"action\":\"started\"}", "2024-05-01"),
        String.format(base, "2", "WatchEvent", "bob", "{\"action\":\"started\"}", "2024-05-01"),
        String.format(base, "3", "PushEvent", "ann", "{\"size\":3,\"distinct_size\":3}", "2024-05-01"),
        String.format(base, "4", "PullRequestEvent", "dependabot[bot]", "{\"action\":\"opened\",\"number\":1}",
            "2024-05-01"),
        String.format(base, "5", "PullRequestEvent", "ann", "{\"action\":\"closed\",\"number\":1,"
            + "\"pull_request\":{\"merged\":true}}", "2024-05-01"));
    String day2 = String.join("\n",
        String.format(base, "6", "PushEvent", "ann", "{\"ref\":\"refs/heads/main\"}", "2025-11-02"),
        String.format(base, "7", "IssuesEvent", "cyd", "{\"action\":\"opened\",\"issue\":{\"number\":9}}",
            "2025-11-02"),
        String.format(base, "8", "PullRequestEvent", "cyd", "{\"action\":\"closed\",\"number\":4,"
            + "\"pull_request\":{\"number\":4}}", "2025-11-02"));
    Files.writeString(gharchive().resolve("2024-05-01-10.json"), day1 + "\n");
    Files.writeString(gharchive().resolve("2025-11-02-10.json"), day2 + "\n");
    run(0.05);
    assertEquals(List.of(
        "2024-05-01 | 2 | 1 | 3 | 0 | 1 | 1 | 1 | 1 | 1 | false",
        // the slim payloads after 2025-10-07 carry neither commit counts nor whether a pull request merged
        "2025-11-02 | 0 | 1 | null | 1 | 0 | null | 2 | 1 | 0 | false"),
        Tables.lines(session().sql("select activity_date, stars, pushes, commits, issues_opened, pull_requests_opened,"
            + " pull_requests_merged, contributors, first_time_contributors, bot_events, is_day_complete"
            + " from silver.fct_github_repo_daily")));
  }

  @Test
  void onlyTrackedRepositoriesAreKeptAndTheRestIsCountedAsFiltered() throws IOException {
    Files.copy(Samples.dir("github/gharchive/api_public_events_2020-04-25T12-07Z.reserialized.ndjson"),
        gharchive().resolve("2020-04-25-12.json"));
    run(new WarehouseConfig(root.resolve("warehouse"), root.resolve("landing"), "USD", 0.05, null, 2,
        List.of("FengJiXuChui/EmbeddedSystem"), List.of("vmenger")));
    assertEquals(List.of("fengjixuchui/EmbeddedSystem", "vmenger/CoronaWatchNL"),
        Tables.lines(session().sql("select distinct repo_name from bronze.github__events")));
    // read = loaded + quarantined + filtered, for the file
    assertEquals(List.of("30 | 2 | 0 | 28"), Tables.lines(new Warehouse(session(), root.resolve("warehouse"))
        .read(AuditLog.TABLE).where("source = 'github/gharchive'"), "records_read", "records_loaded",
        "records_quarantined", "records_filtered"));
  }

  @Test
  void aFileOfGarbageIsRejectedWhole() throws IOException {
    Files.writeString(gharchive().resolve("2025-12-15-1.json"), "not json\nnot json either\n");
    NightlyRun.RunFailed e = Assertions.assertThrows(NightlyRun.RunFailed.class, () -> run(0.05));
    Assertions.assertTrue(e.getMessage().startsWith("github/gharchive/2025-12-15-1.json: 2 of 2 records (100%)"),
        e.getMessage());
    assertEquals(List.of("github/gharchive/2025-12-15-1.json | 2 | 0 | 2 | rejected"), audit());
  }
}
