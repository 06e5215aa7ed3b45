package io.osswarehouse.silver.downloads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.downloads.PypiDownloadsSource;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.junit.jupiter.api.Test;

/** {@code stg_pypi__file_downloads} on a few bronze rows: its de-duplication, and its one shuffle. */
class PypiDownloadsModelTest extends SparkTestBase {
  private static final String JSON = "{\"timestamp\":\"2025-12-01 10:00:00 +00:00\",\"project\":\"p\","
      + "\"file\":{\"filename\":\"p-1.0.tar.gz\",\"project\":\"p\",\"version\":\"1.0\",\"type\":\"sdist\"},"
      + "\"details\":{\"installer\":{\"name\":\"pip\",\"version\":\"25.0\"},\"ci\":true}}";

  private static Row row(String file, long position, String rowSha, long ingestedMillis) {
    return RowFactory.create("file_download", Timestamp.valueOf("2025-12-01 10:00:00"), "p", rowSha, JSON, file,
        "sha-" + file, position, new Timestamp(ingestedMillis), "run-" + ingestedMillis, Date.valueOf("2025-12-01"));
  }

  private Dataset<Row> bronze(List<Row> rows) {
    return session().createDataFrame(rows, IngestMetadata.withMetadata(new PypiDownloadsSource().recordSchema()));
  }

  @Test
  void aRowInTwoExportsCountsOnceAndTwoIdenticalRequestsInOneFileTwice() {
    Dataset<Row> out = DownloadsSilverStage.pypiDownloads(session(), bronze(List.of(
        row("a.json", 1, "r1", 1_000), row("a.json", 2, "r1", 1_000), // same second, same content: two requests
        row("b.json", 7, "r1", 2_000), // a re-export of the first of them: the latest landed copy wins
        row("b.json", 8, "r2", 2_000))));
    assertEquals(List.of("a.json | 2 | pip | true", "b.json | 7 | pip | true", "b.json | 8 | pip | true"),
        Tables.lines(out.selectExpr("_source_file", "_record_position", "installer", "is_ci")));
    assertEquals(3, out.select("row_key").distinct().count());
  }

  @Test
  void bothWindowsOfTheDeduplicationShareOneShuffle() {
    Dataset<Row> out = DownloadsSilverStage.pypiDownloads(session(), bronze(List.of(row("a.json", 1, "r1", 1_000))));
    out.collectAsList(); // an adaptive plan (production's) is final once run
    SparkPlan executed = out.queryExecution().executedPlan();
    String plan = (executed instanceof AdaptiveSparkPlanExec adaptive ? adaptive.executedPlan() : executed).toString();
    assertEquals(1, plan.split("Exchange hashpartitioning", -1).length - 1, "shuffles in\n" + plan);
  }
}
