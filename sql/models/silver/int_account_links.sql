-- int_account_links (not stored: the input of account_identities)
-- Grain: one row per (identity_type, identity_key, rule, valid_from): one rule's claim that an
-- identity belonged to a company from valid_from until valid_to (null: still). The target is a
-- company domain, a GitHub organisation (resolved to its account by account_identities) or, for
-- billing customers without a company key, the customer itself.
-- Rules (one CTE each; docs/accounts.md says why each confidence): confidence 0..1, and the rule
-- priority breaks ties between equally confident rules (lower first).
--   customer_by_metadata_domain       1.00  metadata['company_domain'] of a Stripe customer
--   customer_by_metadata_github_org   0.95  metadata['github_org'] of a Stripe customer
--   customer_by_email_domain          0.90  domain of the customer's billing e-mail
--   org_by_billing_metadata           0.95  the organisation a customer names in metadata, to that
--                                           customer's company domain
--   org_by_member_commit_domain  0.70*share the domain most members' commits in the organisation's
--                                           repositories carry (strict majority of members)
--   user_by_commit_email_domain  0.90*share per calendar quarter, the domain of a strict majority of
--                                           the user's commits; consecutive quarters with the same
--                                           domain form one link, a new domain closes the old link
--   user_by_profile_company_domain    0.80  company_domain of the user's latest profile snapshot
--   user_by_profile_company_org       0.70  '@login' in the profile's company, a known organisation
--   web_user_by_signup_domain         0.85  e-mail domain of the GA4 user's sign-up; a sign-up with
--                                           another domain closes the old link
--   user_by_org_membership            0.40  write-access events (push, member, create, delete,
--                                           release) in the organisation's repositories
--   *_self                            1.00  fallbacks: an organisation with no domain, a billing
--                                           customer with no link at all, are their own account
-- Free-mail domains never become targets (company_domain() is null for them); bots never get links.
-- Inputs: customers (silver.stg_stripe__customers), subscription_periods
-- (silver.stg_billing__subscription_periods), github_events (silver.stg_github__events),
-- commit_authors (silver.stg_github__commit_authors), github_users (silver.stg_github__users),
-- ga4_events (silver.stg_ga4__events).
with bot_users as (

    select actor_id as user_id from github_events where is_bot and actor_id is not null
    union
    select cast(user_id as bigint) from github_users where user_id is not null and lower(user_login) rlike '(\\[bot\\]|-bot)$'

),

customers_keyed as (

    select
        customer_id,
        customer_name,
        created_at,
        company_domain(metadata['company_domain']) as metadata_domain,
        lower(trim(metadata['github_org'])) as metadata_github_org,
        company_domain(email_domain) as email_company_domain
    from customers

),

known_orgs as (

    select distinct lower(org_login) as org_login from github_events where org_login is not null
    union
    select metadata_github_org from customers_keyed where metadata_github_org is not null

),

---------- billing customers

customer_by_metadata_domain as (

    select 'billing_customer' as identity_type, customer_id as identity_key, customer_name as identity_label,
           'domain' as target_type, metadata_domain as target_key,
           'customer_by_metadata_domain' as rule, 1 as rule_priority, 1.0 as confidence,
           created_at as valid_from, cast(null as timestamp) as valid_to
    from customers_keyed
    where metadata_domain is not null

),

customer_by_metadata_github_org as (

    select 'billing_customer', customer_id, customer_name, 'github_org', metadata_github_org,
           'customer_by_metadata_github_org', 2, 0.95, created_at, cast(null as timestamp)
    from customers_keyed
    where metadata_github_org is not null

),

customer_by_email_domain as (

    select 'billing_customer', customer_id, customer_name, 'domain', email_company_domain,
           'customer_by_email_domain', 3, 0.9, created_at, cast(null as timestamp)
    from customers_keyed
    where email_company_domain is not null

),

---------- GitHub organisations

org_by_billing_metadata as (

    select 'github_org', metadata_github_org, metadata_github_org, 'domain',
           coalesce(metadata_domain, email_company_domain),
           'org_by_billing_metadata', 4, 0.95, created_at, cast(null as timestamp)
    from customers_keyed
    where metadata_github_org is not null
      and coalesce(metadata_domain, email_company_domain) is not null

),

human_commits as (

    select c.actor_id, c.actor_login, lower(c.org_login) as org_login, c.created_at,
           company_domain(c.author_email_domain) as domain
    from commit_authors as c
    left anti join bot_users as b
        on b.user_id = c.actor_id
    where not c.is_bot
      and c.is_distinct
      and c.actor_id is not null
      and c.author_email_domain is not null

),

org_member_domains as (

    -- Each member's strict-majority company domain among their commits in the organisation's repositories.
    select org_login, actor_id, max_by(domain, domain_commits) as domain, min(first_at) as first_at
    from (
        select org_login, actor_id, domain, count(*) as domain_commits, min(created_at) as first_at,
               sum(count(*)) over (partition by org_login, actor_id) as member_commits
        from human_commits
        where org_login is not null
        group by org_login, actor_id, domain
    )
    where domain is not null
      and domain_commits * 2 > member_commits
    group by org_login, actor_id

),

org_by_member_commit_domain as (

    select 'github_org', org_login, org_login, 'domain', domain,
           'org_by_member_commit_domain', 5, round(0.7 * share, 2), first_at, cast(null as timestamp)
    from (
        select d.org_login, d.domain, min(d.first_at) as first_at,
               count(*) / max(m.members) as share
        from org_member_domains as d
        inner join (select org_login, count(distinct actor_id) as members from human_commits
                    where org_login is not null group by org_login) as m
            on m.org_login = d.org_login
        group by d.org_login, d.domain
    )
    where share > 0.5

),

