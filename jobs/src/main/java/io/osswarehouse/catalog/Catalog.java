package io.osswarehouse.catalog;

import static io.osswarehouse.catalog.Table.Materialization.INSERT_NEW;
import static io.osswarehouse.catalog.Table.Materialization.LOG;
import static io.osswarehouse.catalog.Table.Materialization.MERGE;
import static io.osswarehouse.catalog.Table.Materialization.REPLACE_BY_FILE;
import static io.osswarehouse.catalog.Table.Materialization.REPLACE_PERIODS;
import static io.osswarehouse.catalog.Table.Materialization.TABLE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every table of the warehouse, declared once: the one place table names are written. Each table says
 * which step builds it, how it is written and what it is computed from; a step is a unit of work that
 * builds its tables together (one landing source's ingest, one silver area, one gold subject), and the
 * steps form the graph the runner executes ({@link #steps()}). Descriptions, grain and keys are in the
 * data dictionary under the same names; {@code bin/warehouse models} and docs/lineage.md show the graph.
 */
public final class Catalog {
  /** The step name of tables every step writes (the run audit, the quarantine). */
  public static final String EVERY_STEP = "*";

  private static final Map<String, Table> TABLES = new LinkedHashMap<>();

  // The shared logs.
  public static final Table RUN_AUDIT = declare("meta.run_audit", EVERY_STEP, LOG);
  public static final Table QUARANTINE = declare("bronze.quarantine", EVERY_STEP, LOG);
  /** The deny-list of erasure requests (`warehouse forget`), read by every ingest. */
  public static final Table FORGOTTEN = declare("meta.forgotten", EVERY_STEP, LOG);

  // Bronze: one table per landing source, written by its ingest.
  public static final Table STRIPE__OBJECTS = bronze("stripe__objects", "billing/stripe");
  public static final Table BILLING__SUBSCRIPTION_PERIODS = bronze("billing__subscription_periods",
      "billing/subscription_periods");
  public static final Table BILLING__FX_RATES = bronze("billing__fx_rates", "billing/fx_rates");
  public static final Table GITHUB__EVENTS = bronze("github__events", "github/gharchive");
  public static final Table GITHUB__REST_RECORDS = bronze("github__rest_records", "github/rest");
  public static final Table PYPI__FILE_DOWNLOADS = bronze("pypi__file_downloads", "downloads/pypi");
  public static final Table PYPISTATS__DOWNLOADS = bronze("pypistats__downloads", "downloads/pypistats");
  public static final Table NPM__DOWNLOADS = bronze("npm__downloads", "downloads/npm");
  public static final Table DOCKERHUB__REPOSITORIES = bronze("dockerhub__repositories", "downloads/dockerhub");
  public static final Table MAVEN__DOWNLOADS = bronze("maven__downloads", "downloads/maven");
  public static final Table WEB__GA4_EVENTS = bronze("web__ga4_events", "web/ga4");
  public static final Table WEB__PLAUSIBLE_REPORTS = bronze("web__plausible_reports", "web/plausible");
  public static final Table WEB__ACCESS_LOGS = bronze("web__access_logs", "web/access_logs");

  // Silver, step billing.
  public static final Table STG_STRIPE__CUSTOMERS = silver("stg_stripe__customers", "billing", MERGE, STRIPE__OBJECTS);
  public static final Table STG_STRIPE__PRODUCTS = silver("stg_stripe__products", "billing", MERGE, STRIPE__OBJECTS);
  public static final Table STG_STRIPE__SUBSCRIPTIONS = silver("stg_stripe__subscriptions", "billing", MERGE,
      STRIPE__OBJECTS);
  public static final Table STG_STRIPE__SUBSCRIPTION_ITEMS = silver("stg_stripe__subscription_items", "billing", MERGE,
      STRIPE__OBJECTS);
  public static final Table STG_STRIPE__INVOICES = silver("stg_stripe__invoices", "billing", MERGE, STRIPE__OBJECTS);
  public static final Table STG_STRIPE__INVOICE_LINES = silver("stg_stripe__invoice_lines", "billing", MERGE,
      STRIPE__OBJECTS);
  public static final Table STG_STRIPE__REFUNDS = silver("stg_stripe__refunds", "billing", MERGE, STRIPE__OBJECTS);
  public static final Table STG_STRIPE__CREDIT_NOTES = silver("stg_stripe__credit_notes", "billing", MERGE,
      STRIPE__OBJECTS);
  public static final Table STG_STRIPE__PRICES = silver("stg_stripe__prices", "billing", TABLE, STRIPE__OBJECTS);
  public static final Table STG_STRIPE__DISCOUNTS = silver("stg_stripe__discounts", "billing", TABLE, STRIPE__OBJECTS);
  public static final Table STG_BILLING__SUBSCRIPTION_PERIODS = silver("stg_billing__subscription_periods", "billing",
      MERGE, BILLING__SUBSCRIPTION_PERIODS);
  public static final Table STG_BILLING__FX_RATES = silver("stg_billing__fx_rates", "billing", MERGE, BILLING__FX_RATES);
  public static final Table FCT_MRR_SEGMENTS = silver("fct_mrr_segments", "billing", MERGE, STG_STRIPE__INVOICE_LINES,
      STG_STRIPE__INVOICES, STG_STRIPE__PRICES, STG_STRIPE__DISCOUNTS, STG_BILLING__SUBSCRIPTION_PERIODS);

  // Silver, step github (GH Archive).
  public static final Table STG_GITHUB__ARCHIVE_HOURS = silver("stg_github__archive_hours", "github", TABLE, RUN_AUDIT);
  public static final Table STG_GITHUB__EVENTS = silver("stg_github__events", "github", MERGE, GITHUB__EVENTS);
  public static final Table FCT_GITHUB_REPO_DAILY = silver("fct_github_repo_daily", "github", MERGE,
      STG_GITHUB__EVENTS, STG_GITHUB__ARCHIVE_HOURS);

  // Silver, step github_rest (REST API snapshots, rebuilt whole).
  public static final Table STG_GITHUB__STARGAZERS = silver("stg_github__stargazers", "github_rest", TABLE,
      GITHUB__REST_RECORDS, RUN_AUDIT);
  public static final Table FCT_GITHUB_TRAFFIC_DAILY = silver("fct_github_traffic_daily", "github_rest", TABLE,
      GITHUB__REST_RECORDS, RUN_AUDIT);
  public static final Table STG_GITHUB__TRAFFIC_POPULAR = silver("stg_github__traffic_popular", "github_rest", TABLE,
      GITHUB__REST_RECORDS, RUN_AUDIT);
  public static final Table FCT_GITHUB_RELEASE_DOWNLOADS_DAILY = silver("fct_github_release_downloads_daily",
      "github_rest", TABLE, GITHUB__REST_RECORDS, RUN_AUDIT);
  public static final Table STG_GITHUB__REPO_SNAPSHOTS = silver("stg_github__repo_snapshots", "github_rest", TABLE,
      GITHUB__REST_RECORDS, RUN_AUDIT);
  public static final Table STG_GITHUB__USERS = silver("stg_github__users", "github_rest", TABLE, GITHUB__REST_RECORDS,
      RUN_AUDIT);
  public static final Table STG_GITHUB__CONTRIBUTORS = silver("stg_github__contributors", "github_rest", TABLE,
      GITHUB__REST_RECORDS, RUN_AUDIT);
  public static final Table FCT_GITHUB_STARS_DAILY = silver("fct_github_stars_daily", "github_rest", TABLE,
      STG_GITHUB__STARGAZERS);

  // Silver, step downloads.
  public static final Table STG_PYPI__FILE_DOWNLOADS = silver("stg_pypi__file_downloads", "downloads", MERGE,
      PYPI__FILE_DOWNLOADS);
  public static final Table STG_PYPISTATS__DOWNLOADS = silver("stg_pypistats__downloads", "downloads", TABLE,
      PYPISTATS__DOWNLOADS);
  public static final Table STG_NPM__DOWNLOADS = silver("stg_npm__downloads", "downloads", TABLE, NPM__DOWNLOADS);
  public static final Table STG_DOCKERHUB__REPOSITORY_SNAPSHOTS = silver("stg_dockerhub__repository_snapshots",
      "downloads", TABLE, DOCKERHUB__REPOSITORIES);
  public static final Table STG_MAVEN__MONTHLY_DOWNLOADS = silver("stg_maven__monthly_downloads", "downloads", TABLE,
      MAVEN__DOWNLOADS);
  public static final Table FCT_PACKAGE_DOWNLOADS_DAILY = silver("fct_package_downloads_daily", "downloads",
      REPLACE_PERIODS, STG_PYPI__FILE_DOWNLOADS, STG_PYPISTATS__DOWNLOADS, STG_NPM__DOWNLOADS,
      STG_DOCKERHUB__REPOSITORY_SNAPSHOTS, STG_MAVEN__MONTHLY_DOWNLOADS);

  // Silver, step web.
  public static final Table STG_GA4__EVENTS = silver("stg_ga4__events", "web", REPLACE_PERIODS, WEB__GA4_EVENTS,
      RUN_AUDIT);
  public static final Table STG_PLAUSIBLE__VISITORS_DAILY = silver("stg_plausible__visitors_daily", "web", TABLE,
      WEB__PLAUSIBLE_REPORTS);
  public static final Table STG_PLAUSIBLE__PAGES = silver("stg_plausible__pages", "web", TABLE, WEB__PLAUSIBLE_REPORTS);
  public static final Table STG_PLAUSIBLE__SOURCES = silver("stg_plausible__sources", "web", TABLE,
      WEB__PLAUSIBLE_REPORTS);
  public static final Table STG_ACCESS_LOG__REQUESTS = silver("stg_access_log__requests", "web", INSERT_NEW,
      WEB__ACCESS_LOGS);
  public static final Table FCT_WEB_DAILY = silver("fct_web_daily", "web", TABLE, STG_GA4__EVENTS,
      STG_PLAUSIBLE__VISITORS_DAILY, STG_ACCESS_LOG__REQUESTS);

  // Silver, step accounts: identities of every source linked to organisations.
  public static final Table STG_GITHUB__COMMIT_AUTHORS = silver("stg_github__commit_authors", "accounts", TABLE,
      GITHUB__EVENTS, STG_GITHUB__EVENTS);
  public static final Table ACCOUNT_IDENTITIES = silver("account_identities", "accounts", TABLE, STG_STRIPE__CUSTOMERS,
      STG_BILLING__SUBSCRIPTION_PERIODS, STG_GITHUB__EVENTS, STG_GITHUB__COMMIT_AUTHORS, STG_GITHUB__USERS,
      STG_GA4__EVENTS);
  public static final Table DIM_ACCOUNTS = silver("dim_accounts", "accounts", TABLE, ACCOUNT_IDENTITIES,
      STG_STRIPE__CUSTOMERS);

  // Gold, step revenue.
  public static final Table CUSTOMER_MRR_MONTHLY = gold("customer_mrr_monthly", "revenue", REPLACE_PERIODS,
      FCT_MRR_SEGMENTS, STG_BILLING__FX_RATES);
  public static final Table MRR_BRIDGE_MONTHLY = gold("mrr_bridge_monthly", "revenue", REPLACE_PERIODS,
      CUSTOMER_MRR_MONTHLY);
  public static final Table REVENUE_CHURN_MONTHLY = gold("revenue_churn_monthly", "revenue", REPLACE_PERIODS,
      MRR_BRIDGE_MONTHLY);
  public static final Table REVENUE_RETENTION = gold("revenue_retention", "revenue", REPLACE_PERIODS,
      CUSTOMER_MRR_MONTHLY);
  public static final Table COHORT_RETENTION = gold("cohort_retention", "revenue", TABLE, CUSTOMER_MRR_MONTHLY);
  public static final Table COHORT_RETENTION_WEIGHTED = gold("cohort_retention_weighted", "revenue", TABLE,
      COHORT_RETENTION);

  // Gold, step correlation.
  public static final Table CORRELATION_SERIES_MONTHLY = gold("correlation_series_monthly", "correlation", TABLE,
      FCT_PACKAGE_DOWNLOADS_DAILY, FCT_GITHUB_STARS_DAILY, FCT_WEB_DAILY, MRR_BRIDGE_MONTHLY);
  public static final Table CORRELATION_SERIES_WEEKLY = gold("correlation_series_weekly", "correlation", TABLE,
      FCT_PACKAGE_DOWNLOADS_DAILY, FCT_GITHUB_STARS_DAILY, FCT_WEB_DAILY, CUSTOMER_MRR_MONTHLY, FCT_MRR_SEGMENTS);
  public static final Table DOWNLOAD_REVENUE_CORRELATION = goldJava("download_revenue_correlation", "correlation",
      "io.osswarehouse.metrics.CrossCorrelation", CORRELATION_SERIES_MONTHLY, CORRELATION_SERIES_WEEKLY);
  public static final Table DOWNLOAD_REVENUE_CORRELATION_SUMMARY = goldJava("download_revenue_correlation_summary",
      "correlation", "io.osswarehouse.metrics.CrossCorrelation", CORRELATION_SERIES_MONTHLY, CORRELATION_SERIES_WEEKLY);

  // Gold, step funnel.
  public static final Table FUNNEL_MONTHLY = gold("funnel_monthly", "funnel", TABLE, ACCOUNT_IDENTITIES, DIM_ACCOUNTS,
      STG_GITHUB__EVENTS, STG_GITHUB__STARGAZERS, STG_GITHUB__COMMIT_AUTHORS, STG_GA4__EVENTS, MRR_BRIDGE_MONTHLY,
      REVENUE_RETENTION, CORRELATION_SERIES_MONTHLY);
  public static final Table FUNNEL_CONVERSION_MONTHLY = gold("funnel_conversion_monthly", "funnel", TABLE,
      FUNNEL_MONTHLY);
  public static final Table FIT_MONTHLY = gold("fit_monthly", "funnel", TABLE, FUNNEL_MONTHLY,
      CORRELATION_SERIES_MONTHLY, MRR_BRIDGE_MONTHLY, REVENUE_RETENTION);
  public static final Table ACCOUNT_JOURNEYS = gold("account_journeys", "funnel", TABLE, ACCOUNT_IDENTITIES,
      DIM_ACCOUNTS, STG_GITHUB__EVENTS, STG_GITHUB__STARGAZERS, STG_GITHUB__COMMIT_AUTHORS, STG_GA4__EVENTS,
      FCT_MRR_SEGMENTS, CUSTOMER_MRR_MONTHLY);
  public static final Table ACCOUNT_JOURNEY_SUMMARY = gold("account_journey_summary", "funnel", TABLE,
      ACCOUNT_JOURNEYS);

  private Catalog() {}

  private static Table declare(String name, String step, Table.Materialization materialization, Table... inputs) {
    return declare(name, step, materialization, null, null, inputs);
  }

  private static Table declare(String name, String step, Table.Materialization materialization, String sqlModel,
      String transform, Table... inputs) {
    Table table = new Table(name, step, materialization, java.util.Arrays.stream(inputs).map(Table::name).toList(),
        sqlModel, transform);
    if (TABLES.putIfAbsent(name, table) != null) {
      throw new IllegalStateException("table declared twice: " + name);
    }
    return table;
  }

  private static Table bronze(String name, String source) {
    return declare("bronze." + name, source, REPLACE_BY_FILE);
  }

  /** A silver table computed by its SQL model of the same name, {@code sql/models/silver/<name>.sql}. */
  private static Table silver(String name, String step, Table.Materialization materialization, Table... inputs) {
    return declare("silver." + name, step, materialization, "silver/" + name, null, inputs);
  }

  /** A gold table computed by its SQL model of the same name, {@code sql/models/gold/<name>.sql}. */
  private static Table gold(String name, String step, Table.Materialization materialization, Table... inputs) {
    return declare("gold." + name, step, materialization, "gold/" + name, null, inputs);
  }

  /** A gold table computed by a Java transform (statistics that SQL does not express well). */
  private static Table goldJava(String name, String step, String transform, Table... inputs) {
    return declare("gold." + name, step, TABLE, null, transform, inputs);
  }

  /** Every declared table, in declaration order (layer by layer, step by step). */
  public static List<Table> tables() {
    return List.copyOf(TABLES.values());
  }

  /** The declaration of a table, or null when the catalog does not declare it. */
  public static Table find(String name) {
    return TABLES.get(name);
  }

  /** The declaration of a table; fails naming it when it is not declared. */
  public static Table table(String name) {
    Table t = TABLES.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no table " + name + " is declared in the catalog");
    }
    return t;
  }

  /** The bronze table a landing source loads into. */
  public static Table bronzeOf(String source) {
    return TABLES.values().stream().filter(t -> t.layer().equals("bronze") && t.step().equals(source)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no bronze table is declared for source " + source));
  }

  /** A step of the graph: the tables it builds and the tables (of other steps) it reads. */
  public record Step(String name, String layer, List<Table> outputs, List<String> inputs) {
    /** The steps whose tables this one reads. */
    public List<String> upstream() {
      Set<String> out = new LinkedHashSet<>();
      for (String input : inputs) {
        String step = table(input).step();
        if (!step.equals(EVERY_STEP)) {
          out.add(step);
        }
      }
      return List.copyOf(out);
    }

    public boolean writes(String table) {
      return outputs.stream().anyMatch(t -> t.name().equals(table));
    }
  }

  /** Every step, in declaration order (which is also an order in which each step follows its inputs). */
  public static List<Step> steps() {
    Map<String, List<Table>> byStep = new LinkedHashMap<>();
    for (Table t : TABLES.values()) {
      if (!t.step().equals(EVERY_STEP)) {
        byStep.computeIfAbsent(t.step(), s -> new ArrayList<>()).add(t);
      }
    }
    List<Step> steps = new ArrayList<>();
    byStep.forEach((name, outputs) -> {
      Set<String> inputs = new LinkedHashSet<>();
      outputs.forEach(t -> inputs.addAll(t.inputs()));
      outputs.forEach(t -> inputs.remove(t.name()));
      steps.add(new Step(name, outputs.get(0).layer(), Collections.unmodifiableList(outputs), List.copyOf(inputs)));
    });
    return steps;
  }

  /** The step of that name; fails listing the steps when there is none. */
  public static Step step(String name) {
    return steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("no step '" + name + "'; steps are "
            + steps().stream().map(Step::name).toList()));
  }
}
