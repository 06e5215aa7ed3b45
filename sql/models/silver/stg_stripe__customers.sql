-- silver.stg_stripe__customers
-- Grain: one row per Stripe customer id (latest landed version).
-- Input view: stripe_objects.
-- Privacy: the billing e-mail address never reaches silver; only its salted pseudonym (email_sha256)
-- and its domain (email_domain, the key the accounts dimension links companies by) are kept.
with parsed as (

    select from_json(raw_json, 'id string, email string, name string, currency string, created bigint,
            deleted boolean, address struct<country: string>, metadata map<string, string>') as c
    from stripe_objects
    where object_type = 'customer'

),

final as (

    select
        c.id as customer_id,
        c.name as customer_name,
        email_sha256(c.email) as email_sha256,
        email_domain(c.email) as email_domain,
        upper(c.currency) as currency,
        c.address.country as country_code,
        coalesce(c.deleted, false) as is_deleted,
        c.metadata as metadata,
        timestamp_seconds(c.created) as created_at
    from parsed

)

select * from final
