package io.osswarehouse.collect;

import static io.osswarehouse.collect.CollectFixture.GITHUB_TOKEN;
import static io.osswarehouse.collect.CollectFixture.only;
import static io.osswarehouse.collect.CollectFixture.sample;
import static io.osswarehouse.collect.FakeApis.REPO;
import static io.osswarehouse.collect.FakeApis.REST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osswarehouse.collect.LocalApi.Reply;
import io.osswarehouse.ingest.ParsedFile;
import io.osswarehouse.ingest.github.GithubRestSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collect github/rest} against a local GitHub that answers the recorded REST bodies. */
class GithubRestCollectorTest {
  static final LocalDate DAY = LocalDate.of(2025, 3, 10);
  static final String FOLDER = "github/rest/" + REPO + "/";

  @TempDir
  Path root;
  LocalApi api;
  CollectFixture f;

  @BeforeEach
  void start() throws IOException {
    api = new LocalApi();
    FakeApis.github(api, GITHUB_TOKEN);
    f = new CollectFixture(root, api).set("github.repositories", REPO).set("collect.github.max-user-profiles", "2");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private Collection.Result collect(LocalDate date) {
    return only(f.collect(date, "github/rest"));
  }

  @Test
  void everyEndpointLandsAsGithubSentItWhereIngestReadsIt() {
    Collection.Result r = collect(DAY);
    assertEquals("ok", r.status(), r.message());

    Map<String, String> files = f.landedFiles();
    assertEquals(List.of(
        FOLDER + "contributors_page1_2025-03-10.json",
        FOLDER + "releases_page1_2025-03-10.json",
        FOLDER + "repository_2025-03-10.json",
        FOLDER + "stargazers_page1_2025-03-10.json",
        FOLDER + "stargazers_page2_2025-03-10.json",
        FOLDER + "stargazers_page3_2025-03-10.json",
        FOLDER + "traffic_clones_2025-03-10.json",
        FOLDER + "traffic_popular_paths_2025-03-10.json",
        FOLDER + "traffic_popular_referrers_2025-03-10.json",
        FOLDER + "traffic_views_2025-03-10.json",
        FOLDER + "users_ThomasG77_2025-03-10.json",
        FOLDER + "users_sAlexander_2025-03-10.json"), List.copyOf(files.keySet()));
    assertArrayEquals(sample(REST + "traffic_views_jkufro-PyGithub_2018-12-02.json"),
        f.landed(FOLDER + "traffic_views_2025-03-10.json"), "the body as GitHub sent it");
    List<byte[]> pages = FakeApis.stargazerPages();
    for (int p = 1; p <= 3; p++) {
      assertArrayEquals(pages.get(p - 1), f.landed(FOLDER + "stargazers_page" + p + "_2025-03-10.json"));
    }
    assertTrue(api.calls("/repos/" + REPO + "/stargazers").stream()
        .allMatch(c -> c.header("Accept").equals(GithubRestSource.STAR_MEDIA_TYPE)), "stars need their media type");

    // What ingest makes of them: every record loads, under the repository and the run date.
    GithubRestSource source = new GithubRestSource();
    for (String file : files.keySet()) {
      ParsedFile parsed = source.parse(file, f.landed(file));
      assertEquals(0, parsed.rejections().size(), file + ": " + parsed.rejections());
      GithubRestSource.Location at = GithubRestSource.locate(file);
      assertEquals(REPO, at.repoName());
      assertEquals(DAY, at.snapshotDate());
    }
  }

  @Test
  void collectingTheSameDayAgainWritesNothingAndEveryAnswerIsA304() {
    collect(DAY);
    Map<String, String> before = f.landedFiles();
    int firstCalls = api.calls.size();
    int firstLines = f.log(DAY).size();

    Collection.Result again = collect(DAY);
    assertEquals("ok", again.status(), again.message());
    assertEquals(0, again.filesWritten());
    assertEquals(before, f.landedFiles(), "same bytes, same modification times: ingest does not even re-read them");
    List<LocalApi.Call> second = api.calls.subList(firstCalls, api.calls.size());
    assertEquals(firstCalls, second.size());
    assertTrue(second.stream().allMatch(c -> c.header("If-None-Match") != null), "conditional requests");
    assertTrue(f.log(DAY).stream().skip(firstLines).allMatch(l -> !l.path("http").has("200")),
        "the second collect's answers are all 304 (no quota): " + f.log(DAY));
  }

  @Test
  void theNextDaysSnapshotLandsFromTheCacheWhenGithubAnswers304() {
    collect(DAY);
    Collection.Result next = collect(DAY.plusDays(1));
    assertEquals("ok", next.status(), next.message());
    assertArrayEquals(f.landed(FOLDER + "stargazers_page2_2025-03-10.json"),
        f.landed(FOLDER + "stargazers_page2_2025-03-11.json"), "an unchanged list is still the day's snapshot");
    assertArrayEquals(f.landed(FOLDER + "traffic_views_2025-03-10.json"),
        f.landed(FOLDER + "traffic_views_2025-03-11.json"));
    assertFalse(f.landedFiles().containsKey(FOLDER + "users_sAlexander_2025-03-11.json"),
        "profiles are fetched again only after collect.github.user-refresh-days");
  }

  @Test
  void aUsedUpRateLimitIsWaitedOutUntilItsReset() {
    long reset = Instant.now().getEpochSecond() + 2;
    api.script("/repos/" + REPO + "/releases", Reply.json(403,
            "{\"message\":\"API rate limit exceeded for user ID 1.\"}")
        .with("X-RateLimit-Remaining", "0").with("X-RateLimit-Reset", String.valueOf(reset)));
    Collection.Result r = collect(DAY);
    assertEquals("ok", r.status(), r.message());
    List<LocalApi.Call> releases = api.calls("/repos/" + REPO + "/releases");
    assertEquals(2, releases.size());
    assertTrue(f.landedFiles().containsKey(FOLDER + "releases_page1_2025-03-10.json"));
    assertTrue(Instant.now().getEpochSecond() >= reset, "not retried before X-RateLimit-Reset");
  }

  @Test
  void aRateLimitOutlastingTheBudgetStopsTheSourceMidListLandingNothingPartialAndTheNextCollectCompletes() {
    f.set("collect.max-minutes-per-source", "0.1");
    long reset = Instant.now().getEpochSecond() + 3600;
    api.script("/repos/" + REPO + "/stargazers?page=2", Reply.json(403, "{\"message\":\"API rate limit exceeded\"}")
        .with("X-RateLimit-Remaining", "0").with("X-RateLimit-Reset", String.valueOf(reset)));
    Collection.Result stopped = collect(DAY);
    assertEquals("failed", stopped.status());
    assertTrue(stopped.message().contains("rate limited (403): it resets at ")
        && stopped.message().contains("after this source's time budget"), stopped.message());
    assertTrue(f.landedFiles().containsKey(FOLDER + "repository_2025-03-10.json"), "what finished before stays");
    assertFalse(f.landedFiles().keySet().stream().anyMatch(p -> p.contains("stargazers")),
        "page 1 of 3 was fetched but never landed: " + f.landedFiles().keySet());

    Collection.Result resumed = collect(DAY);
    assertEquals("ok", resumed.status(), resumed.message());
    assertTrue(f.landedFiles().containsKey(FOLDER + "stargazers_page3_2025-03-10.json"));
  }

  @Test
  void a429WithRetryAfterIsWaitedOutAndRetried() {
    api.script("/repos/" + REPO, Reply.json(429, "{\"message\":\"slow down\"}").with("Retry-After", "1"));
    long started = System.nanoTime();
    Collection.Result r = collect(DAY);
    assertEquals("ok", r.status(), r.message());
    assertTrue(System.nanoTime() - started >= 1_000_000_000L, "waited the Retry-After second");
    assertEquals(1, f.log(DAY).get(0).path("http").path("429").asInt(), f.log(DAY).get(0).toString());
  }

  @Test
  void aSecondaryRateLimitWithoutHintsIsWaitedOutToo() {
    api.script("/repos/" + REPO + "/contributors", Reply.json(403,
        "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}"));
    Collection.Result r = collect(DAY);
    assertEquals("ok", r.status(), r.message());
    assertEquals(2, api.calls("/repos/" + REPO + "/contributors").size());
  }

  @Test
  void trafficWithoutPushAccessFailsThatEndpointAloneWhileTheOthersLand() {
    api.script("/repos/" + REPO + "/traffic/views", Reply.json(403,
        "{\"message\":\"Must have push access to repository\"}"));
    Collection.Result r = collect(DAY);
    assertEquals("failed", r.status());
    assertEquals("1 of 10 failed, first acme/widget traffic_views: GET /repos/acme/widget/traffic/views answered 403 "
        + "Forbidden: Must have push access to repository", r.message());
    assertTrue(f.landedFiles().containsKey(FOLDER + "traffic_clones_2025-03-10.json"));
    assertFalse(f.landedFiles().containsKey(FOLDER + "traffic_views_2025-03-10.json"));
  }

  @Test
  void anExpiredTokenStopsTheSourceAtOnceWithOneLineThatDoesNotShowIt() {
    f.set("collect.github.token-file", f.secretFile("expired", "ghp_expiredExpiredExpired").toString());
    Collection.Result r = collect(DAY);
    assertEquals("failed", r.status());
    assertEquals("github/rest: GET /repos/acme/widget answered 401 Unauthorized: the GitHub token was refused "
        + "(expired, revoked or mistyped); replace it: Bad credentials", r.message());
    assertEquals(1, api.calls.size(), "no request after the token was refused");
    assertTrue(f.landedFiles().isEmpty());
  }
}
