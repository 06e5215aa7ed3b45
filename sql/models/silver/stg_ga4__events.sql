-- silver.stg_ga4__events
-- Grain: one row per GA4 event of the current version of each export table (events_YYYYMMDD).
-- Key: event_key = sha2(row_sha256 || ':' || occurrence): GA4 rows carry no id, so an event is its full
--   raw row plus its occurrence number among identical rows of the same table version; genuinely
--   identical rows (same user, timestamp, name and params) are all kept.
-- Version rule: GA4 rewrites a daily table for up to 3 days. The current version of a table date is the
--   set of files the latest ingest run that landed any file for that date recorded for it, loaded or
--   found duplicate: the shards of one export land together and are unioned, a re-landed table replaces
--   the older one whole, and a shard whose bytes were already loaded (under another name) still belongs
--   to the new version through its content hash.
-- Definitions: event_date is the property's reporting time zone (YYYYMMDD), event_at is event_timestamp
--   (UTC microseconds); they disagree near midnight. Param values come as string_value, int_value (INT64,
--   quoted), float_value or double_value, and the same key can be typed differently across rows, so a
--   param is read as text from whichever field is set and cast by key. Raw e-mail (sign_up param
--   'email') never leaves this model: only email_sha256 and email_domain, and event_params omits it.
-- Inputs: ga4_events (bronze.web__ga4_events rows of the table dates to rebuild, every landed version),
-- ga4_files (the ingest audit's loaded and duplicate GA4 files of those dates: table_date, file_sha256,
-- run_id, started_at).
with latest_run as (

    select table_date, max_by(run_id, started_at) as run_id
    from ga4_files
    group by table_date

),

version_files as (

    select distinct f.table_date, f.file_sha256
    from ga4_files f
    join latest_run r on f.table_date = r.table_date and f.run_id = r.run_id

),

current_version as (

    select e.*,
        row_number() over (partition by e.table_date, e.row_sha256 order by e._source_file, e._record_position)
            as occurrence
    from ga4_events e
    join version_files v on e.table_date = v.table_date and e._file_sha256 = v.file_sha256

),

parsed as (

    select *,
        from_json(raw_json, 'user_id string, platform string,'
            || ' event_params array<struct<key: string, value: struct<string_value: string, int_value: string,'
            || ' float_value: string, double_value: string>>>,'
            || ' device struct<web_info: struct<hostname: string>>, geo struct<country: string>') as e
    from current_version

),

params as (

    select *,
        transform(e.event_params, p -> named_struct('key', p.key, 'text',
            coalesce(p.value.string_value, p.value.int_value, p.value.double_value, p.value.float_value))) as kv
    from parsed

),

keyed as (

    select *,
        -- the first value of each key (a repeated key would break the map)
        map_from_entries(filter(kv, (x, i) -> array_position(kv.key, x.key) = i + 1)) as p
    from params

)

select
    sha2(concat(row_sha256, ':', occurrence), 256)      as event_key,
    table_date,
    stream_id,
    e.platform                                          as platform,
    event_date,
    timestamp_micros(event_timestamp)                   as event_at,
    event_name,
    user_pseudo_id,
    e.user_id                                           as user_id,
    cast(p['ga_session_id'] as bigint)                  as ga_session_id,
    cast(p['ga_session_number'] as bigint)              as ga_session_number,
    cast(p['session_engaged'] as int)                   as session_engaged,
    cast(p['engagement_time_msec'] as bigint)           as engagement_time_msec,
    p['page_location']                                  as page_location,
    parse_url(p['page_location'], 'PATH')               as page_path,
    p['page_title']                                     as page_title,
    p['page_referrer']                                  as page_referrer,
    lower(coalesce(e.device.web_info.hostname, parse_url(p['page_location'], 'HOST'))) as hostname,
    if(event_name = 'sign_up', p['method'], null)       as signup_method,
    email_sha256(p['email'])                            as email_sha256,
    email_domain(p['email'])                            as email_domain,
    e.geo.country                                       as country,
    map_filter(p, (k, v) -> k <> 'email')               as event_params,
    _source_file,
    _record_position
from keyed
