package io.osswarehouse.pipeline;

import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.testing.PipelineTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.generate.SampleDataGenerator;
import io.osswarehouse.spark.SparkSessions;
import io.osswarehouse.spark.Storage;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.ObjectStoreTestFileSystem;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse and the landing folder on a file system that is not the local one: {@code objtest://}
 * ({@link ObjectStoreTestFileSystem}) keeps {@code objtest://bucket/x} in {@code <folder>/bucket/x}, so
 * any access still made through java.nio paths would miss the files. The nightly run there must match
 * the generator's truth, skip an unchanged second run (fingerprints on the object store) leaving every
 * gold table as it was, and keep the e-mail salt there. (Gold on local folders is checked against the
 * same truth by the other end-to-end tests; a second full run here would double this test's time.)
 */
@PipelineTest
class ObjectStorageRunTest extends SparkTestBase {
  private static final LocalDate START = LocalDate.of(2025, 1, 1);
  private static final LocalDate END = LocalDate.of(2025, 6, 30);
  private static final String WAREHOUSE = "objtest://bucket/warehouse";
  private static final String LANDING = "objtest://bucket/landing";

  @TempDir
  Path root;

  private NightlyRun.Summary run(WarehouseConfig config) {
    return NightlyRun.run(RunContext.start(config, new Warehouse(session(), config.warehouse()), END,
        Progress.silent()));
  }

  /** Every gold table without lineage columns (leading underscore), doubles to 9 decimals, as sorted lines. */
  private Map<String, List<String>> gold(WarehouseConfig config) {
    Warehouse wh = new Warehouse(session(), config.warehouse());
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String table : wh.tablesOnDisk("gold")) {
      Dataset<Row> df = wh.read("gold." + table);
      List<Column> columns = new ArrayList<>();
      for (StructField f : df.schema().fields()) {
        if (!f.name().startsWith("_")) {
          String type = f.dataType().typeName();
          Column c = functions.col("`" + f.name() + "`");
          columns.add(type.equals("double") || type.equals("float") ? functions.round(c, 9).as(f.name()) : c);
        }
      }
      out.put(table, Tables.lines(df.select(columns.toArray(Column[]::new))));
    }
    return out;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        Path target = to.resolve(from.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
  }

  @Test
  void theNightlyRunOnObjectStorageMatchesTheTruthAndSkipsAnUnchangedRerun() throws IOException {
    // Both Hadoop configurations of the shared session: the context's (jobs, Delta) and the catalog's copy,
    // taken at start-up, which a cluster would have filled from spark.hadoop.* / core-site.xml.
    ObjectStoreTestFileSystem.register(session().sparkContext().hadoopConfiguration(), root.resolve("object-store"));
    ObjectStoreTestFileSystem.register(session().sharedState().hadoopConf(), root.resolve("object-store"));
    Path landing = root.resolve("landing");
    SampleDataGenerator.generate(landing, 9, 40, START, END, "USD");
    copy(landing, ObjectStoreTestFileSystem.localFolder(LANDING));
    WarehouseConfig remote = new WarehouseConfig(root.resolve("warehouse"), landing, "USD", 0.05, null, 2)
        .withLocations(WAREHOUSE, LANDING);
    assertEquals(WAREHOUSE, remote.warehouse().toString());
    assertThrows(IllegalStateException.class, remote::warehouseDir, "not a local folder");

    NightlyRun.Summary first = run(remote);
    Assertions.assertTrue(first.recordsLoaded() > 0);
    Map<String, List<String>> onObjectStore = gold(remote);
    Assertions.assertTrue(onObjectStore.size() >= 10 && onObjectStore.containsKey("mrr_bridge_monthly"), onObjectStore.keySet()
        .toString());
    // The tables, fingerprints and nothing else went to the object store; nothing to a local "objtest:" folder.
    Path stored = ObjectStoreTestFileSystem.localFolder(WAREHOUSE);
    Assertions.assertTrue(Files.isDirectory(stored.resolve("gold/customer_mrr_monthly/_delta_log")));
    Assertions.assertTrue(Files.isRegularFile(stored.resolve("_meta/stage-fingerprints/step-revenue.txt")));
    assertFalse(Files.exists(Path.of("objtest:")), "something wrote objtest:// through java.nio");

    // Gold matches the generator's truth.
    List<String> truth = Files.readAllLines(landing.resolve("_truth/customer_mrr_monthly.csv")).stream().skip(1)
        .map(l -> l.replace(",", " | ")).sorted().collect(Collectors.toList());
    Assertions.assertTrue(truth.size() > 10, "too few truth rows: " + truth.size());
    assertEquals(truth, Tables.lines(session().sql("select customer_id, date_format(month, 'yyyy-MM'), mrr,"
        + " contract_mrr from gold.customer_mrr_monthly where mrr <> 0 or contract_mrr <> 0")));
    assertEquals(0, session().sql("select * from gold.mrr_bridge_monthly where identity_difference <> 0").count());

    // The same date again: nothing loaded, every silver area and gold part skipped, gold unchanged.
    NightlyRun.Summary again = run(remote);
    assertEquals(0, again.recordsLoaded());
    assertEquals(List.of("gold | unchanged inputs: skipped | 3", "silver | unchanged inputs: skipped | 6"),
        Tables.lines(session().sql("select stage, coalesce(message, 'rebuilt'), count(*) from meta.run_audit"
            + " where run_id = '" + again.runId() + "' and stage in ('silver', 'gold') group by 1, 2")));
    assertEquals(onObjectStore, gold(remote));

    // The generated e-mail salt is kept on the object store, once.
    WarehouseConfig unsalted = remote;
    String salt = SparkSessions.emailSalt(unsalted, Storage.of(session()));
    Assertions.assertTrue(salt.matches("[0-9a-f]{64}"), salt);
    assertEquals(salt, Files.readString(stored.resolve("_meta/email-salt")));
    assertEquals(salt, SparkSessions.emailSalt(unsalted, Storage.of(session())));
  }

  @Test
  void malformedLocationsAreReportedByKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WarehouseConfig.location(WarehouseConfig.WAREHOUSE_DIR, "s3a://my bucket/warehouse"));
    Assertions.assertTrue(e.getMessage().startsWith("warehouse.dir: 's3a://my bucket/warehouse' is not a valid URI"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> WarehouseConfig.location(WarehouseConfig.LANDING_DIR, "s3a:bucket/landing"));
    Assertions.assertTrue(e.getMessage().startsWith("landing.dir: 's3a:bucket/landing' has no absolute path"), e.getMessage());
    assertEquals("s3a://bucket/warehouse", WarehouseConfig.location("k", "S3A://bucket/a/../warehouse/").toString());
    assertEquals("abfss://c@acct.dfs.core.windows.net/wh",
        WarehouseConfig.location("k", "abfss://c@acct.dfs.core.windows.net/wh").toString());
    assertEquals("hdfs:/warehouse", WarehouseConfig.location("k", "hdfs:///warehouse").toString());
    assertEquals(Path.of("rel/wh").toAbsolutePath().toUri().getPath().replaceAll("/$", ""),
        WarehouseConfig.location("k", "rel/wh").getPath());
    assertEquals("file:/tmp/wh", WarehouseConfig.location("k", "file:///tmp/x/../wh").toString());
  }
}
