-- int_account_stage_months (computed in memory, not stored)
-- Grain: one row per (month, stage, account_id): the account reached the stage in that month.
--   intent        an intent touch in the month (star, fork, web visit of a linked user)
--   action        an action touch in the month (sign-up, issue or PR opened, comment, commit)
--   activation    sustained use at the month's end: activity in at least 3 distinct weeks of the trailing
--                 8 weeks (the Monday-week holding the month's last day and the 7 before it). Activity is
--                 every touch except stars, forks and payments (one-off gestures or billing, not use):
--                 sign-ups, issues, PRs, comments, commits and GA4 events of the account's linked users
--   monetization  MRR > 0 in the month on any billing customer linked to the account
--   retention     monetization in the month and in the month before (logo kept)
-- Months from ${from_month} to ${to_month}; the activation window may reach back before ${from_month}.
-- Inputs: touches (int_account_touches).
with months as (

    select explode(sequence(date'${from_month}', date'${to_month}', interval 1 month)) as month

),

monthly as (

    select distinct trunc(touch_date, 'MM') as month, stage, account_id
    from touches
    where stage in ('intent', 'action', 'monetization')

),

activity_weeks as (

    select distinct account_id, cast(date_trunc('week', touch_date) as date) as week_start
    from touches
    where kind not in ('star', 'fork', 'payment')

),

activation as (

    select m.month, 'activation' as stage, w.account_id
    from months as m
    inner join activity_weeks as w
        on w.week_start <= cast(date_trunc('week', last_day(m.month)) as date)
       and w.week_start >= date_sub(cast(date_trunc('week', last_day(m.month)) as date), 49)
    group by m.month, w.account_id
    having count(*) >= 3

),

retention as (

    select p.month, 'retention' as stage, p.account_id
    from monthly as p
    inner join monthly as b
        on b.account_id = p.account_id
       and b.stage = 'monetization'
       and b.month = add_months(p.month, -1)
    where p.stage = 'monetization'

)

select month, stage, account_id from monthly where month between date'${from_month}' and date'${to_month}'
union all
select month, stage, account_id from activation
union all
select month, stage, account_id from retention where month between date'${from_month}' and date'${to_month}'
