-- silver.stg_stripe__prices
-- Grain: one row per price id. Legacy `plan` objects share their id with the matching price; a
-- price object wins over a plan object with the same id.
-- Input view: stripe_objects.
with prices as (

    select
        from_json(raw_json, 'id string, product string, currency string, type string, unit_amount bigint,
            unit_amount_decimal string, recurring struct<interval: string, interval_count: int, usage_type: string>,
            created bigint, active boolean') as p,
        1 as preference
    from stripe_objects
    where object_type = 'price'

),

plans as (

    select
        from_json(raw_json, 'id string, product string, currency string, amount bigint, amount_decimal string,
            interval string, interval_count int, usage_type string, created bigint, active boolean') as p,
        2 as preference
    from stripe_objects
    where object_type = 'plan'

),

unioned as (

    select p.id as price_id, p.product as product_id, upper(p.currency) as currency,
           coalesce(p.type, case when p.recurring is null then 'one_time' else 'recurring' end) as price_type,
           coalesce(cast(p.unit_amount as decimal(24, 6)), cast(p.unit_amount_decimal as decimal(24, 6))) as unit_amount_minor,
           p.recurring.interval as billing_interval, p.recurring.interval_count as interval_count,
           p.recurring.usage_type as usage_type, p.active as is_active, timestamp_seconds(p.created) as created_at,
           preference
    from prices
    union all
    select p.id, p.product, upper(p.currency), 'recurring',
           coalesce(cast(p.amount as decimal(24, 6)), cast(p.amount_decimal as decimal(24, 6))),
           p.interval, p.interval_count, p.usage_type, p.active, timestamp_seconds(p.created), preference
    from plans

),

final as (

    select price_id, product_id, currency, price_type, unit_amount_minor, billing_interval, interval_count,
           usage_type, is_active, created_at
    from (select *, row_number() over (partition by price_id order by preference) as rn from unioned)
    where rn = 1

)

select * from final
