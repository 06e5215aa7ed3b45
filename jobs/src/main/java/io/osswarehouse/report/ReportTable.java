package io.osswarehouse.report;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One table behind a chart or the summary, written as an XLSX sheet and a CSV file. Values are typed
 * ({@link java.time.LocalDate}, {@link BigDecimal}, {@link Long}, {@link String} or null) so the
 * workbook gets numeric cells, never numbers as text.
 *
 * @param name sheet and CSV file name (lower_snake_case)
 * @param title what the table is, for the reader
 * @param source the gold table(s) the values come from
 */
public record ReportTable(String name, String title, String source, List<Column> columns, List<List<Object>> rows) {

  /** How a column's values are shown: months as dates, money and ratios as numbers with a format. */
  public enum Type { TEXT, MONTH, MONEY, RATIO, COUNT, NUMBER }

  public record Column(String name, Type type) {}

  public static Column col(String name, Type type) {
    return new Column(name, type);
  }

  /** The named columns of Spark rows, converted to the report's value types. */
  public static ReportTable of(String name, String title, String source, List<Column> columns, List<Row> sparkRows) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row r : sparkRows) {
      List<Object> values = new ArrayList<>();
      for (Column c : columns) {
        values.add(value(r.get(r.fieldIndex(c.name()))));
      }
      rows.add(values);
    }
    return new ReportTable(name, title, source, columns, rows);
  }

  static Object value(Object v) {
    if (v instanceof Date d) {
      return d.toLocalDate();
    }
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Double d) {
      return BigDecimal.valueOf(d); // plain decimals in the CSV, never 1.0E-4
    }
    return v;
  }
}
