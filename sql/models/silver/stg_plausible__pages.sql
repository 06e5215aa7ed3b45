-- silver.stg_plausible__pages
-- Grain: one row per (site, period_start, period_end, page_path) of Plausible's pages report: an aggregate
-- over the export's period, not a daily figure. The period comes from two dates in the file name; without
-- them it is null (an undated snapshot). Per (site, period) the latest landed file wins whole, so a page
-- missing from the newer export is not kept from an older one. Blank metrics stay null.
-- Inputs: plausible_reports (bronze.web__plausible_reports).
with ranked as (

    select *,
        dense_rank() over (partition by site, period_start, period_end
                           order by _ingested_at desc, _source_file desc) as version_rank
    from plausible_reports
    where report = 'pages' and activity_date is null

)

select
    site,
    period_start,
    period_end,
    name                                         as page_path,
    cast(metrics['visitors'] as bigint)          as visitors,
    cast(metrics['pageviews'] as bigint)         as pageviews,
    cast(metrics['visits'] as bigint)            as visits,
    cast(metrics['bounce_rate'] as double)       as bounce_rate,
    cast(metrics['time_on_page'] as double)      as time_on_page_seconds,
    _source_file,
    _ingested_at                                 as landed_at
from ranked
where version_rank = 1
