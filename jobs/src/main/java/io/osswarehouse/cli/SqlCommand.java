package io.osswarehouse.cli;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.spark.Warehouse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run Spark SQL over the warehouse tables (bronze.*, silver.*, gold.*, meta.*) and print the result.")
final class SqlCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @Parameters(index = "0", paramLabel = "QUERY", description = "e.g. \"select * from gold.mrr_bridge_monthly\"")
  String query;

  @Option(names = "--format", defaultValue = "table",
      description = "table, csv (a header line, then rows) or json (one object per line). Default ${DEFAULT-VALUE}.")
  ResultPrinter.Format format;

  @Option(names = "--max-rows", defaultValue = "1000", description = "Rows shown in table format (default ${DEFAULT-VALUE}).")
  int maxRows;

  @Override
  public Integer call() {
    WarehouseConfig cfg = cli.config();
    Warehouse wh = cli.warehouse(cfg);
    ResultPrinter.print(wh.spark().sql(query), format, maxRows, System.out);
    return 0;
  }
}
