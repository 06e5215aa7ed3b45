-- silver.fct_github_traffic_daily
-- Grain: one row per (repo_name, traffic_date, metric) with metric 'views' or 'clones', for every UTC day
-- some traffic snapshot (GET /repos/{o}/{r}/traffic/views or /clones, per=day) covers.
-- A response covers the 14 days ending on its snapshot date (the day it was fetched), stretched to any
-- day it lists outside them. Days without traffic are omitted from a response, so a day inside that
-- window and absent from the list is 0; a day outside every snapshot's window is absent here (unknown,
-- not zero). Windows overlap: for each day the snapshot with the latest snapshot_date covering it wins
-- (then the latest landed file), whatever order the files landed in, so an older snapshot never
-- overwrites a newer one. The snapshot date itself is still in progress when fetched: is_partial_day
-- says the winning snapshot saw only part of that day (a later snapshot replaces it).
-- Columns: repo_name, traffic_date, metric, count, uniques (unique visitors or cloners of that day;
-- never add uniques over days), is_listed (the day was in the response, false = an omitted zero),
-- snapshot_date (the winning snapshot), is_partial_day.
-- Inputs: github_rest (bronze.github__rest_records, latest landed version of each file).
with responses as (

    select
        repo_name,
        snapshot_date,
        substring(endpoint, 9) as metric,
        _ingested_at,
        _source_file,
        from_json(raw_json, 'views array<struct<timestamp: string, count: bigint, uniques: bigint>>,'
            || ' clones array<struct<timestamp: string, count: bigint, uniques: bigint>>') as r
    from github_rest
    where endpoint in ('traffic_views', 'traffic_clones')

),

listed as (

    select
        _source_file,
        -- the timestamp names the UTC day (T00:00:00Z); read the date as written
        to_date(substring(d.timestamp, 1, 10)) as traffic_date,
        d.count,
        d.uniques
    from responses
    lateral view explode(if(metric = 'views', r.views, r.clones)) days as d

),

windows as (

    select
        s.repo_name,
        s.metric,
        s.snapshot_date,
        s._ingested_at,
        s._source_file,
        explode(sequence(
            least(date_sub(s.snapshot_date, 13), coalesce(min(l.traffic_date), s.snapshot_date)),
            greatest(s.snapshot_date, coalesce(max(l.traffic_date), s.snapshot_date)))) as traffic_date
    from responses as s
    left join listed as l
        on l._source_file = s._source_file
    group by s.repo_name, s.metric, s.snapshot_date, s._ingested_at, s._source_file

),

observed as (

    select
        w.*,
        coalesce(l.count, 0) as count,
        coalesce(l.uniques, 0) as uniques,
        l.traffic_date is not null as is_listed,
        row_number() over (
            partition by w.repo_name, w.metric, w.traffic_date
            order by w.snapshot_date desc, w._ingested_at desc, w._source_file desc
        ) as version
    from windows as w
    left join listed as l
        on l._source_file = w._source_file
       and l.traffic_date = w.traffic_date

)

select
    repo_name,
    traffic_date,
    metric,
    count,
    uniques,
    is_listed,
    snapshot_date,
    traffic_date = snapshot_date as is_partial_day
from observed
where version = 1
