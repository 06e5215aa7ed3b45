package io.osswarehouse.pipeline;

import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.testing.PipelineTest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest tasks of one run, one per source, at the same time (as Airflow runs them): they all write
 * {@code bronze.quarantine} and {@code meta.run_audit}, starting from a warehouse where neither table
 * exists. Every source's rows, quarantined records and audit rows must all be there afterwards.
 * Threads of one JVM commit to Delta exactly as separate processes do (optimistically, through the log).
 */
@PipelineTest
class ParallelIngestTest extends SparkTestBase {
  private static final LocalDate DATE = LocalDate.of(2025, 12, 31);
  private static final List<String> SOURCES = List.of("billing/stripe", "billing/subscription_periods",
      "billing/fx_rates");
  private static final int GOOD = 30; // and one bad record per file: quarantined, below the 5% threshold

  @TempDir
  Path root;

  private WarehouseConfig config() {
    return new WarehouseConfig(root.resolve("warehouse"), root.resolve("landing"), "USD", 0.05, null, 2);
  }

  private void land(int round) throws Exception {
    Path landing = config().landingDir();
    StringBuilder stripe = new StringBuilder();
    StringBuilder periods = new StringBuilder("subscription_id,customer_id,plan_id,start_date,end_date,amount,"
        + "currency,billing_interval,interval_count\n");
    StringBuilder rates = new StringBuilder("date,currency,rate\n");
    for (int i = 0; i < GOOD; i++) {
      stripe.append("{\"id\":\"cus_").append(round).append('_').append(i)
          .append("\",\"object\":\"customer\",\"created\":1735603200}\n");
      periods.append("sub_").append(round).append('_').append(i).append(",c").append(i)
          .append(",p,2025-01-01,,10,USD,month,1\n");
      rates.append(LocalDate.of(2025, 1, 1).plusDays(round * 100L + i)).append(",EUR,1.1\n");
    }
    write(landing.resolve("billing/stripe/r" + round + "/customers.jsonl"), stripe.append("not json\n"));
    write(landing.resolve("billing/subscription_periods/r" + round + ".csv"),
        periods.append("sub_bad,c,p,2025-01-01,,ten,USD,month,1\n"));
    write(landing.resolve("billing/fx_rates/r" + round + ".csv"), rates.append("2025-01-01,EUR,-1\n"));
  }

  private static void write(Path file, CharSequence content) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** One ingest task per source, all released at once, with one run id as Airflow passes it. */
  private void ingestInParallel(String runId) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SOURCES.size());
    CyclicBarrier start = new CyclicBarrier(SOURCES.size());
    // One session's catalog: registered once here, where separate processes would each register theirs.
    Warehouse wh = new Warehouse(session(), config().warehouseDir());
    wh.registerAll();
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (String source : SOURCES) {
        tasks.add(pool.submit(() -> {
          RunContext run = RunContext.start(config(), wh, DATE, runId, Progress.silent());
          start.await();
          return NightlyRun.ingest(run, NightlyRun.sources(List.of(source)));
        }));
      }
      for (Future<?> task : tasks) {
        task.get(); // rethrows a task's failure
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private List<String> lines(String sql) {
    new Warehouse(session(), config().warehouseDir()).registerAll();
    return Tables.lines(session().sql(sql));
  }

  @Test
  void parallelIngestsOfOneRunKeepEverySourcesRowsInTheSharedTables() throws Exception {
    land(1);
    ingestInParallel("2025-12-31_parallel1"); // creates bronze.quarantine and meta.run_audit
    land(2);
    ingestInParallel("2025-12-31_parallel2"); // both exist: concurrent replaceWhere and appends

    for (String table : List.of("stripe__objects", "billing__subscription_periods", "billing__fx_rates")) {
      assertEquals(List.of(String.valueOf(2 * GOOD)), lines("select count(*) from delta.`"
          + config().warehouseDir().resolve("bronze/" + table) + "`"), table);
    }
    assertEquals(List.of("billing/fx_rates | 2", "billing/stripe | 2", "billing/subscription_periods | 2"),
        lines("select source, count(*) from delta.`" + config().warehouseDir().resolve("bronze/quarantine")
            + "` group by source order by source"));
    List<String> expected = new ArrayList<>();
    for (String run : List.of("2025-12-31_parallel1", "2025-12-31_parallel2")) {
      for (String source : SOURCES.stream().sorted().toList()) {
        expected.add(run + " | " + source + " | 31 | 30 | 1 | loaded");
      }
    }
    assertEquals(expected, lines("select run_id, source, records_read, records_loaded, records_quarantined, outcome"
        + " from delta.`" + config().warehouseDir().resolve("meta/run_audit") + "` order by run_id, source"));
  }
}
