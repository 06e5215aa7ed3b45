-- Question: month by month, how do downloads, stars and docs page views sit next to MRR?
-- Grain: one row per month of gold.correlation_series_monthly (scope 'overall').
-- Definition: the exact series the correlation uses (docs/correlation.md): downloads from daily
-- sources without known CI, mirrors and bots; stars from the stargazers list; docs page views; a
-- community month is null when its source does not cover it completely (missing is not zero).
-- ending_mrr and new_customers are gold.mrr_bridge_monthly's. downloads_per_1000_mrr is a raw-count
-- ratio of two different things, not a conversion. For whether one leads the other, see
-- download_revenue_lead_lag.sql.
-- Run: bin/warehouse sql "$(cat sql/examples/downloads_vs_mrr_by_month.sql)"
with series as (

    select period_start as month, series, value
    from gold.correlation_series_monthly
    where scope = 'overall'

),

by_month as (

    select
        month,
        max(case when series = 'downloads' then value end) as downloads,
        max(case when series = 'stars' then value end) as stars,
        max(case when series = 'docs_pageviews' then value end) as docs_pageviews,
        max(case when series = 'ending_mrr' then value end) as ending_mrr,
        max(case when series = 'new_customers' then value end) as new_customers
    from series
    group by month

)

select
    month,
    cast(downloads as bigint) as downloads,
    cast(stars as bigint) as stars,
    cast(docs_pageviews as bigint) as docs_pageviews,
    cast(ending_mrr as decimal(18, 2)) as ending_mrr,
    cast(new_customers as bigint) as new_customers,
    cast(downloads / nullif(ending_mrr, 0) * 1000 as decimal(18, 2)) as downloads_per_1000_mrr
from by_month
order by month
