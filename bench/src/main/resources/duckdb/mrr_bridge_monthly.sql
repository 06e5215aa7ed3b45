-- The benchmark's DuckDB cross-check of gold.mrr_bridge_monthly (sql/models/gold/mrr_bridge_monthly.sql),
-- not a second definition used anywhere else. Input: customer_mrr (gold.customer_mrr_monthly as Parquet).
-- Parameters: ${from_month}, ${to_month}.
with movements as (
    select * from customer_mrr
    where month between date '${from_month}' and date '${to_month}'
),
summed as (
    select
        month,
        max(currency) as currency,
        sum(previous_mrr) as starting_mrr,
        sum(case when movement = 'new' then movement_mrr else 0 end) as new_mrr,
        sum(case when movement = 'expansion' then movement_mrr else 0 end) as expansion_mrr,
        sum(case when movement = 'contraction' then -movement_mrr else 0 end) as contraction_mrr,
        sum(case when movement = 'churn' then -movement_mrr else 0 end) as churned_mrr,
        sum(case when movement = 'reactivation' then movement_mrr else 0 end) as reactivation_mrr,
        sum(fx_mrr) as fx_mrr,
        sum(mrr) as ending_mrr,
        count_if(previous_mrr > 0) as starting_customers,
        count_if(mrr > 0) as ending_customers,
        count_if(movement = 'new') as new_customers,
        count_if(movement = 'churn') as churned_customers,
        count_if(movement = 'reactivation') as reactivated_customers,
        count_if(movement = 'expansion') as expanded_customers,
        count_if(movement = 'contraction') as contracted_customers
    from movements
    group by month
)
select
    month,
    currency,
    cast(starting_mrr as decimal(18, 2)) as starting_mrr,
    cast(new_mrr as decimal(18, 2)) as new_mrr,
    cast(expansion_mrr as decimal(18, 2)) as expansion_mrr,
    cast(contraction_mrr as decimal(18, 2)) as contraction_mrr,
    cast(churned_mrr as decimal(18, 2)) as churned_mrr,
    cast(reactivation_mrr as decimal(18, 2)) as reactivation_mrr,
    cast(fx_mrr as decimal(18, 2)) as fx_mrr,
    cast(ending_mrr as decimal(18, 2)) as ending_mrr,
    cast(starting_mrr + new_mrr + expansion_mrr + reactivation_mrr - contraction_mrr - churned_mrr + fx_mrr
         - ending_mrr as decimal(18, 2)) as identity_difference,
    starting_customers,
    ending_customers,
    new_customers,
    churned_customers,
    reactivated_customers,
    expanded_customers,
    contracted_customers
from summed
