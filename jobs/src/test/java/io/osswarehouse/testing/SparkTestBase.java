package io.osswarehouse.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.osswarehouse.spark.SparkSessions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The one place spark-testing-base is wired to JUnit Jupiter. Its lifecycle hooks are JUnit 4
 * annotations that Jupiter never calls, so {@link #startSpark()} calls {@code runBefore()} itself.
 * Delta's extension goes in {@link #conf()} because the SparkContext is created from it before the
 * session builder runs. The context is deliberately never stopped between classes: one SparkSession
 * per test JVM (surefire reuses its JVMs) saves its start-up, and the compiler's warm-up, for every class.
 */
public abstract class SparkTestBase extends JavaDataFrameSuiteBase {
  /**
   * How every test runs Spark, in this JVM and in the processes tests start ({@link WarehouseProcess}); the
   * bench module's smoke run and the Python suites pass the same settings.
   */
  public static final Map<String, String> SMALL_DATA = smallData();

  private static Map<String, String> smallData() {
    Map<String, String> settings = new LinkedHashMap<>();
    // Test data is a few thousand rows, so generating and compiling Java for every query costs more
    // than running it: a JFR profile of a small nightly run put a quarter of its CPU in codegen
    // (formatting, hashing and compiling generated code, in the driver and in every task). Tests
    // run the same plans interpreted; production keeps codegen, where data volumes pay for it.
    settings.put("spark.sql.codegen.wholeStage", "false");
    settings.put("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    // Adaptive execution re-plans a query after each of its stages: at a few thousand rows on two
    // partitions there is nothing to adapt to.
    settings.put("spark.sql.adaptive.enabled", "false");
    // Per-file column statistics (for data skipping) cost a generated projection in every write
    // task, and on test-sized tables there is nothing to skip; without them the skipping pass over the
    // file list (a Spark job per scan of a new version) has nothing to use either. A test that writes
    // statistics turns both back on. Measurements: docs/performance.md.
    settings.put("spark.databricks.delta.stats.collect", "false");
    settings.put("spark.databricks.delta.stats.skipping", "false");
    return java.util.Collections.unmodifiableMap(settings);
  }

  @Override
  public SparkConf conf() {
    SparkConf conf = new SparkConf()
        .setMaster("local[2]")
        .setAppName("oss-warehouse-tests")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.default.parallelism", "2")
        .set("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
    SMALL_DATA.forEach(conf::set);
    return SparkSessions.deltaConf(conf, 2);
  }

  @Override
  public boolean enableHiveSupport() {
    return false;
  }

  @BeforeEach
  void startSpark() {
    runBefore();
    spark().sparkContext().setLogLevel("WARN");
    spark().conf().set(io.osswarehouse.spark.PrivacyUdfs.SALT_CONF, "test-salt-not-secret");
    // One session serves every class: drop what an earlier test left cached, so memory does not build up.
    spark().catalog().clearCache();
  }

  /**
   * The next class in this JVM shares the session: Delta's cached table states of this one's folders
   * (each class writes under folders of its own) are released with their logs. Cached datasets go
   * before every test ({@link #startSpark()}).
   */
  @AfterAll
  static void releaseCachedState() {
    org.apache.spark.sql.delta.DeltaLog.clearCache();
  }

  protected SparkSession session() {
    return spark();
  }

  /** A DataFrame from a DDL schema and rows of values, for small inline fixtures. */
  protected Dataset<Row> rows(String ddl, Object[]... values) {
    List<Row> list = Arrays.stream(values).map(v -> org.apache.spark.sql.RowFactory.create(v)).toList();
    return spark().createDataFrame(list, org.apache.spark.sql.types.StructType.fromDDL(ddl));
  }
}
