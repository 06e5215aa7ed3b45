package io.osswarehouse.ingest;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.StructType;

/** Lineage columns carried by every bronze and quarantine row. */
public final class IngestMetadata {
  public static final String SOURCE_FILE = "_source_file";
  public static final String FILE_SHA256 = "_file_sha256";
  public static final String RECORD_POSITION = "_record_position";
  public static final String INGESTED_AT = "_ingested_at";
  public static final String RUN_ID = "_run_id";
  public static final String RUN_DATE = "_run_date";

  private IngestMetadata() {}

  public static StructType withMetadata(StructType payload) {
    return payload
        .add(SOURCE_FILE, StringType, false)
        .add(FILE_SHA256, StringType, false)
        .add(RECORD_POSITION, LongType, false)
        .add(INGESTED_AT, TimestampType, false)
        .add(RUN_ID, StringType, false)
        .add(RUN_DATE, DateType, false);
  }

  /** Schema of {@code bronze.quarantine}. */
  public static final StructType QUARANTINE_SCHEMA = withMetadata(new StructType()
      .add("source", StringType, false)
      .add("raw_record", StringType, true)
      .add("reason", StringType, false));
}
