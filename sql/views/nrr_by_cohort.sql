-- analytics.nrr_by_cohort
-- Question: how much of each first-payment cohort's starting MRR (and how many of its logos) is
-- still there 1, 3, 6 and 12 months later?
-- Grain: one row per cohort (cohort_month = month of first payment).
-- Definition: gold.cohort_retention's cells, pivoted: revenue_retention = cohort's MRR at age k ÷ its
-- MRR in its first month (includes expansion, can exceed 1: the cohort's net revenue retention),
-- logo_retention = customers active at age k ÷ cohort customers (docs/metrics.md). A null cell is an
-- age the cohort has not reached. latest_* is the oldest age observed.
-- Reads: gold.cohort_retention
with cells as (

    select * from gold.cohort_retention

),

latest as (

    select cohort_month, max(months_since) as latest_months_since
    from cells
    group by cohort_month

)

select
    c.cohort_month,
    max(c.cohort_customers) as cohort_customers,
    max(c.cohort_mrr) as cohort_mrr,
    max(l.latest_months_since) as latest_months_since,
    max(case when c.months_since = l.latest_months_since then c.revenue_retention end) as latest_revenue_retention,
    max(case when c.months_since = l.latest_months_since then c.logo_retention end) as latest_logo_retention,
    max(case when c.months_since = 1 then c.revenue_retention end) as revenue_retention_m1,
    max(case when c.months_since = 3 then c.revenue_retention end) as revenue_retention_m3,
    max(case when c.months_since = 6 then c.revenue_retention end) as revenue_retention_m6,
    max(case when c.months_since = 12 then c.revenue_retention end) as revenue_retention_m12,
    max(case when c.months_since = 1 then c.logo_retention end) as logo_retention_m1,
    max(case when c.months_since = 3 then c.logo_retention end) as logo_retention_m3,
    max(case when c.months_since = 6 then c.logo_retention end) as logo_retention_m6,
    max(case when c.months_since = 12 then c.logo_retention end) as logo_retention_m12
from cells as c
inner join latest as l on l.cohort_month = c.cohort_month
group by c.cohort_month
