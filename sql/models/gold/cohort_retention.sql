-- gold.cohort_retention
-- Grain: one row per (cohort_month, months_since). Cohort = month of a customer's first payment
-- (first month with MRR). Recurring retention: a customer counts in month k if it has MRR then,
-- whatever happened in between (returning customers count again).
--   logo_retention    = active_customers / cohort_customers
--   revenue_retention = mrr / cohort_mrr (cohort MRR in its first month; includes expansion and
--                       reactivation, so it can exceed 1)
-- Only observed cells (cohort_month + months_since <= ${to_month}).
-- Inputs: customer_mrr (gold.customer_mrr_monthly). Parameters: ${to_month}.
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
        explode(sequence(0, cast(months_between(date'${to_month}', cohort_month) as int))) as months_since
    from cohort_size

),

activity as (

    select
        c.cohort_month,
        cast(months_between(m.month, c.cohort_month) as int) as months_since,
        count_if(m.mrr > 0) as active_customers,
        sum(m.mrr) as mrr
    from cohorts as c
    inner join mrr as m
        on m.customer_id = c.customer_id
    group by c.cohort_month, cast(months_between(m.month, c.cohort_month) as int)

),

final as (

    select
        cells.cohort_month,
        cells.months_since,
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

)

select * from final
