package io.osswarehouse.collect;

import static io.osswarehouse.collect.CollectFixture.only;
import static io.osswarehouse.collect.CollectFixture.sample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osswarehouse.collect.LocalApi.Reply;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.ParsedFile;
import io.osswarehouse.ingest.downloads.DockerHubSource;
import io.osswarehouse.ingest.downloads.NpmDownloadsSource;
import io.osswarehouse.ingest.downloads.PypistatsSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collect downloads}: npm, pypistats and Docker Hub against a local server, and the shared client's retries. */
class DownloadsCollectorsTest {
  static final LocalDate DAY = LocalDate.of(2025, 3, 10);
  static final String PYPISTATS = "downloads/pypistats/pip/overall_2025-03-10.json";
  static final String DOCKER = "downloads/dockerhub/grimoirelab/perceval/repository_2025-03-10.json";

  @TempDir
  Path root;
  LocalApi api;
  CollectFixture f;

  @BeforeEach
  void start() throws IOException {
    api = new LocalApi();
    FakeApis.npm(api, "left-pad");
    FakeApis.pypistats(api);
    FakeApis.dockerhub(api);
    f = new CollectFixture(root, api).set("collect.npm.packages", "left-pad").set("collect.pypi.packages", "pip")
        .set("collect.dockerhub.images", "grimoirelab/perceval").set("collect.npm.history-from", "2022-01-01");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private void ingestsWhole(LandingSource source, String file) {
    ParsedFile parsed = source.parse(file, f.landed(file));
    assertEquals(List.of(), parsed.rejections(), file);
    assertTrue(parsed.records().size() > 0, file);
  }

  @Test
  void npmHistoryComesIn18MonthChunksThenEveryCollectFetchesItsTrailingWindow() {
    Collection.Result r = only(f.collect(DAY, "downloads/npm"));
    assertEquals("ok", r.status(), r.message());
    assertEquals(List.of(
        "downloads/npm/left-pad/range_2022-01-01_2023-06-30.json",
        "downloads/npm/left-pad/range_2023-07-01_2024-12-31.json",
        "downloads/npm/left-pad/range_2025-01-01_2025-02-08.json",
        "downloads/npm/left-pad/range_2025-02-09_2025-03-10.json"), List.copyOf(f.landedFiles().keySet()));
    f.landedFiles().keySet().forEach(file -> ingestsWhole(new NpmDownloadsSource(), file));

    only(f.collect(DAY.plusDays(1), "downloads/npm"));
    assertTrue(f.landedFiles().containsKey("downloads/npm/left-pad/range_2025-02-10_2025-03-11.json"));
    assertEquals(5, f.landedFiles().size(), "no history again, only the next window");

    only(f.collect(DAY.plusDays(60), "downloads/npm"));
    assertTrue(f.landedFiles().containsKey("downloads/npm/left-pad/range_2025-03-12_2025-04-09.json"),
        "the days between two windows are fetched: " + f.landedFiles().keySet());
  }

  @Test
  void pypistatsAndDockerHubLandTheirAnswersAsSentUnderTheRunDate() {
    List<Collection.Result> results = f.collect(DAY, "downloads/pypistats", "downloads/dockerhub");
    assertTrue(results.stream().allMatch(r -> r.status().equals("ok")), results.toString());
    assertArrayEquals(sample("downloads/pypistats/overall_pip_2020-05-01_02.json"), f.landed(PYPISTATS));
    assertArrayEquals(sample("downloads/dockerhub/repository_grimoirelab-perceval_2017-05.json"), f.landed(DOCKER));
    ingestsWhole(new PypistatsSource(), PYPISTATS);
    ingestsWhole(new DockerHubSource(), DOCKER); // the real sample's month-only name would be quarantined
  }

  @Test
  void fiveHundredsAreRetriedWithBackoffUntilAnAnswerComes() {
    api.script("/v2/repositories/grimoirelab/perceval/", Reply.json(502, "{}"), Reply.json(503, "{}"));
    Collection.Result r = only(f.collect(DAY, "downloads/dockerhub"));
    assertEquals("ok", r.status(), r.message());
    assertEquals(Map.of("200", 1, "502", 1, "503", 1), http(f.log(DAY).get(0)));
  }

  @Test
  void anAnswerSlowerThanTheTimeoutIsAbandonedAndAskedAgain() {
    f.set("collect.timeout-seconds", "0.3");
    byte[] body = sample("downloads/dockerhub/repository_grimoirelab-perceval_2017-05.json");
    api.script("/v2/repositories/grimoirelab/perceval/", Reply.json(200, body).delayed(1500));
    Collection.Result r = only(f.collect(DAY, "downloads/dockerhub"));
    assertEquals("ok", r.status(), r.message());
    assertEquals(Map.of("200", 1, "timeout", 1), http(f.log(DAY).get(0)));
    assertArrayEquals(body, f.landed(DOCKER));
  }

  @Test
  void aBodyCutOffInTransitIsFetchedAgainAndNeverLandsHalfWritten() {
    byte[] body = sample("downloads/pypistats/overall_pip_2020-05-01_02.json");
    api.script("/api/packages/pip/overall", Reply.json(200, body).cutAfter(body.length / 3));
    Collection.Result r = only(f.collect(DAY, "downloads/pypistats"));
    assertEquals("ok", r.status(), r.message());
    assertArrayEquals(body, f.landed(PYPISTATS));
    assertEquals(1, http(f.log(DAY).get(0)).get("io error"));
  }

  @Test
  void anAnswerThatIsNotJsonIsRetriedAndOnlyEverFailsCleanly() {
    Reply portal = new Reply(200, Map.of("Content-Type", "text/html"), "<html>Sign in to the Wi-Fi</html>".getBytes(),
        -1);
    api.script("/api/packages/pip/overall", portal, portal, portal);
    Collection.Result r = only(f.collect(DAY, "downloads/pypistats"));
    assertEquals("failed", r.status());
    assertEquals("1 of 1 failed, first pip overall: GET /api/packages/pip/overall: answered 200 with Content-Type "
        + "'text/html', not JSON (after 3 attempts)", r.message());
    assertTrue(f.landedFiles().isEmpty());
  }

  @Test
  void anUnknownPackageFailsThatPackageAloneWithTheApisReason() {
    f.set("collect.npm.packages", "left-pad,no-such-package-xyz");
    Collection.Result r = only(f.collect(DAY, "downloads/npm"));
    assertEquals("failed", r.status());
    assertTrue(r.message().startsWith("1 of 2 failed, first no-such-package-xyz: npm package no-such-package-xyz "
        + "answered 404: {\"error\":\"package no-such-package-xyz not found\"}"), r.message());
    assertTrue(f.landedFiles().containsKey("downloads/npm/left-pad/range_2025-02-09_2025-03-10.json"));
  }

  @Test
  void anApiThatCannotBeReachedStopsItsSourceInsteadOfTryingEveryPackage() throws IOException {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    f.set("collect.npm.api-url", "http://127.0.0.1:" + closedPort).set("collect.npm.packages", "a,b,c,d,e");
    Collection.Result r = only(f.collect(DAY, "downloads/npm"));
    assertEquals("failed", r.status());
    assertTrue(r.message().startsWith("downloads/npm: cannot reach http://127.0.0.1:" + closedPort
        + ", 6 connection failures in a row"), r.message());
    assertEquals(2, f.log(DAY).size(), "two packages tried (3 attempts each), not five: " + f.log(DAY));
  }

  private static Map<String, Integer> http(com.fasterxml.jackson.databind.JsonNode line) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    line.path("http").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
    return out;
  }
}
