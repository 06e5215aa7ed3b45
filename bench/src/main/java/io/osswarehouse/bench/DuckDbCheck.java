package io.osswarehouse.bench;

import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.spark.SqlModels;
import io.osswarehouse.spark.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The same metrics computed by Spark and by DuckDB from the same inputs exported to Parquet, timed on
 * both sides, and DuckDB's rows compared with the warehouse's own tables row by row: exact on DECIMAL
 * money and counts, within 1e-6 on the ratio columns (both engines divide in floating point before the
 * cast to DECIMAL(12,6)).
 */
public final class DuckDbCheck {
  /** One metric: the warehouse table, its key columns, the Spark side and the DuckDB SQL resource. */
  record Metric(String name, String table, String where, List<String> keys, String sparkModel, String duckSql,
      String input) {}

  static final List<Metric> METRICS = List.of(
      new Metric("mrr_bridge", Catalog.MRR_BRIDGE_MONTHLY.name(), null, List.of("month"), "gold/mrr_bridge_monthly",
          "mrr_bridge_monthly", "customer_mrr"),
      new Metric("revenue_retention", Catalog.REVENUE_RETENTION.name(), null, List.of("month", "variant"),
          "gold/revenue_retention", "revenue_retention", "customer_mrr"),
      new Metric("cohort_retention", Catalog.COHORT_RETENTION.name(), null, List.of("cohort_month", "months_since"),
          "gold/cohort_retention", "cohort_retention", "customer_mrr"),
      new Metric("package_downloads_daily", Catalog.FCT_PACKAGE_DOWNLOADS_DAILY.name(), "source = 'pypi_bigquery'",
          List.of("package_name", "download_date", "version", "installer", "country_code", "is_ci", "is_mirror",
              "is_bot"), null, "package_downloads_daily_pypi", "pypi_downloads"));

  /** Columns that are ratios computed by a floating-point division. */
  static final Set<String> RATIOS = Set.of("nrr", "grr", "logo_retention", "revenue_retention");
  static final double TOLERANCE = 1e-6;

  /** One metric's outcome in one run. */
  public record Outcome(String metric, long sparkMs, long duckdbMs, long rows, long mismatches, String firstMismatch) {}

  private DuckDbCheck() {}

