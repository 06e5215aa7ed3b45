package io.osswarehouse.orchestrate;

import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.pipeline.SharedTables;
import io.osswarehouse.pipeline.StageFingerprint;
import io.osswarehouse.pipeline.WriterLock;
import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.catalog.Table;
import io.osswarehouse.gold.correlation.CorrelationGoldStage;
import io.osswarehouse.gold.funnel.FunnelGoldStage;
import io.osswarehouse.gold.revenue.RevenueGoldStage;
import io.osswarehouse.ingest.FileIngestor;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.LineLandingSource;
import io.osswarehouse.ingest.billing.FxRatesSource;
import io.osswarehouse.ingest.billing.StripeObjectsSource;
import io.osswarehouse.ingest.billing.SubscriptionPeriodsSource;
import io.osswarehouse.ingest.github.GhArchiveSource;
import io.osswarehouse.silver.accounts.AccountsStage;
import io.osswarehouse.silver.billing.BillingSilverStage;
import io.osswarehouse.silver.downloads.DownloadsSilverStage;
import io.osswarehouse.silver.github.GithubRestSilverStage;
import io.osswarehouse.silver.github.GithubSilverStage;
import io.osswarehouse.silver.web.WebSilverStage;
import io.osswarehouse.spark.Warehouse;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The nightly run for one logical date: the steps of the catalog's graph ({@link Catalog#steps()}):
 * the ingest of every landing source, the silver areas, the gold subjects; then the gates. Steps run as
 * soon as the steps they read from are done, several at once ({@link GraphRunner}); a step whose
 * definition and inputs are what they were at its last build is skipped ({@link StageFingerprint}), and
 * a failed step stops only its descendants. Each step's audit row is written as soon as it has built, so
 * {@code status} shows how far a failed or killed run got and the next run redoes only the rest. The
 * stages are also commands of their own ({@code warehouse ingest|silver|gold|check}) for schedulers that
 * run them as separate tasks with one run id.
 */
public final class NightlyRun {
  /** Landing sources, in the catalog's order of their bronze tables. */
  public static final List<LandingSource> SOURCES = java.util.stream.Stream.of(
      List.<LandingSource>of(new StripeObjectsSource(), new SubscriptionPeriodsSource(), new FxRatesSource()),
      List.<LandingSource>of(new GhArchiveSource()), GithubRestSilverStage.SOURCES, DownloadsSilverStage.SOURCES,
      WebSilverStage.SOURCES)
      .flatMap(List::stream).toList();

  /** What a step's builder did: rows (re)built, a note for the audit, and a value for the run's summary. */
  record Built(long rows, String note, Object value) {}

  /** The silver and gold steps' builders, by the catalog's step names. */
  private static final Map<String, Function<RunContext, Built>> DERIVED = new LinkedHashMap<>();

  static {
    DERIVED.put(BillingSilverStage.STEP, run -> rows(new BillingSilverStage(run).build()));
    DERIVED.put(GithubSilverStage.STEP, run -> rows(new GithubSilverStage(run).build()));
    DERIVED.put(GithubRestSilverStage.STEP, run -> rows(new GithubRestSilverStage(run).build()));
    DERIVED.put(DownloadsSilverStage.STEP, run -> rows(new DownloadsSilverStage(run).build()));
    DERIVED.put(WebSilverStage.STEP, run -> rows(new WebSilverStage(run).build()));
    DERIVED.put(AccountsStage.STEP, run -> rows(new AccountsStage(run).build()));
    DERIVED.put(RevenueGoldStage.STEP, run -> {
      List<YearMonth> months = new RevenueGoldStage(run).build();
      return new Built(months.size(), months.isEmpty() ? null
          : "months " + months.get(0) + ".." + months.get(months.size() - 1), months);
    });
    DERIVED.put(CorrelationGoldStage.STEP, run -> rows(new CorrelationGoldStage(run).build()));
    DERIVED.put(FunnelGoldStage.STEP, run -> rows(new FunnelGoldStage(run).build()));
  }

  private static Built rows(long rows) {
    return new Built(rows, null, rows);
  }

  /** The run failed: the message is one line a person can act on. */
  public static final class RunFailed extends RuntimeException {
    public RunFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What a run did. */
  public record Summary(String runId, List<FileIngestor.Result> ingested, long segmentsRebuilt,
      List<YearMonth> monthsRebuilt) {
    public long recordsLoaded() {
      return ingested.stream().mapToLong(FileIngestor.Result::recordsLoaded).sum();
    }

    public long recordsQuarantined() {
      return ingested.stream().mapToLong(FileIngestor.Result::recordsQuarantined).sum();
    }
  }

