-- silver.fct_github_release_downloads_daily
-- Grain: one row per (repo_name, release_id, asset_name, snapshot_date): each day a release asset's
-- cumulative download_count was read, from GET .../releases (list), .../releases/{id} (one release) or
-- .../releases/assets/{id} (one asset; the asset object does not name its release, which is taken from
-- any release snapshot listing the asset id, else null).
-- download_count is a lifetime counter per asset id, so the facts are differences between consecutive
-- snapshots of the same release file (release_id, asset_name):
--   downloads_delta   download_count - previous reading; on the first reading the whole count (downloads
--                     since the asset was uploaded, is_first_snapshot); on a reset the whole new count
--   is_counter_reset  the asset was re-uploaded (another asset_id under the same name) or the count went
--                     down; the old asset's downloads stay with the earlier rows
--   previous_snapshot_date  start of the span the delta covers (snapshots need not be daily)
-- Readings of one asset on one day (a list and a single-asset file) keep the highest count: the counter
-- only grows within an asset id. Sum of downloads_delta = downloads of every asset version observed.
-- Inputs: github_rest (bronze.github__rest_records, latest landed version of each file).
with releases as (

    select
        repo_name,
        snapshot_date,
        _ingested_at,
        from_json(raw_json, 'id bigint, tag_name string,'
            || ' assets array<struct<id: bigint, name: string, download_count: bigint, created_at: string>>') as r
    from github_rest
    where endpoint in ('releases', 'release')

),

listed_assets as (

    select
        repo_name,
        snapshot_date,
        _ingested_at,
        r.id as release_id,
        r.tag_name as release_tag,
        a.id as asset_id,
        a.name as asset_name,
        a.download_count,
        cast(a.created_at as timestamp) as asset_created_at
    from releases
    lateral view explode(r.assets) assets as a

),

asset_releases as (

    select repo_name, asset_id, max(release_id) as release_id, max_by(release_tag, snapshot_date) as release_tag
    from listed_assets
    group by repo_name, asset_id

),

single_assets as (

    select
        repo_name,
        snapshot_date,
        _ingested_at,
        from_json(raw_json, 'id bigint, name string, download_count bigint, created_at string') as a
    from github_rest
    where endpoint = 'release_asset'

),

readings as (

    select repo_name, release_id, release_tag, asset_id, asset_name, download_count, asset_created_at,
           snapshot_date, _ingested_at
    from listed_assets

    union all

    select
        s.repo_name,
        m.release_id,
        m.release_tag,
        s.a.id,
        s.a.name,
        s.a.download_count,
        cast(s.a.created_at as timestamp),
        s.snapshot_date,
        s._ingested_at
    from single_assets as s
    left join asset_releases as m
        on m.repo_name = s.repo_name
       and m.asset_id = s.a.id

),

daily as (

    select
        repo_name,
        release_id,
        asset_name,
        asset_id,
        snapshot_date,
        max(download_count) as download_count,
        max_by(release_tag, _ingested_at) as release_tag,
        min(asset_created_at) as asset_created_at
    from readings
    group by repo_name, release_id, asset_name, asset_id, snapshot_date

),

series as (

    select
        *,
        lag(download_count) over w as previous_count,
        lag(asset_id) over w as previous_asset_id,
        lag(snapshot_date) over w as previous_snapshot_date
    from daily
    window w as (partition by repo_name, release_id, asset_name order by snapshot_date, asset_created_at, asset_id)

)

select
    repo_name,
    release_id,
    release_tag,
    asset_id,
    asset_name,
    asset_created_at,
    snapshot_date,
    previous_snapshot_date,
    download_count,
    case
        when previous_count is null
          or asset_id <> previous_asset_id
          or download_count < previous_count then download_count
        else download_count - previous_count
    end as downloads_delta,
    coalesce(asset_id <> previous_asset_id or download_count < previous_count, false) as is_counter_reset,
    previous_count is null as is_first_snapshot
from series
