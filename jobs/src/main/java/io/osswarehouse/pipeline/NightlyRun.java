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

/**
 * The nightly run for one logical date: ingest every new landed file, rebuild silver for the keys
 * those records touch, rebuild gold for the months they affect, then gate. Each stage's audit rows are
 * written as soon as it finishes, so {@code status} shows how far a failed run got.
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

  public static Summary run(RunContext run) {
    run.progress().prefix("[run " + run.runDate() + "] ");
    run.progress().info("registering tables");
    run.warehouse().registerAll();
    run.progress().info("ingesting");
    AuditLog audit = new AuditLog(run);
    String stage = "ingest";
    long started = System.currentTimeMillis();
    try {
      List<FileIngestor.Result> results = new ArrayList<>();
      FileIngestor ingestor = new FileIngestor(run, audit);
      for (LandingSource source : SOURCES) {
        results.add(source instanceof LineLandingSource lines ? ingestor.ingestLines(lines) : ingestor.ingest(source));
      }
      audit.flush();

      stage = BillingSilverStage.STAGE;
      started = System.currentTimeMillis();
      Map<String, Long> built = new LinkedHashMap<>();
      for (Map.Entry<String, java.util.function.ToLongFunction<RunContext>> area : SILVER.entrySet()) {
        built.put(area.getKey(), area.getValue().applyAsLong(run));
      }
      // The rows only once every area succeeded: a run is complete for silver only when all of it is.
      for (Map.Entry<String, Long> area : built.entrySet()) {
        audit.stage(stage, area.getKey(), area.getValue(), started, AuditLog.SUCCEEDED, null);
      }
      audit.flush();
      long segments = built.get("billing");

      stage = RevenueGoldStage.STAGE;
      started = System.currentTimeMillis();
      List<YearMonth> months = new RevenueGoldStage(run).build();
      audit.stage(stage, "revenue", months.size(), started, AuditLog.SUCCEEDED,
          months.isEmpty() ? null : "months " + months.get(0) + ".." + months.get(months.size() - 1));
      audit.flush();
      started = System.currentTimeMillis();
      long correlations = new CorrelationGoldStage(run).build();
      audit.stage(stage, "correlation", correlations, started, AuditLog.SUCCEEDED, null);
      audit.flush();
      started = System.currentTimeMillis();
      audit.stage(stage, "funnel", new FunnelGoldStage(run).build(), started, AuditLog.SUCCEEDED, null);
      audit.flush();

      List<String> rejected = new ArrayList<>();
      results.forEach(r -> rejected.addAll(r.rejectedFiles()));
      if (!rejected.isEmpty()) {
        String msg = rejected.size() == 1 ? rejected.get(0)
            : rejected.size() + " files rejected, e.g. " + rejected.get(0);
        audit.stage("run", null, 0, started, AuditLog.FAILED, msg);
        throw new RunFailed(msg, null);
      }
      Summary summary = new Summary(run.runId(), results, segments, months);
      run.progress().info("done: %,d records loaded, %,d quarantined, %d gold month(s) rebuilt",
          summary.recordsLoaded(), summary.recordsQuarantined(), months.size());
      return summary;
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
