-- Question: which paying organisations starred our repositories before their first payment, and how
-- long before?
-- Grain: one row per paying account whose first star came strictly before its first billed day.
-- Definition: first_star_date and first_payment_date of gold.account_journeys (through
-- analytics.paying_accounts): the first star of any linked GitHub user, and the earliest start of a
-- counted, positively billed recurring segment. days_from_first_star = the difference in days. A star
-- on the day of paying does not count (as for first_community_date in docs/funnel.md). Association,
-- not cause: a star is one touch among many.
-- Run: bin/warehouse sql "$(cat sql/examples/customers_who_starred_before_paying.sql)"
with paying as (

    select * from analytics.paying_accounts

)

select
    account_name,
    first_star_date,
    first_payment_date,
    datediff(first_payment_date, first_star_date) as days_from_first_star,
    first_plan,
    current_mrr,
    currency,
    account_id
from paying
where first_star_date < first_payment_date
order by days_from_first_star desc, account_id
