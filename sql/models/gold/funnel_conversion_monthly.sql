-- gold.funnel_conversion_monthly
-- Grain: one row per (month, measure, name). Two kinds of rows, never mixed in one column:
--   measure 'organisation_conversion' (conversion_rate set, ratio_per_1000 null), for each consecutive pair
--     of stages N -> N+1 (intent->action, action->activation, activation->monetization,
--     monetization->retention), cumulative through the month:
--       denominator = accounts that reached stage N in or before the month
--       numerator   = of those, accounts that reached stage N+1 in or before the month, no earlier than
--                     their first month in stage N (an account paying before any community touch does not
--                     convert from the community)
--       conversion_rate = numerator / denominator (null when the denominator is 0)
--   measure 'raw_count_ratio' (ratio_per_1000 set, conversion_rate null): two counts of different things
--     in the same month, per 1,000 of the denominator. They are not conversions: a download is not an
--     organisation, and the numerator is not a subset of the denominator.
-- Inputs: stage_months (int_account_stage_months), funnel (gold.funnel_monthly). Months ${from_month}..${to_month}.
with months as (

    select explode(sequence(date'${from_month}', date'${to_month}', interval 1 month)) as month

),

pairs as (

    select * from values ('intent', 'action'), ('action', 'activation'), ('activation', 'monetization'),
        ('monetization', 'retention') as p(from_stage, to_stage)

),

first_reach as (

    select account_id, stage, min(month) as first_month
    from stage_months
    group by account_id, stage

),

conversions as (

    select m.month, p.from_stage, p.to_stage,
           count(f.account_id) as denominator,
           count(case when t.first_month <= m.month and t.first_month >= f.first_month then 1 end) as numerator
    from months as m
    cross join pairs as p
    left join first_reach as f
        on f.stage = p.from_stage
       and f.first_month <= m.month
    left join first_reach as t
        on t.account_id = f.account_id
       and t.stage = p.to_stage
    group by m.month, p.from_stage, p.to_stage

),

counts as (

    select month,
           max(downloads) as downloads,
           max(stars) as stars,
           max(web_visitors) as web_visitors,
           max(sign_ups) as sign_ups,
           max(paying_customers) as paying_customers,
           max(new_customers) as new_customers
    from funnel
    group by month

),

ratios as (

    select month, stack(4,
        'paying_customers_per_1000_downloads', 'monetization', 'action', 'paying customers (billing)',
            cast(paying_customers as double), 'downloads', cast(downloads as double),
        'new_customers_per_1000_downloads', 'monetization', 'action', 'new customers (billing)',
            cast(new_customers as double), 'downloads', cast(downloads as double),
        'new_customers_per_1000_stars', 'monetization', 'intent', 'new customers (billing)',
            cast(new_customers as double), 'stars', cast(stars as double),
        'sign_ups_per_1000_web_visitors', 'action', 'intent', 'sign-ups',
            cast(sign_ups as double), 'web visitors', cast(web_visitors as double))
        as (name, to_stage, from_stage, numerator_label, numerator, denominator_label, denominator)
    from counts

)

select month, 'organisation_conversion' as measure, from_stage || '_to_' || to_stage as name, from_stage, to_stage,
       'accounts that reached ' || to_stage || ' by the month, after ' || from_stage as numerator_label,
       cast(numerator as double) as numerator,
       'accounts that reached ' || from_stage || ' by the month' as denominator_label,
       cast(denominator as double) as denominator,
       cast(case when denominator > 0 then numerator / denominator end as decimal(12, 6)) as conversion_rate,
       cast(null as decimal(18, 6)) as ratio_per_1000,
       'Conversion: share of organisations that reached ' || from_stage || ' and went on to ' || to_stage
           || ' (cumulative)' as label
from conversions
union all
select month, 'raw_count_ratio', name, from_stage, to_stage, numerator_label, numerator, denominator_label,
       denominator,
       cast(null as decimal(12, 6)),
       cast(case when denominator > 0 then 1000 * numerator / denominator end as decimal(18, 6)),
       'Ratio, not a conversion: ' || numerator_label || ' per 1,000 ' || denominator_label
from ratios
