-- gold.revenue_retention
-- Grain: one row per (month, variant). Net and gross revenue retention of a fixed base of customers:
--   variant 'monthly':      base = customers with MRR in the previous month
--   variant 'trailing_12m': base = customers with MRR twelve months before (S-1 style NDR)
--   nrr = sum(their MRR this month) / sum(their base MRR)          (expansion, contraction, churn; no new
--         business and no reactivation of customers outside the base)
--   grr = sum(min(MRR this month, base MRR)) / sum(base MRR)        (per-customer capped, PostHog/GitLab form)
-- Ratios, not percentages (1.05 = 105%). MRR in the reporting currency at each month's rate.
-- Inputs: customer_mrr (gold.customer_mrr_monthly). Parameters: ${from_month}, ${to_month}.
with mrr as (

    select customer_id, month, mrr from customer_mrr

),

variants as (

    select 'monthly' as variant, 1 as base_lag_months
    union all
    select 'trailing_12m', 12

),

months as (

    select explode(sequence(date'${from_month}', date'${to_month}', interval 1 month)) as month

),

base as (

    select
        m.month,
        v.variant,
        b.customer_id,
        b.mrr as base_mrr,
        coalesce(c.mrr, 0) as current_mrr
    from months as m
    cross join variants as v
    inner join mrr as b
        on b.month = add_months(m.month, -v.base_lag_months)
       and b.mrr > 0
    left join mrr as c
        on c.customer_id = b.customer_id
       and c.month = m.month

),

final as (

    select
        month,
        variant,
        cast(sum(current_mrr) / sum(base_mrr) as decimal(12, 6)) as nrr,
        cast(sum(least(current_mrr, base_mrr)) / sum(base_mrr) as decimal(12, 6)) as grr,
        count(*) as base_customers,
        cast(sum(base_mrr) as decimal(18, 2)) as base_mrr,
        cast(sum(current_mrr) as decimal(18, 2)) as current_mrr,
        count_if(current_mrr > 0) as retained_customers
    from base
    group by month, variant

)

select * from final