  /**
   * Which steps to run and how: {@code threads} at most at once (0: one per core, at least two);
   * {@code rebuild}: steps built even when nothing they read changed (a selection, after a definition
   * change); {@code fullRefresh}: steps rebuilt from all of their input, their tables emptied first.
   */
  public record Options(int threads, Set<String> rebuild, Set<String> fullRefresh) {
    public static final Options DEFAULT = new Options(0, Set.of(), Set.of());

    public Options {
      rebuild = Set.copyOf(rebuild);
      fullRefresh = Set.copyOf(fullRefresh);
    }

    int poolSize() {
      return threads > 0 ? threads : Math.max(2, Runtime.getRuntime().availableProcessors());
    }
  }

  private NightlyRun() {}

  /** Limits of the freshness gate: days per source name, else the default. */
  public record Freshness(Map<String, Integer> maxAgeDays, int defaultMaxAgeDays) {
    public static final Freshness DEFAULT = new Freshness(Map.of(), QualityGates.DEFAULT_MAX_AGE_DAYS);
    /**
     * No limit: replaying history (backfill) loads everything on its first date, so every later date
     * would look stale although nothing is late.
     */
    public static final Freshness OFF = new Freshness(Map.of(), Integer.MAX_VALUE);
  }

  /**
   * The whole run in one process: every step of the graph, then {@link #check}. The stage commands run
   * the same steps, a layer at a time.
   */
  public static Summary run(RunContext run) {
    return run(run, Freshness.DEFAULT);
  }

  /** {@link #run(RunContext)} with the freshness limits given. */
  public static Summary run(RunContext run, Freshness freshness) {
    return run(run, freshness, Options.DEFAULT, null);
  }

  /**
   * The run with options; {@code selected} (step names, null for every step) limits it to those steps
   * (which of them are rebuilt whether or not their inputs changed is the options' {@code rebuild}).
   */
  public static Summary run(RunContext run, Freshness freshness, Options options, Set<String> selected) {
    run.progress().prefix("[run " + run.runDate() + "] ");
    try (WriterLock lock = WriterLock.acquire(run, "run", null)) {
      run.progress().info("registering tables");
      run.warehouse().registerAll();
      ensureShared(run.warehouse());
      List<Catalog.Step> steps = Catalog.steps().stream()
          .filter(s -> selected == null || selected.contains(s.name())).toList();
      Map<String, Object> values = runSteps(run, steps, options);
      check(run, freshness);
      List<FileIngestor.Result> results = new ArrayList<>();
      values.values().stream().filter(v -> v instanceof FileIngestor.Result)
          .forEach(v -> results.add((FileIngestor.Result) v));
      Object segments = values.get(BillingSilverStage.STEP);
      @SuppressWarnings("unchecked")
      List<YearMonth> months = values.get(RevenueGoldStage.STEP) instanceof List<?> m ? (List<YearMonth>) m : List.of();
      Summary summary = new Summary(run.runId(), results, segments instanceof Long l ? l : 0, months);
      run.progress().info("done: %,d records loaded, %,d quarantined, %d gold month(s) rebuilt",
          summary.recordsLoaded(), summary.recordsQuarantined(), months.size());
      return summary;
    }
  }

  /**
   * Sources by name, or every source under a folder ({@code billing} is the three billing sources).
   * Unknown names fail with the list of known ones.
   */
  public static List<LandingSource> sources(List<String> names) {
    List<LandingSource> out = new ArrayList<>();
    for (String name : names) {
      String n = name.replaceAll("/+$", "");
      List<LandingSource> matched = SOURCES.stream()
          .filter(s -> s.name().equals(n) || s.name().startsWith(n + "/")).toList();
      if (matched.isEmpty()) {
        throw new IllegalArgumentException("unknown source '" + name + "'; sources are "
            + SOURCES.stream().map(LandingSource::name).collect(java.util.stream.Collectors.joining(", ")));
      }
      matched.stream().filter(s -> !out.contains(s)).forEach(out::add);
    }
    return out;
  }

  /**
   * Ingest: new landed files of the given sources into bronze, one step per source. Files rejected whole
   * are recorded in the audit and fail the run at {@link #check}, after everything else has loaded.
   * Several ingest processes of one run may run at once, one per source ({@link SharedTables}).
   */
  public static List<FileIngestor.Result> ingest(RunContext run, List<LandingSource> sources) {
    return ingest(run, sources, Options.DEFAULT);
  }

