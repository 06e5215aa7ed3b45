-- silver.stg_github__traffic_popular
-- Grain: one row per (repo_name, snapshot_date, kind, item): the top 10 of GET
-- /repos/{o}/{r}/traffic/popular/paths (kind 'path', item = the path) and /popular/referrers (kind
-- 'referrer', item = the referring site) as fetched on snapshot_date. Each list covers the 14 days
-- ending on snapshot_date (window_start..snapshot_date): counts of overlapping snapshots must not be
-- added up, and an item outside the top 10 is unknown, not zero. When several files hold the same
-- day's list, the latest landed one wins (a list is not paginated).
-- Columns: repo_name, snapshot_date, window_start, kind, item, title (paths only), count, uniques,
-- rank (1 = most views, ties by position in the response).
-- Inputs: github_rest (bronze.github__rest_records, latest landed version of each file).
with items as (

    select
        repo_name,
        snapshot_date,
        if(endpoint = 'traffic_popular_paths', 'path', 'referrer') as kind,
        _ingested_at,
        _source_file,
        _record_position,
        from_json(raw_json, 'path string, title string, referrer string, count bigint, uniques bigint') as p
    from github_rest
    where endpoint in ('traffic_popular_paths', 'traffic_popular_referrers')

),

latest_file as (

    select *, dense_rank() over (
        partition by repo_name, snapshot_date, kind order by _ingested_at desc, _source_file desc) as file_rank
    from items

)

select
    repo_name,
    snapshot_date,
    date_sub(snapshot_date, 13) as window_start,
    kind,
    coalesce(p.path, p.referrer) as item,
    p.title,
    p.count,
    p.uniques,
    row_number() over (
        partition by repo_name, snapshot_date, kind order by p.count desc, _record_position) as rank
from latest_file
where file_rank = 1
