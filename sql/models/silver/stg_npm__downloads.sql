-- silver.stg_npm__downloads
-- Grain: one row per (package_name, kind, period_start, period_end) of npm downloads API responses.
-- kind 'range': one UTC day (period_start = period_end = day), from range responses;
-- kind 'point': one total over [period_start, period_end] from a point response, never spread over days.
-- Overlapping re-pulls: the latest landed response wins for each key.
-- Input view: npm_rows (bronze.npm__downloads, all rows).
-- package_name: as sent (npm names are case-sensitive for legacy packages; scoped names keep @scope/).
with rows as (

    select *,
           coalesce(day, start_date) as period_start,
           coalesce(day, end_date) as period_end
    from npm_rows

),

ranked as (

    select *,
           row_number() over (partition by package, kind, period_start, period_end
                              order by _ingested_at desc, _source_file desc, _record_position desc) as rn
    from rows

)

select
    package as package_name,
    kind,
    period_start,
    period_end,
    downloads,
    start_date as response_start,
    end_date as response_end,
    _source_file,
    _ingested_at
from ranked
where rn = 1
