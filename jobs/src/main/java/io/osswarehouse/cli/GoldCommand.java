package io.osswarehouse.cli;

import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.pipeline.RunContext;
import java.time.YearMonth;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "gold", mixinStandardHelpOptions = true,
    description = "The gold stage: revenue metrics for the months new silver rows affect up to the run date's "
        + "month, then the correlation and the funnel.")
final class GoldCommand extends StageCommand {
  @Override
  public Integer call() {
    RunContext run = context("gold");
    List<YearMonth> months = NightlyRun.gold(run, options());
    System.out.printf("gold %s: revenue rebuilt for %d month(s)%n", run.runId(), months.size());
    return 0;
  }
}
