-- silver.stg_github__commit_authors
-- Grain: one row per commit listed in a PushEvent; key (event_id, commit_sha).
-- Definition: Events API PushEvents list `payload.commits[]` (at most 20 per push; GH Archive has
-- already replaced the address's local part by sha1(local)@domain); Timeline events before 2015 list
-- `payload.shas[[sha, email, message, name, distinct]]`; PushEvents from 2025-10-07 carry no commits
-- and give no rows. Of the author only the address's domain and a salted SHA-256 of the address as
-- given are kept: the name is read to flag bots and then dropped, the raw address never leaves here.
-- is_bot: the pusher is a bot (rule of stg_github__events) or the author is one ([bot]/-bot name or
-- address, GitHub Actions' default author).
-- is_distinct: false for commits already pushed elsewhere (a merge of another branch), which would
-- count one commit twice.
-- Inputs: github_events (bronze.github__events), events (silver.stg_github__events).
with pushes as (

    select event_id, raw_json,
           row_number() over (partition by event_id
                              order by _ingested_at, _source_file, _record_position) as rn
    from github_events
    where event_type = 'PushEvent'

),

parsed as (

    select
        event_id,
        from_json(raw_json, 'payload struct<commits: array<struct<sha: string, distinct: boolean,
            author: struct<email: string, name: string>>>, shas: array<array<string>>>').payload as p
    from pushes
    where rn = 1

),

events_api_commits as (

    select event_id, c.sha as commit_sha, c.author.email as author_email, c.author.name as author_name,
           coalesce(c.distinct, true) as is_distinct
    from parsed
    lateral view explode(p.commits) as c

),

timeline_commits as (

    select event_id, s[0] as commit_sha, s[1] as author_email, s[3] as author_name,
           coalesce(cast(s[4] as boolean), true) as is_distinct
    from parsed
    lateral view explode(p.shas) as s

),

commits as (

    select * from events_api_commits
    union all
    select * from timeline_commits

),

final as (

    select
        ---------- ids
        c.event_id,
        c.commit_sha,
        e.repo_id,
        e.actor_id,
        ---------- dimensions
        e.repo_name,
        e.actor_login,
        e.org_login,
        email_domain(c.author_email) as author_email_domain,
        email_sha256(c.author_email) as author_email_sha256,
        c.is_distinct,
        e.is_bot
            or coalesce(lower(c.author_name) rlike '(\\[bot\\]|-bot)$'
                        or lower(c.author_name) in ('github action', 'github actions', 'github-actions'), false)
            or coalesce(lower(c.author_email) rlike '\\[bot\\]@|^action@github\\.com$', false) as is_bot,
        ---------- timestamps (UTC)
        e.created_at,
        e.created_date
    from commits as c
    inner join events as e
        on e.event_id = c.event_id

)

select * from final
