package io.osswarehouse.ingest;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A high-volume source of one record per line (NDJSON such as GH Archive hours): Spark reads and
 * validates the lines, the driver never holds them. Small whole-document files of the same source (a
 * JSON array, one pretty-printed object, as API pages come) are split into one compact line per
 * record by {@link #parse} on the driver and then validated by the same {@link #validateLines}.
 */
public interface LineLandingSource extends LandingSource {
  /** Column holding the reason a line is rejected (null for a valid line). */
  String REJECT_REASON = "_reject_reason";
  /** Column holding the raw line, as quarantined. */
  String RAW = "_raw";

  /**
   * The start of a JSON line's reject reason, over the line column {@code value}: null when
   * {@code fieldsParsed} (every field the source needs came out of its {@code from_json}) and the line is
   * an object; otherwise "invalid JSON" or "not a JSON object". Chain the source's own reasons with
   * {@code .when}. The second parse that tells invalid JSON apart only runs for lines with a fault.
   */
  static Column jsonLineFault(Column fieldsParsed) {
    // A prefix test: `left(..., 1)` counts every character of the line first.
    Column object = expr("startswith(ltrim(value), '{')");
    return when(fieldsParsed.and(object), lit(null).cast("string"))
        .when(expr("get_json_object(value, '$') is null"), lit("invalid JSON"))
        .when(not(object), lit("not a JSON object"));
  }

  /**
   * Validates lines and extracts the bronze payload. Input columns: {@code value} (the line),
   * {@code _source_file}, {@code _file_sha256}, {@code _record_position}. Output: the same lineage
   * columns, the {@link #recordSchema()} columns, {@link #RAW} and {@link #REJECT_REASON}.
   */
  Dataset<Row> validateLines(Dataset<Row> lines);

  /**
   * Which valid records the configuration tracks (the others are counted as filtered, not loaded);
   * over the columns {@link #validateLines} returns. Every record by default.
   */
  default org.apache.spark.sql.Column tracked(io.osswarehouse.config.WarehouseConfig config) {
    return org.apache.spark.sql.functions.lit(true);
  }

  /**
   * A test on raw lines that lets through every line whose record {@link #tracked} can keep, so the others
   * are never parsed ({@link LinePrefilter}); null (the default) parses every line.
   */
  default LinePrefilter prefilter(io.osswarehouse.config.WarehouseConfig config) {
    return null;
  }

  /**
   * Whether a file is a whole JSON document rather than one record per line, from its first bytes:
   * by default a JSON array or an object spread over several lines ({@link JsonDocuments}).
   */
  default boolean isWholeDocument(String head) {
    return JsonDocuments.isWholeDocument(head);
  }

  /** A whole document split into one compact JSON line per record (values[0]); see {@link #isWholeDocument}. */
  @Override
  default ParsedFile parse(String fileName, byte[] content) {
    return JsonDocuments.split(content);
  }
}
