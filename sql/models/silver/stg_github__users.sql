-- silver.stg_github__users
-- Grain: one row per user_id seen in a GitHub REST response: a profile (GET /users/{login}, endpoint
-- users), a contributor or a stargazer (their brief user objects).
-- login and type come from the latest snapshot that showed the user (snapshot_date); company, e-mail and
-- blog only from the latest profile (profile_snapshot_date; null when no profile was fetched).
-- company is the raw profile text. company_domain is set only from evidence that names a domain, in this
-- order (company_domain_source): 'company' when the company text itself is a domain ("acme.io",
-- "@acme.io"; not "Acme Inc" nor an "@acme" organisation mention), 'email' when the public profile e-mail
-- has a non-free-mail domain, 'blog' when the blog URL's host is not free mail nor a hosting platform
-- (github.io, medium.com, ...). Raw e-mail addresses never reach silver: email_sha256 (salted) and
-- email_domain only.
-- Bots are flagged by rule (type 'Bot' or a login ending in [bot]), not dropped.
-- Inputs: github_rest (bronze.github__rest_records, latest landed version of each file).
with profiles as (

    select
        snapshot_date,
        _ingested_at,
        _source_file,
        _record_position,
        from_json(raw_json, 'id bigint, login string, type string, company string, email string, blog string') as u
    from github_rest
    where endpoint = 'users'

),

sightings as (

    select u.id as user_id, u.login, u.type, snapshot_date, _ingested_at, _source_file, _record_position
    from profiles

    union all

    select c.id, c.login, c.type, snapshot_date, _ingested_at, _source_file, _record_position
    from (
        select *, from_json(raw_json, 'id bigint, login string, type string') as c
        from github_rest
        where endpoint = 'contributors'
    )
    where c.id is not null

    union all

    select s.user.id, s.user.login, s.user.type, snapshot_date, _ingested_at, _source_file, _record_position
    from (
        select *, from_json(raw_json, 'user struct<id: bigint, login: string, type: string>') as s
        from github_rest
        where endpoint = 'stargazers'
    )

),

latest_sighting as (

    select *, row_number() over (
        partition by user_id
        order by snapshot_date desc, _ingested_at desc, _source_file desc, _record_position desc) as version
    from sightings

),

latest_profile as (

    select
        u.id as user_id,
        snapshot_date as profile_snapshot_date,
        nullif(trim(u.company), '') as company,
        u.email,
        lower(regexp_extract(trim(u.blog), '^(?i)(?:[a-z]+://)?(?:www\\.)?([^/:?#]+)', 1)) as blog_host,
        row_number() over (
            partition by u.id
            order by snapshot_date desc, _ingested_at desc, _source_file desc, _record_position desc) as version
    from profiles

),

domains as (

    select
        *,
        -- "Vue.js"-style project names are shaped like domains: a .js ending is not taken for one
        if(company not rlike '(?i)\\.js$', company_domain(regexp_replace(company, '^@', '')), null) as company_text_domain,
        company_domain(email) as email_company_domain,
        if(blog_host rlike '(^|\\.)(github\\.io|gitlab\\.io|github\\.com|gitlab\\.com|medium\\.com|linkedin\\.com'
            || '|twitter\\.com|x\\.com|substack\\.com|blogspot\\.com|wordpress\\.com|dev\\.to|about\\.me'
            || '|facebook\\.com|instagram\\.com|youtube\\.com|notion\\.site|vercel\\.app|netlify\\.app)$',
            null, company_domain(blog_host)) as blog_company_domain
    from latest_profile
    where version = 1

)

select
    s.user_id,
    s.login as user_login,
    s.type as user_type,
    coalesce(s.type = 'Bot' or s.login like '%[bot]', false) as is_bot,
    d.company,
    coalesce(d.company_text_domain, d.email_company_domain, d.blog_company_domain) as company_domain,
    case
        when d.company_text_domain is not null then 'company'
        when d.email_company_domain is not null then 'email'
        when d.blog_company_domain is not null then 'blog'
    end as company_domain_source,
    email_sha256(d.email) as email_sha256,
    email_domain(d.email) as email_domain,
    s.snapshot_date,
    d.profile_snapshot_date
from latest_sighting as s
left join domains as d
    on d.user_id = s.user_id
where s.version = 1
