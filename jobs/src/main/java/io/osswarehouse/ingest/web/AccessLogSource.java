package io.osswarehouse.ingest.web;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.LineLandingSource;
import io.osswarehouse.ingest.ParsedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Apache/nginx "combined" access logs of the docs site, {@code <landing>/web/access_logs/<site>/<anything>.log[.N][.gz]}
 * (files directly under {@code web/access_logs/} belong to site {@code default}). A line that does not match
 * the combined format is quarantined; a junk request string inside a valid line ({@code "-"}, TLS bytes) is
 * kept with method and path null. Times carry their own offset and are stored in UTC; {@code -} for bytes,
 * referrer or user agent is null (Apache writes {@code -} for zero bytes, nginx {@code 0}).
 */
public final class AccessLogSource implements LineLandingSource {
  public static final String NAME = "web/access_logs";
  /** host ident user [time] "request" status bytes "referrer" "user agent", then anything (nginx extras). */
  static final String COMBINED = "^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] \"((?:[^\"\\\\]|\\\\.)*)\" ([0-9]{3}) ([0-9]+|-)"
      + " \"((?:[^\"\\\\]|\\\\.)*)\" \"((?:[^\"\\\\]|\\\\.)*)\"(?:\\s.*)?$";
  private static final String REQUEST = "^([A-Z]+) (\\S+)(?: (HTTP/[0-9.]+))?$";
  /** Separates the nine fields that one replacement of a matching line lists (never in a logged line). */
  private static final String SEPARATOR = "\u0001";
  private static final String FIELDS = "$1" + SEPARATOR + "$2" + SEPARATOR + "$3" + SEPARATOR + "$4" + SEPARATOR + "$5"
      + SEPARATOR + "$6" + SEPARATOR + "$7" + SEPARATOR + "$8" + SEPARATOR + "$9";

  @Override
  public String name() {
    return NAME;
  }


  /** {@code access.log}, rotated {@code access.log.1} and compressed {@code access.log.2.gz}. */
  @Override
  public boolean accepts(Path relativePath) {
    return relativePath.getFileName().toString().matches(".*\\.log(\\.[0-9]+)?(\\.gz)?");
  }

  @Override
  public String bronzeTable() {
    return Catalog.WEB__ACCESS_LOGS.name();
  }

  @Override
  public StructType recordSchema() {
    return new StructType()
        .add("site", StringType, false)
        .add("client_ip", StringType, false)
        .add("remote_user", StringType, true)
        .add("request_at", TimestampType, false)
        .add("request", StringType, true)
        .add("method", StringType, true)
        .add("target", StringType, true)
        .add("protocol", StringType, true)
        .add("status", IntegerType, false)
        .add("bytes", LongType, true)
        .add("referrer", StringType, true)
        .add("user_agent", StringType, true)
        .add("raw_line", StringType, false);
  }

  /** Logs are always line files. */
  @Override
  public boolean isWholeDocument(String head) {
    return false;
  }

  /** One record per non-blank line (only reached if a log is ever handed over whole). */
  @Override
  public ParsedFile parse(String fileName, byte[] content) {
    ParsedFile out = new ParsedFile();
    long position = 0;
    for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
      position++;
      if (!line.isBlank()) {
        out.accept(position, line);
      }
    }
    return out;
  }

  @Override
  public Dataset<Row> validateLines(Dataset<Row> lines) {
    // The pattern runs twice a line (the match, then one replacement listing all nine fields), not once per
    // field as regexp_extract would; a line holding the separator itself is extracted field by field.
    Dataset<Row> parsed = lines
        .withColumn("_matches", col("value").rlike(COMBINED))
        .withColumn("_fields", when(col("_matches").and(not(col("value").contains(SEPARATOR))),
            split(regexp_replace(col("value"), COMBINED, FIELDS), SEPARATOR)))
        .withColumn("_time", field(4))
        .withColumn("_request_at", expr("to_timestamp(_time, 'dd/MMM/yyyy:HH:mm:ss Z')"))
        .withColumn("_request", field(5));
    return parsed.select(
        col(IngestMetadata.SOURCE_FILE), col(IngestMetadata.FILE_SHA256), col(IngestMetadata.RECORD_POSITION),
        // <site>/<file> under web/access_logs/; a file directly in the folder is the default site.
        expr("coalesce(nullif(regexp_extract(" + IngestMetadata.SOURCE_FILE + ", '^web/access_logs/([^/]+)/', 1), ''),"
            + " 'default')").as("site"),
        field(1).as("client_ip"),
        dashIsNull(field(3)).as("remote_user"),
        col("_request_at").as("request_at"),
        dashIsNull(col("_request")).as("request"),
        request(1).as("method"),
        request(2).as("target"),
        request(3).as("protocol"),
        field(6).cast("int").as("status"),
        dashIsNull(field(7)).cast("bigint").as("bytes"),
        dashIsNull(field(8)).as("referrer"),
        dashIsNull(field(9)).as("user_agent"),
        col("value").as("raw_line"),
        col("value").as(RAW),
        when(col("_matches").isNull().or(col("_matches").equalTo(false)), lit("not an Apache/nginx combined log line"))
            .when(col("_request_at").isNull(), concat(lit("time is not dd/MMM/yyyy:HH:mm:ss Z: "), col("_time")))
            .as(REJECT_REASON));
  }

  /** A field of the combined format, as regexp_extract gives it ("" when the line does not match). */
  private static Column field(int group) {
    return when(col("_fields").isNotNull(), element_at(col("_fields"), group))
        .otherwise(regexp_extract(col("value"), COMBINED, group));
  }

  private static Column request(int group) {
    Column part = regexp_extract(col("_request"), REQUEST, group);
    return when(part.equalTo(lit("")), lit(null)).otherwise(part);
  }

  private static Column dashIsNull(Column c) {
    return when(c.equalTo(lit("-")), lit(null)).otherwise(c);
  }
}
