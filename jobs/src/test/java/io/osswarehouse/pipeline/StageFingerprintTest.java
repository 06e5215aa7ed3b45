package io.osswarehouse.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.spark.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step is skipped only when its inputs, outputs, run date (if it matters), config and code are as it left them. */
class StageFingerprintTest {
  @TempDir
  Path root;

  private RunContext run(LocalDate date, String currency) {
    WarehouseConfig config = new WarehouseConfig(root, root.resolve("landing"), currency, 0.05, null, 1);
    return new RunContext(config, new Warehouse(null, root), date, "r", new Timestamp(0), Progress.silent());
  }

  /** A Delta commit, as far as the fingerprint looks: the next NNNNNNNNNNNNNNNNNNNN.json in the log. */
  private void commit(String table) throws IOException {
    Path log = root.resolve(table.replace('.', '/')).resolve("_delta_log");
    Files.createDirectories(log);
    long next = StageFingerprint.version(log.getParent()) + 1;
    Files.writeString(log.resolve(String.format("%020d.json", next)), "{}");
  }

  private StageFingerprint gold(LocalDate date, String currency) {
    return StageFingerprint.take(run(date, currency), "gold", "run_date=" + date, List.of("silver.a", "silver.b"),
        List.of("gold.x"));
  }

  @Test
  void versionIsTheNewestCommitAndMinusOneForNoTable() throws IOException {
    assertEquals(-1, StageFingerprint.version(root.resolve("silver/a")));
    commit("silver.a");
    commit("silver.a");
    Files.writeString(root.resolve("silver/a/_delta_log/00000000000000000001.checkpoint.parquet"), "");
    assertEquals(1, StageFingerprint.version(root.resolve("silver/a")));
  }

  @Test
  void unchangedInputsAndOutputsSkipAndAnyChangeRebuilds() throws IOException {
    LocalDate day = LocalDate.of(2025, 9, 30);
    commit("silver.a");
    assertFalse(gold(day, "USD").upToDate(), "never built");

    StageFingerprint built = gold(day, "USD");
    commit("gold.x"); // the stage writes its output
    built.record();
    assertTrue(gold(day, "USD").upToDate(), "same inputs, outputs, date, config and code");

    assertFalse(gold(day.plusDays(1), "USD").upToDate(), "another run date");
    assertFalse(gold(day, "EUR").upToDate(), "another configuration");

    commit("silver.b"); // an input table that did not exist yet
    assertFalse(gold(day, "USD").upToDate());
    StageFingerprint again = gold(day, "USD");
    commit("gold.x");
    again.record();
    assertTrue(gold(day, "USD").upToDate());

    commit("gold.x"); // someone else wrote the output since
    assertFalse(gold(day, "USD").upToDate());
  }

  @Test
  void inputsChangedWhileTheStepRanAreNotTakenAsBuilt() throws IOException {
    LocalDate day = LocalDate.of(2025, 9, 30);
    commit("silver.a");
    StageFingerprint built = gold(day, "USD"); // inputs read at version 0
    commit("silver.a"); // another process commits while the stage runs
    commit("gold.x");
    built.record();
    assertFalse(gold(day, "USD").upToDate(), "the next run must see silver.a version 1");
  }

  @Test
  void aStepThatDoesNotDependOnTheRunDateSkipsOnAnyDate() throws IOException {
    commit("bronze.a");
    StageFingerprint built = StageFingerprint.take(run(LocalDate.of(2025, 9, 30), "USD"), "silver", "",
        List.of("bronze.a"), List.of("silver.a", "silver.new"));
    commit("silver.a");
    built.record();
    assertTrue(StageFingerprint.take(run(LocalDate.of(2025, 10, 1), "USD"), "silver", "",
        List.of("bronze.a"), List.of("silver.a", "silver.new")).upToDate());
    commit("silver.new"); // an output table that was not there when it was recorded
    assertFalse(StageFingerprint.take(run(LocalDate.of(2025, 10, 1), "USD"), "silver", "",
        List.of("bronze.a"), List.of("silver.a", "silver.new")).upToDate());
  }
}
