-- int_fx_rates_monthly (intermediate, not persisted)
-- Grain: one row per (currency, month): the rate used for that month's MRR, i.e. the latest rate on
-- or before the month's snapshot date (its last day, or the run date while the month is open).
-- The reporting currency always has rate 1. A null rate means the rate is missing: the run fails.
-- Inputs: mrr_segments (silver.fct_mrr_segments), fx_rates (silver.stg_billing__fx_rates).
-- Parameters: ${run_date}, ${to_month}, ${reporting_currency}.
with currencies as (

    select distinct currency
    from mrr_segments
    where counts_toward_mrr

),

months as (

    select explode(sequence(cast(trunc(min(started_at), 'MM') as date), date'${to_month}', interval 1 month)) as month
    from mrr_segments
    where counts_toward_mrr

),

snapshots as (

    select month, least(last_day(month), date'${run_date}') as snapshot_date
    from months

),

final as (

    select
        c.currency,
        s.month,
        s.snapshot_date,
        case when c.currency = '${reporting_currency}' then cast(1 as decimal(24, 10))
             else max_by(f.rate, f.rate_date) end as rate
    from currencies as c
    cross join snapshots as s
    left join fx_rates as f
        on f.currency = c.currency
       and f.rate_date <= s.snapshot_date
    group by c.currency, s.month, s.snapshot_date

)

select * from final
