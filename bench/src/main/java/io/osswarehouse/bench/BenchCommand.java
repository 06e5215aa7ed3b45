package io.osswarehouse.bench;

import io.osswarehouse.generate.GenerationSummary;
import io.osswarehouse.generate.SampleDataGenerator;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.spark.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/warehouse bench}: builds a tier with the generator, times the nightly pipeline (full
 * rebuild, no-op, one-day incremental on a month and on a year of history), computes the same metrics
 * with DuckDB side by side, repeats the full rebuild on local[1] and local[2], and writes
 * {@code <out>/bench-<tier>.md} and {@code .json} (docs/performance.md).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark the nightly pipeline on a generated tier (XS: a smoke test of every figure; S: seconds of data; M: a "
        + "mid-size company over a year) and compare the gold metrics with DuckDB. See docs/performance.md.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--tier", defaultValue = "S", description = "XS, S, M or L (L: ingest volume, with --ingest-only;"
      + " default ${DEFAULT-VALUE}).")
  Tier tier;

  @Option(names = "--runs", defaultValue = "3", description = "Runs per figure; median, min and max (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--out", defaultValue = "bench-results", paramLabel = "DIR",
      description = "Where bench-<tier>.md and .json go (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--work", paramLabel = "DIR",
      description = "Scratch folder for the landing zones and warehouses (default <out>/work-<tier>; emptied first).")
  Path work;

  @Option(names = "--master", defaultValue = "local[*]",
      description = "Spark master of the main figures (default ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--config", paramLabel = "FILE", description = "Warehouse properties (shuffle partitions...).")
  Path config;

  @Option(names = "--quiet", description = "No pipeline progress lines on stderr.")
  boolean quiet;

  @Option(names = "--keep-work", description = "Keep the scratch folder afterwards.")
  boolean keepWork;

  @Option(names = "--no-scaling", description = "Skip the local[1]/local[2] scaling runs (two more full rebuilds "
      + "per run; the test command's smoke run skips them).")
  boolean noScaling;

  @Option(names = "--ingest-only", description = "Only the ingest figures of GH Archive and PyPI: the incremental"
      + " day's files ingested on a warehouse holding the history, beside their decompression alone.")
  boolean ingestOnly;

  @Option(names = "--soak", paramLabel = "NIGHTS", description = "Only the soak figures: NIGHTS nightly runs, one day "
      + "at a time (the tier's last NIGHTS days), without and with weekly upkeep; per night the run's time, the data "
      + "files referenced and on disk, and the Delta logs' size.")
  int soakNights;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    CommandLine cmd = new CommandLine(new BenchCommand());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      e.printStackTrace(commandLine.getErr());
      return 1;
    });
    return cmd.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    Path scratch = work != null ? work : out.resolve("work-" + tier.name().toLowerCase(java.util.Locale.ROOT));
    LandingSplit.deleteTree(scratch);
    Files.createDirectories(scratch);
    Files.createDirectories(out);
    Results results = new Results(tier, runs, master);
    results.startedAt = Instant.now().toString();

    // The tier's two worlds, generated once through the incremental day and split by file date.
    Path yearGen = scratch.resolve("generated-year");
    Path monthGen = ingestOnly || soakNights > 0 ? yearGen : scratch.resolve("generated-month");
    long g0 = System.nanoTime();
    GenerationSummary year = SampleDataGenerator.generate(yearGen, Tier.SEED, tier.organizations, tier.yearStart,
        tier.nextDay(), "USD", tier.background);
    if (soakNights > 0) {
      return soak(scratch, yearGen);
    }
    if (!ingestOnly) {
      SampleDataGenerator.generate(monthGen, Tier.SEED, tier.organizations, tier.monthStart(), tier.nextDay(), "USD",
          tier.background);
    }
    results.generationMs = (System.nanoTime() - g0) / 1_000_000;
    results.generated = year;
    List<Path> yearHistory = LandingSplit.select(yearGen, tier.historyEnd, true);
    List<Path> yearDay = LandingSplit.select(yearGen, tier.historyEnd, false);
    List<Path> monthHistory = LandingSplit.select(monthGen, tier.historyEnd, true);
    List<Path> monthDay = LandingSplit.select(monthGen, tier.historyEnd, false);
    results.landing.put("year history", LandingVolume.of(yearGen, yearHistory));
    results.landing.put("year + 1 day (the day)", LandingVolume.of(yearGen, yearDay));
    results.landing.put("month history", LandingVolume.of(monthGen, monthHistory));
    results.landing.put("month + 1 day (the day)", LandingVolume.of(monthGen, monthDay));
    if (ingestOnly) {
      return ingestOnly(scratch, yearGen, yearHistory, yearDay);
    }

    for (int i = 1; i <= runs; i++) {
      log("run %d of %d: full rebuild of a year (%s)", i, runs, master);
      Path landing = scratch.resolve("landing-year-" + i);
      Path wh = scratch.resolve("warehouse-year-" + i);
      LandingSplit.land(yearGen, yearHistory, landing);
      WarehouseConfig cfg = PipelineRun.config(config, wh, landing, master);
      PipelineRun.Figures full = PipelineRun.run(cfg, tier.historyEnd, quiet);
      results.full.add(full);
      saveSoFar(results);

      log("run %d of %d: DuckDB side by side", i, runs);
      Warehouse warehouse = new Warehouse(PipelineRun.session(cfg), cfg.warehouseDir());
      warehouse.registerAll();
      results.duckdb.add(DuckDbCheck.run(warehouse, scratch.resolve("duckdb-" + i), tier.historyEnd));
      saveSoFar(results);

      log("run %d of %d: no-op run", i, runs);
      results.noop.add(PipelineRun.run(cfg, tier.historyEnd, quiet));

      log("run %d of %d: one more day on a year of history", i, runs);
      LandingSplit.land(yearGen, yearDay, landing);
      results.incrementalYear.add(PipelineRun.run(cfg, tier.nextDay(), quiet));
      saveSoFar(results);
      LandingSplit.deleteTree(wh);
      LandingSplit.deleteTree(landing);

      log("run %d of %d: one more day on a month of history", i, runs);
      Path mLanding = scratch.resolve("landing-month-" + i);
      Path mWh = scratch.resolve("warehouse-month-" + i);
      LandingSplit.land(monthGen, monthHistory, mLanding);
      WarehouseConfig mCfg = PipelineRun.config(config, mWh, mLanding, master);
      PipelineRun.run(mCfg, tier.historyEnd, quiet);
      LandingSplit.land(monthGen, monthDay, mLanding);
      results.incrementalMonth.add(PipelineRun.run(mCfg, tier.nextDay(), quiet));
      saveSoFar(results);
      LandingSplit.deleteTree(mWh);
      LandingSplit.deleteTree(mLanding);
    }

    // Scaling: the same full rebuild on one and two local cores (a new SparkContext per master).
    for (String scaleMaster : noScaling ? List.<String>of() : List.of("local[1]", "local[2]")) {
      for (int i = 1; i <= runs; i++) {
        log("scaling %s: full rebuild %d of %d", scaleMaster, i, runs);
        // a folder per run: Delta caches table logs by path for the whole JVM
        String suffix = scaleMaster.replaceAll("[^0-9]", "") + "-" + i;
        Path landing = scratch.resolve("landing-scale-" + suffix);
        Path wh = scratch.resolve("warehouse-scale-" + suffix);
        LandingSplit.land(yearGen, yearHistory, landing);
        WarehouseConfig cfg = PipelineRun.config(config, wh, landing, scaleMaster);
        results.scaling.computeIfAbsent(scaleMaster, k -> new ArrayList<>()).add(PipelineRun.run(cfg, tier.historyEnd, quiet));
        saveSoFar(results);
        LandingSplit.deleteTree(wh);
        LandingSplit.deleteTree(landing);
      }
    }
    results.finishedAt = Instant.now().toString();
    org.apache.spark.sql.SparkSession last = org.apache.spark.sql.SparkSession.getActiveSession().getOrElse(() -> null);
    if (last != null) {
      last.stop();
    }
    save(results);
    Path md = out.resolve("bench-" + tier.name() + ".md");
    Path json = out.resolve("bench-" + tier.name() + ".json");
    if (!keepWork) {
      LandingSplit.deleteTree(scratch);
    }
    System.out.printf("bench tier %s: %d run(s); results in %s and %s; DuckDB parity %s%n", tier, runs, md, json,
        results.parityOk() ? "equal" : "DIFFERENT");
    return results.parityOk() ? 0 : 3;
  }

  /** {@code --soak N}: N nights without and with weekly upkeep (Soak). */
  private int soak(Path scratch, Path generated) throws java.io.IOException {
    String started = Instant.now().toString();
    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    List<Soak.Night> nights = Soak.run(config, master, generated, tier.historyEnd, soakNights, scratch, quiet,
        this::log);
    double loadEnd = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    String name = "bench-" + tier.name() + "-soak";
    Files.writeString(out.resolve(name + ".csv"), Soak.csv(nights));
    Soak.plot(nights, out.resolve(name + "-time.png"), out.resolve(name + "-files.png"));
    String md = "# Soak, tier " + tier + "\n\n"
        + "Command: `bin/warehouse bench --tier " + tier + " --soak " + soakNights + "`; master " + master + ", "
        + Runtime.getRuntime().availableProcessors() + " cores; started " + started + ", load average "
        + String.format(java.util.Locale.ROOT, "%.2f at the start, %.2f at the end", load, loadEnd) + ".\n\n"
        + "The tier's world up to " + tier.historyEnd.minusDays(soakNights) + " in one run, then " + soakNights
        + " nightly runs to " + tier.historyEnd + ", each after landing that day's files; once without upkeep, once "
        + "with `maintain` (retention 7 days) after every seventh night. Night-by-night figures: " + name + ".csv; "
        + "charts: " + name + "-time.png, " + name + "-files.png.\n\n" + Soak.markdown(nights);
    return finish(scratch, out.resolve(name + ".md"), md);
  }

  /** {@code --ingest-only}: the day's GH Archive and PyPI ingest, timed on a warehouse holding the history. */
  private int ingestOnly(Path scratch, Path generated, List<Path> history, List<Path> day) throws java.io.IOException {
    List<List<IngestBench.Figure>> runsOut = new ArrayList<>();
    String started = Instant.now().toString();
    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    for (int i = 1; i <= runs; i++) {
      log("run %d of %d: the day's ingest after the history (%s)", i, runs, master);
      Path landing = scratch.resolve("landing-ingest-" + i);
      Path wh = scratch.resolve("warehouse-ingest-" + i);
      WarehouseConfig cfg = PipelineRun.config(config, wh, landing, master);
      runsOut.add(IngestBench.run(cfg, generated, history, day, tier.historyEnd, tier.nextDay(), quiet));
      LandingSplit.deleteTree(wh);
      LandingSplit.deleteTree(landing);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    String md = "# Ingest bench, tier " + tier + "\n\n"
        + "Command: `bin/warehouse bench --tier " + tier + " --ingest-only --runs " + runs + "`; master " + master
        + ", " + cores + " cores; started " + started + ", load average at start " + String.format("%.2f", load)
        + ".\n\nTracked organisation `" + io.osswarehouse.generate.SampleDataGenerator.PROJECT_GITHUB_ORGANIZATION
        + "`; the day " + tier.nextDay() + " landed on a warehouse holding " + tier.yearStart + ".." + tier.historyEnd
        + "; ingest call = `NightlyRun.ingest` of that one source (as `bin/warehouse ingest --source`); MB = "
        + "uncompressed bytes / 10^6; per core = divided by " + cores + ". Median (min, max) over " + runs
        + " run(s).\n\n" + IngestBench.markdown(IngestBench.bySource(runsOut), cores);
    return finish(scratch, out.resolve("bench-" + tier.name() + "-ingest.md"), md);
  }

  /** The end of a single-section mode: its Markdown written and printed, Spark stopped, the scratch folder gone. */
  private int finish(Path scratch, Path file, String md) throws java.io.IOException {
    Files.writeString(file, md);
    org.apache.spark.sql.SparkSession last = org.apache.spark.sql.SparkSession.getActiveSession().getOrElse(() -> null);
    if (last != null) {
      last.stop();
    }
    if (!keepWork) {
      LandingSplit.deleteTree(scratch);
    }
    System.out.print(md);
    return 0;
  }

  /**
   * Writes the results so far (after every phase, so an interrupted bench still leaves what it measured;
   * unfinished, the files say so by their missing end time).
   */
  private void save(Results results) throws java.io.IOException {
    results.residentPeakBytes = PipelineRun.residentPeakBytes();
    Files.writeString(out.resolve("bench-" + tier.name() + ".md"), results.markdown());
    Files.writeString(out.resolve("bench-" + tier.name() + ".json"), results.json());
  }

  /** {@link #save} between phases: a failure to write is reported and the bench goes on. */
  private void saveSoFar(Results results) {
    try {
      save(results);
    } catch (java.io.IOException | RuntimeException e) {
      log("could not write the results so far: %s", e);
    }
  }

  private void log(String format, Object... args) {
    System.err.println("[bench] " + String.format(format, args));
  }

  /** Files and bytes of a landing selection, per source folder. */
  record LandingVolume(Map<String, long[]> perSource) {
    static LandingVolume of(Path root, List<Path> files) {
      Map<String, long[]> m = new LinkedHashMap<>();
      for (Path rel : files) {
        String source = rel.getNameCount() >= 2 ? rel.getName(0) + "/" + rel.getName(1) : rel.toString();
        long[] a = m.computeIfAbsent(source, k -> new long[3]);
        Path f = root.resolve(rel);
        a[0]++;
        try {
          a[1] += Files.size(f);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        a[2] += LandingSplit.uncompressedBytes(f);
      }
      return new LandingVolume(m);
    }
  }
}
