package io.osswarehouse.orchestrate;

import io.delta.tables.DeltaTable;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.pipeline.WriterLock;
import io.osswarehouse.spark.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.LastCheckpointInfo;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.RemoveFile;
import org.apache.spark.sql.delta.sources.DeltaSQLConf;
import org.apache.spark.sql.delta.util.DeltaFileOperations;

/**
 * Table upkeep (docs/operations.md): every table of every layer is compacted (small files of appends and
 * partial rewrites bin-packed), vacuumed (files no version within the retention references deleted) and
 * checkpointed (which also lets Delta delete log entries older than the table's log retention). Gold and
 * meta, which board reports read, keep {@link #REPORT_RETAIN_DAYS} days of versions. Each step runs only when
 * the table's log and one listing of its folder show it has work. It writes, so it holds the writer lock: a
 * nightly run waits for it, or it for the run.
 */
public final class Maintenance {
  /** The shortest retention: a reader planned on a version up to this old still finds its files. */
  public static final int MIN_RETAIN_DAYS = 7;
  /**
   * Gold and the run audit are what board reports read: their versions stay readable this long (13 months
   * and a margin), files and log alike, so `report --as-of` re-renders any report of the last year.
   */
  public static final int REPORT_RETAIN_DAYS = 400;
  static final List<String> REPORTED_LAYERS = List.of("gold", "meta");
  /** The steps of upkeep, as {@link Result#steps} names them. */
  public static final String COMPACT = "compact";
  public static final String VACUUM = "vacuum";
  public static final String CHECKPOINT = "checkpoint";
  private static final String KEEP = "interval " + REPORT_RETAIN_DAYS + " days";
  private static final List<String> KEEP_PROPERTIES = List.of("delta.logRetentionDuration",
      "delta.deletedFileRetentionDuration");

  private Maintenance() {}

  /**
   * What upkeep did to one table: its data files before and after, the files the vacuum deleted, and the steps
   * that ran ({@link #COMPACT}, {@link #VACUUM}, {@link #CHECKPOINT}; none when the table needed none).
   */
  public record Result(String table, long filesBefore, long filesAfter, long filesDeleted, List<String> steps) {
    public Result {
      steps = List.copyOf(steps);
    }

    @Override
    public String toString() {
      return table + ": " + filesBefore + " -> " + filesAfter + " data file(s), " + filesDeleted
          + " old file(s) deleted (" + (steps.isEmpty() ? "nothing to do" : String.join(", ", steps)) + ")";
    }
  }

  /** Upkeep of every table, keeping what versions of the last {@code retainDays} days need. */
  public static List<Result> maintain(RunContext run, int retainDays) {
    return maintainRetainingHours(run, retainHours(retainDays));
  }

  /** A retention in days as the hours a vacuum keeps; fails under {@link #MIN_RETAIN_DAYS}. */
  public static double retainHours(int retainDays) {
    if (retainDays < MIN_RETAIN_DAYS) {
      throw new IllegalArgumentException("--retain-days " + retainDays + " is under " + MIN_RETAIN_DAYS
          + ": a query or a time-travel read of a version that recent could lose its files");
    }
    return retainDays * 24.0;
  }

  /** {@link #maintain} with the retention in hours, unchecked: tests vacuum with 0. */
  static List<Result> maintainRetainingHours(RunContext run, double retainHours) {
    Warehouse wh = run.warehouse();
    SparkSession spark = wh.spark();
    List<Result> results = new ArrayList<>();
    try (WriterLock lock = WriterLock.acquire(run, "maintain", null)) {
      for (String layer : Warehouse.LAYERS) {
        for (String name : wh.tablesOnDisk(layer)) {
          String table = layer + "." + name;
          String path = wh.path(table).toString();
          boolean reported = REPORTED_LAYERS.contains(layer);
          if (reported) {
            keepReportVersions(spark, path);
          }
          Result r = maintainTable(spark, table, path, reported ? Math.max(retainHours, REPORT_RETAIN_DAYS * 24.0)
              : retainHours);
          run.progress().info("%s", r);
          results.add(r);
        }
      }
    }
    return results;
  }

  /**
   * Compacts, vacuums and checkpoints one table, each step only when it has work: on a warehouse of small tables
   * most steps are no-ops, and running them anyway cost about 15 s a table.
   */
  private static Result maintainTable(SparkSession spark, String table, String path, double retainHours) {
    DeltaLog log = DeltaLog.forTable(spark, path);
    Snapshot snapshot = latest(log);
    List<String> steps = new ArrayList<>();
    List<AddFile> referenced = snapshot.allFiles().collectAsList();
    long before = referenced.size();
    if (hasSmallFilesToCompact(spark, referenced)) {
      DeltaTable.forPath(spark, path).optimize().executeCompaction();
      snapshot = latest(log);
      referenced = snapshot.allFiles().collectAsList();
      steps.add(COMPACT);
    }
    long deleted = 0;
    List<FileStatus> onDisk = filesOnDisk(spark, path);
    if (hasFilesToVacuum(log, snapshot, referenced, onDisk, retainHours)) {
      DeltaTable.forPath(spark, path).vacuum(retainHours);
      deleted = onDisk.size() - filesOnDisk(spark, path).size();
      snapshot = latest(log); // a vacuum may log its start and end as commits
      steps.add(VACUUM);
    }
    if (needsCheckpoint(log, snapshot)) {
      log.checkpoint(snapshot, scala.Option.empty());
      steps.add(CHECKPOINT);
    }
    return new Result(table, before, referenced.size(), deleted, steps); // a vacuum changes no referenced file
  }

