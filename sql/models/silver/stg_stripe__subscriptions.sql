-- silver.stg_stripe__subscriptions
-- Grain: one row per subscription id, its latest landed state. MRR is NOT computed from this
-- current-state table (it would rewrite history); see fct_mrr_segments.
-- API shapes: current_period_* moved from the subscription to its items in 2025-03-31.basil.
-- Input view: stripe_objects.
with parsed as (

    select from_json(raw_json, 'id string, customer string, status string, currency string, created bigint,
            start_date bigint, canceled_at bigint, ended_at bigint, trial_start bigint, trial_end bigint,
            cancel_at_period_end boolean, current_period_start bigint, current_period_end bigint,
            items struct<data: array<struct<id: string, quantity: bigint, price: struct<id: string>,
                current_period_start: bigint, current_period_end: bigint>>>') as s
    from stripe_objects
    where object_type = 'subscription'

),

final as (

    select
        s.id as subscription_id,
        s.customer as customer_id,
        s.status as subscription_status,
        upper(s.currency) as currency,
        coalesce(s.cancel_at_period_end, false) as is_cancel_at_period_end,
        size(s.items.data) as item_count,
        timestamp_seconds(s.created) as created_at,
        timestamp_seconds(s.start_date) as started_at,
        timestamp_seconds(s.trial_start) as trial_started_at,
        timestamp_seconds(s.trial_end) as trial_ended_at,
        timestamp_seconds(s.canceled_at) as canceled_at,
        timestamp_seconds(s.ended_at) as ended_at,
        timestamp_seconds(coalesce(s.current_period_start, s.items.data[0].current_period_start)) as current_period_start_at,
        timestamp_seconds(coalesce(s.current_period_end, s.items.data[0].current_period_end)) as current_period_end_at
    from parsed

)

select * from final
