package io.osswarehouse.dictionary;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The descriptions of every table and column, kept in one file per layer: {@code sql/dictionary/<layer>.json}
 * in the repository (next to the SQL models; packaged on the classpath as {@code sql/dictionary/}). Java-built
 * and SQL-built tables are described the same way. {@code Warehouse} writes them into the Delta tables as
 * table and column comments; {@code bin/warehouse docs} reads them back from the tables.
 */
public final class DataDictionary {
  /** Table properties next to the Delta description (the table comment). */
  public static final String GRAIN_PROPERTY = "osswarehouse.grain";
  public static final String KEYS_PROPERTY = "osswarehouse.keys";

  /**
   * One table's entry: its description, grain, business key and column descriptions, and its invariants:
   * {@code checks} (name → SQL condition every row must meet) and {@code nullableKeys}, the key columns
   * that may be null (every other key column may not).
   */
  public record TableDoc(String description, String grain, List<String> keys, Map<String, String> columns,
      Map<String, String> checks, List<String> nullableKeys) {
    public TableDoc {
      keys = keys == null ? List.of() : List.copyOf(keys);
      columns = columns == null ? Map.of() : new LinkedHashMap<>(columns);
      checks = checks == null ? Map.of() : new LinkedHashMap<>(checks);
      nullableKeys = nullableKeys == null ? List.of() : List.copyOf(nullableKeys);
    }
  }

  /**
   * One layer's file: tables by name, and {@code common_columns} that mean the same in every table of the
   * layer that has them (lineage columns, {@code _run_id}); a table's own entry wins.
   */
  record LayerFile(Map<String, TableDoc> tables, Map<String, String> commonColumns,
      Map<String, Map<String, String>> commonChecks) {
    LayerFile {
      tables = tables == null ? Map.of() : tables;
      commonColumns = commonColumns == null ? Map.of() : commonColumns;
      commonChecks = commonChecks == null ? Map.of() : commonChecks;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(JsonParser.Feature.ALLOW_COMMENTS, false)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

  private static final Map<String, LayerFile> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

  private DataDictionary() {}

  private static LayerFile layer(String layer) {
    return CACHE.computeIfAbsent(layer, l -> {
      String resource = "sql/dictionary/" + l + ".json";
      try (InputStream in = DataDictionary.class.getClassLoader().getResourceAsStream(resource)) {
        return in == null ? new LayerFile(null, null, null) : JSON.readValue(in, LayerFile.class);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the data dictionary " + resource + ": " + e.getMessage(), e);
      }
    });
  }

  /** The entry of {@code <layer>.<table>}, or null when the dictionary does not describe it. */
  public static TableDoc table(String table) {
    String[] parts = table.split("\\.", 2);
    return layer(parts[0]).tables().get(parts[1]);
  }

  /** Every table the layer's file describes, by name. */
  public static Map<String, TableDoc> tables(String layer) {
    return layer(layer).tables();
  }

  /** A column's description: the table's own, else the layer's common one, else null. */
  public static String column(String table, String column) {
    String[] parts = table.split("\\.", 2);
    TableDoc doc = table(table);
    if (doc != null && doc.columns().containsKey(column)) {
      return doc.columns().get(column);
    }
    return layer(parts[0]).commonColumns().get(column);
  }

  /** Prefix of the Delta table properties that hold CHECK constraints. */
  public static final String CONSTRAINT_PROPERTY = "delta.constraints.";

  /**
   * The Delta CHECK constraints of a table with these columns, by name: {@code <key>_not_null} for every
   * key column not declared nullable, the table's own checks, and the layer's checks of columns it has
   * (a currency is three upper-case letters wherever a table has one). Empty for undescribed tables.
   */
  public static Map<String, String> constraints(String table, java.util.Collection<String> columnNames) {
    Map<String, String> out = new java.util.TreeMap<>();
    TableDoc doc = table(table);
    if (doc == null) {
      return out;
    }
    for (String key : doc.keys()) {
      if (!doc.nullableKeys().contains(key) && columnNames.contains(key)) {
        out.put(key.toLowerCase(java.util.Locale.ROOT) + "_not_null", "`" + key + "` IS NOT NULL");
      }
    }
    String[] parts = table.split("\\.", 2);
    layer(parts[0]).commonChecks().forEach((column, checks) -> {
      if (columnNames.contains(column)) {
        out.putAll(checks);
      }
    });
    out.putAll(doc.checks());
    return out;
  }
}