  private static Snapshot latest(DeltaLog log) {
    return log.update(false, scala.Option.empty(), scala.Option.empty());
  }

  /**
   * Whether an optimize would rewrite anything: it bin-packs, partition by partition, the files under its minimum
   * size, and leaves a partition alone that has only one of them (the warehouse writes no deletion vectors, which
   * would be its other reason to rewrite a file). At worst this runs an optimize that finds two small files too
   * big to share a bin; it never skips one that has work.
   */
  private static boolean hasSmallFilesToCompact(SparkSession spark, List<AddFile> referenced) {
    long minFileSize = (Long) spark.sessionState().conf().getConf(DeltaSQLConf.DELTA_OPTIMIZE_MIN_FILE_SIZE());
    Map<scala.collection.immutable.Map<String, String>, Long> smallFiles = referenced.stream()
        .filter(f -> f.size() < minFileSize)
        .collect(Collectors.groupingBy(AddFile::partitionValues, Collectors.counting()));
    return smallFiles.values().stream().anyMatch(n -> n >= 2);
  }

  /**
   * Whether a vacuum with this retention would delete a file: one on disk that the current version does not
   * reference, last modified before the retention, and not replaced within it (a replaced file stays for the
   * readers of the versions that still reference it, as Delta's vacuum decides from the file's tombstone). Delta's
   * vacuum still makes the deletion and its own checks; this only saves running it for nothing.
   */
  private static boolean hasFilesToVacuum(DeltaLog log, Snapshot snapshot, List<AddFile> referenced,
      List<FileStatus> onDisk, double retainHours) {
    // Delta's vacuum rounds the retention to whole hours.
    long cutoff = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(Math.round(retainHours));
    Set<String> kept = new HashSet<>();
    referenced.forEach(f -> kept.add(filePath(log, f.path())));
    List<String> old = onDisk.stream().filter(f -> f.getModificationTime() < cutoff)
        .map(f -> f.getPath().toUri().getPath()).filter(f -> !kept.contains(f)).toList();
    if (old.isEmpty()) {
      return false;
    }
    for (RemoveFile replaced : snapshot.tombstones().collectAsList()) {
      if (replaced.delTimestamp() >= cutoff) {
        kept.add(filePath(log, replaced.path()));
      }
    }
    return old.stream().anyMatch(f -> !kept.contains(f));
  }

  /**
   * The file system path of a file the log names: log paths are relative to the table and URL-encoded (a
   * partition value with a space or a colon is escaped once in the folder name and once more in the log).
   */
  private static String filePath(DeltaLog log, String logPath) {
    return DeltaFileOperations.absolutePath(log.dataPath().toString(), logPath).toUri().getPath();
  }

  /**
   * Whether the current version lacks a checkpoint. A table not written since its last checkpoint keeps the log
   * entries that expired since, until its next write is checkpointed: a few files, not a growing log.
   */
  private static boolean needsCheckpoint(DeltaLog log, Snapshot snapshot) {
    scala.Option<LastCheckpointInfo> last = log.readLastCheckpointFile();
    return last.isEmpty() || last.get().version() < snapshot.version();
  }

  /**
   * Keeps the log entries and the replaced files of a reported table for {@link #REPORT_RETAIN_DAYS}: Delta's
   * own defaults (30 days of log, a week of files) would let a month-old report's versions go.
   */
  private static void keepReportVersions(SparkSession spark, String path) {
    scala.collection.immutable.Map<String, String> conf = latest(DeltaLog.forTable(spark, path)).metadata()
        .configuration();
    if (KEEP_PROPERTIES.stream().allMatch(k -> KEEP.equals(conf.getOrElse(k, () -> null)))) {
      return;
    }
    spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES (" + String.join(", ",
        KEEP_PROPERTIES.stream().map(k -> "'" + k + "' = '" + KEEP + "'").toList()) + ")");
  }

  /** Data files in the table's folder, referenced or not (the log aside). */
  private static List<FileStatus> filesOnDisk(SparkSession spark, String path) {
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      List<FileStatus> files = new ArrayList<>();
      while (it.hasNext()) {
        FileStatus file = it.next();
        if (file.getPath().getName().endsWith(".parquet") && !file.getPath().toUri().getPath().contains("/_delta_log/")) {
          files.add(file);
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
    }
  }
}
