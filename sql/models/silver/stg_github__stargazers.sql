-- silver.stg_github__stargazers
-- Grain: one row per (repo_name, user_id) ever listed by GET /repos/{o}/{r}/stargazers (star+json media
-- type); the latest snapshot listing the user wins (then the latest landed file, then the later position).
-- The list holds only current stargazers: someone who unstarred is missing from later snapshots and
-- keeps is_current = false here (so does everyone on a page that was not landed for the latest snapshot).
-- Columns: repo_name, user_id, user_login, user_type, is_bot, starred_at (UTC), star_date, snapshot_date
-- (latest snapshot listing the user), is_current (listed in the repository's latest stargazers snapshot).
-- Bots are flagged by rule (type 'Bot' or a login ending in [bot]), not dropped.
-- Inputs: github_rest (bronze.github__rest_records, latest landed version of each file).
with listed as (

    select
        repo_name,
        snapshot_date,
        _ingested_at,
        _source_file,
        _record_position,
        from_json(raw_json, 'starred_at string, user struct<id: bigint, login: string, type: string>') as s
    from github_rest
    where endpoint = 'stargazers'

),

latest_snapshot as (

    select repo_name, max(snapshot_date) as latest_snapshot_date
    from listed
    group by repo_name

),

ranked as (

    select
        *,
        row_number() over (
            partition by repo_name, s.user.id
            order by snapshot_date desc, _ingested_at desc, _source_file desc, _record_position desc
        ) as version
    from listed

)

select
    r.repo_name,
    r.s.user.id as user_id,
    r.s.user.login as user_login,
    r.s.user.type as user_type,
    coalesce(r.s.user.type = 'Bot' or r.s.user.login like '%[bot]', false) as is_bot,
    cast(r.s.starred_at as timestamp) as starred_at,
    cast(cast(r.s.starred_at as timestamp) as date) as star_date,
    r.snapshot_date,
    r.snapshot_date = l.latest_snapshot_date as is_current
from ranked as r
inner join latest_snapshot as l
    on l.repo_name = r.repo_name
where r.version = 1
