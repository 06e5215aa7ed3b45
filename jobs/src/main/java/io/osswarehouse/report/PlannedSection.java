package io.osswarehouse.report;

import java.time.YearMonth;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A section the board report will have once its gold table and its rendering exist (issue 4: funnel,
 * downloads vs revenue). Until then it only says so, never shows placeholder numbers.
 */
record PlannedSection(String title, String goldTable) implements ReportSection {
  @Override
  public List<String> goldTables() {
    return List.of(goldTable);
  }

  @Override
  public Content build(SparkSession spark, YearMonth month) {
    return Content.note("not available: " + goldTable + " is built but has no report section yet (" + title + ")");
  }
}
