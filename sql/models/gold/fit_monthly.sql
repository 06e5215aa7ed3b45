-- gold.fit_monthly
-- Grain: one row per month. The three fits side by side, every value read from gold.funnel_monthly or
-- gold.mrr_bridge_monthly (no second definition):
--   project-community fit: stars, contributors and their month-over-month growth
--   product-market fit:    downloads (and growth), active_accounts (accounts in the action stage),
--                          activated_accounts (activation stage), paying_accounts (monetization stage)
--   value-market fit:      paying_customers, new_customers, mrr (ending_mrr of the bridge), nrr and
--                          nrr_trailing_12m (gold.revenue_retention), mrr growth
-- Growth = value / previous month's value - 1; null when either is null or the previous value is 0.
-- Inputs: funnel (gold.funnel_monthly), bridge (gold.mrr_bridge_monthly).
with wide as (

    select month,
           max(stars) as stars,
           max(contributors) as contributors,
           max(downloads) as downloads,
           max(case when stage = 'action' then accounts end) as active_accounts,
           max(case when stage = 'activation' then accounts end) as activated_accounts,
           max(case when stage = 'monetization' then accounts end) as paying_accounts,
           max(paying_customers) as paying_customers,
           max(new_customers) as new_customers,
           max(nrr) as nrr,
           max(nrr_trailing_12m) as nrr_trailing_12m
    from funnel
    group by month

),

with_mrr as (

    select w.*, b.ending_mrr as mrr
    from wide as w
    left join bridge as b
        on b.month = w.month

)

select
    month,
    stars,
    cast(stars / nullif(lag(stars) over (order by month), 0) - 1 as decimal(12, 6)) as stars_growth,
    contributors,
    cast(contributors / nullif(lag(contributors) over (order by month), 0) - 1 as decimal(12, 6))
        as contributors_growth,
    downloads,
    cast(downloads / nullif(lag(downloads) over (order by month), 0) - 1 as decimal(12, 6)) as downloads_growth,
    active_accounts,
    activated_accounts,
    paying_accounts,
    paying_customers,
    new_customers,
    mrr,
    cast(mrr / nullif(lag(mrr) over (order by month), 0) - 1 as decimal(12, 6)) as mrr_growth,
    nrr,
    nrr_trailing_12m
from with_mrr
