package io.osswarehouse.testing;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.ingest.FileIngestor;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.LineLandingSource;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.silver.billing.BillingSilverStage;
import io.osswarehouse.silver.web.WebSilverStage;
import io.osswarehouse.spark.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The web part of a nightly run (ingest the web sources, build web silver, record the silver stage as
 * NightlyRun does) until the integrator wires {@link WebSilverStage} into NightlyRun.
 */
public final class WebRun {
  private static int sequence;

  private WebRun() {}

  public static List<FileIngestor.Result> run(SparkSession spark, Path root, double maxRejected) {
    WarehouseConfig cfg = new WarehouseConfig(root.resolve("warehouse"), root.resolve("landing"), "USD", maxRejected,
        null, 2);
    Warehouse wh = new Warehouse(spark, cfg.warehouseDir());
    RunContext first = RunContext.start(cfg, wh, LocalDate.of(2025, 12, 31), Progress.silent());
    // Run ids have second precision: fast test runs get a sequence number so that they still differ.
    RunContext run = new RunContext(cfg, wh, first.runDate(), first.runId() + "-" + ++sequence,
        first.ingestedAt(), first.progress());
    wh.registerAll();
    AuditLog audit = new AuditLog(run);
    FileIngestor ingestor = new FileIngestor(run, audit);
    List<FileIngestor.Result> results = new ArrayList<>();
    for (LandingSource source : WebSilverStage.SOURCES) {
      results.add(source instanceof LineLandingSource lines ? ingestor.ingestLines(lines) : ingestor.ingest(source));
    }
    audit.flush();
    long started = System.currentTimeMillis();
    long rows = new WebSilverStage(run).build();
    audit.stage("silver", WebSilverStage.STEP, rows, started, AuditLog.SUCCEEDED, null);
    audit.flush();
    return results;
  }
}
