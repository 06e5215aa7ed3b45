package io.osswarehouse.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.spark.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;

/**
 * The tables a board report reads, each at one Delta version: the latest ones when a report is written,
 * a manifest's when it is re-rendered ({@code report --as-of}). Every query of the report goes through
 * {@link #rows}, which reads each table it names at its version (time travel), so a later run that restates
 * a month changes nothing in a re-rendered report. The manifest lies beside the report's files.
 */
public final class ReportInputs {
  public static final String MANIFEST = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Warehouse wh;
  private final YearMonth month;
  /** Table name → Delta version read; tables that did not exist are absent. */
  private final Map<String, Long> versions;
  /**
   * The silver and bronze tables gold is computed from, each at its version when the report was written:
   * not read by the report, recorded so that {@code report --diff} can name the input rows behind a change.
   */
  private final Map<String, Long> upstream;
  private final List<Map.Entry<String, Pattern>> names = new ArrayList<>();

  private ReportInputs(Warehouse wh, YearMonth month, Map<String, Long> versions, Map<String, Long> upstream) {
    this.wh = wh;
    this.month = month;
    this.versions = new TreeMap<>(versions);
    this.upstream = new TreeMap<>(upstream);
    // Longest names first, so that no name is replaced inside a longer one.
    this.versions.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed())
        .forEach(t -> names.add(Map.entry(t, Pattern.compile("(?<![\\w.`])" + Pattern.quote(t) + "(?![\\w])"))));
  }

  /** Every gold table and the run audit as they are now. */
  static ReportInputs latest(Warehouse wh, YearMonth month) {
    Map<String, Long> versions = new TreeMap<>();
    List<String> tables = new ArrayList<>(Catalog.tables().stream().filter(t -> t.layer().equals("gold"))
        .map(io.osswarehouse.catalog.Table::name).toList());
    tables.add(AuditLog.TABLE);
    Map<String, Long> upstream = new TreeMap<>();
    for (String table : upstreamOf(tables)) {
      if (wh.exists(table)) {
        upstream.put(table, version(wh, table));
      }
    }
    for (String table : tables) {
      if (wh.exists(table)) {
        versions.put(table, version(wh, table));
      }
    }
    return new ReportInputs(wh, month, versions, upstream);
  }

  /** A table's latest Delta version. */
  static long version(Warehouse wh, String table) {
    return DeltaLog.forTable(wh.spark(), wh.path(table).toString()).update(false, scala.Option.empty(),
        scala.Option.empty()).version();
  }

  /**
   * The silver and bronze tables the given tables are computed from, directly or not, as the catalog
   * declares them; the logs (run audit, quarantine) are left out.
   */
  static java.util.SortedSet<String> upstreamOf(java.util.Collection<String> tables) {
    java.util.Set<String> seen = new java.util.HashSet<>(tables);
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(tables);
    java.util.SortedSet<String> found = new java.util.TreeSet<>();
    while (!todo.isEmpty()) {
      io.osswarehouse.catalog.Table t = Catalog.find(todo.pop());
      for (String input : t == null ? List.<String>of() : t.inputs()) {
        io.osswarehouse.catalog.Table in = Catalog.find(input);
        if (in == null || in.materialization() == io.osswarehouse.catalog.Table.Materialization.LOG || !seen.add(input)) {
          continue;
        }
        todo.push(input);
        if (!in.layer().equals("gold")) {
          found.add(input);
        }
      }
    }
    return found;
  }

  /** The inputs a manifest written with an earlier report names. */
  static ReportInputs fromManifest(Warehouse wh, Path manifest) {
    try {
      JsonNode root = JSON.readTree(manifest.toFile());
      if (root == null || !root.hasNonNull("month") || !root.has("tables")) {
        throw new IllegalArgumentException(manifest + " is not a report manifest (no month or tables)");
      }
      Map<String, Long> versions = new TreeMap<>();
      root.get("tables").fields().forEachRemaining(e -> versions.put(e.getKey(), e.getValue().asLong()));
      Map<String, Long> upstream = new TreeMap<>();
      if (root.has("upstream")) {
        root.get("upstream").fields().forEachRemaining(e -> upstream.put(e.getKey(), e.getValue().asLong()));
      }
      return new ReportInputs(wh, YearMonth.parse(root.get("month").asText()), versions, upstream);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the report manifest " + manifest + ": " + e.getMessage(), e);
    }
  }

  YearMonth month() {
    return month;
  }

  Map<String, Long> versions() {
    return versions;
  }

  /** The versions of the silver and bronze tables gold was computed from (empty in older manifests). */
  Map<String, Long> upstream() {
    return upstream;
  }

  /** A table at the version these inputs name, read or upstream; null when they name none. */
  org.apache.spark.sql.Dataset<Row> table(String table) {
    Long version = versions.containsKey(table) ? versions.get(table) : upstream.get(table);
    return version == null ? null : wh.spark().read().format("delta").option("versionAsOf", version)
        .load(wh.path(table).toString());
  }

  Warehouse warehouse() {
    return wh;
  }

  /** Whether the table was there to read. */
  boolean exists(String table) {
    return versions.containsKey(table);
  }

  /** The rows of a query over these tables, each read at its version. */
  List<Row> rows(String sql) {
    return wh.spark().sql(pinned(sql)).collectAsList();
  }

  /** The query with each table name replaced by its path at its version ({@code delta.`…@vN`}). */
  String pinned(String sql) {
    String out = sql;
    for (Map.Entry<String, Pattern> name : names) {
      String ref = "delta.`" + wh.path(name.getKey()) + "@v" + versions.get(name.getKey()) + "`";
      out = name.getValue().matcher(out).replaceAll(Matcher.quoteReplacement(ref));
    }
    return out;
  }

  /** Writes the manifest: the month and each table's version, enough to render the same report again. */
  Path writeManifest(Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("month", month.toString());
    root.put("warehouse", io.osswarehouse.config.WarehouseConfig.display(wh.root().toUri()));
    ObjectNode tables = root.putObject("tables");
    versions.forEach(tables::put);
    ObjectNode up = root.putObject("upstream");
    upstream.forEach(up::put);
    Path file = dir.resolve(MANIFEST);
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    return file;
  }
}
