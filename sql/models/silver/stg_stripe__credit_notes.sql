-- silver.stg_stripe__credit_notes
-- Grain: one row per credit note id. Credit notes adjust invoices; they do not change MRR.
-- Input view: stripe_objects.
with parsed as (

    select from_json(raw_json, 'id string, invoice string, customer string, amount bigint, currency string,
            type string, reason string, status string, created bigint, effective_at bigint') as n
    from stripe_objects
    where object_type = 'credit_note'

)

select
    n.id as credit_note_id,
    n.invoice as invoice_id,
    n.customer as customer_id,
    n.type as credit_note_type,
    n.reason as credit_note_reason,
    n.status as credit_note_status,
    upper(n.currency) as currency,
    minor_to_major(n.amount, n.currency) as amount,
    timestamp_seconds(n.created) as created_at,
    timestamp_seconds(coalesce(n.effective_at, n.created)) as effective_at
from parsed