---------- GitHub users

user_quarters as (

    select actor_id, max_by(actor_login, created_at) as actor_login, date_trunc('quarter', created_at) as quarter,
           domain, count(*) as domain_commits, min(created_at) as first_at,
           sum(count(*)) over (partition by actor_id, date_trunc('quarter', created_at)) as quarter_commits
    from human_commits
    group by actor_id, date_trunc('quarter', created_at), domain

),

user_quarter_domains as (

    -- Quarters in which one company domain carries a strict majority of the user's commits; quarters
    -- without one (free-mail, or split) say nothing about the employer and neither open nor close a link.
    select *,
           sum(case when domain = previous_domain then 0 else 1 end)
               over (partition by actor_id order by quarter) as island
    from (
        select *, lag(domain) over (partition by actor_id order by quarter) as previous_domain
        from user_quarters
        where domain is not null
          and domain_commits * 2 > quarter_commits
    )

),

user_by_commit_email_domain as (

    select 'github_user', cast(actor_id as string), actor_login, 'domain', domain,
           'user_by_commit_email_domain', 6, round(0.9 * domain_commits / quarter_commits, 2),
           valid_from, lead(valid_from) over (partition by actor_id order by valid_from)
    from (
        select actor_id, island, domain, max_by(actor_login, quarter) as actor_login,
               sum(domain_commits) as domain_commits, sum(quarter_commits) as quarter_commits,
               min(first_at) as valid_from
        from user_quarter_domains
        group by actor_id, island, domain
    )

),

users as (

    select cast(u.user_id as string) as user_key, u.user_login, company_domain(u.company_domain) as domain,
           lower(regexp_extract(u.company, '(^|\\s)@([A-Za-z0-9][A-Za-z0-9-]*)', 2)) as company_org,
           cast(u.snapshot_date as timestamp) as snapshot_at
    from github_users as u
    left anti join bot_users as b
        on b.user_id = cast(u.user_id as bigint)
    where u.user_id is not null

),

user_by_profile_company_domain as (

    select 'github_user', user_key, user_login, 'domain', domain,
           'user_by_profile_company_domain', 7, 0.8, snapshot_at, cast(null as timestamp)
    from users
    where domain is not null

),

user_by_profile_company_org as (

    select 'github_user', user_key, user_login, 'github_org', company_org,
           'user_by_profile_company_org', 8, 0.7, snapshot_at, cast(null as timestamp)
    from users
    left semi join known_orgs
        on known_orgs.org_login = users.company_org

),

user_by_org_membership as (

    select 'github_user', cast(actor_id as string), max_by(actor_login, created_at), 'github_org', lower(org_login),
           'user_by_org_membership', 10, 0.4, min(created_at), cast(null as timestamp)
    from github_events
    where org_login is not null
      and actor_id is not null
      and not is_bot
      and event_type in ('PushEvent', 'MemberEvent', 'CreateEvent', 'DeleteEvent', 'ReleaseEvent')
    group by actor_id, lower(org_login)

),

---------- web users

web_signups as (

    select user_id, event_at, company_domain(email_domain) as domain,
           lag(company_domain(email_domain)) over (partition by user_id order by event_at, event_key) as previous_domain,
           event_key
    from ga4_events
    where event_name = 'sign_up'
      and user_id is not null
      and company_domain(email_domain) is not null

),

web_user_by_signup_domain as (

    -- A sign-up with the same domain as the previous one continues the link; another domain closes it.
    select 'web_user', user_id, cast(null as string), 'domain', domain,
           'web_user_by_signup_domain', 9, 0.85, event_at,
           lead(event_at) over (partition by user_id order by event_at, event_key)
    from web_signups
    where previous_domain is null
       or previous_domain <> domain

),

rule_links as (

    select * from customer_by_metadata_domain
    union all select * from customer_by_metadata_github_org
    union all select * from customer_by_email_domain
    union all select * from org_by_billing_metadata
    union all select * from org_by_member_commit_domain
    union all select * from user_by_commit_email_domain
    union all select * from user_by_profile_company_domain
    union all select * from user_by_profile_company_org
    union all select * from web_user_by_signup_domain
    union all select * from user_by_org_membership

),

---------- fallbacks

github_org_self as (

    -- Every organisation a link points to or names is an account of its own unless it links to a domain.
    select 'github_org', org_login, org_login, 'github_org', org_login, 'github_org_self', 11, 1.0,
           first_seen_at, cast(null as timestamp)
    from (
        select org_login, min(first_seen_at) as first_seen_at
        from (
            select lower(org_login) as org_login, created_at as first_seen_at from github_events
            where org_login is not null
            union all
            select target_key, valid_from from rule_links where target_type = 'github_org'
        )
        group by org_login
    )
    left anti join (select identity_key from rule_links where identity_type = 'github_org') as linked
        on linked.identity_key = org_login

),

billing_customer_self as (

    -- A paying customer without any company key (free-mail, no metadata) is still an account.
    select 'billing_customer', customer_id, max(customer_name), 'billing_customer', customer_id,
           'billing_customer_self', 12, 1.0, min(valid_from), cast(null as timestamp)
    from (
        select customer_id, customer_name, created_at as valid_from from customers_keyed
        union all
        select customer_id, cast(null as string), cast(start_date as timestamp) from subscription_periods
    )
    left anti join (select identity_key from rule_links where identity_type = 'billing_customer') as linked
        on linked.identity_key = customer_id
    group by customer_id

),

final as (

    select * from rule_links
    union all select * from github_org_self
    union all select * from billing_customer_self

)

select * from final
