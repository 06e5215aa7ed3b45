-- gold.customer_mrr_monthly
-- Grain: one row per (customer_id, month) from the customer's first paid month on, while the customer
-- has MRR this month or had it last month (so the churn month is included, later idle months are not).
-- mrr: billed MRR (after discounts) in the reporting currency; contract_mrr: before discounts.
-- movement, from the previous month (customer grain, ChartMogul/PostHog rules):
--   new           previous = 0, now > 0, never paid before
--   reactivation  previous = 0, now > 0, paid in some earlier month
--   churn         previous > 0, now = 0
--   expansion / contraction   both > 0 and now > / < the previous month re-valued at this month's rates
--   unchanged     both > 0 and no change in local-currency MRR
-- Exchange-rate drift is never a movement: fx_mrr carries it, so for every row
--   previous_mrr + movement_mrr + fx_mrr = mrr.
-- Inputs: customer_currency_mrr (int_customer_currency_mrr_monthly), fx_rates_monthly.
-- Parameters: ${reporting_currency}.
with per_currency as (

    select * from customer_currency_mrr

),

customer_month as (

    select
        customer_id,
        month,
        round(sum(mrr), 2) as mrr,
        round(sum(contract_mrr), 2) as contract_mrr
    from per_currency
    group by customer_id, month

),

months as (

    select distinct month from fx_rates_monthly

),

-- every month from the customer's first paid month on
spine as (

    select f.customer_id, m.month
    from (select customer_id, min(month) as first_month from customer_month where mrr > 0 group by customer_id) as f
    inner join months as m
        on m.month >= f.first_month

),

grid as (

    select
        s.customer_id,
        s.month,
        coalesce(c.mrr, 0) as mrr,
        coalesce(c.contract_mrr, 0) as contract_mrr
    from spine as s
    left join customer_month as c
        on c.customer_id = s.customer_id
       and c.month = s.month

),

-- last month's local-currency MRR, re-valued at this month's rates
previous_revalued as (

    select
        p.customer_id,
        add_months(p.month, 1) as month,
        round(sum(mrr_convert(p.local_mrr, r.rate)), 2) as previous_mrr_at_current_rates
    from per_currency as p
    inner join fx_rates_monthly as r
        on r.currency = p.currency
       and r.month = add_months(p.month, 1)
    group by p.customer_id, add_months(p.month, 1)

),

-- whether local-currency MRR changed in any currency since last month
local_change as (

    select
        coalesce(c.customer_id, p.customer_id) as customer_id,
        coalesce(c.month, add_months(p.month, 1)) as month,
        max(case when coalesce(c.local_mrr, 0) <> coalesce(p.local_mrr, 0) then 1 else 0 end) = 1 as has_local_change
    from per_currency as c
    full outer join per_currency as p
        on p.customer_id = c.customer_id
       and p.currency = c.currency
       and add_months(p.month, 1) = c.month
    group by coalesce(c.customer_id, p.customer_id), coalesce(c.month, add_months(p.month, 1))

),

with_previous as (

    select
        g.*,
        lag(g.mrr, 1, 0) over (partition by g.customer_id order by g.month) as previous_mrr,
        lag(g.contract_mrr, 1, 0) over (partition by g.customer_id order by g.month) as previous_contract_mrr,
        coalesce(max(case when g.mrr > 0 then 1 else 0 end) over (
            partition by g.customer_id order by g.month rows between unbounded preceding and 1 preceding), 0) = 1
            as has_paid_before,
        coalesce(pr.previous_mrr_at_current_rates, 0) as previous_mrr_at_current_rates,
        coalesce(lc.has_local_change, false) as has_local_change
    from grid as g
    left join previous_revalued as pr
        on pr.customer_id = g.customer_id
       and pr.month = g.month
    left join local_change as lc
        on lc.customer_id = g.customer_id
       and lc.month = g.month

),

classified as (

    select
        *,
        case
            when previous_mrr <= 0 and mrr > 0 then case when has_paid_before then 'reactivation' else 'new' end
            when previous_mrr > 0 and mrr <= 0 then 'churn'
            when not has_local_change or mrr = previous_mrr_at_current_rates then 'unchanged'
            when mrr > previous_mrr_at_current_rates then 'expansion'
            else 'contraction'
        end as movement,
        case
            when previous_mrr > 0 and mrr > 0 and not has_local_change then mrr - previous_mrr
            when previous_mrr > 0 and mrr > 0 then previous_mrr_at_current_rates - previous_mrr
            else 0
        end as fx_mrr
    from with_previous
    where mrr > 0 or previous_mrr > 0

),

final as (

    select
        ---------- ids
        customer_id,
        month,
        ---------- dimensions
        movement,
        '${reporting_currency}' as currency,
        ---------- amounts
        cast(mrr as decimal(18, 2)) as mrr,
        cast(previous_mrr as decimal(18, 2)) as previous_mrr,
        cast(mrr - previous_mrr - fx_mrr as decimal(18, 2)) as movement_mrr,
        cast(fx_mrr as decimal(18, 2)) as fx_mrr,
        cast(contract_mrr as decimal(18, 2)) as contract_mrr,
        cast(previous_contract_mrr as decimal(18, 2)) as previous_contract_mrr
    from classified

)

select * from final
