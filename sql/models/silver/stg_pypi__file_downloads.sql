-- silver.stg_pypi__file_downloads
-- Grain: one row per request row of the BigQuery exports of bigquery-public-data.pypi.file_downloads,
-- and of simple_requests (request_type = 'simple_request': an index page hit, not a download).
-- Key: row_key = sha256(row_sha256 || ':' || occurrence). row_sha256 hashes the parsed row (the instant
-- normalised, so NDJSON and Parquet exports of one row agree); occurrence numbers the rows with that
-- content within their file (1, 2, ... by position). So a row exported twice (an overlapping re-export,
-- the same rows as Parquet) is one row, while two identical requests in the same second within one
-- file stay two. Residual risk: identical requests in the same second split across two shard files
-- of one export count once.
-- Input view: pypi_rows (bronze.pypi__file_downloads rows of whole files, those not yet in silver).
-- Flags (docs/downloads.md): is_ci = details.ci as sent (null = the client did not say, never false);
-- is_mirror = installer is a mirroring or proxy client; is_bot = true for scripted HTTP libraries,
-- null when the user agent is unknown to linehaul or a generic HTTP client ('Browser': a person or
-- curl/wget), false for installers. Null means unknown, never "no".
with parsed as (

    -- parsed first, so that the de-duplication below moves the fields the table keeps, not the raw JSON
    select
        row_sha256,
        _file_sha256,
        request_type,
        downloaded_at,
        project,
        from_json(raw_json, 'country_code string, url string,
            file struct<filename: string, project: string, version: string, type: string>,
            details struct<installer: struct<name: string, version: string, subcommand: string>, python: string,
                implementation: struct<name: string, version: string>,
                distro: struct<name: string, version: string>, system: struct<name: string, release: string>,
                cpu: string, ci: boolean>,
            tls_protocol string') as r,
        _source_file,
        _record_position,
        _ingested_at
    from pypi_rows
    -- one exchange for both windows below: hashing on row_sha256 alone clusters (file, row) and (row, occurrence)
    distribute by row_sha256

),

numbered as (

    select *,
           row_number() over (partition by _file_sha256, row_sha256 order by _record_position) as occurrence
    from parsed

),

latest as (

    -- one version per key when several new files carry it; the latest landed wins (same content)
    select
        sha2(concat(row_sha256, ':', cast(occurrence as string)), 256) as row_key,
        *
    from (
        select *,
               row_number() over (partition by row_sha256, occurrence
                                  order by _ingested_at desc, _source_file desc, _record_position desc) as rn
        from numbered
    )
    where rn = 1

)

select
    row_key,
    request_type,
    downloaded_at,
    to_date(downloaded_at) as download_date,
    project,
    -- PyPI's canonical name (packaging.utils.canonicalize_name): lower case, runs of - _ . become -
    regexp_replace(lower(project), '[-_.]+', '-') as package_name,
    r.url as url,
    r.file.filename as filename,
    r.file.version as version,
    r.file.type as file_type,
    r.country_code as country_code,
    r.details.installer.name as installer,
    r.details.installer.version as installer_version,
    r.details.installer.subcommand as installer_subcommand,
    r.details.python as python_version,
    r.details.implementation.name as implementation,
    r.details.distro.name as distro,
    r.details.system.name as system,
    r.details.cpu as cpu,
    r.tls_protocol as tls_protocol,
    r.details.ci as is_ci,
    case
        when r.details.installer.name is null then null
        else r.details.installer.name in ('bandersnatch', 'devpi', 'z3c.pypimirror', 'pep381client',
                                          'Artifactory', 'Nexus')
    end as is_mirror,
    case
        when r.details.installer.name is null or r.details.installer.name = 'Browser' then null
        else r.details.installer.name = 'requests'
    end as is_bot,
    _source_file,
    _record_position,
    _ingested_at
from latest
