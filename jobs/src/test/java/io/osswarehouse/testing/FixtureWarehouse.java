package io.osswarehouse.testing;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.generate.SampleDataGenerator;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The one generated world and warehouse a test run shares: built once by the first test that needs it,
 * read by every class that only reads silver and gold (SQL goldens, the data dictionary, the funnel's
 * truth, the JDBC server on a copy, the notebooks and the cluster comparison). Test JVMs run one after
 * another and two at a time, so it lives on disk ({@code jobs/target/test-fixture/<key>}), is built under
 * a file lock, and is published by a rename once complete. The key is a hash of the world's parameters
 * and the code (main classes and SQL files): a second {@code bin/test} with unchanged code reuses it and
 * says so; a changed model or generator builds a new one.
 *
 * <p>The world: 150 organisations over 15 months (long enough for a trailing-twelve-month NRR, enough
 * paying accounts with a community history for the funnel's truths), billed in five currencies (so
 * exchange rates and every bronze table exist), every community source, with a little background
 * traffic of anonymous downloads, pageviews and other repositories' events, which the warehouse filters
 * by tracking the project's GitHub organisation as a deployment does. The warehouse is one nightly run
 * as of {@link #RUN_DATE}. Never write to it: copy it ({@link #copy}).
 */
public final class FixtureWarehouse {
  public static final long SEED = 7;
  public static final int ORGANIZATIONS = 150;
  public static final io.osswarehouse.generate.Background BACKGROUND = new io.osswarehouse.generate.Background(
      10, 5, 10);
  public static final LocalDate START = LocalDate.of(2024, 7, 1);
  public static final LocalDate END = LocalDate.of(2025, 9, 30);
  public static final LocalDate RUN_DATE = END;
  /** The e-mail salt of the fixture's pseudonyms (the tests' salt, as {@link SparkTestBase} sets it). */
  public static final String SALT = "test-salt-not-secret";

  private static Path built;

  private FixtureWarehouse() {}

  /** The fixture's folder, holding {@code landing/} and {@code warehouse/}; built on first use. */
  public static synchronized Path root(SparkSession spark) {
    if (built != null) {
      return built;
    }
    Path base = Path.of(System.getProperty("warehouse.fixture.dir", "target/test-fixture")).toAbsolutePath();
    Path ready = base.resolve(key());
    try {
      Files.createDirectories(base);
      try (FileChannel channel = FileChannel.open(base.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
        if (Files.isRegularFile(ready.resolve("READY"))) {
          System.err.println("fixture warehouse: reusing " + ready + " (same world and code as when it was built)");
        } else {
          removeOthers(base, ready.getFileName().toString());
          build(spark, base, ready);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the fixture warehouse under " + base + ": " + e.getMessage(), e);
    }
    built = ready;
    return ready;
  }

  public static Path landing(SparkSession spark) {
    return root(spark).resolve("landing");
  }

  public static Path warehouse(SparkSession spark) {
    return root(spark).resolve("warehouse");
  }

  /** The fixture's settings: reporting currency USD, the project's GitHub organisation tracked. */
  public static WarehouseConfig config(SparkSession spark) {
    return config(warehouse(spark), landing(spark));
  }

  /** The fixture's settings for a copy of it. */
  public static WarehouseConfig config(Path warehouse, Path landing) {
    return new WarehouseConfig(warehouse, landing, "USD", 0.05, null, 2, List.of(),
        List.of(SampleDataGenerator.PROJECT_GITHUB_ORGANIZATION));
  }

  /** A copy of the fixture's landing and warehouse folders under {@code target}, for tests that write. */
  public static Path copy(SparkSession spark, Path target) {
    Path from = root(spark);
    copyTree(from.resolve("landing"), target.resolve("landing"));
    copyTree(from.resolve("warehouse"), target.resolve("warehouse"));
    return target;
  }

  /** A copy of one table of the fixture into the warehouse folder {@code target}. */
  public static void copyTable(SparkSession spark, String table, Path target) {
    String relative = table.replace('.', '/');
    copyTree(warehouse(spark).resolve(relative), target.resolve(relative));
  }

  private static void build(SparkSession spark, Path base, Path ready) throws IOException {
    long started = System.nanoTime();
    System.err.println("fixture warehouse: building " + ready + " (first use with this code)");
    Path work = Files.createTempDirectory(base, "building-");
    WarehouseConfig config = config(work.resolve("warehouse"), work.resolve("landing"));
    SampleDataGenerator.generate(config.landingDir(), SEED, ORGANIZATIONS, START, END, "USD", BACKGROUND);
    // With per-file column statistics, as production writes them (the tests' default leaves them out):
    // the JDBC server test reads answers Delta takes from them.
    String stats = "spark.databricks.delta.stats.collect";
    String before = spark.conf().get(stats, "true");
    spark.conf().set(stats, "true");
    try {
      NightlyRun.run(RunContext.start(config, new Warehouse(spark, config.warehouseDir()), RUN_DATE,
          Progress.silent()));
    } finally {
      spark.conf().set(stats, before);
    }
    Files.writeString(work.resolve("READY"), "built in " + (System.nanoTime() - started) / 1_000_000_000 + " s\n",
        StandardCharsets.UTF_8);
    Files.move(work, ready, StandardCopyOption.ATOMIC_MOVE);
    System.err.println("fixture warehouse: built in " + (System.nanoTime() - started) / 1_000_000_000 + " s");
  }

  /** Fixtures of other code or worlds, and half-built ones of a killed test JVM. */
  private static void removeOthers(Path base, String keep) throws IOException {
    try (Stream<Path> entries = Files.list(base)) {
      for (Path p : entries.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().equals(keep)).toList()) {
        deleteTree(p);
      }
    }
  }

  /** The world's parameters and a hash of every main class and SQL file: what the fixture is a function of. */
  static String key() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((SEED + "|" + ORGANIZATIONS + "|" + BACKGROUND + "|" + START + "|" + END + "|" + RUN_DATE + "|"
          + SALT + "|" + config(Path.of("w"), Path.of("l")).githubOrganizations())
          .getBytes(StandardCharsets.UTF_8));
      Path classes = Path.of(NightlyRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path generator = Path.of(SampleDataGenerator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path root : List.of(classes, generator).stream().distinct().toList()) {
        try (Stream<Path> files = Files.walk(root)) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            digest.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(f));
          }
        }
      }
      return "world-" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (Exception e) {
      throw new IllegalStateException("cannot compute the fixture key: " + e.getMessage(), e);
    }
  }

  static void copyTree(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path f : walk.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
