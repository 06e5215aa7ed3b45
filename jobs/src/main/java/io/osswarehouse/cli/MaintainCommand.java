package io.osswarehouse.cli;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.orchestrate.Maintenance;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = {"Table upkeep: compacts every table's small files, vacuums files no version of the last "
        + "--retain-days references, and checkpoints each log (old log entries then expire). Holds the writer lock, "
        + "so it never overlaps a run. Weekly is enough (docs/operations.md)."})
final class MaintainCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @Option(names = "--retain-days", paramLabel = "DAYS", defaultValue = "" + Maintenance.MIN_RETAIN_DAYS,
      description = "Keep the files of every version of the last DAYS days (default and minimum ${DEFAULT-VALUE}).")
  int retainDays;

  @Override
  public Integer call() {
    WarehouseConfig cfg = cli.config();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    RunContext run = RunContext.start(cfg, cli.warehouse(cfg), today, new Progress(System.err, cli.quiet));
    run.progress().prefix("[maintain " + today + "] ");
    List<Maintenance.Result> results = Maintenance.maintain(run, retainDays);
    long before = results.stream().mapToLong(Maintenance.Result::filesBefore).sum();
    long after = results.stream().mapToLong(Maintenance.Result::filesAfter).sum();
    long deleted = results.stream().mapToLong(Maintenance.Result::filesDeleted).sum();
    System.out.println(results.size() + " tables: " + before + " -> " + after + " data files, " + deleted
        + " old files deleted (" + ran(results, Maintenance.COMPACT) + " compacted, " + ran(results, Maintenance.VACUUM)
        + " vacuumed, " + ran(results, Maintenance.CHECKPOINT) + " checkpointed, "
        + results.stream().filter(r -> r.steps().isEmpty()).count() + " with nothing to do)");
    return 0;
  }

  private static long ran(List<Maintenance.Result> results, String step) {
    return results.stream().filter(r -> r.steps().contains(step)).count();
  }
}
