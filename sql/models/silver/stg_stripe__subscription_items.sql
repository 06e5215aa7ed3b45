-- silver.stg_stripe__subscription_items
-- Grain: one row per subscription item id, its latest landed state: items embedded in subscription
-- objects and standalone `subscription_item` objects (the standalone object wins when both exist).
-- Current state only; MRR history comes from invoices (fct_mrr_segments).
-- API shapes: current_period_* are on items from 2025-03-31.basil on, on the subscription before.
-- Input view: stripe_objects.
with embedded as (

    select
        item,
        get_json_object(raw_json, '$.id') as parent_subscription_id,
        cast(get_json_object(raw_json, '$.current_period_start') as bigint) as subscription_period_start,
        cast(get_json_object(raw_json, '$.current_period_end') as bigint) as subscription_period_end,
        2 as preference
    from stripe_objects
    lateral view explode(from_json(get_json_object(raw_json, '$.items.data'), 'array<string>')) i as item
    where object_type = 'subscription'

),

standalone as (

    select
        raw_json as item,
        cast(null as string) as parent_subscription_id,
        cast(null as bigint) as subscription_period_start,
        cast(null as bigint) as subscription_period_end,
        1 as preference
    from stripe_objects
    where object_type = 'subscription_item'

),

parsed as (

    select
        from_json(item, 'id string, subscription string, quantity bigint, created bigint,
            price struct<id: string, product: string>, plan struct<id: string, product: string>,
            current_period_start bigint, current_period_end bigint') as i,
        parent_subscription_id,
        subscription_period_start,
        subscription_period_end,
        preference
    from (select * from embedded union all select * from standalone)

),

final as (

    select
        i.id as subscription_item_id,
        coalesce(i.subscription, parent_subscription_id) as subscription_id,
        coalesce(i.price.id, i.plan.id) as price_id,
        coalesce(i.price.product, i.plan.product) as product_id,
        coalesce(i.quantity, 1) as quantity,
        timestamp_seconds(i.created) as created_at,
        timestamp_seconds(coalesce(i.current_period_start, subscription_period_start)) as current_period_start_at,
        timestamp_seconds(coalesce(i.current_period_end, subscription_period_end)) as current_period_end_at,
        row_number() over (partition by i.id order by preference) as rn
    from parsed

)

select
    subscription_item_id,
    subscription_id,
    price_id,
    product_id,
    quantity,
    created_at,
    current_period_start_at,
    current_period_end_at
from final
where rn = 1
