-- The benchmark's DuckDB cross-check of gold.cohort_retention (sql/models/gold/cohort_retention.sql),
-- not a second definition used anywhere else. months_between of two month starts is
-- date_diff('month', ...) here; explode(sequence()) is unnest(range()). Input: customer_mrr.
-- Parameters: ${to_month}.
with mrr as (
    select customer_id, month, mrr from customer_mrr
),
cohorts as (
    select customer_id, min(month) as cohort_month
    from mrr
    where mrr > 0
    group by customer_id
),
cohort_size as (
    select c.cohort_month, count(*) as cohort_customers, sum(m.mrr) as cohort_mrr
    from cohorts as c
    inner join mrr as m
        on m.customer_id = c.customer_id
       and m.month = c.cohort_month
    group by c.cohort_month
),
cells as (
    select
        cohort_month,
        cohort_customers,
        cohort_mrr,
        unnest(range(0, date_diff('month', cohort_month, date '${to_month}') + 1)) as months_since
    from cohort_size
),
activity as (
    select
        c.cohort_month,
        date_diff('month', c.cohort_month, m.month) as months_since,
        count_if(m.mrr > 0) as active_customers,
        sum(m.mrr) as mrr
    from cohorts as c
    inner join mrr as m
        on m.customer_id = c.customer_id
    group by c.cohort_month, date_diff('month', c.cohort_month, m.month)
)
select
    cells.cohort_month,
    cast(cells.months_since as integer) as months_since,
    cells.cohort_customers,
    coalesce(a.active_customers, 0) as active_customers,
    cast(coalesce(a.active_customers, 0) / cells.cohort_customers as decimal(12, 6)) as logo_retention,
    cast(cells.cohort_mrr as decimal(18, 2)) as cohort_mrr,
    cast(coalesce(a.mrr, 0) as decimal(18, 2)) as mrr,
    cast(coalesce(a.mrr, 0) / cells.cohort_mrr as decimal(12, 6)) as revenue_retention
from cells
left join activity as a
    on a.cohort_month = cells.cohort_month
   and a.months_since = cells.months_since
