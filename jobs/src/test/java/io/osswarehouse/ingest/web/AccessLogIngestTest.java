package io.osswarehouse.ingest.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.osswarehouse.common.Emails;
import io.osswarehouse.testing.Samples;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import io.osswarehouse.testing.WebRun;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Combined access logs through ingest and silver: the real Apache sample and the format's traps. */
class AccessLogIngestTest extends SparkTestBase {
  @TempDir
  Path root;

  private Path logs() throws IOException {
    return Files.createDirectories(root.resolve("landing/web/access_logs"));
  }

  @Test
  void realApacheLogOutOfOrderWithBots() throws IOException {
    Path site = Files.createDirectories(logs().resolve("semicomplete.com"));
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(site.resolve("access.log.2.gz")))) {
      out.write(Samples.bytes("web_traffic/access_logs/apache_combined_semicomplete_2015-05-17_first60.log"));
    }
    WebRun.run(session(), root, 0.05);

    // Lines are not in time order: the first line is not the earliest request.
    assertEquals(List.of("60 | 15 | 2015-05-17 10:05:00.0 | 2015-05-17 10:05:59.0 | 2015-05-17 10:05:03.0"),
        Tables.lines(session().sql("select count(*), count_if(is_bot), min(request_at), max(request_at),"
            + " max_by(request_at, -_record_position) from silver.stg_access_log__requests")));
    assertEquals(List.of("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; archive.org_bot +http://www.archive.org/details/archive.org_bot)",
            "Tiny Tiny RSS/1.11 (http://tt-rss.org/)", "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/",
            "null"),
        Tables.lines(session().sql("select distinct user_agent from silver.stg_access_log__requests"
            + " where is_bot and coalesce(user_agent, '-') not like '%iPhone%'")));
    // The docs page views: non-bot GETs of HTML pages (the other 39 human requests are assets).
    assertEquals(List.of("/", "/articles/dynamic-dns-with-dhcp/", "/blog/geekery/installing-windows-8-consumer-preview.html",
            "/blog/geekery/xvfb-firefox.html", "/blog/tags/web", "/projects/xdotool/"),
        Tables.lines(session().sql("select path from silver.stg_access_log__requests where is_docs_pageview")));
    assertEquals(List.of("semicomplete.com | 2015-05-17 | 5 | 5 | 6 | 6 | null"), Tables.lines(session().sql(
        "select site, activity_date, visitors, sessions, pageviews, docs_pageviews, signups from silver.fct_web_daily")));
    // The client IP is kept only as a salted hash.
    assertEquals(List.of("23"), Tables.lines(session().sql("select count(*) from silver.stg_access_log__requests"
        + " where client_key = '" + Emails.pseudonymize("83.149.9.216", "test-salt-not-secret") + "'")));
    assertFalse(session().table("silver.stg_access_log__requests").toJSON().collectAsList().toString()
        .contains("83.149.9.216"));
  }

  @Test
  void formatTrapsAndAGrowingLiveLog() throws IOException {
    List<String> lines = List.of(
        // nginx: 0 bytes written as 0; the local time is two hours ahead of UTC (so the previous UTC day).
        "10.0.0.1 - - [01/Jan/2025:01:30:00 +0200] \"GET /docs/ HTTP/1.1\" 304 0 \"-\" \"Mozilla/5.0 (X11)\"",
        // Apache: 0 bytes written as '-'; HEAD is not a page view.
        "10.0.0.1 - alice [01/Jan/2025:00:10:00 +0000] \"HEAD /docs/ HTTP/1.1\" 200 - \"-\" \"Mozilla/5.0 (X11)\"",
        // TLS handshake sent to the HTTP port, and an empty request: kept, without method or path.
        "10.0.0.2 - - [01/Jan/2025:00:11:00 +0000] \"\\x16\\x03\\x01\\x02\\x00\\x01\" 400 157 \"-\" \"-\"",
        "10.0.0.3 - - [01/Jan/2025:00:12:00 +0000] \"-\" 408 0 \"-\" \"-\"",
        "garbage line here",
        // Common log format (no referrer, no user agent) is not the combined format.
        "10.0.0.4 - - [01/Jan/2025:00:13:00 +0000] \"GET / HTTP/1.1\" 200 512",
        "10.0.0.5 - - [01/Jan/2025:00:14:00 +0000] \"GET /docs/intro HTTP/1.1\" 200 100 \"-\" "
            + "\"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)\"",
        "10.0.0.1 - - [01/Jan/2025:00:50:00 +0000] \"GET /docs/a.html HTTP/1.1\" 200 900 \"-\" \"Mozilla/5.0 (X11)\"",
        "10.0.0.1 - - [01/Jan/2025:00:50:01 +0000] \"GET /docs/style.css HTTP/1.1\" 200 300 \"-\" \"Mozilla/5.0 (X11)\"");
    Path log = logs().resolve("access.log");
    Files.writeString(log, String.join("\n", lines) + "\n");
    WebRun.run(session(), root, 0.5);

    assertEquals(List.of(
            "2024-12-31 23:30:00.0 | GET | /docs/ | 304 | 0 | false | true",
            "2025-01-01 00:10:00.0 | HEAD | /docs/ | 200 | null | false | false",
            "2025-01-01 00:11:00.0 | null | null | 400 | 157 | true | false",
            "2025-01-01 00:12:00.0 | null | null | 408 | 0 | true | false",
            "2025-01-01 00:14:00.0 | GET | /docs/intro | 200 | 100 | true | false",
            "2025-01-01 00:50:00.0 | GET | /docs/a.html | 200 | 900 | false | true",
            "2025-01-01 00:50:01.0 | GET | /docs/style.css | 200 | 300 | false | false"),
        Tables.lines(session().sql("select request_at, method, path, status, bytes, is_bot, is_docs_pageview"
            + " from silver.stg_access_log__requests where site = 'default'")));
    assertEquals(List.of("5 | not an Apache/nginx combined log line", "6 | not an Apache/nginx combined log line"),
        Tables.lines(session().sql("select _record_position, reason from bronze.quarantine")));

    // The live log grew: landed again with its old lines and one more; each request still counts once.
    Files.writeString(log, String.join("\n", lines) + "\n"
        + "10.0.0.1 - - [01/Jan/2025:00:55:00 +0000] \"GET /docs/b.html HTTP/1.1\" 200 900 \"-\" \"Mozilla/5.0 (X11)\"\n");
    WebRun.run(session(), root, 0.5);
    List<String> expected = List.of("default | 2024-12-31 | 1 | 1 | 1", "default | 2025-01-01 | 1 | 1 | 2");
    assertEquals(expected, Tables.lines(session().sql("select site, activity_date, visitors, sessions, pageviews"
        + " from silver.fct_web_daily")));
    assertEquals(List.of("8"), Tables.lines(session().sql("select count(*) from silver.stg_access_log__requests")));
    // only the new request was written: the others keep their first copy (and the run that wrote it)
    assertEquals(List.of("2 | 8"), Tables.lines(session().sql("select count(distinct _run_id), count(*)"
        + " from silver.stg_access_log__requests")));
    WebRun.run(session(), root, 0.5);
    assertEquals(expected, Tables.lines(session().sql("select site, activity_date, visitors, sessions, pageviews"
        + " from silver.fct_web_daily")));
  }
}
