package io.osswarehouse.bench;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.generate.SampleDataGenerator;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.SparkSessions;
import io.osswarehouse.spark.Warehouse;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One timed nightly run: the same stage methods {@code bin/warehouse run} calls ({@link NightlyRun#ingest},
 * {@code silver}, {@code gold}, {@code check}), each timed here; ingest one call per source, timed, with
 * its files and records read from the run audit. The freshness gate is off ({@link NightlyRun.Freshness#OFF}):
 * the benchmark's landing holds history, not a live feed.
 */
public final class PipelineRun {
  /** What one run measured. */
  public record Figures(long totalMs, Map<String, Long> stageMs, Map<String, SourceFigures> sources,
      long heapPeakBytes, long recordsLoaded, Map<String, Long> stepMs, long deltaCommits, long sparkJobs) {}

  /** Spark jobs started in the application, counted by a listener registered once per SparkContext. */
  private static final java.util.concurrent.atomic.AtomicLong JOBS = new java.util.concurrent.atomic.AtomicLong();
  private static org.apache.spark.SparkContext counted;

  private static synchronized void countJobs(SparkSession spark) {
    if (counted != spark.sparkContext()) {
      counted = spark.sparkContext();
      counted.addSparkListener(new org.apache.spark.scheduler.SparkListener() {
        @Override
        public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart jobStart) {
          JOBS.incrementAndGet();
        }
      });
    }
  }

  /** Delta commit files under the warehouse: the difference over a run is the number of commits it made. */
  private static long commitFiles(Path warehouse) {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(warehouse)) {
      return files.filter(p -> p.getParent() != null && p.getParent().getFileName() != null
          && p.getParent().getFileName().toString().equals("_delta_log")
          && p.getFileName().toString().matches("\\d{20}\\.json")).count();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return 0; // a warehouse not created yet
    }
  }

  /** Ingest of one source in one run: files loaded, records read, time of its ingest call, bytes. */
  public record SourceFigures(long files, long recordsRead, long durationMs, long bytesOnDisk, long bytesUncompressed) {}

  private PipelineRun() {}

  public static WarehouseConfig config(Path configFile, Path warehouse, Path landing, String master) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put(WarehouseConfig.WAREHOUSE_DIR, warehouse.toString());
    overrides.put(WarehouseConfig.LANDING_DIR, landing.toString());
    overrides.put(WarehouseConfig.SPARK_MASTER, master);
    // as a real deployment does: the GH Archive hours also hold other repositories' events (Tier.background)
    overrides.put(WarehouseConfig.GITHUB_ORGANIZATIONS, SampleDataGenerator.PROJECT_GITHUB_ORGANIZATION);
    return WarehouseConfig.resolve(configFile, System.getenv(), overrides);
  }

  /** The session for this master: the running one if it has that master, else a new one. */
  public static SparkSession session(WarehouseConfig cfg) {
    SparkSession active = SparkSession.getActiveSession().getOrElse(() -> null);
    if (active == null) {
      active = SparkSession.getDefaultSession().getOrElse(() -> null);
    }
    if (active != null && !active.sparkContext().isStopped()
        && !active.sparkContext().master().equals(cfg.sparkMaster())) {
      active.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
    SparkSession spark = SparkSessions.create(cfg);
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  public static Figures run(WarehouseConfig cfg, LocalDate date, boolean quiet) {
    SparkSession spark = session(cfg);
    Warehouse wh = new Warehouse(spark, cfg.warehouseDir());
    wh.registerAll();
    RunContext run = RunContext.start(cfg, wh, date, new Progress(System.err, quiet));
    run.progress().prefix("[bench " + date + "] ");
    resetHeapPeaks();
    countJobs(spark);
    long commitsBefore = commitFiles(cfg.warehouseDir());
    long jobsBefore = JOBS.get();
    Map<String, Long> stages = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    long t = t0;
    wh.registerAll();
    // One ingest call per source (as `bin/warehouse ingest --source NAME` does), timed around the call:
    // the audit's per-file durations overlap for sources read in one batch, so they cannot be summed.
    List<io.osswarehouse.ingest.FileIngestor.Result> results = new java.util.ArrayList<>();
    Map<String, Long> sourceMs = new LinkedHashMap<>();
    for (io.osswarehouse.ingest.LandingSource source : NightlyRun.SOURCES) {
      long s0 = System.nanoTime();
      results.addAll(NightlyRun.ingest(run, List.of(source)));
      sourceMs.put(source.name(), (System.nanoTime() - s0) / 1_000_000);
    }
    t = lap(stages, "ingest", t);
    NightlyRun.silver(run);
    t = lap(stages, "silver", t);
    NightlyRun.gold(run);
    t = lap(stages, "gold", t);
    NightlyRun.check(run, NightlyRun.Freshness.OFF);
    lap(stages, "check", t);
    long total = (System.nanoTime() - t0) / 1_000_000;
    long heap = heapPeak();
    long loaded = results.stream().mapToLong(io.osswarehouse.ingest.FileIngestor.Result::recordsLoaded).sum();
    // Every step's own time, from its audit row (skipped steps included: their cost is the check).
    Map<String, Long> steps = new LinkedHashMap<>(sourceMs);
    for (Row r : wh.read(AuditLog.TABLE).where(org.apache.spark.sql.functions.col("run_id").equalTo(run.runId()))
        .where("stage in ('silver', 'gold') and file is null").select("source", "duration_ms").collectAsList()) {
      steps.merge(r.getString(0), r.getLong(1), Long::sum);
    }
    return new Figures(total, stages, sources(wh, run.runId(), cfg.landingDir(), sourceMs), heap, loaded, steps,
        commitFiles(cfg.warehouseDir()) - commitsBefore, JOBS.get() - jobsBefore);
  }

  private static long lap(Map<String, Long> stages, String name, long since) {
    long now = System.nanoTime();
    stages.put(name, (now - since) / 1_000_000);
    return now;
  }

  private static Map<String, SourceFigures> sources(Warehouse wh, String runId, Path landing,
      Map<String, Long> sourceMs) {
    Map<String, long[]> acc = new LinkedHashMap<>();
    List<Row> rows = wh.read(AuditLog.TABLE)
        .where(org.apache.spark.sql.functions.col("run_id").equalTo(runId))
        .where("stage = 'ingest' and file is not null and outcome = 'loaded'")
        .select("source", "file", "records_read", "duration_ms", "file_size")
        .orderBy("source", "file").collectAsList();
    for (Row r : rows) {
      long[] a = acc.computeIfAbsent(r.getString(0), k -> new long[5]);
      a[0]++;
      a[1] += r.isNullAt(2) ? 0 : r.getLong(2);
      a[3] += r.isNullAt(4) ? 0 : r.getLong(4);
      a[4] += LandingSplit.uncompressedBytes(resolve(landing, r.getString(1)));
    }
    Map<String, SourceFigures> out = new LinkedHashMap<>();
    acc.forEach((k, a) -> out.put(k, new SourceFigures(a[0], a[1], sourceMs.getOrDefault(k, 0L), a[3], a[4])));
    return out;
  }

  /** The audit's file path: absolute, a file: URI, or relative to the landing folder. */
  private static Path resolve(Path landing, String file) {
    if (file.startsWith("file:")) {
      return Path.of(java.net.URI.create(file));
    }
    Path p = Path.of(file);
    return p.isAbsolute() ? p : landing.resolve(file);
  }

  private static void resetHeapPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /**
   * Driver heap peak since the last reset: the sum of each heap pool's peak. The pools peak at
   * different moments, so this is an upper bound of the heap in use at once.
   */
  private static long heapPeak() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** The process's resident-set high-water mark (VmHWM from /proc/self/status), or -1 where there is none. */
  public static long residentPeakBytes() {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }
}
