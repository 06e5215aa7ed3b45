package io.osswarehouse.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.generate.SampleDataGenerator;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.spark.SparkSessions;
import io.osswarehouse.spark.Storage;
import io.osswarehouse.spark.Warehouse;
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
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly run with the warehouse and the landing folder both on an object store, whose file system
 * is the varying part: the run must match the generator's truth, skip an unchanged second run
 * (fingerprints on the object store) leaving every gold table as it was, and keep the e-mail salt
 * there. The landing folder is put there, and what was written is checked, with the store's own view
 * ({@link #upload}, {@link #storedText}, {@link #storedFolder}), not through the Hadoop file system the
 * pipeline uses. (Gold on local folders is checked against the same truth by the other end-to-end tests;
 * a second full run here would double each subclass's time.)
 */
abstract class ObjectStorageRunTestBase extends SparkTestBase {
  /** The generated world: its seed, size and months, and how many truth rows it must at least have. */
  protected record World(long seed, int organizations, LocalDate start, LocalDate end, int minTruthRows) {}

  @TempDir
  Path root;

  /** The world to generate and run: as small as the store's request costs allow. */
  protected abstract World world();

  /** The bucket both locations live in, e.g. {@code s3a://bucket}. */
  protected abstract String bucket();

  /**
   * Makes the store reachable through {@code conf}: called for both Hadoop configurations of the shared
   * session, the context's (jobs, Delta) and the catalog's copy taken at start-up, which a cluster would
   * have filled from spark.hadoop.* / core-site.xml.
   */
  protected abstract void configure(Configuration conf);

  /** Puts every file under a local folder at a location, with the store's own client (as exports land). */
  protected abstract void upload(Path folder, String location) throws IOException;

  /** A file's text as the store itself holds it, or null when there is none. */
  protected abstract String storedText(String location) throws IOException;

  /** Whether the store itself holds a folder (or objects under that prefix) at a location. */
  protected abstract boolean storedFolder(String location) throws IOException;

  private String warehouse() {
    return bucket() + "/warehouse";
  }

  private String landing() {
    return bucket() + "/landing";
  }

  private NightlyRun.Summary run(WarehouseConfig config) {
    return NightlyRun.run(RunContext.start(config, new Warehouse(session(), config.warehouse()), world().end(),
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

  @Test
  void theNightlyRunOnObjectStorageMatchesTheTruthAndSkipsAnUnchangedRerun() throws IOException {
    configure(session().sparkContext().hadoopConfiguration());
    configure(session().sharedState().hadoopConf());
    Path landing = root.resolve("landing");
    World world = world();
    SampleDataGenerator.generate(landing, world.seed(), world.organizations(), world.start(), world.end(), "USD");
    upload(landing, landing());
    WarehouseConfig remote = new WarehouseConfig(root.resolve("warehouse"), landing, "USD", 0.05, null, 2)
        .withLocations(warehouse(), landing());
    assertEquals(warehouse(), remote.warehouse().toString());
    assertThrows(IllegalStateException.class, remote::warehouseDir, "not a local folder");

    NightlyRun.Summary first = run(remote);
    Assertions.assertTrue(first.recordsLoaded() > 0);
    Map<String, List<String>> onObjectStore = gold(remote);
    Assertions.assertTrue(onObjectStore.size() >= 10 && onObjectStore.containsKey("mrr_bridge_monthly"),
        onObjectStore.keySet().toString());
    // The tables and fingerprints went to the object store; nothing to a local "<scheme>:" folder.
    Assertions.assertTrue(storedFolder(warehouse() + "/gold/customer_mrr_monthly/_delta_log"));
    assertNotNull(storedText(warehouse() + "/_meta/stage-fingerprints/step-revenue.txt"));
    String scheme = bucket().substring(0, bucket().indexOf(':'));
    assertFalse(Files.exists(Path.of(scheme + ":")), "something wrote " + scheme + ":// through java.nio");

    // Gold matches the generator's truth.
    List<String> truth = Files.readAllLines(landing.resolve("_truth/customer_mrr_monthly.csv")).stream().skip(1)
        .map(l -> l.replace(",", " | ")).sorted().collect(Collectors.toList());
    Assertions.assertTrue(truth.size() >= world.minTruthRows(), "too few truth rows: " + truth.size());
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
    assertEquals(salt, storedText(warehouse() + "/_meta/email-salt"));
    assertEquals(salt, SparkSessions.emailSalt(unsalted, Storage.of(session())));
  }
}
