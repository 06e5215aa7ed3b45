-- silver.stg_stripe__invoices
-- Grain: one row per Stripe invoice (invoice_id), its latest landed version.
-- Input view: stripe_objects (latest version of each bronze.stripe__objects record).
-- API shapes: before 2025-03-31.basil the subscription is `invoice.subscription`; from basil on it
-- is `invoice.parent.subscription_details.subscription`. Amounts are minor units in Stripe and
-- major units (DECIMAL, with `currency`) here.
with source as (

    select object_id, raw_json, _source_file, _ingested_at
    from stripe_objects
    where object_type = 'invoice'

),

parsed as (

    select
        from_json(raw_json, 'id string, customer string, currency string, status string, billing_reason string,
            created bigint, period_start bigint, period_end bigint, subtotal bigint, total bigint, tax bigint,
            amount_due bigint, amount_paid bigint, subscription string,
            parent struct<type: string, subscription_details: struct<subscription: string>>,
            status_transitions struct<finalized_at: bigint, paid_at: bigint, voided_at: bigint>,
            total_taxes array<struct<amount: bigint>>') as i,
        raw_json,
        _source_file,
        _ingested_at
    from source

),

final as (

    select
        ---------- ids
        i.id as invoice_id,
        i.customer as customer_id,
        coalesce(i.parent.subscription_details.subscription, i.subscription) as subscription_id,
        ---------- dimensions
        i.status as invoice_status,
        i.billing_reason,
        upper(i.currency) as currency,
        case when get_json_object(raw_json, '$.parent') is not null
                  or get_json_object(raw_json, '$.total_taxes') is not null
             then 'basil' else 'legacy' end as api_shape,
        ---------- amounts
        minor_to_major(i.subtotal, i.currency) as subtotal,
        minor_to_major(coalesce(i.tax, aggregate(i.total_taxes, 0L, (acc, t) -> acc + t.amount)), i.currency) as tax,
        minor_to_major(i.total, i.currency) as total,
        minor_to_major(i.amount_paid, i.currency) as amount_paid,
        ---------- timestamps
        timestamp_seconds(i.created) as created_at,
        timestamp_seconds(i.period_start) as period_start_at,
        timestamp_seconds(i.period_end) as period_end_at,
        timestamp_seconds(i.status_transitions.paid_at) as paid_at,
        timestamp_seconds(i.status_transitions.voided_at) as voided_at,
        ---------- lineage
        _source_file,
        _ingested_at
    from parsed

)

select * from final
