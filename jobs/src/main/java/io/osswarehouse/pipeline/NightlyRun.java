package io.osswarehouse.pipeline;

import io.osswarehouse.gold.correlation.CorrelationGoldStage;
import io.osswarehouse.gold.funnel.FunnelGoldStage;
import io.osswarehouse.gold.revenue.RevenueGoldStage;
import io.osswarehouse.ingest.FileIngestor;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.LineLandingSource;
import io.osswarehouse.ingest.github.GhArchiveSource;
import io.osswarehouse.ingest.billing.FxRatesSource;
import io.osswarehouse.ingest.billing.StripeObjectsSource;
import io.osswarehouse.ingest.billing.SubscriptionPeriodsSource;
import io.osswarehouse.silver.billing.BillingSilverStage;
import io.osswarehouse.silver.accounts.AccountsStage;
import io.osswarehouse.silver.downloads.DownloadsSilverStage;
import io.osswarehouse.silver.github.GithubRestSilverStage;
import io.osswarehouse.silver.github.GithubSilverStage;
import io.osswarehouse.silver.web.WebSilverStage;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The nightly run for one logical date: ingest every new landed file, rebuild silver for the keys
 * those records touch, rebuild gold for the months they affect, then gate. Each stage's audit rows are
 * written as soon as it finishes, so {@code status} shows how far a failed run got. Each stage is also
 * a command of its own ({@code warehouse ingest|silver|gold|check}) for schedulers that run them as
 * separate tasks with one run id.
 */
public final class NightlyRun {
  /** Landing sources, in ingestion order. */
  public static final List<LandingSource> SOURCES = java.util.stream.Stream.of(
      List.<LandingSource>of(new StripeObjectsSource(), new SubscriptionPeriodsSource(), new FxRatesSource()),
      List.<LandingSource>of(new GhArchiveSource()), GithubRestSilverStage.SOURCES, DownloadsSilverStage.SOURCES,
      WebSilverStage.SOURCES)
      .flatMap(List::stream).toList();

  /**
   * Silver builders by area, in order (accounts last: it links the identities the others carry). Each
   * returns the number of rows it (re)built.
   */
  private static final Map<String, java.util.function.ToLongFunction<RunContext>> SILVER = new LinkedHashMap<>();

