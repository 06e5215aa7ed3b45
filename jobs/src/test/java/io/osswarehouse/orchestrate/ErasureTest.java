package io.osswarehouse.orchestrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.common.Emails;
import io.osswarehouse.common.Forgetting;
import io.osswarehouse.common.Forgetting.Kind;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.FixtureWarehouse;
import io.osswarehouse.testing.PipelineTest;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An erasure request on a copy of the shared fixture warehouse: a billing customer (their id, address and
 * name) and a GitHub login are forgotten. Afterwards no table of any layer holds them, in the current version
 * or, once vacuumed, in any bronze or silver file; silver holds no pseudonym of the address; every gold table
 * has the same rows and totals (the person still counted, anonymously); the deny-list and the audit name only
 * salted keys; and an export and a GH Archive hour landed again with the person in them load without them.
 */
@PipelineTest
class ErasureTest extends SparkTestBase {
  @TempDir
  static Path root;

  private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

  @Test
  void aForgottenPersonIsInNoLayerGoldStillCountsThemAndAReLandedExportDoesNotBringThemBack() throws IOException {
    FixtureWarehouse.copy(session(), root);
    WarehouseConfig config = FixtureWarehouse.config(root.resolve("warehouse"), root.resolve("landing"));
    Warehouse wh = new Warehouse(session(), config.warehouseDir());
    wh.registerAll();
    String salt = FixtureWarehouse.SALT;

    Row customer = session().sql("select object_id, get_json_object(raw_json, '$.email'), get_json_object(raw_json, "
        + "'$.name') from bronze.stripe__objects where object_type = 'customer' and get_json_object(raw_json, "
        + "'$.email') is not null and get_json_object(raw_json, '$.name') is not null order by object_id").first();
    String customerId = customer.getString(0);
    String email = customer.getString(1);
    String name = customer.getString(2);
    String login = session().sql("select actor_login from silver.stg_github__events where actor_login <> org_login "
        + "and actor_login not like '%[bot]' group by actor_login order by count(*) desc, actor_login").first()
        .getString(0);
    String pseudonym = Emails.pseudonymize(email, salt);
    Map<String, String> probes = new LinkedHashMap<>();
    probes.put("id", contains(customerId));
    probes.put("address", contains(email));
    probes.put("name", contains(name));
    probes.put("address's pseudonym", contains(pseudonym));
    probes.put("login", loginRegex(login));
    // Each identifier is somewhere before: the test would prove nothing otherwise.
    holding(wh, probes).forEach((probe, tables) -> Assertions.assertFalse(tables.isEmpty(), "no table holds the "
        + probe + " before"));
    Map<String, String> goldBefore = goldTotals(wh);
    List<String> bridgeBefore = Tables.lines(wh.read(Catalog.MRR_BRIDGE_MONTHLY.name()).orderBy("month", "currency"));

    session().conf().set(RETENTION_CHECK, "false");
    Erasure.Outcome byCustomer;
    Erasure.Outcome byLogin;
    try {
      byCustomer = Erasure.forget(run(config, wh), Kind.CUSTOMER, customerId, 0);
      byLogin = Erasure.forget(run(config, wh), Kind.GITHUB_LOGIN, login.toUpperCase(java.util.Locale.ROOT), 0);
    } finally {
      session().conf().unset(RETENTION_CHECK);
    }
    Assertions.assertTrue(byCustomer.identifiers() >= 3, "the id, the address and the name: " + byCustomer);
    Assertions.assertTrue(byCustomer.rowsChanged().containsKey(Catalog.STRIPE__OBJECTS.name()), byCustomer.toString());
    Assertions.assertTrue(byLogin.rows() > 0, byLogin.toString());
    Assertions.assertFalse(byCustomer.landedFiles().isEmpty(), "the landed files holding the customer are named");

    Map<String, Map<String, Long>> none = new LinkedHashMap<>();
    probes.keySet().forEach(p -> none.put(p, Map.of()));
    assertEquals(none, holding(wh, probes), "tables still holding an identifier");
    assertEquals(none, filesHolding(probes), "bronze or silver files still holding an identifier");
    assertEquals(goldBefore, goldTotals(wh), "gold's rows and totals");
    assertEquals(bridgeBefore, Tables.lines(wh.read(Catalog.MRR_BRIDGE_MONTHLY.name()).orderBy("month", "currency")));

    // The deny-list and the audit name salted keys only (the scans above covered meta too).
    List<String> denied = Tables.lines(wh.read(Catalog.FORGOTTEN.name()).select("forget_key", "kind", "requested_kind")
        .orderBy("forget_key"));
    for (String[] expected : List.of(new String[] {customerId, "customer", "customer"},
        new String[] {email, "email", "customer"}, new String[] {name, "name", "customer"},
        new String[] {login, "github_login", "github_login"})) {
      Kind k = Kind.of(expected[1]);
      String row = Forgetting.key(k, expected[0], salt) + " | " + expected[1] + " | " + expected[2];
      Assertions.assertTrue(denied.contains(row), row + " not in " + denied);
    }
    assertEquals(List.of("customer", "github_login"), Tables.lines(wh.read("meta.run_audit")
        .where("stage = 'forget'").select("source").orderBy("started_at")));

    // A later export of the customer (parsed on the driver) and a GH Archive hour with the login (split into
    // lines by Spark tasks) land under other names: loaded, with the person redacted.
    String file = byCustomer.landedFiles().stream().filter(f -> f.startsWith("billing/stripe/")).findFirst()
        .orElseThrow();
    Path landed = config.landingDir().resolve(file);
    Path again = landed.resolveSibling("again-" + landed.getFileName());
    Files.write(again, (Files.readString(landed) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String hour = byLogin.landedFiles().stream().filter(f -> f.startsWith("github/gharchive/")).findFirst()
        .orElseThrow();
    Path hourAgain = null; // an hour of the fixture's last month that it has no file of
    for (int h = 0; hourAgain == null || Files.exists(hourAgain); h++) {
      hourAgain = config.landingDir().resolve(hour).resolveSibling(LocalDate.of(2025, 9, 29).minusDays(h / 24)
          + "-" + (h % 24) + ".json.gz");
    }
    byte[] events;
    try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(config.landingDir().resolve(hour)))) {
      events = in.readAllBytes();
    }
    try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(hourAgain))) {
      out.write(events);
      out.write('\n');
    }
    List<LandingSource> sources = io.osswarehouse.orchestrate.NightlyRun.SOURCES.stream()
        .filter(s -> s.name().equals("billing/stripe") || s.name().equals("github/gharchive")).toList();
    NightlyRun.ingest(run(config, wh), sources);
    String relative = config.landingDir().relativize(again).toString();
    long reloaded = wh.read(Catalog.STRIPE__OBJECTS.name()).where(functions.col("_source_file").equalTo(relative)).count();
    Assertions.assertTrue(reloaded > 0, "the export landed again was not loaded");
    String hourRelative = config.landingDir().relativize(hourAgain).toString();
    Assertions.assertTrue(wh.read(Catalog.GITHUB__EVENTS.name()).where(functions.col("_source_file")
        .equalTo(hourRelative)).count() > 0, "the GH Archive hour landed again was not loaded");
    assertEquals(none, holding(wh, probes), "tables holding an identifier after the files landed again");
    String token = Forgetting.token(Kind.CUSTOMER, Forgetting.key(Kind.CUSTOMER, customerId, salt));
    assertEquals(1, wh.read(Catalog.STRIPE__OBJECTS.name()).where(functions.col("_source_file").equalTo(relative)
        .and(functions.col("object_id").equalTo(token))).count(), "the customer's record, loaded under its token");
  }

  private static RunContext run(WarehouseConfig config, Warehouse wh) {
    return RunContext.start(config, wh, LocalDate.of(2025, 10, 1), Progress.silent());
  }

  /** A case-insensitive substring test, written apart from the code under test. */
  private static String contains(String value) {
    return "(?i)" + java.util.regex.Pattern.quote(value);
  }

  private static String loginRegex(String login) {
    return "(?i)(^|[^A-Za-z0-9_-])" + java.util.regex.Pattern.quote(login) + "([^A-Za-z0-9_-]|$)";
  }

  /** Probe → table → rows whose columns, as JSON, match it: every table of every layer, one query per table. */
  private Map<String, Map<String, Long>> holding(Warehouse wh, Map<String, String> probes) {
    Map<String, Map<String, Long>> found = new LinkedHashMap<>();
    probes.keySet().forEach(p -> found.put(p, new LinkedHashMap<>()));
    for (String layer : Warehouse.LAYERS) {
      for (String name : wh.tablesOnDisk(layer)) {
        count(wh.read(layer + "." + name), probes, layer + "." + name, found);
      }
    }
    return found;
  }

  /** The same over the Parquet files of bronze and silver tables: any version's files still on disk. */
  private Map<String, Map<String, Long>> filesHolding(Map<String, String> probes) {
    Map<String, Map<String, Long>> found = new LinkedHashMap<>();
    probes.keySet().forEach(p -> found.put(p, new LinkedHashMap<>()));
    for (String layer : List.of("bronze", "silver")) {
      try (Stream<Path> tables = Files.list(root.resolve("warehouse").resolve(layer))) {
        for (Path t : tables.filter(Files::isDirectory).sorted().toList()) {
          count(session().read().option("mergeSchema", "true").parquet(t.toString()), probes,
              layer + "." + t.getFileName(), found);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return found;
  }

  private static void count(Dataset<Row> rows, Map<String, String> probes, String table,
      Map<String, Map<String, Long>> found) {
    Dataset<Row> json = rows.select(functions.to_json(functions.struct(functions.col("*"))).as("j"));
    List<org.apache.spark.sql.Column> counts = new ArrayList<>();
    probes.values().forEach(regex -> counts.add(functions.count_if(functions.col("j").rlike(regex))));
    Row r = json.agg(counts.get(0), counts.subList(1, counts.size()).toArray(org.apache.spark.sql.Column[]::new))
        .first();
    int i = 0;
    for (String probe : probes.keySet()) {
      long n = r.isNullAt(i) ? 0 : r.getLong(i);
      if (n > 0) {
        found.get(probe).put(table, n);
      }
      i++;
    }
  }

  /** Per gold table: its row count and the sum of each numeric column. */
  private static Map<String, String> goldTotals(Warehouse wh) {
    Map<String, String> totals = new LinkedHashMap<>();
    for (String name : wh.tablesOnDisk("gold")) {
      Dataset<Row> t = wh.read("gold." + name);
      List<org.apache.spark.sql.Column> aggs = new ArrayList<>(List.of(functions.count("*")));
      for (StructField f : t.schema().fields()) {
        if (f.dataType() instanceof NumericType && !f.dataType().equals(DataTypes.DoubleType)) {
          aggs.add(functions.sum(functions.col("`" + f.name() + "`")));
        }
      }
      totals.put(name, t.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(org.apache.spark.sql.Column[]::new))
          .first().toString());
    }
    return totals;
  }
}
