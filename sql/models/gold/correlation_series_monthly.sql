-- gold.correlation_series_monthly
-- Grain: one row per (scope, series, period_start) month, community and revenue series side by side.
-- A community series has a value only for months wholly inside its covered days (first to last day
-- with data): a day without a row inside that span is a zero, a month outside it is missing (never a
-- zero), so a source that starts mid-month does not show a fake jump. Months after ${to_month} (the
-- last complete month on the run date) are left out.
-- Revenue series (scope 'overall') come from gold.mrr_bridge_monthly: ending_mrr, new_mrr, new_customers.
-- Inputs: community_daily (int_community_series_daily), bridge (gold.mrr_bridge_monthly).
with coverage as (

    select scope, series, min(activity_date) as first_date, max(activity_date) as last_date
    from community_daily
    group by scope, series

),

months as (

    select scope, series, explode(sequence(trunc(first_date, 'MM'), trunc(last_date, 'MM'), interval 1 month)) as period_start,
           first_date, last_date
    from coverage

),

complete_months as (

    select scope, series, period_start
    from months
    where period_start >= first_date
      and last_day(period_start) <= last_date
      and period_start <= date'${to_month}'

),

community as (

    select m.scope, m.series, m.period_start, coalesce(sum(d.value), 0d) as value
    from complete_months as m
    left join community_daily as d
        on d.scope = m.scope
       and d.series = m.series
       and trunc(d.activity_date, 'MM') = m.period_start
    group by m.scope, m.series, m.period_start

),

revenue as (

    select 'overall' as scope, stack(3, 'ending_mrr', cast(ending_mrr as double), 'new_mrr', cast(new_mrr as double),
                 'new_customers', cast(new_customers as double)) as (series, value), month as period_start
    from bridge
    where month <= date'${to_month}'

)

select scope, series, 'community' as side, period_start, value from community
union all
select scope, series, 'revenue', period_start, value from revenue
