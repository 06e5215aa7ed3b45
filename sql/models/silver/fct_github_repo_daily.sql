-- silver.fct_github_repo_daily
-- Grain: one row per (repo_id, activity_date): UTC days of event time (created_at), for the days
-- given in ${from_date}..${to_date} on which the repository had any event.
-- Inputs: github_events (silver.stg_github__events of the repositories concerned, all history, so
-- that first-time contributors are first over the repository's whole record), archive_days
-- (int_github_archive_days: day coverage).
-- Definitions:
--   stars                  WatchEvent (GitHub's star; action 'started'), distinct actors
--   forks                  ForkEvent
--   issues_opened/_closed  IssuesEvent with action opened / closed
--   pull_requests_opened   PullRequestEvent opened
--   pull_requests_merged   PullRequestEvent closed with merged = true; null on a day when some closed
--                          pull request does not say whether it merged (payloads after 2025-10-07)
--   comments               IssueCommentEvent, PullRequestReviewCommentEvent, CommitCommentEvent
--   releases               ReleaseEvent published
--   pushes / commits       PushEvent; commits = their commit count, null when a push does not carry
--                          it (payloads after 2025-10-07)
--   contributors           distinct non-bot actors who pushed, opened or closed an issue or pull
--                          request, or commented; first_time_contributors: of those, the ones with no
--                          such activity on the repository on any earlier day
--   bot_events             events by actors flagged as bots (counted here, never as contributors)
--   is_day_complete        int_github_archive_days: all 24 GH Archive hours of the day are loaded or
--                          empty, so a zero means zero rather than a gap
with events as (

    select * from github_events

),

contributions as (

    select repo_id, actor_login, created_date
    from events
    where not is_bot
      and actor_login is not null
      and (event_type in ('PushEvent', 'IssueCommentEvent', 'PullRequestReviewCommentEvent', 'CommitCommentEvent')
           or (event_type in ('IssuesEvent', 'PullRequestEvent') and action in ('opened', 'closed')))

),

first_contribution as (

    select repo_id, actor_login, min(created_date) as first_date
    from contributions
    group by repo_id, actor_login

),

contributors as (

    select
        c.repo_id,
        c.created_date,
        count(distinct c.actor_login) as contributors,
        count(distinct case when f.first_date = c.created_date then c.actor_login end) as first_time_contributors
    from contributions as c
    inner join first_contribution as f
        on f.repo_id = c.repo_id
       and f.actor_login = c.actor_login
    group by c.repo_id, c.created_date

),

daily as (

    select
        repo_id,
        created_date as activity_date,
        max_by(repo_name, created_at) as repo_name,
        count(distinct case when event_type = 'WatchEvent' then actor_login end) as stars,
        count_if(event_type = 'ForkEvent') as forks,
        count_if(event_type = 'IssuesEvent' and action = 'opened') as issues_opened,
        count_if(event_type = 'IssuesEvent' and action = 'closed') as issues_closed,
        count_if(event_type = 'PullRequestEvent' and action = 'opened') as pull_requests_opened,
        case when count_if(event_type = 'PullRequestEvent' and action = 'closed' and is_pull_request_merged is null) = 0
             then count_if(event_type = 'PullRequestEvent' and action = 'closed' and is_pull_request_merged) end
            as pull_requests_merged,
        count_if(event_type in ('IssueCommentEvent', 'PullRequestReviewCommentEvent', 'CommitCommentEvent'))
            as comments,
        count_if(event_type = 'ReleaseEvent' and coalesce(action, 'published') = 'published') as releases,
        count_if(event_type = 'PushEvent') as pushes,
        case when count_if(event_type = 'PushEvent' and push_commits is null) = 0
             then sum(case when event_type = 'PushEvent' then push_commits else 0 end) end as commits,
        count_if(is_bot) as bot_events,
        count(*) as events
    from events
    where created_date between date'${from_date}' and date'${to_date}'
    group by repo_id, created_date

),

coverage as (

    select hour_date, is_day_complete from archive_days

),

final as (

    select
        ---------- ids
        d.repo_id,
        d.activity_date,
        ---------- dimensions
        d.repo_name,
        coalesce(cv.is_day_complete, false) as is_day_complete,
        ---------- measures
        d.stars,
        d.forks,
        d.issues_opened,
        d.issues_closed,
        d.pull_requests_opened,
        d.pull_requests_merged,
        d.comments,
        d.releases,
        d.pushes,
        d.commits,
        coalesce(c.contributors, 0) as contributors,
        coalesce(c.first_time_contributors, 0) as first_time_contributors,
        d.bot_events,
        d.events
    from daily as d
    left join contributors as c
        on c.repo_id = d.repo_id
       and c.created_date = d.activity_date
    left join coverage as cv
        on cv.hour_date = d.activity_date

)

select * from final
