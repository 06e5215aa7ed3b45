package io.osswarehouse.spark;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.dictionary.DataDictionary;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;

/**
 * The warehouse on storage (a local folder or any Hadoop file system: {@code s3a://}, {@code abfss://},
 * {@code hdfs://}): one folder per layer ({@code <warehouse>/<layer>/<table>}), every table a
 * Delta table registered in Spark's catalog as {@code <layer>.<table>}. Spark's built-in catalog is
 * in-memory, so {@link #registerAll()} re-registers existing tables at start-up; the Delta folders
 * are the source of truth. All writes go through the idempotent helpers here, which also keep each
 * table's description, grain, keys and column comments equal to the data dictionary ({@link DataDictionary}).
 */
public final class Warehouse {
  public static final List<String> LAYERS = List.of("bronze", "silver", "gold", "meta");

  private final SparkSession spark;
  private final Path root;
  private final Storage storage;
  /** What this handle may read and write; null for an unrestricted one (commands, tests, readers). */
  private final Access access;
  private boolean registered;
  /** Tables whose comments this instance has checked against the dictionary (it does not change in a process). */
  private final Set<String> described = new HashSet<>();

  /** A warehouse at a location URI ({@link WarehouseConfig#warehouse()}). */
  public Warehouse(SparkSession spark, URI root) {
    this(spark, Storage.path(root), null);
  }

  private Warehouse(SparkSession spark, Path root, Access access) {
    this.spark = spark;
    this.root = root;
    this.storage = Storage.of(spark);
    this.access = access;
  }

  /**
   * The tables a step of the graph may touch: it reads its declared inputs and its own outputs (and the
   * run audit, where every step finds which runs it has processed), and writes its outputs and the
   * shared logs. Anything else fails at once, naming the step and the table, so the catalog's lineage
   * cannot drift from what the code does.
   */
  public record Access(String step, java.util.Set<String> reads, java.util.Set<String> writes) {}

  /**
   * A handle for one step: a Spark session of its own (temporary views and settings apart, so steps
   * run side by side; the SparkContext, cache and catalog are shared) limited to {@code access}.
   */
  public Warehouse forStep(Access stepAccess) {
    SparkSession session = spark.newSession();
    scala.collection.Iterator<scala.Tuple2<String, String>> confs = spark.conf().getAll().iterator();
    while (confs.hasNext()) {
      scala.Tuple2<String, String> c = confs.next();
      if (c._2().equals(session.conf().get(c._1(), null))) {
        continue;
      }
      try {
        session.conf().set(c._1(), c._2()); // the session's settings, e.g. the e-mail salt
      } catch (Exception staticSetting) {
        // the SparkContext's own settings, shared anyway
      }
    }
    // A JDBC server in this JVM turns path queries off for its clients' new sessions; a step reads its tables
    // by path, as its parent does.
    session.conf().set("spark.sql.runSQLOnFiles", spark.conf().get("spark.sql.runSQLOnFiles", "true"));
    Warehouse w = new Warehouse(session, root, stepAccess);
    w.registered = true; // the catalog is shared: registrations are the parent's
    return w;
  }

  private void checkRead(String table) {
    // The run audit and the erasure deny-list are read by every step: bookkeeping, not lineage.
    if (access != null && !access.reads().contains(table) && !access.writes().contains(table)
        && !io.osswarehouse.catalog.Catalog.RUN_AUDIT.name().equals(table)
        && !io.osswarehouse.catalog.Catalog.FORGOTTEN.name().equals(table)) {
      throw new IllegalStateException("step " + access.step() + " read " + table
          + ", which the catalog does not declare as one of its inputs");
    }
  }

  private void checkWrite(String table) {
    io.osswarehouse.catalog.Table declared = io.osswarehouse.catalog.Catalog.find(table);
    if (declared == null) {
      throw new IllegalStateException("write to " + table + ", a table the catalog does not declare");
    }
    if (access != null && !access.writes().contains(table)
        && !declared.step().equals(io.osswarehouse.catalog.Catalog.EVERY_STEP)) {
      throw new IllegalStateException("step " + access.step() + " wrote " + table + ", which the catalog says step "
          + declared.step() + " builds");
    }
  }

