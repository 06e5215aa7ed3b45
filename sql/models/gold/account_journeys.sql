-- gold.account_journeys
-- Grain: one row per paying account (an account with MRR > 0 in some month). Key: account_id.
--   first_<kind>_date      first touch of each kind, any time (int_account_touches): star, web visit, sign-up,
--                          contribution (issue or PR opened, comment, commit)
--   first_intent_date, first_action_date   first touch of the stage
--   first_activation_month first month the account was activated (int_account_stage_months)
--   first_payment_month    first month with MRR > 0 on any linked customer (gold.customer_mrr_monthly)
--   first_payment_date     first billed day: the earliest start of a counted recurring segment with a
--                          positive billed amount of those customers, not before first_payment_month
--                          (a charge that ended before any month-end snapshot never made MRR)
--   first_community_date   first community touch (intent or action) strictly before first_payment_date (a touch on the
--                          day of paying is part of buying, not a lead)
--   has_community_before_paying  first_community_date is not null
--   lead_time_days         first_payment_date - first_community_date (null without community before paying)
-- Inputs: touches, stage_months, accounts (silver.dim_accounts), segments (silver.fct_mrr_segments).
with payments as (

    select account_id, min(touch_date) as first_payment_month
    from touches
    where kind = 'payment'
    group by account_id

),

billed_days as (

    select t.account_id, min(cast(s.started_at as date)) as first_billed_day
    from (select distinct account_id, identity_key from touches where kind = 'payment') as t
    inner join segments as s
        on s.customer_id = t.identity_key
    where s.counts_toward_mrr
      and s.monthly_billed_amount > 0
    group by t.account_id

),

paying as (

    select p.account_id, p.first_payment_month,
           greatest(p.first_payment_month, coalesce(b.first_billed_day, p.first_payment_month)) as first_payment_date
    from payments as p
    left join billed_days as b
        on b.account_id = p.account_id

),

community as (

    select t.account_id,
           min(case when t.kind = 'star' then t.touch_date end) as first_star_date,
           min(case when t.kind = 'web_visit' then t.touch_date end) as first_web_visit_date,
           min(case when t.kind = 'sign_up' then t.touch_date end) as first_sign_up_date,
           min(case when t.kind in ('issue_or_pr', 'comment', 'commit') then t.touch_date end)
               as first_contribution_date,
           min(case when t.stage = 'intent' then t.touch_date end) as first_intent_date,
           min(case when t.stage = 'action' then t.touch_date end) as first_action_date,
           min(case when t.touch_date < p.first_payment_date then t.touch_date end) as first_community_date,
           count_if(t.touch_date < p.first_payment_date) as community_touches_before_paying
    from touches as t
    inner join paying as p
        on p.account_id = t.account_id
    where t.stage in ('intent', 'action')
    group by t.account_id

),

activation as (

    select account_id, min(month) as first_activation_month
    from stage_months
    where stage = 'activation'
    group by account_id

)

select
    p.account_id,
    a.account_name,
    c.first_star_date,
    c.first_web_visit_date,
    c.first_sign_up_date,
    c.first_contribution_date,
    c.first_intent_date,
    c.first_action_date,
    v.first_activation_month,
    p.first_payment_month,
    p.first_payment_date,
    c.first_community_date,
    coalesce(c.community_touches_before_paying, 0) as community_touches_before_paying,
    c.first_community_date is not null as has_community_before_paying,
    datediff(p.first_payment_date, c.first_community_date) as lead_time_days
from paying as p
left join community as c on c.account_id = p.account_id
left join activation as v on v.account_id = p.account_id
left join accounts as a on a.account_id = p.account_id
