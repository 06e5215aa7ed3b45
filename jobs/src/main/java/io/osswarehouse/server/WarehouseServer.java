package io.osswarehouse.server;

import io.osswarehouse.spark.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;

/**
 * The warehouse over JDBC/ODBC: Spark's Thrift server (the HiveServer2 protocol) on the warehouse's
 * session. Every JDBC connection gets its own Spark session, which shares the session catalog with
 * this one, so the tables registered here ({@code gold.mrr_bridge_monthly} ...) are the ones every
 * client sees: the served layers' tables and the analyst views, never files by path. A background task registers tables that later runs create; rows of existing tables
 * need nothing, since each query reads the latest committed Delta snapshot of each table it names.
 */
public final class WarehouseServer implements AutoCloseable {
  public static final String LOOPBACK = "127.0.0.1";
  public static final int DEFAULT_PORT = 10000;
  public static final String AUTHENTICATION = "hive.server2.authentication";

  /**
   * The layers served by default: bronze keeps the raw records with their e-mail addresses and client
   * IPs, so only a server whose clients may read personal data serves it (docs/security.md).
   */
  public static final List<String> SERVED_LAYERS = List.of("silver", "gold", "meta");
  private static final String RUN_SQL_ON_FILES = "spark.sql.runSQLOnFiles";

  /** Where and how to listen, how often to look for new tables, and which layers to serve. */
  public record Options(String bind, int port, Duration refreshEvery, Map<String, String> hiveConf,
      boolean allowUnauthenticated, List<String> layers) {
    public Options {
      hiveConf = hiveConf == null ? Map.of() : Map.copyOf(hiveConf);
      layers = layers == null ? SERVED_LAYERS : List.copyOf(layers);
      for (String layer : layers) {
        if (!Warehouse.LAYERS.contains(layer)) {
          throw new IllegalArgumentException("no layer '" + layer + "' to serve; layers are "
              + String.join(", ", Warehouse.LAYERS));
        }
      }
    }

    /** The default layers ({@link #SERVED_LAYERS}). */
    public Options(String bind, int port, Duration refreshEvery, Map<String, String> hiveConf,
        boolean allowUnauthenticated) {
      this(bind, port, refreshEvery, hiveConf, allowUnauthenticated, SERVED_LAYERS);
    }

    /** The HiveServer2 authentication mode asked for (NONE unless set). */
    public String authentication() {
      return hiveConf.getOrDefault(AUTHENTICATION, "NONE").toUpperCase(Locale.ROOT);
    }
  }

  private final HiveThriftServer2 server;
  private final ScheduledExecutorService refresher;
  private final String url;

  private WarehouseServer(HiveThriftServer2 server, ScheduledExecutorService refresher, String url) {
    this.server = server;
    this.refresher = refresher;
    this.url = url;
  }

  /**
   * Refuses to listen beyond the loopback interface without authentication, unless the caller said so
   * explicitly; HiveServer2 would otherwise accept any user name without a password from the network.
   */
  public static void checkExposure(Options options, Map<String, String> env) {
    for (String var : new String[] {"HIVE_SERVER2_THRIFT_BIND_HOST", "HIVE_SERVER2_THRIFT_PORT"}) {
      // HiveServer2 lets these environment variables win over its configuration.
      if (env.containsKey(var)) {
        throw new IllegalArgumentException(var + " is set in the environment and would override --bind/--port; unset it");
      }
    }
    boolean loopback;
    try {
      loopback = InetAddress.getByName(options.bind()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve --bind " + options.bind(), e);
    }
    if (!loopback && options.authentication().equals("NONE") && !options.allowUnauthenticated()) {
      throw new IllegalArgumentException("--bind " + options.bind() + " listens beyond this machine: set"
          + " --hiveconf " + AUTHENTICATION + "=LDAP|KERBEROS|CUSTOM (docs/jdbc.md), or pass --allow-unauthenticated");
    }
  }

  /** Starts the server on the warehouse's session (tables registered first) and returns once it listens. */
  public static WarehouseServer start(Warehouse warehouse, Options options) {
    checkExposure(options, System.getenv());
    Warehouse.LAYERS.stream().filter(l -> !options.layers().contains(l)).forEach(warehouse::unregister);
    warehouse.refresh(options.layers());
    SparkSession spark = warehouse.spark();
    // Clients name tables: a path (delta.`…/bronze/…`, json.`…/landing/…`) would reach every file this
    // process may read. Every client session starts from the shared state's settings.
    spark.sharedState().conf().set(RUN_SQL_ON_FILES, "false");
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("hive.server2.transport.mode", "binary");
    conf.put("hive.server2.thrift.bind.host", options.bind());
    conf.put("hive.server2.thrift.port", Integer.toString(options.port()));
    // Queries run as the server's user, which owns the warehouse files; clients are not impersonated.
    conf.put("hive.server2.enable.doAs", "false");
    try {
      // Hive's per-session scratch and operation-log folders: private to this server, not /tmp/hive.
      Path scratch = Files.createTempDirectory("warehouse-serve-");
      Files.createDirectories(scratch.resolve("local-scratch")); // Hive logs an error per session otherwise
      conf.put("hive.exec.scratchdir", scratch.resolve("scratch").toString());
      conf.put("hive.exec.local.scratchdir", scratch.resolve("local-scratch").toString());
      conf.put("hive.server2.logging.operation.log.location", scratch.resolve("operation-logs").toString());
      conf.put("hive.downloaded.resources.dir", scratch.resolve("resources").toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the server's scratch folder: " + e.getMessage(), e);
    }
    conf.putAll(options.hiveConf());
    // The Thrift server builds its HiveConf from this session's configuration.
    conf.forEach((k, v) -> spark.conf().set(k, v));
    HiveThriftServer2 server = HiveThriftServer2.startWithContext(spark.sqlContext());

    ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "warehouse-serve-refresh");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, options.refreshEvery().toSeconds());
    refresher.scheduleWithFixedDelay(() -> {
      try {
        warehouse.refresh(options.layers());
      } catch (RuntimeException e) {
        // A run may be writing a table's first commit right now; the next round sees it whole.
        System.err.println("warning: table refresh failed, retrying in " + every + " s: " + e.getMessage());
      }
    }, every, every, TimeUnit.SECONDS);
    String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
    return new WarehouseServer(server, refresher, "jdbc:hive2://" + host + ":" + options.port() + "/default");
  }

  /** The JDBC URL of the server's default database. */
  public String url() {
    return url;
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    server.stop();
  }
}
