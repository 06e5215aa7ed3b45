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
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upkeep compacts, vacuums what no retained version needs and checkpoints, without changing a row. */
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
    String check = "spark.databricks.delta.retentionDurationCheck.enabled";
    session().conf().set(check, "false");
    try {
      assertEquals(List.of("silver.stg_example: 1 -> 1 data file(s), 4 old file(s) deleted (vacuum, checkpoint)"),
          Maintenance.maintainRetainingHours(run(), 0).stream().map(String::valueOf).toList());
    } finally {
      session().conf().unset(check);
    }
    assertEquals(before, rows(table));
    assertEquals(1, parquetFiles(table));
  }

  @Test
  void goldKeepsThirteenMonthsOfVersionsForReportsReRenderedAsOfTheirManifest() throws Exception {
    Path table = root.resolve("warehouse/gold/example_monthly");
    for (int i = 0; i < 2; i++) {
      session().range(i * 10, i * 10 + 10).coalesce(1).write().format("delta").mode("append").save(table.toString());
    }
    String check = "spark.databricks.delta.retentionDurationCheck.enabled";
    session().conf().set(check, "false");
    try {
      assertEquals(List.of("gold.example_monthly: 2 -> 1 data file(s), 0 old file(s) deleted (compact, checkpoint)"),
          Maintenance.maintainRetainingHours(run(), 0).stream().map(String::valueOf).toList());
    } finally {
      session().conf().unset(check);
    }
    assertEquals(3, parquetFiles(table), "the files of the versions a report may have read stay");
    assertEquals(List.of("delta.deletedFileRetentionDuration | interval 400 days",
        "delta.logRetentionDuration | interval 400 days"), Tables.lines(session().sql("SHOW TBLPROPERTIES delta.`"
        + table + "`").where("key like 'delta.%Retention%'").orderBy("key")));
    assertEquals(List.of("0 | 10"), Tables.lines(session().sql("select min(id), count(*) from delta.`" + table
        + "` VERSION AS OF 0")));
  }

  @Test
  void aRetentionUnderAWeekIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Maintenance.maintain(run(), 3));
    assertEquals("--retain-days 3 is under 7: a query or a time-travel read of a version that recent could lose "
        + "its files", e.getMessage());
  }
}