  static {
    SILVER.put("billing", run -> new BillingSilverStage(run).build());
    SILVER.put("github", run -> new GithubSilverStage(run).build());
    SILVER.put("github_rest", run -> new GithubRestSilverStage(run).build());
    SILVER.put("downloads", run -> new DownloadsSilverStage(run).build());
    SILVER.put("web", run -> new WebSilverStage(run).build());
    SILVER.put("accounts", run -> new AccountsStage(run).build());
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
   * The whole run in one process: {@link #ingest} of every source, {@link #silver}, {@link #gold},
   * then {@link #check}. The stages are the same methods the stage commands call one per process.
   */
  public static Summary run(RunContext run) {
    return run(run, Freshness.DEFAULT);
  }

  /** {@link #run(RunContext)} with the freshness limits given. */
  public static Summary run(RunContext run, Freshness freshness) {
    run.progress().prefix("[run " + run.runDate() + "] ");
    run.progress().info("registering tables");
    run.warehouse().registerAll();
    List<FileIngestor.Result> results = ingest(run, SOURCES);
    long segments = silver(run).get("billing");
    List<YearMonth> months = gold(run);
    check(run, freshness);
    Summary summary = new Summary(run.runId(), results, segments, months);
    run.progress().info("done: %,d records loaded, %,d quarantined, %d gold month(s) rebuilt",
        summary.recordsLoaded(), summary.recordsQuarantined(), months.size());
    return summary;
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
   * Ingest: new landed files of the given sources into bronze. Files rejected whole are recorded in
   * the audit and fail the run at {@link #check}, after everything else has loaded. Several ingest
   * processes of one run may run at once, one per source ({@link SharedTables}).
   */
  public static List<FileIngestor.Result> ingest(RunContext run, List<LandingSource> sources) {
    run.progress().info("ingesting %d source(s)", sources.size());
    run.warehouse().registerAll();
    SharedTables.ensure(run.warehouse());
    return inStage(run, "ingest", audit -> {
      List<FileIngestor.Result> results = new ArrayList<>();
      FileIngestor ingestor = new FileIngestor(run, audit);
      for (LandingSource source : sources) {
        results.add(source instanceof LineLandingSource lines ? ingestor.ingestLines(lines) : ingestor.ingest(source));
      }
      return results;
    });
  }

  /**
   * Silver: every area in {@link #SILVER} order; returns the rows (re)built per area. Skipped, with
   * every area at 0, when neither bronze nor the ingest audit changed since silver last succeeded and
   * no silver table was written since ({@link StageFingerprint}).
   */
  public static Map<String, Long> silver(RunContext run) {
    run.progress().info("building silver");
    return inStage(run, BillingSilverStage.STAGE, audit -> {
      long started = System.currentTimeMillis();
      StageFingerprint fingerprint = StageFingerprint.take(run, "silver", "ingest_audit_rows=" + ingestAuditRows(run),
          List.of("bronze"), List.of("silver"));
      Map<String, Long> built = new LinkedHashMap<>();
      boolean unchanged = fingerprint.upToDate();
      if (unchanged) {
        run.progress().info("silver: nothing ingested since the last build; skipped");
      }
      for (Map.Entry<String, java.util.function.ToLongFunction<RunContext>> area : SILVER.entrySet()) {
        built.put(area.getKey(), unchanged ? 0L : area.getValue().applyAsLong(run));
      }
      // The rows only once every area succeeded: a run is complete for silver only when all of it is.
      for (Map.Entry<String, Long> area : built.entrySet()) {
        audit.stage(BillingSilverStage.STAGE, area.getKey(), area.getValue(), started, AuditLog.SUCCEEDED,
            unchanged ? SKIPPED : null);
      }
      if (!unchanged) {
        fingerprint.record();
      }
      return built;
    });
  }

  private static final String SKIPPED = "unchanged inputs: skipped";

  /** Ingest rows ever audited: any new file, duplicate or rejection adds one. */
  private static long ingestAuditRows(RunContext run) {
    Dataset<Row> audit = run.warehouse().readOrNull(AuditLog.TABLE);
    return audit == null ? 0 : audit.where("stage = 'ingest'").count();
  }

  /**
   * Gold: revenue, then correlation and funnel (which read revenue); returns the revenue months rebuilt.
   * Skipped when silver, the run date, the configuration and the code are those of the last build and
   * no gold table was written since ({@link StageFingerprint}): it would rewrite the same rows.
   */
  public static List<YearMonth> gold(RunContext run) {
    run.progress().info("building gold");
    return inStage(run, RevenueGoldStage.STAGE, audit -> {
      long started = System.currentTimeMillis();
      StageFingerprint fingerprint = StageFingerprint.take(run, "gold", "run_date=" + run.runDate(),
          List.of("silver"), List.of("gold"));
      if (fingerprint.upToDate()) {
        run.progress().info("gold: silver unchanged since the last build of %s; skipped", run.runDate());
        for (String part : List.of("revenue", "correlation", "funnel")) {
          audit.stage(RevenueGoldStage.STAGE, part, 0, started, AuditLog.SUCCEEDED, SKIPPED);
        }
        return List.<YearMonth>of();
      }
      List<YearMonth> months = new RevenueGoldStage(run).build();
      audit.stage(RevenueGoldStage.STAGE, "revenue", months.size(), started, AuditLog.SUCCEEDED,
          months.isEmpty() ? null : "months " + months.get(0) + ".." + months.get(months.size() - 1));
      audit.flush();
      started = System.currentTimeMillis();
      long correlations = new CorrelationGoldStage(run).build();
      audit.stage(RevenueGoldStage.STAGE, "correlation", correlations, started, AuditLog.SUCCEEDED, null);
      audit.flush();
      started = System.currentTimeMillis();
      audit.stage(RevenueGoldStage.STAGE, "funnel", new FunnelGoldStage(run).build(), started, AuditLog.SUCCEEDED,
          null);
      fingerprint.record();
      return months;
    });
  }

  /**
   * The data-quality gates for the run: no file rejected whole, every loaded file in balance (both on
   * this run's audit rows), the MRR bridge identity on gold, and the freshness of every source. Each
   * gate leaves an audit row; any failure fails the run with the failed gates' messages.
   */
  public static List<QualityGates.Gate> check(RunContext run, Freshness freshness) {
    run.progress().info("checking");
    return inStage(run, "check", audit -> {
      long started = System.currentTimeMillis();
      Dataset<Row> all = run.warehouse().read(AuditLog.TABLE);
      // This run's rows: flushed ones, and those of a run id given by separate stage processes.
      Dataset<Row> thisRun = all.where(functions.col("run_id").equalTo(run.runId()));
      List<QualityGates.Gate> gates = List.of(
          QualityGates.rejectedFiles(thisRun),
          QualityGates.auditBalance(thisRun),
          QualityGates.mrrBridge(run.warehouse().readOrNull("gold.mrr_bridge_monthly")),
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
    } catch (RuntimeException e) {
      audit.stage(stage, null, 0, started, AuditLog.FAILED, e.getMessage());
      throw new RunFailed(stage + " failed: " + e.getMessage(), e);
    } finally {
      audit.flush();
    }
  }
}
