package io.osswarehouse.silver.github;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.ParsedFile;
import io.osswarehouse.ingest.github.GithubRestSource;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The REST silver models on small inline snapshots, landed in and out of order. */
class GithubRestSilverTest extends SparkTestBase {
  private static final GithubRestSource SOURCE = new GithubRestSource();

  /** A landed file: where it lies under the landing root, its body, and the hour it was ingested. */
  private record Landed(String path, String body, int hour) {}

  private static Landed landed(String file, int hour, String body) {
    return new Landed("github/rest/acme/widget/" + file, body, hour);
  }

  /** Bronze rows exactly as the ingestor writes them, through the real parser. */
  private Dataset<Row> bronze(Landed... files) {
    List<Row> rows = new ArrayList<>();
    for (Landed f : files) {
      ParsedFile parsed = SOURCE.parse(f.path(), f.body().getBytes(StandardCharsets.UTF_8));
      Assertions.assertEquals(List.of(), parsed.rejections(), f.path());
      for (ParsedFile.Record r : parsed.records()) {
        Object[] v = java.util.Arrays.copyOf(r.values(), r.values().length + 6);
        int n = r.values().length;
        v[n] = f.path();
        v[n + 1] = Integer.toHexString(f.body().hashCode());
        v[n + 2] = r.position();
        v[n + 3] = Timestamp.valueOf(String.format("2026-01-01 %02d:00:00", f.hour()));
        v[n + 4] = "run" + f.hour();
        v[n + 5] = Date.valueOf("2026-01-01");
        rows.add(RowFactory.create(v));
      }
    }
    return GithubRestSilverStage.currentVersions(
        session().createDataFrame(rows, IngestMetadata.withMetadata(SOURCE.recordSchema())));
  }

  private Dataset<Row> model(String table, Landed... files) {
    return GithubRestSilverStage.model(session(), table, bronze(files));
  }

  private static String views(String... dayCountUniques) {
    List<String> days = new ArrayList<>();
    for (String d : dayCountUniques) {
      String[] p = d.split("/");
      days.add("{\"timestamp\":\"" + p[0] + "T00:00:00Z\",\"count\":" + p[1] + ",\"uniques\":" + p[2] + "}");
    }
    return "{\"count\":0,\"uniques\":0,\"views\":[" + String.join(",", days) + "]}";
  }

  @Test
  void overlappingTrafficWindowsKeepTheNewestSnapshotPerDayWhateverTheLandingOrder() {
    Landed older = landed("traffic_views_2025-01-15.json", 9,
        views("2025-01-02/5/2", "2025-01-10/3/1", "2025-01-15/1/1"));
    Landed newer = landed("traffic_views_2025-01-20.json", 8, views("2025-01-10/4/2", "2025-01-20/2/2"));
    String cols = "traffic_date, count, uniques, is_listed, snapshot_date, is_partial_day";
    List<String> expected = List.of(
        "2025-01-02 | 5 | 2 | true | 2025-01-15 | false",
        "2025-01-03 | 0 | 0 | false | 2025-01-15 | false",
        "2025-01-06 | 0 | 0 | false | 2025-01-15 | false",
        // the newer snapshot's window starts here: it owns every later day, listed or not
        "2025-01-07 | 0 | 0 | false | 2025-01-20 | false",
        "2025-01-10 | 4 | 2 | true | 2025-01-20 | false",
        // the older snapshot saw part of the 15th; the newer one saw the whole day without traffic
        "2025-01-15 | 0 | 0 | false | 2025-01-20 | false",
        "2025-01-20 | 2 | 2 | true | 2025-01-20 | true");
    // the older snapshot landed after the newer one (hour 9 after hour 8)
    Dataset<Row> daily = model(GithubRestSilverStage.TRAFFIC_DAILY, newer, older);
    assertEquals(19, daily.count()); // 2025-01-02..2025-01-20, nothing before the first window
    assertEquals(expected, Tables.lines(daily.where("traffic_date in ('2025-01-02', '2025-01-03', '2025-01-06',"
        + " '2025-01-07', '2025-01-10', '2025-01-15', '2025-01-20')"), cols.split(", ")));
    // landing order does not matter, and a second landing of the same snapshot changes nothing
    Dataset<Row> inOrder = model(GithubRestSilverStage.TRAFFIC_DAILY, older, newer,
        new Landed(older.path().replace("2025-01-15", "copy_2025-01-15"), older.body(), 10));
    assertEquals(Tables.lines(daily), Tables.lines(inOrder));
    assertEquals(List.of("views"), Tables.lines(daily.select("metric").distinct()));
  }

