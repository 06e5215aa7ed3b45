-- silver.stg_github__archive_hours
-- Grain: one row per UTC hour (hour_at) from the first to the last GH Archive hour file landed.
-- A missing or empty hour is a gap in the record, not an hour of zero activity: daily GitHub facts
-- must say which days are incomplete (GH Archive has had empty and missing hours, e.g. 2020-08-21..23).
--   status: 'loaded' (events_loaded > 0), 'empty' (the file had no events; an empty file repeats the
--   content of any earlier empty file, so it is audited as a duplicate and still counts as empty),
--   'duplicate' (the same bytes as a file landed for another hour), 'rejected' (over the quarantine
--   threshold), 'missing' (no file landed for the hour)
-- Files whose name is not an hour (YYYY-MM-DD-H.json[.gz]), such as Events API pages, are not counted.
-- Input view: archive_files (meta.run_audit ingest rows of source github/gharchive).
with files as (

    select
        file,
        outcome,
        records_loaded,
        file_sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' as is_empty_content,
        to_timestamp(regexp_extract(file, '(\\d{4}-\\d{2}-\\d{2})-(\\d{1,2})\\.(json|jsonl|ndjson)(\\.gz)?$', 1)
                     || ' ' || lpad(regexp_extract(file, '(\\d{4}-\\d{2}-\\d{2})-(\\d{1,2})\\.(json|jsonl|ndjson)(\\.gz)?$', 2), 2, '0'),
                     'yyyy-MM-dd HH') as hour_at,
        row_number() over (partition by file order by started_at desc) as rn
    from archive_files
    where outcome in ('loaded', 'rejected', 'duplicate')

),

latest as (

    select * from files where rn = 1 and hour_at is not null

),

per_hour as (

    select
        hour_at,
        min(file) as file,
        sum(case when outcome = 'loaded' then records_loaded else 0 end) as events_loaded,
        count_if(outcome = 'loaded') as loaded_files,
        count_if(outcome = 'duplicate') as duplicate_files,
        count_if(is_empty_content) as empty_files
    from latest
    group by hour_at

),

spine as (

    select explode(sequence(min(hour_at), max(hour_at), interval 1 hour)) as hour_at
    from per_hour

),

final as (

    select
        s.hour_at,
        cast(s.hour_at as date) as hour_date,
        h.file,
        h.events_loaded,
        case when h.hour_at is null then 'missing'
             when h.events_loaded > 0 then 'loaded'
             when h.loaded_files > 0 or h.empty_files > 0 then 'empty'
             when h.duplicate_files > 0 then 'duplicate'
             else 'rejected' end as status
    from spine as s
    left join per_hour as h
        on h.hour_at = s.hour_at

)

select * from final
