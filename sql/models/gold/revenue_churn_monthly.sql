-- gold.revenue_churn_monthly
-- Grain: one row per month, derived from gold.mrr_bridge_monthly.
--   logo_churn_rate      = churned_customers / starting_customers (ChartMogul "standard"; at a monthly
--                          snapshot a customer cannot join and churn, or churn and return, in one month)
--   gross_mrr_churn_rate = (churned_mrr + contraction_mrr) / starting_mrr
--   net_mrr_churn_rate   = (churned_mrr + contraction_mrr - expansion_mrr - reactivation_mrr) / starting_mrr
--                          (negative = net expansion)
--   quick_ratio          = (new_mrr + expansion_mrr) / (contraction_mrr + churned_mrr) (Baremetrics);
--                          null when nothing was lost
-- Null rates where the base is zero. Inputs: bridge (gold.mrr_bridge_monthly).
select
    month,
    starting_customers,
    churned_customers,
    cast(churned_customers / nullif(starting_customers, 0) as decimal(12, 6)) as logo_churn_rate,
    cast((churned_mrr + contraction_mrr) / nullif(starting_mrr, 0) as decimal(12, 6)) as gross_mrr_churn_rate,
    cast((churned_mrr + contraction_mrr - expansion_mrr - reactivation_mrr) / nullif(starting_mrr, 0)
         as decimal(12, 6)) as net_mrr_churn_rate,
    cast((new_mrr + expansion_mrr) / nullif(contraction_mrr + churned_mrr, 0) as decimal(12, 6)) as quick_ratio
from bridge
