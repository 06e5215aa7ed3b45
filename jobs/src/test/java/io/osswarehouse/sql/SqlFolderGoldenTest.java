package io.osswarehouse.sql;

import io.osswarehouse.testing.PipelineTest;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.generate.SampleDataGenerator;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.AnalystViews;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.SparkTestBase;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every analyst view ({@code sql/views/}, as {@code analytics.<name>}) and every example query
 * ({@code sql/examples/}) on the shared fixture warehouse gives exactly the rows of its golden CSV in
 * {@code jobs/src/test/resources/golden/{views,examples}/<name>.csv}: a header, then the rows (views
 * sorted by all columns, examples in their own ORDER BY), decimals as plain text, doubles to 10
 * significant digits, null as {@code null}. A missing, different or orphan golden fails with a diff.
 *
 * <p>After an intended change, regenerate and review the diff:
 * {@code mvn -o -pl jobs test -Dtest=SqlFolderGoldenTest -Dgolden.update=true}.
 */
@PipelineTest
class SqlFolderGoldenTest extends SparkTestBase {
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final Path GOLDEN = Path.of(System.getProperty("golden.dir", "src/test/resources/golden"));
  private static final Path EXAMPLES = Path.of(System.getProperty("sql.dir", "../sql")).resolve("examples");

  @TempDir
  static Path root;

  @TestFactory
  Stream<DynamicTest> everyViewAndExampleMatchesItsGolden() throws IOException {
    // Before the first run no table exists: every view is left out instead of failing the start-up.
    List<String> beforeFirstRun = AnalystViews.register(session(), root.resolve("empty-warehouse"));
    // The fixture (long enough for a trailing-twelve-month NRR): registering it defines the analyst views.
    new Warehouse(session(), io.osswarehouse.testing.FixtureWarehouse.warehouse(session())).registerAll();

    Map<String, Dataset<Row>> queries = new LinkedHashMap<>();
    for (AnalystViews.View view : AnalystViews.all()) {
      Dataset<Row> df = session().table(view.qualifiedName());
      queries.put("views/" + view.name(), df.orderBy(
          Stream.of(df.columns()).map(c -> functions.col(c).asc_nulls_first()).toArray(Column[]::new)));
    }
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
        String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
        queries.put("examples/" + name, session().sql(Files.readString(file)));
      }
    }

    List<DynamicTest> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("no view before the tables it reads exist",
        () -> Assertions.assertEquals(List.of(), beforeFirstRun)));
    queries.forEach((name, df) -> tests.add(DynamicTest.dynamicTest(name, () -> compare(name, csv(df)))));
    tests.add(DynamicTest.dynamicTest("no golden without its SQL file", () -> noOrphans(queries.keySet())));
    return tests.stream();
  }

  private static void compare(String name, String actual) throws IOException {
    Path golden = GOLDEN.resolve(name + ".csv");
    if (UPDATE) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    Assertions.assertTrue(Files.exists(golden), () -> "no golden file " + golden.toAbsolutePath()
        + "; create it with -Dgolden.update=true and review it. The query returned:\n" + actual);
    String expected = Files.readString(golden, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      Assertions.fail(name + " differs from " + golden + " (- golden, + now; regenerate with "
          + "-Dgolden.update=true if the change is intended):\n" + diff(expected, actual));
    }
  }

  private static void noOrphans(Set<String> names) throws IOException {
    Set<String> orphans = new TreeSet<>();
    if (Files.isDirectory(GOLDEN)) {
      try (Stream<Path> files = Files.walk(GOLDEN)) {
        files.filter(f -> f.toString().endsWith(".csv"))
            .map(f -> GOLDEN.relativize(f).toString().replace('\\', '/').replaceFirst("\\.csv$", ""))
            .filter(n -> !names.contains(n))
            .forEach(orphans::add);
      }
    }
    Assertions.assertTrue(orphans.isEmpty(), "golden files whose view or example no longer exists: " + orphans);
  }

  /** The rows as CSV: a header, then one line per row, values rendered to be stable across runs. */
  static String csv(Dataset<Row> df) {
    StringWriter out = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n")
        .setHeader(df.columns()).build())) {
      for (Row row : df.collectAsList()) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
          cells.add(render(row.get(i)));
        }
        printer.printRecord(cells);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Double d) {
      // sums of doubles may differ in the last bits with the order Spark adds them in
      return d.isNaN() || d.isInfinite() ? d.toString()
          : new BigDecimal(d).round(new MathContext(10)).stripTrailingZeros().toPlainString();
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      return scala.collection.JavaConverters.seqAsJavaList(seq).stream().map(SqlFolderGoldenTest::render)
          .collect(Collectors.joining(";", "[", "]"));
    }
    return value.toString();
  }

  /** The lines only in one side, numbered, at most 40. */
  private static String diff(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < Math.max(e.size(), a.size()) && shown < 40; i++) {
      String left = i < e.size() ? e.get(i) : null;
      String right = i < a.size() ? a.get(i) : null;
      if (left == null || !left.equals(right)) {
        if (left != null) {
          out.append(String.format("- %4d  %s%n", i + 1, left));
        }
        if (right != null) {
          out.append(String.format("+ %4d  %s%n", i + 1, right));
        }
        shown++;
      }
    }
    out.append(String.format("(%d golden lines, %d now)", e.size(), a.size()));
    return out.toString();
  }
}
