-- silver.fct_package_downloads_daily
-- Grain: one row per (ecosystem, package_name, source, period, download_date, version, installer,
-- country_code, is_ci, is_mirror, is_bot) with the number of downloads over the period.
-- Inputs: pypi_downloads (silver.stg_pypi__file_downloads rows of the days to rebuild),
-- pypistats_downloads, npm_downloads, dockerhub_snapshots, maven_downloads (their silver.stg_ tables).
-- period / download_date / period_start..period_end (inclusive):
--   'day'               one UTC day (pypi_bigquery, pypistats overall, npm range)
--   'month'             a calendar month, download_date = its first day (maven_central)
--   'point'             one npm point total over [period_start, period_end], download_date = period_start;
--                       never spread over days, and it overlaps npm 'day' rows of the same package
--   'snapshot_interval' Docker Hub pulls between two snapshots: (period_start, period_end],
--                       download_date = the later snapshot's date
-- Flags: null = the source does not say (never coerced to false). pypi_bigquery rows carry the row
-- flags of stg_pypi__file_downloads; pypistats overall splits into without_mirrors (is_mirror false)
-- and with_mirrors minus without_mirrors (is_mirror true), or with_mirrors alone (is_mirror null).
-- Docker counter resets: downloads null and is_counter_reset true, never a negative count.
-- Sources measure different things (docs/downloads.md): sum within one source and period only.
with pypi as (

    select
        'pypi' as ecosystem, package_name, 'pypi_bigquery' as source, 'day' as period, download_date,
        download_date as period_start, download_date as period_end, version, installer, country_code,
        is_ci, is_mirror, is_bot, cast(null as boolean) as is_counter_reset, count(*) as downloads
    from pypi_downloads
    where request_type = 'file_download'
    group by package_name, download_date, version, installer, country_code, is_ci, is_mirror, is_bot

),

pypistats_overall as (

    select
        package_name,
        download_date,
        max(case when category = 'with_mirrors' then downloads end) as with_mirrors,
        max(case when category = 'without_mirrors' then downloads end) as without_mirrors
    from pypistats_downloads
    where endpoint = 'overall' and period = 'day'
    group by package_name, download_date

),

pypistats_split as (

    select package_name, download_date, false as is_mirror, without_mirrors as downloads
    from pypistats_overall
    where without_mirrors is not null
    union all
    -- with_mirrors below without_mirrors would be inconsistent (not seen): no mirror row then
    select package_name, download_date, true, with_mirrors - without_mirrors
    from pypistats_overall
    where with_mirrors >= without_mirrors
    union all
    select package_name, download_date, cast(null as boolean), with_mirrors
    from pypistats_overall
    where without_mirrors is null

),

pypistats as (

    select
        'pypi' as ecosystem, package_name, 'pypistats' as source, 'day' as period, download_date,
        download_date as period_start, download_date as period_end, cast(null as string) as version,
        cast(null as string) as installer, cast(null as string) as country_code, cast(null as boolean) as is_ci,
        is_mirror, cast(null as boolean) as is_bot, cast(null as boolean) as is_counter_reset, downloads
    from pypistats_split

),

npm as (

    select
        'npm' as ecosystem, package_name, 'npm' as source, case when kind = 'range' then 'day' else 'point' end as period,
        period_start as download_date, period_start, period_end, cast(null as string) as version,
        cast(null as string) as installer, cast(null as string) as country_code, cast(null as boolean) as is_ci,
        cast(null as boolean) as is_mirror, cast(null as boolean) as is_bot, cast(null as boolean) as is_counter_reset,
        downloads
    from npm_downloads

),

docker as (

    select
        'docker' as ecosystem, repository as package_name, 'dockerhub' as source, 'snapshot_interval' as period,
        snapshot_date as download_date, previous_snapshot_date as period_start, snapshot_date as period_end,
        cast(null as string) as version, cast(null as string) as installer, cast(null as string) as country_code,
        cast(null as boolean) as is_ci, cast(null as boolean) as is_mirror, cast(null as boolean) as is_bot,
        is_counter_reset, pulls_delta as downloads
    from dockerhub_snapshots
    where previous_snapshot_date is not null

),

maven as (

    select
        'maven' as ecosystem, package_name, 'maven_central' as source, 'month' as period, month as download_date,
        month as period_start, last_day(month) as period_end, version, cast(null as string) as installer,
        cast(null as string) as country_code, cast(null as boolean) as is_ci, cast(null as boolean) as is_mirror,
        cast(null as boolean) as is_bot, cast(null as boolean) as is_counter_reset, downloads
    from maven_downloads

)

select * from pypi
union all select * from pypistats
union all select * from npm
union all select * from docker
union all select * from maven
