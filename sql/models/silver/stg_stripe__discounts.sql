-- silver.stg_stripe__discounts
-- Grain: one row per discount id (a coupon applied to a customer or subscription).
-- Legacy discounts embed the coupon object; basil discounts reference it as `source.coupon`, resolved
-- here against coupon objects.
-- Input view: stripe_objects.
with discounts as (

    select from_json(raw_json, 'id string, customer string, subscription string, start bigint, end bigint,
            coupon struct<id: string, percent_off: decimal(9, 4), amount_off: bigint, currency: string,
                duration: string, duration_in_months: int>,
            source struct<type: string, coupon: string>') as d
    from stripe_objects
    where object_type = 'discount'

),

coupons as (

    select from_json(raw_json, 'id string, percent_off decimal(9, 4), amount_off bigint, currency string,
            duration string, duration_in_months int') as c
    from stripe_objects
    where object_type = 'coupon'

),

final as (

    select
        d.id as discount_id,
        coalesce(d.coupon.id, d.source.coupon) as coupon_id,
        d.customer as customer_id,
        d.subscription as subscription_id,
        coalesce(d.coupon.percent_off, c.percent_off) as percent_off,
        coalesce(d.coupon.amount_off, c.amount_off) as amount_off_minor,
        upper(coalesce(d.coupon.currency, c.currency)) as amount_off_currency,
        coalesce(d.coupon.duration, c.duration) as coupon_duration,
        coalesce(d.coupon.duration_in_months, c.duration_in_months) as duration_in_months,
        timestamp_seconds(d.start) as started_at,
        timestamp_seconds(d.end) as ended_at
    from discounts
    left join coupons
        on c.id = d.source.coupon

)

select * from final
