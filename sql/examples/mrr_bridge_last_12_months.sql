-- Question: where did MRR come from and go to over the last twelve months?
-- Grain: one row per month, the twelve latest months gold holds (the last one may still be open:
-- its MRR is as of the run date).
-- Definition: gold.mrr_bridge_monthly (docs/metrics.md): starting + new + expansion + reactivation
-- − contraction − churned + fx = ending, amounts positive, in the reporting currency; net_new_mrr =
-- ending − starting. "Latest" is the latest month in the table, never today's date.
-- Run: bin/warehouse sql "$(cat sql/examples/mrr_bridge_last_12_months.sql)"
with bridge as (

    select * from gold.mrr_bridge_monthly

),

window_start as (

    select add_months(max(month), -11) as first_month from bridge

)

select
    b.month,
    b.currency,
    b.starting_mrr,
    b.new_mrr,
    b.expansion_mrr,
    b.reactivation_mrr,
    b.contraction_mrr,
    b.churned_mrr,
    b.fx_mrr,
    b.ending_mrr,
    b.ending_mrr - b.starting_mrr as net_new_mrr,
    b.ending_customers,
    b.new_customers,
    b.churned_customers
from bridge as b
cross join window_start as w
where b.month >= w.first_month
order by b.month
