package io.osswarehouse.pipeline;

import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.orchestrate.GraphRunner;
import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.testing.FixtureWarehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.junit.jupiter.api.Assertions;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.generate.SampleDataGenerator;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.KillSwitch;
import io.osswarehouse.testing.PipelineTest;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import io.osswarehouse.testing.WarehouseProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nightly run killed at any moment ({@code kill -9}: the JVM halts, nothing is flushed or cleaned
 * up) and then simply run again converges to exactly what an uninterrupted run builds: every silver
 * and gold table equal, audit columns aside. Each named kill point stops a real {@code warehouse run}
 * process (see {@link KillSwitch}) in a stage, during a table's first creation or a later rebuild, in
 * the middle of a Delta commit, or during the ingest of the largest file. The points of one night are
 * a chain, in the order a run reaches them: each rerun is killed at the next point, which it reaches
 * only if it recovered from the kill before, and a last rerun must finish and match.
 *
 * <p>Every point is a test of its own. A kill and its rerun cost a JVM start and the redone step, so
 * the test command runs {@value #DEFAULT_POINTS} consecutive points of one night a day (the nights take
 * turns), so that each of the 28 is exercised within twenty days; {@code -Dwarehouse.kill-points=all} runs every
 * one (docs/warehouse.md gives the last full run).
 */
@PipelineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillRecoveryTest extends SparkTestBase {
  private static final LocalDate NIGHT_1 = LocalDate.of(2025, 2, 28);
  private static final LocalDate NIGHT_2 = LocalDate.of(2025, 3, 31);
  private static final Pattern MONTH = Pattern.compile("(20\\d{2})-(0[1-9]|1[0-2])");
  /** Columns that say which run wrote a row and when: they differ between any two runs by design. */
  private static final List<String> AUDIT_COLUMNS = List.of("_run_id", "_ingested_at", "_run_date");

  /** Kill points run by default: the rest are reported as skipped for the day. */
  static final int DEFAULT_POINTS = 2;

  @TempDir
  static Path root;

  private static boolean prepared;

  /** Kill points of the first night, on a new warehouse: every table is created for the first time. */
  private static final List<String> FIRST_NIGHT = List.of(
      "create:/bronze/stripe__objects/",
      "commit:/bronze/billing__subscription_periods/_delta_log/",
      "committed:/bronze/github__events/_delta_log/",
      "create:/bronze/pypi__file_downloads/",
      "commit:/bronze/web__access_logs/_delta_log/",
      "commit:/silver/stg_stripe__customers/_delta_log/",
      "create:/silver/stg_stripe__invoice_lines/",
      "commit:/silver/fct_mrr_segments/_delta_log/",
      "commit:/silver/fct_github_repo_daily/_delta_log/",
      "committed:/silver/fct_github_stars_daily/_delta_log/",
      "commit:/silver/fct_package_downloads_daily/_delta_log/",
      "create:/silver/fct_web_daily/",
      "commit:/silver/account_identities/_delta_log/",
      "committed:/silver/dim_accounts/_delta_log/",
      "commit:/gold/customer_mrr_monthly/_delta_log/",
      "create:/gold/cohort_retention/",
      "commit:/gold/download_revenue_correlation/_delta_log/",
      "commit:/gold/account_journeys/_delta_log/",
      "committed:/gold/account_journey_summary/_delta_log/");

  /** Kill points of the second night: the same tables rebuilt, merged into or replaced in part. */
  private static final List<String> SECOND_NIGHT = List.of(
      "commit:/bronze/stripe__objects/_delta_log/",
      "create:/bronze/github__events/",
      "commit:/silver/stg_stripe__invoices/_delta_log/",
      "commit:/silver/fct_mrr_segments/_delta_log/",
      "commit:/silver/stg_github__archive_hours/_delta_log/",
      "commit:/silver/fct_package_downloads_daily/_delta_log/",
      "create:/silver/dim_accounts/",
      "commit:/gold/mrr_bridge_monthly/_delta_log/",
      "committed:/gold/funnel_monthly/_delta_log/");

  private static Path landing(LocalDate night) {
    return root.resolve("landing-" + night);
  }

  private static Path warehouse(String name) {
    return root.resolve(name);
  }

  private static WarehouseConfig config(String warehouse, LocalDate night) {
    return FixtureWarehouse.config(warehouse(warehouse), landing(night));
  }

  /**
   * A small world of two months, then a third (the smallest that writes every table the points name: a
   * kill and its rerun cost the fixed cost of a run, whatever the data): the landing folder of each night
   * holds every export up to its month (copies keep their times, so the second night's audit knows the
   * first night's files). The references are uninterrupted runs in this JVM, night 1 then, when today's
   * points include the second night, night 2.
   */
  private void prepare(boolean secondNight) throws IOException {
    if (!prepared) {
      Path staging = root.resolve("staging");
      SampleDataGenerator.generate(staging, 11, 20, LocalDate.of(2025, 1, 1), NIGHT_2, "USD");
      copyMonths(staging, landing(NIGHT_1), YearMonth.from(NIGHT_1));
      copyMonths(staging, landing(NIGHT_2), YearMonth.from(NIGHT_2));
      Warehouse reference = new Warehouse(session(), warehouse("reference-night-1"));
      NightlyRun.run(RunContext.start(config("reference-night-1", NIGHT_1), reference, NIGHT_1, Progress.silent()));
      prepared = true;
    }
    if (secondNight && !Files.exists(warehouse("reference"))) {
      copyTree(warehouse("reference-night-1"), warehouse("reference"));
      Warehouse reference = new Warehouse(session(), warehouse("reference"));
      NightlyRun.run(RunContext.start(config("reference", NIGHT_2), reference, NIGHT_2, Progress.silent()));
    }
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> aNewWarehouseKilledAtAnyPointOfItsFirstNightConvergesOnRerun() throws IOException {
    return chain("first", FIRST_NIGHT, NIGHT_1, () -> {
      prepare(false);
      return warehouse("reference-night-1");
    });
  }

  @TestFactory
  @Order(2)
  Stream<DynamicTest> aRunKilledWhileRebuildingExistingTablesConvergesOnRerun() throws IOException {
    return chain("second", SECOND_NIGHT, NIGHT_2, () -> {
      prepare(true);
      copyTree(warehouse("reference-night-1"), warehouse("second"));
      return warehouse("reference");
    });
  }

  /** Prepares a chain's starting warehouse and returns its reference. */
  private interface Start {
    Path prepare() throws IOException;
  }

  /**
   * Whether today's run kills at the {@code index}-th point of all nights' points (first night first):
   * every point with {@code -Dwarehouse.kill-points=all}, else {@value #DEFAULT_POINTS} consecutive ones of
   * one night (a rerun resumes where the kill left it, so consecutive points cost little more than one, and
   * the other night needs no reference run): the first night on even days, the second on odd ones, each
   * starting where its last set ended.
   */
  static boolean chosen(int index) {
    String setting = System.getProperty("warehouse.kill-points", Integer.toString(DEFAULT_POINTS));
    if (setting.equals("all")) {
      return true;
    }
    boolean second = index >= FIRST_NIGHT.size();
    // -Dwarehouse.kill-day=N: the set of that day of the year, e.g. to rerun the set a failed build ran.
    int day = Integer.getInteger("warehouse.kill-day", java.time.LocalDate.now().getDayOfYear());
    if ((day % 2 == 1) != second) {
      return false;
    }
    int size = second ? SECOND_NIGHT.size() : FIRST_NIGHT.size();
    int wanted = Math.max(1, Math.min(size, Integer.parseInt(setting)));
    int offset = day / 2 * wanted % size;
    return Math.floorMod((second ? index - FIRST_NIGHT.size() : index) - offset, size) < wanted;
  }

  /** The kill points in order, each a test, then the clean rerun compared with the reference. */
  private Stream<DynamicTest> chain(String warehouse, List<String> points, LocalDate night, Start start)
      throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    int first = points == FIRST_NIGHT ? 0 : FIRST_NIGHT.size();
    boolean anyToday = false;
    for (int i = 0; i < points.size(); i++) {
      anyToday |= chosen(first + i);
    }
    if (!anyToday) {
      return Stream.of(DynamicTest.dynamicTest("no kill point of this night today", () ->
          org.junit.jupiter.api.Assumptions.assumeTrue(false, "not among today's kill points (-Dwarehouse.kill-points=all)")));
    }
    Path reference = start.prepare();
    for (int i : inRunOrder(points)) {
      String point = points.get(i);
      int n = i;
      boolean today = chosen(first + i);
      tests.add(DynamicTest.dynamicTest("killed at " + point, () -> {
        org.junit.jupiter.api.Assumptions.assumeTrue(today, "not among today's kill points (-Dwarehouse.kill-points=all)");
        WarehouseProcess.Result r = runProcess(warehouse, night, "kill-" + n, point);
        assertEquals(KillSwitch.EXIT_STATUS, r.exitCode(),
            "the run was meant to be killed at " + point + " but ended; stderr:\n" + tail(r.stderr()));
        Assertions.assertTrue(r.stderr().contains("kill switch: halting at"), tail(r.stderr()));
      }));
    }
    tests.add(DynamicTest.dynamicTest("a plain rerun finishes and recovers what the kills left", () -> {
      WarehouseProcess.Result r = runProcess(warehouse, night, "final", null);
      assertEquals(0, r.exitCode(), "the rerun after the kills failed:\n" + tail(r.stderr()));
      Warehouse wh = new Warehouse(session(), warehouse(warehouse));
      Dataset<Row> recovered = wh.read(AuditLog.TABLE).where("stage = 'recover'");
      Assertions.assertTrue(recovered.where("message LIKE 'cleared the writer lock of run %'").count() >= 1,
          "no rerun recorded the killed run's lock as cleared");
    }));
    tests.add(DynamicTest.dynamicTest("every silver and gold table equals the uninterrupted run's", () ->
        assertSameTables(reference, warehouse(warehouse))));
    return tests.stream();
  }

  /**
   * The indices of the points in the order a run with one thread reaches them: its steps' order (the graph
   * runner's, simulated), then the order of the list within a step. Several threads would let independent
   * steps (revenue gold and the accounts, say) finish in either order, so the killed runs use one.
   */
  static List<Integer> inRunOrder(List<String> points) {
    List<String> stepOrder = new ArrayList<>();
    GraphRunner.run(Catalog.steps().stream().map(s -> new GraphRunner.Node(s.name(), s.upstream())).toList(), 1,
        step -> {
          synchronized (stepOrder) {
            stepOrder.add(step);
          }
          return new GraphRunner.Outcome(step, GraphRunner.Status.BUILT, 0, null, null, 0, 0);
        });
    Pattern table = Pattern.compile("/(bronze|silver|gold|meta)/([a-z0-9_]+)/");
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      order.add(i);
    }
    order.sort(java.util.Comparator.comparingInt(i -> {
      Matcher m = table.matcher(points.get(i));
      if (!m.find()) {
        throw new IllegalArgumentException("kill point " + points.get(i) + " names no table");
      }
      return stepOrder.indexOf(Catalog.find(m.group(1) + "." + m.group(2)).step());
    }));
    return order;
  }

  private static WarehouseProcess.Result runProcess(String warehouse, LocalDate night, String name, String killAt)
      throws IOException, InterruptedException {
    Path log = root.resolve(warehouse + "-" + name + ".log");
    List<String> args = new ArrayList<>(List.of("run", "--date", night.toString(), "--warehouse",
        warehouse(warehouse).toString(), "--landing", landing(night).toString()));
    if (killAt != null) {
      args.addAll(List.of("--threads", "1"));
    }
    return WarehouseProcess.run(log, killAt == null ? Map.of() : Map.of(
            "spark.hadoop.fs.file.impl", "io.osswarehouse.testing.KillSwitchFileSystem",
            "spark.delta.logStore.file.impl", "io.osswarehouse.testing.KillSwitchLogStore",
            KillSwitch.PROPERTY, killAt), args.toArray(String[]::new));
  }

  /** Same tables in silver and gold, each with the same rows (audit columns aside). */
  private void assertSameTables(Path expectedRoot, Path actualRoot) {
    Warehouse expected = new Warehouse(session(), expectedRoot);
    Warehouse actual = new Warehouse(session(), actualRoot);
    List<String> differences = new ArrayList<>();
    for (String layer : List.of("silver", "gold")) {
      assertEquals(expected.tablesOnDisk(layer), actual.tablesOnDisk(layer), layer + " tables");
      for (String table : expected.tablesOnDisk(layer)) {
        List<String> want = rows(expected.read(layer + "." + table));
        List<String> got = rows(actual.read(layer + "." + table));
        if (!want.equals(got)) {
          List<String> missing = new ArrayList<>(want);
          missing.removeAll(got);
          List<String> extra = new ArrayList<>(got);
          extra.removeAll(want);
          differences.add(layer + "." + table + ": " + want.size() + " rows expected, " + got.size() + " found; missing "
              + missing.stream().limit(2).toList() + ", unexpected " + extra.stream().limit(2).toList());
        }
      }
    }
    Assertions.assertTrue(differences.isEmpty(), String.join("\n", differences));
  }

  private static List<String> rows(Dataset<Row> table) {
    return Tables.lines(table.drop(AUDIT_COLUMNS.toArray(String[]::new)));
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
  }

  /** Copies the exports of months up to {@code last} (and files of no month), keeping their times. */
  private static void copyMonths(Path from, Path to, YearMonth last) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        Path relative = from.relativize(f);
        Matcher m = MONTH.matcher(relative.toString());
        if (relative.startsWith("_truth")
            || m.find() && YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).isAfter(last)) {
          continue;
        }
        Path target = to.resolve(relative);
        Files.createDirectories(target.getParent());
        Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path f : walk.toList()) {
        Path target = to.resolve(from.relativize(f));
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
