package io.osswarehouse.silver.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.ingest.web.Ga4EventsIngestTest;
import io.osswarehouse.testing.Samples;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import io.osswarehouse.testing.WebRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All three web sources into one daily fact; a second run with nothing new rewrites nothing. */
class WebSilverStageTest extends SparkTestBase {
  @TempDir
  Path root;

  @Test
  void everySourceFeedsTheDailyFactAndReRunsAreIdempotent() throws IOException {
    Path landing = root.resolve("landing/web");
    Path ga4 = Files.createDirectories(landing.resolve("ga4"));
    Files.copy(Samples.dir("web_traffic/ga4_bigquery/export_row_ndjson_velir.com_2022-05-27_session_start.json"),
        ga4.resolve("events_20220527.json"));
    // Late evening in the property's time zone, already the next day in UTC: the property's day counts.
    Files.writeString(ga4.resolve("events_20220528.json"), Ga4EventsIngestTest.row("20220528",
        1653793200000000L, "page_view", "7.7", 70, "www.velir.com", "/") + "\n");
    Path plausible = Files.createDirectories(landing.resolve("plausible/velir.com"));
    Files.copy(Samples.dir("web_traffic/plausible/dashboard_export_30d_visitors.csv"), plausible.resolve("visitors.csv"));
    Path logs = Files.createDirectories(landing.resolve("access_logs/semicomplete.com"));
    Files.copy(Samples.dir("web_traffic/access_logs/apache_combined_semicomplete_2015-05-17_first60.log"),
        logs.resolve("access.log"));
    WebRun.run(session(), root, 0.05);

    List<String> expected = List.of(
        "access_log | 1 | 5 | 5 | 6 | 6 | null",
        "ga4 | 2 | 2 | 2 | 1 | 0 | 0",
        "plausible | 31 | 4 | 4 | 4 | null | null");
    assertEquals(expected, summary());
    assertEquals(List.of("2022-05-28 | 2022-05-29 03:00:00.0"), Tables.lines(session().sql(
        "select event_date, event_at from silver.stg_ga4__events where event_name = 'page_view'")));

    long version = version();
    WebRun.run(session(), root, 0.05);
    assertEquals(expected, summary());
    assertEquals(version, version(), "a run with nothing new must not rewrite the daily fact");
  }

  private List<String> summary() {
    return Tables.lines(session().sql("select source, count(*), sum(visitors), sum(sessions), sum(pageviews),"
        + " sum(docs_pageviews), sum(signups) from silver.fct_web_daily group by source"));
  }

  private long version() {
    return session().sql("describe history silver.fct_web_daily").selectExpr("max(version)").first().getLong(0);
  }
}
