package io.osswarehouse.catalog;

import java.util.List;

/**
 * One table of the warehouse as the {@link Catalog} declares it: its name ({@code <layer>.<name>}), the
 * step that builds it (a landing source for bronze, a silver or gold step), how the step writes it, and
 * the tables it is computed from. Its description, grain, keys and column descriptions are the data
 * dictionary's ({@code sql/dictionary/<layer>.json}), found by the same name.
 *
 * @param sqlModel the SQL model that computes it, {@code sql/models/<sqlModel>.sql}; null for bronze and
 *     the log tables (written by code) and for the tables a Java transform computes
 * @param transform the class whose pure function computes it, when that is Java rather than SQL
 */
public record Table(String name, String step, Materialization materialization, List<String> inputs,
    String sqlModel, String transform) {

  /** How a step writes the table. */
  public enum Materialization {
    /** Rows of the landed files replaced by file hash (bronze): a re-ingested file never doubles. */
    REPLACE_BY_FILE("replace by file"),
    /** Upserted on the business key: changed keys replaced, new keys inserted. */
    MERGE("merge on key"),
    /** New keys inserted, existing ones left as they are (the first copy wins). */
    INSERT_NEW("insert new keys"),
    /** The rows of the periods touched replaced in one commit. */
    REPLACE_PERIODS("replace periods"),
    /** Rebuilt whole from its inputs. */
    TABLE("full table"),
    /** Appended to by every step, never rewritten (the run audit and the quarantine). */
    LOG("log");

    private final String label;

    Materialization(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public Table {
    inputs = List.copyOf(inputs);
  }

  public String layer() {
    return name.substring(0, name.indexOf('.'));
  }

  /** The name within the layer. */
  public String shortName() {
    return name.substring(name.indexOf('.') + 1);
  }

  /** Where the table's logic is: its SQL file, its Java transform, or the code that writes it. */
  public String definition() {
    return sqlModel != null ? "sql/models/" + sqlModel + ".sql" : transform != null ? transform
        : materialization == Materialization.LOG ? "appended by every step" : "ingest of " + step;
  }

  @Override
  public String toString() {
    return name;
  }
}
