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
    Progress progress) {

  public static RunContext start(WarehouseConfig config, Warehouse warehouse, LocalDate runDate, Progress progress) {
    Instant ingestedAt = Instant.now(); // lineage only: the audit's ingested_at and the run id
    // e.g. 2025-12-31_20260101T020304Z: the logical date, then when it ran (two runs of a date differ).
    String runId = runDate + "_" + ingestedAt.toString().replaceAll("[^0-9T]", "").substring(0, 15) + "Z";
    return new RunContext(config, warehouse, runDate, runId, Timestamp.from(ingestedAt), progress);
  }
}
