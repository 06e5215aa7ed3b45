-- analytics.community_to_paying_by_segment
-- Question: by first plan and by billing country, how many new paying organisations used the project
-- before paying, and how long before?
-- Grain: one row per (dimension, segment): dimension 'plan' (segment = first_plan) or 'country'
-- (segment = country_code; 'unknown' when the billing system records none).
-- Definition: gold.account_journey_summary's columns, split by segment instead of by quarter, over
-- analytics.paying_accounts: share_with_community = accounts with a community touch strictly before
-- their first billed day ÷ new paying accounts; lead times are exact percentiles (linear
-- interpolation), as in gold. This is not a funnel conversion rate: every row here paid
-- (gold.funnel_conversion_monthly holds the organisation conversions, which gold does not split by
-- segment). Small segments make noisy shares: read new_paying_accounts first.
-- Reads: analytics.paying_accounts
with accounts as (

    select * from analytics.paying_accounts

),

by_segment as (

    select 'plan' as dimension, coalesce(first_plan, 'unknown') as segment, * from accounts
    union all
    select 'country' as dimension, coalesce(country_code, 'unknown') as segment, * from accounts

)

select
    dimension,
    segment,
    count(*) as new_paying_accounts,
    count_if(has_community_before_paying) as with_community_before_paying,
    cast(count_if(has_community_before_paying) / count(*) as decimal(12, 6)) as share_with_community,
    count(lead_time_days) as lead_time_n,
    percentile(lead_time_days, 0.50) as lead_time_p50_days
from by_segment
group by dimension, segment