  /** A warehouse in a local folder. */
  public Warehouse(SparkSession spark, java.nio.file.Path root) {
    this(spark, WarehouseConfig.location(WarehouseConfig.WAREHOUSE_DIR, root.toAbsolutePath().toString()));
  }

  public SparkSession spark() {
    return spark;
  }

  /** The warehouse root (a Hadoop path: local or any file system). */
  public Path root() {
    return root;
  }

  /** Reads and writes outside Delta (fingerprints, the e-mail salt) with this session's Hadoop configuration. */
  public Storage storage() {
    return storage;
  }

  public Path path(String table) {
    String[] parts = split(table);
    return new Path(new Path(root, parts[0]), parts[1]);
  }

  /**
   * Whether the table has a committed version. A folder with a {@code _delta_log} but no commit is what a
   * process killed during a table's first write leaves: not a table, and cleared by the next writer
   * ({@link #clearInterruptedWrites}, {@link #create}).
   */
  public boolean exists(String table) {
    return hasCommit(path(table));
  }

  /**
   * Clears what writers killed mid-write left under the layer folders, and returns one line per thing
   * cleared: a table folder without a committed version (a first write that never committed: data files,
   * maybe an empty log) is deleted whole, so the table is created afresh; Delta's temporary commit files
   * ({@code _delta_log/.<version>.json.<uuid>.tmp}, never part of the table) are deleted. Data files of
   * an aborted write to an existing table are not referenced by any version and stay until a vacuum.
   * Only call it while no other process writes the warehouse (the writer lock held alone): another
   * writer's first commit in progress looks exactly like an interrupted one.
   */
  public List<String> clearInterruptedWrites() {
    List<String> cleared = new ArrayList<>();
    for (String layer : LAYERS) {
      for (FileStatus folder : storage.list(new Path(root, layer))) {
        if (!folder.isDirectory()) {
          continue;
        }
        Path table = folder.getPath();
        if (!hasCommit(table)) {
          storage.deleteRecursively(table);
          cleared.add("removed " + layer + "/" + table.getName() + ": a first write that never committed");
          continue;
        }
        for (FileStatus f : storage.list(new Path(table, "_delta_log"))) {
          String name = f.getPath().getName();
          if (f.isFile() && name.startsWith(".") && name.endsWith(".tmp")) {
            storage.deleteRecursively(f.getPath());
            cleared.add("removed " + layer + "/" + table.getName() + "/_delta_log/" + name
                + ": a commit that never completed");
          }
        }
      }
    }
    return cleared;
  }

  /**
   * Creates the layer databases and registers every Delta table found under this warehouse root,
   * first dropping registrations that point elsewhere (a session may have served another warehouse;
   * dropping an external table's registration never touches its files). Tables registered already
   * stay registered, so readers sharing the catalog (the JDBC server's sessions) never miss one.
   */
  public void registerAll() {
    if (registered) {
      return; // this instance registered every table already and keeps registrations current on write
    }
    registered = true;
    refresh(LAYERS);
  }

  /**
   * Registers tables that appeared on disk since (written by another process, e.g. a nightly run
   * while the JDBC server serves) and drops registrations of tables gone, without touching the rest:
   * a query running meanwhile never finds its table missing. Views in the layer databases are kept.
   */
  public void refresh() {
    refresh(LAYERS);
  }

  /**
   * {@link #refresh()} of some layers only, e.g. the ones a JDBC server serves: the others are neither
   * registered nor dropped. The analyst views follow (they read silver and gold tables; a view whose
   * tables are not registered is not defined).
   */
  public void refresh(List<String> layers) {
    for (String layer : layers) {
      if (!LAYERS.contains(layer)) {
        throw new IllegalArgumentException("no layer '" + layer + "'; layers are " + String.join(", ", LAYERS));
      }
      spark.sql("CREATE DATABASE IF NOT EXISTS " + layer + " LOCATION '" + new Path(root, layer).toUri() + "'");
      syncLayer(layer);
    }
    AnalystViews.register(spark, root.toUri()); // after the layers: views read gold and silver tables
  }

