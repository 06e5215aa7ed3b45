-- silver.stg_maven__monthly_downloads
-- Grain: one row per (group_id, artifact_id, month, version) of Sonatype's monthly statistics CSV.
-- A file holds a whole month of an artifact, so the latest landed file for (group_id, artifact_id, month)
-- replaces every row of earlier ones (a version missing from it is gone); within that file, a repeated
-- version keeps its last row.
-- Input view: maven_rows (bronze.maven__downloads, all rows).
-- month is the first day of the month; fraction is Sonatype's share of the artifact's month.
with latest_file as (

    select *
    from (
        select *,
               dense_rank() over (partition by group_id, artifact_id, month
                                  order by _ingested_at desc, _source_file desc, _file_sha256 desc) as file_rank
        from maven_rows
    )
    where file_rank = 1

),

latest as (

    select *
    from (
        select *,
               row_number() over (partition by group_id, artifact_id, month, version
                                  order by _record_position desc) as rn
        from latest_file
    )
    where rn = 1

)

select
    concat(group_id, ':', artifact_id) as package_name,
    group_id,
    artifact_id,
    month,
    version,
    downloads,
    fraction,
    _source_file,
    _ingested_at
from latest
