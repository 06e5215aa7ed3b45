package io.osswarehouse.cli;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.report.BoardReport;
import io.osswarehouse.report.ReportDiff;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write the board report of one month from the gold tables: a PDF (summary page and charts), "
        + "an XLSX workbook, one CSV per table behind it and manifest.json, the Delta version of each table read. "
        + "--as-of MANIFEST renders that report again from those versions, whatever later runs restated; "
        + "--diff MANIFEST lists the figures that changed since (or against --against MANIFEST) and the silver "
        + "and bronze rows and files behind them.")
final class ReportCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--month", paramLabel = "YYYY-MM", description = "The month to report (the manifest's with --as-of).")
  YearMonth month;

  @Option(names = "--as-of", paramLabel = "MANIFEST", description = "The manifest.json of an earlier report: render "
      + "it again from the table versions it names (time travel; versions older than the upkeep's retention are gone).")
  Path asOf;

  @Option(names = "--diff", paramLabel = "MANIFEST", description = "The manifest.json of an earlier report: list "
      + "the figures that differ from the same month's report now (or --against's), and the input rows and landed "
      + "files that changed between the two. Writes nothing.")
  Path diff;

  @Option(names = "--against", paramLabel = "MANIFEST", description = "With --diff: compare with this report's "
      + "manifest instead of the tables as they are now.")
  Path against;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default ./reports/YYYY-MM.")
  Path out;

  @Override
  public Integer call() {
    if (diff != null) {
      if (asOf != null || month != null || out != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--diff takes no --month, --as-of or --out");
      }
      ReportDiff.Result result = ReportDiff.diff(cli.warehouse(cli.config()), diff, against);
      result.lines(diff.toString(), against != null ? against.toString() : "the tables now").forEach(System.out::println);
      return 0;
    }
    if (against != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--against needs --diff");
    }
    if (month == null && asOf == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--month=YYYY-MM' (or --as-of)");
    }
    WarehouseConfig cfg = cli.config();
    if (asOf != null) {
      YearMonth manifestMonth = BoardReport.manifestMonth(asOf);
      if (month != null && !month.equals(manifestMonth)) {
        throw new IllegalArgumentException("--month " + month + " but " + asOf + " is the report of " + manifestMonth);
      }
      month = manifestMonth;
    }
    Path dir = out != null ? out : Path.of("reports", month.toString());
    BoardReport.Written files = asOf != null ? BoardReport.writeAsOf(cli.warehouse(cfg), asOf, dir)
        : BoardReport.write(cli.warehouse(cfg), month, dir);
    System.out.printf("report %s%s: %s, %s, %d CSV files and %s in %s%n", month, asOf != null ? " as of " + asOf : "",
        files.pdf().getFileName(), files.xlsx().getFileName(), files.csv().size(), files.manifest().getFileName(),
        dir.toAbsolutePath().normalize());
    return 0;
  }
}
