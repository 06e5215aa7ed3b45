-- gold.correlation_series_weekly
-- Grain: one row per (scope, series, period_start) ISO week, period_start its Monday; community and
-- revenue series side by side, the weekly twin of gold.correlation_series_monthly.
-- Community: the same daily series (int_community_series_daily). A week has a value only when its seven
-- days lie inside the covered days (first to last day with data); inside, a day without a row is a zero.
-- Revenue (scope 'overall'): gold has MRR only at month ends, so the weekly revenue series are the ones
-- that are truly dated within a month, by each customer's first payment:
--   new_customers  customers whose first payment day falls in the week. A customer's first paying month
--                  is its first month with MRR > 0 (gold.customer_mrr_monthly: the bridge's new customers);
--                  its first payment day is the earliest start of a counted recurring segment with a
--                  positive billed amount, not before that month (the rule of gold.account_journeys)
--   new_mrr        those customers' MRR at the end of their first paying month (their share of the bridge's
--                  new MRR), dated by the same day
--   A week with no first payment is a real 0, from the first whole week of the first revenue month.
-- Only weeks ending (Sunday) on or before ${to_date}, the last day of the last complete month, are kept.
-- Inputs: community_daily, customer_mrr (gold.customer_mrr_monthly), segments (silver.fct_mrr_segments).
with coverage as (

    select scope, series,
           next_day(date_sub(min(activity_date), 1), 'Mon') as first_monday,
           least(date_sub(max(activity_date), 6), date_sub(date'${to_date}', 6)) as last_monday
    from community_daily
    group by scope, series

),

community_weeks as (

    select scope, series, explode(sequence(first_monday, last_monday, interval 1 week)) as period_start
    from coverage
    where first_monday <= last_monday

),

community as (

    select w.scope, w.series, w.period_start, coalesce(sum(d.value), 0d) as value
    from community_weeks as w
    left join community_daily as d
        on d.scope = w.scope
       and d.series = w.series
       and cast(date_trunc('week', d.activity_date) as date) = w.period_start
    group by w.scope, w.series, w.period_start

),

first_months as (

    select customer_id, min(month) as first_payment_month
    from customer_mrr
    where mrr > 0
    group by customer_id

),

billed_days as (

    select customer_id, min(cast(started_at as date)) as first_billed_day
    from segments
    where counts_toward_mrr
      and monthly_billed_amount > 0
    group by customer_id

),

first_payments as (

    select f.customer_id,
           greatest(f.first_payment_month, coalesce(b.first_billed_day, f.first_payment_month)) as first_payment_date,
           m.mrr
    from first_months as f
    inner join customer_mrr as m
        on m.customer_id = f.customer_id
       and m.month = f.first_payment_month
    left join billed_days as b
        on b.customer_id = f.customer_id

),

revenue_weeks as (

    select explode(sequence(first_monday, last_monday, interval 1 week)) as period_start
    from (
        select next_day(date_sub(min(month), 1), 'Mon') as first_monday,
               date_sub(date'${to_date}', 6) as last_monday
        from customer_mrr
    )
    where first_monday <= last_monday

),

revenue_weekly as (

    select w.period_start,
           cast(count(p.customer_id) as double) as new_customers,
           coalesce(cast(sum(p.mrr) as double), 0d) as new_mrr
    from revenue_weeks as w
    left join first_payments as p
        on cast(date_trunc('week', p.first_payment_date) as date) = w.period_start
    group by w.period_start

),

revenue as (

    select 'overall' as scope, stack(2, 'new_customers', new_customers, 'new_mrr', new_mrr) as (series, value),
           period_start
    from revenue_weekly

)

select scope, series, 'community' as side, period_start, value from community
union all
select scope, series, 'revenue', period_start, value from revenue
