-- silver.fct_mrr_segments
-- Grain: one row per service segment (segment_id): a recurring charge of one subscription item over
-- [started_at, ended_at) that contributes a constant monthly amount. Conformed across billing sources.
-- Inputs: invoice_lines, invoices, prices, discounts (Stripe silver) and subscription_periods
-- (silver.stg_billing__subscription_periods).
--
-- Definitions (docs/metrics.md):
--   * Recurring lines only: one-time invoice items, metered/zero-amount (trial) lines and lines on void,
--     draft or uncollectible invoices do not count (counts_toward_mrr = false, with a reason).
--   * contract amount = line amount before discounts, less inclusive tax; billed amount = contract less
--     discounts. Exclusive taxes are never in `amount`. For a proration on a tax-inclusive price the full
--     amount is scaled by the line's pre-tax share (an approximation to the cent).
--   * Prorations: a proration line covers [change, period end) and stands for the FULL-interval price of
--     its quantity, signed like the line: the credit line (-) cancels the old price from the change on,
--     the charge line (+) adds the new one. So the MRR at any instant is the price then in force, never
--     the prorated cash amount.
--   * monthly_* = mrr_monthly(amount per interval, interval, interval_count), signed.
with lines as (

    select l.*, i.customer_id as invoice_customer_id, i.invoice_status
    from invoice_lines as l
    inner join invoices as i
        on l.invoice_id = i.invoice_id

),

resolved as (

    select
        l.*,
        coalesce(l.billing_interval, p.billing_interval) as resolved_interval,
        coalesce(l.interval_count, p.interval_count) as resolved_interval_count,
        coalesce(l.unit_amount_minor, p.unit_amount_minor) as resolved_unit_amount_minor,
        d.percent_off,
        d.amount_off_minor
    from lines as l
    left join prices as p
        on l.price_id = p.price_id
    left join discounts as d
        on l.discount_id = d.discount_id

),

-- contract amount per billing interval, in minor units
contract as (

    select
        *,
        case when line_type <> 'proration' then amount_minor - inclusive_tax_minor
             -- tax-inclusive price: keep the line's own pre-tax share of the full amount
             when inclusive_tax_minor <> 0 and amount_minor <> 0
             then cast(round(resolved_unit_amount_minor * quantity
                             * (abs(amount_minor) - abs(inclusive_tax_minor)) / abs(amount_minor), 0) as bigint)
             else cast(round(resolved_unit_amount_minor * quantity, 0) as bigint) end as contract_minor
    from resolved

),

billed as (

    select
        *,
        contract_minor - case
            when discount_minor = 0 then 0
            when line_type <> 'proration' then discount_minor
            -- a proration's discount is re-derived for the full-interval amount it stands for
            when percent_off is not null then percent_discount_minor(contract_minor, percent_off)
            when amount_off_minor is not null then least(amount_off_minor, contract_minor)
            else cast(round(contract_minor * discount_minor / abs(amount_minor), 0) as bigint)
        end as billed_minor
    from contract

),

stripe_segments as (

    select
        line_id as segment_id,
        'stripe' as billing_source,
        coalesce(customer_id, invoice_customer_id) as customer_id,
        subscription_id,
        subscription_item_id,
        price_id,
        invoice_id,
        currency,
        resolved_interval as billing_interval,
        resolved_interval_count as interval_count,
        is_proration,
        case when amount_minor < 0 then -1 else 1 end as sign,
        minor_to_major(contract_minor, currency) as contract_amount,
        minor_to_major(billed_minor, currency) as billed_amount,
        case
            when invoice_status not in ('paid', 'open') then 'invoice ' || coalesce(invoice_status, 'without status')
            when line_type = 'invoice_item' then 'one-time charge'
            when resolved_interval is null then 'price ' || coalesce(price_id, '(none)') || ' is not a known recurring price'
            when amount_minor = 0 then 'zero amount (trial or free)'
            when period_end_at <= period_start_at then 'service period is empty or ends before it starts'
        end as exclusion_reason,
        period_start_at as started_at,
        period_end_at as ended_at
    from billed

),

period_segments as (

    select
        'subscription_periods:' || subscription_id || ':' || cast(start_date as string) as segment_id,
        'subscription_periods' as billing_source,
        customer_id,
        subscription_id,
        cast(null as string) as subscription_item_id,
        plan_id as price_id,
        cast(null as string) as invoice_id,
        currency,
        billing_interval,
        interval_count,
        false as is_proration,
        1 as sign,
        amount as contract_amount,
        amount as billed_amount,
        case when amount = 0 then 'zero amount (trial or free)' end as exclusion_reason,
        cast(start_date as timestamp) as started_at,
        cast(end_date as timestamp) as ended_at
    from subscription_periods

),

unioned as (

    select * from stripe_segments
    union all
    select * from period_segments

),

final as (

    select
        ---------- ids
        segment_id,
        customer_id,
        subscription_id,
        subscription_item_id,
        price_id,
        invoice_id,
        ---------- dimensions
        billing_source,
        currency,
        billing_interval,
        interval_count,
        is_proration,
        exclusion_reason is null as counts_toward_mrr,
        exclusion_reason,
        ---------- amounts (per billing interval, then per month, signed)
        sign,
        contract_amount,
        billed_amount,
        case when exclusion_reason is null
             then cast(sign * mrr_monthly(contract_amount, billing_interval, interval_count) as decimal(24, 6))
        end as monthly_contract_amount,
        case when exclusion_reason is null
             then cast(sign * mrr_monthly(billed_amount, billing_interval, interval_count) as decimal(24, 6))
        end as monthly_billed_amount,
        ---------- timestamps
        started_at,
        ended_at
    from unioned

)

select * from final
