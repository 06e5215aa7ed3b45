package io.osswarehouse.ingest.downloads;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A PyPI export's timestamp text, read by Spark's cast where it can and by rewriting the zone otherwise, is
 * the instant the rewrite alone gave for every form BigQuery writes and for malformed ones.
 */
class PypiTimestampTest extends SparkTestBase {
  @Test
  void everyFormReadsAsTheZoneRewriteReadsIt() {
    List<String> texts = Arrays.asList("2021-01-07 20:54:54 UTC", "2021-01-07 20:54:54.123456 UTC",
        "2021-01-07 20:54:54 +00:00", "2021-01-07 20:54:54+00:00", "2021-01-07 22:54:54 +02:00",
        "2021-01-07 15:54:54 -05:00", "2021-01-07T20:54:54Z", "2021-01-07T20:54:54.5Z", " 2021-01-07 20:54:54 UTC ",
        "2021-01-07 20:54:54  UTC", "2021-01-07 20:54:54 +0000", "2021-01-07 20:54:54UTC", "2021-01-07",
        "not a time", "", null);
    List<Row> rows = new ArrayList<>();
    for (String t : texts) {
      rows.add(RowFactory.create(t));
    }
    var df = session().createDataFrame(rows, new StructType().add("t", DataTypes.StringType));
    List<Row> out = df.select(col("t"), PypiDownloadsSource.timestamp(col("t")).cast("string").as("now"),
        regexp_replace(regexp_replace(trim(col("t")), " ?UTC$", "Z"), " ([+-][0-9:]+)$", "$1").cast("timestamp")
            .cast("string").as("rewrite")).collectAsList();
    for (Row r : out) {
      assertEquals(r.getString(2), r.getString(1), "for " + r.getString(0));
    }
    assertEquals("2021-01-07 20:54:54", out.get(0).getString(1));
    assertEquals("2021-01-07 20:54:54.123456", out.get(1).getString(1));
    for (int i = 2; i <= 6; i++) {
      assertEquals("2021-01-07 20:54:54", out.get(i).getString(1), texts.get(i));
    }
    assertEquals(null, out.get(13).getString(1));
  }
}
