package io.osswarehouse.dictionary;

import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.testing.FixtureWarehouse;

import io.osswarehouse.testing.PipelineTest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.tables.DeltaTable;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.generate.SampleDataGenerator;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data dictionary on the shared fixture warehouse (a generated world the pipeline built, read only):
 * every gold column is described in the tables' own metadata, the dictionary names nothing that does
 * not exist, comments cost no Delta commit unless they change (on a copy of one table), and
 * docs/data-dictionary.md is what `bin/warehouse docs` writes for it.
 */
@PipelineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataDictionaryTest extends io.osswarehouse.testing.SparkTestBase {
  /** Committed generated file, relative to the jobs module (the tests' working directory). */
  private static final Path COMMITTED = Path.of("..", "docs", "data-dictionary.md");

  @TempDir
  static Path root;

  private Warehouse warehouse() {
    Warehouse wh = new Warehouse(session(), FixtureWarehouse.warehouse(session()));
    wh.registerAll();
    return wh;
  }

  private List<String> operations(Warehouse wh, String table) {
    return DeltaTable.forPath(session(), wh.path(table).toString()).history().orderBy("version")
        .select("operation").collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Test
  @Order(1)
  void everyGoldTableHasADescriptionGrainKeysAndEveryColumnADescription() throws IOException {
    Warehouse wh = warehouse();
    List<DictionaryMarkdown.TableMetadata> gold = DictionaryMarkdown.read(wh, "gold");
    Assertions.assertTrue(gold.size() > 10, "too few gold tables to mean anything: " + gold.size());
    List<String> missing = new ArrayList<>();
    for (DictionaryMarkdown.TableMetadata t : gold) {
      if (t.description() == null || t.description().isBlank()) {
        missing.add(t.table() + " (table description)");
      }
      if (t.grain() == null || t.keys() == null) {
        missing.add(t.table() + " (grain or keys)");
      }
      t.undescribedColumns().forEach(c -> missing.add(t.table() + "." + c));
    }
    assertEquals(List.of(), missing, "describe these in sql/dictionary/gold.json");
  }

  @Test
  @Order(2)
  void theDictionaryNamesOnlyTablesAndColumnsThatExist() {
    Warehouse wh = warehouse();
    List<String> unknown = new ArrayList<>();
    for (String layer : Warehouse.LAYERS) {
      Set<String> onDisk = new TreeSet<>(wh.tablesOnDisk(layer));
      for (Map.Entry<String, DataDictionary.TableDoc> e : DataDictionary.tables(layer).entrySet()) {
        String table = layer + "." + e.getKey();
        if (!onDisk.contains(e.getKey())) {
          // Written only when a record is rejected (the generated world lands only valid records), and for
          // pypistats API files, which the generator does not write (real samples cover them), and the erasure
          // deny-list, written by the first `forget` (ErasureTest reads it).
          if (!table.equals(Catalog.QUARANTINE.name()) && !table.equals(Catalog.PYPISTATS__DOWNLOADS.name())
              && !table.equals(Catalog.FORGOTTEN.name())) {
            unknown.add(table);
          }
          continue;
        }
        Set<String> columns = new TreeSet<>();
        for (StructField f : wh.read(table).schema().fields()) {
          columns.add(f.name());
        }
        e.getValue().columns().keySet().stream().filter(c -> !columns.contains(c)).forEach(c -> unknown.add(table + "." + c));
        e.getValue().keys().stream().filter(c -> !columns.contains(c)).forEach(c -> unknown.add(table + " key " + c));
      }
    }
    assertEquals(List.of(), unknown, "the dictionary describes tables or columns the warehouse does not have");
  }

  @Test
  @Order(3)
  void bronzeAndMetaAreFullyDescribedTooAndSilverCoverageIsReported() {
    Map<String, int[]> coverage = DictionaryMarkdown.coverage(warehouse());
    coverage.forEach((layer, c) -> System.out.printf("data dictionary coverage: %s %d of %d columns, %d table(s) undescribed%n",
        layer, c[0], c[1], c[2]));
    // Silver is reported, not enforced: new staging tables may land before their descriptions.
    for (String layer : List.of("bronze", "meta")) {
      assertEquals(coverage.get(layer)[1], coverage.get(layer)[0], layer + " columns described");
      assertEquals(0, coverage.get(layer)[2], layer + " tables without a description");
    }
  }

  @Test
  @Order(4)
  void commentsCostNoCommitUnlessTheDictionaryChanges() {
    // On a copy of one table: the fixture is shared and read only.
    String table = Catalog.MRR_BRIDGE_MONTHLY.name();
    Path copy = root.resolve("warehouse");
    io.osswarehouse.testing.FixtureWarehouse.copyTable(session(), table, copy);
    Warehouse wh = new Warehouse(session(), copy);
    wh.registerAll();
    List<String> ops = operations(wh, table);
    // The column comments, description, grain and keys travel with the first write: no commit of their own.
    assertEquals("CREATE TABLE AS SELECT", ops.get(0), ops.toString());
    assertEquals(0, ops.stream().filter(o -> o.equals("CHANGE COLUMN")).count(), ops.toString());
    assertEquals(0, ops.stream().filter(o -> o.equals("SET TBLPROPERTIES")).count(), ops.toString());

    // A comment that differs from the dictionary (as after editing it) is corrected by the next write, once.
    session().sql("ALTER TABLE delta.`" + wh.path(table) + "` ALTER COLUMN ending_mrr COMMENT 'stale'");
    int before = operations(wh, table).size();
    String january = "month = date'2025-01-01'";
    wh.replaceWhere(table, wh.read(table).where(january), january);
    new Warehouse(session(), copy).replaceWhere(table, wh.read(table).where(january), january);
    assertEquals(List.of("WRITE", "CHANGE COLUMN", "WRITE"), operations(wh, table).subList(before, before + 3));
    assertEquals(before + 3, operations(wh, table).size());
    assertEquals(DataDictionary.column(table, "ending_mrr"),
        wh.read(table).schema().apply("ending_mrr").getComment().get());
  }

  @Test
  @Order(5)
  void theCommittedDataDictionaryIsWhatTheDocsCommandWrites() throws IOException {
    String generated = DictionaryMarkdown.render(warehouse());
    String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
    if (!generated.equals(committed)) {
      Path fresh = Path.of("target", "data-dictionary.md");
      Files.writeString(fresh, generated, StandardCharsets.UTF_8);
      Assertions.fail("docs/data-dictionary.md is out of date: review and copy jobs/" + fresh
          + " over it (or run bin/warehouse docs --out docs/data-dictionary.md on a warehouse built by `bin/demo`)");
    }
  }
}
