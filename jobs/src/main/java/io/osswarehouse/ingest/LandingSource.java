package io.osswarehouse.ingest;

import java.nio.file.Path;
import org.apache.spark.sql.types.StructType;

/**
 * One kind of raw export in the landing folder and the bronze table it loads into. Parsing is a
 * pure function of the file's bytes, so every parser is testable on real sample files without Spark.
 */
public interface LandingSource {
  /** Stable source name used in the audit and quarantine, e.g. {@code billing/stripe}. */
  String name();

  /** Folder under the landing root that holds this source's files (searched recursively); the name by default. */
  default String directory() {
    return name();
  }

  /** Whether a file (path relative to {@link #directory()}) belongs to this source. */
  boolean accepts(Path relativePath);

  /** Bronze table, e.g. {@code bronze.stripe__objects}. */
  String bronzeTable();

  /**
   * Whether its files can name a person (addresses, logins, customer ids, names): those are redacted from the
   * landed text before parsing when the deny-list of erasure requests names them. Download counts and
   * exchange rates cannot, and skip the cost.
   */
  default boolean holdsPersonalData() {
    return true;
  }

  /** Payload columns of the bronze table; ingest metadata columns are added by the ingestor. */
  StructType recordSchema();

  /** Splits and validates one file. Must account for every record: read = loaded + rejected. */
  ParsedFile parse(String fileName, byte[] content);
}
