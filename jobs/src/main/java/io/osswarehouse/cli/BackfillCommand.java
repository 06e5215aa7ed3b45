package io.osswarehouse.cli;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = {"Run the nightly run for each date from --from to --to, in order, stopping at the first failure.",
        "The freshness gate is off: replayed history loads on its first date and is not late on the later ones."})
final class BackfillCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First run date.")
  LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last run date (inclusive).")
  LocalDate to;

  @Override
  public Integer call() {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
    WarehouseConfig cfg = cli.config();
    Warehouse wh = cli.warehouse(cfg);
    long days = java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1;
    long i = 0;
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      i++;
      Progress progress = new Progress(System.err, cli.quiet);
      progress.info("[backfill %d/%d] %s", i, days, d);
      NightlyRun.Summary s = NightlyRun.run(RunContext.start(cfg, wh, d, progress), NightlyRun.Freshness.OFF);
      System.out.printf("run %s: %,d records loaded, %,d quarantined%n", s.runId(), s.recordsLoaded(),
          s.recordsQuarantined());
    }
    return 0;
  }
}
