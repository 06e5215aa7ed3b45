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
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GA4 BigQuery export tables through ingest and silver: the real Velir row, re-landed days, sign-ups. */
public class Ga4EventsIngestTest extends SparkTestBase {
  @TempDir
  Path root;

  private Path ga4() throws IOException {
    return Files.createDirectories(root.resolve("landing/web/ga4"));
  }

  private void run() {
    WebRun.run(session(), root, 0.9);
  }

  /** One export row as BigQuery writes NDJSON: INT64 quoted, unset value fields null. */
  public static String row(String date, long micros, String name, String pseudoId, long sessionId, String host,
      String path, String... stringParams) {
    StringBuilder params = new StringBuilder("{\"key\":\"ga_session_id\",\"value\":{\"string_value\":null,"
        + "\"int_value\":\"" + sessionId + "\",\"float_value\":null,\"double_value\":null}},"
        + "{\"key\":\"page_location\",\"value\":{\"string_value\":\"https://" + host + path + "\",\"int_value\":null,"
        + "\"float_value\":null,\"double_value\":null}}");
    for (int i = 0; i < stringParams.length; i += 2) {
      params.append(",{\"key\":\"").append(stringParams[i]).append("\",\"value\":{\"string_value\":\"")
          .append(stringParams[i + 1]).append("\",\"int_value\":null,\"float_value\":null,\"double_value\":null}}");
    }
    return "{\"event_date\":\"" + date + "\",\"event_timestamp\":\"" + micros + "\",\"event_name\":\"" + name
        + "\",\"event_params\":[" + params + "],\"user_id\":null,\"user_pseudo_id\":\"" + pseudoId
        + "\",\"device\":{\"web_info\":{\"hostname\":\"" + host + "\"}},\"geo\":{\"country\":\"Germany\"},"
        + "\"stream_id\":\"42\",\"platform\":\"WEB\"}";
  }

