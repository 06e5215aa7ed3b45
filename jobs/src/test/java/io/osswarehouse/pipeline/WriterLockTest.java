package io.osswarehouse.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.junit.jupiter.api.Assertions;

import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.SparkTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer at a time: a second run fails at once naming the holder, or waits for it when asked to;
 * ingest tasks of one run for different sources share the warehouse; a holder whose process is gone is
 * cleared (and said so in the audit) instead of blocking for ever; readers never take the lock.
 */
class WriterLockTest extends SparkTestBase {
  private static final LocalDate DATE = LocalDate.of(2025, 12, 31);

  @TempDir
  Path root;

  private RunContext run(String runId, Duration wait) {
    WarehouseConfig config = new WarehouseConfig(root.resolve("warehouse"), root.resolve("landing"), "USD", 0.05,
        null, 2).withLockWait(wait);
    Warehouse wh = new Warehouse(session(), config.warehouseDir());
    wh.registerAll();
    return RunContext.start(config, wh, DATE, runId, Progress.silent());
  }

  @Test
  void aSecondRunFailsAtOnceNamingTheRunThatHoldsTheWarehouse() {
    try (WriterLock first = WriterLock.acquire(run("first", Duration.ZERO), "run", null)) {
      WriterLock.Held held = assertThrows(WriterLock.Held.class,
          () -> WriterLock.acquire(run("second", Duration.ZERO), "run", null));
      Assertions.assertTrue(held.getMessage().matches("the warehouse .* is being written by run first \\(run, process "
          + ProcessHandle.current().pid() + " on .*, since .*\\); try again when it has finished \\(or set "
          + "lock.wait-seconds to wait for it\\)"), held.getMessage());
      // Readers take no lock: a query answers while the writer holds the warehouse.
      assertEquals(0, session().range(0).count());
    }
    // Released: the next run takes it.
    WriterLock.acquire(run("third", Duration.ZERO), "run", null).close();
  }

  @Test
  void aSecondRunToldToWaitStartsWhenTheFirstHasFinished() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
      try (WriterLock lock = WriterLock.acquire(run("first", Duration.ZERO), "run", null)) {
        holding.countDown();
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Assertions.assertTrue(holding.await(30, TimeUnit.SECONDS));
    long started = System.nanoTime();
    try (WriterLock second = WriterLock.acquire(run("second", Duration.ofSeconds(60)), "run", null)) {
      Assertions.assertTrue(first.isDone(), "the second writer started while the first still held the warehouse");
      Assertions.assertTrue(System.nanoTime() - started > 500_000_000L, "it did not wait");
    }
  }

  @Test
  void ingestTasksOfOneRunShareTheWarehouseForDifferentSourcesButNotForTheSameOne() {
    RunContext a = run("nightly-1", Duration.ZERO);
    try (WriterLock stripe = WriterLock.acquire(a, "ingest", List.of("billing/stripe"))) {
      // Another process of the same run (a separate task): simulated by the holder file it would write.
      assertEquals(1, WriterLock.holders(a.warehouse()).size());
    }
    Path folder = root.resolve("warehouse/_meta/" + WriterLock.FOLDER);
    writeHolder(folder, "nightly-1", "ingest", "[\"github/gharchive\"]", ProcessHandle.current().pid());
    WriterLock.acquire(run("nightly-1", Duration.ZERO), "ingest", List.of("billing/stripe")).close();
    WriterLock.Held sameSource = assertThrows(WriterLock.Held.class,
        () -> WriterLock.acquire(run("nightly-1", Duration.ZERO), "ingest", List.of("github/gharchive")));
    Assertions.assertTrue(sameSource.getMessage().contains("run nightly-1 (ingest github/gharchive"), sameSource.getMessage());
    WriterLock.Held otherRun = assertThrows(WriterLock.Held.class,
        () -> WriterLock.acquire(run("nightly-2", Duration.ZERO), "ingest", List.of("billing/stripe")));
    Assertions.assertTrue(otherRun.getMessage().contains("run nightly-1"), otherRun.getMessage());
  }

  @Test
  void aHolderWhoseProcessIsGoneIsClearedAndTheAuditSaysSo() {
    Path folder = root.resolve("warehouse/_meta/" + WriterLock.FOLDER);
    long gone = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1000) + 100_000;
    writeHolder(folder, "killed-run", "run", "null", gone);
    RunContext next = run("next", Duration.ZERO);
    try (WriterLock lock = WriterLock.acquire(next, "run", null)) {
      assertEquals(1, lock.recovered().size(), lock.recovered().toString());
      Assertions.assertTrue(lock.recovered().get(0).startsWith("cleared the writer lock of run killed-run (run, process " + gone),
          lock.recovered().get(0));
    }
    assertEquals(List.of("recover | succeeded"), io.osswarehouse.testing.Tables.lines(next.warehouse()
        .read(Catalog.RUN_AUDIT.name()).where("run_id = 'next'"), "stage", "outcome"));
  }

  @Test
  void aWriterAloneClearsATableFolderThatNeverCommittedAndSaysSo() throws Exception {
    // What a process killed during a table's first write leaves: data files and a log without a commit.
    Path table = root.resolve("warehouse/silver/fct_mrr_segments");
    Files.createDirectories(table.resolve("_delta_log"));
    Files.writeString(table.resolve("part-00000.snappy.parquet"), "half a file");
    try (WriterLock lock = WriterLock.acquire(run("next", Duration.ZERO), "run", null)) {
      assertEquals(List.of("removed silver/fct_mrr_segments: a first write that never committed"), lock.recovered());
    }
    Assertions.assertTrue(!Files.exists(table));
  }

  private static void writeHolder(Path folder, String runId, String stage, String sourcesJson, long pid) {
    try {
      Files.createDirectories(folder);
      String host = java.net.InetAddress.getLocalHost().getHostName();
      Files.writeString(folder.resolve("holder-0000000000001-" + runId + ".json"), "{\"run_id\":\"" + runId
          + "\",\"stage\":\"" + stage + "\",\"sources\":" + sourcesJson + ",\"host\":\"" + host + "\",\"pid\":" + pid
          + ",\"process_start\":null,\"acquired_at\":\"2025-12-31T01:00:00Z\"}", StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
