package io.osswarehouse.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.junit.jupiter.api.Assertions;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.generate.Background;
import io.osswarehouse.generate.SampleDataGenerator;
import io.osswarehouse.ingest.FileScan;
import io.osswarehouse.ingest.JsonDocuments;
import io.osswarehouse.ingest.LinePrefilter;
import io.osswarehouse.ingest.LineLandingSource;
import io.osswarehouse.ingest.ParsedFile;
import io.osswarehouse.testing.Samples;
import io.osswarehouse.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw-line prefilter keeps exactly the events the full parse keeps: on every real sample, on
 * generated hours with background traffic, and on lines built to defeat a naive byte test (letter case,
 * JSON escapes, a non-ASCII letter that lower-cases to ASCII, the pre-2015 {@code repository} object).
 */
class GhArchivePrefilterTest extends SparkTestBase {
  @TempDir
  Path root;

  private static final GhArchiveSource SOURCE = new GhArchiveSource();

  private static WarehouseConfig tracking(List<String> repositories, List<String> organizations) {
    return new WarehouseConfig(Path.of("/tmp/unused-warehouse"), Path.of("/tmp/unused-landing"), "USD", 0.05, null, 2,
        repositories, organizations);
  }

  /** The tracked events' ids with their file and line, through the source's parse and tracking rule. */
  private List<String> kept(List<Path> files, WarehouseConfig config, LinePrefilter prefilter) {
    List<Row> specs = files.stream().map(f -> RowFactory.create(f.toUri().toString(), f.getFileName().toString(),
        "sha")).toList();
    // The ingest's own path: one pass (kept lines cached when there is a prefilter, else read again), then the parse.
    try (FileScan.Scan scan = FileScan.scan(session(), statuses(files), prefilter)) {
      return SOURCE.validateLines(scan.lines(specs))
          .where(org.apache.spark.sql.functions.col(LineLandingSource.REJECT_REASON).isNull()
              .and(SOURCE.tracked(config)))
          .selectExpr("concat_ws(' ', _source_file, _record_position, event_id, repo_name) as k")
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted().toList();
    }
  }

  private static List<FileScan.FileStatusLite> statuses(List<Path> files) {
    return files.stream().map(f -> new FileScan.FileStatusLite(f.toUri().toString(), f.toFile().length())).toList();
  }

  private Map<String, FileScan.Summary> summaries(List<Path> files, LinePrefilter prefilter) {
    try (FileScan.Scan scan = FileScan.scan(session(), statuses(files), prefilter)) {
      return scan.summaries();
    }
  }

  /** Lines the prefilter drops, over all files (as the ingest counts them: filtered). */
  private long dropped(List<Path> files, LinePrefilter prefilter) {
    return summaries(files, prefilter).values().stream().mapToLong(FileScan.Summary::prefiltered).sum();
  }

  private Path ndjson(String name, List<String> lines) throws IOException {
    return Files.write(root.resolve(name), lines, StandardCharsets.UTF_8);
  }

  /** A whole-document sample (a JSON array, a pretty-printed event) as the ingest splits it: one line per event. */
  private Path split(String sample) throws IOException {
    ParsedFile doc = JsonDocuments.split(Samples.bytes("github/gharchive/" + sample));
    return ndjson(sample + ".ndjson", doc.records().stream().map(r -> (String) r.values()[0]).toList());
  }

  @Test
  void realSamplesKeepTheSameEventsForEveryTrackedOwnerTheyHold() throws IOException {
    List<Path> files = List.of(
        Samples.dir("github/gharchive/api_public_events_2020-04-25T12-07Z.reserialized.ndjson"),
        split("api_public_events_2020-04-25T12-07Z.array.json"),
        split("pushevent_pre_drift_2024-05-21-0.pretty.json"));
    List<String> all = kept(files, tracking(List.of(), List.of()), null);
    assertEquals(61, all.size());
    // Every owner of the samples, tracked alone (and once in upper case, once as a repository).
    List<String> owners = all.stream().map(k -> k.substring(k.lastIndexOf(" ") + 1).split("/")[0]).distinct()
        .collect(Collectors.toList());
    Assertions.assertTrue(owners.size() >= 20, owners.toString());
    long checked = 0;
    for (int i = 0; i < owners.size(); i++) {
      String owner = owners.get(i);
      WarehouseConfig cfg = i % 3 == 0 ? tracking(List.of(), List.of(owner.toUpperCase(java.util.Locale.ROOT)))
          : i % 3 == 1 ? tracking(all.stream().map(k -> k.substring(k.lastIndexOf(' ') + 1))
              .filter(r -> r.startsWith(owner + "/")).limit(1).toList(), List.of())
          : tracking(List.of(), List.of(owner));
      LinePrefilter prefilter = SOURCE.prefilter(cfg);
      List<String> full = kept(files, cfg, null);
      Assertions.assertTrue(!full.isEmpty(), owner);
      assertEquals(full, kept(files, cfg, prefilter), "tracking " + owner);
      checked += full.size();
      // what the prefilter lets through to the parse is a small share of the 61 events
      Assertions.assertTrue(dropped(files, prefilter) >= 61 - full.size() - 10, owner);
    }
    Assertions.assertTrue(checked >= 61, "every sample event was tracked by one of the configurations");
  }

