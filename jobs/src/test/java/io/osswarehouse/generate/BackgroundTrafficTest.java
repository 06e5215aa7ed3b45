package io.osswarehouse.generate;

import static io.osswarehouse.generate.CommunityGeneratorTest.gunzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background traffic (the volume knob of benchmarks): it adds anonymous rows and other repositories'
 * events without changing any of the world's own activity, and the truths count what it adds.
 */
class BackgroundTrafficTest {
  private static final LocalDate START = LocalDate.of(2025, 9, 1);
  private static final LocalDate END = LocalDate.of(2025, 10, 31);
  private static final Background BACKGROUND = new Background(60, 12, 0);
  private static final ObjectMapper JSON = new ObjectMapper();

  static GeneratedLanding plain;
  static GeneratedLanding busy;

  @BeforeAll
  static void generate(@TempDir Path a, @TempDir Path b) throws IOException {
    SampleDataGenerator.generate(a, 5, 40, START, END, "USD");
    SampleDataGenerator.generate(b, 5, 40, START, END, "USD", BACKGROUND);
    plain = GeneratedLanding.read(a);
    busy = GeneratedLanding.read(b);
  }

  private static List<String> lines(byte[] gz) {
    String text = new String(gunzip(gz), StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
  }

  @Test
  void sameArgumentsProduceIdenticalBytes(@TempDir Path c) throws IOException {
    SampleDataGenerator.generate(c, 5, 40, START, END, "USD", BACKGROUND);
    GeneratedLanding again = GeneratedLanding.read(c);
    assertEquals(busy.files.keySet(), again.files.keySet());
    busy.files.forEach((path, bytes) -> assertArrayEquals(bytes, again.files.get(path), path));
  }

  @Test
  void everyArchivedHourKeepsTheProjectsEventsAndAddsOtherRepositoriesAfterThem() throws IOException {
    Set<String> projectIds = new HashSet<>(); // one project event is in two hour files on purpose
    Set<String> otherIds = new HashSet<>();
    int hours = 0;
    for (Map.Entry<String, byte[]> f : plain.files.entrySet()) {
      if (!f.getKey().startsWith("github/gharchive/")) {
        continue;
      }
      List<String> own = lines(f.getValue());
      List<String> all = lines(busy.files.get(f.getKey()));
      assertEquals(own, all.subList(0, own.size()), f.getKey() + ": the project's events come first, unchanged");
      List<String> other = all.subList(own.size(), all.size());
      boolean empty = f.getKey().equals(GhArchiveEmitter.emptyHour(GhArchiveEmitter.days(START, END)));
      assertEquals(empty ? 0 : BACKGROUND.gharchiveOtherEventsPerHour(), other.size(), f.getKey());
      for (String line : own) {
        projectIds.add(JSON.readTree(line).get("id").asText());
      }
      for (String line : other) {
        JsonNode e = JSON.readTree(line);
        assertTrue(otherIds.add(e.get("id").asText()), "event id twice: " + e.get("id"));
        assertTrue(!e.get("repo").get("name").asText().startsWith(Community.PROJECT_ORG + "/"), line);
        assertEquals(f.getKey(), GhArchiveEmitter.hourFile(Instant.parse(e.get("created_at").asText())
            .truncatedTo(ChronoUnit.HOURS)), "an event of another repository is in its hour");
      }
      hours++;
    }
    assertEquals(plain.files.keySet().stream().filter(p -> p.startsWith("github/gharchive/")).count(),
        busy.files.keySet().stream().filter(p -> p.startsWith("github/gharchive/")).count(), "no hour added");
    assertTrue(hours > 100, "hours: " + hours);
    otherIds.retainAll(projectIds);
    assertEquals(Set.of(), otherIds, "ids of other repositories' events that a project event also has");
  }

  @Test
  void anonymousDownloadsAreAMonthlySecondShardThatTheTruthCounts() throws IOException {
    Map<String, long[]> rows = new TreeMap<>(); // day -> {all, excluding CI and mirrors}
    for (Map.Entry<String, byte[]> f : busy.files.entrySet()) {
      if (f.getKey().startsWith("downloads/pypi/")) {
        for (String line : lines(f.getValue())) {
          JsonNode r = JSON.readTree(line);
          String installer = r.get("details").get("installer").get("name").asText();
          boolean excluded = r.get("details").get("ci").asBoolean(false) || installer.equals("bandersnatch");
          long[] v = rows.computeIfAbsent(r.get("timestamp").asText().substring(0, 10), k -> new long[2]);
          v[0]++;
          v[1] += excluded ? 0 : 1;
        }
      }
    }
    assertEquals(Set.of("downloads/pypi/file_downloads_2025-09-000000000001.json.gz",
        "downloads/pypi/file_downloads_2025-10-000000000001.json.gz"), busy.files.keySet().stream()
        .filter(p -> p.endsWith("-000000000001.json.gz")).collect(Collectors.toSet()));
    Map<String, long[]> truth = new TreeMap<>();
    for (CSVRecord r : busy.csvFile(CommunityTruth.DOWNLOADS)) {
      if (r.get("ecosystem").equals("pypi")) {
        truth.put(r.get("download_date"), new long[] {Long.parseLong(r.get("downloads")),
            Long.parseLong(r.get("downloads_excluding_ci_and_mirrors"))});
      }
    }
    assertEquals(truth.keySet(), rows.keySet());
    truth.forEach((day, v) -> assertArrayEquals(v, rows.get(day), day));
    long plainRows = plain.files.entrySet().stream().filter(f -> f.getKey().startsWith("downloads/pypi/"))
        .mapToLong(f -> lines(f.getValue()).size()).sum();
    long added = rows.values().stream().mapToLong(v -> v[0]).sum() - plainRows;
    long days = END.toEpochDay() - START.toEpochDay() + 1;
    assertTrue(Math.abs(added - 60 * days) < 6 * Math.sqrt(60 * days), "anonymous rows: " + added);
  }

  @Test
  void negativeOrOverflowingVolumesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Background(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Background(0, 100_001, 0));
  }
}
