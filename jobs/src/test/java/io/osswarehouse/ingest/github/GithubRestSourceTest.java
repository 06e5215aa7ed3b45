package io.osswarehouse.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osswarehouse.ingest.ParsedFile;
import io.osswarehouse.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How REST API bodies are split and checked, on every real sample and on the shapes that must not load. */
class GithubRestSourceTest {
  private final GithubRestSource source = new GithubRestSource();

  /** A real sample parsed as if landed under {@code github/rest/<folder>/}. */
  private ParsedFile sample(String folder, String file) {
    return source.parse("github/rest/" + folder + "/" + file, Samples.bytes("github/rest_api/" + file));
  }

  private ParsedFile parse(String path, String body) {
    return source.parse(path, body.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> heads(ParsedFile parsed) {
    return parsed.records().stream().map(r -> r.values()[0] + " " + r.values()[1] + " " + r.values()[2] + " "
        + r.values()[3]).collect(Collectors.toList());
  }

  private static JsonNode json(ParsedFile.Record r) throws Exception {
    return new ObjectMapper().readTree((String) r.values()[4]);
  }

  @ParameterizedTest
  @CsvSource({
      "jkufro/PyGithub, traffic_views_jkufro-PyGithub_2018-12-02.json, traffic_views, jkufro/pygithub, 2018-12-02, 1",
      "jkufro/PyGithub, traffic_clones_jkufro-PyGithub_2018-12-02.json, traffic_clones, jkufro/pygithub, 2018-12-02, 1",
      "jkufro/PyGithub, traffic_popular_paths_jkufro-PyGithub_2018-12-02.json, traffic_popular_paths, jkufro/pygithub,"
          + " 2018-12-02, 10",
      "jkufro/PyGithub, traffic_popular_referrers_jkufro-PyGithub_2018-12-02.json, traffic_popular_referrers,"
          + " jkufro/pygithub, 2018-12-02, 1",
      "danvk/comparea, stargazers_star+json_danvk-comparea_2015-10-14.json, stargazers, danvk/comparea, 2015-10-14, 6",
      "PyGithub/PyGithub, contributors_PyGithub_2012-05-20.json, contributors, pygithub/pygithub, 2012-05-20, 1",
      "PyGithub/PyGithub, releases_list_PyGithub_page1_2022-01-10.json, releases, pygithub/pygithub, 2022-01-10, 10",
      "stellarcarbon/sorocarbon, release_with_assets_stellarcarbon-sorocarbon_2025-08-15.json, release,"
          + " stellarcarbon/sorocarbon, 2025-08-15, 1",
      "stellarcarbon/sorocarbon, release_asset_stellarcarbon-sorocarbon_2025-08-15.json, release_asset,"
          + " stellarcarbon/sorocarbon, 2025-08-15, 1"})
  void everyRealSampleLoadsWithItsEndpointRepositoryAndDate(String folder, String file, String endpoint,
      String repo, String date, int records) {
    ParsedFile parsed = sample(folder, file);
    assertEquals(List.of(), parsed.rejections());
    assertEquals(records, parsed.records().size());
    for (ParsedFile.Record r : parsed.records()) {
      assertEquals(endpoint, r.values()[0]);
      assertEquals(repo, r.values()[1]);
      assertEquals(Date.valueOf(date), r.values()[2]);
    }
  }

  @Test
  void realValuesSurviveVerbatim() throws Exception {
    // the views sample has no entry for 2018-11-29: a day without traffic is omitted, not zero
    JsonNode views = json(sample("jkufro/PyGithub", "traffic_views_jkufro-PyGithub_2018-12-02.json").records().get(0));
    assertEquals(93, views.get("count").asInt());
    assertEquals(List.of("2018-11-27", "2018-11-28", "2018-11-30", "2018-12-01", "2018-12-02"),
        java.util.stream.StreamSupport.stream(views.get("views").spliterator(), false)
            .map(d -> d.get("timestamp").asText().substring(0, 10)).collect(Collectors.toList()));
    JsonNode asset = json(sample("stellarcarbon/sorocarbon", "release_asset_stellarcarbon-sorocarbon_2025-08-15.json")
        .records().get(0));
    assertEquals(13, asset.get("download_count").asInt());
    ParsedFile release = sample("stellarcarbon/sorocarbon", "release_with_assets_stellarcarbon-sorocarbon_2025-08-15.json");
    assertEquals(List.of("release stellarcarbon/sorocarbon 2025-08-15 223668595"), heads(release));
    assertEquals(13, json(release.records().get(0)).get("assets").get(0).get("download_count").asInt());
    ParsedFile stars = sample("danvk/comparea", "stargazers_star+json_danvk-comparea_2015-10-14.json");
    assertEquals("stargazers danvk/comparea 2015-10-14 20961", heads(stars).get(0));
    assertEquals("2014-08-13T19:22:05Z", json(stars.records().get(0)).get("starred_at").asText());
    assertEquals(List.of("contributors pygithub/pygithub 2012-05-20 327146"),
        heads(sample("PyGithub/PyGithub", "contributors_PyGithub_2012-05-20.json")));
    assertEquals("releases pygithub/pygithub 2022-01-10 41982557",
        heads(sample("PyGithub/PyGithub", "releases_list_PyGithub_page1_2022-01-10.json")).get(0));
    assertEquals("traffic_popular_paths jkufro/pygithub 2018-12-02 /jkufro/PyGithub",
        heads(sample("jkufro/PyGithub", "traffic_popular_paths_jkufro-PyGithub_2018-12-02.json")).get(0));
  }

  @Test
  void bareUserStargazersAreQuarantinedWithTheMediaTypeToUse() {
    ParsedFile parsed = parse("github/rest/acme/widget/stargazers_2025-01-02.json",
        "[{\"login\":\"octocat\",\"id\":1,\"type\":\"User\"},{\"starred_at\":\"2025-01-01T10:00:00Z\","
            + "\"user\":{\"login\":\"hubot\",\"id\":2}}]");
    assertEquals(List.of("stargazers acme/widget 2025-01-02 2"), heads(parsed));
    assertEquals(1, parsed.rejections().size());
    ParsedFile.Rejection r = parsed.rejections().get(0);
    assertEquals(1, r.position());
    assertEquals("stargazers: stargazer without starred_at (a bare user object): request the list with Accept: "
        + "application/vnd.github.star+json", r.reason());
  }

  @Test
  void invalidRecordsAreQuarantinedWithTheirReason() {
    assertEquals(List.of(
            "2 | stargazers: record is not a JSON object",
            "3 | stargazers: 'starred_at' is not an ISO-8601 timestamp: yesterday",
            "4 | stargazers: 'user.id' is missing or not an integer"),
        reasons(parse("github/rest/acme/widget/stargazers_2025-01-02.json",
            "[{\"starred_at\":\"2025-01-01T10:00:00Z\",\"user\":{\"id\":2}}, 42,"
                + " {\"starred_at\":\"yesterday\",\"user\":{\"id\":3}}, {\"starred_at\":\"2025-01-01T10:00:00Z\"}]")));
    assertEquals(List.of("1 | traffic_views: views[]: 'count' is missing or not an integer"),
        reasons(parse("github/rest/acme/widget/traffic_views_2025-01-02.json",
            "{\"count\":1,\"uniques\":1,\"views\":[{\"timestamp\":\"2025-01-01T00:00:00Z\",\"uniques\":1}]}")));
    assertEquals(List.of("1 | release: assets[]: 'download_count' is missing or not an integer"),
        reasons(parse("github/rest/acme/widget/release_2025-01-02.json",
            "{\"id\":7,\"assets\":[{\"id\":8,\"name\":\"a.tgz\"}]}")));
    List<String> broken = reasons(parse("github/rest/acme/widget/users_2025-01-02.json", "{\"id\":1,"));
    assertEquals(1, broken.size());
    assertTrue(broken.get(0).startsWith("1 | invalid JSON: Unexpected end-of-input"), broken.get(0));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "github/rest/stargazers_2025-01-02.json | file is not in an <owner>/<repo> folder",
      "github/rest/acme/stargazers_2025-01-02.json | file is not in an <owner>/<repo> folder",
      "github/rest/acme/widget/extra/stargazers_2025-01-02.json | file is not in an <owner>/<repo> folder",
      "github/rest/acme/widget/stargazers_latest.json | file name has no snapshot date",
      "github/rest/acme/widget/stargazers_2025-02-30.json | '2025-02-30' is not a date",
      "github/rest/acme/widget/forks_2025-01-02.json | file name does not start with a known endpoint"})
  void misplacedFilesHaveEveryRecordQuarantinedWithTheExpectedLayout(String path, String problem) {
    ParsedFile parsed = parse(path, "[{\"starred_at\":\"2025-01-01T10:00:00Z\",\"user\":{\"id\":2}},"
        + "{\"starred_at\":\"2025-01-01T11:00:00Z\",\"user\":{\"id\":3}}]");
    assertEquals(0, parsed.records().size());
    assertEquals(2, parsed.rejections().size());
    for (ParsedFile.Rejection r : parsed.rejections()) {
      assertTrue(r.reason().startsWith(problem), r.reason());
      assertTrue(r.reason().endsWith("expected " + GithubRestSource.LAYOUT), r.reason());
    }
  }

  @ParameterizedTest
  @CsvSource({
      "releases_list_page1_2022-01-10.json, releases, 2022-01-10",
      "release_with_assets_2025-08-15.json, release, 2025-08-15",
      "release_asset_2025-08-15.json, release_asset, 2025-08-15",
      "traffic_popular_paths_2018-12-02.json, traffic_popular_paths, 2018-12-02",
      "users_octocat_2024-01-01_fetched_2024-03-05.json.gz, users, 2024-03-05",
      "repository_2024-03-05.json, repository, 2024-03-05"})
  void theLongestEndpointPrefixAndTheLastDateWin(String file, String endpoint, String date) {
    GithubRestSource.Location where = GithubRestSource.locate("github/rest/Acme/Widget/" + file);
    assertEquals(new GithubRestSource.Location(endpoint, "acme/widget", java.time.LocalDate.parse(date)), where);
  }

  @Test
  void anonymousContributorsAndSingleUserProfilesLoad() {
    ParsedFile contributors = parse("github/rest/acme/widget/contributors_anon_2025-01-02.json",
        "[{\"login\":\"a\",\"id\":1,\"type\":\"User\",\"contributions\":3},"
            + "{\"email\":\"x@example.com\",\"name\":\"X\",\"type\":\"Anonymous\",\"contributions\":1}]");
    assertEquals(List.of("contributors acme/widget 2025-01-02 1", "contributors acme/widget 2025-01-02 null"),
        heads(contributors));
    assertEquals(List.of("users acme/widget 2025-01-02 5"), heads(parse(
        "github/rest/acme/widget/users_2025-01-02.json", "{\"login\":\"e\",\"id\":5,\"company\":\"@acme\"}")));
  }

  private static List<String> reasons(ParsedFile parsed) {
    return parsed.rejections().stream().map(r -> r.position() + " | " + r.reason()).collect(Collectors.toList());
  }
}
