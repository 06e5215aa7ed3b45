-- silver.stg_pypistats__downloads
-- Grain: one row per (package_name, endpoint, category, download_date) of pypistats.org API responses;
-- re-pulls overlap (the API keeps 180 days), and the latest landed response wins for each key, so the
-- history grows pull by pull.
-- Input view: pypistats_rows (bronze.pypistats__downloads, all rows).
-- endpoint: overall (categories with_mirrors / without_mirrors), system, python_major, python_minor,
-- recent (categories last_day / last_week / last_month, undated).
-- category: as sent, except pypistats' string "null" (OS or Python version not reported), which is a
-- null category with is_category_reported = false.
-- period: 'day' for dated rows; 'undated' for rows without a date (recent, or totals some clients
-- print): kept for reference, never placed on a day.
with ranked as (

    select *,
           regexp_replace(lower(package), '[-_.]+', '-') as package_name,
           row_number() over (partition by regexp_replace(lower(package), '[-_.]+', '-'), endpoint, category,
                                           download_date
                              order by _ingested_at desc, _source_file desc, _record_position desc) as rn
    from pypistats_rows

)

select
    package_name,
    package,
    endpoint,
    case when category = 'null' then null else category end as category,
    category <> 'null' as is_category_reported,
    download_date,
    case when download_date is null then 'undated' else 'day' end as period,
    downloads,
    _source_file,
    _ingested_at
from ranked
where rn = 1
