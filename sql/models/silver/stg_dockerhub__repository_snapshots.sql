-- silver.stg_dockerhub__repository_snapshots
-- Grain: one row per (repository, snapshot_date): Docker Hub's lifetime pull_count as seen on the day
-- the API was called (the latest landed file wins for a day), with the change since the previous
-- snapshot of the repository.
-- Input view: dockerhub_rows (bronze.dockerhub__repositories, all rows).
-- pulls_delta: pull_count minus the previous snapshot's; null for the first snapshot (a lifetime total
-- is not a count of pulls in any interval). is_counter_reset: the counter went down (a repository moved
-- or was recreated): pulls_delta is then null, never negative, and the row is flagged.
with latest as (

    select *
    from (
        select *,
               row_number() over (partition by repository, snapshot_date
                                  order by _ingested_at desc, _source_file desc, _record_position desc) as rn
        from dockerhub_rows
    )
    where rn = 1

),

ordered as (

    select *,
           lag(snapshot_date) over (partition by repository order by snapshot_date) as previous_snapshot_date,
           lag(pull_count) over (partition by repository order by snapshot_date) as previous_pull_count
    from latest

)

select
    repository,
    snapshot_date,
    pull_count,
    star_count,
    last_updated,
    previous_snapshot_date,
    previous_pull_count,
    case when pull_count >= previous_pull_count then pull_count - previous_pull_count end as pulls_delta,
    coalesce(pull_count < previous_pull_count, false) as is_counter_reset,
    _source_file,
    _ingested_at
from ordered
