-- analytics.board_kpis_monthly
-- Question: how did revenue do this month, in the numbers a board deck shows?
-- Grain: one row per month (the 1st), every month gold.mrr_bridge_monthly holds.
-- Definition: nothing is computed here; each column is read from the gold table that defines it
-- (docs/metrics.md): MRR and its bridge (gold.mrr_bridge_monthly), NRR/GRR of the previous month's
-- base and of the base twelve months before (gold.revenue_retention), churn rates and the quick ratio
-- (gold.revenue_churn_monthly), MRR growth (gold.fit_monthly, complete months only, else null).
-- Ratios, not percentages (1.05 = 105 %). Money in the reporting currency (`currency`).
-- Reads: gold.mrr_bridge_monthly, gold.revenue_retention, gold.revenue_churn_monthly, gold.fit_monthly
with bridge as (

    select * from gold.mrr_bridge_monthly

),

retention as (

    select
        month,
        max(case when variant = 'monthly' then nrr end) as nrr_monthly,
        max(case when variant = 'monthly' then grr end) as grr_monthly,
        max(case when variant = 'trailing_12m' then nrr end) as nrr_trailing_12m,
        max(case when variant = 'trailing_12m' then grr end) as grr_trailing_12m
    from gold.revenue_retention
    group by month

),

churn as (

    select * from gold.revenue_churn_monthly

),

growth as (

    select month, mrr_growth from gold.fit_monthly

)

select
    b.month,
    b.currency,
    b.ending_mrr as mrr,
    g.mrr_growth,
    b.starting_mrr,
    b.new_mrr,
    b.expansion_mrr,
    b.reactivation_mrr,
    b.contraction_mrr,
    b.churned_mrr,
    b.fx_mrr,
    b.ending_customers as paying_customers,
    b.new_customers,
    b.churned_customers,
    b.reactivated_customers,
    r.nrr_monthly,
    r.grr_monthly,
    r.nrr_trailing_12m,
    r.grr_trailing_12m,
    c.logo_churn_rate,
    c.gross_mrr_churn_rate,
    c.net_mrr_churn_rate,
    c.quick_ratio
from bridge as b
left join retention as r on r.month = b.month
left join churn as c on c.month = b.month
left join growth as g on g.month = b.month
