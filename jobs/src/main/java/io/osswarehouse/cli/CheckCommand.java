package io.osswarehouse.cli;

import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.orchestrate.QualityGates;
import io.osswarehouse.pipeline.RunContext;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
    description = "The data-quality gates of a run: no file rejected whole, read = loaded + quarantined + "
        + "filtered for every loaded file, the MRR bridge identity in gold, and the freshness of every source. "
        + "Prints one line per gate; exits non-zero when one fails.")
final class CheckCommand extends StageCommand {
  @Option(names = "--max-age-days", paramLabel = "DAYS", defaultValue = "" + QualityGates.DEFAULT_MAX_AGE_DAYS,
      description = "Freshness: the newest file of a source must be loaded by a run at most this many days "
          + "before --date (default ${DEFAULT-VALUE}).")
  int maxAgeDays;

  @Option(names = "--max-age", paramLabel = "SOURCE=DAYS", split = ",",
      description = "Freshness limit of one source, e.g. github/gharchive=2; repeatable or comma-separated.")
  List<String> maxAge = List.of();

  @Override
  public Integer call() {
    RunContext given = context("check");
    // Without --run-id: the latest run of the date, as `status` shows it.
    RunContext run = runId != null ? given : new RunContext(given.config(), given.warehouse(), given.runDate(),
        latestRunOf(given), given.ingestedAt(), given.progress());
    List<QualityGates.Gate> gates = NightlyRun.check(run, new NightlyRun.Freshness(limits(), maxAgeDays));
    gates.forEach(System.out::println);
    return 0;
  }

  /** SOURCE=DAYS pairs; blanks are ignored, so a scheduler may pass an empty list. */
  private Map<String, Integer> limits() {
    Map<String, Integer> out = new java.util.LinkedHashMap<>();
    for (String pair : maxAge) {
      if (pair.isBlank()) {
        continue;
      }
      String[] kv = pair.trim().split("=", 2);
      if (kv.length != 2 || !kv[1].trim().matches("\\d+")) {
        throw new IllegalArgumentException("--max-age '" + pair + "' is not SOURCE=DAYS");
      }
      NightlyRun.sources(List.of(kv[0].trim())); // an unknown source fails with the known ones
      out.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
    }
    return out;
  }

  private static String latestRunOf(RunContext run) {
    List<Row> latest = run.warehouse().read(AuditLog.TABLE).where("run_date = DATE'" + run.runDate() + "'")
        .groupBy("run_id").agg(org.apache.spark.sql.functions.max("started_at").as("last_at"))
        .orderBy(org.apache.spark.sql.functions.desc("last_at")).limit(1).collectAsList();
    if (latest.isEmpty()) {
      throw new IllegalStateException("no run of " + run.runDate() + " in the audit; run its stages first");
    }
    return latest.get(0).getString(0);
  }
}
