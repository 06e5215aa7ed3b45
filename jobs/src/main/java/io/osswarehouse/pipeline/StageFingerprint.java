package io.osswarehouse.pipeline;

import io.osswarehouse.spark.Storage;
import io.osswarehouse.spark.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a step last built from: the Delta version of every table it reads and writes, what else its
 * result depends on (the run date for gold), the configuration and the code. A step whose fingerprint
 * is unchanged would rewrite the same rows, so a run with nothing new for it skips it, and its cost does
 * not grow with history.
 *
 * <p>Versions come from the newest commit file in each table's {@code _delta_log} (a directory listing,
 * no Spark job). Input versions are taken before the step reads, output versions after it wrote, so a
 * table changed by another process meanwhile makes the next run rebuild rather than skip. One small
 * file per step under {@code <warehouse>/_meta/stage-fingerprints/}, written through the Hadoop
 * FileSystem API (the warehouse may be on object storage) with a plain overwrite, since object stores
 * have no atomic rename: a torn or half-written file only fails to match, so the step rebuilds.
 * Deleting the folder forces every step to rebuild.
 */
public final class StageFingerprint {
  private static final String CODE = codeIdentity();

  private final org.apache.hadoop.fs.Path file;
  private final Warehouse warehouse;
  private final List<String> outputs;
  private final String before;

  private StageFingerprint(org.apache.hadoop.fs.Path file, Warehouse warehouse, List<String> outputs, String before) {
    this.file = file;
    this.warehouse = warehouse;
    this.outputs = outputs;
    this.before = before;
  }

  /**
   * Takes the versions of the input tables now, before the step reads them. {@code context}: whatever
   * else the step's result depends on (gold: the run date, for its as-of months), so that another value
   * is another fingerprint.
   */
  public static StageFingerprint take(RunContext run, String name, String context, List<String> inputs,
      List<String> outputs) {
    Warehouse wh = run.warehouse();
    StringBuilder sb = new StringBuilder()
        .append("context=").append(context).append('\n')
        .append("config=").append(sha256(settings(run.config()))).append('\n')
        .append("code=").append(CODE).append('\n');
    versions(wh, inputs).forEach((t, v) -> sb.append("input ").append(t).append('=').append(v).append('\n'));
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(
        new org.apache.hadoop.fs.Path(wh.root(), "_meta"), "stage-fingerprints");
    return new StageFingerprint(new org.apache.hadoop.fs.Path(folder, name + ".txt"), wh, List.copyOf(outputs),
        sb.toString());
  }

  /**
   * The settings a step's result can depend on (the whole is hashed: the salt is a secret). Not where the
   * warehouse and the landing folder are (a copied or moved warehouse holds the same tables), nor the
   * Spark master, partitions, lock wait or collection settings, which change how, not what.
   */
  static String settings(io.osswarehouse.config.WarehouseConfig config) {
    return "reporting.currency=" + config.reportingCurrency()
        + "\nquarantine.max-rejected-fraction=" + config.maxRejectedFraction()
        + "\ngithub.repositories=" + config.githubRepositories()
        + "\ngithub.organizations=" + config.githubOrganizations()
        + "\nprivacy.email-salt=" + config.emailSalt();
  }

  /** True when the step last succeeded on these very inputs and nothing has touched its outputs since. */
  public boolean upToDate() {
    try {
      String recorded = warehouse.storage().readStringOrNull(file);
      return recorded != null && recorded.equals(current());
    } catch (UncheckedIOException e) {
      return false; // unreadable: rebuild, which rewrites it
    }
  }

  /** Records a successful build: call after the step wrote its outputs. */
  public void record() {
    try {
      warehouse.storage().overwrite(file, current());
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("cannot record the stage fingerprint " + file + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  /** The output tables' versions now, as "table vN" (what the step's last write committed). */
  public String outputVersions() {
    StringBuilder sb = new StringBuilder();
    versions(warehouse, outputs).forEach((t, v) -> {
      if (v != NO_LOG) {
        sb.append(sb.length() == 0 ? "" : ", ").append(t).append(" v").append(v);
      }
    });
    return sb.toString();
  }

  private String current() {
    StringBuilder sb = new StringBuilder(before);
    versions(warehouse, outputs).forEach((t, v) -> sb.append("output ").append(t).append('=').append(v).append('\n'));
    return sb.toString();
  }

  /** The newest version of each table ({@link #NO_LOG} for a table that does not exist yet). */
  private static TreeMap<String, Long> versions(Warehouse wh, List<String> tables) {
    TreeMap<String, Long> out = new TreeMap<>();
    for (String table : tables) {
      out.put(table, version(wh.storage(), wh.path(table)));
    }
    return out;
  }

  /** {@link #version} of a folder that has no {@code _delta_log} at all (not a table). */
  private static final long NO_LOG = Long.MIN_VALUE;

  /** The table's newest Delta commit, or -1 when it does not exist (a local folder; for tests). */
  static long version(Path table) {
    long v = version(Storage.of((org.apache.spark.sql.SparkSession) null),
        new org.apache.hadoop.fs.Path(table.toAbsolutePath().toUri()));
    return v == NO_LOG ? -1 : v;
  }

  /** The table's newest Delta commit (a listing of its log), -1 for a log without commits, NO_LOG for no log. */
  private static long version(Storage storage, org.apache.hadoop.fs.Path table) {
    org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(table, "_delta_log");
    if (!storage.isDirectory(log)) {
      return NO_LOG;
    }
    return storage.list(log).stream().map(s -> s.getPath().getName())
        .filter(n -> n.length() == 25 && n.endsWith(".json"))
        .mapToLong(n -> Long.parseLong(n.substring(0, 20)))
        .max().orElse(-1);
  }

  /**
   * The build this code came from: the jar's size and time, or for a classes folder (development, tests)
   * a hash of every file's path and content, so a rebuilt project never trusts a fingerprint of other
   * code, and a recompile of the same code (new file times) does not make every step rebuild.
   */
  private static String codeIdentity() {
    try {
      Path source = Path.of(StageFingerprint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(source)) {
        return source.getFileName() + ":" + Files.size(source) + ":" + Files.getLastModifiedTime(source).toMillis();
      }
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (Stream<Path> files = Files.walk(source)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          digest.update(source.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
          digest.update(Files.readAllBytes(f));
        }
      }
      return "classes:" + HexFormat.of().formatHex(digest.digest());
    } catch (IOException | URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
      return "unknown:" + System.nanoTime(); // never matches a recorded one: always rebuild
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
