-- int_github_archive_days (computed in memory, not stored)
-- Grain: one row per UTC day (hour_date) covered by silver.stg_github__archive_hours.
-- Definition: is_day_complete = all 24 GH Archive hours of the day are loaded or empty (none missing,
-- duplicate or rejected), so a zero that day means zero rather than a gap. The one definition used by
-- fct_github_repo_daily and by the refresh of days whose coverage changed without new events.
-- Input view: archive_hours (silver.stg_github__archive_hours).
select
    hour_date,
    count_if(status in ('loaded', 'empty')) = 24 as is_day_complete,
    24 - count_if(status in ('loaded', 'empty')) as hours_not_covered
from archive_hours
group by hour_date
