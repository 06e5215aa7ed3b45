package io.osswarehouse.cli;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.pipeline.NightlyRun;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "The nightly run for one logical date: ingest every landed file not ingested before, rebuild "
        + "silver and gold for the periods those records affect, with metrics as of that date.")
final class RunCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD",
      description = "Logical run date (metrics as of this date; nothing after its month).")
  LocalDate date;

  @Override
  public Integer call() {
    WarehouseConfig cfg = cli.config();
    Warehouse wh = cli.warehouse(cfg);
    NightlyRun.Summary s = NightlyRun.run(RunContext.start(cfg, wh, date, new Progress(System.err, cli.quiet)));
    System.out.printf("run %s: %,d records loaded, %,d quarantined; gold rebuilt for %d month(s)%n", s.runId(),
        s.recordsLoaded(), s.recordsQuarantined(), s.monthsRebuilt().size());
    return 0;
  }
}