  @Test
  void realVelirRowIsTypedAndKeepsBothDates() throws IOException {
    // The real row, gzipped under a daily table name; a 2021-style row has session_engaged as a string.
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(ga4().resolve("events_20220527.json.gz")))) {
      out.write(Samples.bytes("web_traffic/ga4_bigquery/export_row_ndjson_velir.com_2022-05-27_session_start.json"));
    }
    Files.writeString(ga4().resolve("events_20210101.json"), row("20210101", 1609545600000000L, "session_start",
        "1.2", 7, "shop.example.com", "/", "session_engaged", "1") + "\n");
    run();
    assertEquals(List.of(
        "2021-01-01 | 2021-01-02 00:00:00.0 | session_start | 1.2 | 7 | 1 | shop.example.com | / | Germany | 42",
        "2022-05-27 | 2022-05-27 19:30:18.347831 | session_start | 745846450.1644156613 | 1653679817 | 1"
            + " | www.velir.com | /ideas/2021/09/22/connecting-sitecore-identity-to-saml-part-1 | India | 1966637064"),
        Tables.lines(session().sql("select event_date, event_at, event_name, user_pseudo_id, ga_session_id,"
            + " session_engaged, hostname, page_path, country, stream_id from silver.stg_ga4__events")));
    assertEquals(List.of("WEB | 6 | https://www.google.com/ | How to Connect Sitecore Identity to SAML for Single"
            + " Sign-On | Velir | 1 | null | 2022-05-27"),
        Tables.lines(session().sql("select platform, ga_session_number, page_referrer, page_title,"
            + " event_params['engaged_session_event'], user_id, table_date from silver.stg_ga4__events"
            + " where stream_id = '1966637064'")));
  }

  @Test
  void reLandedTableReplacesTheEarlierVersionAndShardsAreUnioned() throws IOException {
    long t = 1735725600000000L; // 2025-01-01 10:00 UTC
    String a = row("20250101", t, "page_view", "1.1", 100, "docs.example.com", "/install");
    String b = row("20250101", t + 1, "page_view", "2.2", 200, "example.com", "/pricing");
    String c = row("20250101", t + 2, "page_view", "3.3", 300, "example.com", "/docs/api");
    String other = row("20250102", t + 86_400_000_000L, "page_view", "1.1", 101, "example.com", "/");
    Files.writeString(ga4().resolve("events_20250101.json"), a + "\n" + b + "\n");
    Files.writeString(ga4().resolve("events_20250102.json"), other + "\n");
    run();
    assertEquals(List.of("docs.example.com | 2025-01-01 | 1 | 1 | 1 | 1", "example.com | 2025-01-01 | 1 | 1 | 1 | 0",
            "example.com | 2025-01-02 | 1 | 1 | 1 | 0"),
        daily());

    // GA4 rewrote 2025-01-01 with late events, exported in two shards: the new version replaces the old one.
    // The first shard holds the same bytes as the old file (a duplicate to ingest) and still belongs to it.
    Path shard0 = Files.writeString(ga4().resolve("events_20250101_000000000000.json"), a + "\n" + b + "\n");
    Path shard1 = Files.writeString(ga4().resolve("events_20250101_000000000001.json"), c + "\n" + c + "\n");
    run();
    List<String> rewritten = List.of("docs.example.com | 2025-01-01 | 1 | 1 | 1 | 1",
        "example.com | 2025-01-01 | 2 | 2 | 3 | 2", "example.com | 2025-01-02 | 1 | 1 | 1 | 0");
    assertEquals(rewritten, daily());
    // Two genuinely identical rows stay two events with distinct keys.
    assertEquals(List.of("2025-01-01 | 4 | 4", "2025-01-02 | 1 | 1"), Tables.lines(session().sql(
        "select table_date, count(*), count(distinct event_key) from silver.stg_ga4__events group by table_date")));

    // A run with nothing new, and the same shards landed again (touched), change nothing.
    run();
    for (Path shard : List.of(shard0, shard1)) {
      Files.setLastModifiedTime(shard, FileTime.fromMillis(Files.getLastModifiedTime(shard).toMillis() + 60_000));
    }
    run();
    assertEquals(rewritten, daily());

    // The latest landed version wins even when its bytes are those of an older version.
    Files.writeString(ga4().resolve("events_20250101_v3.json"), a + "\n" + b + "\n");
    run();
    assertEquals(List.of("docs.example.com | 2025-01-01 | 1 | 1 | 1 | 1", "example.com | 2025-01-01 | 1 | 1 | 1 | 0",
        "example.com | 2025-01-02 | 1 | 1 | 1 | 0"), daily());
  }

  @Test
  void signUpsArePseudonymisedAndBadRowsQuarantined() throws IOException {
    String signUp = row("20250301", 1740823200000000L, "sign_up", "9.9", 5, "example.com", "/signup",
        "method", "google", "email", " Ann.Lee@Example.COM ").replace("\"user_id\":null", "\"user_id\":\"u-17\"");
    Files.writeString(ga4().resolve("events_20250301.json"), String.join("\n", signUp,
        "{\"event_date\":\"20250301\",\"event_timestamp\":\"soon\",\"event_name\":\"page_view\"}",
        "{\"event_date\":\"20250301\"", "") + "\n");
    Files.writeString(ga4().resolve("events_intraday_20250302.json"), signUp + "\n");
    run();
    assertEquals(List.of(
        "example.com | 2025-03-01 | google | u-17 | " + Emails.pseudonymize("ann.lee@example.com", "test-salt-not-secret")
            + " | example.com | ga_session_id,page_location,method"),
        Tables.lines(session().sql("select hostname, event_date, signup_method, user_id, email_sha256, email_domain,"
            + " array_join(map_keys(event_params), ',') from silver.stg_ga4__events")));
    assertEquals(List.of("example.com | 2025-03-01 | ga4 | 1"),
        Tables.lines(session().sql("select site, activity_date, source, signups from silver.fct_web_daily")));
    for (String table : List.of("silver.stg_ga4__events", "silver.fct_web_daily")) {
      assertFalse(session().table(table).toJSON().collectAsList().toString().toLowerCase().contains("ann.lee"), table);
    }
    assertEquals(List.of(
        "web/ga4/events_20250301.json | 2 | 'event_timestamp' is not integer microseconds: soon",
        "web/ga4/events_20250301.json | 3 | invalid JSON",
        "web/ga4/events_intraday_20250302.json | 1 | file name has no export table date (events_YYYYMMDD);"
            + " intraday and other tables are not loaded"),
        Tables.lines(session().sql("select _source_file, _record_position, reason from bronze.quarantine")));
  }

  private List<String> daily() {
    return Tables.lines(session().sql("select site, activity_date, visitors, sessions, pageviews, docs_pageviews"
        + " from silver.fct_web_daily where source = 'ga4'"));
  }
}
