-- silver.stg_billing__subscription_periods
-- Grain: one row per (subscription_id, start_date): a period of constant price from a non-Stripe
-- billing system. A later landed row for the same key (e.g. the period restated with its end_date)
-- replaces the earlier one.
-- Input view: subscription_periods (bronze.billing__subscription_periods, values validated at ingest).
with ranked as (

    select *,
           row_number() over (partition by subscription_id, start_date
                              order by _ingested_at desc, _source_file desc, _record_position desc) as rn
    from subscription_periods

),

final as (

    select
        subscription_id,
        customer_id,
        nullif(plan_id, '') as plan_id,
        upper(currency) as currency,
        billing_interval,
        cast(interval_count as int) as interval_count,
        cast(amount as decimal(20, 3)) as amount,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        _source_file,
        _ingested_at
    from ranked
    where rn = 1

)

select * from final
