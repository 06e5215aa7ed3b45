package io.osswarehouse.spark;

import io.osswarehouse.config.WarehouseConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession every command uses: Delta enabled, UTC, master left to spark-submit. */
public final class SparkSessions {
  private SparkSessions() {}

  /** Settings that every session of this warehouse needs (also used by the test base class). */
  public static SparkConf deltaConf(SparkConf conf, int shufflePartitions) {
    return conf
        .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .set("spark.sql.session.timeZone", "UTC")
        .set("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))
        .set("spark.sql.ansi.enabled", "false")
        // Cached rows are kept as they are: trying a dictionary per cached string column (raw lines of an
        // ingest, hashes) took about a tenth of a PyPI ingest's CPU (JFR) and saved nothing on unique values.
        .set("spark.sql.inMemoryColumnarStorage.compressed", "false")
        // Independent steps of the graph run side by side: each its own pool, so a long step does not
        // hold a short one behind it.
        .set("spark.scheduler.mode", "FAIR")
        // Every query builds a plan description for the SQL listener, even with the UI off; the default
        // "formatted" one took about a tenth of a no-op run's CPU (JFR) on our CTE-heavy models.
        .set("spark.sql.ui.explainMode", "simple")
        // Delta replays its log with 50 partitions by default: far too many for tables this size.
        .set("spark.databricks.delta.snapshotPartitions", Integer.toString(shufflePartitions))
        // Gold tables are small; a handful of files per write keeps the log and reads cheap.
        .set("spark.databricks.delta.optimizeWrite.enabled", "false")
        // Delta answers a lone min/max/count over a table (`select max(month) from gold.customer_mrr_monthly`)
        // from the log's file statistics, but reads a DATE result as java.sql.Date: a ClassCastException in
        // every session on java.time types, which includes each JDBC session (the Thrift server turns
        // spark.sql.datetime.java8API.enabled on), so every query on a view with such a subquery failed
        // (delta-io/delta#4201, unfixed in Delta 3.3). Off here because the Thrift server's sessions take
        // their settings from this SparkConf, not from the server's session; the scans it saves are small.
        .set("spark.databricks.delta.optimizeMetadataQuery.enabled", "false")
        .set("spark.databricks.delta.schema.autoMerge.enabled", "false");
  }

  /**
   * The configured salt, else the warehouse's own: a random value written once to
   * {@code <warehouse.dir>/_meta/email-salt} (owner-readable where the file system keeps permissions),
   * so pseudonyms stay stable across runs of one warehouse and differ between warehouses. The file is
   * created only if absent (overwrite=false) and then read back, so when two first runs race, both use
   * whichever salt landed; on object stores without conditional writes, set {@code privacy.email-salt}.
   */
  public static String emailSalt(WarehouseConfig config, Storage storage) {
    if (config.emailSalt() != null) {
      return config.emailSalt();
    }
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(
        new org.apache.hadoop.fs.Path(Storage.path(config.warehouse()), "_meta"), "email-salt");
    String salt = storage.readStringOrNull(file);
    if (salt == null) {
      byte[] random = new byte[32];
      new java.security.SecureRandom().nextBytes(random);
      storage.createIfAbsent(file, java.util.HexFormat.of().formatHex(random),
          new org.apache.hadoop.fs.permission.FsPermission((short) 0600));
      salt = storage.readStringOrNull(file); // ours, or another process's that won the race
    }
    // Another process may be writing it this very moment (a local or HDFS file appears before its content).
    for (int attempt = 0; attempt < 20 && (salt == null || salt.isBlank()); attempt++) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      salt = storage.readStringOrNull(file);
    }
    if (salt == null || salt.isBlank()) {
      throw new IllegalStateException("the e-mail salt " + file + " is empty; delete it only if no pseudonym "
          + "was written yet, or set " + WarehouseConfig.EMAIL_SALT);
    }
    return salt.trim();
  }

  public static SparkSession create(WarehouseConfig config) {
    SparkConf conf = new SparkConf();
    // Under spark-submit the master comes from the submit command; only a bare `java` run needs one.
    if (config.sparkMaster() != null) {
      conf.setMaster(config.sparkMaster());
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    if (!conf.contains("spark.app.name")) {
      conf.setAppName("oss-warehouse");
    }
    if (conf.get("spark.master").startsWith("local")) {
      conf.set("spark.ui.enabled", "false");
      conf.set("spark.driver.host", "127.0.0.1");
    }
    conf.set("spark.sql.warehouse.dir",
        new org.apache.hadoop.fs.Path(Storage.path(config.warehouse()), "_spark").toUri().toString());
    SparkSession spark = SparkSession.builder().config(deltaConf(conf, config.shufflePartitions())).getOrCreate();
    spark.conf().set(PrivacyUdfs.SALT_CONF, emailSalt(config, Storage.of(spark)));
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
