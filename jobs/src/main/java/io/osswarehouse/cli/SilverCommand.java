package io.osswarehouse.cli;

import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.pipeline.RunContext;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "silver", mixinStandardHelpOptions = true,
    description = "The silver stage: rebuild silver for the keys that bronze rows not yet in silver touch "
        + "(of this run and of any earlier run that stopped before silver).")
final class SilverCommand extends StageCommand {
  @Override
  public Integer call() {
    RunContext run = context("silver");
    Map<String, Long> built = NightlyRun.silver(run, options());
    System.out.printf("silver %s: rows rebuilt %s%n", run.runId(), built);
    return 0;
  }
}
