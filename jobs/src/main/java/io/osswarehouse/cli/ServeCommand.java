package io.osswarehouse.cli;

import io.osswarehouse.server.WarehouseServer;
import io.osswarehouse.spark.Warehouse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the warehouse tables over JDBC/ODBC (Spark Thrift server, HiveServer2 protocol) until stopped.",
        "Connect with jdbc:hive2://127.0.0.1:10000/default and query gold.*, silver.*, meta.*, analytics.* (docs/jdbc.md);"
            + " bronze, with its raw personal data, only when --layers names it (docs/security.md)."})
final class ServeCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @Option(names = "--port", defaultValue = "" + WarehouseServer.DEFAULT_PORT, description = "Port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = WarehouseServer.LOOPBACK,
      description = "Interface to listen on (default ${DEFAULT-VALUE}: this machine only). Another one needs"
          + " authentication (--hiveconf hive.server2.authentication=...) or --allow-unauthenticated.")
  String bind;

  @Option(names = "--refresh-seconds", defaultValue = "30",
      description = "How often tables created by later runs are registered (default ${DEFAULT-VALUE}).")
  int refreshSeconds;

  @Option(names = "--hiveconf", paramLabel = "KEY=VALUE",
      description = "HiveServer2 setting, e.g. hive.server2.authentication=LDAP (repeatable).")
  Map<String, String> hiveConf;

  @Option(names = "--layers", split = ",", paramLabel = "LAYER[,LAYER...]", defaultValue = "silver,gold,meta",
      description = "Layers to serve (default ${DEFAULT-VALUE}; the analyst views always). Bronze holds raw e-mail"
          + " addresses and client IPs: serve it only to clients allowed to read personal data.")
  java.util.List<String> layers;

  @Option(names = "--allow-unauthenticated",
      description = "Accept a non-loopback --bind without authentication (only on a network you trust).")
  boolean allowUnauthenticated;

  @Override
  public Integer call() throws InterruptedException {
    try {
      Class.forName("org.apache.spark.sql.hive.thriftserver.HiveThriftServer2");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("this Spark has no Thrift server (spark-hive-thriftserver); use a Spark"
          + " distribution built with it, or --packages org.apache.spark:spark-hive-thriftserver_2.12:3.5.4");
    }
    WarehouseServer.Options options = new WarehouseServer.Options(bind, port, Duration.ofSeconds(refreshSeconds),
        hiveConf, allowUnauthenticated, layers);
    WarehouseServer.checkExposure(options, System.getenv()); // before Spark starts: a wrong flag fails fast
    Warehouse wh = cli.warehouse(cli.config());
    WarehouseServer server = WarehouseServer.start(wh, options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "warehouse-serve-stop"));
    System.out.println("serving " + io.osswarehouse.config.WarehouseConfig.display(wh.root().toUri()) + " on " + server.url() + " (Ctrl-C to stop)");
    stopped.await();
    return 0;
  }
}
