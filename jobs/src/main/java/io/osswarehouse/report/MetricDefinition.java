package io.osswarehouse.report;

import io.osswarehouse.metrics.CrossCorrelation;

/**
 * The one place the board report's metric definitions are written: the PDF footnotes, the XLSX
 * "Definitions" sheet and docs/report.md all use this text. Each is the short form of the full rule in
 * docs/metrics.md, docs/funnel.md or docs/correlation.md (which the SQL models follow); keep them in step. Plain Latin-1 text so the
 * PDF's standard fonts can show it.
 */
public enum MetricDefinition {
  MRR("MRR", "Monthly recurring revenue at the month's end: recurring charges normalised to one month "
      + "(annual / 12), after discounts, without one-time items, taxes, trials or free plans, converted to the "
      + "reporting currency at the month's rate."),
  ARR("ARR", "Annual run rate: 12 x MRR."),
  PAYING_CUSTOMERS("Paying customers", "Customers with MRR above zero at the month's end."),
  NEW_CUSTOMERS("New customers", "Customers paying for the first time: no MRR last month and never before."),
  CHURNED_CUSTOMERS("Churned customers", "Customers with MRR last month and none this month."),
  NRR_12M("NRR (12 months)", "Net revenue retention, trailing 12 months: the MRR now of the customers who paid "
      + "12 months ago / their MRR then. Counts expansion, contraction and churn, never new business."),
  GRR_12M("GRR (12 months)", "Gross revenue retention, trailing 12 months: for the customers who paid 12 months "
      + "ago, the sum of min(MRR now, MRR then) / the sum of MRR then. Expansion never lifts it above 100%."),
  NRR_MONTHLY("NRR (monthly)", "Net revenue retention over one month: the same ratio with last month's customers "
      + "as the base."),
  GRR_MONTHLY("GRR (monthly)", "Gross revenue retention over one month: the same capped ratio with last month's "
      + "customers as the base."),
  MRR_BRIDGE("MRR bridge", "Starting MRR + new + expansion + reactivation - contraction - churned + FX = ending "
      + "MRR. Movements are per customer (a second subscription is expansion); exchange-rate drift is FX, never a "
      + "movement."),
  COHORT_LOGO_RETENTION("Cohort logo retention", "Share of a first-payment cohort (customers whose first MRR was "
      + "in that month) paying k months later; customers who come back count again."),
  COHORT_REVENUE_RETENTION("Cohort revenue retention", "The cohort's MRR k months later / its MRR in its first "
      + "month; includes expansion, so it can exceed 100%."),
  NEW_MRR("New MRR", "MRR of the month's new customers (the bridge's new movement)."),
  DOWNLOADS("Downloads", "Package downloads in the month, one daily source per package, without known mirrors, bots "
      + "and CI. A month counts only when its source covers all its days; otherwise it is missing, never zero."),
  NEW_STARS("New stars", "Stars given in the month to all the project's repositories (from the stargazers list)."),
  DOCS_PAGEVIEWS("Docs page views", "Documentation page views in the month, per site from its access logs where it "
      + "has them, else from GA4, never both."),
  CONVERSION("Conversion (activated to paying)", "Organisations (accounts) activated in or before the month that "
      + "went on to pay (a linked customer with MRR > 0) no earlier than their first activated month, / organisations "
      + "activated in or before the month. Cumulative, organisation grain."),
  FUNNEL_STAGES("Funnel stages", "Organisations (accounts linking GitHub, web and billing identities) with, in the "
      + "month: intent = a star, fork or web visit; action = a sign-up, issue, PR, comment or commit; activation = "
      + "sustained use; monetization = MRR > 0; retention = MRR > 0 this month and last. New = in the stage for the "
      + "first time."),
  ACTIVATION("Activation", "Sustained use at the month's end: activity (sign-ups, issues, PRs, comments, commits, web "
      + "events of linked users; not stars, forks or payments) in at least 3 distinct weeks of the trailing 8 "
      + "Monday-weeks."),
  CONVERSION_STEPS("Conversion between stages", "Of the organisations that reached a stage in or before the month, "
      + "the share that reached the next stage no earlier than their first month in it. Organisations only: an "
      + "account that paid before any community touch did not convert from the community."),
  RAW_COUNT_RATIO("Raw-count ratio", "Two counts of different things in the same month, per 1,000 of the second "
      + "(e.g. new customers per 1,000 downloads). Not a conversion rate: the first is not a subset of the second."),
  PROJECT_COMMUNITY_FIT("Project-community fit", "Stars and contributors (humans who opened an issue or PR, commented, "
      + "reviewed or pushed) of the month, with growth vs the previous month."),
  PRODUCT_MARKET_FIT("Product-market fit", "Downloads (with growth), active organisations (action stage), activated "
      + "organisations and paying organisations of the month."),
  VALUE_MARKET_FIT("Value-market fit", "Paying and new customers, MRR (with growth) and NRR of the month, from the "
      + "MRR bridge and revenue retention."),
  COMMUNITY_BEFORE_PAYING("Community before paying", "Share of new paying organisations with a community touch "
      + "(intent or action) strictly before their first payment day: the earliest start of a counted recurring "
      + "segment with a positive amount, not before the first month with MRR."),
  LEAD_TIME("Lead time", "Days from an organisation's first community touch to its first payment day; percentiles "
      + "interpolate between ranks. An association, not proof that the touch caused the purchase."),
  CORRELATION_LAG("Lag", "Lag k pairs the change of downloads in period t (a month or a week) with the change of revenue "
      + "in period t + k: "
      + "a positive lag means downloads move first. Lag 0 has no direction. Correlation is not causation."),
  CORRELATION_TRANSFORM("Transform (diff)", "Coefficients are on period-to-period changes (v[t] - v[t-1]), never on "
      + "levels, which correlate whenever both series grow. A missing period removes the changes into and out of it."),
  CORRELATION_GUARD("Minimum overlap", "No coefficient is reported for a lag with fewer than "
      + CrossCorrelation.DEFAULT_MIN_OVERLAP + " overlapping pairs of changes (or with "
      + "constant changes on one side); the reason is given instead."),
  CORRELATION_PEAK("Peak lag", "The reported lag with the largest |Pearson r| (ties: the smaller lag), with n pairs, "
      + "its two-sided p-value (t test, n - 2 degrees of freedom) and the Bonferroni p: p x the number of reported "
      + "lags, capped at 1, since the best of several lags was picked."),
  WEEKLY_REVENUE("Weekly revenue series", "New customers and their first month's MRR, by the Monday-week of each "
      + "customer's first payment day (gold has MRR only at month ends). Community series by week: whole weeks only."),
  CAGR("CAGR", "Compound annual growth rate (end / start)^(1 / years) - 1 of each series over the same window: from "
      + "the later of the two series' first months to the earlier of their last months.");

  private final String label;
  private final String text;

  MetricDefinition(String label, String text) {
    this.label = label;
    this.text = text;
  }

  public String label() {
    return label;
  }

  public String text() {
    return text;
  }
}
