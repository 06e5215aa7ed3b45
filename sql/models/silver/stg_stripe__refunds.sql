-- silver.stg_stripe__refunds
-- Grain: one row per refund id. Refunds are tracked as cash events; they do not change MRR.
-- Input view: stripe_objects.
with parsed as (

    select from_json(raw_json, 'id string, amount bigint, currency string, charge string, payment_intent string,
            status string, reason string, created bigint') as r
    from stripe_objects
    where object_type = 'refund'

)

select
    r.id as refund_id,
    r.charge as charge_id,
    r.payment_intent as payment_intent_id,
    r.status as refund_status,
    r.reason as refund_reason,
    upper(r.currency) as currency,
    minor_to_major(r.amount, r.currency) as amount,
    timestamp_seconds(r.created) as created_at
from parsed
