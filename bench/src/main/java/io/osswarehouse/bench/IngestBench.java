package io.osswarehouse.bench;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.ingest.FileIngestor;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The ingest figures of the high-volume sources (GH Archive, PyPI): on a warehouse holding the tier's
 * history, the incremental day's files are landed and each source's ingest call is timed, as a night
 * runs it. Beside each rate, the same files' decompression alone (gunzip on as many threads as cores,
 * output discarded), the limit the ingest can approach.
 */
final class IngestBench {
  static final List<String> SOURCES = List.of("github/gharchive", "downloads/pypi");

  /** One source's day in one run. */
  record Figure(String source, long files, long recordsRead, long recordsLoaded, long uncompressedBytes,
      long ingestMs, double gunzipMs) {
    double mbPerSecondPerCore(double ms, int cores) {
      return ms == 0 ? 0 : uncompressedBytes / 1e6 / (ms / 1000.0) / cores;
    }
  }

  private IngestBench() {}

  /** Lands history (ingested untimed), then the day, whose sources are ingested one call each, timed. */
  static List<Figure> run(WarehouseConfig cfg, Path generated, List<Path> history, List<Path> day,
      java.time.LocalDate historyEnd, java.time.LocalDate nextDay, boolean quiet) {
    SparkSession spark = PipelineRun.session(cfg);
    Warehouse wh = new Warehouse(spark, cfg.warehouseDir());
    LandingSplit.land(generated, history, cfg.landingDir());
    RunContext warmUp = RunContext.start(cfg, wh, historyEnd, new Progress(System.err, quiet));
    NightlyRun.ingest(warmUp, NightlyRun.SOURCES);
    LandingSplit.land(generated, day, cfg.landingDir());
    RunContext run = RunContext.start(cfg, wh, nextDay, new Progress(System.err, quiet));
    int cores = Runtime.getRuntime().availableProcessors();
    List<Figure> out = new ArrayList<>();
    for (String name : SOURCES) {
      LandingSource source = NightlyRun.SOURCES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
      long t0 = System.nanoTime();
      List<FileIngestor.Result> results = NightlyRun.ingest(run, List.of(source));
      long ingestMs = (System.nanoTime() - t0) / 1_000_000;
      List<Path> files = day.stream().filter(p -> p.toString().startsWith(name + "/"))
          .map(p -> cfg.landingDir().resolve(p.toString())).toList();
      long[] read = recordsRead(wh, run.runId(), name);
      long t1 = System.nanoTime();
      long bytes = uncompressedBytes(files, cores);
      double gunzipMs = (System.nanoTime() - t1) / 1e6;
      out.add(new Figure(name, files.size(), read[0], results.stream().mapToLong(FileIngestor.Result::recordsLoaded)
          .sum(), bytes, ingestMs, gunzipMs));
    }
    return out;
  }

  private static long[] recordsRead(Warehouse wh, String runId, String source) {
    Row r = wh.read(AuditLog.TABLE).where(org.apache.spark.sql.functions.col("run_id").equalTo(runId))
        .where(org.apache.spark.sql.functions.col("source").equalTo(source))
        .where("stage = 'ingest' and file is not null").selectExpr("coalesce(sum(records_read), 0)").first();
    return new long[] {r.getLong(0)};
  }

  /** The files' uncompressed bytes, read through on {@code cores} threads (timed by the caller: decompression alone). */
  static long uncompressedBytes(List<Path> files, int cores) {
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(cores);
    try {
      return pool.submit(() -> files.parallelStream().mapToLong(LandingSplit::uncompressedBytes).sum()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  /** The figures as a Markdown table (medians over runs, min and max), per source. */
  static String markdown(Map<String, List<Figure>> bySource, int cores) {
    StringBuilder sb = new StringBuilder();
    sb.append("| source (the day's files) | files | records read | loaded | uncompressed MB | ingest call s"
        + " | MB/s per core | decompression (plain files: reading) alone, MB/s per core |\n|---|---:|---:|---:|---:|---|---|---|\n");
    for (Map.Entry<String, List<Figure>> e : bySource.entrySet()) {
      List<Figure> runs = e.getValue();
      Figure f = runs.get(0);
      List<Double> secs = runs.stream().map(x -> x.ingestMs() / 1000.0).toList();
      List<Double> rate = runs.stream().map(x -> x.mbPerSecondPerCore(x.ingestMs(), cores)).toList();
      List<Double> gunzip = runs.stream().map(x -> x.mbPerSecondPerCore(x.gunzipMs(), cores)).toList();
      sb.append(String.format("| %s | %d | %,d | %,d | %.2f | %s | %s | %s |%n", e.getKey(), f.files(), f.recordsRead(),
          f.recordsLoaded(), f.uncompressedBytes() / 1e6, summary(secs, "%.1f"), summary(rate, "%.1f"),
          summary(gunzip, "%.1f")));
    }
    return sb.toString();
  }

  /** "median (min, max)" over the runs; the median alone for one run. */
  private static String summary(List<Double> values, String format) {
    Stats s = new Stats();
    values.forEach(s::add);
    return s.count() == 1 ? String.format(format, s.median()) : String.format(format + " (min " + format + ", max "
        + format + ")", s.median(), s.min(), s.max());
  }

  static Map<String, List<Figure>> bySource(List<List<Figure>> runs) {
    Map<String, List<Figure>> out = new LinkedHashMap<>();
    for (List<Figure> run : runs) {
      for (Figure f : run) {
        out.computeIfAbsent(f.source(), k -> new ArrayList<>()).add(f);
      }
    }
    return out;
  }
}
