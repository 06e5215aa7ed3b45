-- silver.fct_github_stars_daily
-- Grain: one row per (repo_name, star_date), every UTC day from the repository's first star to its
-- latest stargazers snapshot (days without a new star have stars_new = 0).
-- Definitions (the way GitHub's own star history is drawn):
--   stars_new      current stargazers (is_current) whose starred_at falls on the day
--   bot_stars_new  of those, stargazers flagged as bots
--   stars_total    running sum of stars_new: the stars the repository has today that were given by the
--                  end of the day. Unstars are invisible (the unstarred user simply vanishes from the
--                  list and from every earlier day), so a past day's total can go down after an unstar
--                  and is not the count GitHub showed on that day; a re-star moves to its new date.
--   snapshot_date  the stargazers snapshot the row is computed from
-- Inputs: stargazers (silver.stg_github__stargazers).
with current_stars as (

    select repo_name, star_date, is_bot, snapshot_date
    from stargazers
    where is_current

),

days as (

    select repo_name, snapshot_date, explode(sequence(min(star_date), max(snapshot_date))) as star_date
    from current_stars
    group by repo_name, snapshot_date

),

new_stars as (

    select repo_name, star_date, count(*) as stars_new, count_if(is_bot) as bot_stars_new
    from current_stars
    group by repo_name, star_date

)

select
    d.repo_name,
    d.star_date,
    coalesce(n.stars_new, 0) as stars_new,
    coalesce(n.bot_stars_new, 0) as bot_stars_new,
    sum(coalesce(n.stars_new, 0)) over (partition by d.repo_name order by d.star_date) as stars_total,
    d.snapshot_date
from days as d
left join new_stars as n
    on n.repo_name = d.repo_name
   and n.star_date = d.star_date