  /**
   * Drops the registrations of a layer's tables (the Delta folders stay): what a server does not serve
   * must not stay in a catalog it shares with its clients. The database is kept: dropping it would
   * delete its folder.
   */
  public void unregister(String layer) {
    if (!spark.catalog().databaseExists(layer)) {
      return;
    }
    for (Row t : spark.sql("SHOW TABLES IN " + layer).collectAsList()) {
      if (!t.getBoolean(2)) {
        spark.sql("DROP TABLE IF EXISTS " + layer + "." + t.getString(1));
      }
    }
  }

  private void syncLayer(String layer) {
    // The catalog first, then the folders: a table registered meanwhile already has its folder.
    List<Row> registeredTables = spark.sql("SHOW TABLES IN " + layer).collectAsList();
    List<String> onDisk = tablesOnDisk(layer);
    Set<String> current = new HashSet<>();
    for (Row t : registeredTables) {
      if (t.getBoolean(2)) {
        continue; // a temporary view of this session
      }
      String table = layer + "." + t.getString(1);
      CatalogTable meta = catalogEntry(layer, t.getString(1));
      if (meta != null && meta.tableType() == CatalogTableType.VIEW()) {
        continue;
      }
      if (meta != null && onDisk.contains(t.getString(1)) && sameLocation(meta.location(), path(table).toUri())) {
        current.add(t.getString(1));
      } else {
        spark.sql("DROP TABLE IF EXISTS " + table);
      }
    }
    for (String name : onDisk) {
      if (!current.contains(name)) {
        register(layer + "." + name);
      }
    }
  }

  /** A table's catalog entry, or null when it is gone (another session may drop it meanwhile). */
  private CatalogTable catalogEntry(String layer, String name) {
    try {
      return spark.sessionState().catalog().getTableMetadata(new TableIdentifier(name, scala.Option.apply(layer)));
    } catch (org.apache.spark.sql.AnalysisException e) {
      return null;
    }
  }

  /** The names of the Delta tables of a layer on disk, sorted. */
  public List<String> tablesOnDisk(String layer) {
    return storage.list(new Path(root, layer)).stream().filter(FileStatus::isDirectory)
        .filter(t -> hasCommit(t.getPath())).map(t -> t.getPath().getName()).sorted()
        .collect(Collectors.toList());
  }

  /** A Delta folder with a commit: another process may be writing its first version right now. */
  private boolean hasCommit(Path table) {
    Path log = new Path(table, "_delta_log");
    // The first commit or a checkpoint pointer settles it without listing a long log (old commits are
    // cleaned up after a checkpoint, so neither alone is enough).
    if (storage.isFile(new Path(log, "00000000000000000000.json")) || storage.isFile(new Path(log, "_last_checkpoint"))) {
      return true;
    }
    try {
      return storage.list(new Path(table, "_delta_log")).stream()
          .anyMatch(f -> f.getPath().getName().matches("\\d{20}\\.(json|checkpoint.*\\.parquet)"));
    } catch (java.io.UncheckedIOException e) {
      return false; // no log (yet), or not readable as one
    }
  }

  private static boolean sameLocation(java.net.URI a, java.net.URI b) {
    // Hadoop's Path spells file:///x and file:/x alike; a trailing slash does not matter either.
    return new Path(a).toString().replaceAll("/$", "").equals(new Path(b).toString().replaceAll("/$", ""));
  }

