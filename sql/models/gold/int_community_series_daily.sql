-- int_community_series_daily (computed in memory, not stored)
-- Grain: one row per (scope, series, activity_date) on which the source has data.
-- The community side of the download-to-revenue correlation (docs/correlation.md):
--   downloads        package downloads per UTC day from silver.fct_package_downloads_daily, daily sources
--                    only (period 'day'; one source per package: BigQuery or npm rows over pypistats),
--                    excluding known mirrors, bots and CI (a null flag, unknown,
--                    counts as a download); scope 'overall' and '<ecosystem>:<package_name>'
--   stars            new stars per day from silver.fct_github_stars_daily (the stargazers list), all
--                    tracked repositories; scope 'overall'
--   docs_pageviews   docs page views per day from silver.fct_web_daily, access logs where a site has
--                    them, else GA4 (never both: they count the same readers); scope 'overall'
-- Inputs: package_downloads, stars_daily, web_daily (empty views when a source has no table yet).
with daily_downloads as (

    select *, case source when 'pypistats' then 2 else 1 end as source_rank
    from package_downloads
    where period = 'day'

),

package_sources as (

    -- One daily source per package: the sources measure overlapping things (pypistats is built from
    -- the BigQuery table), so row-level exports win over pypistats where both landed.
    select ecosystem, package_name, min(source_rank) as source_rank
    from daily_downloads
    group by ecosystem, package_name

),

downloads as (

    select d.ecosystem || ':' || d.package_name as scope, d.download_date as activity_date, sum(d.downloads) as value
    from daily_downloads as d
    inner join package_sources as p
        on p.ecosystem = d.ecosystem
       and p.package_name = d.package_name
       and p.source_rank = d.source_rank
    where not coalesce(d.is_mirror, false)
      and not coalesce(d.is_bot, false)
      and not coalesce(d.is_ci, false)
    group by 1, 2

),

web_sources as (

    select site, min(case source when 'access_log' then 1 when 'ga4' then 2 end) as preferred
    from web_daily
    where source in ('access_log', 'ga4')
    group by site

),

docs as (

    select w.activity_date, sum(w.docs_pageviews) as value
    from web_daily as w
    inner join web_sources as s
        on s.site = w.site
       and case w.source when 'access_log' then 1 when 'ga4' then 2 end = s.preferred
    group by w.activity_date

)

select scope, 'downloads' as series, activity_date, cast(value as double) as value from downloads
union all
select 'overall', 'downloads', activity_date, cast(sum(value) as double) from downloads group by activity_date
union all
select 'overall', 'stars', star_date, cast(sum(stars_new) as double) from stars_daily group by star_date
union all
select 'overall', 'docs_pageviews', activity_date, cast(value as double) from docs
