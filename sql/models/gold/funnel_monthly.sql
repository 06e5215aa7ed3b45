-- gold.funnel_monthly
-- Grain: one row per (month, stage); stage_order 1..5 = intent, action, activation, monetization, retention.
-- Organisation grain (every stage):
--   accounts      distinct accounts in the stage that month (int_account_stage_months)
--   new_accounts  of those, accounts reaching the stage for the first time
-- Raw counts (only on their stage's row, null elsewhere; null also when the source has no data that month):
--   intent        stars, docs_pageviews: the 'overall' series of gold.correlation_series_monthly (one
--                 definition with the correlation; complete months of the source only);
--                 web_visitors: distinct GA4 user_pseudo_id with any event in the month
--   action        downloads: the 'overall' correlation series (daily sources, no known CI, mirrors, bots);
--                 sign_ups: GA4 sign_up events; contributors: distinct human GitHub actors who opened an
--                 issue or PR, commented, reviewed or pushed; issues_and_prs: issues and PRs opened by humans
--   activation    none (activated accounts are the organisation count)
--   monetization  paying_customers, new_customers: ending_customers and new_customers of gold.mrr_bridge_monthly
--                 (billing-customer grain; the organisation grain is accounts)
--   retention     logo_retention = retained_customers / base_customers, nrr: gold.revenue_retention 'monthly';
--                 nrr_trailing_12m: its 'trailing_12m' variant
-- Inputs: stage_months, community_series (gold.correlation_series_monthly), github_events, ga4_events,
-- bridge (gold.mrr_bridge_monthly), retention (gold.revenue_retention). Months ${from_month}..${to_month}.
with months as (

    select explode(sequence(date'${from_month}', date'${to_month}', interval 1 month)) as month

),

stages as (

    select * from values ('intent', 1), ('action', 2), ('activation', 3), ('monetization', 4), ('retention', 5)
        as s(stage, stage_order)

),

first_reach as (

    select account_id, stage, min(month) as first_month
    from stage_months
    group by account_id, stage

),

accounts as (

    select s.month, s.stage, count(distinct s.account_id) as accounts,
           count(distinct case when f.first_month = s.month then s.account_id end) as new_accounts
    from stage_months as s
    inner join first_reach as f
        on f.account_id = s.account_id
       and f.stage = s.stage
    group by s.month, s.stage

),

community as (

    select period_start as month,
           max(case when series = 'stars' then cast(value as bigint) end) as stars,
           max(case when series = 'docs_pageviews' then cast(value as bigint) end) as docs_pageviews,
           max(case when series = 'downloads' then cast(value as bigint) end) as downloads
    from community_series
    where scope = 'overall'
      and side = 'community'
    group by period_start

),

web as (

    select trunc(event_date, 'MM') as month,
           count(distinct user_pseudo_id) as web_visitors,
           count_if(event_name = 'sign_up') as sign_ups
    from ga4_events
    group by 1

),

github as (

    select trunc(created_date, 'MM') as month,
           count(distinct case when not coalesce(is_bot, false)
                                and (event_type in ('IssueCommentEvent', 'PullRequestReviewEvent',
                                                    'PullRequestReviewCommentEvent', 'PushEvent')
                                     or (event_type in ('IssuesEvent', 'PullRequestEvent') and action = 'opened'))
                               then actor_login end) as contributors,
           count_if(not coalesce(is_bot, false) and event_type in ('IssuesEvent', 'PullRequestEvent')
                    and action = 'opened') as issues_and_prs
    from github_events
    group by 1

),

revenue as (

    select b.month, b.ending_customers as paying_customers, b.new_customers,
           cast(r.retained_customers / r.base_customers as decimal(12, 6)) as logo_retention,
           r.nrr, t.nrr as nrr_trailing_12m
    from bridge as b
    left join retention as r
        on r.month = b.month
       and r.variant = 'monthly'
    left join retention as t
        on t.month = b.month
       and t.variant = 'trailing_12m'

)

select
    m.month,
    s.stage,
    s.stage_order,
    coalesce(a.accounts, 0) as accounts,
    coalesce(a.new_accounts, 0) as new_accounts,
    case when s.stage = 'intent' then c.stars end as stars,
    case when s.stage = 'intent' then w.web_visitors end as web_visitors,
    case when s.stage = 'intent' then c.docs_pageviews end as docs_pageviews,
    case when s.stage = 'action' then c.downloads end as downloads,
    case when s.stage = 'action' then w.sign_ups end as sign_ups,
    case when s.stage = 'action' then g.contributors end as contributors,
    case when s.stage = 'action' then g.issues_and_prs end as issues_and_prs,
    case when s.stage = 'monetization' then r.paying_customers end as paying_customers,
    case when s.stage = 'monetization' then r.new_customers end as new_customers,
    case when s.stage = 'retention' then r.logo_retention end as logo_retention,
    case when s.stage = 'retention' then r.nrr end as nrr,
    case when s.stage = 'retention' then r.nrr_trailing_12m end as nrr_trailing_12m
from months as m
cross join stages as s
left join accounts as a on a.month = m.month and a.stage = s.stage
left join community as c on c.month = m.month
left join web as w on w.month = m.month
left join github as g on g.month = m.month
left join revenue as r on r.month = m.month
