package io.osswarehouse.cli;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.spark.SparkSessions;
import io.osswarehouse.spark.Warehouse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code bin/warehouse}: the one entry point. Every subcommand exits 0 on success and non-zero with a
 * one-line reason on failure (the stack trace only with {@code --verbose}).
 */
@Command(name = "warehouse", mixinStandardHelpOptions = true, version = "oss-warehouse 0.1.0",
    description = "Community-to-revenue analytics warehouse (Spark + Delta Lake).",
    subcommands = {GenerateCommand.class, RunCommand.class, IngestCommand.class, SilverCommand.class,
        GoldCommand.class, CheckCommand.class, BackfillCommand.class, SqlCommand.class,
        StatusCommand.class, SummaryCommand.class, ReportCommand.class, ServeCommand.class,
        DocsCommand.class, ModelsCommand.class, CollectCommand.class, MaintainCommand.class, ForgetCommand.class,
        CommandLine.HelpCommand.class})
public final class WarehouseCli {
  // Strings, not Paths: a java.nio Path would fold s3a://bucket/x into s3a:/bucket/x. WarehouseConfig parses them.
  @Option(names = "--warehouse", scope = ScopeType.INHERIT, paramLabel = "DIR|URI",
      description = "Warehouse root (Delta tables): a local folder or a Hadoop URI (s3a://bucket/warehouse, "
          + "abfss://..., hdfs://...). Default ./warehouse; env WAREHOUSE_DIR.")
  String warehouse;

  @Option(names = "--landing", scope = ScopeType.INHERIT, paramLabel = "DIR|URI",
      description = "Landing folder of raw exports: a local folder or a Hadoop URI. Default ./landing; env WAREHOUSE_LANDING.")
  String landing;

  @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "Properties file (see docs/configuration.md). Default $WAREHOUSE_CONFIG or ./warehouse.properties.")
  Path config;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces on errors.")
  boolean verbose;

  @Option(names = "--quiet", scope = ScopeType.INHERIT, description = "No progress lines on stderr.")
  boolean quiet;

  private SparkSession spark;

  /** Resolved configuration: defaults < config file < environment < command line. */
  WarehouseConfig config() {
    Map<String, String> overrides = new HashMap<>();
    overrides.put(WarehouseConfig.WAREHOUSE_DIR, warehouse);
    overrides.put(WarehouseConfig.LANDING_DIR, landing);
    return WarehouseConfig.resolve(config, System.getenv(), overrides);
  }

  /** A started warehouse (Spark session created on first use, tables registered). */
  Warehouse warehouse(WarehouseConfig cfg) {
    if (spark == null) {
      spark = SparkSessions.create(cfg);
    }
    Warehouse wh = new Warehouse(spark, cfg.warehouse());
    wh.registerAll();
    return wh;
  }

  public static void main(String[] args) {
    int code = execute(args);
    System.exit(code);
  }

  /** Runs the CLI and returns the exit code (used by tests without exiting the JVM). */
  public static int execute(String... args) {
    WarehouseCli cli = new WarehouseCli();
    CommandLine cmd = new CommandLine(cli);
    cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      Throwable root = e;
      while (root.getCause() != null && root.getMessage() == null) {
        root = root.getCause();
      }
      String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
      commandLine.getErr().println("error: " + message.lines().findFirst().orElse(message));
      if (cli.verbose) {
        e.printStackTrace(commandLine.getErr());
      }
      return 1;
    });
    return cmd.execute(args);
  }
}
