package io.osswarehouse.pipeline;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The run audit, {@code meta.run_audit}: one row per run, stage and input file. It is an append-only
 * log (a second run of the same date adds rows), unlike every data table.
 */
public final class AuditLog {
  public static final String TABLE = Catalog.RUN_AUDIT.name();

  public static final StructType SCHEMA = new StructType()
      .add("run_id", StringType, false)
      .add("run_date", DateType, false)
      .add("stage", StringType, false)
      .add("source", StringType, true)
      .add("file", StringType, true)
      .add("file_sha256", StringType, true)
      .add("file_size", LongType, true)
      .add("file_modified_at", TimestampType, true)
      .add("records_read", LongType, true)
      .add("records_loaded", LongType, true)
      .add("records_quarantined", LongType, true)
      .add("records_filtered", LongType, true)
      .add("started_at", TimestampType, false)
      .add("duration_ms", LongType, false)
      .add("outcome", StringType, false)
      .add("message", StringType, true);

  /** Outcomes. */
  public static final String LOADED = "loaded";
  public static final String DUPLICATE = "duplicate";
  public static final String REJECTED = "rejected";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  private final RunContext run;
  private final List<Row> rows = new ArrayList<>();

  public AuditLog(RunContext run) {
    this.run = run;
  }

  /** The identity of a landed file as the audit remembers it. */
  public record FileRef(String path, String sha256, long size, Timestamp modifiedAt) {}

  public void file(String source, FileRef file, long read, long loaded, long quarantined, long startedMillis,
      String outcome, String message) {
    file(source, file, read, loaded, quarantined, 0, startedMillis, outcome, message);
  }

  /** A file's row: read = loaded + quarantined + filtered (records of sources not tracked by configuration). */
  public void file(String source, FileRef file, long read, long loaded, long quarantined, long filtered,
      long startedMillis, String outcome, String message) {
    add("ingest", source, file, read, loaded, quarantined, filtered, startedMillis, outcome, message);
  }

  public void stage(String stage, String source, long rows, long startedMillis, String outcome, String message) {
    add(stage, source, null, null, rows, null, null, startedMillis, outcome, message);
  }

  private void add(String stage, String source, FileRef f, Long read, Long loaded, Long quarantined, Long filtered,
      long startedMillis, String outcome, String message) {
    rows.add(RowFactory.create(run.runId(), Date.valueOf(run.runDate()), stage, source,
        f == null ? null : f.path(), f == null ? null : f.sha256(), f == null ? null : f.size(),
        f == null ? null : f.modifiedAt(), read, loaded, quarantined, filtered, new Timestamp(startedMillis),
        System.currentTimeMillis() - startedMillis, outcome, message));
  }

  /** Writes the collected rows; called once at the end of a run, whether it succeeded or not. */
  public void flush() {
    if (rows.isEmpty()) {
      return;
    }
    // Parallel ingest tasks of one run append at once: blind appends, repeated if a commit clashes.
    List<Row> batch = new ArrayList<>(rows);
    SharedTables.retryOnConflict(TABLE,
        () -> run.warehouse().append(TABLE, run.warehouse().spark().createDataFrame(batch, SCHEMA)));
    rows.clear();
  }
}
