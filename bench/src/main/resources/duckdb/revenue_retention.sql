-- The benchmark's DuckDB cross-check of gold.revenue_retention (sql/models/gold/revenue_retention.sql),
-- not a second definition used anywhere else. DuckDB has no explode(sequence()) or add_months: range()
-- and interval arithmetic instead. Input: customer_mrr. Parameters: ${from_month}, ${to_month}.
with mrr as (
    select customer_id, month, mrr from customer_mrr
),
variants as (
    select 'monthly' as variant, 1 as base_lag_months
    union all
    select 'trailing_12m', 12
),
months as (
    select cast(m as date) as month
    from range(date '${from_month}', date '${to_month}' + interval 1 month, interval 1 month) as t(m)
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
        on b.month = cast(m.month - to_months(v.base_lag_months) as date)
       and b.mrr > 0
    left join mrr as c
        on c.customer_id = b.customer_id
       and c.month = m.month
)
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
