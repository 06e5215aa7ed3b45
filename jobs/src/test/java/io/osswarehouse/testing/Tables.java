package io.osswarehouse.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Renders rows as sorted "a | b | c" lines so expectations read like a small golden table. */
public final class Tables {
  private Tables() {}

  public static List<String> lines(Dataset<Row> df, String... columns) {
    Dataset<Row> selected = columns.length == 0 ? df : df.selectExpr(columns);
    List<String> out = new ArrayList<>();
    for (Row r : selected.collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        cells.add(v == null ? "null" : v instanceof BigDecimal ? ((BigDecimal) v).toPlainString() : v.toString());
      }
      out.add(String.join(" | ", cells));
    }
    return out.stream().sorted().collect(Collectors.toList());
  }
}
