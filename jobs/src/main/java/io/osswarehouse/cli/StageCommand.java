package io.osswarehouse.cli;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * One stage of the nightly run as a command of its own, so a scheduler can run the stages as separate
 * tasks (docs/airflow.md). Tasks of one run pass the same {@code --run-id}; {@code run} is all stages
 * in one process.
 */
abstract class StageCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD",
      description = "Logical run date (metrics as of this date; nothing after its month).")
  LocalDate date;

  @Option(names = "--run-id", paramLabel = "ID",
      description = "Run id shared by the stages of one run (letters, digits, _ . : + -). Default: a new id "
          + "from the date and the time it starts.")
  String runId;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "Steps run at once (default: one per core, at least 2).")
  int threads;

  io.osswarehouse.orchestrate.NightlyRun.Options options() {
    return new io.osswarehouse.orchestrate.NightlyRun.Options(threads, java.util.Set.of(), java.util.Set.of());
  }

  RunContext context(String stage) {
    WarehouseConfig cfg = cli.config();
    Warehouse wh = cli.warehouse(cfg);
    RunContext run = RunContext.start(cfg, wh, date, runId, new Progress(System.err, cli.quiet));
    run.progress().prefix("[" + stage + " " + date + "] ");
    return run;
  }
}
