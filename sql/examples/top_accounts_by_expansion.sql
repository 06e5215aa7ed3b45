-- Question: which paying organisations grew their MRR the most through expansion (upgrades, more
-- seats, a second subscription), and how much of it did they then give back?
-- Grain: one row per paying account with any expansion, the top 10 by expansion MRR.
-- Definition: the movements of gold.customer_mrr_monthly (docs/metrics.md), summed over the account's
-- customers and every month: expansion_mrr = Σ movement_mrr of 'expansion' months, contraction_mrr =
-- Σ −movement_mrr of 'contraction' months, in the reporting currency. Account attributes from
-- analytics.paying_accounts.
-- Run: bin/warehouse sql "$(cat sql/examples/top_accounts_by_expansion.sql)"
with account_customers as (

    select account_id, identity_key as customer_id
    from silver.account_identities
    where identity_type = 'billing_customer'
      and is_primary
      and valid_to is null

),

movements as (

    select
        ac.account_id,
        m.currency,
        m.movement,
        m.movement_mrr
    from gold.customer_mrr_monthly as m
    inner join account_customers as ac on ac.customer_id = m.customer_id

),

per_account as (

    select
        account_id,
        max(currency) as currency,
        sum(case when movement = 'expansion' then movement_mrr else 0 end) as expansion_mrr,
        count_if(movement = 'expansion') as expansion_months,
        sum(case when movement = 'contraction' then -movement_mrr else 0 end) as contraction_mrr
    from movements
    group by account_id

)

select
    a.account_name,
    a.first_plan,
    pa.currency,
    pa.expansion_mrr,
    pa.expansion_months,
    pa.contraction_mrr,
    a.current_mrr,
    a.account_id
from per_account as pa
inner join analytics.paying_accounts as a on a.account_id = pa.account_id
where pa.expansion_mrr > 0
order by pa.expansion_mrr desc, a.account_id
limit 10