  private void register(String table) {
    try {
      spark.sql("CREATE TABLE IF NOT EXISTS " + table + " USING delta LOCATION '" + path(table).toUri() + "'");
    } catch (Exception e) {
      // Two sessions of one JVM (a run and the JDBC server's refresh) may register a new table at once.
      if (!(e instanceof org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException)) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
      }
    }
  }

  /** Reads a table; an absent table reads as null so callers decide what "nothing yet" means. */
  public Dataset<Row> readOrNull(String table) {
    checkRead(table);
    return exists(table) ? spark.read().format("delta").load(path(table).toString()) : null;
  }

  public Dataset<Row> read(String table) {
    Dataset<Row> df = readOrNull(table);
    if (df == null) {
      throw new IllegalStateException("table " + table + " does not exist yet; run `warehouse run` first");
    }
    return df;
  }

  /** Atomically replaces the rows matching {@code predicate} with {@code rows} (all must match it). */
  public void replaceWhere(String table, Dataset<Row> rows, String predicate, String... partitionBy) {
    checkWrite(table);
    Dataset<Row> documented = documented(table, rows);
    enforcing(table, () -> {
      if (!exists(table)) {
        create(table, documented, partitionBy);
      } else {
        documented.write().format("delta").mode("overwrite").option("replaceWhere", predicate)
            .save(path(table).toString());
      }
    });
    register(table);
    describe(table);
  }

  /** Atomically replaces the whole table (small gold aggregates rebuilt in full). */
  public void overwrite(String table, Dataset<Row> rows) {
    checkWrite(table);
    Dataset<Row> documented = documented(table, rows);
    enforcing(table, () -> {
      if (!exists(table)) {
        create(table, documented);
      } else {
        documented.write().format("delta").mode("overwrite").option("overwriteSchema", "true")
            .save(path(table).toString());
      }
    });
    register(table);
    describe(table);
  }

  /**
   * Appends rows (only for the run audit log, which is a log by design). New columns are merged in,
   * so a warehouse written by an earlier version keeps working.
   */
  public void append(String table, Dataset<Row> rows) {
    checkWrite(table);
    Dataset<Row> documented = documented(table, rows);
    enforcing(table, () -> documented.write().format("delta").mode("append").option("mergeSchema", "true")
        .save(path(table).toString()));
    register(table);
    describe(table);
  }

  /**
   * Removes every row in one commit (a full refresh: the table is then rebuilt from all of its input).
   * The table stays, with its history, so earlier versions remain readable by time travel.
   */
  public void truncate(String table) {
    checkWrite(table);
    if (exists(table)) {
      spark.sql("DELETE FROM delta.`" + path(table) + "`");
    }
  }

  /** Upserts {@code rows} on the business key columns: matched rows are replaced, new rows inserted. */
  public void merge(String table, Dataset<Row> rows, String... keys) {
    merge(table, rows, true, keys);
  }

  /**
   * Inserts the {@code rows} whose key is not in the table yet and leaves the others as they are (where the
   * first copy of a row wins). Delta rewrites no file for an insert-only MERGE: it only reads the keys.
   */
  public void insertNew(String table, Dataset<Row> rows, String... keys) {
    merge(table, rows, false, keys);
  }

  private void merge(String table, Dataset<Row> rows, boolean update, String... keys) {
    checkWrite(table);
    if (!exists(table)) {
      enforcing(table, () -> create(table, documented(table, rows)));
      register(table);
      return;
    }
    String condition = Stream.of(keys).map(k -> "t." + k + " <=> s." + k).collect(Collectors.joining(" AND "));
    DeltaMergeBuilder merge = DeltaTable.forPath(spark, path(table).toString()).as("t")
        .merge(rows.as("s"), condition);
    DeltaMergeBuilder upsert = update ? merge.whenMatched().updateAll() : merge;
    enforcing(table, () -> upsert.whenNotMatched().insertAll().execute());
    describe(table);
  }

  /** A write broke one of the table's constraints; the message names the table, the constraint and the values. */
  public static final class ConstraintViolation extends IllegalStateException {
    ConstraintViolation(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Runs a write; a Delta constraint violation becomes one line naming the table. */
  private static void enforcing(String table, Runnable write) {
    try {
      write.run();
    } catch (Exception e) { // Delta's violations may arrive as Spark's checked exceptions
      for (Throwable t = e; t != null; t = t.getCause()) {
        String m = t.getMessage();
        if (m != null && (m.contains("DELTA_VIOLATE_CONSTRAINT") || m.contains("DELTA_NOT_NULL_CONSTRAINT_VIOLATED")
            || m.contains("violated by row"))) {
          String text = m.substring(m.indexOf("CHECK constraint") >= 0 ? m.indexOf("CHECK constraint") : 0)
              .replaceAll("\\s*\\n\\s*-\\s*", " ").replaceAll("\\s+", " ").replace(" : ", " = ").trim();
          throw new ConstraintViolation(table + ": " + text, e);
        }
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * The rows with the dictionary's column descriptions in their schema, so a write that sets the
   * schema (a new table, an overwrite) stores the comments in its own commit, with no extra one.
   */
  private static Dataset<Row> documented(String table, Dataset<Row> rows) {
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    boolean changed = false;
    for (StructField f : rows.schema().fields()) {
      String description = DataDictionary.column(table, f.name());
      org.apache.spark.sql.Column c = functions.col("`" + f.name() + "`");
      if (description != null && !description.equals(comment(f))) {
        c = c.as(f.name(), new MetadataBuilder().withMetadata(f.metadata()).putString("comment", description).build());
        changed = true;
      } else if (description == null && f.getComment().isDefined()) {
        // Spark carries a column's metadata through projections: without this, a derived column would
        // inherit the comment of the upstream column it was computed from, which describes something else.
        c = c.as(f.name(), new MetadataBuilder().withMetadata(f.metadata()).remove("comment").build());
        changed = true;
      }
      columns.add(c);
    }
    return changed ? rows.select(columns.toArray(org.apache.spark.sql.Column[]::new)) : rows;
  }

  /**
   * Creates a table from its first rows in one commit that also holds the dictionary's description,
   * grain and keys (the column comments travel in the rows' schema): a new table is then documented
   * without a second commit. Not for the tables concurrent ingest tasks create ({@link #append}).
   */
  private void create(String table, Dataset<Row> rows, String... partitionBy) {
    // A folder without a commit is an earlier first write that never finished (a killed process); Delta
    // refuses to create a table in a non-empty folder, and nothing in it is part of any table.
    if (storage.status(path(table)) != null) {
      storage.deleteRecursively(path(table));
    }
    String view = "warehouse_new_" + java.util.UUID.randomUUID().toString().replace("-", "");
    rows.createOrReplaceTempView(view);
    try {
      StringBuilder sql = new StringBuilder("CREATE TABLE delta.`" + path(table) + "` USING delta");
      if (partitionBy.length > 0) {
        sql.append(" PARTITIONED BY (")
            .append(Stream.of(partitionBy).map(c -> "`" + c + "`").collect(Collectors.joining(", "))).append(")");
      }
      DataDictionary.TableDoc doc = DataDictionary.table(table);
      if (doc != null) {
        if (doc.description() != null) {
          sql.append(" COMMENT ").append(literal(doc.description()));
        }
        Map<String, String> properties = dictionaryProperties(doc);
        // The constraints in the creating commit: its own rows are checked against them too.
        constraints(table, rows.columns())
            .forEach((name, check) -> properties.put(DataDictionary.CONSTRAINT_PROPERTY + name, check));
        if (!properties.isEmpty()) {
          sql.append(" TBLPROPERTIES (").append(propertyList(properties)).append(")");
        }
      }
      spark.sql(sql.append(" AS SELECT * FROM ").append(view).toString());
    } finally {
      spark.catalog().dropTempView(view);
    }
    described.add(table); // written from the dictionary just now
  }

  /**
   * Brings a table's Delta description, grain and keys properties and column comments in line with the
   * dictionary, once per table and instance, committing only what differs: usually nothing, since
   * {@link #documented} wrote the comments with the data; after a dictionary edit, one commit per change.
   */
  private void describe(String table) {
    if (!described.add(table)) {
      return;
    }
    String target = "delta.`" + path(table) + "`";
    DeltaTable delta = DeltaTable.forPath(spark, path(table).toString());
    for (StructField f : delta.toDF().schema().fields()) {
      String description = DataDictionary.column(table, f.name());
      if (description != null && !description.equals(comment(f))) {
        spark.sql("ALTER TABLE " + target + " ALTER COLUMN `" + f.name() + "` COMMENT " + literal(description));
      }
    }
    DataDictionary.TableDoc doc = DataDictionary.table(table);
    if (doc == null) {
      return;
    }
    // The snapshot the schema above was read from: its metadata costs no Spark job (DESCRIBE DETAIL
    // also counts files and bytes, which took a tenth of a small run's CPU over all tables).
    org.apache.spark.sql.delta.actions.Metadata metadata =
        org.apache.spark.sql.delta.DeltaLog.forTable(spark, path(table).toString()).unsafeVolatileSnapshot().metadata();
    Map<String, String> properties = scala.collection.JavaConverters.mapAsJavaMapConverter(metadata.configuration()).asJava();
    Map<String, String> wanted = new LinkedHashMap<>();
    if (doc.description() != null && !doc.description().equals(metadata.description())) {
      wanted.put("comment", doc.description());
    }
    dictionaryProperties(doc).forEach((key, value) -> {
      if (!value.equals(properties.get(key))) {
        wanted.put(key, value);
      }
    });
    if (!wanted.isEmpty()) {
      spark.sql("ALTER TABLE " + target + " SET TBLPROPERTIES (" + propertyList(wanted) + ")");
    }
    // Constraints of a table created before the dictionary declared them (or declared differently): added
    // with ALTER TABLE, which checks the rows already there and fails naming the constraint if one breaks it.
    Map<String, String> constraints = constraints(table, delta.toDF().columns());
    for (Map.Entry<String, String> p : properties.entrySet()) {
      if (p.getKey().startsWith(DataDictionary.CONSTRAINT_PROPERTY)) {
        String name = p.getKey().substring(DataDictionary.CONSTRAINT_PROPERTY.length());
        if (!p.getValue().equals(constraints.get(name))) {
          spark.sql("ALTER TABLE " + target + " DROP CONSTRAINT IF EXISTS `" + name + "`");
        }
      }
    }
    for (Map.Entry<String, String> c : constraints.entrySet()) {
      if (!c.getValue().equals(properties.get(DataDictionary.CONSTRAINT_PROPERTY + c.getKey()))) {
        enforcing(table, () -> spark.sql("ALTER TABLE " + target + " ADD CONSTRAINT `" + c.getKey() + "` CHECK ("
            + c.getValue() + ")"));
      }
    }
  }

  /**
   * The dictionary's constraints of a table. None for the logs every step appends to (the audit, the
   * quarantine): concurrent ingest tasks create them, and a constraint added by two at once would clash.
   */
  private static Map<String, String> constraints(String table, String[] columns) {
    io.osswarehouse.catalog.Table declared = io.osswarehouse.catalog.Catalog.find(table);
    if (declared == null || declared.materialization() == io.osswarehouse.catalog.Table.Materialization.LOG) {
      return Map.of();
    }
    return DataDictionary.constraints(table, List.of(columns));
  }

  /** The Delta table properties the dictionary gives a table: its grain and keys, where it has them. */
  private static Map<String, String> dictionaryProperties(DataDictionary.TableDoc doc) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (doc.grain() != null) {
      properties.put(DataDictionary.GRAIN_PROPERTY, doc.grain());
    }
    if (!doc.keys().isEmpty()) {
      properties.put(DataDictionary.KEYS_PROPERTY, String.join(", ", doc.keys()));
    }
    return properties;
  }

  /** {@code 'key' = 'value', ...} for TBLPROPERTIES. */
  private static String propertyList(Map<String, String> properties) {
    return properties.entrySet().stream().map(e -> literal(e.getKey()) + " = " + literal(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static String comment(StructField f) {
    return f.getComment().isDefined() ? f.getComment().get() : null;
  }

  /** A Spark SQL string literal (backslash escapes). */
  private static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String[] split(String table) {
    String[] parts = table.split("\\.");
    if (parts.length != 2 || !LAYERS.contains(parts[0])) {
      throw new IllegalArgumentException("table names are <layer>.<name> with layer in " + LAYERS + ": " + table);
    }
    return parts;
  }
}
