package io.osswarehouse.orchestrate;

import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.gold.revenue.RevenueChecks;
import io.osswarehouse.ingest.LandingSource;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The data-quality gates that end a nightly run ({@code warehouse check}): each is a pure function of
 * the audit or a gold table, and returns a verdict with a message a person can act on.
 */
public final class QualityGates {
  /** Default limit on the age of a source's newest file, in days: monthly exports must not trip it. */
  public static final int DEFAULT_MAX_AGE_DAYS = 35;

  /** One gate's verdict. */
  public record Gate(String name, boolean passed, String message) {
    @Override
    public String toString() {
      return (passed ? "ok     " : "FAILED ") + name + ": " + message;
    }
  }

  private QualityGates() {}

  /** No file of the run was rejected whole (the run's other files are loaded; this one is not). */
  public static Gate rejectedFiles(Dataset<Row> runAudit) {
    List<String> rejected = runAudit.where("stage = 'ingest' AND outcome = '" + AuditLog.REJECTED + "'")
        .orderBy("started_at", "file").select("message").collectAsList().stream().map(r -> r.getString(0)).toList();
    if (rejected.isEmpty()) {
      return new Gate("rejected_files", true, "no file rejected");
    }
    return new Gate("rejected_files", false, rejected.size() == 1 ? rejected.get(0)
        : rejected.size() + " files rejected, e.g. " + rejected.get(0));
  }

  /** Every loaded file accounts for all its records: read = loaded + quarantined + filtered. */
  public static Gate auditBalance(Dataset<Row> runAudit) {
    Dataset<Row> loaded = runAudit.where("stage = 'ingest' AND outcome = '" + AuditLog.LOADED + "'");
    List<Row> off = loaded.where("records_read <> records_loaded + records_quarantined + coalesce(records_filtered, 0)")
        .orderBy("file").select("file", "records_read", "records_loaded", "records_quarantined", "records_filtered")
        .limit(3).collectAsList();
    if (off.isEmpty()) {
      return new Gate("audit_balance", true, "records read = loaded + quarantined + filtered for all "
          + loaded.count() + " file(s) loaded");
    }
    Row r = off.get(0);
    return new Gate("audit_balance", false, String.format("%s: %d records read but %d loaded + %d quarantined + %d "
        + "filtered (%d file(s) out of balance)", r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3),
        r.isNullAt(4) ? 0 : r.getLong(4), off.size()));
  }

  /** The MRR bridge identity and continuity over every month of {@code gold.mrr_bridge_monthly}. */
  public static Gate mrrBridge(Dataset<Row> bridge) {
    if (bridge == null) {
      return new Gate("mrr_bridge", true, "no gold.mrr_bridge_monthly yet (no billing data): nothing to check");
    }
    try {
      RevenueChecks.bridgeIdentity(bridge);
      return new Gate("mrr_bridge", true, "identity and continuity hold in all " + bridge.count() + " month(s)");
    } catch (RevenueChecks.CheckFailed e) {
      return new Gate("mrr_bridge", false, e.getMessage());
    }
  }

  /**
   * Freshness: for every source that has ever loaded a file, the newest file was loaded by a run
   * dated at most its limit in days before the run date (run dates, never the clock, so a re-check of
   * an old date gives the same answer). Sources never loaded are not expected and not reported.
   */
  public static Gate freshness(Dataset<Row> audit, LocalDate runDate, List<LandingSource> sources,
      Map<String, Integer> maxAgeDays, int defaultMaxAgeDays) {
    Map<String, LocalDate> newest = audit.where("stage = 'ingest' AND outcome = '" + AuditLog.LOADED + "'"
        + " AND run_date <= DATE'" + runDate + "'")
        .groupBy("source").agg(org.apache.spark.sql.functions.max("run_date")).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDate(1).toLocalDate()));
    List<String> stale = new ArrayList<>();
    List<String> ages = new ArrayList<>();
    for (LandingSource source : sources) {
      LocalDate last = newest.get(source.name());
      if (last == null) {
        continue;
      }
      long age = ChronoUnit.DAYS.between(last, runDate);
      int limit = maxAgeDays.getOrDefault(source.name(), defaultMaxAgeDays);
      ages.add(source.name() + " " + age + "d");
      if (age > limit) {
        stale.add(String.format("%s: newest file loaded by the run of %s, %d days before %s (limit %d); check "
            + "its export into %s/", source.name(), last, age, runDate, limit, source.directory()));
      }
    }
    if (!stale.isEmpty()) {
      return new Gate("freshness", false, String.join("; ", stale));
    }
    return new Gate("freshness", true, ages.isEmpty() ? "no source loaded yet"
        : "every source within its limit (" + String.join(", ", ages) + ")");
  }

  /** The message of a failed check: the failed gates' messages. */
  public static String failure(List<Gate> gates) {
    return gates.stream().filter(g -> !g.passed()).map(Gate::message).collect(Collectors.joining("; "));
  }
}
