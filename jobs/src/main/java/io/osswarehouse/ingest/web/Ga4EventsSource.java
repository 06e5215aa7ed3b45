package io.osswarehouse.ingest.web;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.LineLandingSource;
import java.nio.file.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * GA4 BigQuery export tables landed as NDJSON, {@code <landing>/web/ga4/events_YYYYMMDD[anything].json[.gz]}
 * (also {@code .jsonl}/{@code .ndjson}; a JSON array or one pretty-printed row is split on the driver).
 * The table date comes from the file name: GA4 rewrites a daily table for up to three days, and silver
 * keeps only the latest landed version of each table date. Bronze keeps each row's raw JSON and its
 * SHA-256 (GA4 rows have no id); INT64 values arrive quoted, so numbers are read as text and cast.
 */
public final class Ga4EventsSource implements LineLandingSource {
  public static final String NAME = "web/ga4";
  /** The export table's date in the file name: {@code events_20250101.json}, {@code events_20250101_v2.json}, shards. */
  private static final String TABLE_DATE = "(?:^|/)events_([0-9]{8})[^/]*$";

  /** The export table date of a landed file's path (null when the name has none, e.g. intraday tables). */
  public static Column tableDate(Column path) {
    return to_date(regexp_extract(path, TABLE_DATE, 1), "yyyyMMdd");
  }

  @Override
  public String name() {
    return NAME;
  }


  @Override
  public boolean accepts(Path relativePath) {
    return relativePath.getFileName().toString().matches(".*\\.(json|jsonl|ndjson)(\\.gz)?");
  }

  @Override
  public String bronzeTable() {
    return Catalog.WEB__GA4_EVENTS.name();
  }

  @Override
  public StructType recordSchema() {
    return new StructType()
        .add("table_date", DateType, false)
        .add("event_date", DateType, false)
        .add("event_timestamp", LongType, false)
        .add("event_name", StringType, false)
        .add("user_pseudo_id", StringType, true)
        .add("stream_id", StringType, true)
        .add("row_sha256", StringType, false)
        .add("raw_json", StringType, false);
  }



  @Override
  public Dataset<Row> validateLines(Dataset<Row> lines) {
    Dataset<Row> parsed = lines
        .withColumn("_e", expr("from_json(value, 'event_date string, event_timestamp string, event_name string,"
            + " user_pseudo_id string, stream_id string')"))
        .withColumn("_table_date", tableDate(col(IngestMetadata.SOURCE_FILE)))
        .withColumn("_event_date", expr("to_date(_e.event_date, 'yyyyMMdd')"))
        // Quoted INT64 (as exported) and plain numbers both parse; anything else is not microseconds.
        .withColumn("_event_timestamp", expr("if(_e.event_timestamp rlike '^[0-9]{1,19}$',"
            + " cast(_e.event_timestamp as bigint), null)"));
    return parsed.select(
        col(IngestMetadata.SOURCE_FILE), col(IngestMetadata.FILE_SHA256), col(IngestMetadata.RECORD_POSITION),
        col("_table_date").as("table_date"),
        col("_event_date").as("event_date"),
        col("_event_timestamp").as("event_timestamp"),
        col("_e.event_name").as("event_name"),
        col("_e.user_pseudo_id").as("user_pseudo_id"),
        col("_e.stream_id").as("stream_id"),
        sha2(expr("trim(value)"), 256).as("row_sha256"),
        col("value").as("raw_json"),
        col("value").as(RAW),
        LineLandingSource.jsonLineFault(col("_table_date").isNotNull().and(col("_e.event_name").isNotNull())
                .and(col("_event_date").isNotNull()).and(col("_event_timestamp").isNotNull()))
            .when(col("_table_date").isNull(), lit("file name has no export table date (events_YYYYMMDD);"
                + " intraday and other tables are not loaded"))
            .when(col("_e.event_name").isNull(), lit("missing 'event_name'"))
            .when(col("_event_date").isNull(), concat(lit("'event_date' is not YYYYMMDD: "),
                expr("coalesce(_e.event_date, '(missing)')")))
            .when(col("_event_timestamp").isNull(), concat(lit("'event_timestamp' is not integer microseconds: "),
                expr("coalesce(_e.event_timestamp, '(missing)')")))
            .as(REJECT_REASON));
  }
}
