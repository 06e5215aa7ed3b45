-- int_customer_currency_mrr_monthly (intermediate, not persisted)
-- Grain: one row per (customer_id, month, currency) with MRR in that currency and converted.
-- A segment [started_at, ended_at) is in a month's MRR when it is active just before the snapshot
-- instant (the day after the snapshot date, 00:00 UTC): started_at < snapshot_at <= ended_at.
-- Each segment is converted at the month's rate and rounded (mrr_convert) before summing, the single
-- rounding rule shared with the generator's truth.
-- Inputs: mrr_segments, fx_rates_monthly (int_fx_rates_monthly).
with segments as (

    select customer_id, currency, started_at, ended_at, monthly_contract_amount, monthly_billed_amount
    from mrr_segments
    where counts_toward_mrr

),

snapshots as (

    select distinct month, snapshot_date, cast(date_add(snapshot_date, 1) as timestamp) as snapshot_at
    from fx_rates_monthly

),

active as (

    select s.customer_id, m.month, s.currency, s.monthly_contract_amount, s.monthly_billed_amount
    from segments as s
    inner join snapshots as m
        on s.started_at < m.snapshot_at
       and (s.ended_at is null or s.ended_at >= m.snapshot_at)

),

final as (

    select
        a.customer_id,
        a.month,
        a.currency,
        r.rate as fx_rate,
        cast(sum(a.monthly_contract_amount) as decimal(24, 6)) as local_contract_mrr,
        cast(sum(a.monthly_billed_amount) as decimal(24, 6)) as local_mrr,
        cast(sum(mrr_convert(a.monthly_contract_amount, r.rate)) as decimal(24, 6)) as contract_mrr,
        cast(sum(mrr_convert(a.monthly_billed_amount, r.rate)) as decimal(24, 6)) as mrr
    from active as a
    left join fx_rates_monthly as r
        on r.currency = a.currency
       and r.month = a.month
    group by a.customer_id, a.month, a.currency, r.rate

)

select * from final