  public static List<FileIngestor.Result> ingest(RunContext run, List<LandingSource> sources, Options options) {
    run.progress().info("ingesting %d source(s)", sources.size());
    try (WriterLock lock = WriterLock.acquire(run, "ingest", sources.stream().map(LandingSource::name).toList())) {
      run.warehouse().registerAll();
      ensureShared(run.warehouse());
      Set<String> names = new HashSet<>(sources.stream().map(LandingSource::name).toList());
      Map<String, Object> values = runSteps(run, Catalog.steps().stream().filter(s -> names.contains(s.name())).toList(),
          options);
      List<FileIngestor.Result> results = new ArrayList<>();
      for (LandingSource s : sources) {
        if (values.get(s.name()) instanceof FileIngestor.Result r) {
          results.add(r);
        }
      }
      return results;
    }
  }

  /** Silver: every silver step; returns the rows (re)built per step (0 for a skipped one). */
  public static Map<String, Long> silver(RunContext run) {
    return silver(run, Options.DEFAULT);
  }

  public static Map<String, Long> silver(RunContext run, Options options) {
    run.progress().info("building silver");
    Map<String, Long> built = new LinkedHashMap<>();
    layer(run, "silver", options).forEach((step, value) -> built.put(step, value instanceof Long l ? l : 0L));
    return built;
  }

  /** Gold: revenue, then correlation and funnel (which read revenue); returns the revenue months rebuilt. */
  public static List<YearMonth> gold(RunContext run) {
    return gold(run, Options.DEFAULT);
  }

  @SuppressWarnings("unchecked")
  public static List<YearMonth> gold(RunContext run, Options options) {
    run.progress().info("building gold");
    Object months = layer(run, "gold", options).get(RevenueGoldStage.STEP);
    return months instanceof List<?> m ? (List<YearMonth>) m : List.of();
  }

  private static Map<String, Object> layer(RunContext run, String layer, Options options) {
    try (WriterLock lock = WriterLock.acquire(run, layer, null)) {
      run.warehouse().registerAll();
      ensureShared(run.warehouse());
      return runSteps(run, Catalog.steps().stream().filter(s -> s.layer().equals(layer)).toList(), options);
    }
  }

  /**
   * Runs steps through the graph runner, writes each one's audit row, and fails naming the failed steps
   * (and those they held back) once every independent step has finished. Returns each step's value.
   */
  private static Map<String, Object> runSteps(RunContext run, List<Catalog.Step> steps, Options options) {
    // Each step runs in a scheduler pool of its own name, created on first use: Spark warns about every one.
    org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.spark.scheduler.FairSchedulableBuilder",
        org.apache.logging.log4j.Level.ERROR);
    Map<String, Object> values = new java.util.concurrent.ConcurrentHashMap<>();
    StepSignatures signatures = new StepSignatures(run);
    // The audit's earlier files, read once for every ingest step of this call (not per source).
    java.util.function.Supplier<List<Row>> earlier = memoize(() -> FileIngestor.earlierFiles(run.warehouse()));
    AuditLog skippedRows = new AuditLog(run);
    List<GraphRunner.Node> nodes = steps.stream().map(s -> new GraphRunner.Node(s.name(), s.upstream())).toList();
    Map<String, Catalog.Step> byName = new LinkedHashMap<>();
    steps.forEach(s -> byName.put(s.name(), s));
    List<GraphRunner.Outcome> outcomes = GraphRunner.run(nodes, options.poolSize(), name -> {
      Catalog.Step step = byName.get(name);
      run.warehouse().spark().sparkContext().setLocalProperty("spark.scheduler.pool", name);
      GraphRunner.Outcome outcome = runStep(run, step, options, signatures, earlier, values);
      if (outcome.status() == GraphRunner.Status.SKIPPED) {
        synchronized (skippedRows) {
          skippedRows.stage(step.layer(), step.name(), 0, System.currentTimeMillis(), AuditLog.SUCCEEDED,
              outcome.reason());
        }
      }
      return outcome;
    });
    List<String> problems = new ArrayList<>();
    AuditLog failures = new AuditLog(run);
    for (GraphRunner.Outcome o : outcomes) {
      if (!o.ok()) {
        Catalog.Step step = byName.get(o.step());
        failures.stage(step.layer(), step.name(), 0, o.startedMillis(), AuditLog.FAILED, o.reason());
        run.progress().info("%s %s: %s", o.status() == GraphRunner.Status.FAILED ? "FAILED" : "blocked", o.step(),
            o.reason());
        problems.add(o.status() == GraphRunner.Status.FAILED ? o.step() + " failed: " + o.reason() : o.step()
            + " " + o.reason());
      }
    }
    skippedRows.flush();
    failures.flush();
    if (!problems.isEmpty()) {
      Throwable cause = outcomes.stream().filter(o -> o.error() != null).map(GraphRunner.Outcome::error).findFirst()
          .orElse(null);
      long failed = outcomes.stream().filter(o -> o.status() == GraphRunner.Status.FAILED).count();
      long blocked = outcomes.stream().filter(o -> o.status() == GraphRunner.Status.BLOCKED).count();
      String more = problems.size() == 1 ? "" : " (" + (failed > 1 ? (failed - 1) + " more step(s) failed, " : "")
          + blocked + " not run; `warehouse status` lists them)";
      throw new RunFailed(problems.get(0) + more, cause);
    }
    return values;
  }

