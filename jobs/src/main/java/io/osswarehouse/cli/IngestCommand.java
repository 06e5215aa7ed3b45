package io.osswarehouse.cli;

import io.osswarehouse.ingest.FileIngestor;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.pipeline.RunContext;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "The ingest stage: load new landed files of some sources into bronze. Several ingest "
        + "commands of one run (same --run-id) may run at once, one per source. A file rejected whole is "
        + "recorded and fails `check`, so the other sources still load.")
final class IngestCommand extends StageCommand {
  @Option(names = "--source", paramLabel = "NAME",
      description = "A source (e.g. billing/stripe) or a folder of sources (e.g. billing); repeatable. "
          + "Default: every source.")
  List<String> sources;

  @Override
  public Integer call() {
    // Names are checked before Spark starts, so a typo fails in a second.
    List<LandingSource> chosen = sources == null ? NightlyRun.SOURCES : NightlyRun.sources(sources);
    RunContext run = context("ingest");
    List<FileIngestor.Result> results = NightlyRun.ingest(run, chosen, options());
    long loaded = results.stream().mapToLong(FileIngestor.Result::recordsLoaded).sum();
    long quarantined = results.stream().mapToLong(FileIngestor.Result::recordsQuarantined).sum();
    long rejected = results.stream().mapToLong(r -> r.rejectedFiles().size()).sum();
    System.out.printf("ingest %s: %d source(s), %,d records loaded, %,d quarantined, %d file(s) rejected%n",
        run.runId(), results.size(), loaded, quarantined, rejected);
    return 0;
  }
}
