-- silver.stg_stripe__products
-- Grain: one row per product id (latest landed version).
-- Input view: stripe_objects.
with parsed as (

    select from_json(raw_json, 'id string, name string, active boolean, type string, created bigint,
            metadata map<string, string>') as p
    from stripe_objects
    where object_type = 'product'

)

select
    p.id as product_id,
    p.name as product_name,
    coalesce(p.active, true) as is_active,
    p.metadata as metadata,
    timestamp_seconds(p.created) as created_at
from parsed
