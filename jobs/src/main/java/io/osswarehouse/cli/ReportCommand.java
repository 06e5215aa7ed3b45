package io.osswarehouse.cli;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.report.BoardReport;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write the board report of one month from the gold tables: a PDF (summary page and charts), "
        + "an XLSX workbook and one CSV per table behind it.")
final class ReportCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "The month to report.")
  YearMonth month;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default ./reports/YYYY-MM.")
  Path out;

  @Override
  public Integer call() {
    WarehouseConfig cfg = cli.config();
    Path dir = out != null ? out : Path.of("reports", month.toString());
    BoardReport.Written files = BoardReport.write(cli.warehouse(cfg), month, dir);
    System.out.printf("report %s: %s, %s and %d CSV files in %s%n", month, files.pdf().getFileName(),
        files.xlsx().getFileName(), files.csv().size(), dir.toAbsolutePath().normalize());
    return 0;
  }
}
