-- silver.stg_plausible__visitors_daily
-- Grain: one row per (site, activity_date) from Plausible's visitors report (dashboard visitors.csv).
-- activity_date is a day in the site's time zone (as Plausible reports it). Exports overlap (a 30-day
-- export every day), so the latest landed file wins per day. Blank metrics stay null (Plausible leaves
-- them blank when a day has no visits), never 0.
-- Inputs: plausible_reports (bronze.web__plausible_reports).
with ranked as (

    select *,
        row_number() over (partition by site, activity_date
                           order by _ingested_at desc, _source_file desc, _record_position desc) as version_rank
    from plausible_reports
    where report = 'visitors'

)

select
    site,
    activity_date,
    cast(metrics['visitors'] as bigint)        as visitors,
    cast(metrics['pageviews'] as bigint)       as pageviews,
    cast(metrics['visits'] as bigint)          as visits,
    cast(metrics['views_per_visit'] as double) as views_per_visit,
    cast(metrics['bounce_rate'] as double)     as bounce_rate,
    cast(metrics['visit_duration'] as double)  as visit_duration_seconds,
    _source_file
from ranked
where version_rank = 1
