-- silver.fct_web_daily
-- Grain: one row per (site, activity_date, source) with source 'ga4' | 'plausible' | 'access_log'; the
-- sources measure differently and are never added together.
-- Definitions per source:
--   ga4         site = page hostname (the stream id when there is none); activity_date = event_date (the
--               property's time zone); visitors = distinct user_pseudo_id; sessions = distinct
--               (user_pseudo_id, ga_session_id); pageviews = page_view events; docs_pageviews = page_view
--               events on a docs.* host or under /docs; signups = sign_up events
--   plausible   site = the export's folder; activity_date in the site's time zone; visitors, pageviews and
--               sessions (= visits) as Plausible reports them; docs_pageviews and signups null (not in the
--               visitors report)
--   access_log  site = the log's folder; activity_date = UTC day; only non-bot docs page views count
--               (see stg_access_log__requests.is_docs_pageview): pageviews = docs_pageviews = their count
--               (the logs are the docs site's); visitors = distinct (client_key, user agent); sessions =
--               visits of one (client_key, user agent) with no gap over 30 minutes, on the day they start;
--               signups null. A day with requests but no such page view has zeros.
-- Inputs: ga4_events (silver.stg_ga4__events), plausible_visitors (silver.stg_plausible__visitors_daily),
-- access_requests (silver.stg_access_log__requests).
with ga4 as (

    select
        coalesce(hostname, stream_id)                                              as site,
        event_date                                                                 as activity_date,
        'ga4'                                                                      as source,
        count(distinct user_pseudo_id)                                             as visitors,
        count(distinct user_pseudo_id, ga_session_id)                              as sessions,
        count_if(event_name = 'page_view')                                         as pageviews,
        count_if(event_name = 'page_view'
                 and (hostname like 'docs.%' or page_path = '/docs' or page_path like '/docs/%')) as docs_pageviews,
        count_if(event_name = 'sign_up')                                           as signups
    from ga4_events
    group by 1, 2

),

plausible as (

    select
        site,
        activity_date,
        'plausible'              as source,
        visitors,
        visits                   as sessions,
        pageviews,
        cast(null as bigint)     as docs_pageviews,
        cast(null as bigint)     as signups
    from plausible_visitors

),

page_views as (

    select *,
        is_docs_pageview and coalesce(
            unix_seconds(request_at) - unix_seconds(lag(request_at) over (
                partition by site, client_key, user_agent, is_docs_pageview order by request_at)) > 1800,
            true) as starts_visit
    from access_requests

),

access_log as (

    select
        site,
        request_date                                                                 as activity_date,
        'access_log'                                                                 as source,
        count(distinct if(is_docs_pageview, client_key, null), if(is_docs_pageview, user_agent, null)) as visitors,
        count_if(starts_visit)                                                       as sessions,
        count_if(is_docs_pageview)                                                   as pageviews,
        count_if(is_docs_pageview)                                                   as docs_pageviews,
        cast(null as bigint)                                                         as signups
    from page_views
    group by 1, 2

)

select * from ga4
union all
select * from plausible
union all
select * from access_log
