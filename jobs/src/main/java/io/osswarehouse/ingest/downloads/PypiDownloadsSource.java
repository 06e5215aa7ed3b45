package io.osswarehouse.ingest.downloads;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.LineLandingSource;
import java.nio.file.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * BigQuery exports of {@code bigquery-public-data.pypi.file_downloads} (and of {@code simple_requests},
 * recognised by having no {@code file}) under {@code <landing>/downloads/pypi/}: NDJSON
 * ({@code .json}, {@code .jsonl}, {@code .ndjson}, optionally gzipped) read line by line by Spark, and
 * Parquet ({@code .parquet}, read by the ingestor into one JSON line per row). JSON exports carry
 * timestamps as strings ({@code "2021-01-07 20:54:54 UTC"} or {@code +00:00}); Parquet as micros. BigQuery
 * writes one row per line; rows saved as a JSON array (as query tools print them) are split on the driver.
 *
 * <p>Fastly CDN logs ({@code .log}, linehaul's input) are not an export: they are picked up only to be
 * quarantined line by line with that reason, never ignored silently (docs/downloads.md says why they are
 * not parsed).
 */
public final class PypiDownloadsSource implements LineLandingSource {
  @Override
  public boolean holdsPersonalData() {
    return false;
  }

  public static final String NAME = "downloads/pypi";

  /** The columns of a file_downloads row the warehouse reads (every other field stays in raw_json). */
  static final String ROW_SCHEMA = "timestamp string, country_code string, url string, project string,"
      + " file struct<filename: string, project: string, version: string, type: string>,"
      + " details struct<installer: struct<name: string, version: string, subcommand: string>, python: string,"
      + " implementation: struct<name: string, version: string>,"
      + " distro: struct<name: string, version: string, id: string, libc: struct<lib: string, version: string>>,"
      + " system: struct<name: string, release: string>, cpu: string, openssl_version: string,"
      + " setuptools_version: string, rustc_version: string, ci: boolean>,"
      + " tls_protocol string, tls_cipher string";

  @Override
  public String name() {
    return NAME;
  }


  @Override
  public boolean accepts(Path relativePath) {
    return relativePath.getFileName().toString().matches(".*\\.((json|jsonl|ndjson|log)(\\.gz)?|parquet)");
  }

  @Override
  public String bronzeTable() {
    return Catalog.PYPI__FILE_DOWNLOADS.name();
  }

  @Override
  public StructType recordSchema() {
    return new StructType()
        .add("request_type", StringType, false)
        .add("downloaded_at", TimestampType, false)
        .add("project", StringType, false)
        .add("row_sha256", StringType, false)
        .add("raw_json", StringType, false);
  }

  @Override
  public Dataset<Row> validateLines(Dataset<Row> lines) {
    Dataset<Row> parsed = lines
        .withColumn("_r", expr("from_json(value, '" + ROW_SCHEMA + "')"))
        .withColumn("_at", timestamp(col("_r.timestamp")));
    Column project = coalesce(col("_r.file.project"), col("_r.project"));
    return parsed.select(
        col(IngestMetadata.SOURCE_FILE), col(IngestMetadata.FILE_SHA256), col(IngestMetadata.RECORD_POSITION),
        when(col("_r.file").isNull(), lit("simple_request")).otherwise(lit("file_download")).as("request_type"),
        col("_at").as("downloaded_at"),
        project.as("project"),
        // Content hash of the parsed row (instant normalised), so the same row exported as NDJSON or
        // Parquet, or in two overlapping exports, hashes alike (silver numbers repeats within a file).
        sha2(expr("to_json(struct(unix_micros(_at) as epoch_micros, _r.country_code, _r.url, _r.project,"
            + " _r.file, _r.details, _r.tls_protocol, _r.tls_cipher))"), 256).as("row_sha256"),
        col("value").as("raw_json"),
        col("value").as(RAW),
        when(col(IngestMetadata.SOURCE_FILE).rlike("\\.log(\\.gz)?$"), lit("Fastly CDN log line (linehaul's input),"
                + " not a BigQuery export: export file_downloads as NDJSON or Parquet instead"))
            .otherwise(LineLandingSource.jsonLineFault(col("_at").isNotNull().and(project.isNotNull()))
                .when(col("_at").isNull(), concat(lit("'timestamp' is not a timestamp: "),
                    coalesce(col("_r.timestamp"), lit("(missing)"))))
                .when(project.isNull(), lit("no 'project'")))
            .as(REJECT_REASON));
  }

  /**
   * BigQuery's JSON timestamp strings ({@code 2021-01-07 20:54:54 UTC}, {@code ... +00:00}, with or
   * without fractions) and ISO instants (Parquet rows turned into JSON); the value is UTC either way.
   * Spark's cast reads those forms as they are; the zone is rewritten (two regular expressions per row)
   * only for a text the cast alone cannot read.
   */
  static Column timestamp(Column text) {
    Column trimmed = trim(text);
    return coalesce(trimmed.cast("timestamp"),
        regexp_replace(regexp_replace(trimmed, " ?UTC$", "Z"), " ([+-][0-9:]+)$", "$1").cast("timestamp"));
  }
}
