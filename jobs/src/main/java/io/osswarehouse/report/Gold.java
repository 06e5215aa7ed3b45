package io.osswarehouse.report;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.YearMonth;
import java.util.List;
import org.apache.spark.sql.Row;

/** Small read helpers over gold tables, keyed by month (gold's {@code month} is the month's first day). */
final class Gold {
  private Gold() {}

  static String date(YearMonth m) {
    return "date'" + m.atDay(1) + "'";
  }

  static YearMonth month(Row r, String column) {
    return YearMonth.from(((Date) r.get(r.fieldIndex(column))).toLocalDate());
  }

  /** The column of the row for {@code month}, or null when gold has no such row. */
  static BigDecimal at(List<Row> rows, String monthColumn, YearMonth month, String column) {
    for (Row r : rows) {
      if (month(r, monthColumn).equals(month)) {
        Object v = r.get(r.fieldIndex(column));
        return v == null ? null : v instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) v).longValue());
      }
    }
    return null;
  }
}