  @Test
  void aFileChangedInPlaceCountsWithItsLatestContentOnly() {
    Landed first = landed("traffic_clones_2025-01-15.json", 8,
        "{\"count\":9,\"uniques\":9,\"clones\":[{\"timestamp\":\"2025-01-15T00:00:00Z\",\"count\":9,\"uniques\":9}]}");
    Landed fixed = landed("traffic_clones_2025-01-15.json", 9,
        "{\"count\":1,\"uniques\":1,\"clones\":[{\"timestamp\":\"2025-01-15T00:00:00Z\",\"count\":1,\"uniques\":1}]}");
    assertEquals(List.of("clones | 1 | 1"), Tables.lines(model(GithubRestSilverStage.TRAFFIC_DAILY, first, fixed)
        .where("traffic_date = '2025-01-15'"), "metric", "count", "uniques"));
  }

  private static String release(long id, String tag, String assets) {
    return "{\"id\":" + id + ",\"tag_name\":\"" + tag + "\",\"assets\":[" + assets + "]}";
  }

  private static String asset(long id, String name, long downloads) {
    return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"download_count\":" + downloads
        + ",\"created_at\":\"2025-01-01T00:00:00Z\"}";
  }

  @Test
  void releaseDownloadCountersBecomeDeltasWithResetsOnReuploadOrDecrease() {
    Dataset<Row> downloads = model(GithubRestSilverStage.RELEASE_DOWNLOADS,
        landed("releases_page1_2025-01-01.json", 5, "[" + release(1, "v1", asset(10, "a.tgz", 5)) + ","
            + release(2, "v2", "") + "]"),
        landed("release_v1_2025-01-02.json", 5, release(1, "v1", asset(10, "a.tgz", 8))),
        // the asset was deleted and uploaded again under the same name: a new id, its counter from 0
        landed("releases_2025-01-03.json", 5, "[" + release(1, "v1", asset(11, "a.tgz", 2)) + "]"),
        // a single asset object names no release: it is found through the listing of the day before
        landed("release_asset_11_2025-01-04.json", 5, asset(11, "a.tgz", 7)),
        // landed late, this older reading still sits between the others by date
        landed("release_asset_11_2025-01-05.json", 9, asset(11, "a.tgz", 6)),
        landed("release_asset_11_2025-01-06.json", 5, asset(11, "a.tgz", 7)));
    assertEquals(List.of(
            "1 | v1 | 10 | 2025-01-01 | null | 5 | 5 | false | true",
            "1 | v1 | 10 | 2025-01-02 | 2025-01-01 | 8 | 3 | false | false",
            "1 | v1 | 11 | 2025-01-03 | 2025-01-02 | 2 | 2 | true | false",
            "1 | v1 | 11 | 2025-01-04 | 2025-01-03 | 7 | 5 | false | false",
            "1 | v1 | 11 | 2025-01-05 | 2025-01-04 | 6 | 6 | true | false",
            "1 | v1 | 11 | 2025-01-06 | 2025-01-05 | 7 | 1 | false | false"),
        Tables.lines(downloads, "release_id", "release_tag", "asset_id", "snapshot_date", "previous_snapshot_date",
            "download_count", "downloads_delta", "is_counter_reset", "is_first_snapshot"));
    assertEquals(List.of("acme/widget | a.tgz"), Tables.lines(downloads.select("repo_name", "asset_name").distinct()));
  }

  private static String star(long id, String login, String type, String at) {
    return "{\"starred_at\":\"" + at + "T12:00:00Z\",\"user\":{\"id\":" + id + ",\"login\":\"" + login
        + "\",\"type\":\"" + type + "\"}}";
  }

