-- Question: do downloads (or stars, or docs visits) move before revenue, and by how many months?
-- Grain: one row per (community series, revenue series, transform) of the overall scope, monthly series.
-- Definition: gold.download_revenue_correlation_summary (docs/correlation.md): the lag 0..6 with the
-- largest |Pearson r| of the period-to-period changes, its n, r, p and the Bonferroni-adjusted p
-- (times the lags tested), Spearman's rho, and both CAGRs over the common window. A null peak has
-- its reason (too few overlapping months, a constant series). Read the adjusted p and n before r;
-- correlation is not causation.
-- Run: bin/warehouse sql "$(cat sql/examples/download_revenue_lead_lag.sql)"
with summary as (

    select *
    from gold.download_revenue_correlation_summary
    where scope = 'overall'
      and period = 'month'  -- the weekly rows' lags are in weeks (docs/correlation.md)

)

select
    series_x as community_series,
    series_y as revenue_series,
    transform,
    peak_lag as peak_lag_months,
    peak_n,
    round(peak_pearson_r, 4) as peak_pearson_r,
    round(peak_pearson_p_bonferroni, 4) as peak_p_bonferroni,
    round(peak_spearman_rho, 4) as peak_spearman_rho,
    peak_reason,
    round(cagr_x, 4) as community_cagr,
    round(cagr_y, 4) as revenue_cagr
from summary
order by community_series, revenue_series, transform
