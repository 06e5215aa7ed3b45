-- silver.stg_billing__fx_rates
-- Grain: one row per (rate_date, currency): reporting-currency units per one unit of `currency`.
-- The most recently landed value wins, so a corrected rate file replaces the earlier value.
-- Input view: fx_rates (bronze.billing__fx_rates).
with ranked as (

    select *,
           row_number() over (partition by date, currency
                              order by _ingested_at desc, _source_file desc, _record_position desc) as rn
    from fx_rates

)

select
    cast(date as date) as rate_date,
    upper(currency) as currency,
    cast(rate as decimal(24, 10)) as rate
from ranked
where rn = 1
