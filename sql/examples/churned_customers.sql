-- Question: which customers churned, when, and how much MRR did each take with them?
-- Grain: one row per (customer, churn month).
-- Definition: movement = 'churn' in gold.customer_mrr_monthly: MRR last month > 0 and 0 this month;
-- lost_mrr = −movement_mrr = last month's MRR, in the reporting currency (docs/metrics.md). A
-- customer who comes back later shows a 'reactivation' month and may churn again. The account is the
-- customer's current primary link (silver.account_identities), when it has one.
-- Run: bin/warehouse sql "$(cat sql/examples/churned_customers.sql)"
with churns as (

    select customer_id, month as churn_month, currency, -movement_mrr as lost_mrr
    from gold.customer_mrr_monthly
    where movement = 'churn'

),

accounts as (

    select i.identity_key as customer_id, i.account_id, d.account_name
    from silver.account_identities as i
    inner join silver.dim_accounts as d on d.account_id = i.account_id
    where i.identity_type = 'billing_customer'
      and i.is_primary
      and i.valid_to is null

)

select
    c.churn_month,
    c.customer_id,
    a.account_name,
    c.lost_mrr,
    c.currency,
    a.account_id
from churns as c
left join accounts as a on a.customer_id = c.customer_id
order by c.churn_month, c.lost_mrr desc, c.customer_id
