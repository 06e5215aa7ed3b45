package io.osswarehouse.orchestrate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.common.Emails;
import io.osswarehouse.common.Forgetting;
import io.osswarehouse.common.Forgetting.Kind;
import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.pipeline.SharedTables;
import io.osswarehouse.pipeline.WriterLock;
import io.osswarehouse.spark.PrivacyUdfs;
import io.osswarehouse.spark.Warehouse;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code warehouse forget}: an erasure request. The person's identifiers are replaced, in every row of every
 * table of every layer that holds one, by the token {@link Forgetting} derives from their salted key (so gold
 * still counts them, as one anonymous person); silver's pseudonyms of their addresses become the pseudonyms of
 * the tokens; the keys go to the deny-list {@code meta.forgotten}, from which every later ingest redacts the
 * landed text before parsing (a re-exported file does not bring them back); the audit gets a row naming the
 * key, never the identifier. Old Delta versions still hold the identifiers until vacuumed: each changed table
 * is vacuumed now with the upkeep's retention, and {@code maintain} deletes the rest once it has passed.
 */
public final class Erasure {
  public static final String TABLE = Catalog.FORGOTTEN.name();
  public static final StructType SCHEMA = new StructType()
      .add("forget_key", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("requested_kind", DataTypes.StringType, false)
      .add("forgotten_at", DataTypes.TimestampType, false)
      .add("run_id", DataTypes.StringType, false);

  /** One identifier to replace. */
  record Target(Kind kind, String identifier, String key, String token) {}

  /** What was done: the request's key, the rows changed per table, and the landed files that still hold it. */
  public record Outcome(String key, Map<String, Long> rowsChanged, Set<String> landedFiles, int identifiers) {
    public long rows() {
      return rowsChanged.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private Erasure() {}

  /** Forgets one person, vacuuming each changed table with {@code retainHours} (gold and meta: the report's). */
  public static Outcome forget(RunContext run, Kind kind, String identifier, double retainHours) {
    if (identifier == null || identifier.isBlank()) {
      throw new IllegalArgumentException("forget: the " + kind.label() + " is empty");
    }
    Warehouse wh = run.warehouse();
    SparkSession spark = wh.spark();
    String salt = spark.conf().get(PrivacyUdfs.SALT_CONF, "");
    long started = System.currentTimeMillis();
    try (WriterLock lock = WriterLock.acquire(run, "forget", null)) {
      wh.registerAll();
      List<Target> targets = targets(wh, kind, identifier.trim(), salt);
      Map<String, Long> changed = new LinkedHashMap<>();
      Set<String> landed = new TreeSet<>();
      for (String layer : Warehouse.LAYERS) {
        for (String name : wh.tablesOnDisk(layer)) {
          String table = layer + "." + name;
          if (!table.equals(TABLE)) {
            long rows = redact(wh, table, targets, salt, landed);
            if (rows > 0) {
              changed.put(table, rows);
              run.progress().info("%s: %,d row(s) rewritten", table, rows);
            }
          }
        }
      }
      Timestamp now = new Timestamp(System.currentTimeMillis());
      List<Row> deny = targets.stream().map(t -> RowFactory.create(t.key(), t.kind().label(), kind.label(), now,
          run.runId())).toList();
      SharedTables.ensure(wh, TABLE, SCHEMA);
      SharedTables.retryOnConflict(TABLE, () -> wh.append(TABLE, spark.createDataFrame(deny, SCHEMA)));
      String key = targets.get(0).key();
      for (String table : changed.keySet()) {
        boolean reported = Maintenance.REPORTED_LAYERS.contains(table.substring(0, table.indexOf('.')));
        DeltaTable.forPath(spark, wh.path(table).toString()).vacuum(reported
            ? Math.max(retainHours, Maintenance.REPORT_RETAIN_DAYS * 24.0) : retainHours);
      }
      Outcome outcome = new Outcome(key, changed, landed, targets.size());
      AuditLog audit = new AuditLog(run);
      audit.stage("forget", kind.label(), outcome.rows(), started, "succeeded", "forgot " + kind.label() + " key "
          + key.substring(0, 16) + ": " + targets.size() + " identifier(s), " + outcome.rows() + " row(s) in "
          + changed.size() + " table(s); " + landed.size() + " landed file(s) still hold it");
      audit.flush();
      return outcome;
    }
  }

  /**
   * The identifiers to replace: the one asked for and, for a billing customer, the addresses, names and phone
   * numbers its customer records carry.
   */
  static List<Target> targets(Warehouse wh, Kind kind, String identifier, String salt) {
    Map<String, Kind> found = new LinkedHashMap<>();
    found.put(kind == Kind.EMAIL ? Forgetting.normalize(identifier) : identifier, kind);
    if (kind == Kind.CUSTOMER && wh.exists(Catalog.STRIPE__OBJECTS.name())) {
      for (Row r : wh.read(Catalog.STRIPE__OBJECTS.name()).where(col("object_id").equalTo(identifier)
          .and(col("object_type").equalTo("customer"))).selectExpr(
              "get_json_object(raw_json, '$.email')", "get_json_object(raw_json, '$.name')",
              "get_json_object(raw_json, '$.phone')", "get_json_object(raw_json, '$.shipping.name')",
              "get_json_object(raw_json, '$.shipping.phone')").distinct().collectAsList()) {
        if (!r.isNullAt(0) && !r.getString(0).isBlank()) {
          found.putIfAbsent(Forgetting.normalize(r.getString(0)), Kind.EMAIL);
        }
        for (int i = 1; i < r.size(); i++) {
          if (!r.isNullAt(i) && r.getString(i).trim().length() > 1) {
            found.putIfAbsent(r.getString(i).trim(), Kind.NAME);
          }
        }
      }
    }
    List<Target> targets = new ArrayList<>();
    found.forEach((id, k) -> {
      String key = Forgetting.key(k, id, salt);
      targets.add(new Target(k, id, key, Forgetting.token(k, key)));
    });
    return targets;
  }

  /**
   * Rewrites the rows of one table that hold a target, in one Delta UPDATE: every string (also inside arrays
   * and map values) with the identifiers replaced, and every pseudonym of a target address replaced by the
   * token's pseudonym. Collects the landed files of the bronze rows changed. Returns the rows rewritten.
   */
  private static long redact(Warehouse wh, String table, List<Target> targets, String salt, Set<String> landed) {
    Dataset<Row> rows = wh.read(table);
    Map<String, String> pseudonyms = new HashMap<>();
    for (Target t : targets) {
      if (t.kind() == Kind.EMAIL) {
        pseudonyms.put(Emails.pseudonymize(t.identifier(), salt), Emails.pseudonymize(t.token(), salt));
      }
    }
    Column condition = lit(false);
    Map<String, Column> set = new LinkedHashMap<>();
    for (StructField f : rows.schema().fields()) {
      Column c = col("`" + f.name() + "`");
      if (f.dataType().equals(DataTypes.StringType)) {
        condition = condition.or(holds(c, targets, pseudonyms));
        set.put("`" + f.name() + "`", replaced(c, targets, pseudonyms));
      } else if (f.dataType() instanceof ArrayType a && a.elementType().equals(DataTypes.StringType)) {
        condition = condition.or(functions.exists(c, x -> holds(x, targets, pseudonyms)));
        set.put("`" + f.name() + "`", functions.transform(c, x -> replaced(x, targets, pseudonyms)));
      } else if (f.dataType() instanceof MapType m && m.valueType().equals(DataTypes.StringType)) {
        condition = condition.or(functions.exists(functions.map_values(c), x -> holds(x, targets, pseudonyms)));
        set.put("`" + f.name() + "`", functions.transform_values(c, (k, v) -> replaced(v, targets, pseudonyms)));
      }
    }
    if (set.isEmpty()) {
      return 0;
    }
    Dataset<Row> holding = rows.where(condition);
    List<String> columns = List.of(rows.columns());
    long count;
    if (table.startsWith("bronze.") && columns.contains(IngestMetadata.SOURCE_FILE)) {
      List<Row> files = holding.groupBy(IngestMetadata.SOURCE_FILE).count().collectAsList();
      files.forEach(r -> landed.add(r.getString(0)));
      count = files.stream().mapToLong(r -> r.getLong(1)).sum();
    } else {
      count = holding.count();
    }
    if (count > 0) { // an UPDATE matching nothing would still commit a version, and rebuild what reads it
      DeltaTable.forPath(wh.spark(), wh.path(table).toString()).update(condition, set);
    }
    return count;
  }

  private static Column holds(Column c, List<Target> targets, Map<String, String> pseudonyms) {
    Column any = pseudonyms.isEmpty() ? lit(false) : c.isin(pseudonyms.keySet().toArray());
    for (Target t : targets) {
      any = any.or(c.rlike(Forgetting.pattern(t.kind(), t.identifier())));
    }
    return functions.coalesce(any, lit(false));
  }

  private static Column replaced(Column c, List<Target> targets, Map<String, String> pseudonyms) {
    Column out = c;
    for (Target t : targets) {
      out = functions.regexp_replace(out, lit(Forgetting.pattern(t.kind(), t.identifier())),
          lit(java.util.regex.Matcher.quoteReplacement(t.token())));
    }
    for (Map.Entry<String, String> p : pseudonyms.entrySet()) {
      out = functions.when(c.equalTo(p.getKey()), lit(p.getValue())).otherwise(out);
    }
    return out;
  }
}
