package io.osswarehouse.spark;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The warehouse on disk: one folder per layer ({@code <warehouse>/<layer>/<table>}), every table a
 * Delta table registered in Spark's catalog as {@code <layer>.<table>}. Spark's built-in catalog is
 * in-memory, so {@link #registerAll()} re-registers existing tables at start-up; the Delta folders
 * are the source of truth. All writes go through the idempotent helpers here.
 */
public final class Warehouse {
  public static final List<String> LAYERS = List.of("bronze", "silver", "gold", "meta");

  private final SparkSession spark;
  private final Path root;
  private boolean registered;

  public Warehouse(SparkSession spark, Path root) {
    this.spark = spark;
    this.root = root;
  }

  public SparkSession spark() {
    return spark;
  }

  public Path root() {
    return root;
  }

  public Path path(String table) {
    String[] parts = split(table);
    return root.resolve(parts[0]).resolve(parts[1]);
  }

  public boolean exists(String table) {
    return Files.isDirectory(path(table).resolve("_delta_log"));
  }

  /**
   * Creates the layer databases and registers every Delta table found under this warehouse root,
   * first dropping registrations that point elsewhere (a session may have served another warehouse;
   * dropping an external table's registration never touches its files).
   */
  public void registerAll() {
    if (registered) {
      return; // this instance registered every table already and keeps registrations current on write
    }
    registered = true;
    for (String layer : LAYERS) {
      spark.sql("CREATE DATABASE IF NOT EXISTS " + layer + " LOCATION '" + root.resolve(layer).toUri() + "'");
      for (Row t : spark.sql("SHOW TABLES IN " + layer).collectAsList()) {
        if (!t.getBoolean(2)) {
          spark.sql("DROP TABLE IF EXISTS " + layer + "." + t.getString(1));
        }
      }
      Path dir = root.resolve(layer);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> tables = Files.list(dir)) {
        for (Path t : tables.sorted().collect(Collectors.toList())) {
          if (Files.isDirectory(t.resolve("_delta_log"))) {
            register(layer + "." + t.getFileName());
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    AnalystViews.register(spark, root);
  }

  private void register(String table) {
    spark.sql("CREATE TABLE IF NOT EXISTS " + table + " USING delta LOCATION '" + path(table).toUri() + "'");
  }

  /** Reads a table; an absent table reads as null so callers decide what "nothing yet" means. */
  public Dataset<Row> readOrNull(String table) {
    return exists(table) ? spark.read().format("delta").load(path(table).toString()) : null;
  }

  public Dataset<Row> read(String table) {
    Dataset<Row> df = readOrNull(table);
    if (df == null) {
      throw new IllegalStateException("table " + table + " does not exist yet; run `warehouse run` first");
    }
    return df;
  }

  /** Atomically replaces the rows matching {@code predicate} with {@code rows} (all must match it). */
  public void replaceWhere(String table, Dataset<Row> rows, String predicate, String... partitionBy) {
    if (!exists(table)) {
      rows.write().format("delta").mode("overwrite").partitionBy(partitionBy).save(path(table).toString());
    } else {
      rows.write().format("delta").mode("overwrite").option("replaceWhere", predicate).save(path(table).toString());
    }
    register(table);
  }

  /** Atomically replaces the whole table (small gold aggregates rebuilt in full). */
  public void overwrite(String table, Dataset<Row> rows) {
    rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(path(table).toString());
    register(table);
  }

  /**
   * Appends rows (only for the run audit log, which is a log by design). New columns are merged in,
   * so a warehouse written by an earlier version keeps working.
   */
  public void append(String table, Dataset<Row> rows) {
    rows.write().format("delta").mode("append").option("mergeSchema", "true").save(path(table).toString());
    register(table);
  }

  /** Upserts {@code rows} on the business key columns: matched rows are replaced, new rows inserted. */
  public void merge(String table, Dataset<Row> rows, String... keys) {
    if (!exists(table)) {
      rows.write().format("delta").mode("overwrite").save(path(table).toString());
      register(table);
      return;
    }
    String condition = Stream.of(keys).map(k -> "t." + k + " <=> s." + k).collect(Collectors.joining(" AND "));
    DeltaTable.forPath(spark, path(table).toString()).as("t")
        .merge(rows.as("s"), condition)
        .whenMatched().updateAll()
        .whenNotMatched().insertAll()
        .execute();
  }

  private static String[] split(String table) {
    String[] parts = table.split("\\.");
    if (parts.length != 2 || !LAYERS.contains(parts[0])) {
      throw new IllegalArgumentException("table names are <layer>.<name> with layer in " + LAYERS + ": " + table);
    }
    return parts;
  }
}
