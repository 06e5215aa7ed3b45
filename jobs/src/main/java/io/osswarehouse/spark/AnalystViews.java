package io.osswarehouse.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The analyst-facing views: every {@code sql/views/<name>.sql} of the repository (packaged on the
 * classpath as {@code sql/views/}) becomes the view {@code analytics.<name>}. A view only joins,
 * filters and reshapes gold tables, so each metric keeps its one definition in gold. A view file
 * names the tables it reads on a {@code -- Reads:} header line; a view whose tables do not exist yet
 * (a warehouse before its first run) is left out rather than failing the session's start-up.
 */
public final class AnalystViews {
  public static final String DATABASE = "analytics";
  static final String FOLDER = "sql/views/";
  private static final Pattern READS = Pattern.compile("(?m)^--\\s*Reads:\\s*(.+)$");

  /** One view file: its name (the file name without {@code .sql}), SQL text and the tables it reads. */
  public record View(String name, String sql, List<String> reads) {
    public String qualifiedName() {
      return DATABASE + "." + name;
    }
  }

  private AnalystViews() {}

  /**
   * Creates the {@code analytics} database (views only: its folder under the warehouse root holds no
   * data), (re)defines every view whose tables exist and drops the others; returns the names of the
   * views defined.
   * One at a time per JVM: a nightly run and the JDBC server's refresh share one catalog, and two
   * definitions of one view at once fail (both see no view, both create it).
   */
  public static synchronized List<String> register(SparkSession spark, URI warehouseRoot) {
    URI location = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(warehouseRoot), DATABASE).toUri();
    spark.sql("CREATE DATABASE IF NOT EXISTS " + DATABASE + " LOCATION '" + location + "'");
    List<String> defined = new ArrayList<>();
    List<View> pending = new ArrayList<>(all());
    // A view may read another analytics view: define in rounds until no more inputs appear. An analytics
    // input counts once this call defined it, not because an earlier call left it in the catalog.
    boolean progress = true;
    while (progress) {
      progress = false;
      for (java.util.Iterator<View> it = pending.iterator(); it.hasNext(); ) {
        View view = it.next();
        if (view.reads().stream().allMatch(t -> t.startsWith(DATABASE + ".") ? defined.contains(t)
            : spark.catalog().tableExists(t))) {
          // An existing view is altered in place: CREATE OR REPLACE drops it first, and a JDBC client
          // querying it while the server's refresh runs would find it missing.
          boolean exists = spark.catalog().tableExists(view.qualifiedName());
          spark.sql((exists ? "ALTER VIEW " : "CREATE VIEW ") + view.qualifiedName() + " AS\n" + view.sql());
          defined.add(view.qualifiedName());
          it.remove();
          progress = true;
        }
      }
    }
    // A session that served another warehouse may hold views of it: none may outlive its tables. Dropped
    // in the catalog: DROP VIEW would first resolve the view to uncache it, and log a stack trace when
    // its tables are gone.
    pending.forEach(v -> spark.sessionState().catalog().dropTable(
        new org.apache.spark.sql.catalyst.TableIdentifier(v.name(), scala.Option.apply(DATABASE)), true, false));
    return defined;
  }

  /** {@link #register(SparkSession, URI)} for a warehouse in a local folder. */
  public static List<String> register(SparkSession spark, Path warehouseRoot) {
    return register(spark, io.osswarehouse.config.WarehouseConfig.location(
        io.osswarehouse.config.WarehouseConfig.WAREHOUSE_DIR, warehouseRoot.toAbsolutePath().toString()));
  }

  /** Every view file, in file-name order. */
  public static List<View> all() {
    List<View> views = new ArrayList<>();
    for (String file : listFolder()) {
      String sql = read(FOLDER + file);
      Matcher m = READS.matcher(sql);
      if (!m.find()) {
        throw new IllegalStateException(FOLDER + file + " has no '-- Reads: layer.table, ...' header line");
      }
      List<String> reads = Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      views.add(new View(file.substring(0, file.length() - ".sql".length()), sql, reads));
    }
    return views;
  }

  /** File names under {@code sql/views/}, whether the classpath entry is a folder (tests) or a jar. */
  private static List<String> listFolder() {
    URL url = AnalystViews.class.getClassLoader().getResource(FOLDER);
    if (url == null) {
      throw new IllegalStateException(FOLDER + " is not on the classpath (jobs/pom.xml packages ../sql/views)");
    }
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return names(Path.of(uri));
      }
      try {
        return names(FileSystems.getFileSystem(uri).provider().getPath(uri));
      } catch (java.nio.file.FileSystemNotFoundException notOpen) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          return names(jar.provider().getPath(uri));
        } catch (FileSystemAlreadyExistsException race) {
          return names(FileSystems.getFileSystem(uri).provider().getPath(uri));
        }
      }
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot list " + url + ": " + e.getMessage(), e);
    }
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString().replace("/", ""))
          .filter(n -> n.endsWith(".sql")).sorted().toList();
    }
  }

  private static String read(String resource) {
    try (InputStream in = AnalystViews.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("not on the classpath: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
