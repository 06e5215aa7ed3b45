package io.osswarehouse.pipeline;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.spark.Warehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One nightly run: the logical run date passed by the caller (never read from the clock), a run id
 * and the ingestion timestamp. Wall-clock time is used only for audit lineage (ingested-at,
 * durations), never for which data a run reads or which periods it computes.
 */
public record RunContext(
    WarehouseConfig config, Warehouse warehouse, LocalDate runDate, String runId, Timestamp ingestedAt,
    Progress progress, String step, boolean fullRefresh) {

  /** A run, not yet inside one of its steps. */
  public RunContext(WarehouseConfig config, Warehouse warehouse, LocalDate runDate, String runId, Timestamp ingestedAt,
      Progress progress) {
    this(config, warehouse, runDate, runId, ingestedAt, progress, null, false);
  }

  /**
   * The same run inside one step of the graph: its own warehouse handle (a session of its own, limited to
   * the step's declared tables) and, with {@code fullRefresh}, every input row counted as new.
   */
  public RunContext forStep(String stepName, Warehouse stepWarehouse, Progress stepProgress, boolean refresh) {
    return new RunContext(config, stepWarehouse, runDate, runId, ingestedAt, stepProgress, stepName, refresh);
  }

  public static RunContext start(WarehouseConfig config, Warehouse warehouse, LocalDate runDate, Progress progress) {
    return start(config, warehouse, runDate, null, progress);
  }

  /**
   * A run whose stages may be separate processes (e.g. Airflow tasks): they pass the same run id, so
   * the stages of one run find each other's rows in the audit. Null: a new id.
   */
  public static RunContext start(WarehouseConfig config, Warehouse warehouse, LocalDate runDate, String runId,
      Progress progress) {
    Instant ingestedAt = Instant.now(); // lineage only: the audit's ingested_at and the run id
    if (runId == null) {
      // e.g. 2025-12-31_20260101T020304Z: the logical date, then when it ran (two runs of a date differ).
      runId = newRunId(runDate, ingestedAt);
    } else if (!VALID_RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException("run id '" + runId + "' must be 1 to 100 letters, digits or _ . : + -");
    }
    return new RunContext(config, warehouse, runDate, runId, Timestamp.from(ingestedAt), progress);
  }

  /** Run ids end up in SQL predicates of the audit, so they are restricted to harmless characters. */
  private static final java.util.regex.Pattern VALID_RUN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_.:+-]{1,100}");

  public static String newRunId(LocalDate runDate, Instant at) {
    return runDate + "_" + at.toString().replaceAll("[^0-9T]", "").substring(0, 15) + "Z";
  }
}
