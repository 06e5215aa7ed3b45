-- silver.stg_access_log__requests
-- Grain: one row per request line of the docs site's access logs, deduplicated across landed files.
-- Key: request_key = sha2(site | raw line | occurrence). A live access.log that grew is landed again
--   with the old lines in it, and rotation re-delivers lines under new names: a line counts once per
--   occurrence within one file (identical lines in one file are separate requests), so the union of
--   all landed files keeps each request once.
-- Privacy: the client IP is never stored; client_key = email_sha256(client_ip), the warehouse's salted
--   SHA-256. The remote user is dropped.
-- Definitions:
--   request_at     the line's own time and offset, in UTC; request_date is its UTC day
--   is_bot         user agent missing, or naming a crawler, feed reader or HTTP library (Googlebot,
--                  bingbot, Baiduspider, archive.org_bot, …bot/crawl/spider, RSS/feed readers, curl…)
--   is_page        an HTML page: the path has no file extension or an HTML one (.html, .php…), so
--                  assets (.css, .js, .png, .ico…) are not pages
--   is_docs_pageview  GET of a page answered 2xx or 304, by a non-bot
-- Inputs: access_log_lines (bronze.web__access_logs: the lines of the files not yet in silver; the stage
--   inserts the requests whose key is new, so the first landed copy of a request stays).
with occurrences as (

    select *,
        row_number() over (partition by _file_sha256, raw_line order by _record_position) as occurrence
    from access_log_lines

),

deduplicated as (

    select *,
        row_number() over (partition by site, raw_line, occurrence order by _ingested_at, _source_file) as copy
    from occurrences

),

typed as (

    select *,
        nullif(regexp_extract(target, '^[^?#]*', 0), '')                as path,
        nullif(regexp_extract(target, '\\?([^#]*)', 1), '')             as query,
        user_agent is null
            or lower(user_agent) rlike '(bot|crawl|spider|slurp|archive\\.org|feed|rss|fetcher|facebookexternalhit|curl|wget|python-|java/|go-http-client|okhttp|libwww|scrapy|headless|pingdom|uptime)'
                                                                         as is_bot
    from deduplicated
    where copy = 1

),

classified as (

    select *,
        path is not null
            and (lower(path) not rlike '\\.[a-z0-9]{1,5}$' or lower(path) rlike '\\.(html?|xhtml|php|aspx?|jsp|shtml)$')
                                                                         as is_page
    from typed

)

select
    sha2(concat_ws('|', site, raw_line, cast(occurrence as string)), 256) as request_key,
    site,
    request_at,
    to_date(request_at)                                                  as request_date,
    email_sha256(client_ip)                                              as client_key,
    method,
    path,
    query,
    protocol,
    status,
    bytes,
    referrer,
    user_agent,
    is_bot,
    is_page,
    coalesce(method = 'GET' and (status between 200 and 299 or status = 304) and is_page and not is_bot, false)
                                                                         as is_docs_pageview,
    _source_file,
    _record_position
from classified
