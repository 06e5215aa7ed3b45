package io.osswarehouse.config;

import io.osswarehouse.common.Currencies;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Typed, validated settings of one warehouse. Precedence, lowest first: built-in defaults (the
 * embedded default: ./warehouse, ./landing, USD), a properties file, environment variables,
 * command-line options. Every key is documented in docs/configuration.md.
 *
 * @param warehouse root of the Delta tables (one folder per layer): a Hadoop file system URI such as
 *     {@code s3a://bucket/warehouse}, or {@code file:/absolute/path} for a local folder (see {@link #location})
 * @param landing where raw exports land, as a URI like {@code warehouse}
 * @param reportingCurrency ISO code every money column in gold is converted to
 * @param maxRejectedFraction per file: above this share of quarantined records the file is rejected
 *     and the run fails
 * @param sparkMaster master URL for local runs; null keeps what spark-submit set, else local[*]
 * @param shufflePartitions spark.sql.shuffle.partitions
 * @param githubRepositories tracked repositories ({@code owner/name}); with none and no organisations,
 *     every repository in the GitHub exports is kept
 * @param githubOrganizations tracked organisations or users (every repository they own is kept)
 * @param emailSalt secret salt of the e-mail pseudonyms; null uses a random salt generated once per
 *     warehouse ({@code <warehouse.dir>/_meta/email-salt})
 * @param lockWait how long a writing command waits for another writer of the warehouse to finish before
 *     it fails naming it (zero: fail at once)
 * @param collection what {@code warehouse collect} fetches from which APIs ({@code collect.*} keys)
 */
public record WarehouseConfig(
    URI warehouse,
    URI landing,
    String reportingCurrency,
    double maxRejectedFraction,
    String sparkMaster,
    int shufflePartitions,
    java.util.List<String> githubRepositories,
    java.util.List<String> githubOrganizations,
    String emailSalt,
    java.time.Duration lockWait,
    CollectionConfig collection) {

  /** Property keys, as written in a config file. */
  public static final String WAREHOUSE_DIR = "warehouse.dir";
  public static final String LANDING_DIR = "landing.dir";
  public static final String REPORTING_CURRENCY = "reporting.currency";
  public static final String MAX_REJECTED_FRACTION = "quarantine.max-rejected-fraction";
  public static final String SPARK_MASTER = "spark.master";
  public static final String SHUFFLE_PARTITIONS = "spark.shuffle-partitions";
  public static final String GITHUB_REPOSITORIES = "github.repositories";
  public static final String GITHUB_ORGANIZATIONS = "github.organizations";
  public static final String EMAIL_SALT = "privacy.email-salt";
  public static final String LOCK_WAIT_SECONDS = "lock.wait-seconds";

  /** Environment variable for each key. */
  public static final Map<String, String> ENV = Map.of(
      WAREHOUSE_DIR, "WAREHOUSE_DIR",
      LANDING_DIR, "WAREHOUSE_LANDING",
      REPORTING_CURRENCY, "WAREHOUSE_REPORTING_CURRENCY",
      MAX_REJECTED_FRACTION, "WAREHOUSE_MAX_REJECTED_FRACTION",
      SPARK_MASTER, "WAREHOUSE_SPARK_MASTER",
      SHUFFLE_PARTITIONS, "WAREHOUSE_SHUFFLE_PARTITIONS",
      GITHUB_REPOSITORIES, "WAREHOUSE_GITHUB_REPOSITORIES",
      GITHUB_ORGANIZATIONS, "WAREHOUSE_GITHUB_ORGANIZATIONS",
      EMAIL_SALT, "WAREHOUSE_EMAIL_SALT",
      LOCK_WAIT_SECONDS, "WAREHOUSE_LOCK_WAIT_SECONDS");

  /** Environment variable naming the config file (else ./warehouse.properties when present). */
  public static final String CONFIG_FILE_ENV = "WAREHOUSE_CONFIG";

  public WarehouseConfig {
    if (warehouse == null || landing == null) {
      throw new IllegalArgumentException("warehouse and landing directories are required");
    }
    warehouse = location(WAREHOUSE_DIR, warehouse.toString());
    landing = location(LANDING_DIR, landing.toString());
    reportingCurrency = Currencies.normalize(reportingCurrency);
    if (!(maxRejectedFraction >= 0 && maxRejectedFraction <= 1)) {
      throw new IllegalArgumentException(MAX_REJECTED_FRACTION + " must be between 0 and 1, got " + maxRejectedFraction);
    }
    if (shufflePartitions < 1) {
      throw new IllegalArgumentException(SHUFFLE_PARTITIONS + " must be at least 1, got " + shufflePartitions);
    }
    githubRepositories = normalizeNames(githubRepositories, GITHUB_REPOSITORIES, true);
    githubOrganizations = normalizeNames(githubOrganizations, GITHUB_ORGANIZATIONS, false);
    emailSalt = emailSalt == null || emailSalt.isBlank() ? null : emailSalt.trim();
    if (emailSalt != null && emailSalt.length() < 16) {
      throw new IllegalArgumentException(EMAIL_SALT + " must be at least 16 characters");
    }
    lockWait = lockWait == null ? java.time.Duration.ZERO : lockWait;
    if (lockWait.isNegative()) {
      throw new IllegalArgumentException(LOCK_WAIT_SECONDS + " must not be negative, got " + lockWait.toSeconds());
    }
    collection = collection == null ? CollectionConfig.fromMap(Map.of()) : collection;
  }

  /** The settings without collection keys (collection defaults: nothing to collect). */
  public WarehouseConfig(URI warehouse, URI landing, String reportingCurrency, double maxRejectedFraction,
      String sparkMaster, int shufflePartitions, java.util.List<String> githubRepositories,
      java.util.List<String> githubOrganizations, String emailSalt, java.time.Duration lockWait) {
    this(warehouse, landing, reportingCurrency, maxRejectedFraction, sparkMaster, shufflePartitions,
        githubRepositories, githubOrganizations, emailSalt, lockWait, null);
  }

  /** The settings for local folders (relative ones resolved against the working directory). */
  public WarehouseConfig(Path warehouseDir, Path landingDir, String reportingCurrency, double maxRejectedFraction,
      String sparkMaster, int shufflePartitions, java.util.List<String> githubRepositories,
      java.util.List<String> githubOrganizations, String emailSalt) {
    this(localUri(warehouseDir), localUri(landingDir), reportingCurrency, maxRejectedFraction, sparkMaster,
        shufflePartitions, githubRepositories, githubOrganizations, emailSalt, java.time.Duration.ZERO);
  }

  /** The settings with a generated per-warehouse e-mail salt. */
  public WarehouseConfig(Path warehouseDir, Path landingDir, String reportingCurrency, double maxRejectedFraction,
      String sparkMaster, int shufflePartitions, java.util.List<String> githubRepositories,
      java.util.List<String> githubOrganizations) {
    this(warehouseDir, landingDir, reportingCurrency, maxRejectedFraction, sparkMaster, shufflePartitions,
        githubRepositories, githubOrganizations, null);
  }

  /** The settings without GitHub tracking (every repository kept). */
  public WarehouseConfig(Path warehouseDir, Path landingDir, String reportingCurrency, double maxRejectedFraction,
      String sparkMaster, int shufflePartitions) {
    this(warehouseDir, landingDir, reportingCurrency, maxRejectedFraction, sparkMaster, shufflePartitions,
        java.util.List.of(), java.util.List.of(), null);
  }

  /** The same settings with other warehouse and landing locations (URIs or local paths, as in a config file). */
  public WarehouseConfig withLocations(String warehouseLocation, String landingLocation) {
    return new WarehouseConfig(location(WAREHOUSE_DIR, warehouseLocation), location(LANDING_DIR, landingLocation),
        reportingCurrency, maxRejectedFraction, sparkMaster, shufflePartitions, githubRepositories,
        githubOrganizations, emailSalt, lockWait, collection);
  }

  /** The same settings with another wait for the writer lock. */
  public WarehouseConfig withLockWait(java.time.Duration wait) {
    return new WarehouseConfig(warehouse, landing, reportingCurrency, maxRejectedFraction, sparkMaster,
        shufflePartitions, githubRepositories, githubOrganizations, emailSalt, wait, collection);
  }

  /**
   * The warehouse root as a local folder, for what only works on the local disk; fails with the key's
   * name when the warehouse is on another file system (object storage, HDFS).
   */
  public Path warehouseDir() {
    return localPath(WAREHOUSE_DIR, warehouse);
  }

  /** The landing folder as a local folder (the generator writes there); fails when it is not local. */
  public Path landingDir() {
    return localPath(LANDING_DIR, landing);
  }

  /** A location for messages: a local folder as its path (as before URIs), anything else as its URI. */
  public static String display(URI location) {
    return isLocal(location) ? Paths.get(location).toString() : location.toString();
  }

  /** Whether the location is on the local file system ({@code file:} URI). */
  public static boolean isLocal(URI location) {
    return "file".equals(location.getScheme());
  }

  private static Path localPath(String key, URI location) {
    if (!isLocal(location)) {
      throw new IllegalStateException(key + " is " + location + ", not a local folder; this command needs a local one");
    }
    return Paths.get(location);
  }

  /** A scheme prefix of two or more characters ({@code s3a:}, {@code hdfs:}); one letter would be a Windows drive. */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:");

  /**
   * Parses a warehouse or landing location. With a scheme ({@code s3a://bucket/warehouse},
   * {@code abfss://container@account.dfs.core.windows.net/warehouse}, {@code hdfs:///warehouse},
   * {@code file:/data/warehouse}) it is a Hadoop file system URI with an absolute path; without one, a
   * local path, relative ones resolved against the working directory. The result is normalized
   * ({@code .} and {@code ..} resolved, no trailing slash), scheme in lower case.
   *
   * @throws IllegalArgumentException naming the key when the value is blank or malformed
   */
  public static URI location(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " is required");
    }
    String v = value.trim();
    if (!SCHEME.matcher(v).find()) {
      try {
        return localUri(Paths.get(v));
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException(key + ": '" + v + "' is not a valid local path (" + e.getReason() + ")");
      }
    }
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(key + ": '" + v + "' is not a valid URI (" + e.getReason() + " at index "
          + e.getIndex() + "); expected scheme://authority/path such as s3a://bucket/warehouse, or a local folder");
    }
    String path = uri.getPath();
    if (uri.isOpaque() || path == null || !(path.startsWith("/") || path.isEmpty() && uri.getAuthority() != null)) {
      throw new IllegalArgumentException(key + ": '" + v + "' has no absolute path; expected scheme://authority/path "
          + "such as s3a://bucket/warehouse or hdfs:///warehouse, or a local folder");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException(key + ": '" + v + "' must not have a query (?) or fragment (#)");
    }
    String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (scheme.equals("file")) {
      if (uri.getAuthority() != null && !uri.getAuthority().isEmpty() && !uri.getAuthority().equals("localhost")) {
        throw new IllegalArgumentException(key + ": '" + v + "' names a host; a local folder is file:/path or a plain path");
      }
      return localUri(Paths.get(path));
    }
    String normalized = path.isEmpty() ? "/" : URI.create("x:" + uri.getRawPath()).normalize().getPath();
    if (normalized.length() > 1 && normalized.endsWith("/")) {
      normalized = normalized.substring(0, normalized.length() - 1);
    }
    try {
      return new URI(scheme, uri.getAuthority(), normalized, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(key + ": '" + v + "' is not a valid URI (" + e.getReason() + ")");
    }
  }

  /** {@code file:/absolute/normalized/path} (no trailing slash, unlike {@link Path#toUri()} of a folder). */
  private static URI localUri(Path path) {
    if (path == null) {
      return null;
    }
    try {
      return new URI("file", null, path.toAbsolutePath().normalize().toString(), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a usable local path: " + path + " (" + e.getReason() + ")");
    }
  }

  private static java.util.List<String> normalizeNames(java.util.List<String> names, String key, boolean repository) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String n : names == null ? java.util.List.<String>of() : names) {
      String name = n.trim().toLowerCase(java.util.Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (!name.matches(repository ? "[a-z0-9_.-]+/[a-z0-9_.-]+" : "[a-z0-9_.-]+")) {
        throw new IllegalArgumentException(key + ": '" + n.trim() + "' is not " + (repository ? "owner/name" : "a login"));
      }
      out.add(name);
    }
    return java.util.List.copyOf(out);
  }

  /** The embedded default: nothing to configure. */
  public static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(WAREHOUSE_DIR, "warehouse");
    d.put(LANDING_DIR, "landing");
    d.put(REPORTING_CURRENCY, "USD");
    d.put(MAX_REJECTED_FRACTION, "0.05");
    d.put(SHUFFLE_PARTITIONS, "8");
    d.put(LOCK_WAIT_SECONDS, "0");
    return d;
  }

  /**
   * Resolves the configuration.
   *
   * @param configFile explicit --config file, or null
   * @param env the process environment
   * @param overrides command-line values by key (null values are ignored)
   */
  public static WarehouseConfig resolve(Path configFile, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> values = defaults();
    Path file = configFile;
    if (file == null && env.get(CONFIG_FILE_ENV) != null && !env.get(CONFIG_FILE_ENV).isBlank()) {
      file = Paths.get(env.get(CONFIG_FILE_ENV));
    }
    if (file == null && Files.isRegularFile(Paths.get("warehouse.properties"))) {
      file = Paths.get("warehouse.properties");
    }
    if (file != null) {
      values.putAll(readProperties(file));
    }
    ENV.forEach((key, var) -> {
      if (env.get(var) != null && !env.get(var).isBlank()) {
        values.put(key, env.get(var));
      }
    });
    CollectionConfig.ENV.forEach((key, var) -> {
      if (env.get(var) != null && !env.get(var).isBlank()) {
        values.put(key, env.get(var));
      }
    });
    overrides.forEach((key, value) -> {
      if (value != null) {
        values.put(key, value);
      }
    });
    return fromMap(values);
  }

  static WarehouseConfig fromMap(Map<String, String> v) {
    return new WarehouseConfig(
        location(WAREHOUSE_DIR, v.get(WAREHOUSE_DIR)),
        location(LANDING_DIR, v.get(LANDING_DIR)),
        v.get(REPORTING_CURRENCY),
        parseDouble(v, MAX_REJECTED_FRACTION),
        v.get(SPARK_MASTER),
        (int) parseDouble(v, SHUFFLE_PARTITIONS),
        list(v.get(GITHUB_REPOSITORIES)),
        list(v.get(GITHUB_ORGANIZATIONS)),
        v.get(EMAIL_SALT),
        java.time.Duration.ofSeconds((long) parseDouble(v, LOCK_WAIT_SECONDS)),
        CollectionConfig.fromMap(v));
  }

  private static java.util.List<String> list(String commaSeparated) {
    return commaSeparated == null ? java.util.List.of() : java.util.Arrays.asList(commaSeparated.split(","));
  }

  private static double parseDouble(Map<String, String> v, String key) {
    try {
      return Double.parseDouble(v.get(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + v.get(key) + "'");
    }
  }

  private static Map<String, String> readProperties(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("config file not found: " + file);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      if (!defaults().containsKey(key) && !ENV.containsKey(key) && !CollectionConfig.ENV.containsKey(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "' in " + file + " (see docs/configuration.md)");
      }
      out.put(key, p.getProperty(key).trim());
    }
    return out;
  }
}
