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
        // Every query builds a plan description for the SQL listener, even with the UI off; the default
        // "formatted" one took about a tenth of a no-op run's CPU (JFR) on our CTE-heavy models.
        .set("spark.sql.ui.explainMode", "simple")
        // Delta replays its log with 50 partitions by default: far too many for tables this size.
        .set("spark.databricks.delta.snapshotPartitions", Integer.toString(shufflePartitions))
        // Gold tables are small; a handful of files per write keeps the log and reads cheap.
        .set("spark.databricks.delta.optimizeWrite.enabled", "false")
        .set("spark.databricks.delta.schema.autoMerge.enabled", "false");
  }

  /**
   * The configured salt, else the warehouse's own: a random value written once to
   * {@code <warehouse.dir>/_meta/email-salt} (owner-readable only), so pseudonyms stay stable across
   * runs of one warehouse and differ between warehouses.
   */
  static String emailSalt(WarehouseConfig config) {
    if (config.emailSalt() != null) {
      return config.emailSalt();
    }
    java.nio.file.Path file = config.warehouseDir().resolve("_meta").resolve("email-salt");
    try {
      if (!java.nio.file.Files.exists(file)) {
        java.nio.file.Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile(file.getParent(), "email-salt", ".tmp");
        java.nio.file.Files.writeString(tmp, java.util.HexFormat.of().formatHex(random));
        try {
          java.nio.file.Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: keep the default permissions
        }
        try {
          java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          java.nio.file.Files.deleteIfExists(tmp); // another process won the race: use its salt
        }
      }
      return java.nio.file.Files.readString(file).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read or create the e-mail salt " + file + ": " + e.getMessage(), e);
    }
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
    conf.set("spark.sql.warehouse.dir", config.warehouseDir().resolve("_spark").toUri().toString());
    SparkSession spark = SparkSession.builder().config(deltaConf(conf, config.shufflePartitions())).getOrCreate();
    spark.conf().set(PrivacyUdfs.SALT_CONF, emailSalt(config));
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
