package io.osswarehouse.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Website traffic: GA4 BigQuery export NDJSON for the marketing site for the last {@link #GA4_DAYS} days
 * (page_view, session_start, first_visit and sign_up with method, e-mail and user_id), Apache combined
 * access logs of the docs site for the whole range (bots, assets, 304s with {@code -} bytes, junk
 * requests, lines written in completion order so times go backwards), and Plausible's visitors.csv for
 * the docs site (fewer pageviews than the log: ad blockers).
 */
final class WebEmitter {
  static final int GA4_DAYS = 45;
  static final String GA4_SITE = Community.PROJECT_DOMAIN;
  static final String DOCS_SITE = "docs";
  static final String STREAM_ID = "4182735509";
  private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
      Locale.ENGLISH);
  private static final String[] PAGES = {"/", "/pricing", "/docs", "/blog/delta-lake-warehouse", "/customers",
      "/about"};
  private static final String[] DOCS = {"/docs/", "/docs/getting-started", "/docs/landing", "/docs/configuration",
      "/docs/metrics", "/docs/deployment", "/docs/sql-models"};
  private static final String[] BROWSERS = {
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"};
  /** User agents of crawlers: their hits are not pageviews. */
  static final List<String> BOTS = List.of(
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
      "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)");
  private static final Map<String, String[]> GEO = Map.ofEntries(
      Map.entry("US", new String[] {"Americas", "Northern America", "United States", "California", "San Francisco"}),
      Map.entry("CA", new String[] {"Americas", "Northern America", "Canada", "Ontario", "Toronto"}),
      Map.entry("AU", new String[] {"Oceania", "Australasia", "Australia", "New South Wales", "Sydney"}),
      Map.entry("IN", new String[] {"Asia", "Southern Asia", "India", "Karnataka", "Bengaluru"}),
      Map.entry("SG", new String[] {"Asia", "Southeast Asia", "Singapore", "Singapore", "Singapore"}),
      Map.entry("BR", new String[] {"Americas", "South America", "Brazil", "Sao Paulo", "Sao Paulo"}),
      Map.entry("DE", new String[] {"Europe", "Western Europe", "Germany", "Berlin", "Berlin"}),
      Map.entry("FR", new String[] {"Europe", "Western Europe", "France", "Ile-de-France", "Paris"}),
      Map.entry("NL", new String[] {"Europe", "Western Europe", "Netherlands", "North Holland", "Amsterdam"}),
      Map.entry("ES", new String[] {"Europe", "Southern Europe", "Spain", "Madrid", "Madrid"}),
      Map.entry("GB", new String[] {"Europe", "Northern Europe", "United Kingdom", "England", "London"}),
      Map.entry("JP", new String[] {"Asia", "Eastern Asia", "Japan", "Tokyo", "Tokyo"}),
      Map.entry("KW", new String[] {"Asia", "Western Asia", "Kuwait", "Al Asimah", "Kuwait City"}));

  private final Community community;
  private final LandingFiles out;
  private final CommunityTruth truth;
  private final Background background;
  private final long seed;
  private final Set<String> seenVisitors = new HashSet<>(); // membership only

  WebEmitter(Community community, LandingFiles out, CommunityTruth truth, Background background) {
    this.community = community;
    this.out = out;
    this.truth = truth;
    this.background = background;
    this.seed = community.world.seed();
  }

  void emit() {
    LocalDate end = community.end;
    LocalDate start = community.world.start();
    LocalDate ga4From = end.minusDays(GA4_DAYS - 1).isBefore(start) ? start : end.minusDays(GA4_DAYS - 1);
    for (LocalDate d = ga4From; !d.isAfter(end); d = d.plusDays(1)) {
      ga4Day(d);
    }
    String plausible = "web/plausible/" + DOCS_SITE + "/visitors.csv";
    out.header(plausible, "date,visitors,pageviews,visits,views_per_visit,bounce_rate,visit_duration");
    for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
      docsDay(d, plausible);
    }
  }

  private record Visitor(String pseudoId, Organization org, String country) {}

  /** One GA4 day file: sessions of the organisations' people (by demand) and of anonymous visitors. */
  private void ga4Day(LocalDate day) {
    String file = "web/ga4/events_" + day.toString().replace("-", "") + ".json.gz";
    out.touch(file);
    long pageviews = 0;
    long signups = 0;
    for (Organization org : community.world.organizations()) {
      LocalDate signup = community.signedUp.get(org.id());
      double demand = community.demand(org, day);
      SplittableRandom rnd = Seeds.stream(seed, org.index() * 100_000L + day.toEpochDay(), "ga4");
      int sessions = Seeds.poisson(rnd, demand * 0.08) + (day.equals(signup) ? 1 : 0);
      for (int s = 0; s < sessions; s++) {
        Visitor v = new Visitor(pseudoId(org.index(), rnd.nextInt(3)), org, org.country());
        boolean signs = day.equals(signup) && s == sessions - 1;
        pageviews += session(file, day, rnd, v, signs);
        signups += signs ? 1 : 0;
      }
    }
    SplittableRandom rnd = Seeds.stream(seed, day.toEpochDay(), "ga4-anonymous");
    int anonymous = Seeds.poisson(rnd, 20);
    for (int s = 0; s < anonymous; s++) {
      String country = List.of("US", "DE", "IN", "GB", "BR", "FR").get(rnd.nextInt(6));
      pageviews += session(file, day, rnd, new Visitor(pseudoId(0, rnd.nextInt(50_000)), null, country), false);
    }
    truth.web(GA4_SITE, day, "ga4", pageviews, signups);
  }

  private String pseudoId(int owner, int n) {
    long h = Seeds.mix(seed * 31 + owner * 1_000_003L + n);
    return Long.toString(100_000_000L + Math.floorMod(h, 1_900_000_000L)) + "." + (1_700_000_000L + Math.floorMod(h >>> 20, 60_000_000L));
  }

  /** Emits one session; returns its page_view count. The sign-up comes last, with the new user_id. */
  private long session(String file, LocalDate day, SplittableRandom rnd, Visitor v, boolean signs) {
    long startMicros = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L
        + rnd.nextLong(20L * 3600 * 1_000_000L);
    long sessionId = startMicros / 1_000_000L;
    String firstTouch = v.pseudoId().substring(v.pseudoId().indexOf('.') + 1) + "000000";
    boolean first = seenVisitors.add(v.pseudoId());
    long t = startMicros;
    String browser = BROWSERS[rnd.nextInt(BROWSERS.length)];
    String[] source = rnd.nextDouble() < 0.5 ? new String[] {"(organic)", "organic", "google"}
        : new String[] {"(referral)", "referral", "github.com"};
    int views = 1 + rnd.nextInt(4);
    for (int i = 0; i < views; i++) {
      String page = PAGES[rnd.nextInt(PAGES.length)];
      if (i == 0) {
        if (first) {
          event(file, day, t, "first_visit", v, null, sessionId, page, browser, source, firstTouch, null);
        }
        event(file, day, t, "session_start", v, null, sessionId, page, browser, source, firstTouch, null);
      }
      event(file, day, t, "page_view", v, null, sessionId, page, browser, source, firstTouch, null);
      t += 5_000_000L + rnd.nextLong(120_000_000L);
    }
    if (signs) {
      SplittableRandom who = Seeds.stream(seed, v.org().index(), "web-signup");
      String userId = "usr_" + Long.toString(Math.floorMod(Seeds.mix(seed + v.org().index() * 7L), 1L << 40), 36);
      boolean work = who.nextDouble() < 0.8;
      String local = "signup" + v.org().index();
      String email = local + "@" + (work ? v.org().domain() : Community.FREE_MAIL);
      event(file, day, t, "sign_up", v, userId, sessionId, "/signup", browser, source, firstTouch,
          new String[] {who.nextBoolean() ? "email" : "github", email});
      truth.identity("web_user", userId, v.org().id(), day, null, work, work ? "company-email" : "free-mail");
      truth.funnel.signUp(v.org(), day, work);
    }
    return views;
  }

  private void event(String file, LocalDate day, long micros, String name, Visitor v, String userId, long sessionId,
      String page, String browser, String[] source, String firstTouch, String[] signup) {
    ObjectNode n = GithubJson.F.objectNode();
    n.put("event_date", day.toString().replace("-", ""));
    n.put("event_timestamp", Long.toString(micros));
    n.put("event_name", name);
    ArrayNode params = n.putArray("event_params");
    intParam(params, "ga_session_id", sessionId);
    intParam(params, "ga_session_number", 1 + Math.floorMod(sessionId, 7));
    stringParam(params, "page_location", "https://" + GA4_SITE + page);
    stringParam(params, "page_title", page.equals("/") ? "osswh: open-source analytics warehouse"
        : page.substring(1) + " | osswh");
    intParam(params, "engaged_session_event", 1);
    if (signup != null) {
      stringParam(params, "method", signup[0]);
      stringParam(params, "email", signup[1]);
    }
    n.putNull("event_previous_timestamp");
    n.putNull("event_value_in_usd");
    n.put("event_bundle_sequence_id", Long.toString(micros / 1_000 % 2_000_000_000L));
    n.putNull("event_server_timestamp_offset");
    if (userId == null) {
      n.putNull("user_id");
    } else {
      n.put("user_id", userId);
    }
    n.put("user_pseudo_id", v.pseudoId());
    ObjectNode privacy = n.putObject("privacy_info");
    privacy.putNull("analytics_storage");
    privacy.putNull("ads_storage");
    privacy.put("uses_transient_token", "No");
    n.putArray("user_properties");
    n.put("user_first_touch_timestamp", firstTouch);
    ObjectNode ltv = n.putObject("user_ltv");
    ltv.put("revenue", "0.0");
    ltv.put("currency", "USD");
    ObjectNode device = n.putObject("device");
    device.put("category", "desktop");
    device.putNull("mobile_brand_name");
    device.putNull("mobile_model_name");
    device.putNull("mobile_marketing_name");
    device.putNull("mobile_os_hardware_model");
    device.put("operating_system", browser.contains("Macintosh") ? "Macintosh" : browser.contains("Linux") ? "Linux"
        : "Windows");
    device.putNull("operating_system_version");
    device.putNull("vendor_id");
    device.putNull("advertising_id");
    device.put("language", "en-us");
    device.put("is_limited_ad_tracking", "No");
    device.putNull("time_zone_offset_seconds");
    device.putNull("browser");
    device.putNull("browser_version");
    ObjectNode web = device.putObject("web_info");
    web.put("browser", browser.contains("Firefox") ? "Firefox" : "Chrome");
    web.put("browser_version", browser.contains("Firefox") ? "133.0" : "131.0.0.0");
    web.put("hostname", GA4_SITE);
    String[] g = GEO.getOrDefault(v.country(), GEO.get("US"));
    ObjectNode geo = n.putObject("geo");
    geo.put("continent", g[0]);
    geo.put("country", g[2]);
    geo.put("region", g[3]);
    geo.put("city", g[4]);
    geo.put("sub_continent", g[1]);
    geo.put("metro", "(not set)");
    n.putNull("app_info");
    ObjectNode traffic = n.putObject("traffic_source");
    traffic.put("name", source[0]);
    traffic.put("medium", source[1]);
    traffic.put("source", source[2]);
    n.put("stream_id", STREAM_ID);
    n.put("platform", "WEB");
    n.putNull("event_dimensions");
    n.putNull("ecommerce");
    n.putArray("items");
    out.add(file, Instant.ofEpochSecond(micros / 1_000_000L, micros % 1_000_000L * 1_000L), GithubJson.write(n));
  }

  private static void intParam(ArrayNode params, String key, long value) {
    ObjectNode v = param(params, key);
    v.putNull("string_value");
    v.put("int_value", Long.toString(value)); // BigQuery's JSON export quotes INT64
    v.putNull("float_value");
    v.putNull("double_value");
  }

  private static void stringParam(ArrayNode params, String key, String value) {
    ObjectNode v = param(params, key);
    v.put("string_value", value);
    v.putNull("int_value");
    v.putNull("float_value");
    v.putNull("double_value");
  }

  private static ObjectNode param(ArrayNode params, String key) {
    ObjectNode p = params.addObject();
    p.put("key", key);
    return p.putObject("value");
  }

  /**
   * A day of the docs site: human pageviews (by demand) with some asset hits and 404s, crawler hits and a
   * junk request, in the month's log; Plausible sees about three quarters of the human pageviews.
   */
  private void docsDay(LocalDate day, String plausible) {
    String file = "web/access_logs/" + DOCS_SITE + "/access-" + day.toString().substring(0, 7) + ".log.gz";
    SplittableRandom rnd = Seeds.stream(seed, day.toEpochDay(), "docs");
    double demand = 0;
    for (Organization org : community.world.organizations()) {
      demand += community.demand(org, day);
    }
    long midnight = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    int views = Seeds.poisson(rnd, demand * 0.03 + 5 + background.docsPageviewsPerDay());
    long tracked = 0;
    Set<String> visitors = new HashSet<>(); // counted only
    for (int i = 0; i < views; i++) {
      String ip = "198.51." + rnd.nextInt(100) + "." + (1 + rnd.nextInt(250));
      String ua = BROWSERS[rnd.nextInt(BROWSERS.length)];
      long at = midnight + rnd.nextInt(86_400);
      String page = DOCS[rnd.nextInt(DOCS.length)];
      log(file, rnd, at, ip, "GET " + page + " HTTP/1.1", 200, 9_000 + rnd.nextInt(30_000),
          rnd.nextBoolean() ? "https://" + GA4_SITE + "/" : "https://www.google.com/", ua);
      if (rnd.nextDouble() < 0.4) { // stylesheet: cached (304, no body) or fetched
        boolean cached = rnd.nextBoolean();
        log(file, rnd, at, ip, "GET /docs/static/site.css HTTP/1.1", cached ? 304 : 200,
            cached ? 0 : 18_204, "https://docs." + GA4_SITE + page, ua);
      }
      if (rnd.nextDouble() < 0.75) {
        tracked++;
        visitors.add(ip);
      }
    }
    if (rnd.nextDouble() < 0.5) {
      log(file, rnd, midnight + rnd.nextInt(86_400), "203.0.113." + rnd.nextInt(250), "GET /docs/old-install HTTP/1.1",
          404, 512, null, BROWSERS[0]);
    }
    int crawls = Seeds.poisson(rnd, 15);
    for (int i = 0; i < crawls; i++) {
      log(file, rnd, midnight + rnd.nextInt(86_400), "66.249.66." + rnd.nextInt(250),
          "GET " + DOCS[rnd.nextInt(DOCS.length)] + " HTTP/1.1", 200, 9_000 + rnd.nextInt(30_000), null,
          BOTS.get(rnd.nextInt(BOTS.size())));
    }
    log(file, rnd, midnight + rnd.nextInt(86_400), "192.0.2." + rnd.nextInt(250), null, 400, 0, null, null);
    truth.web(DOCS_SITE, day, "access_log", views, 0);
    long visits = visitors.size();
    if (tracked == 0) {
      out.add(plausible, Instant.ofEpochSecond(midnight), day + ",0,0,0,0.0,,");
    } else {
      long bounce = 40 + rnd.nextInt(30);
      out.add(plausible, Instant.ofEpochSecond(midnight), day + "," + visits + "," + tracked + "," + visits + ","
          + String.format(Locale.ROOT, "%.1f", (double) tracked / visits) + "," + bounce + "," + (30 + rnd.nextInt(200)));
    }
    truth.web(DOCS_SITE, day, "plausible", tracked, 0);
  }

  /** A combined-format line, ordered in the file by completion time (up to two minutes after the request). */
  private void log(String file, SplittableRandom rnd, long at, String ip, String request, int status, int bytes,
      String referer, String agent) {
    String line = ip + " - - [" + LOG_TIME.format(Instant.ofEpochSecond(at).atZone(ZoneOffset.UTC)) + "] \""
        + (request == null ? "-" : request) + "\" " + status + " " + (bytes == 0 ? "-" : Integer.toString(bytes))
        + " \"" + (referer == null ? "-" : referer) + "\" \"" + (agent == null ? "-" : agent) + "\"";
    out.add(file, Instant.ofEpochSecond(at + rnd.nextInt(120)), line);
  }
}
