-- gold.account_journey_summary
-- Grain: one row per first-payment cohort: cohort 'overall' (cohort_quarter null) and one per calendar
-- quarter of first_payment_month (cohort '2025-Q1', cohort_quarter its first day).
--   new_paying_accounts            accounts whose first payment falls in the cohort
--   with_community_before_paying   of those, accounts with a community touch before the first payment day
--   share_with_community           with_community_before_paying / new_paying_accounts
--   lead_time_n, lead_time_p25_days .. p90_days   distribution of lead_time_days over the accounts that have
--                                  one (exact percentiles, linear interpolation between ranks)
-- Inputs: journeys (gold.account_journeys).
with cohorts as (

    select 'overall' as cohort, cast(null as date) as cohort_quarter, * from journeys
    union all
    select year(first_payment_month) || '-Q' || quarter(first_payment_month), trunc(first_payment_month, 'QUARTER'), *
    from journeys

)

select
    cohort,
    cohort_quarter,
    count(*) as new_paying_accounts,
    count_if(has_community_before_paying) as with_community_before_paying,
    cast(count_if(has_community_before_paying) / count(*) as decimal(12, 6)) as share_with_community,
    count(lead_time_days) as lead_time_n,
    percentile(lead_time_days, 0.25) as lead_time_p25_days,
    percentile(lead_time_days, 0.50) as lead_time_p50_days,
    percentile(lead_time_days, 0.75) as lead_time_p75_days,
    percentile(lead_time_days, 0.90) as lead_time_p90_days
from cohorts
group by cohort, cohort_quarter
