package io.osswarehouse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --tier XS --runs 1 --no-scaling} end to end, in-process: every section of the results is there
 * with positive numbers and DuckDB gives the same results as the warehouse. The smallest tier: this proves the
 * bench works, the figures come from tiers S and M. No timing assertions. The results stay in
 * target/bench-tier-xs for a look.
 */
class BenchSmokeTest {
  @TempDir
  Path work;

  @Test
  void ingestOnlyTimesTheDaysGhArchiveAndPypiIngestBesideTheirDecompression() throws Exception {
    Path out = Path.of("target", "bench-tier-xs-ingest");
    int code = BenchCommand.execute("--tier", "XS", "--ingest-only", "--runs", "1", "--out", out.toString(), "--work",
        work.resolve("ingest").toString(), "--quiet");
    assertEquals(0, code);
    List<String> rows = Files.readAllLines(out.resolve("bench-XS-ingest.md")).stream()
        .filter(l -> l.startsWith("| github/") || l.startsWith("| downloads/")).toList();
    assertEquals(2, rows.size(), String.join("\n", rows));
    for (String row : rows) {
      String[] cells = row.split("\\|");
      // files, records read and loaded, the ingest call's seconds: positive; MB and the rates are numbers
      // (a tier this small rounds them to 0)
      for (int c : new int[] {2, 3, 4, 6}) {
        assertTrue(Double.parseDouble(cells[c].trim().split(" ")[0].replace(",", "")) > 0, row + " column " + c);
      }
      for (int c : new int[] {5, 7, 8}) {
        assertTrue(Double.parseDouble(cells[c].trim().split(" ")[0].replace(",", "")) >= 0, row + " column " + c);
      }
    }
  }

  @Test
  void theSmallestTierWritesEveryFigureAndDuckDbAgrees() throws Exception {
    Path out = Path.of("target", "bench-tier-xs");
    int code = BenchCommand.execute("--tier", "XS", "--runs", "1", "--out", out.toString(), "--work",
        work.resolve("scratch").toString(), "--quiet", "--no-scaling");
    assertEquals(0, code, "bench exit code (3 = DuckDB results differ)");

    Path md = out.resolve("bench-XS.md");
    Path json = out.resolve("bench-XS.json");
    assertTrue(Files.isRegularFile(md) && Files.isRegularFile(json));
    JsonNode r = new ObjectMapper().readTree(json.toFile());

    JsonNode machine = r.get("machine");
    assertTrue(machine.get("cores").asInt() > 0);
    assertTrue(machine.get("memory_bytes").asLong() > 0);
    assertTrue(machine.get("spark").asText().startsWith("3.5"));
    assertTrue(!machine.get("java").asText().isBlank());

    JsonNode landing = r.get("tier_volumes").get("landing");
    for (String part : List.of("year history", "year + 1 day (the day)", "month history", "month + 1 day (the day)")) {
      assertTrue(landing.get(part).size() > 0, part);
      landing.get(part).forEach(s -> assertTrue(s.get("bytes_uncompressed").asLong() > 0, part));
    }

    JsonNode ingest = r.get("ingest_throughput");
    for (String source : List.of("billing/stripe", "github/gharchive", "downloads/pypi", "web/access_logs")) {
      JsonNode s = ingest.get(source);
      assertTrue(s != null, "ingest figures for " + source);
      assertTrue(s.get("records_read").asLong() > 0, source);
      positiveStats(s.get("rows_per_second"), source + " rows/s");
      positiveStats(s.get("uncompressed_mb_per_second_per_core"), source + " MB/s per core");
    }

    for (String scenario : List.of("full_rebuild", "noop_run", "incremental_day_after_month",
        "incremental_day_after_year")) {
      JsonNode s = r.get(scenario);
      positiveStats(s.get("total_seconds"), scenario);
      positiveStats(s.get("driver_heap_peak_mb"), scenario + " heap");
      for (String stage : List.of("ingest", "silver", "gold", "check")) {
        assertTrue(s.get("stage_seconds").get(stage).get("median").asDouble() >= 0, scenario + " " + stage);
      }
    }
    assertTrue(r.get("full_rebuild").get("records_loaded").asLong() > 0);
    assertTrue(r.get("incremental_day_after_year").get("records_loaded").asLong() > 0);
    assertEquals(0, r.get("noop_run").get("records_loaded").asLong(), "a no-op run loads nothing");
    positiveStats(r.get("incremental_year_over_month"), "year/month ratio");
    assertTrue(r.get("driver_resident_peak_bytes").asLong() > 0);

    JsonNode duck = r.get("duckdb");
    assertTrue(duck.get("equal").asBoolean(), "DuckDB and Spark give the same results");
    for (String metric : List.of("mrr_bridge", "revenue_retention", "cohort_retention", "package_downloads_daily")) {
      JsonNode m = duck.get(metric);
      assertTrue(m.get("rows").asLong() > 0, metric);
      assertEquals(0, m.get("mismatches").asLong(), metric + ": " + m.get("first_mismatch"));
      positiveStats(m.get("spark_over_duckdb"), metric);
    }
    positiveStats(duck.get("all_metrics_spark_over_duckdb"), "Spark / DuckDB");

    assertEquals(0, r.get("scaling").size(), "--no-scaling runs no scaling rebuild");

    String text = Files.readString(md);
    for (String section : List.of("## Machine", "## Tier volumes", "## Ingest throughput per source", "## Runs",
        "### Time per stage, full rebuild", "## DuckDB side by side", "## Scaling")) {
      assertTrue(text.contains(section), section);
    }
    assertTrue(text.contains("Same results: **yes**"));
  }

  private static void positiveStats(JsonNode stats, String what) {
    assertTrue(stats != null, what + " missing");
    for (String f : List.of("median", "min", "max")) {
      assertTrue(stats.get(f).asDouble() > 0, what + " " + f + " = " + stats.get(f));
    }
  }
}
