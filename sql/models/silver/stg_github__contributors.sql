-- silver.stg_github__contributors
-- Grain: one row per (repo_name, snapshot_date, contributor_key): GET /repos/{o}/{r}/contributors as
-- fetched on each snapshot date (all pages of the day together; a contributor on two pages or in two
-- files of the day keeps the latest landed row). contributions is GitHub's cumulative commit count on
-- the default branch for that day; keep every snapshot to follow it over time (is_latest_snapshot marks
-- the repository's latest one).
-- contributor_key is the user id; contributors without an account (anon=1, type 'Anonymous') have no id
-- and are keyed 'anonymous:' || email_sha256 (the raw e-mail never reaches silver).
-- Bots are flagged by rule (type 'Bot' or a login ending in [bot]), not dropped.
-- Columns: repo_name, contributor_key, user_id, login, type, is_bot, is_anonymous, email_sha256,
-- email_domain, contributions, snapshot_date, is_latest_snapshot.
-- Inputs: github_rest (bronze.github__rest_records, latest landed version of each file).
with listed as (

    select
        repo_name,
        snapshot_date,
        _ingested_at,
        _source_file,
        _record_position,
        from_json(raw_json, 'id bigint, login string, type string, contributions bigint, email string') as c
    from github_rest
    where endpoint = 'contributors'

),

keyed as (

    select
        *,
        coalesce(cast(c.id as string), 'anonymous:' || email_sha256(c.email)) as contributor_key,
        max(snapshot_date) over (partition by repo_name) as latest_snapshot_date
    from listed

),

ranked as (

    select *, row_number() over (
        partition by repo_name, snapshot_date, contributor_key
        order by _ingested_at desc, _source_file desc, _record_position desc) as version
    from keyed

)

select
    repo_name,
    contributor_key,
    c.id as user_id,
    c.login,
    c.type,
    coalesce(c.type = 'Bot' or c.login like '%[bot]', false) as is_bot,
    c.type = 'Anonymous' as is_anonymous,
    if(c.id is null, email_sha256(c.email), null) as email_sha256,
    if(c.id is null, email_domain(c.email), null) as email_domain,
    c.contributions,
    snapshot_date,
    snapshot_date = latest_snapshot_date as is_latest_snapshot
from ranked
where version = 1
