package io.osswarehouse.orchestrate;

import io.delta.tables.DeltaTable;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.pipeline.WriterLock;
import io.osswarehouse.spark.Warehouse;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

/**
 * Table upkeep (docs/operations.md): every table of every layer is compacted (small files of appends and
 * partial rewrites bin-packed), vacuumed (files no version within the retention references deleted) and
 * checkpointed (which also lets Delta delete log entries older than the table's log retention). Gold and
 * meta, which board reports read, keep {@link #REPORT_RETAIN_DAYS} days of versions. It writes, so it holds
 * the writer lock: a nightly run waits for it, or it for the run.
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
  private static final String KEEP = "interval " + REPORT_RETAIN_DAYS + " days";
  private static final List<String> KEEP_PROPERTIES = List.of("delta.logRetentionDuration",
      "delta.deletedFileRetentionDuration");

  private Maintenance() {}

  /** What upkeep did to one table: its data files before and after, and the files the vacuum deleted. */
  public record Result(String table, long filesBefore, long filesAfter, long filesDeleted) {
    @Override
    public String toString() {
      return table + ": " + filesBefore + " -> " + filesAfter + " data file(s), " + filesDeleted + " old file(s) deleted";
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
          long before = files(spark, path);
          DeltaTable delta = DeltaTable.forPath(spark, path);
          boolean reported = REPORTED_LAYERS.contains(layer);
          if (reported) {
            keepReportVersions(spark, path);
          }
          delta.optimize().executeCompaction();
          long onDisk = filesOnDisk(spark, path);
          delta.vacuum(reported ? Math.max(retainHours, REPORT_RETAIN_DAYS * 24.0) : retainHours);
          long deleted = onDisk - filesOnDisk(spark, path);
          DeltaLog.forTable(spark, path).checkpoint();
          Result r = new Result(table, before, files(spark, path), deleted);
          run.progress().info("%s", r);
          results.add(r);
        }
      }
    }
    return results;
  }

  /**
   * Keeps the log entries and the replaced files of a reported table for {@link #REPORT_RETAIN_DAYS}: Delta's
   * own defaults (30 days of log, a week of files) would let a month-old report's versions go.
   */
  private static void keepReportVersions(SparkSession spark, String path) {
    scala.collection.immutable.Map<String, String> conf = DeltaLog.forTable(spark, path).update(false,
        scala.Option.empty(), scala.Option.empty()).metadata().configuration();
    if (KEEP_PROPERTIES.stream().allMatch(k -> KEEP.equals(conf.getOrElse(k, () -> null)))) {
      return;
    }
    spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES (" + String.join(", ",
        KEEP_PROPERTIES.stream().map(k -> "'" + k + "' = '" + KEEP + "'").toList()) + ")");
  }

  private static long files(SparkSession spark, String path) {
    return spark.sql("DESCRIBE DETAIL delta.`" + path + "`").first().getAs("numFiles");
  }

  /** Data files in the table's folder, referenced or not (the log aside). */
  private static long filesOnDisk(SparkSession spark, String path) {
    try {
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(path);
      org.apache.hadoop.fs.FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
      org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it = fs.listFiles(root, true);
      long n = 0;
      while (it.hasNext()) {
        org.apache.hadoop.fs.Path file = it.next().getPath();
        if (file.getName().endsWith(".parquet") && !file.toUri().getPath().contains("/_delta_log/")) {
          n++;
        }
      }
      return n;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
    }
  }
}
