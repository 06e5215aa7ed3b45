package io.osswarehouse.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints query results as an aligned table, CSV (header then rows) or JSON Lines. */
final class ResultPrinter {
  enum Format { table, csv, json }

  private ResultPrinter() {}

  static void print(Dataset<Row> df, Format format, int maxTableRows, PrintStream out) {
    switch (format) {
      case csv:
        csv(df, out);
        break;
      case json:
        Iterator<String> it = df.toJSON().toLocalIterator();
        while (it.hasNext()) {
          out.println(it.next());
        }
        break;
      default:
        table(df, maxTableRows, out);
    }
    out.flush();
  }

  private static void csv(Dataset<Row> df, PrintStream out) {
    try {
      CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build());
      printer.printRecord((Object[]) df.columns());
      Iterator<Row> it = df.toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
          values.add(text(r.get(i)));
        }
        printer.printRecord(values);
      }
      printer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void table(Dataset<Row> df, int maxRows, PrintStream out) {
    String[] columns = df.columns();
    List<Row> rows = df.limit(maxRows + 1).collectAsList();
    List<String[]> cells = new ArrayList<>();
    int[] width = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      width[i] = columns[i].length();
    }
    for (Row r : rows.subList(0, Math.min(rows.size(), maxRows))) {
      String[] line = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        line[i] = text(r.get(i));
        width[i] = Math.max(width[i], line[i].length());
      }
      cells.add(line);
    }
    out.println(line(columns, width, df));
    StringBuilder rule = new StringBuilder();
    for (int w : width) {
      rule.append(rule.length() == 0 ? "" : "-+-").append("-".repeat(w));
    }
    out.println(rule);
    for (String[] c : cells) {
      out.println(line(c, width, df));
    }
    out.printf("(%d row%s%s)%n", cells.size(), cells.size() == 1 ? "" : "s",
        rows.size() > maxRows ? ", more not shown: use --format csv for all" : "");
  }

  private static String line(String[] values, int[] width, Dataset<Row> df) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      boolean numeric = df.schema().fields()[i].dataType() instanceof org.apache.spark.sql.types.NumericType;
      String v = values[i];
      String padded = numeric ? " ".repeat(width[i] - v.length()) + v : v + " ".repeat(width[i] - v.length());
      sb.append(i == 0 ? "" : " | ").append(padded);
    }
    return sb.toString().stripTrailing();
  }

  static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof BigDecimal) {
      return ((BigDecimal) v).toPlainString();
    }
    return v.toString();
  }
}
