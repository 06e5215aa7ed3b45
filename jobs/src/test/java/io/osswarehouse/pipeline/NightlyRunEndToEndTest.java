package io.osswarehouse.pipeline;

import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.orchestrate.Selection;
import java.util.Set;

import io.osswarehouse.testing.FixtureWarehouse;

import io.osswarehouse.testing.PipelineTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.generate.Background;
import io.osswarehouse.generate.SampleDataGenerator;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole slice on generated data: landing → bronze → silver → gold (the shared fixture world, with
 * background traffic, built by one nightly run), then the guarantees a nightly pipeline owes its users,
 * on a copy of it. The steps share the copy and run in order.
 */
@PipelineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyRunEndToEndTest extends SparkTestBase {
  private static final LocalDate END = FixtureWarehouse.RUN_DATE;
  private static final Background BACKGROUND = FixtureWarehouse.BACKGROUND;

  @TempDir
  static Path root;

  private static Map<String, List<String>> afterFirstRun;

  private WarehouseConfig config() {
    return FixtureWarehouse.config(root.resolve("warehouse"), root.resolve("landing"));
  }

  private NightlyRun.Summary run(LocalDate date) {
    Warehouse wh = new Warehouse(session(), config().warehouseDir());
    return NightlyRun.run(RunContext.start(config(), wh, date, Progress.silent()));
  }

  /** The rows of each table last read by {@link #snapshot}, under the Delta commit they were read at. */
  private static final Map<String, Map.Entry<Long, List<String>>> LAST_READ = new HashMap<>();

  /**
   * Every bronze, silver and gold table's rows, as sorted text. A table whose latest Delta commit is the
   * one it was last read at holds the same rows (a version never changes), so it is not read again: a run
   * that rewrites a table makes a new commit, and that table is read and compared.
   */
  private Map<String, List<String>> snapshot() throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Warehouse wh = new Warehouse(session(), config().warehouseDir());
    for (String layer : List.of("bronze", "silver", "gold")) {
      try (Stream<Path> tables = Files.list(config().warehouseDir().resolve(layer))) {
        for (Path t : tables.sorted().collect(Collectors.toList())) {
          String name = layer + "." + t.getFileName();
          long commit = StageFingerprint.version(t);
          Map.Entry<Long, List<String>> last = LAST_READ.get(name);
          List<String> rows = last != null && last.getKey().equals(commit) ? last.getValue() : Tables.lines(wh.read(name));
          LAST_READ.put(name, Map.entry(commit, rows));
          out.put(name, rows);
        }
      }
    }
    return out;
  }

  /** Table by table, with a short message naming the first differing rows. */
  private static void assertSameTables(Map<String, List<String>> expected, Map<String, List<String>> actual) {
    Assertions.assertNotNull(expected, "the first run did not complete");
    assertEquals(expected.keySet(), actual.keySet(), "the set of tables changed");
    for (String table : expected.keySet()) {
      List<String> gone = new ArrayList<>(expected.get(table));
      gone.removeAll(actual.get(table));
      List<String> added = new ArrayList<>(actual.get(table));
      added.removeAll(expected.get(table));
      Assertions.assertTrue(gone.isEmpty() && added.isEmpty() && expected.get(table).size() == actual.get(table).size(),
          table + " changed: " + gone.size() + " row(s) gone, e.g. " + gone.stream().limit(2).toList() + "; "
              + added.size() + " row(s) added, e.g. " + added.stream().limit(2).toList());
    }
  }

  private List<String> audit(String where) {
    return Tables.lines(new Warehouse(session(), config().warehouseDir()).read(AuditLog.TABLE).where(where),
        "file", "records_read", "records_loaded", "records_quarantined", "outcome");
  }

  @Test
  @Order(1)
  void goldMrrEqualsTheGeneratorsTruthForEveryCustomerAndMonth() throws IOException {
    // with background traffic: anonymous downloads and pageviews (in the truths) and other repositories' events
    FixtureWarehouse.copy(session(), root);
    new Warehouse(session(), config().warehouseDir()).registerAll();
    assertEquals(List.of("0"), Tables.lines(session().sql("select sum(records_quarantined) from meta.run_audit")),
        "the fixture's one run quarantined nothing");

    List<String> truth = Files.readAllLines(config().landingDir().resolve("_truth/customer_mrr_monthly.csv"))
        .stream().skip(1).map(l -> l.replace(",", " | ")).sorted().collect(Collectors.toList());
    List<String> gold = Tables.lines(session().sql("select customer_id, date_format(month, 'yyyy-MM'), mrr,"
        + " contract_mrr from gold.customer_mrr_monthly where mrr <> 0 or contract_mrr <> 0"));
    List<String> missing = new ArrayList<>(truth);
    missing.removeAll(gold);
    List<String> unexpected = new ArrayList<>(gold);
    unexpected.removeAll(truth);
    Assertions.assertTrue(truth.size() > 100, "the generated world is too small to mean anything: " + truth.size());
    Assertions.assertTrue(missing.isEmpty() && unexpected.isEmpty(), "truth rows missing from gold "
        + missing.subList(0, Math.min(10, missing.size())) + "; gold rows not in truth "
        + unexpected.subList(0, Math.min(10, unexpected.size())));
    Assertions.assertTrue(truth.stream().anyMatch(l -> l.startsWith("ocus_"))
        && truth.stream().anyMatch(l -> l.startsWith("cus_")), "both billing sources present");
    assertEquals(0, session().sql("select * from gold.mrr_bridge_monthly where identity_difference <> 0").count());
    assertEquals(List.of("2025-09-01"), Tables.lines(session().sql("select max(month) from gold.mrr_bridge_monthly")));
    afterFirstRun = snapshot();
  }

  /** A truth file's rows (header skipped, columns joined as Tables prints them), sorted. */
  private List<String> truth(String file) throws IOException {
    return Files.readAllLines(config().landingDir().resolve("_truth/" + file)).stream().skip(1)
        .map(l -> l.replace(",", " | ")).sorted().collect(Collectors.toList());
  }

  /** Equal as sets of lines, with the first differences in the message. */
  private static void assertSameRows(String what, List<String> expected, List<String> actual) {
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(actual);
    List<String> unexpected = new ArrayList<>(actual);
    unexpected.removeAll(expected);
    Assertions.assertTrue(!expected.isEmpty() && missing.isEmpty() && unexpected.isEmpty(), what + ": " + expected.size()
        + " truth rows; missing " + missing.subList(0, Math.min(5, missing.size())) + "; unexpected "
        + unexpected.subList(0, Math.min(5, unexpected.size())));
  }

  @Test
  @Order(2)
  void starsPerDayEqualTheGeneratorsTruth() throws IOException {
    assertSameRows("stars", truth("github_stars_daily.csv"), Tables.lines(session().sql(
        "select repo_name, star_date, stars_new from silver.fct_github_stars_daily where stars_new > 0")));
    // the other repositories' events in the hour files are read and counted as filtered, never loaded
    List<String> filtered = Tables.lines(session().sql("select sum(records_filtered) from meta.run_audit"
        + " where stage = 'ingest' and source = 'github/gharchive'"));
    long hourFiles;
    try (Stream<Path> hours = Files.list(config().landingDir().resolve("github/gharchive"))) {
      hourFiles = hours.count();
    }
    // every written hour but the empty one carries the background's events of other repositories
    assertEquals(List.of(Long.toString((hourFiles - 1) * BACKGROUND.gharchiveOtherEventsPerHour())), filtered);
    assertEquals(0, session().sql("select * from silver.stg_github__events where repo_name not like 'osswh/%'").count());
  }

  @Test
  @Order(3)
  void downloadsPerDayEqualTheGeneratorsTruthWithAndWithoutCiAndMirrors() throws IOException {
    List<String> expected = truth("package_downloads_daily.csv").stream()
        .map(l -> l.endsWith(" | ") ? l + "null" : l).toList();
    assertSameRows("downloads", expected, Tables.lines(session().sql(
        "select ecosystem, package_name, download_date, sum(downloads),"
            + " case when ecosystem = 'pypi' then sum(case when not coalesce(is_ci, false)"
            + " and not coalesce(is_mirror, false) then downloads else 0 end) end"
            + " from silver.fct_package_downloads_daily"
            + " where source in ('pypi_bigquery', 'npm', 'dockerhub', 'maven_central')"
            + " and period in ('day', 'snapshot_interval', 'month')"
            + " group by ecosystem, package_name, download_date having sum(downloads) > 0")));
  }

  @Test
  @Order(4)
  void pageViewsAndSignUpsPerDayEqualTheGeneratorsTruthForEverySource() throws IOException {
    assertSameRows("web", truth("web_daily.csv").stream().map(l -> l.endsWith(" | ") ? l + "0" : l).toList(),
        Tables.lines(session().sql("select site, activity_date, source, pageviews, coalesce(signups, 0)"
            + " from silver.fct_web_daily")));
  }

  @Test
  @Order(5)
  void everyLinkableIdentityIsLinkedToItsOwnOrganisationAndNoOtherIs() {
    Path truthDir = config().landingDir().resolve("_truth");
    session().read().option("header", "true").csv(truthDir.resolve("identities.csv").toString())
        .createOrReplaceTempView("truth_identities");
    session().read().option("header", "true").csv(truthDir.resolve("organizations.csv").toString())
        .createOrReplaceTempView("truth_organizations");
    session().sql("with current_links as (select * from silver.account_identities where is_primary and valid_to is null),"
        + " org_keys as (select o.org_id, 'domain:' || o.domain as domain_key, 'github_org:' || lower(g.identity_key)"
        + " as github_key from truth_organizations o left join truth_identities g on g.org_id = o.org_id"
        + " and g.identity_type = 'github_org')"
        + " select t.identity_type, t.identity_key, t.org_id, t.expected_linkable, t.reason, l.account_key, l.rule,"
        + " l.account_key in (k.domain_key, k.github_key) as is_own_organisation,"
        + " l.account_key = 'billing_customer:' || t.identity_key as is_own_account"
        + " from truth_identities t left join org_keys k on k.org_id = t.org_id"
        + " left join current_links l on l.identity_type = t.identity_type"
        + " and (l.identity_key = t.identity_key or lower(l.identity_label) = lower(t.identity_key))"
        + " where t.valid_to is null").createOrReplaceTempView("identity_check");
    Assertions.assertTrue(session().sql("select * from identity_check where expected_linkable = 'true'").count() > 100,
        "the generated world has too few linkable identities to mean anything");
    assertEquals(List.of(), Tables.lines(session().sql("select identity_type, identity_key, reason from identity_check"
        + " where expected_linkable = 'true' and account_key is null")), "linkable identities left unlinked");
    assertEquals(List.of(), Tables.lines(session().sql("select identity_type, identity_key, account_key, rule"
        + " from identity_check where account_key is not null and org_id is not null and not is_own_organisation"
        + " and not is_own_account")), "identities linked to another organisation");
    assertEquals(List.of(), Tables.lines(session().sql("select identity_type, identity_key, reason, account_key"
        + " from identity_check where org_id is null and reason <> 'project-maintainer' and account_key is not null"
        + " and not is_own_account")), "bots and individuals must not be linked to an organisation");
    io.osswarehouse.spark.PrivacyUdfs.register(session());
    assertEquals(List.of(), Tables.lines(session().sql("select account_key from silver.dim_accounts"
        + " where account_key like 'domain:%' and is_free_mail(substring(account_key, 8))")),
        "a free-mail domain became a company");
  }

  @Test
  @Order(11)
  void selectingAModelAndItsDescendantsRebuildsExactlyThatSubgraphAndTheSameRows() throws IOException {
    Set<String> selected = Selection.steps(List.of("fct_mrr_segments+"));
    assertEquals(Set.of("billing", "accounts", "revenue", "correlation", "funnel"), selected);
    RunContext context = RunContext.start(config(), new Warehouse(session(), config().warehouseDir()), END,
        Progress.silent());
    NightlyRun.run(context, NightlyRun.Freshness.DEFAULT, new NightlyRun.Options(0, selected, Set.of()), selected);
    assertEquals(List.of("accounts", "billing", "correlation", "funnel", "revenue"), Tables.lines(session().sql(
        "select source from meta.run_audit where run_id = '" + context.runId() + "' and stage in ('silver', 'gold')"
            + " and outcome = 'succeeded' and message is distinct from 'unchanged inputs: skipped'")),
        "exactly the selected steps were rebuilt, none was skipped and nothing else ran");
    assertEquals(0, session().sql("select * from meta.run_audit where run_id = '" + context.runId()
        + "' and stage = 'ingest'").count(), "a selection of silver and gold models ingests nothing");
    assertSameTables(afterFirstRun, snapshot());
  }

  @Test
  @Order(12)
  void runningTheSameDateAgainChangesNoTable() throws IOException {
    NightlyRun.Summary again = run(END);
    assertEquals(0, again.recordsLoaded());
    assertSameTables(afterFirstRun, snapshot());
    assertEquals(List.of("gold | 3", "silver | 6"), Tables.lines(session().sql("select stage, count(*) from meta.run_audit"
        + " where run_id = '" + again.runId() + "' and message = 'unchanged inputs: skipped' group by stage order by stage")),
        "nothing new: every silver area and gold part skipped");

    // Made to rebuild, silver and gold rewrite the very same rows.
    try (Stream<Path> fingerprints = Files.list(config().warehouseDir().resolve("_meta/stage-fingerprints"))) {
      for (Path f : fingerprints.toList()) {
        Files.delete(f);
      }
    }
    run(END);
    assertSameTables(afterFirstRun, snapshot());
  }

  @Test
  @Order(13)
  void theSameFileLandedUnderAnotherNameChangesNoTable() throws IOException {
    Path invoices;
    try (Stream<Path> files = Files.walk(config().landingDir().resolve("billing/stripe"))) {
      invoices = files.filter(p -> p.getFileName().toString().equals("invoices.jsonl")).sorted().findFirst()
          .orElseThrow();
    }
    Path copy = config().landingDir().resolve("billing/stripe/redelivered/invoices-copy.jsonl");
    Files.createDirectories(copy.getParent());
    Files.copy(invoices, copy);
    run(END);
    assertSameTables(afterFirstRun, snapshot());
    assertEquals(List.of("billing/stripe/redelivered/invoices-copy.jsonl | 0 | 0 | 0 | duplicate"),
        audit("outcome = 'duplicate' AND file LIKE 'billing/%'"));
  }

  @Test
  @Order(14)
  void aMalformedRecordIsQuarantinedWithItsReasonAndTheRunReportsIt() throws IOException {
    StringBuilder file = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      file.append("{\"id\":\"cus_late").append(i).append("\",\"object\":\"customer\",\"created\":1759000000}\n");
    }
    file.append("{\"id\":\"cus_broken\",\"object\":\"customer\",\"created\":17590\n");
    Path late = config().landingDir().resolve("billing/stripe/late/customers.jsonl");
    Files.createDirectories(late.getParent());
    Files.writeString(late, file, StandardCharsets.UTF_8);

    NightlyRun.Summary summary = run(END);
    assertEquals(30, summary.recordsLoaded());
    assertEquals(1, summary.recordsQuarantined());
    assertEquals(List.of("billing/stripe/late/customers.jsonl | 31 | 30 | 1 | loaded"),
        audit("file = 'billing/stripe/late/customers.jsonl'"));
    List<String> quarantined = Tables.lines(session().sql("select source, _source_file, _record_position, reason"
        + " from bronze.quarantine"));
    assertEquals(1, quarantined.size());
    Assertions.assertTrue(quarantined.get(0).startsWith(
        "billing/stripe | billing/stripe/late/customers.jsonl | 31 | invalid JSON"), quarantined.get(0));
    assertEquals(List.of("30"), Tables.lines(session().sql(
        "select count(*) from silver.stg_stripe__customers where customer_id like 'cus_late%'")));
  }

  @Test
  @Order(15)
  void aFileAboveTheRejectionThresholdFailsTheRunAndLoadsNothing() throws IOException {
    Path bad = config().landingDir().resolve("billing/subscription_periods/broken.csv");
    Files.writeString(bad, "subscription_id,customer_id,plan_id,start_date,end_date,amount,currency,"
        + "billing_interval,interval_count\nx1,y1,p,2025-01-01,,10,USD,month,1\nx2,y2,p,2025-01-01,,ten,USD,month,1\n"
        + "x3,y3,p,2025-01-01,,10,USD,fortnight,1\n", StandardCharsets.UTF_8);
    NightlyRun.RunFailed e = assertThrows(NightlyRun.RunFailed.class, () -> run(END));
    assertEquals("billing/subscription_periods/broken.csv: 2 of 3 records (67%) failed validation, above the 5% "
        + "threshold (first reason: amount 'ten' is not a decimal number)", e.getMessage());
    assertEquals(List.of("0"), Tables.lines(session().sql(
        "select count(*) from bronze.billing__subscription_periods where _source_file like '%broken.csv'")));
    assertEquals(List.of("billing/subscription_periods/broken.csv | 3 | 0 | 2 | rejected"),
        audit("file like '%broken.csv'"));
  }
}
