-- analytics.paying_accounts
-- Question: who are our paying organisations, on which plan and from which country did they start,
-- what do they pay now, and did they use the project before paying?
-- Grain: one row per paying account (account_id), as gold.account_journeys.
-- Definition: the journey columns come unchanged from gold.account_journeys (docs/funnel.md).
-- Added attributes, none of them a metric:
--   customer_ids  the account's billing customers (current primary links of silver.account_identities)
--   first_plan    product name (Stripe) or plan id (other billing system) of the account's first counted,
--                 positively billed recurring segment (silver.fct_mrr_segments), the one that made
--                 first_payment_date; ties broken by segment_id
--   country_code  the billing country of its Stripe customers (null when none is recorded)
--   current_mrr   the sum of its customers' MRR (gold.customer_mrr_monthly) in the latest month gold
--                 holds, in the reporting currency; 0 when they have churned
-- Reads: gold.account_journeys, gold.customer_mrr_monthly, silver.account_identities, silver.fct_mrr_segments, silver.stg_stripe__customers, silver.stg_stripe__prices, silver.stg_stripe__products
with journeys as (

    select * from gold.account_journeys

),

account_customers as (

    select account_id, identity_key as customer_id
    from silver.account_identities
    where identity_type = 'billing_customer'
      and is_primary
      and valid_to is null

),

first_segment as (

    select
        ac.account_id,
        s.price_id,
        row_number() over (partition by ac.account_id order by s.started_at, s.segment_id) as segment_rank
    from account_customers as ac
    inner join silver.fct_mrr_segments as s on s.customer_id = ac.customer_id
    where s.counts_toward_mrr
      and s.billed_amount > 0

),

plans as (

    select
        f.account_id,
        coalesce(p.product_name, f.price_id) as first_plan
    from first_segment as f
    left join silver.stg_stripe__prices as pr on pr.price_id = f.price_id
    left join silver.stg_stripe__products as p on p.product_id = pr.product_id
    where f.segment_rank = 1

),

countries as (

    select ac.account_id, min(c.country_code) as country_code
    from account_customers as ac
    inner join silver.stg_stripe__customers as c on c.customer_id = ac.customer_id
    group by ac.account_id

),

latest_month as (

    select max(month) as month from gold.customer_mrr_monthly

),

current_mrr as (

    select
        ac.account_id,
        max(m.currency) as currency,
        sum(m.mrr) as current_mrr
    from account_customers as ac
    inner join gold.customer_mrr_monthly as m on m.customer_id = ac.customer_id
    inner join latest_month as l on l.month = m.month
    group by ac.account_id

),

customer_lists as (

    select account_id, array_join(array_sort(collect_set(customer_id)), ',') as customer_ids
    from account_customers
    group by account_id

)

select
    j.account_id,
    j.account_name,
    cl.customer_ids,
    p.first_plan,
    c.country_code,
    j.first_payment_month,
    j.first_payment_date,
    coalesce(m.current_mrr, 0) as current_mrr,
    m.currency,
    j.first_star_date,
    j.first_web_visit_date,
    j.first_sign_up_date,
    j.first_contribution_date,
    j.first_community_date,
    j.community_touches_before_paying,
    j.has_community_before_paying,
    j.lead_time_days
from journeys as j
left join customer_lists as cl on cl.account_id = j.account_id
left join plans as p on p.account_id = j.account_id
left join countries as c on c.account_id = j.account_id
left join current_mrr as m on m.account_id = j.account_id