  @Test
  void starsDailyCountsCurrentStargazersByStarDateAndUnstarsVanish() {
    Landed day1 = landed("stargazers_2025-01-05.json", 9, "[" + star(1, "ann", "User", "2025-01-01") + ","
        + star(2, "bob", "User", "2025-01-03") + "," + star(3, "helper[bot]", "Bot", "2025-01-03") + "]");
    // the next day's list comes in two pages; bob unstarred, cyd starred
    Landed day2page1 = landed("stargazers_page1_2025-01-06.json", 8, "[" + star(1, "ann-renamed", "User",
        "2025-01-01") + "," + star(3, "helper[bot]", "Bot", "2025-01-03") + "]");
    Landed day2page2 = landed("stargazers_page2_2025-01-06.json", 8, "[" + star(4, "cyd", "User", "2025-01-06")
        + "]");
    Dataset<Row> stargazers = model(GithubRestSilverStage.STARGAZERS, day2page1, day2page2, day1);
    assertEquals(List.of(
            "1 | ann-renamed | 2025-01-01 12:00:00.0 | false | 2025-01-06 | true",
            "2 | bob | 2025-01-03 12:00:00.0 | false | 2025-01-05 | false",
            "3 | helper[bot] | 2025-01-03 12:00:00.0 | true | 2025-01-06 | true",
            "4 | cyd | 2025-01-06 12:00:00.0 | false | 2025-01-06 | true"),
        Tables.lines(stargazers, "user_id", "user_login", "starred_at", "is_bot", "snapshot_date", "is_current"));
    assertEquals(List.of(
            "2025-01-01 | 1 | 0 | 1",
            "2025-01-02 | 0 | 0 | 1",
            "2025-01-03 | 1 | 1 | 2",
            "2025-01-04 | 0 | 0 | 2",
            "2025-01-05 | 0 | 0 | 2",
            "2025-01-06 | 1 | 0 | 3"),
        Tables.lines(GithubRestSilverStage.starsDaily(session(), stargazers), "star_date", "stars_new",
            "bot_stars_new", "stars_total"));
  }

  @Test
  void usersTakeCompanyDomainsOnlyFromDomainEvidenceAndNeverKeepRawEmails() {
    Dataset<Row> users = model(GithubRestSilverStage.USERS,
        landed("users_2025-01-01.json", 5, "["
            + "{\"id\":1,\"login\":\"ann\",\"type\":\"User\",\"company\":\"@Acme.io \",\"email\":\"ann@gmail.com\"},"
            + "{\"id\":2,\"login\":\"bob\",\"type\":\"User\",\"company\":\"Acme Inc\",\"email\":\"Bob@Initech.com\"},"
            + "{\"id\":3,\"login\":\"cyd\",\"type\":\"User\",\"company\":\"@microsoft\",\"email\":\"cyd@gmail.com\","
            + "\"blog\":\"https://cyd.github.io/\"},"
            + "{\"id\":4,\"login\":\"dee\",\"type\":\"User\",\"company\":\"Vue.js\",\"email\":null,"
            + "\"blog\":\"www.globex.com/about\"},"
            + "{\"id\":5,\"login\":\"renovate[bot]\",\"type\":\"Bot\",\"company\":null,\"email\":null,\"blog\":\"\"}]"),
        // a later stargazer listing renames ann; her profile stays
        landed("stargazers_2025-02-01.json", 5, "[" + star(1, "ann2", "User", "2025-01-20") + ","
            + star(6, "eve", "User", "2025-01-21") + "]"),
        landed("contributors_2025-01-15.json", 5,
            "[{\"id\":2,\"login\":\"bob\",\"type\":\"User\",\"contributions\":4}]"));
    assertEquals(List.of(
            "1 | ann2 | false | @Acme.io | acme.io | company | gmail.com | 2025-02-01 | 2025-01-01",
            "2 | bob | false | Acme Inc | initech.com | email | initech.com | 2025-01-15 | 2025-01-01",
            "3 | cyd | false | @microsoft | null | null | gmail.com | 2025-01-01 | 2025-01-01",
            "4 | dee | false | Vue.js | globex.com | blog | null | 2025-01-01 | 2025-01-01",
            "5 | renovate[bot] | true | null | null | null | null | 2025-01-01 | 2025-01-01",
            "6 | eve | false | null | null | null | null | 2025-02-01 | null"),
        Tables.lines(users, "user_id", "user_login", "is_bot", "company", "company_domain", "company_domain_source",
            "email_domain", "snapshot_date", "profile_snapshot_date"));
    Assertions.assertTrue(users.where("email_sha256 is not null").count() == 3);
    for (String c : users.columns()) {
      assertEquals(0, users.where("cast(`" + c + "` as string) rlike '[^@ ]+@[^@]+'").count(), "raw e-mail in " + c);
    }
  }

