-- silver.stg_plausible__sources
-- Grain: one row per (site, period_start, period_end, source_name) of Plausible's sources report: an
-- aggregate over the export's period (two dates in the file name), null when the snapshot is undated.
-- Per (site, period) the latest landed file wins whole. Blank metrics stay null.
-- Inputs: plausible_reports (bronze.web__plausible_reports).
with ranked as (

    select *,
        dense_rank() over (partition by site, period_start, period_end
                           order by _ingested_at desc, _source_file desc) as version_rank
    from plausible_reports
    where report = 'sources' and activity_date is null

)

select
    site,
    period_start,
    period_end,
    name                                         as source_name,
    cast(metrics['visitors'] as bigint)          as visitors,
    cast(metrics['bounce_rate'] as double)       as bounce_rate,
    cast(metrics['visit_duration'] as double)    as visit_duration_seconds,
    _source_file,
    _ingested_at                                 as landed_at
from ranked
where version_rank = 1
