package io.osswarehouse.report;

import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.spark.Warehouse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * {@code report --diff}: what changed between two renderings of one month's board report, each given by its
 * manifest (the second may be the tables as they are now), and why. Figures: every cell of the report's
 * tables that differs, the row named by its labels (month, metric, scope...). Causes: the silver and bronze
 * tables those figures are computed from (the catalog's lineage) whose Delta version moved between the two
 * manifests, with the rows added and removed (silver) or the landed files added and removed (bronze, by
 * file hash: a re-landed or late export shows as its file).
 */
public final class ReportDiff {
  /** Rows shown per table and direction; the counts are always complete. */
  static final int SAMPLE_ROWS = 10;
  private static final int MAX_VALUE_CHARS = 80;
  /** Report tables that are not figures: the versions read (they differ by design) and the definitions. */
  private static final Set<String> NOT_FIGURES = Set.of("inputs", "definitions");

  /** One figure that differs: the report table, the row's labels, the column, and its two values. */
  public record Figure(String table, String row, String column, Object before, Object after) {}

  /** One upstream table whose version moved: rows (or, in bronze, files) added and removed, with samples. */
  public record Input(String table, long fromVersion, long toVersion, String unit, long added, long removed,
      List<String> samples) {}

  public record Result(YearMonth month, List<Figure> figures, List<Input> inputs, List<String> notes) {
    /** The diff as the command prints it. */
    public List<String> lines(String before, String after) {
      List<String> out = new ArrayList<>();
      out.add("report " + month + ": " + (figures.isEmpty() ? "no figure changed" : figures.size() + " figure(s) changed")
          + " from " + before + " to " + after);
      for (Figure f : figures) {
        out.add("  " + f.table() + " [" + f.row() + "] " + f.column() + ": " + show(f.before()) + " -> " + show(f.after())
            + change(f.before(), f.after()));
      }
      if (!figures.isEmpty()) {
        out.add(inputs.isEmpty() ? "no silver or bronze table they are computed from changed between the two"
            : "silver and bronze tables they are computed from that changed between the two:");
      }
      for (Input i : inputs) {
        out.add("  " + i.table() + " v" + i.fromVersion() + " -> v" + i.toVersion() + ": " + i.added() + " " + i.unit()
            + "(s) added, " + i.removed() + " removed");
        i.samples().forEach(s -> out.add("    " + s));
      }
      notes.forEach(n -> out.add("note: " + n));
      return out;
    }
  }

  private ReportDiff() {}

  /**
   * The diff of the report {@code before} describes against the one {@code after} describes, or against
   * the tables as they are now when {@code after} is null.
   */
  public static Result diff(Warehouse wh, Path before, Path after) {
    ReportInputs old = ReportInputs.fromManifest(wh, before);
    ReportInputs now = after == null ? ReportInputs.latest(wh, old.month()) : ReportInputs.fromManifest(wh, after);
    if (!now.month().equals(old.month())) {
      throw new IllegalArgumentException(before + " is the report of " + old.month() + " but " + after + " of "
          + now.month() + "; --diff compares two renderings of one month");
    }
    List<ReportTable> a = BoardReport.build(old).tables();
    List<ReportTable> b = BoardReport.build(now).tables();
    List<String> notes = new ArrayList<>();
    List<Figure> figures = figures(a, b, notes);

    Set<String> sources = new HashSet<>();
    Map<String, ReportTable> byName = new HashMap<>();
    b.forEach(t -> byName.put(t.name(), t));
    figures.forEach(f -> sources.add(byName.containsKey(f.table()) ? byName.get(f.table()).source() : ""));
    sources.removeIf(s -> Catalog.find(s) == null);
    if (sources.isEmpty() && !figures.isEmpty()) {
      sources.addAll(now.versions().keySet()); // only summary figures moved: any gold table may be behind them
    }
    List<Input> inputs = new ArrayList<>();
    if (!figures.isEmpty() && old.upstream().isEmpty()) {
      notes.add(before + " names no silver or bronze versions (written by an earlier version): figures only");
    } else if (!figures.isEmpty()) {
      for (String table : ReportInputs.upstreamOf(sources)) {
        Long from = old.upstream().get(table);
        Long to = now.upstream().get(table);
        if (from == null || to == null || from.equals(to)) {
          continue;
        }
        try {
          inputs.add(input(old, now, table, from, to));
        } catch (RuntimeException e) {
          notes.add(table + " v" + from + " or v" + to + " can no longer be read (vacuumed?): " + firstLine(e));
        }
      }
    }
    return new Result(old.month(), figures, inputs, notes);
  }

  /** Every cell that differs between two renderings' tables, rows matched on their labels. */
  static List<Figure> figures(List<ReportTable> before, List<ReportTable> after, List<String> notes) {
    Map<String, ReportTable> old = new LinkedHashMap<>();
    before.forEach(t -> old.put(t.name(), t));
    List<Figure> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ReportTable b : after) {
      seen.add(b.name());
      ReportTable a = old.get(b.name());
      if (NOT_FIGURES.contains(b.name())) {
        continue;
      }
      if (a == null) {
        notes.add(b.name() + " is only in the second report");
        continue;
      }
      if (!a.columns().equals(b.columns())) {
        notes.add(b.name() + " has other columns in the two reports (the code changed): not compared");
        continue;
      }
      List<Integer> key = key(a, b);
      Map<List<Object>, List<Object>> rowsA = index(a, key);
      Map<List<Object>, List<Object>> rowsB = index(b, key);
      Set<List<Object>> keys = new java.util.LinkedHashSet<>(rowsB.keySet());
      keys.addAll(rowsA.keySet());
      for (List<Object> k : keys) {
        List<Object> ra = rowsA.get(k);
        List<Object> rb = rowsB.get(k);
        for (int c = 0; c < b.columns().size(); c++) {
          if (key.contains(c)) {
            continue;
          }
          Object va = ra == null ? null : ra.get(c);
          Object vb = rb == null ? null : rb.get(c);
          if (!same(va, vb) || (ra == null) != (rb == null)) {
            String label = label(k) + (ra == null ? ", new row" : rb == null ? ", row gone" : "");
            out.add(new Figure(b.name(), label, b.columns().get(c).name(), va, vb));
          }
        }
      }
    }
    old.keySet().stream().filter(n -> !seen.contains(n) && !NOT_FIGURES.contains(n))
        .forEach(n -> notes.add(n + " is only in the first report"));
    return out;
  }

  /**
   * The columns that name a row: its text and month columns, then as many count columns (months since, lag,
   * stage order) as make them unique in both tables; all columns when nothing does.
   */
  static List<Integer> key(ReportTable a, ReportTable b) {
    List<Integer> key = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (int c = 0; c < b.columns().size(); c++) {
      ReportTable.Type type = b.columns().get(c).type();
      if (type == ReportTable.Type.TEXT || type == ReportTable.Type.MONTH) {
        key.add(c);
      } else if (type == ReportTable.Type.COUNT) {
        counts.add(c);
      }
    }
    while (!(unique(a, key) && unique(b, key))) {
      if (counts.isEmpty()) {
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < b.columns().size(); c++) {
          all.add(c);
        }
        return all;
      }
      key.add(counts.remove(0));
    }
    return key;
  }

  private static boolean unique(ReportTable t, List<Integer> key) {
    Set<List<Object>> keys = new HashSet<>();
    return t.rows().stream().allMatch(r -> keys.add(normal(pick(r, key))));
  }

  private static Map<List<Object>, List<Object>> index(ReportTable t, List<Integer> key) {
    Map<List<Object>, List<Object>> rows = new LinkedHashMap<>();
    t.rows().forEach(r -> rows.put(normal(pick(r, key)), r));
    return rows;
  }

  private static List<Object> pick(List<Object> row, List<Integer> columns) {
    List<Object> out = new ArrayList<>();
    columns.forEach(c -> out.add(row.get(c)));
    return out;
  }

  /** Decimals compared by value (1.50 = 1.5), so a key or a cell does not differ by its scale alone. */
  private static List<Object> normal(List<Object> values) {
    return values.stream().map(v -> v instanceof BigDecimal d ? (Object) d.stripTrailingZeros() : v).toList();
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    return Objects.equals(a, b);
  }

  private static String label(List<Object> key) {
    return String.join(" · ", key.stream().map(ReportDiff::show).toList());
  }

  /** The rows (silver) or landed files (bronze) of a table added and removed between two versions. */
  private static Input input(ReportInputs old, ReportInputs now, String table, long from, long to) {
    Dataset<Row> a = old.table(table);
    Dataset<Row> b = now.table(table);
    List<String> columns = List.of(a.columns());
    if (Catalog.table(table).layer().equals("bronze") && columns.contains(IngestMetadata.FILE_SHA256)
        && List.of(b.columns()).contains(IngestMetadata.FILE_SHA256)) {
      return files(table, from, to, a, b);
    }
    Column[] comparable = java.util.Arrays.stream(b.schema().fields())
        .filter(f -> columns.contains(f.name()) && !(f.dataType() instanceof MapType)) // set operations refuse maps
        .map(StructField::name).map(functions::col).toArray(Column[]::new);
    Dataset<Row> added = b.select(comparable).exceptAll(a.select(comparable)).cache();
    Dataset<Row> removed = a.select(comparable).exceptAll(b.select(comparable)).cache();
    try {
      List<String> samples = new ArrayList<>();
      added.limit(SAMPLE_ROWS).collectAsList().forEach(r -> samples.add("+ " + row(r)));
      removed.limit(SAMPLE_ROWS).collectAsList().forEach(r -> samples.add("- " + row(r)));
      return new Input(table, from, to, "row", added.count(), removed.count(), samples);
    } finally {
      added.unpersist();
      removed.unpersist();
    }
  }

  private static Input files(String table, long from, long to, Dataset<Row> a, Dataset<Row> b) {
    Map<String, Row> before = files(a);
    Map<String, Row> after = files(b);
    List<String> samples = new ArrayList<>();
    long added = 0;
    long removed = 0;
    for (String sha : new TreeSet<>(after.keySet())) {
      if (!before.containsKey(sha)) {
        added++;
        if (samples.size() < SAMPLE_ROWS) {
          samples.add("+ file " + after.get(sha).getString(1) + " (" + rows(after.get(sha).getLong(2)) + ", sha256 "
              + sha.substring(0, Math.min(12, sha.length())) + ")");
        }
      }
    }
    for (String sha : new TreeSet<>(before.keySet())) {
      if (!after.containsKey(sha)) {
        removed++;
        if (samples.size() < 2 * SAMPLE_ROWS) {
          samples.add("- file " + before.get(sha).getString(1) + " (" + rows(before.get(sha).getLong(2)) + ")");
        }
      }
    }
    return new Input(table, from, to, "file", added, removed, samples);
  }

  /** Landed file hash → (hash, first file name, rows). */
  private static Map<String, Row> files(Dataset<Row> bronze) {
    Map<String, Row> out = new HashMap<>();
    bronze.groupBy(IngestMetadata.FILE_SHA256).agg(functions.min(IngestMetadata.SOURCE_FILE), functions.count("*"))
        .collectAsList().forEach(r -> out.put(r.getString(0), r));
    return out;
  }

  private static String rows(long n) {
    return n + (n == 1 ? " row" : " rows");
  }

  private static String row(Row r) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      if (!r.isNullAt(i)) {
        cells.add(r.schema().fields()[i].name() + "=" + show(r.get(i)));
      }
    }
    return String.join(", ", cells);
  }

  private static String show(Object v) {
    if (v == null) {
      return "(none)";
    }
    String s = v instanceof BigDecimal d ? d.toPlainString() : v.toString();
    return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) + "…" : s;
  }

  private static String change(Object a, Object b) {
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    return x == null || y == null ? "" : " (" + (y.compareTo(x) >= 0 ? "+" : "") + y.subtract(x).toPlainString() + ")";
  }

  private static BigDecimal number(Object v) {
    return v instanceof BigDecimal d ? d : v instanceof Long l ? BigDecimal.valueOf(l) : null;
  }

  private static String firstLine(RuntimeException e) {
    String m = String.valueOf(e.getMessage()).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
