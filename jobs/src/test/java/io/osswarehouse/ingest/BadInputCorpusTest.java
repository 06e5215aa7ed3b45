package io.osswarehouse.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.orchestrate.QualityGates;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus: every kind of broken, odd or misplaced file a landing folder gets, kept under
 * {@code src/test/resources/bad-inputs/<kind>/} in the landing layout, with the outcome of each bad file in
 * {@code bad-inputs/kinds.csv}: {@code kind, source, file} (its path in the landing folder), {@code outcome}
 * ({@link Outcome}), {@code records} (loaded, or quarantined) and {@code reason} (a part of each quarantine
 * reason, or of the audit message). The other files of a kind are valid ones beside the bad one. Files that
 * git cannot hold sensibly (gzip cut short, UTF-16, binary garbage, a 5 MB line, symlinks, names Windows
 * refuses) are written by {@link #GENERATED} at run time.
 *
 * <p>All kinds land side by side in one landing folder and every source ingests them once, then again. For
 * each kind: ingest does not throw; every audited file balances (read = loaded + quarantined + filtered); every
 * quarantined record has a reason; each bad file ends as the manifest says (loads, some records quarantined
 * with that reason, rejected whole with one line naming it, ignored with a reason, or empty); every other
 * file of the kind (the valid one beside it) loads all its records; and the second ingest changes nothing.
 */
class BadInputCorpusTest extends SparkTestBase {
  private static final LocalDate DATE = LocalDate.of(2025, 12, 31);
  /** A file above this share of quarantined records is rejected whole; fixtures quarantine at most 40%. */
  private static final double MAX_REJECTED = 0.5;
  private static final String FIRST_RUN = "corpus-1";
  private static final String SECOND_RUN = "corpus-2";
  /** The table of kinds and what happens to them. */
  private static final Path DOCS = Path.of("..", "docs", "landing.md");

  @TempDir
  Path root;

  /**
   * What the manifest says of one bad file: it loads whole; some records are quarantined and the rest loads;
   * it is rejected whole (the run fails on it); it is audited as ignored or duplicate and not read; it has no
   * record; or (a symbolic link) it is not followed at all.
   */
  enum Outcome { LOADS, QUARANTINED, REJECTED, IGNORED, EMPTY, NOT_FOLLOWED }

  /** One manifest row: {@code records} counts loaded (LOADS) or quarantined (QUARANTINED) records. */
  record Expected(String kind, String source, String file, Outcome outcome, Integer records, String reason) {
    String describe() {
      return switch (outcome) {
        case LOADS -> "loads " + records + " record(s)";
        case QUARANTINED -> records + " record(s) quarantined: " + reason;
        case REJECTED -> "rejected whole: " + reason;
        case IGNORED -> "ignored: " + reason;
        case EMPTY -> "empty, nothing loaded";
        case NOT_FOLLOWED -> "not followed: " + reason;
      };
    }
  }

  /** One ingest audit row. */
  record Audited(String runId, String source, String file, long read, long loaded, long quarantined, long filtered,
      String outcome, String message) {}

  /** What the warehouse holds after an ingest: audit rows, quarantine reasons and bronze rows by file. */
  record Snapshot(List<Audited> audit, Map<String, List<String>> quarantineReasons, Map<String, Long> bronzeRows) {
    List<Audited> audit(String runId, String file) {
      return audit.stream().filter(a -> a.runId().equals(runId) && a.file().equals(file)).toList();
    }

    List<String> reasons(String file) {
      return quarantineReasons.getOrDefault(file, List.of());
    }

    long bronze(String file) {
      return bronzeRows.getOrDefault(file, 0L);
    }
  }

  /** Writes a kind's files (under a landing-shaped folder) that are made at run time, not kept in git. */
  @FunctionalInterface
  interface Generator {
    void write(Path landing, Path outside) throws IOException;
  }

  private static String event(String id, String created, String payload) {
    return "{\"id\":\"" + id + "\",\"type\":\"WatchEvent\",\"actor\":{\"id\":1,\"login\":\"octocat\"},"
        + "\"repo\":{\"id\":1,\"name\":\"acme/widget\"},\"payload\":" + payload + ",\"public\":true,"
        + "\"created_at\":\"" + created + "\"}\n";
  }

  private static String event(String id) {
    return event(id, "2025-01-01T00:10:00Z", "{\"action\":\"started\"}");
  }

  private static String customer(String id) {
    return "{\"id\":\"" + id + "\",\"object\":\"customer\",\"created\":1735689600}";
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  /** UTF-16 little endian with its byte-order mark, as Windows tools ("Unicode text") save it. */
  private static byte[] utf16(String text) {
    return ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);
  }

  private static byte[] garbage(long seed) {
    byte[] bytes = new byte[64 * 1024];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static void write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  private static final Map<String, Generator> GENERATED = Map.ofEntries(
      Map.entry("stripe-utf16", (landing, outside) ->
          write(landing.resolve("billing/stripe/utf16_customers.json"),
              utf16("[" + customer("cus_u16_1") + ",\r\n" + customer("cus_u16_2") + "]\r\n"))),
      Map.entry("gharchive-truncated-gzip", (landing, outside) -> {
        byte[] whole = gzip(event("9000000001") + event("9000000002"));
        write(landing.resolve("github/gharchive/2025-01-01-0.json.gz"), Arrays.copyOf(whole, whole.length / 2));
        write(landing.resolve("github/gharchive/2025-01-01-1.json.gz"), gzip(event("9000000101")));
      }),
      Map.entry("gharchive-5mb-line", (landing, outside) ->
          write(landing.resolve("github/gharchive/2025-01-01-6.json"), (event("9000000601")
              + event("9000000602", "2025-01-01T00:20:00Z",
                  "{\"action\":\"started\",\"padding\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}")
              + event("9000000603")).getBytes(StandardCharsets.UTF_8))),
      Map.entry("gharchive-utf16", (landing, outside) ->
          write(landing.resolve("github/gharchive/2025-01-01-7.json"),
              utf16(event("9000000701") + event("9000000702")))),
      Map.entry("gharchive-binary-garbage", (landing, outside) ->
          write(landing.resolve("github/gharchive/2025-01-01-9.json"), garbage(9))),
      Map.entry("gharchive-zero-byte-gzip", (landing, outside) ->
          write(landing.resolve("github/gharchive/2025-01-01-10.json.gz"), new byte[0])),
      // Not kept in git: '*' and '?' are not allowed in a Windows file name.
      Map.entry("gharchive-glob-and-plus-in-names", (landing, outside) ->
          write(landing.resolve("github/gharchive/2025-01-01-22 {a,b} *?.json"),
              event("9000002201").getBytes(StandardCharsets.UTF_8))),
      Map.entry("gharchive-symlinks", (landing, outside) -> {
        Path links = Files.createDirectories(landing.resolve("github/gharchive/links"));
        Files.createSymbolicLink(links.resolve("loop"), Paths.get("."));
        write(outside.resolve("hour-16.json"), event("9000001601").getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(links.resolve("2025-01-01-16.json"), outside.resolve("hour-16.json"));
        Files.createSymbolicLink(links.resolve("2025-01-01-17.json"), outside.resolve("deleted-hour-17.json"));
      }),
      Map.entry("pypi-corrupt-parquet", (landing, outside) ->
          write(landing.resolve("downloads/pypi/corrupt.parquet"), garbage(47))),
      Map.entry("plausible-utf16", (landing, outside) ->
          write(landing.resolve("web/plausible/docs.acme.io/visitors_2025-04.csv"),
              utf16("date,visitors,pageviews\r\n2025-04-01,5,9\r\n2025-04-02,6,10\r\n"))),
      Map.entry("access-binary-garbage", (landing, outside) ->
          write(landing.resolve("web/access_logs/garbage.acme.io/access.log"), garbage(70))));

  private static Path corpus() {
    try {
      return Paths.get(BadInputCorpusTest.class.getClassLoader().getResource("bad-inputs").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Expected> manifest() throws IOException {
    try (Reader in = Files.newBufferedReader(corpus().resolve("kinds.csv"))) {
      List<Expected> out = new ArrayList<>();
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
        out.add(new Expected(r.get("kind"), r.get("source"), r.get("file"),
            Outcome.valueOf(r.get("outcome").toUpperCase(java.util.Locale.ROOT)),
            r.get("records").isEmpty() ? null : Integer.valueOf(r.get("records")), r.get("reason")));
      }
      return out;
    }
  }

  /** Every file (or link) under a folder, by its path relative to it, links not followed. */
  private static List<String> entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
  }

  /**
   * Lands every kind into one landing folder (kept and generated files alike) and returns each kind's files.
   * Kinds must not share a path: a clash would hide one kind's file behind another's.
   */
  private Map<String, List<String>> land(Path landing, Set<String> kinds) throws IOException {
    Map<String, List<String>> files = new TreeMap<>();
    Map<String, String> owner = new HashMap<>();
    for (String kind : kinds) {
      Path generated = root.resolve("generated").resolve(kind);
      if (GENERATED.containsKey(kind)) {
        GENERATED.get(kind).write(generated, Files.createDirectories(root.resolve("outside")));
      }
      List<String> mine = new ArrayList<>();
      for (Path from : List.of(corpus().resolve(kind), generated)) {
        for (String relative : entries(from)) {
          String earlier = owner.putIfAbsent(relative, kind);
          assertEquals(null, earlier, "kinds " + earlier + " and " + kind + " both land " + relative);
          Path to = landing.resolve(relative);
          Files.createDirectories(to.getParent());
          Files.copy(from.resolve(relative), to, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
          mine.add(relative);
        }
      }
      files.put(kind, mine);
    }
    return files;
  }

  /** The ingest stage of a nightly run over every source; never silver or gold: the corpus is about landing. */
  private static void ingest(Warehouse wh, WarehouseConfig config, String runId) {
    NightlyRun.ingest(RunContext.start(config, wh, DATE, runId, Progress.silent()), NightlyRun.SOURCES);
  }

  private static Snapshot snapshot(Warehouse wh) {
    List<Audited> audit = wh.read(AuditLog.TABLE).where("stage = 'ingest' AND file IS NOT NULL").collectAsList()
        .stream().map(r -> new Audited(r.getAs("run_id"), r.getAs("source"), r.getAs("file"),
            r.<Long>getAs("records_read"), r.<Long>getAs("records_loaded"), r.<Long>getAs("records_quarantined"),
            r.isNullAt(r.fieldIndex("records_filtered")) ? 0 : r.<Long>getAs("records_filtered"),
            r.getAs("outcome"), r.getAs("message")))
        .toList();
    Map<String, List<String>> reasons = new HashMap<>();
    for (Row r : wh.read(FileIngestor.QUARANTINE_TABLE).orderBy("_source_file", "_record_position")
        .select("_source_file", "reason").collectAsList()) {
      reasons.computeIfAbsent(r.getString(0), f -> new ArrayList<>()).add(r.getString(1));
    }
    Dataset<Row> lineage = null; // every bronze table's file column, counted in one job
    for (String table : NightlyRun.SOURCES.stream().map(LandingSource::bronzeTable).distinct().toList()) {
      Dataset<Row> rows = wh.readOrNull(table);
      if (rows != null) {
        lineage = lineage == null ? rows.select(IngestMetadata.SOURCE_FILE)
            : lineage.unionAll(rows.select(IngestMetadata.SOURCE_FILE));
      }
    }
    Map<String, Long> bronze = new HashMap<>();
    lineage.groupBy(IngestMetadata.SOURCE_FILE).count().collectAsList()
        .forEach(r -> bronze.merge(r.getString(0), r.getLong(1), Long::sum));
    return new Snapshot(audit, reasons, bronze);
  }

  @TestFactory
  Stream<DynamicNode> everyKindOfBadInputEndsAsTheManifestSaysAndASecondIngestChangesNothing() throws IOException {
    List<Expected> manifest = manifest();
    Map<String, List<Expected>> byKind = manifest.stream().collect(Collectors.groupingBy(Expected::kind,
        TreeMap::new, Collectors.toList()));
    WarehouseConfig config = new WarehouseConfig(root.resolve("warehouse"), root.resolve("landing"), "USD",
        MAX_REJECTED, null, 2);
    Map<String, List<String>> files = land(config.landingDir(), byKind.keySet());
    Warehouse wh = new Warehouse(session(), config.warehouseDir());

    assertDoesNotThrow(() -> ingest(wh, config, FIRST_RUN), "the first ingest of the corpus");
    NightlyRun.RunFailed checked = assertThrows(NightlyRun.RunFailed.class, () -> NightlyRun.check(
        RunContext.start(config, wh, DATE, FIRST_RUN, Progress.silent()), NightlyRun.Freshness.DEFAULT));
    Snapshot before = snapshot(wh);
    // The first run's audit rows as a local table: the gates are run on each kind's rows.
    Dataset<Row> firstAudit = session().createDataFrame(wh.read(AuditLog.TABLE)
        .where("stage = 'ingest' AND run_id = '" + FIRST_RUN + "'")
        .selectExpr(AuditLog.SCHEMA.fieldNames()).collectAsList(), AuditLog.SCHEMA);
    assertDoesNotThrow(() -> ingest(wh, config, SECOND_RUN), "the second ingest of the corpus");
    Snapshot after = snapshot(wh);

    List<DynamicNode> tests = new ArrayList<>();
    tests.add(dynamicTest("the corpus holds at least 30 kinds, kinds for every source, and a full manifest", () -> {
      Assertions.assertTrue(byKind.size() >= 30, byKind.size() + " kinds");
      Set<String> covered = manifest.stream().map(Expected::source).collect(Collectors.toSet());
      for (LandingSource source : NightlyRun.SOURCES) {
        Assertions.assertTrue(covered.contains(source.name()), "no kind for " + source.name());
      }
      for (Expected e : manifest) {
        Assertions.assertTrue(files.get(e.kind()).contains(e.file()), e.kind() + " lands no " + e.file());
        // A row without its count or reason would assert nothing about it.
        assertEquals(Set.of(Outcome.LOADS, Outcome.QUARANTINED).contains(e.outcome()), e.records() != null, e.file());
        assertEquals(Set.of(Outcome.LOADS, Outcome.EMPTY).contains(e.outcome()), e.reason().isBlank(), e.file());
      }
    }));
    tests.add(dynamicTest("docs/landing.md tells what happens to every kind", () -> {
      String docs = Files.readString(DOCS);
      for (Map.Entry<String, List<Expected>> kind : byKind.entrySet()) {
        Assertions.assertTrue(docs.contains("| `" + kind.getKey() + "` | `" + kind.getValue().get(0).source() + "` |"),
            kind.getKey() + " is missing from the table of " + DOCS);
      }
    }));
    tests.add(dynamicTest("every audited file was landed once (no path through a symbolic-link loop)", () -> {
      Set<String> landed = files.values().stream().flatMap(List::stream).collect(Collectors.toSet());
      for (Audited a : after.audit()) {
        Assertions.assertTrue(landed.contains(a.file()), "audited but never landed: " + a.file());
      }
    }));
    tests.add(dynamicTest("every file balances and every quarantined record has a reason", () -> {
      QualityGates.Gate balance = QualityGates.auditBalance(firstAudit);
      Assertions.assertTrue(balance.passed(), balance.message());
      for (Audited a : after.audit()) {
        assertEquals(a.read(), a.loaded() + a.quarantined() + a.filtered(), "read = loaded + quarantined + filtered: "
            + a);
      }
      after.quarantineReasons().forEach((file, reasons) -> reasons.forEach(r ->
          assertFalse(r == null || r.isBlank(), "a quarantined record of " + file + " without a reason")));
    }));
    tests.add(dynamicTest("the gates fail the run with one line naming a rejected file", () -> {
      String message = checked.getMessage();
      assertFalse(message.contains("\n") || message.contains("\r"), message);
      Assertions.assertTrue(manifest.stream()
          .anyMatch(e -> e.outcome() == Outcome.REJECTED && message.contains(e.file())), message);
    }));
    tests.add(dynamicTest("a second ingest loads, quarantines and finds nothing new", () -> {
      assertEquals(before.bronzeRows(), after.bronzeRows());
      assertEquals(before.quarantineReasons(), after.quarantineReasons());
      // Only rejected files are read again (the run fails on them until they are fixed or moved).
      assertEquals(List.of(), after.audit().stream()
          .filter(a -> a.runId().equals(SECOND_RUN) && !a.outcome().equals(AuditLog.REJECTED)).toList());
    }));
    for (Map.Entry<String, List<Expected>> kind : byKind.entrySet()) {
      String source = kind.getValue().get(0).source();
      String name = kind.getKey() + " (" + source + "): "
          + kind.getValue().stream().map(Expected::describe).distinct().collect(Collectors.joining("; "));
      Map<String, Expected> bad = kind.getValue().stream().collect(Collectors.toMap(Expected::file, e -> e));
      tests.add(dynamicTest(name, () -> {
        for (String file : files.get(kind.getKey())) {
          Expected expected = bad.get(file);
          if (expected != null) {
            endsAsExpected(expected, before, firstAudit);
          } else {
            loadsWhole(file, source, before); // the valid file beside the bad one
          }
          unchangedBySecondIngest(file, before, after);
        }
      }));
    }
    return tests.stream();
  }

  /** A bad file ends as its manifest row says after the first ingest. */
  private static void endsAsExpected(Expected e, Snapshot before, Dataset<Row> firstAudit) {
    if (e.outcome() == Outcome.NOT_FOLLOWED) {
      assertEquals(List.of(), before.audit().stream()
          .filter(a -> a.file().equals(e.file()) || a.file().startsWith(e.file() + "/")).toList());
      return;
    }
    List<Audited> rows = before.audit(FIRST_RUN, e.file());
    assertEquals(1, rows.size(), e.file() + " audited once by the first ingest: " + rows);
    Audited a = rows.get(0);
    assertEquals(e.source(), a.source(), e.file());
    assertEquals(a.read(), a.loaded() + a.quarantined() + a.filtered(), "read = loaded + quarantined + filtered");
    List<String> reasons = before.reasons(e.file());
    assertEquals(a.quarantined(), reasons.size(), "quarantined records of " + e.file());
    switch (e.outcome()) {
      case LOADS -> {
        assertEquals(List.of(AuditLog.LOADED, (long) e.records(), (long) e.records(), 0L),
            List.of(a.outcome(), a.read(), a.loaded(), a.quarantined()), e.file() + ": " + a.message());
        assertEquals((long) e.records(), before.bronze(e.file()), "bronze rows of " + e.file());
      }
      case QUARANTINED -> {
        assertEquals(List.of(AuditLog.LOADED, (long) e.records()), List.of(a.outcome(), a.quarantined()),
            e.file() + ": " + a.message() + " " + reasons);
        Assertions.assertTrue(a.loaded() > 0, "the rest of " + e.file() + " loads");
        assertEquals(a.loaded(), before.bronze(e.file()), "bronze rows of " + e.file());
        reasons.forEach(r -> Assertions.assertTrue(r.contains(e.reason()), "reason '" + r + "' of " + e.file()));
      }
      case REJECTED -> {
        assertEquals(AuditLog.REJECTED, a.outcome(), e.file() + ": " + a.message() + " " + reasons);
        assertEquals(0, before.bronze(e.file()), "nothing of " + e.file() + " in bronze");
        Assertions.assertTrue(a.quarantined() > 0, "the records of " + e.file() + " wait in quarantine");
        reasons.forEach(r -> assertFalse(r == null || r.isBlank(), "a record of " + e.file() + " without a reason"));
        // The run fails at the gates with this file's one-line message.
        QualityGates.Gate gate = QualityGates.rejectedFiles(firstAudit.where(functions.col("file").equalTo(e.file())));
        assertFalse(gate.passed(), e.file());
        Assertions.assertTrue(gate.message().startsWith(e.file() + ": ") && gate.message().contains(e.reason()),
            gate.message());
        assertFalse(gate.message().contains("\n") || gate.message().contains("\r"), "one line: " + gate.message());
      }
      case IGNORED -> {
        Assertions.assertTrue(Set.of(FileIngestor.IGNORED, AuditLog.DUPLICATE).contains(a.outcome()),
            e.file() + ": " + a.outcome());
        assertEquals(List.of(0L, 0L), List.of(a.read(), before.bronze(e.file())), e.file());
        Assertions.assertTrue(a.message() != null && a.message().contains(e.reason()), a.message());
      }
      case EMPTY -> {
        Assertions.assertTrue(a.outcome().equals(AuditLog.DUPLICATE) || a.outcome().equals(AuditLog.LOADED)
            && a.read() == 0, e.file() + ": " + a);
        assertEquals(0, before.bronze(e.file()));
      }
      default -> throw new IllegalStateException(e.outcome().toString());
    }
  }

  /** A valid file beside a bad one: every record loads. */
  private static void loadsWhole(String file, String source, Snapshot before) {
    List<Audited> rows = before.audit(FIRST_RUN, file);
    assertEquals(1, rows.size(), file + " (valid) audited once by the first ingest: " + rows);
    Audited a = rows.get(0);
    assertEquals(List.of(source, AuditLog.LOADED, 0L), List.of(a.source(), a.outcome(), a.quarantined()),
        file + ": " + a.message());
    Assertions.assertTrue(a.read() > 0 && a.loaded() == a.read(), file + ": " + a);
    assertEquals(a.loaded(), before.bronze(file), "bronze rows of " + file);
  }

  /** The second ingest writes nothing for a file; a rejected file is rejected again, with the same message. */
  private static void unchangedBySecondIngest(String file, Snapshot before, Snapshot after) {
    List<String> first = before.audit(FIRST_RUN, file).stream().map(a -> a.outcome() + ": " + a.message()).toList();
    List<String> again = after.audit(SECOND_RUN, file).stream().map(a -> a.outcome() + ": " + a.message()).toList();
    assertEquals(first.stream().filter(a -> a.startsWith(AuditLog.REJECTED + ":")).toList(), again,
        file + " in the second ingest's audit");
    assertEquals(before.bronze(file), after.bronze(file), "bronze rows of " + file + " after the second ingest");
    assertEquals(before.reasons(file), after.reasons(file), "quarantine of " + file + " after the second ingest");
  }
}