  @Test
  void repositorySnapshotsCountWatchersAsSubscribersNotAsStars() {
    Dataset<Row> repos = model(GithubRestSilverStage.REPO_SNAPSHOTS,
        landed("repository_2025-01-01.json", 5, "{\"id\":9,\"full_name\":\"Acme/Widget\",\"stargazers_count\":120,"
            + "\"watchers_count\":120,\"watchers\":120,\"subscribers_count\":7,\"forks_count\":3,"
            + "\"open_issues_count\":11,\"archived\":false,\"fork\":false}"),
        landed("repository_2025-01-02.json", 5, "{\"id\":9,\"full_name\":\"acme/widget\",\"stargazers_count\":121,"
            + "\"watchers_count\":121}"));
    assertEquals(List.of(
            "acme/widget | 9 | 2025-01-01 | 120 | 7 | 3 | 11",
            "acme/widget | 9 | 2025-01-02 | 121 | null | null | null"),
        Tables.lines(repos, "repo_name", "repo_id", "snapshot_date", "stars", "watchers", "forks", "open_issues"));
  }

  @Test
  void contributorsKeepEverySnapshotAndPseudonymiseAnonymousOnes() {
    Dataset<Row> contributors = model(GithubRestSilverStage.CONTRIBUTORS,
        landed("contributors_2025-01-01.json", 5, "[{\"id\":1,\"login\":\"ann\",\"type\":\"User\",\"contributions\":3},"
            + "{\"id\":2,\"login\":\"dependabot[bot]\",\"type\":\"Bot\",\"contributions\":9}]"),
        landed("contributors_anon_2025-01-08.json", 5, "[{\"id\":1,\"login\":\"ann\",\"type\":\"User\","
            + "\"contributions\":5},{\"email\":\"Old@Example.org\",\"name\":\"Old\",\"type\":\"Anonymous\","
            + "\"contributions\":2}]"));
    assertEquals(List.of(
            "1 | ann | 3 | false | false | 2025-01-01 | false",
            "1 | ann | 5 | false | false | 2025-01-08 | true",
            "2 | dependabot[bot] | 9 | true | false | 2025-01-01 | false",
            "null | null | 2 | false | true | 2025-01-08 | true"),
        Tables.lines(contributors, "user_id", "login", "contributions", "is_bot", "is_anonymous", "snapshot_date",
            "is_latest_snapshot"));
    Row anonymous = contributors.where("is_anonymous").first();
    assertEquals("anonymous:" + anonymous.getAs("email_sha256"), anonymous.getAs("contributor_key"));
    assertEquals("example.org", anonymous.getAs("email_domain"));
  }

  @Test
  void popularPathsAndReferrersKeepOneListPerSnapshotDay() {
    Dataset<Row> popular = model(GithubRestSilverStage.TRAFFIC_POPULAR,
        landed("traffic_popular_paths_2025-01-15.json", 5, "[{\"path\":\"/a\",\"title\":\"A\",\"count\":3,"
            + "\"uniques\":1},{\"path\":\"/b\",\"title\":\"B\",\"count\":9,\"uniques\":2}]"),
        landed("traffic_popular_paths_evening_2025-01-15.json", 6, "[{\"path\":\"/b\",\"title\":\"B\",\"count\":10,"
            + "\"uniques\":2}]"),
        landed("traffic_popular_referrers_2025-01-15.json", 5, "[{\"referrer\":\"google.com\",\"count\":4,"
            + "\"uniques\":3}]"));
    assertEquals(List.of(
            "2025-01-15 | 2025-01-02 | path | /b | B | 10 | 2 | 1",
            "2025-01-15 | 2025-01-02 | referrer | google.com | null | 4 | 3 | 1"),
        Tables.lines(popular, "snapshot_date", "window_start", "kind", "item", "title", "count", "uniques", "rank"));
  }
}
