package io.osswarehouse.report;

import java.time.YearMonth;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A section the board report will have once its gold tables and its rendering exist (issue 4: the
 * funnel). Until then it only says so, never shows placeholder numbers.
 */
record PlannedSection(String title, List<String> goldTables) implements ReportSection {
  @Override
  public Content build(SparkSession spark, YearMonth month) {
    return Content.note("not available: " + String.join(", ", goldTables) + " built but no report section yet ("
        + title + ")");
  }
}
