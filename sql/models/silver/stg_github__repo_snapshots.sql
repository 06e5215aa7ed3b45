-- silver.stg_github__repo_snapshots
-- Grain: one row per (repo_name, snapshot_date): GET /repos/{o}/{r} as fetched that day (the latest
-- landed file of the day wins). repo_name is the landing folder (owner/repo, lower case); full_name is
-- what GitHub answered (differs after a rename or transfer; repo_id stays).
-- Traps: in the REST API watchers_count (and watchers) equal stargazers_count, for historical reasons;
-- the people watching the repository are subscribers_count, which is what watchers holds here (null when
-- the response lacks it, never watchers_count). open_issues counts open issues AND open pull requests.
-- Columns: repo_name, repo_id, full_name, snapshot_date, stars, watchers, forks, open_issues,
-- network_count, size_kb, default_branch, is_fork, is_archived, created_at, pushed_at.
-- Inputs: github_rest (bronze.github__rest_records, latest landed version of each file).
with snapshots as (

    select
        repo_name,
        snapshot_date,
        from_json(raw_json, 'id bigint, full_name string, stargazers_count bigint, subscribers_count bigint,'
            || ' forks_count bigint, open_issues_count bigint, network_count bigint, size bigint,'
            || ' default_branch string, fork boolean, archived boolean, created_at string, pushed_at string') as r,
        row_number() over (
            partition by repo_name, snapshot_date
            order by _ingested_at desc, _source_file desc, _record_position desc) as version
    from github_rest
    where endpoint = 'repository'

)

select
    repo_name,
    r.id as repo_id,
    r.full_name,
    snapshot_date,
    r.stargazers_count as stars,
    r.subscribers_count as watchers,
    r.forks_count as forks,
    r.open_issues_count as open_issues,
    r.network_count,
    r.size as size_kb,
    r.default_branch,
    r.fork as is_fork,
    r.archived as is_archived,
    cast(r.created_at as timestamp) as created_at,
    cast(r.pushed_at as timestamp) as pushed_at
from snapshots
where version = 1
