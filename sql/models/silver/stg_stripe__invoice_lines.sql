-- silver.stg_stripe__invoice_lines
-- Grain: one row per invoice line item (line_id), from lines embedded in invoices and from
-- standalone `line_item` objects not already embedded.
-- Input view: stripe_objects.
-- API shapes: legacy lines carry `type` (subscription|invoiceitem), `proration`, an embedded
-- `price`/`plan` and `tax_amounts`; basil lines carry `pricing.price_details`, `parent.*_details`
-- (with `proration`) and `taxes`. `amount` is before discounts and excludes exclusive taxes.
with invoices as (

    select
        get_json_object(raw_json, '$.id') as invoice_id,
        get_json_object(raw_json, '$.customer') as customer_id,
        coalesce(get_json_object(raw_json, '$.parent.subscription_details.subscription'),
                 get_json_object(raw_json, '$.subscription')) as invoice_subscription_id,
        from_json(get_json_object(raw_json, '$.lines.data'), 'array<string>') as line_json
    from stripe_objects
    where object_type = 'invoice'

),

embedded as (

    select invoice_id, customer_id, invoice_subscription_id, line
    from invoices
    lateral view explode(line_json) l as line

),

standalone as (

    select
        get_json_object(raw_json, '$.invoice') as invoice_id,
        cast(null as string) as customer_id,
        cast(null as string) as invoice_subscription_id,
        raw_json as line
    from stripe_objects
    where object_type = 'line_item'
      and object_id not in (select get_json_object(line, '$.id') from embedded)

),

parsed as (

    select
        invoice_id,
        customer_id,
        invoice_subscription_id,
        line,
        from_json(line, 'id string, invoice string, amount bigint, currency string, description string,
            quantity bigint, type string, proration boolean,
            period struct<start: bigint, end: bigint>,
            price struct<id: string, product: string, type: string, unit_amount: bigint,
                recurring: struct<interval: string, interval_count: int>>,
            plan struct<id: string, product: string, amount: bigint, interval: string, interval_count: int>,
            subscription string, subscription_item string,
            discounts array<string>,
            discount_amounts array<struct<amount: bigint, discount: string>>,
            tax_amounts array<struct<amount: bigint, inclusive: boolean>>,
            taxes array<struct<amount: bigint, tax_behavior: string>>,
            pricing struct<type: string, unit_amount_decimal: string, price_details: struct<price: string, product: string>>,
            parent struct<type: string,
                subscription_item_details: struct<subscription: string, subscription_item: string, proration: boolean>,
                invoice_item_details: struct<invoice_item: string, proration: boolean, subscription: string>>') as l
    from (select * from embedded union all select * from standalone)

),

normalised as (

    select
        l.id as line_id,
        coalesce(invoice_id, l.invoice) as invoice_id,
        customer_id,
        coalesce(l.subscription, l.parent.subscription_item_details.subscription,
                 l.parent.invoice_item_details.subscription, invoice_subscription_id) as subscription_id,
        coalesce(l.subscription_item, l.parent.subscription_item_details.subscription_item) as subscription_item_id,
        coalesce(l.price.id, l.plan.id, l.pricing.price_details.price) as price_id,
        coalesce(l.price.product, l.plan.product, l.pricing.price_details.product) as product_id,
        coalesce(l.proration, l.parent.subscription_item_details.proration,
                 l.parent.invoice_item_details.proration, false) as is_proration,
        coalesce(l.type, case l.parent.type when 'subscription_item_details' then 'subscription'
                                            when 'invoice_item_details' then 'invoiceitem' end) as source_line_type,
        coalesce(l.quantity, 1) as quantity,
        upper(l.currency) as currency,
        l.amount as amount_minor,
        coalesce(cast(l.price.unit_amount as decimal(24, 6)), cast(l.plan.amount as decimal(24, 6)),
                 cast(l.pricing.unit_amount_decimal as decimal(24, 6))) as unit_amount_minor,
        coalesce(l.price.recurring.interval, l.plan.interval) as billing_interval,
        coalesce(l.price.recurring.interval_count, l.plan.interval_count) as interval_count,
        coalesce(aggregate(l.discount_amounts, 0L, (acc, d) -> acc + d.amount), 0L) as discount_minor,
        coalesce(l.discount_amounts[0].discount, l.discounts[0]) as discount_id,
        coalesce(aggregate(l.tax_amounts, 0L, (acc, t) -> acc + case when t.inclusive then t.amount else 0L end), 0L)
          + coalesce(aggregate(l.taxes, 0L, (acc, t) -> acc + case when t.tax_behavior = 'inclusive' then t.amount else 0L end), 0L)
          as inclusive_tax_minor,
        coalesce(aggregate(l.tax_amounts, 0L, (acc, t) -> acc + case when t.inclusive then 0L else t.amount end), 0L)
          + coalesce(aggregate(l.taxes, 0L, (acc, t) -> acc + case when t.tax_behavior = 'inclusive' then 0L else t.amount end), 0L)
          as exclusive_tax_minor,
        timestamp_seconds(l.period.start) as period_start_at,
        timestamp_seconds(l.period.end) as period_end_at,
        case when l.pricing is not null or l.parent is not null then 'basil' else 'legacy' end as api_shape
    from parsed

),

final as (

    select
        ---------- ids
        line_id,
        invoice_id,
        customer_id,
        subscription_id,
        subscription_item_id,
        price_id,
        product_id,
        discount_id,
        ---------- dimensions
        case when is_proration then 'proration'
             when source_line_type = 'subscription' then 'subscription'
             else 'invoice_item' end as line_type,
        is_proration,
        currency,
        billing_interval,
        interval_count,
        api_shape,
        ---------- amounts (minor units, as Stripe sends them, plus major units)
        quantity,
        amount_minor,
        unit_amount_minor,
        discount_minor,
        inclusive_tax_minor,
        exclusive_tax_minor,
        minor_to_major(amount_minor, currency) as amount,
        minor_to_major(discount_minor, currency) as discount_amount,
        ---------- timestamps
        period_start_at,
        period_end_at
    from normalised

)

select * from final
