-- silver.stg_github__events
-- Grain: one row per GitHub event (event_id), every type, deduplicated: the same event in two hour
-- files, twice in one file, or in an API page and an hour file is one row (the first landed wins).
-- Input view: github_events (bronze.github__events rows of the touched event ids).
-- Eras (docs/landing.md): Timeline events before 2015 (string `actor` + `actor_attributes`,
-- `repository{id,name,owner,organization}`, no id, Pacific offsets in created_at), Events API events
-- from 2015 (`actor{id,login,display_login?}`, `repo{id,name}`, `org`), and from 2025-10-07 slimmer
-- payloads (PushEvent without `size`/`commits`, pull_request without `merged`): fields the era does not
-- carry are null, never zero.
-- Bots are flagged by rule, not dropped: login ending in [bot] or -bot, or a known automation account.
with ranked as (

    select *,
           row_number() over (partition by event_id
                              order by _ingested_at, _source_file, _record_position) as rn
    from github_events

),

parsed as (

    select
        event_id,
        event_type,
        created_at,
        repo_id,
        repo_name,
        schema_era,
        from_json(raw_json, 'actor string, actor_attributes struct<login: string>,
            org struct<id: bigint, login: string>, repository struct<organization: string>,
            payload struct<action: string, ref: string, ref_type: string, size: bigint, distinct_size: bigint,
                number: bigint, pull_request: struct<merged: boolean, number: bigint>,
                issue: struct<number: bigint, pull_request: string>,
                release: struct<tag_name: string>, shas: array<string>>') as e
    from ranked
    where rn = 1

),

actors as (

    select
        *,
        case when e.actor like '{%' then cast(get_json_object(e.actor, '$.id') as bigint) end as actor_id,
        case when e.actor like '{%' then get_json_object(e.actor, '$.login')
             else coalesce(e.actor_attributes.login, e.actor) end as actor_login
    from parsed

),

final as (

    select
        ---------- ids
        event_id,
        repo_id,
        actor_id,
        e.org.id as org_id,
        ---------- dimensions
        event_type,
        e.payload.action as action,
        repo_name,
        actor_login,
        coalesce(e.org.login, e.repository.organization) as org_login,
        coalesce(lower(actor_login) rlike '(\\[bot\\]|-bot)$'
                 or lower(actor_login) in ('dependabot', 'dependabot-preview', 'renovate', 'greenkeeperio-bot',
                                           'github-actions', 'codecov-io', 'mergify', 'snyk-bot', 'pre-commit-ci'),
                 false) as is_bot,
        e.payload.ref_type as ref_type,
        e.payload.ref as ref,
        coalesce(e.payload.pull_request.number, e.payload.number) as pull_request_number,
        e.payload.pull_request.merged as is_pull_request_merged,
        e.payload.issue.number as issue_number,
        e.payload.issue.pull_request is not null as is_comment_on_pull_request,
        e.payload.release.tag_name as release_tag,
        schema_era,
        ---------- measures (null where the era's payload does not carry them)
        coalesce(e.payload.size, case when e.payload.shas is not null then cast(size(e.payload.shas) as bigint) end)
            as push_commits,
        e.payload.distinct_size as push_distinct_commits,
        ---------- timestamps (UTC)
        created_at,
        cast(created_at as date) as created_date
    from actors

)

select * from final