  /** Exports the inputs, runs both engines and compares; the warehouse must hold a full rebuild as of runDate. */
  public static List<Outcome> run(Warehouse wh, Path dir, LocalDate runDate) {
    SparkSession spark = wh.spark();
    Path mrrDir = dir.resolve("customer_mrr");
    Path pypiDir = dir.resolve("pypi_downloads");
    wh.read(Catalog.CUSTOMER_MRR_MONTHLY.name()).write().mode("overwrite").parquet(mrrDir.toString());
    wh.read(Catalog.STG_PYPI__FILE_DOWNLOADS.name()).write().mode("overwrite").parquet(pypiDir.toString());
    Map<String, Path> inputs = Map.of("customer_mrr", mrrDir, "pypi_downloads", pypiDir);

    Row first = spark.read().parquet(mrrDir.toString()).agg(org.apache.spark.sql.functions.min("month")).first();
    YearMonth to = YearMonth.from(runDate);
    YearMonth from = first.isNullAt(0) ? to : YearMonth.from(((java.sql.Date) first.get(0)).toLocalDate());
    Map<String, String> params = Map.of("from_month", from.atDay(1).toString(), "to_month", to.atDay(1).toString());

    List<Outcome> out = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement st = duck.createStatement()) {
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
          st.execute("create view " + in.getKey() + " as select * from read_parquet('"
              + in.getValue().toAbsolutePath().toString().replace("'", "''") + "/*.parquet')");
        }
      }
      for (Metric m : METRICS) {
        // Spark: the project's model (or the shared plain SQL) on the same Parquet files, collected.
        long t0 = System.nanoTime();
        Dataset<Row> input = spark.read().parquet(inputs.get(m.input()).toString());
        List<Row> sparkRows;
        if (m.sparkModel() != null) {
          sparkRows = SqlModels.run(spark, m.sparkModel(), Map.of(m.input(), input), params).collectAsList();
        } else {
          input.createOrReplaceTempView(m.input());
          sparkRows = spark.sql(fill(resource(m.duckSql()), params)).collectAsList();
        }
        long sparkMs = (System.nanoTime() - t0) / 1_000_000;

        t0 = System.nanoTime();
        List<Map<String, Object>> duckRows = new ArrayList<>();
        try (Statement st = duck.createStatement();
            ResultSet rs = st.executeQuery(fill(resource(m.duckSql()), params))) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
              row.put(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), normalize(rs.getObject(i)));
            }
            duckRows.add(row);
          }
        }
        long duckMs = (System.nanoTime() - t0) / 1_000_000;
        if (sparkRows.size() != duckRows.size()) {
          // both engines ran the same definition on the same files: a different count is itself a mismatch
          out.add(new Outcome(m.name(), sparkMs, duckMs, duckRows.size(), Math.abs(sparkRows.size() - duckRows.size()),
              "Spark on Parquet " + sparkRows.size() + " rows, DuckDB " + duckRows.size()));
          continue;
        }
        out.add(compare(m, wh, duckRows, sparkMs, duckMs, from, to));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB failed: " + e.getMessage(), e);
    }
    return out;
  }

  /** DuckDB's rows against the warehouse table, by key, column by column. */
  private static Outcome compare(Metric m, Warehouse wh, List<Map<String, Object>> duckRows, long sparkMs, long duckMs,
      YearMonth from, YearMonth to) {
    Dataset<Row> table = wh.read(m.table());
    if (m.where() != null) {
      table = table.where(m.where());
    }
    List<String> columns = new ArrayList<>(duckRows.isEmpty() ? List.of() : duckRows.get(0).keySet());
    if (columns.isEmpty()) {
      columns = List.of(table.columns());
    }
    List<Row> stored = table.selectExpr(columns.toArray(String[]::new)).collectAsList();
    Map<String, Map<String, Object>> expected = new TreeMap<>();
    for (Row r : stored) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        row.put(columns.get(i), normalize(r.get(i)));
      }
      expected.put(key(m, row), row);
    }
    long mismatches = 0;
    String firstMismatch = null;
    Map<String, Map<String, Object>> actual = new TreeMap<>();
    for (Map<String, Object> row : duckRows) {
      actual.put(key(m, row), row);
    }
    for (String k : union(expected.keySet(), actual.keySet())) {
      Map<String, Object> e = expected.get(k);
      Map<String, Object> a = actual.get(k);
      String diff = e == null ? "only in DuckDB" : a == null ? "only in " + m.table() : diff(e, a);
      if (diff != null) {
        mismatches++;
        if (firstMismatch == null) {
          firstMismatch = m.name() + " [" + k + "]: " + diff;
        }
      }
    }
    return new Outcome(m.name(), sparkMs, duckMs, duckRows.size(), mismatches, firstMismatch);
  }

  private static java.util.SortedSet<String> union(Set<String> a, Set<String> b) {
    java.util.SortedSet<String> s = new java.util.TreeSet<>(a);
    s.addAll(b);
    return s;
  }

  private static String key(Metric m, Map<String, Object> row) {
    StringBuilder sb = new StringBuilder();
    for (String k : m.keys()) {
      sb.append(k).append('=').append(row.get(k)).append(' ');
    }
    return sb.toString().trim();
  }

  private static String diff(Map<String, Object> expected, Map<String, Object> actual) {
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      Object a = actual.get(e.getKey());
      Object x = e.getValue();
      boolean same;
      if (x == null || a == null) {
        same = x == a;
      } else if (x instanceof BigDecimal bx && a instanceof BigDecimal ba) {
        same = RATIOS.contains(e.getKey()) ? bx.subtract(ba).abs().doubleValue() <= TOLERANCE : bx.compareTo(ba) == 0;
      } else if (x instanceof Double || a instanceof Double) {
        same = Math.abs(((Number) x).doubleValue() - ((Number) a).doubleValue()) <= TOLERANCE;
      } else {
        same = x.equals(a);
      }
      if (!same) {
        return e.getKey() + ": warehouse " + x + ", DuckDB " + a;
      }
    }
    return null;
  }

  /** Values of both engines in one form: dates as ISO text, integers as BigDecimal, decimals as they are. */
  static Object normalize(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof LocalDate d) {
      return d.toString();
    }
    if (v instanceof BigDecimal b) {
      return b;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof java.math.BigInteger) {
      return new BigDecimal(v.toString());
    }
    if (v instanceof Float || v instanceof Double) {
      return ((Number) v).doubleValue();
    }
    return v instanceof Boolean ? v : v.toString();
  }

  static String resource(String name) {
    String path = "duckdb/" + name + ".sql";
    try (InputStream in = DuckDbCheck.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String fill(String sql, Map<String, String> params) {
    String out = sql;
    for (Map.Entry<String, String> p : params.entrySet()) {
      out = out.replace("${" + p.getKey() + "}", p.getValue());
    }
    return out;
  }
}
