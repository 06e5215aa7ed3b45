package io.osswarehouse.cli;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.spark.Warehouse;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "The run audit: per run, stage and input file, the source, records read, loaded, "
        + "quarantined and filtered (not tracked), duration and outcome.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json. Default ${DEFAULT-VALUE}.")
  ResultPrinter.Format format;

  @Option(names = "--runs", defaultValue = "1", description = "How many of the latest runs to show (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--files", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Show one line per input file (default); --no-files shows stages only.")
  boolean files;

  @Override
  public Integer call() {
    WarehouseConfig cfg = cli.config();
    Warehouse wh = cli.warehouse(cfg);
    Dataset<Row> audit = wh.readOrNull(AuditLog.TABLE);
    if (audit == null) {
      throw new IllegalStateException("no runs yet in " + WarehouseConfig.display(cfg.warehouse()) + "; start one with `warehouse run --date YYYY-MM-DD`");
    }
    audit.createOrReplaceTempView("run_audit");
    Dataset<Row> result = wh.spark().sql(
        "with latest as (select run_id, max(started_at) as last_at from run_audit group by run_id"
        + " order by last_at desc limit " + Math.max(1, runs) + ")"
        + " select a.run_id, a.run_date, a.stage, a.source, a.file, a.records_read, a.records_loaded,"
        + " a.records_quarantined, a.records_filtered, a.duration_ms, a.outcome, a.message"
        + " from run_audit a join latest l using (run_id)"
        + (files ? "" : " where a.file is null")
        + " order by a.run_id, a.started_at, a.stage, a.file");
    ResultPrinter.print(result, format, Integer.MAX_VALUE - 1, System.out);
    return 0;
  }
}
