package io.osswarehouse.orchestrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upkeep compacts, vacuums what no retained version needs and checkpoints, without changing a row, and skips each
 * step that would do nothing.
 */
class MaintenanceTest extends SparkTestBase {
  @TempDir
  Path root;

  private RunContext run() {
    WarehouseConfig cfg = new WarehouseConfig(root.resolve("warehouse"), root.resolve("landing"), "USD", 0.05, null, 2);
    return RunContext.start(cfg, new Warehouse(session(), cfg.warehouseDir()), LocalDate.of(2025, 1, 31),
        Progress.silent());
  }

  private List<String> rows(Path table) {
    return Tables.lines(session().read().format("delta").load(table.toString()).orderBy("id"));
  }

  private static long parquetFiles(Path table) throws Exception {
    try (Stream<Path> files = Files.list(table)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  /** Data files in a partitioned table's folders. */
  private static long parquetFilesInPartitions(Path table) throws Exception {
    try (Stream<Path> files = Files.walk(table)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet") && !f.toString().contains("_delta_log"))
          .count();
    }
  }

  /** One append of ten rows per month, a file per month (a folder name escapes ':', the log escapes it again). */
  private void appendMonths(Path table, long from, String... months) {
    for (String month : months) {
      session().range(from, from + 10).selectExpr("id", "'" + month + "' as month").coalesce(1)
          .write().format("delta").mode("append").partitionBy("month").save(table.toString());
      from += 10;
    }
  }

  private long version(Path table) {
    return DeltaLog.forTable(session(), table.toString()).update(false, scala.Option.empty(), scala.Option.empty())
        .version();
  }

  /** Upkeep with a retention of 0 hours, which Delta refuses unless its check is off (tests only). */
  private List<String> maintainKeepingNoOldVersion() {
    String check = "spark.databricks.delta.retentionDurationCheck.enabled";
    session().conf().set(check, "false");
    try {
      return Maintenance.maintainRetainingHours(run(), 0).stream().map(String::valueOf).toList();
    } finally {
      session().conf().unset(check);
    }
  }

  @Test
  void smallFilesAreCompactedFilesNoRetainedVersionNeedsAreDeletedAndTheRowsStay() throws Exception {
    Path table = root.resolve("warehouse/silver/stg_example");
    for (int i = 0; i < 4; i++) { // four nightly appends, a small file each
      session().range(i * 10, i * 10 + 10).coalesce(1).write().format("delta").mode("append").save(table.toString());
    }
    List<String> before = rows(table);

    // A week's retention: compacted into one file; the four it replaced stay for readers of older versions.
    assertEquals(List.of("silver.stg_example: 4 -> 1 data file(s), 0 old file(s) deleted (compact, checkpoint)"),
        Maintenance.maintain(run(), 7).stream().map(String::valueOf).toList());
    assertEquals(before, rows(table));
    assertEquals(5, parquetFiles(table));
    Assertions.assertTrue(Files.exists(table.resolve("_delta_log/_last_checkpoint")), "no checkpoint written");

    // Once no retained version needs them (a retention of 0 hours, for the test only), they are deleted. The
    // vacuum logs its start and end as commits, which the checkpoint then covers.
    assertEquals(List.of("silver.stg_example: 1 -> 1 data file(s), 4 old file(s) deleted (vacuum, checkpoint)"),
        maintainKeepingNoOldVersion());
    assertEquals(before, rows(table));
    assertEquals(1, parquetFiles(table));
  }

  @Test
  void goldKeepsThirteenMonthsOfVersionsForReportsReRenderedAsOfTheirManifest() throws Exception {
    Path table = root.resolve("warehouse/gold/example_monthly");
    for (int i = 0; i < 2; i++) {
      session().range(i * 10, i * 10 + 10).coalesce(1).write().format("delta").mode("append").save(table.toString());
    }
    assertEquals(List.of("gold.example_monthly: 2 -> 1 data file(s), 0 old file(s) deleted (compact, checkpoint)"),
        maintainKeepingNoOldVersion());
    assertEquals(3, parquetFiles(table), "the files of the versions a report may have read stay");
    assertEquals(List.of("delta.deletedFileRetentionDuration | interval 400 days",
        "delta.logRetentionDuration | interval 400 days"), Tables.lines(session().sql("SHOW TBLPROPERTIES delta.`"
        + table + "`").where("key like 'delta.%Retention%'").orderBy("key")));
    assertEquals(List.of("0 | 10"), Tables.lines(session().sql("select min(id), count(*) from delta.`" + table
        + "` VERSION AS OF 0")));
  }

  @Test
  void aPartitionWithTwoSmallFilesIsCompactedAndTheFilesItReplacedAreVacuumed() throws Exception {
    Path twice = root.resolve("warehouse/silver/stg_twice");
    appendMonths(twice, 0, "2025-01", "a b:c");
    appendMonths(twice, 100, "2025-01"); // 2025-01 now has two small files, "a b:c" one
    Path once = root.resolve("warehouse/silver/stg_once");
    appendMonths(once, 0, "2025-01", "a b:c"); // one file a partition: nothing to compact
    List<String> twiceRows = rows(twice);
    List<String> onceRows = rows(once);

    assertEquals(List.of("silver.stg_once: 2 -> 2 data file(s), 0 old file(s) deleted (checkpoint)",
        "silver.stg_twice: 3 -> 2 data file(s), 2 old file(s) deleted (compact, vacuum, checkpoint)"),
        maintainKeepingNoOldVersion());
    assertEquals(twiceRows, rows(twice));
    assertEquals(onceRows, rows(once));
    assertEquals(2, parquetFilesInPartitions(twice));
    assertEquals(2, parquetFilesInPartitions(once));
  }

  @Test
  void filesWrittenLongAgoButReplacedJustNowNeedNoVacuum() throws Exception {
    Path table = root.resolve("warehouse/silver/stg_example");
    for (int i = 0; i < 2; i++) {
      session().range(i * 10, i * 10 + 10).coalesce(1).write().format("delta").mode("append").save(table.toString());
    }
    try (Stream<Path> files = Files.list(table)) { // as if appended a month ago
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList()) {
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(30, ChronoUnit.DAYS)));
      }
    }

