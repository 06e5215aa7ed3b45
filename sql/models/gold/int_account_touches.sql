-- int_account_touches (computed in memory, not stored)
-- Grain: one row per touch: a dated action of one identity, resolved to its account (docs/funnel.md).
--   stage 'intent':       kind 'star' (stargazers list), 'fork' (ForkEvent), 'web_visit' (any GA4 event
--                         other than sign_up of a logged-in web user)
--   stage 'action':       kind 'sign_up' (GA4 sign_up with a user_id), 'issue_or_pr' (IssuesEvent or
--                         PullRequestEvent opened), 'comment' (issue, PR or review comment, PR review),
--                         'commit' (a distinct pushed commit, linked by its author's company e-mail domain)
--   stage 'monetization': kind 'payment', one per billing customer and month with MRR > 0, at the month's
--                         first day (gold.customer_mrr_monthly)
-- Bots are excluded (the silver is_bot flags); downloads never appear: no source ties a download to an
-- organisation (PyPI rows carry only a country).
-- Account of a touch: the identity's is_primary link in force at the touch. A touch before the identity's
-- first link takes that first link, because profile, customer and organisation links start at the snapshot
-- that revealed them, not when the person joined (docs/accounts.md, Limits). Unlinked identities drop out.
-- Inputs: identities (silver.account_identities), github_events (silver.stg_github__events), stargazers
-- (silver.stg_github__stargazers), commit_authors (silver.stg_github__commit_authors), ga4_events
-- (silver.stg_ga4__events), customer_mrr (gold.customer_mrr_monthly).
with primary_links as (

    select identity_type, identity_key, account_id, valid_from, valid_to,
           min(valid_from) over (partition by identity_type, identity_key) as first_valid_from
    from identities
    where is_primary

),

touches as (

    select 'github_user' as identity_type, cast(user_id as string) as identity_key, starred_at as touch_at,
           'intent' as stage, 'star' as kind
    from stargazers
    where not coalesce(is_bot, false)
      and starred_at is not null

    union all

    select 'github_user', cast(actor_id as string), created_at,
           case when event_type = 'ForkEvent' then 'intent' else 'action' end,
           case when event_type = 'ForkEvent' then 'fork'
                when event_type in ('IssuesEvent', 'PullRequestEvent') then 'issue_or_pr'
                else 'comment' end
    from github_events
    where not coalesce(is_bot, false)
      and actor_id is not null
      and (event_type in ('ForkEvent', 'IssueCommentEvent', 'PullRequestReviewEvent', 'PullRequestReviewCommentEvent')
           or (event_type in ('IssuesEvent', 'PullRequestEvent') and action = 'opened'))

    union all

    -- The pusher is usually a maintainer merging someone else's work: the author's domain is the signal.
    select 'email_domain', author_email_domain, created_at, 'action', 'commit'
    from commit_authors
    where not coalesce(is_bot, false)
      and is_distinct
      and author_email_domain is not null

    union all

    select 'web_user', user_id, event_at,
           case when event_name = 'sign_up' then 'action' else 'intent' end,
           case when event_name = 'sign_up' then 'sign_up' else 'web_visit' end
    from ga4_events
    where user_id is not null

    union all

    select 'billing_customer', customer_id, cast(month as timestamp), 'monetization', 'payment'
    from customer_mrr
    where mrr > 0

)

select l.account_id, t.identity_type, t.identity_key, t.stage, t.kind, t.touch_at,
       cast(t.touch_at as date) as touch_date
from touches as t
inner join primary_links as l
    on l.identity_type = t.identity_type
   and l.identity_key = t.identity_key
   and ((l.valid_from <= t.touch_at and (l.valid_to is null or t.touch_at < l.valid_to))
        or (t.touch_at < l.first_valid_from and l.valid_from = l.first_valid_from))
