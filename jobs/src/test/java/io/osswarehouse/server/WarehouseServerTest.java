package io.osswarehouse.server;

import io.osswarehouse.testing.PipelineTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.testing.FixtureWarehouse;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.AnalystViews;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.SparkTestBase;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * `warehouse serve`: a Hive JDBC client sees every table by name, only on the loopback interface by
 * default, sees tables another process creates later without a restart, and while a nightly run
 * writes it always reads whole committed snapshots; every table, analyst view and example query answers
 * with values a client can read, the same rows as in Spark. One server for the class, on a copy of the
 * shared fixture warehouse, with one more night landed while it serves.
 */
@PipelineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarehouseServerTest extends SparkTestBase {
  private static final Pattern MONTH = Pattern.compile("(20\\d{2})-(0[1-9]|1[0-2])");
  private static final Path EXAMPLES = Path.of(System.getProperty("sql.dir", "../sql")).resolve("examples");
  private static final int ROWS_PER_TABLE = 500;
  private static final List<String> STATISTICS =
      List.of("spark.databricks.delta.stats.collect", "spark.databricks.delta.stats.skipping");

  @TempDir
  static Path root;

  private static WarehouseServer server;

  private static WarehouseConfig config() {
    return FixtureWarehouse.config(root.resolve("warehouse"), root.resolve("landing"));
  }

  /**
   * A new month for the second night: one customer of the other billing system starting in October, so
   * the run loads a record and gold gains a month.
   */
  private static void landOctober() throws IOException {
    Path file = config().landingDir().resolve("billing/subscription_periods/2025-10-server-test.csv");
    Files.writeString(file, "subscription_id,customer_id,plan_id,start_date,end_date,amount,currency,billing_interval,"
        + "interval_count\nosub_server_test,ocus_server_test,team,2025-10-01,,100.00,USD,month,1\n");
  }

  private static NightlyRun.Summary night(Warehouse wh, LocalDate date) {
    return NightlyRun.run(RunContext.start(config(), wh, date, Progress.silent()));
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(server.url(), "analyst", "");
  }

  /** A query's rows as "a | b | c" lines, in the order returned. */
  private static List<String> query(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(String.valueOf(rs.getString(i)));
        }
        out.add(String.join(" | ", cells));
      }
    }
    return out;
  }

  /** Reads what a query returns. */
  @FunctionalInterface
  private interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Runs a query on a new connection; a failure names what was asked for, which the SQL error does not. */
  private static <T> T overJdbc(String what, String sql, Reader<T> reader) {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return reader.read(rs);
    } catch (SQLException e) {
      throw new AssertionError(what + " failed over JDBC: " + e.getMessage(), e);
    }
  }

  /** The rows as {@link #cell} lines, every column read with getObject, as a BI tool reads them. */
  private static List<String> rows(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<String> cells = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        cells.add(cell(rs.getObject(i)));
      }
      out.add(String.join(" | ", cells));
    }
    return out;
  }

  private static List<String> columnNames(ResultSet rs) throws SQLException {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
      names.add(rs.getMetaData().getColumnName(i));
    }
    return names;
  }

  /** The same query's rows straight from this JVM's Spark session. */
  private List<String> sparkRows(String sql) {
    return session().sql(sql).collectAsList().stream()
        .map(r -> IntStream.range(0, r.size()).mapToObj(i -> cell(r.get(i))).collect(Collectors.joining(" | ")))
        .toList();
  }

  /** One value as text, alike whether Spark or the JDBC driver produced it. */
  private static String cell(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Double || value instanceof Float) {
      // Two runs of one aggregation may add doubles in a different order: equal to 10 digits.
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? new BigDecimal(d).round(new MathContext(10)).stripTrailingZeros().toPlainString()
          : Double.toString(d);
    }
    if (value instanceof Timestamp t) {
      return t.toLocalDateTime().toString();
    }
    return value.toString(); // a java.sql.Date prints as yyyy-mm-dd, like a LocalDate
  }

  private static List<String> sorted(List<String> rows) {
    return rows.stream().sorted().toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The server stops, and the statistics settings go back to the tests' for the next class in this JVM. */
  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
    SparkSession.getDefaultSession().foreach(s -> {
      for (String setting : STATISTICS) {
        s.conf().set(setting, SMALL_DATA.get(setting));
        s.sparkContext().conf().set(setting, SMALL_DATA.get(setting));
      }
      return null;
    });
  }

  @Test
  @Order(1)
  void aJdbcClientSeesEveryGoldTableByNameWithTheRowsSparkSees() throws Exception {
    // A copy of the shared fixture, written with column statistics as in production (the test base turns
    // them and data skipping off for speed): Delta answers some queries from them, and JDBC clients must
    // read those answers too. Each JDBC session takes its settings from the context's configuration.
    FixtureWarehouse.copy(session(), root);
    for (String setting : STATISTICS) {
      session().conf().set(setting, "true");
      session().sparkContext().conf().set(setting, "true");
    }
    Warehouse wh = new Warehouse(session(), config().warehouseDir());
    server = WarehouseServer.start(wh, new WarehouseServer.Options(WarehouseServer.LOOPBACK, freePort(),
        Duration.ofSeconds(1), Map.of(), false));

    try (Connection c = connect()) {
      List<String> gold = wh.tablesOnDisk("gold");
      Assertions.assertTrue(gold.contains("mrr_bridge_monthly") && gold.size() > 10, "gold tables: " + gold);
      // Each connection is a new Spark session: it sees the tables only through the shared catalog.
      assertEquals(gold, query(c, "show tables in gold").stream().map(l -> l.split(" \\| ")[1]).sorted().toList());
      for (String table : gold) {
        assertEquals(List.of(Long.toString(wh.read("gold." + table).count())),
            query(c, "select count(*) from gold." + table), "rows of gold." + table);
      }
      List<String> identities = query(c,
          "select month, sum(identity_difference) from gold.mrr_bridge_monthly group by month order by month");
      // From the first paid month to the run date's, every month's bridge identity holds.
      assertEquals(YearMonth.from(FixtureWarehouse.RUN_DATE).atDay(1) + " | 0.00", identities.get(identities.size() - 1));
      Assertions.assertTrue(identities.size() >= 12 && identities.stream().allMatch(l -> l.endsWith(" | 0.00")),
          identities.toString());
      Assertions.assertTrue(query(c, "select count(*) from silver.fct_mrr_segments").get(0).matches("[1-9][0-9]*"));
      assertEquals(List.of("true"), query(c, "select count(*) > 0 from meta.run_audit"));
    }
  }

  /**
   * docs/security.md: an analyst reaches silver, gold, meta and the analyst views, where e-mail addresses
   * and client IPs are pseudonyms; bronze, which keeps the raw records, is not served, and no file can be
   * read by path. Every table a JDBC client can list is scanned for the raw e-mail addresses and client
   * IPs of the fixture's bronze: none may appear.
   */
  @Test
  @Order(2)
  void anAnalystReachesNoRawEmailAddressOrClientIp() throws Exception {
    Warehouse wh = new Warehouse(session(), config().warehouseDir());
    String email = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";
    String ip = "\\b[0-9]{1,3}(\\.[0-9]{1,3}){3}\\b|\\b[0-9a-fA-F]{1,4}(:[0-9a-fA-F]{0,4}){2,7}\\b";
    Dataset<Row> raw = null;
    for (String table : wh.tablesOnDisk("bronze")) {
      Dataset<Row> tokens = tokens(wh.read("bronze." + table), email);
      raw = raw == null ? tokens : raw.union(tokens);
    }
    raw = raw.union(wh.read("bronze.web__access_logs").selectExpr("lower(client_ip) as token")).distinct().cache();
    Assertions.assertTrue(raw.where("token like '%@%'").count() > 100 && raw.where("token not like '%@%'").count() > 100,
        "the fixture's bronze should hold raw e-mail addresses and client IPs to look for");

    List<String> reachable = new ArrayList<>();
    try (Connection c = connect()) {
      for (String line : query(c, "show databases")) {
        for (String t : query(c, "show tables in " + line)) {
          String[] cells = t.split(" \\| ");
          if (cells[2].equals("false")) {
            reachable.add(cells[0] + "." + cells[1]);
          }
        }
      }
      for (String path : List.of("delta.`" + wh.root().toUri() + "/bronze/web__access_logs`",
          "json.`" + config().landingDir().toUri() + "`")) {
        assertThrows(SQLException.class, () -> query(c, "select count(*) from " + path), "a path query of " + path);
      }
    }
    Assertions.assertTrue(reachable.stream().noneMatch(t -> t.startsWith("bronze.")), "bronze served: " + reachable);
    Assertions.assertTrue(reachable.contains("silver.stg_access_log__requests")
        && reachable.contains("silver.stg_stripe__customers") && reachable.contains("analytics.paying_accounts"),
        "the scan must cover the tables that hold pseudonyms: " + reachable);
    List<String> found = new ArrayList<>();
    for (String table : reachable) {
      Dataset<Row> tokens = tokens(session().table(table), email + "|" + ip);
      tokens.join(org.apache.spark.sql.functions.broadcast(raw), "token").distinct().limit(3).collectAsList()
          .forEach(r -> found.add(table + ": " + r.getString(0)));
    }
    assertEquals(List.of(), found, "raw e-mail addresses or client IPs an analyst can read");
  }

  /** The distinct lower-case matches of {@code regex} in every text column of a table (nested ones as JSON). */
  private static Dataset<Row> tokens(Dataset<Row> table, String regex) {
    List<String> texts = new ArrayList<>();
    for (org.apache.spark.sql.types.StructField f : table.schema().fields()) {
      String column = "`" + f.name() + "`";
      if (f.dataType() instanceof org.apache.spark.sql.types.StringType) {
        texts.add(column);
      } else if (f.dataType() instanceof org.apache.spark.sql.types.StructType
          || f.dataType() instanceof org.apache.spark.sql.types.ArrayType
          || f.dataType() instanceof org.apache.spark.sql.types.MapType) {
        texts.add("to_json(" + column + ")");
      }
    }
    if (texts.isEmpty()) {
      return table.sparkSession().sql("select cast(null as string) as token where false");
    }
    org.apache.spark.sql.Column text = functions.lower(functions.concat_ws(" ",
        texts.stream().map(functions::expr).toArray(org.apache.spark.sql.Column[]::new)));
    return table.select(functions.explode(functions.regexp_extract_all(text, functions.lit("(" + regex + ")"),
        functions.lit(1))).as("token")).distinct();
  }

  /**
   * What a BI tool reads: every column of every row through {@code getObject}, which turns each value
   * into its JDBC type (a DATE into a {@code java.sql.Date} ...), so a value the server cannot convert
   * fails here. Every table of every layer answers; every analyst view and example query gives the rows
   * the same SQL gives in Spark directly (views sorted, examples in their own ORDER BY).
   */
  @TestFactory
  @Order(3)
  Stream<DynamicTest> everyTableViewAndExampleQueryAnswersOverJdbcWithTheRowsSparkGives() throws IOException {
    Warehouse wh = new Warehouse(session(), config().warehouseDir());
    wh.registerAll(); // bronze too, as `serve --layers bronze,silver,gold,meta` serves it
    List<DynamicTest> tests = new ArrayList<>();
    for (String layer : Warehouse.LAYERS) {
      List<String> tables = wh.tablesOnDisk(layer);
      tests.add(DynamicTest.dynamicTest(layer + " lists every table on disk", () -> assertEquals(tables,
          overJdbc(layer, "show tables in " + layer, WarehouseServerTest::rows).stream()
              .map(l -> l.split(" \\| ")[1]).sorted().toList(), "the tables of " + layer + " over JDBC")));
      for (String table : tables) {
        String name = layer + "." + table;
        tests.add(DynamicTest.dynamicTest(name + " answers with every column readable", () -> {
          List<String> columns = overJdbc(name, "select * from " + name + " limit " + ROWS_PER_TABLE, rs -> {
            rows(rs); // every value read; what they are is the pipeline tests' business
            return columnNames(rs);
          });
          assertEquals(List.of(wh.read(name).columns()), columns, "the columns of " + name + " over JDBC");
        }));
      }
    }
    List<AnalystViews.View> views = AnalystViews.all();
    Assertions.assertFalse(views.isEmpty(), "no analyst view on the classpath");
    for (AnalystViews.View view : views) {
      String sql = "select * from " + view.qualifiedName();
      tests.add(DynamicTest.dynamicTest(view.qualifiedName() + " gives the rows Spark gives", () ->
          assertEquals(sorted(sparkRows(sql)), sorted(overJdbc(view.qualifiedName(), sql, WarehouseServerTest::rows)),
              "the rows of " + view.qualifiedName() + " over JDBC (sorted)")));
    }
    List<Path> examples;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      examples = files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
    }
    Assertions.assertFalse(examples.isEmpty(), "no example query in " + EXAMPLES.toAbsolutePath());
    for (Path file : examples) {
      String name = "sql/examples/" + file.getFileName();
      String sql = Files.readString(file);
      tests.add(DynamicTest.dynamicTest(name + " gives the rows Spark gives", () ->
          assertEquals(sparkRows(sql), overJdbc(name, sql, WarehouseServerTest::rows),
              "the rows of " + name + " over JDBC, in its own order")));
    }
    return tests.stream();
  }

  @Test
  @Order(4)
  void itListensOnTheLoopbackInterfaceOnlyUnlessAskedAndThenOnlyWithAuthentication() throws IOException {
    int port = Integer.parseInt(server.url().replaceAll(".*:(\\d+)/.*", "$1"));
    InetAddress other = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst().orElse(null);
    Assumptions.assumeTrue(other != null, "this machine has no non-loopback address to try");
    try (Socket s = new Socket()) {
      assertThrows(IOException.class, () -> s.connect(new InetSocketAddress(other, port), 2000),
          "the server answered on " + other);
    }

    WarehouseServer.Options open = new WarehouseServer.Options("0.0.0.0", 10000, Duration.ofSeconds(30), Map.of(), false);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> WarehouseServer.checkExposure(open, Map.of()));
    Assertions.assertTrue(refused.getMessage().contains("hive.server2.authentication"), refused.getMessage());
    WarehouseServer.checkExposure(new WarehouseServer.Options("0.0.0.0", 10000, Duration.ofSeconds(30),
        Map.of(WarehouseServer.AUTHENTICATION, "LDAP"), false), Map.of());
    WarehouseServer.checkExposure(new WarehouseServer.Options("0.0.0.0", 10000, Duration.ofSeconds(30), Map.of(), true),
        Map.of());
    assertThrows(IllegalArgumentException.class, () -> WarehouseServer.checkExposure(
        new WarehouseServer.Options(WarehouseServer.LOOPBACK, 10000, Duration.ofSeconds(30), Map.of(), false),
        Map.of("HIVE_SERVER2_THRIFT_BIND_HOST", "0.0.0.0")), "an environment override of the bind address");
  }

  @Test
  @Order(5)
  void aTableAnotherProcessCreatesBecomesVisibleWithoutARestart() throws Exception {
    // Written by path, as another process would: nothing registers it in this JVM's catalog.
    session().range(3).write().format("delta").save(config().warehouseDir().resolve("meta/serve_probe").toString());
    try (Connection c = connect()) {
      List<String> rows = List.of();
      for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); System.nanoTime() < deadline; ) {
        try {
          rows = query(c, "select count(*) from meta.serve_probe");
          break;
        } catch (SQLException notYet) {
          Thread.sleep(200);
        }
      }
      assertEquals(List.of("3"), rows, "meta.serve_probe never became visible");
    }
  }

  @Test
  @Order(6)
  void whileANightlyRunWritesEveryQuerySeesACommittedSnapshot() throws Exception {
    String bridge = "select month, starting_mrr, ending_mrr, identity_difference from gold.mrr_bridge_monthly order by month";
    try (Connection c = connect()) {
      List<String> before = query(c, bridge);
      landOctober();
      CompletableFuture<NightlyRun.Summary> run = CompletableFuture.supplyAsync(
          () -> night(new Warehouse(session(), config().warehouseDir()), LocalDate.of(2025, 10, 31)));
      Set<List<String>> seen = new LinkedHashSet<>();
      int queries = 0;
      while (!run.isDone()) {
        seen.add(query(c, bridge));
        // The catalog is re-synchronised by the run and the refresher meanwhile: a table never goes missing.
        query(c, "select count(*) from gold.customer_mrr_monthly");
        queries++;
      }
      Assertions.assertTrue(run.get().recordsLoaded() > 0, "the second night loaded nothing");
      List<String> after = query(c, bridge);
      Assertions.assertTrue(!after.equals(before) && after.size() == before.size() + 1, "October was not added: " + after);
      for (List<String> snapshot : seen) {
        Assertions.assertTrue(snapshot.equals(before) || snapshot.equals(after), "a query saw neither the table before the run"
            + " nor after it: " + snapshot + "\nbefore: " + before + "\nafter: " + after);
      }
      Assertions.assertTrue(queries > 3, "too few queries overlapped the run to mean anything: " + queries);
    }
  }
}