  /** One step: skipped when nothing it reads changed since its last build, else built and recorded. */
  private static GraphRunner.Outcome runStep(RunContext run, Catalog.Step step, Options options,
      StepSignatures signatures, java.util.function.Supplier<List<Row>> earlierFiles, Map<String, Object> values) {
    Set<String> reads = new LinkedHashSet<>(step.inputs());
    Set<String> writes = new LinkedHashSet<>();
    step.outputs().forEach(t -> writes.add(t.name()));
    Warehouse wh = run.warehouse().forStep(new Warehouse.Access(step.name(), reads, writes));
    boolean refresh = options.fullRefresh().contains(step.name());
    RunContext stepRun = run.forStep(step.name(), wh, run.progress(), refresh);
    long started = System.currentTimeMillis();
    if (step.layer().equals("bronze")) {
      FileIngestor.Result result = ingestStep(stepRun, step, earlierFiles.get());
      values.put(step.name(), result);
      return GraphRunner.built(step.name(), result.recordsLoaded(), null);
    }
    Function<RunContext, Built> builder = DERIVED.get(step.name());
    if (builder == null) {
      throw new IllegalStateException("no builder for step " + step.name());
    }
    StageFingerprint fingerprint = StageFingerprint.take(stepRun, "step-" + step.name(),
        signatures.context(step), step.inputs().stream().filter(t -> !t.equals(Catalog.RUN_AUDIT.name())).toList(),
        writes.stream().toList());
    if (!refresh && !options.rebuild().contains(step.name()) && fingerprint.upToDate()) {
      values.put(step.name(), 0L);
      return GraphRunner.skipped(step.name(), SKIPPED);
    }
    if (refresh) {
      for (String table : writes) {
        wh.truncate(table);
      }
    }
    Built built = builder.apply(stepRun);
    fingerprint.record();
    values.put(step.name(), built.value());
    // The step's row at once: the runs it processed are done for it even if the run stops later.
    AuditLog audit = new AuditLog(stepRun);
    String versions = fingerprint.outputVersions();
    audit.stage(step.layer(), step.name(), built.rows(), started, AuditLog.SUCCEEDED,
        built.note() == null ? versions : built.note() + "; " + versions);
    audit.flush();
    return GraphRunner.built(step.name(), built.rows(), built.note());
  }

  private static final String SKIPPED = "unchanged inputs: skipped";

  /** The tables every ingest writes, created empty up front so that concurrent ingest tasks never race to. */
  private static void ensureShared(Warehouse wh) {
    SharedTables.ensureAudit(wh);
    SharedTables.ensure(wh, Catalog.QUARANTINE.name(), io.osswarehouse.ingest.IngestMetadata.QUARANTINE_SCHEMA);
  }

  private static <T> java.util.function.Supplier<T> memoize(java.util.function.Supplier<T> supplier) {
    return new java.util.function.Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }

  /** One source's ingest as a step, with its audit rows written when it ends. */
  private static FileIngestor.Result ingestStep(RunContext stepRun, Catalog.Step step, List<Row> earlierFiles) {
    LandingSource source = SOURCES.stream().filter(s -> s.name().equals(step.name())).findFirst()
        .orElseThrow(() -> new IllegalStateException("no landing source for step " + step.name()));
    AuditLog audit = new AuditLog(stepRun);
    try {
      FileIngestor ingestor = new FileIngestor(stepRun, audit, earlierFiles);
      return source instanceof LineLandingSource lines ? ingestor.ingestLines(lines) : ingestor.ingest(source);
    } finally {
      audit.flush();
    }
  }