  @Test
  void generatedHoursWithBackgroundTrafficKeepTheSameEvents() throws IOException {
    Path landing = root.resolve("landing");
    SampleDataGenerator.generate(landing, 42, 6, LocalDate.of(2025, 12, 30), LocalDate.of(2025, 12, 30), "USD",
        new Background(0, 300, 0));
    List<Path> hours;
    try (Stream<Path> s = Files.list(landing.resolve("github/gharchive"))) {
      hours = s.sorted().toList();
    }
    assertEquals(24, hours.size());
    WarehouseConfig cfg = tracking(List.of(), List.of("osswh"));
    LinePrefilter prefilter = SOURCE.prefilter(cfg);
    List<String> full = kept(hours, cfg, null);
    assertEquals(full, kept(hours, cfg, prefilter));
    long lines = summaries(hours, null).values().stream().mapToLong(FileScan.Summary::lines).sum();
    long dropped = dropped(hours, prefilter);
    Assertions.assertTrue(lines >= 24 * 300, "background lines: " + lines);
    // every background event is dropped unparsed; the project's events (and a few that name it) are parsed
    Assertions.assertTrue(dropped >= 24 * 300 && lines - dropped >= full.size(), lines + " lines, " + dropped + " dropped, "
        + full.size() + " kept");
  }

  @Test
  void caseEscapesAndLettersThatLowerCaseToAsciiCannotHideATrackedEvent() throws IOException {
    List<String> lines = new ArrayList<>(List.of(
        event(1, "\"repo\":{\"id\":1,\"name\":\"OssWH/widgets\"}"),
        event(2, "\"repo\":{\"id\":2,\"name\":\"\\u006fsswh/escaped\"}"),
        event(3, "\"repo\":{\"id\":3,\"name\":\"\\u004FSSWH/escaped-upper\"}"),
        event(4, "\"repo\":{\"id\":4,\"name\":\"\u212Aubelet/kelvin-sign\"}"),
        "{\"type\":\"WatchEvent\",\"created_at\":\"2012-03-10T08:00:00-08:00\",\"repository\":{\"id\":5,"
            + "\"name\":\"rails\",\"owner\":\"Rails\"},\"actor\":\"dhh\",\"payload\":{}}",
        event(6, "\"repo\":{\"id\":6,\"name\":\"rails/rails\"}"),
        event(7, "\"repo\":{\"id\":7,\"name\":\"someone/else\"},\"payload\":{\"note\":\"mentions osswh\"}"),
        event(8, "\"repo\":{\"id\":8,\"name\":\"someone/else\"},\"payload\":{\"note\":\"\\u0026\\u003c\"}"),
        event(9, "\"repo\":{\"id\":9,\"name\":\"osswh-fork/widgets\"}"),
        event(10, "\"repo\":{\"id\":10,\"name\":\"rails/other\"}")));
    Path file = ndjson("traps.json", lines);
    WarehouseConfig cfg = tracking(List.of("Rails/Rails"), List.of("osswh", "kubelet"));
    List<String> full = kept(List.of(file), cfg, null);
    assertEquals(List.of("traps.json 1 1 OssWH/widgets", "traps.json 2 2 osswh/escaped",
        "traps.json 3 3 OSSWH/escaped-upper", "traps.json 4 4 \u212Aubelet/kelvin-sign",
        "traps.json 5 timeline:", "traps.json 6 6 rails/rails"),
        full.stream().map(k -> k.startsWith("traps.json 5 ") ? "traps.json 5 timeline:" : k).toList());
    assertEquals(full, kept(List.of(file), cfg, SOURCE.prefilter(cfg)));
    // Line 8 (no owner, only escapes of characters no owner has) is the one line never parsed.
    Map<Boolean, List<Integer>> byTest = new java.util.TreeMap<>();
    LinePrefilter prefilter = SOURCE.prefilter(cfg);
    for (int i = 0; i < lines.size(); i++) {
      byte[] b = lines.get(i).getBytes(StandardCharsets.UTF_8);
      byTest.computeIfAbsent(prefilter.mayTrack(b, 0, b.length), k -> new ArrayList<>()).add(i + 1);
    }
    assertEquals(List.of(8), byTest.get(false));
    assertEquals(null, SOURCE.prefilter(tracking(List.of(), List.of())), "nothing tracked: every line is parsed");
  }

  private static String event(int id, String repo) {
    return "{\"id\":\"" + id + "\",\"type\":\"WatchEvent\",\"actor\":{\"id\":1,\"login\":\"a\"}," + repo
        + ",\"payload\":{\"action\":\"started\"},\"public\":true,\"created_at\":\"2025-12-30T10:00:00Z\"}";
  }
}
