-- gold.cohort_retention_weighted
-- Grain: one row per months_since. Averages across cohorts weighted by cohort size (not a simple
-- mean of percentages, which over-weights small cohorts; PostHog #25998): only cohorts observed at
-- that age take part.
--   logo_retention    = sum(active_customers) / sum(cohort_customers)
--   revenue_retention = sum(mrr) / sum(cohort_mrr)
-- Inputs: cohort_retention (gold.cohort_retention).
select
    months_since,
    count(*) as cohorts,
    sum(cohort_customers) as cohort_customers,
    sum(active_customers) as active_customers,
    cast(sum(active_customers) / sum(cohort_customers) as decimal(12, 6)) as logo_retention,
    cast(sum(cohort_mrr) as decimal(18, 2)) as cohort_mrr,
    cast(sum(mrr) as decimal(18, 2)) as mrr,
    cast(sum(mrr) / sum(cohort_mrr) as decimal(12, 6)) as revenue_retention
from cohort_retention
group by months_since
