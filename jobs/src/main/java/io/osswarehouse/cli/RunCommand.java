package io.osswarehouse.cli;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.orchestrate.Selection;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.catalog.Catalog;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

  @Option(names = "--select", paramLabel = "MODEL[+]", split = ",",
      description = "Only these models (a table such as fct_mrr_segments or silver.fct_mrr_segments, or a step such "
          + "as billing; MODEL+ adds everything downstream), rebuilt whether or not their inputs changed; no ingest "
          + "unless an ingest step is selected. Repeatable.")
  List<String> select;

  @Option(names = "--exclude", paramLabel = "MODEL[+]", split = ",",
      description = "Leave these models (and with +, everything downstream) out. Repeatable.")
  List<String> exclude;

  @Option(names = "--full-refresh", paramLabel = "MODEL[+]", split = ",",
      description = "Rebuild these models from all of their input: their tables are emptied (history kept) and "
          + "refilled. Implies --select of them. Repeatable.")
  List<String> fullRefresh;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "Steps run at once (default: one per core, at least 2).")
  int threads;

  @Override
  public Integer call() {
    // Names are checked before Spark starts, so a typo fails in a second.
    Set<String> refresh = fullRefresh == null ? Set.of() : Selection.steps(fullRefresh);
    Set<String> chosen = select == null ? Set.of() : Selection.steps(select);
    Set<String> steps = null; // every step
    if (select != null || !refresh.isEmpty() || exclude != null) {
      steps = new LinkedHashSet<>(select == null && refresh.isEmpty()
          ? Catalog.steps().stream().map(Catalog.Step::name).toList() : chosen);
      steps.addAll(refresh);
      if (exclude != null) {
        steps.removeAll(Selection.steps(exclude));
      }
      if (steps.isEmpty()) {
        throw new IllegalArgumentException("the selection is empty: nothing to run");
      }
    }
    WarehouseConfig cfg = cli.config();
    Warehouse wh = cli.warehouse(cfg);
    NightlyRun.Options options = new NightlyRun.Options(threads, chosen, refresh);
    NightlyRun.Summary s = NightlyRun.run(RunContext.start(cfg, wh, date, new Progress(System.err, cli.quiet)),
        NightlyRun.Freshness.DEFAULT, options, steps);
    System.out.printf("run %s: %,d records loaded, %,d quarantined; gold rebuilt for %d month(s)%n", s.runId(),
        s.recordsLoaded(), s.recordsQuarantined(), s.monthsRebuilt().size());
    return 0;
  }
}