    // Older than the week kept, but replaced by this compaction: the versions of the last week still read them.
    assertEquals(List.of("silver.stg_example: 2 -> 1 data file(s), 0 old file(s) deleted (compact, checkpoint)"),
        Maintenance.maintain(run(), 7).stream().map(String::valueOf).toList());
    assertEquals(3, parquetFiles(table));
  }

  @Test
  void aSecondUpkeepRightAfterTheFirstHasNothingToDo() throws Exception {
    Path silver = root.resolve("warehouse/silver/stg_example");
    for (int i = 0; i < 4; i++) {
      session().range(i * 10, i * 10 + 10).coalesce(1).write().format("delta").mode("append").save(silver.toString());
    }
    Path monthly = root.resolve("warehouse/silver/stg_monthly");
    appendMonths(monthly, 0, "2025-01", "a b:c");
    appendMonths(monthly, 100, "2025-01");
    Path gold = root.resolve("warehouse/gold/example_monthly");
    for (int i = 0; i < 2; i++) {
      session().range(i * 10, i * 10 + 10).coalesce(1).write().format("delta").mode("append").save(gold.toString());
    }
    List<Path> tables = List.of(silver, monthly, gold);
    maintainKeepingNoOldVersion();
    List<Long> versions = tables.stream().map(this::version).toList();

    // Compacted, vacuumed (every file old under a retention of 0 hours, so each must be matched to the log,
    // partition folders with escaped names included) and checkpointed already: no step has work, none writes.
    assertEquals(List.of("silver.stg_example: 1 -> 1 data file(s), 0 old file(s) deleted (nothing to do)",
        "silver.stg_monthly: 2 -> 2 data file(s), 0 old file(s) deleted (nothing to do)",
        "gold.example_monthly: 1 -> 1 data file(s), 0 old file(s) deleted (nothing to do)"),
        maintainKeepingNoOldVersion());
    assertEquals(versions, tables.stream().map(this::version).toList(), "a table got a new version");
  }

  @Test
  void aRetentionUnderAWeekIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Maintenance.maintain(run(), 3));
    assertEquals("--retain-days 3 is under 7: a query or a time-travel read of a version that recent could lose "
        + "its files", e.getMessage());
  }
}
