-- Question: how long do organisations use the project before they pay, by the plan they start on?
-- Grain: one row per first plan.
-- Definition: lead_time_days of gold.account_journeys = first billed day − first community touch
-- strictly before it (docs/funnel.md); accounts without community before paying have no lead time and
-- count only in new_paying_accounts. Percentiles are exact with linear interpolation, like
-- gold.account_journey_summary. first_plan as in analytics.paying_accounts.
-- Run: bin/warehouse sql "$(cat sql/examples/lead_time_by_plan.sql)"
with paying as (

    select * from analytics.paying_accounts

)

select
    coalesce(first_plan, 'unknown') as first_plan,
    count(*) as new_paying_accounts,
    count(lead_time_days) as lead_time_n,
    min(lead_time_days) as lead_time_min_days,
    percentile(lead_time_days, 0.25) as lead_time_p25_days,
    percentile(lead_time_days, 0.50) as lead_time_p50_days,
    percentile(lead_time_days, 0.75) as lead_time_p75_days,
    max(lead_time_days) as lead_time_max_days
from paying
group by coalesce(first_plan, 'unknown')
order by new_paying_accounts desc, first_plan
