-- silver.account_identities
-- Grain: one row per (identity_type, identity_key, rule, account_id, valid_from): a rule's link from an
-- identity to an account over [valid_from, valid_to) (valid_to null: still linked, is_current).
-- identity_type / identity_key: 'billing_customer' customer id, 'github_org' lower-case login,
-- 'github_user' user id, 'web_user' GA4 user_id, 'email_domain' company domain.
-- account_id: 'acc_' and 16 hex of SHA-256 of the account key ('domain:acme.io', 'github_org:acme',
-- 'billing_customer:cus_1'), so the same company keeps its id across rebuilds.
-- Organisations are resolved first: a link to an organisation points to the account of the
-- organisation's best current link to a domain, or to the organisation's own account.
-- Conflicts: all links are kept. is_primary marks, at every instant, the one link per identity with
-- the highest confidence, then the lowest rule priority, then the smallest account key; a link is split
-- where its primary status changes (a better link starts or ends), so at any time t exactly one row
-- with valid_from <= t < valid_to (or valid_to null) is primary per identity.
-- Input view: account_links (int_account_links).
with links as (

    select * from account_links where valid_from is not null

),

org_best as (

    select identity_key as org_login, target_type, target_key,
           row_number() over (partition by identity_key
                              order by confidence desc, rule_priority, target_key) as rn
    from links
    where identity_type = 'github_org'
      and valid_to is null

),

org_accounts as (

    select org_login,
           case when target_type = 'domain' then 'domain:' || target_key else 'github_org:' || org_login end
               as account_key
    from org_best
    where rn = 1

),

resolved as (

    select l.identity_type, l.identity_key, l.identity_label, l.rule, l.rule_priority, l.confidence,
           l.valid_from, l.valid_to,
           case l.target_type when 'domain' then 'domain:' || l.target_key
                              when 'github_org' then o.account_key
                              else 'billing_customer:' || l.target_key end as account_key
    from links as l
    left join org_accounts as o
        on l.target_type = 'github_org'
       and o.org_login = l.target_key

),

email_domain_self as (

    -- Every company domain that is an account is also an identity of it (a join key for other sources).
    select 'email_domain' as identity_type, substr(account_key, 8) as identity_key,
           substr(account_key, 8) as identity_label, 'email_domain_self' as rule, 0 as rule_priority,
           1.0 as confidence, min(valid_from) as valid_from, cast(null as timestamp) as valid_to, account_key
    from resolved
    where account_key like 'domain:%'
    group by account_key

),

all_links as (

    select * from resolved
    union all
    select * from email_domain_self

),

periods as (

    -- The instants at which some link of the identity starts or ends cut its history into periods
    -- over which the set of competing links is constant.
    select identity_type, identity_key, at as period_from,
           lead(at) over (partition by identity_type, identity_key order by at) as period_to
    from (
        select identity_type, identity_key, valid_from as at from all_links
        union
        select identity_type, identity_key, valid_to from all_links where valid_to is not null
    )

),

segments as (

    select l.*, p.period_from, p.period_to,
           row_number() over (partition by l.identity_type, l.identity_key, p.period_from
                              order by l.confidence desc, l.rule_priority, l.account_key) = 1 as is_primary
    from all_links as l
    inner join periods as p
        on p.identity_type = l.identity_type
       and p.identity_key = l.identity_key
       and p.period_from >= l.valid_from
       and (l.valid_to is null or p.period_from < l.valid_to)

),

islands as (

    -- Consecutive periods of one link with the same primary status become one row again.
    select *,
           sum(case when is_primary = previous_primary then 0 else 1 end)
               over (partition by identity_type, identity_key, rule, account_key, valid_from order by period_from)
               as island
    from (
        select *,
               lag(is_primary) over (partition by identity_type, identity_key, rule, account_key, valid_from
                                     order by period_from) as previous_primary
        from segments
    )

),

final as (

    select
        ---------- ids
        identity_type,
        identity_key,
        concat('acc_', left(sha2(account_key, 256), 16)) as account_id,
        ---------- dimensions
        identity_label,
        account_key,
        rule,
        cast(confidence as decimal(3, 2)) as confidence,
        is_primary,
        ---------- validity (UTC)
        min(period_from) as valid_from,
        max_by(period_to, period_from) as valid_to,
        max_by(period_to, period_from) is null as is_current
    from islands
    group by identity_type, identity_key, identity_label, account_key, rule, confidence, is_primary,
             valid_from, island

)

select * from final
