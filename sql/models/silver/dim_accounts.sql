-- silver.dim_accounts
-- Grain: one row per account (account_id): an organisation (company domain, else GitHub organisation)
-- or a billing customer without any company key, as linked by silver.account_identities.
-- account_key: the primary key the id derives from: 'domain:<d>' > 'github_org:<login>' >
-- 'billing_customer:<id>' (an organisation linked to a domain is that domain's account).
-- Lists and counts describe the current primary links; first_seen_at is the start of its earliest link.
-- account_name: the earliest-created linked billing customer's name, else the GitHub organisation, the
-- domain, or the customer id.
-- Input views: identities (silver.account_identities), customers (silver.stg_stripe__customers).
with current_primary as (

    select * from identities where is_current and is_primary

),

accounts as (

    select account_id, max(account_key) as account_key, min(valid_from) as first_seen_at
    from identities
    group by account_id

),

members as (

    select
        account_id,
        array_sort(collect_set(case when identity_type = 'github_org' then identity_key end)) as github_org_logins,
        array_sort(collect_set(case when identity_type = 'billing_customer' then identity_key end))
            as billing_customer_ids,
        count_if(identity_type = 'github_user') as github_users,
        count_if(identity_type = 'web_user') as web_users
    from current_primary
    group by account_id

),

customer_names as (

    select l.account_id, min_by(c.customer_name, struct(c.created_at, c.customer_id)) as customer_name
    from current_primary as l
    inner join customers as c
        on c.customer_id = l.identity_key
    where l.identity_type = 'billing_customer'
      and c.customer_name is not null
    group by l.account_id

),

final as (

    select
        ---------- ids
        a.account_id,
        ---------- dimensions
        a.account_key,
        substring_index(a.account_key, ':', 1) as account_key_type,
        coalesce(n.customer_name, m.github_org_logins[0],
                 substr(a.account_key, length(substring_index(a.account_key, ':', 1)) + 2)) as account_name,
        case when a.account_key like 'domain:%' then substr(a.account_key, 8) end as primary_domain,
        m.github_org_logins[0] as github_org_login,
        coalesce(m.github_org_logins, array()) as github_org_logins,
        coalesce(m.billing_customer_ids, array()) as billing_customer_ids,
        ---------- measures
        coalesce(m.github_users, 0) as github_users,
        coalesce(m.web_users, 0) as web_users,
        ---------- timestamps (UTC)
        a.first_seen_at
    from accounts as a
    left join members as m
        on m.account_id = a.account_id
    left join customer_names as n
        on n.account_id = a.account_id

)

select * from final
