package io.osswarehouse.collect;

import static io.osswarehouse.collect.CollectFixture.only;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osswarehouse.collect.LocalApi.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collect github/gharchive} against a local archive server holding a day of real events. */
class GhArchiveCollectorTest {
  static final LocalDate DAY = LocalDate.of(2025, 3, 10);

  @TempDir
  Path root;
  LocalApi api;
  CollectFixture f;
  final Map<Integer, byte[]> hours = FakeApis.archiveHours();

  @BeforeEach
  void start() throws IOException {
    api = new LocalApi();
    f = new CollectFixture(root, api).set("github.repositories", FakeApis.REPO);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static String hour(int h) {
    return "github/gharchive/" + DAY + "-" + h + ".json.gz";
  }

  @Test
  void theDaysHoursLandUnderTheArchivesNamesAndAMissingHourIsRecordedNotInvented() {
    FakeApis.gharchive(api, DAY, hours, List.of(7));
    Collection.Result r = only(f.collect(DAY, "github/gharchive"));

    assertEquals("ok", r.status(), r.message());
    assertEquals(23, r.filesWritten());
    assertEquals(List.of(DAY + "-7.json.gz"), r.missing());
    assertFalse(Files.exists(f.landing.resolve(hour(7))), "no file for an hour the archive lacks");
    assertArrayEquals(hours.get(0), f.landed(hour(0)));
    assertArrayEquals(hours.get(23), f.landed(hour(23)));
    assertEquals("missing", f.log(DAY).get(7).path("status").asText());
    assertEquals(1, f.log(DAY).get(7).path("http").path("404").asInt());
    assertTrue(Collection.line(r).endsWith("; not available yet: " + DAY + "-7.json.gz"), Collection.line(r));
  }

  @Test
  void collectingAgainFetchesOnlyTheHoursStillMissing() {
    FakeApis.gharchive(api, DAY, hours, List.of(7));
    f.collect(DAY, "github/gharchive");
    Map<String, String> before = f.landedFiles();
    FakeApis.gharchive(api, DAY, hours, List.of()); // hour 7 was published late
    int calls = api.calls.size();

    Collection.Result again = only(f.collect(DAY, "github/gharchive"));
    assertEquals(1, again.filesWritten());
    assertEquals(List.of("/" + DAY + "-7.json.gz"), api.calls.subList(calls, api.calls.size()).stream()
        .map(LocalApi.Call::path).toList(), "landed hours are not downloaded again");
    before.forEach((file, stamp) -> assertEquals(stamp, f.landedFiles().get(file)));
  }

  @Test
  void aDownloadCutOffMidFileResumesWithARangeRequest() {
    FakeApis.gharchive(api, DAY, hours, List.of());
    byte[] file = hours.get(3);
    api.script("/" + DAY + "-3.json.gz", new Reply(200, Map.of("Content-Type", "application/gzip"), file, -1)
        .cutAfter(file.length / 2));
    Collection.Result r = only(f.collect(DAY, "github/gharchive"));

    assertEquals("ok", r.status(), r.message());
    assertArrayEquals(file, f.landed(hour(3)));
    List<LocalApi.Call> calls = api.calls("/" + DAY + "-3.json.gz");
    assertEquals(2, calls.size());
    assertEquals("bytes=" + file.length / 2 + "-", calls.get(1).header("Range"), "the second request resumes");
  }

  @Test
  void aFileThatIsNotWholeGzipNeverLandsAndIsFetchedAgain() throws IOException {
    FakeApis.gharchive(api, DAY, hours, List.of());
    byte[] file = hours.get(5);
    byte[] corrupt = file.clone();
    corrupt[corrupt.length - 6] ^= 0x55; // the CRC trailer no longer matches
    api.script("/" + DAY + "-5.json.gz", new Reply(200, Map.of("Content-Type", "application/gzip"), corrupt, -1));
    Collection.Result r = only(f.collect(DAY, "github/gharchive"));

    assertEquals("ok", r.status(), r.message());
    assertArrayEquals(file, f.landed(hour(5)), "the retry's good copy landed, never the broken one");
    assertEquals(1, f.log(DAY).get(5).path("http").path("bad gzip").asInt());
    try (Stream<Path> left = Files.list(f.landing.resolve("github/gharchive"))) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no part file left behind");
    }
  }

  @Test
  void aSourceStoppedMidDownloadLeavesAHiddenPartThatTheNextCollectResumes() {
    f.set("collect.max-attempts", "1");
    FakeApis.gharchive(api, DAY, hours, List.of());
    byte[] file = hours.get(0);
    api.script("/" + DAY + "-0.json.gz", new Reply(200, Map.of("Content-Type", "application/gzip"), file, -1)
        .cutAfter(10));
    Collection.Result failed = only(f.collect(DAY, "github/gharchive"));
    assertEquals("failed", failed.status());
    assertFalse(Files.exists(f.landing.resolve(hour(0))));
    assertTrue(Files.exists(f.landing.resolve("github/gharchive/." + DAY + "-0.json.gz.part")),
        "hidden: ingest skips names starting with a dot");

    Collection.Result resumed = only(f.collect(DAY, "github/gharchive"));
    assertEquals("ok", resumed.status(), resumed.message());
    assertArrayEquals(file, f.landed(hour(0)));
    assertEquals("bytes=10-", api.calls("/" + DAY + "-0.json.gz").get(1).header("Range"));
  }
}