  /**
   * What besides the Delta versions of its input tables a step's result depends on: the code, the
   * configuration (in {@link StageFingerprint}), the run date for gold (metrics as of it), and for steps
   * that read the run audit, the ingest rows of the sources they read (a re-landed copy of a file adds
   * one and may change what they build; elsewhere it changes nothing).
   */
  private static final class StepSignatures {
    private final RunContext run;
    private Map<String, Long> ingestRowsBySource;

    StepSignatures(RunContext run) {
      this.run = run;
    }

    String context(Catalog.Step step) {
      StringBuilder sb = new StringBuilder("step=" + step.name());
      if (step.layer().equals("gold")) {
        sb.append(" run_date=").append(run.runDate());
      }
      if (step.inputs().contains(Catalog.RUN_AUDIT.name())) {
        Map<String, Long> rows = ingestRows();
        for (String input : step.inputs()) {
          Table t = Catalog.table(input);
          if (t.layer().equals("bronze") && !t.step().equals(Catalog.EVERY_STEP)) {
            sb.append(" ingest_rows[").append(t.step()).append("]=").append(rows.getOrDefault(t.step(), 0L));
          }
        }
      }
      return sb.toString();
    }

    private synchronized Map<String, Long> ingestRows() {
      if (ingestRowsBySource == null) {
        ingestRowsBySource = new LinkedHashMap<>();
        Dataset<Row> audit = run.warehouse().readOrNull(AuditLog.TABLE);
        if (audit != null) {
          for (Row r : audit.where("stage = 'ingest' AND file IS NOT NULL").groupBy("source").count().collectAsList()) {
            ingestRowsBySource.put(r.getString(0), r.getLong(1));
          }
        }
      }
      return ingestRowsBySource;
    }
  }

  /**
   * The data-quality gates for the run: no file rejected whole, every loaded file in balance (both on
   * this run's audit rows), the MRR bridge identity on gold, and the freshness of every source. Each
   * gate leaves an audit row; any failure fails the run with the failed gates' messages.
   */
  public static List<QualityGates.Gate> check(RunContext run, Freshness freshness) {
    run.progress().info("checking");
    try (WriterLock lock = WriterLock.acquire(run, "check", null)) {
      return inStage(run, "check", audit -> {
        long started = System.currentTimeMillis();
        Dataset<Row> all = run.warehouse().read(AuditLog.TABLE);
        // This run's rows: flushed ones, and those of a run id given by separate stage processes.
        Dataset<Row> thisRun = all.where(functions.col("run_id").equalTo(run.runId()));
        List<QualityGates.Gate> gates = List.of(
            QualityGates.rejectedFiles(thisRun),
            QualityGates.auditBalance(thisRun),
            QualityGates.mrrBridge(run.warehouse().readOrNull(Catalog.MRR_BRIDGE_MONTHLY.name())),
            QualityGates.freshness(all, run.runDate(), SOURCES, freshness.maxAgeDays(), freshness.defaultMaxAgeDays()));
        for (QualityGates.Gate gate : gates) {
          run.progress().info("%s", gate);
          audit.stage("check", gate.name(), 0, started, gate.passed() ? AuditLog.SUCCEEDED : AuditLog.FAILED,
              gate.message());
        }
        if (gates.stream().anyMatch(g -> !g.passed())) {
          throw new RunFailed(QualityGates.failure(gates), null);
        }
        return gates;
      });
    }
  }

  /**
   * Runs a stage's body with its audit: rows are flushed at the end whether it succeeded or not, and
   * an unexpected error is recorded as the stage's failure and rethrown as a one-line reason.
   */
  private static <T> T inStage(RunContext run, String stage, java.util.function.Function<AuditLog, T> body) {
    AuditLog audit = new AuditLog(run);
    long started = System.currentTimeMillis();
    try {
      return body.apply(audit);
    } catch (RunFailed e) {
      throw e;
    } catch (Exception e) { // Spark's AnalysisException is a checked exception Java does not see
      audit.stage(stage, null, 0, started, AuditLog.FAILED, e.getMessage());
      throw new RunFailed(stage + " failed: " + e.getMessage(), e);
    } finally {
      audit.flush();
    }
  }
}
