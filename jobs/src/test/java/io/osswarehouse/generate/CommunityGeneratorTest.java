package io.osswarehouse.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osswarehouse.common.Emails;
import io.osswarehouse.testing.Samples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The community part of the generated landing zone: real shapes (compared field by field with the real
 * samples), the traps, nothing after the end, and truth files that agree with what was emitted.
 */
class CommunityGeneratorTest {
  /** Ends after the 2025-10-07 payload cut, so both GH Archive windows and both PushEvent shapes occur. */
  static final LocalDate START = LocalDate.of(2025, 1, 1);
  static final LocalDate END = LocalDate.of(2025, 11, 30);
  static final Pattern COMBINED = Pattern.compile(
      "^(\\S+) \\S+ \\S+ \\[([^]]+)] \"([^\"]*)\" (\\d{3}) (\\d+|-) \"([^\"]*)\" \"([^\"]*)\"$");
  static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
  private static final ObjectMapper JSON = new ObjectMapper();

  static GeneratedLanding landing;

  @BeforeAll
  static void generate(@TempDir Path dir) throws IOException {
    SampleDataGenerator.generate(dir, 11, 250, START, END, "USD");
    landing = GeneratedLanding.read(dir);
  }

  @Test
  void ghArchiveEventsHaveTheRealEnvelopeAndBothPushShapes() throws IOException {
    JsonNode realWatch = null;
    for (JsonNode e : jsonLines(Samples.bytes("github/gharchive/api_public_events_2020-04-25T12-07Z.reserialized.ndjson"))) {
      if (e.get("type").asText().equals("WatchEvent") && e.has("org")) {
        realWatch = e;
      }
    }
    JsonNode realPush = JSON.readTree(Samples.bytes("github/gharchive/pushevent_pre_drift_2024-05-21-0.pretty.json"));
    Set<String> seen = new HashSet<>();
    for (JsonNode e : archiveEvents()) {
      String type = e.get("type").asText();
      seen.add(type);
      if (type.equals("WatchEvent")) {
        assertSameShape(realWatch, e);
      }
      if (type.equals("PushEvent")) {
        boolean before = Instant.parse(e.get("created_at").asText()).isBefore(GhArchiveEmitter.PAYLOAD_CUT);
        if (before) {
          assertSameShape(realPush, e);
          for (JsonNode c : e.get("payload").get("commits")) {
            assertTrue(c.get("author").get("email").asText().matches("[0-9a-f]{40}@.+"), c::toString);
          }
          seen.add("PushEvent-before-cut");
        } else {
          assertEquals(Set.of("repository_id", "push_id", "ref", "head", "before"), fields(e.get("payload")));
          seen.add("PushEvent-after-cut");
        }
      }
    }
    assertTrue(seen.containsAll(Set.of("WatchEvent", "ForkEvent", "IssuesEvent", "IssueCommentEvent",
        "PullRequestEvent", "PushEvent-before-cut", "PushEvent-after-cut", "MemberEvent", "ReleaseEvent")),
        seen::toString);
  }

  @Test
  void ghArchiveHasItsTraps() throws IOException {
    Map<String, List<String>> filesById = new HashMap<>();
    boolean late = false;
    TreeMap<String, byte[]> hours = new TreeMap<>();
    landing.files.forEach((p, b) -> {
      if (p.startsWith("github/gharchive/")) {
        hours.put(p, b);
      }
    });
    for (Map.Entry<String, byte[]> f : hours.entrySet()) {
      assertTrue(f.getKey().matches("github/gharchive/\\d{4}-\\d{2}-\\d{2}-([1-9]|1\\d|2[0-3]|0)\\.json\\.gz"));
      List<JsonNode> events = jsonLines(gunzip(f.getValue()));
      for (JsonNode e : events) {
        filesById.computeIfAbsent(e.get("id").asText(), k -> new ArrayList<>()).add(f.getKey());
        late |= !GhArchiveEmitter.hourFile(Instant.parse(e.get("created_at").asText()).truncatedTo(
            java.time.temporal.ChronoUnit.HOURS)).equals(f.getKey());
      }
    }
    assertTrue(filesById.values().stream().anyMatch(l -> l.size() == 2), "an event in two hour files");
    assertTrue(late, "an event in the next hour's file");
    var days = GhArchiveEmitter.days(START, END);
    assertEquals(0, gunzip(hours.get(GhArchiveEmitter.emptyHour(days))).length, "the empty hour file");
    assertFalse(hours.containsKey(GhArchiveEmitter.missingHour(days)), "the missing hour");
    var sampled = GhArchiveEmitter.sampledHours(START, END);
    assertEquals(days.size() * 24 - 1 + sampled.size(), hours.size(),
        "every other hour of the archived days has a file, and one sampled hour a week");
    assertEquals(45, sampled.size(),
        "48 Wednesdays from 1 January to 30 November 2025, less 8 October and 19 and 26 November (full days)");
    for (Instant h : sampled) {
      assertTrue(hours.containsKey(GhArchiveEmitter.hourFile(h)), h.toString());
      assertEquals("WEDNESDAY 15", h.atZone(ZoneOffset.UTC).getDayOfWeek() + " " + h.atZone(ZoneOffset.UTC).getHour());
    }
  }

  @Test
  void starsTruthIsTheStargazersListAndWatchEventsAgree() throws IOException {
    Map<String, Long> fromPages = new TreeMap<>();
    Set<String> stargazers = new HashSet<>();
    JsonNode real = JSON.readTree(Samples.bytes("github/rest_api/stargazers_star+json_danvk-comparea_2015-10-14.json"));
    for (Map.Entry<String, byte[]> f : landing.files.entrySet()) {
      Matcher m = Pattern.compile("github/rest/osswh/([^/]+)/stargazers_page\\d+_(\\d{4}-\\d{2}-\\d{2})\\.json")
          .matcher(f.getKey());
      if (m.matches()) {
        assertEquals(END.toString(), m.group(2));
        for (JsonNode s : JSON.readTree(f.getValue())) {
          assertSameShape(real.get(0), s);
          fromPages.merge("osswh/" + m.group(1) + "," + s.get("starred_at").asText().substring(0, 10), 1L, Long::sum);
          stargazers.add(m.group(1) + "|" + s.get("user").get("login").asText() + "|" + s.get("starred_at").asText());
        }
      }
    }
    Map<String, Long> truth = new TreeMap<>();
    for (CSVRecord r : csv(CommunityTruth.STARS)) {
      truth.put(r.get("repo_name") + "," + r.get("star_date"), Long.parseLong(r.get("stars_new")));
    }
    assertFalse(truth.isEmpty());
    assertEquals(truth, fromPages);
    Set<String> watched = new HashSet<>();
    for (JsonNode e : archiveEvents()) {
      if (e.get("type").asText().equals("WatchEvent")) {
        String key = e.get("repo").get("name").asText().substring(6) + "|" + e.get("actor").get("login").asText()
            + "|" + e.get("created_at").asText();
        assertTrue(stargazers.contains(key), key);
        watched.add(key);
      }
    }
    // every stargazer inside the archive windows has its WatchEvent, unless its hour file is missing or empty
    Set<String> files = landing.files.keySet();
    for (String s : stargazers) {
      Instant at = Instant.parse(s.substring(s.lastIndexOf('|') + 1));
      String hour = GhArchiveEmitter.hourFile(at.truncatedTo(java.time.temporal.ChronoUnit.HOURS));
      boolean inWindow = GhArchiveEmitter.days(START, END).contains(at.atZone(ZoneOffset.UTC).toLocalDate());
      boolean lost = !files.contains(hour) || gunzip(landing.files.get(hour)).length == 0;
      if (inWindow && !lost) {
        assertTrue(watched.contains(s) || lateIntoLostHour(at), s);
      }
    }
    assertFalse(watched.isEmpty());
  }

  /** An event routed to the next hour's file is lost when that file is the missing or empty one. */
  private static boolean lateIntoLostHour(Instant at) {
    String next = GhArchiveEmitter.hourFile(at.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusSeconds(3600));
    return !landing.files.containsKey(next) || gunzip(landing.files.get(next)).length == 0;
  }

  @Test
  void restExportsHaveTheRealShapes() throws IOException {
    Map<String, String> samples = Map.of("traffic_views", "traffic_views_jkufro-PyGithub_2018-12-02.json",
        "traffic_clones", "traffic_clones_jkufro-PyGithub_2018-12-02.json",
        "traffic_popular_paths", "traffic_popular_paths_jkufro-PyGithub_2018-12-02.json",
        "traffic_popular_referrers", "traffic_popular_referrers_jkufro-PyGithub_2018-12-02.json",
        "releases", "releases_list_PyGithub_page1_2022-01-10.json");
    JsonNode asset = JSON.readTree(Samples.bytes("github/rest_api/release_asset_stellarcarbon-sorocarbon_2025-08-15.json"));
    Map<String, Integer> counts = new TreeMap<>();
    Map<Long, Long> lastCount = new HashMap<>();
    for (Map.Entry<String, byte[]> f : landing.files.entrySet()) {
      Matcher m = Pattern.compile("github/rest/osswh/[^/]+/([a-z_]+?)_(\\d{4}-\\d{2}-\\d{2})\\.json").matcher(f.getKey());
      if (!m.matches()) {
        continue;
      }
      assertFalse(LocalDate.parse(m.group(2)).isAfter(END), f.getKey());
      counts.merge(m.group(1), 1, Integer::sum);
      JsonNode body = JSON.readTree(f.getValue());
      String sample = samples.get(m.group(1));
      if (sample != null) {
        JsonNode real = JSON.readTree(Samples.bytes("github/rest_api/" + sample));
        if (real.isArray()) {
          body.forEach(o -> assertSameShape(real.get(0), o));
        } else {
          assertSameShape(real, body);
        }
      }
      if (m.group(1).startsWith("traffic_views") || m.group(1).startsWith("traffic_clones")) {
        JsonNode days = body.get(m.group(1).substring(8));
        assertTrue(days.size() <= 14);
        days.forEach(d -> assertTrue(d.get("count").asLong() > 0, "zero days are omitted"));
      }
      if (m.group(1).equals("releases")) {
        for (JsonNode r : body) {
          for (JsonNode a : r.get("assets")) {
            assertSameShape(asset, a);
            long c = a.get("download_count").asLong();
            assertTrue(c >= lastCount.getOrDefault(a.get("id").asLong(), 0L), "cumulative per asset");
            lastCount.put(a.get("id").asLong(), c);
          }
        }
      }
    }
    assertTrue(counts.keySet().containsAll(List.of("traffic_views", "traffic_clones", "traffic_popular_paths",
        "traffic_popular_referrers", "releases", "repository", "users")), counts::toString);
  }

  @Test
  void pypiRowsHaveTheBigQueryShapeAndMatchTheTruth() throws IOException {
    JsonNode real = jsonLines(Samples.bytes("downloads/pypi_bigquery/file_downloads_rows_as_loaded_ndjson.jsonl")).get(0);
    Map<String, long[]> counted = new TreeMap<>();
    Set<String> installers = new HashSet<>();
    boolean ciTrue = false;
    for (Map.Entry<String, byte[]> f : landing.files.entrySet()) {
      if (!f.getKey().startsWith("downloads/pypi/")) {
        continue;
      }
      assertTrue(f.getKey().matches("downloads/pypi/file_downloads_\\d{4}-\\d{2}-000000000000\\.json\\.gz"));
      for (JsonNode row : jsonLines(gunzip(f.getValue()))) {
        assertSameShape(real, row);
        String day = row.get("timestamp").asText().substring(0, 10);
        assertFalse(LocalDate.parse(day).isAfter(END));
        String installer = row.get("details").get("installer").get("name").asText();
        installers.add(installer);
        boolean ci = row.get("details").get("ci").asBoolean(false);
        ciTrue |= ci;
        long[] v = counted.computeIfAbsent("pypi," + DownloadsEmitter.PYPI + "," + day, k -> new long[2]);
        v[0]++;
        v[1] += ci || DownloadsEmitter.MIRRORS.contains(installer) ? 0 : 1;
      }
    }
    assertTrue(ciTrue && installers.containsAll(Set.of("pip", "uv", "poetry", "bandersnatch")), installers::toString);
    Map<String, long[]> truth = downloadsTruth("pypi");
    assertEquals(counted.keySet(), truth.keySet());
    counted.forEach((k, v) -> assertEquals(List.of(v[0], v[1]), List.of(truth.get(k)[0], truth.get(k)[1]), k));
  }

  @Test
  void otherRegistriesMatchTheirTruth() throws IOException {
    JsonNode realDocker = JSON.readTree(Samples.bytes("downloads/dockerhub/repository_grimoirelab-perceval_2017-05.json"));
    Map<String, Long> npm = new TreeMap<>();
    Map<String, Long> docker = new TreeMap<>();
    Map<String, Long> maven = new TreeMap<>();
    Pattern mavenLine = Pattern.compile("\"([^\"]+)\",\"(\\d+)\",\"([0-9.E-]+)\"");
    for (String line : new String(Samples.bytes("downloads/maven/sonatype_central_stats_maven-core_2022-07_excerpt.csv"),
        StandardCharsets.UTF_8).split("\n")) {
      assertTrue(mavenLine.matcher(line).matches(), line); // the pattern fits the real file
    }
    long previous = -1;
    for (Map.Entry<String, byte[]> f : landing.files.entrySet()) {
      String p = f.getKey();
      if (p.startsWith("downloads/npm/")) {
        JsonNode body = JSON.readTree(f.getValue());
        assertEquals(List.of("start", "end", "package", "downloads"), List.copyOf(fieldList(body)));
        for (JsonNode d : body.get("downloads")) {
          assertEquals(List.of("downloads", "day"), fieldList(d));
          if (d.get("downloads").asLong() > 0) {
            npm.put("npm," + body.get("package").asText() + "," + d.get("day").asText(), d.get("downloads").asLong());
          }
        }
      } else if (p.startsWith("downloads/dockerhub/")) {
        JsonNode body = JSON.readTree(f.getValue());
        assertEquals(fieldList(realDocker), fieldList(body));
        assertSameShape(realDocker, body);
        long pulls = body.get("pull_count").asLong();
        if (previous >= 0) {
          docker.put("docker," + DownloadsEmitter.DOCKER + "," + p.substring(p.length() - 15, p.length() - 5),
              pulls - previous);
        }
        previous = pulls;
      } else if (p.startsWith("downloads/maven/")) {
        long sum = 0;
        for (String line : new String(f.getValue(), StandardCharsets.UTF_8).split("\n")) {
          Matcher m = mavenLine.matcher(line);
          assertTrue(m.matches(), line);
          sum += Long.parseLong(m.group(2));
        }
        String month = p.substring(p.length() - 11, p.length() - 4);
        assertFalse(YearMonth.parse(month).atEndOfMonth().isAfter(END));
        maven.put("maven,io.osswarehouse:warehouse-jdbc," + month + "-01", sum);
      }
    }
    assertEquals(npm, single(downloadsTruth("npm")));
    assertEquals(docker, single(downloadsTruth("docker")));
    assertEquals(maven, single(downloadsTruth("maven")));
    assertFalse(npm.isEmpty() || docker.isEmpty() || maven.isEmpty());
  }

  @Test
  void webSourcesHaveTheRealShapesAndMatchTheTruth() throws IOException {
    JsonNode realGa4 = JSON.readTree(Samples.bytes("web_traffic/ga4_bigquery/export_row_ndjson_velir.com_2022-05-27_session_start.json"));
    for (String line : new String(Samples.bytes("web_traffic/access_logs/apache_combined_semicomplete_2015-05-17_first60.log"),
        StandardCharsets.UTF_8).split("\n")) {
      assertTrue(COMBINED.matcher(line).matches(), line); // the pattern fits the real log
    }
    Map<String, long[]> counted = new TreeMap<>();
    Set<String> emails = new HashSet<>();
    boolean backwards = false;
    for (Map.Entry<String, byte[]> f : landing.files.entrySet()) {
      String p = f.getKey();
      if (p.startsWith("web/ga4/")) {
        for (JsonNode e : jsonLines(gunzip(f.getValue()))) {
          assertSameShape(realGa4, e);
          LocalDate day = LocalDate.parse(e.get("event_date").asText(), DateTimeFormatter.BASIC_ISO_DATE);
          assertEquals("events_" + e.get("event_date").asText() + ".json.gz", p.substring(8));
          assertFalse(Instant.ofEpochMilli(Long.parseLong(e.get("event_timestamp").asText()) / 1000)
              .isAfter(END.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
          long[] v = counted.computeIfAbsent(WebEmitter.GA4_SITE + "," + day + ",ga4", k -> new long[2]);
          String name = e.get("event_name").asText();
          v[0] += name.equals("page_view") ? 1 : 0;
          if (name.equals("sign_up")) {
            v[1]++;
            Map<String, String> params = new HashMap<>();
            e.get("event_params").forEach(x -> params.put(x.get("key").asText(), x.get("value").get("string_value").asText()));
            assertTrue(Set.of("email", "github").contains(params.get("method")));
            assertNotNull(e.get("user_id").textValue());
            emails.add(params.get("email"));
          }
        }
      } else if (p.startsWith("web/access_logs/docs/")) {
        ZonedDateTime last = null;
        for (String line : new String(gunzip(f.getValue()), StandardCharsets.UTF_8).split("\n")) {
          Matcher m = COMBINED.matcher(line);
          assertTrue(m.matches(), line);
          ZonedDateTime at = ZonedDateTime.parse(m.group(2), LOG_TIME);
          assertFalse(at.toLocalDate().isAfter(END));
          backwards |= last != null && at.isBefore(last);
          last = at;
          boolean page = m.group(3).matches("GET /docs/[^.]* HTTP/1\\.1") && m.group(4).equals("200")
              && WebEmitter.BOTS.stream().noneMatch(m.group(7)::equals);
          counted.computeIfAbsent("docs," + at.toLocalDate() + ",access_log", k -> new long[2])[0] += page ? 1 : 0;
        }
      } else if (p.startsWith("web/plausible/docs/")) {
        List<String> lines = List.of(new String(f.getValue(), StandardCharsets.UTF_8).split("\n"));
        assertEquals(new String(Samples.bytes("web_traffic/plausible/dashboard_export_30d_visitors.csv"),
            StandardCharsets.UTF_8).split("\n")[0], lines.get(0));
        for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
            .parse(new StringReader(String.join("\n", lines)))) {
          counted.computeIfAbsent("docs," + r.get("date") + ",plausible", k -> new long[2])[0] +=
              Long.parseLong(r.get("pageviews"));
        }
      }
    }
    assertTrue(backwards, "access log lines are not in time order");
    Map<String, long[]> truth = new TreeMap<>();
    for (CSVRecord r : csv(CommunityTruth.WEB)) {
      truth.put(r.get("site") + "," + r.get("activity_date") + "," + r.get("source"),
          new long[] {Long.parseLong(r.get("pageviews")), Long.parseLong(r.get("signups"))});
    }
    assertEquals(truth.keySet(), counted.keySet());
    counted.forEach((k, v) -> assertEquals(List.of(v[0], v[1]), List.of(truth.get(k)[0], truth.get(k)[1]), k));
    assertTrue(emails.stream().anyMatch(e -> Emails.companyDomain(e) == null), "a free-mail sign-up");
    assertTrue(emails.stream().anyMatch(e -> Emails.companyDomain(e) != null), "a company sign-up");
  }

  @Test
  void identitiesMarkFreeMailAndBotsUnlinkable() throws IOException {
    Map<String, String> orgDomain = new HashMap<>();
    landing.organizations().forEach(o -> orgDomain.put(o.get("org_id"), o.get("domain")));
    Map<String, JsonNode> latestProfile = new TreeMap<>();
    landing.files.forEach((p, b) -> {
      if (p.matches("github/rest/osswh/warehouse/users_.*")) {
        try {
          JSON.readTree(b).forEach(u -> latestProfile.put(u.get("login").asText(), u)); // files in date order
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    });
    Map<String, JsonNode> customers = new HashMap<>();
    landing.stripe("customers").forEach(o -> customers.put(o.json().get("id").asText(), o.json()));
    Set<String> reasons = new HashSet<>();
    for (CSVRecord r : csv(CommunityTruth.IDENTITIES)) {
      boolean linkable = Boolean.parseBoolean(r.get("expected_linkable"));
      String reason = r.get("reason");
      reasons.add(r.get("identity_type") + ":" + reason);
      if (reason.equals("bot") || reason.equals("free-mail")) {
        assertFalse(linkable, r::toString);
      }
      if (r.get("identity_type").equals("github_user")) {
        JsonNode profile = latestProfile.get(r.get("identity_key"));
        assertNotNull(profile, r::toString);
        assertEquals(reason.equals("bot"), r.get("identity_key").endsWith("[bot]"));
        if (r.get("valid_to").isEmpty() && reason.equals("company-email")) {
          assertEquals(orgDomain.get(r.get("org_id")), Emails.domain(profile.get("email").asText()), r::toString);
        }
        if (reason.equals("free-mail") && !profile.get("email").isNull()) {
          assertTrue(Emails.isFreeMail(Emails.domain(profile.get("email").asText())), r::toString);
        }
      }
      if (r.get("identity_type").equals("billing_customer")) {
        JsonNode c = customers.get(r.get("identity_key"));
        boolean company = Emails.companyDomain(c.get("email").asText()) != null;
        assertEquals(company || c.get("metadata").has("github_org"), linkable, r::toString);
      }
    }
    assertTrue(reasons.containsAll(Set.of("github_user:bot", "github_user:free-mail", "github_user:company-email",
        "billing_customer:company-email", "github_org:stripe-metadata", "web_user:company-email")), reasons::toString);
  }

  @Test
  void customersStartUsingTheProjectBeforeTheyPay() {
    World world = World.create(3, 200, START, END);
    Map<String, LocalDate> billed = new HashMap<>();
    world.organizations().stream().limit(20).forEach(o -> billed.put(o.id(), LocalDate.of(2025, 6, 1)));
    Community c = Community.create(world, billed);
    billed.forEach((org, day) -> {
      assertTrue(c.activeFrom.get(org).isBefore(day.minusDays(29)), org);
      assertTrue(c.demand(world.organizations().get(Integer.parseInt(org.substring(4)) - 1), day) > 0, org);
    });
  }

  @Test
  void nothingInTheCommunityIsDatedAfterTheEnd() throws IOException {
    Pattern date = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[T ]\\d{2}:\\d{2}:\\d{2}");
    for (Map.Entry<String, byte[]> f : landing.files.entrySet()) {
      if (f.getKey().startsWith("github/") || f.getKey().startsWith("downloads/")) {
        byte[] bytes = f.getKey().endsWith(".gz") ? gunzip(f.getValue()) : f.getValue();
        Matcher m = date.matcher(new String(bytes, StandardCharsets.UTF_8));
        while (m.find()) {
          assertFalse(LocalDate.parse(m.group(1)).isAfter(END), f.getKey() + ": " + m.group());
        }
      }
    }
    for (String truth : List.of(CommunityTruth.STARS, CommunityTruth.DOWNLOADS, CommunityTruth.WEB)) {
      for (CSVRecord r : csv(truth)) {
        assertFalse(LocalDate.parse(r.get(truth.equals(CommunityTruth.STARS) ? "star_date"
            : truth.equals(CommunityTruth.WEB) ? "activity_date" : "download_date")).isAfter(END), r::toString);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static List<JsonNode> archiveEvents() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    for (Map.Entry<String, byte[]> f : landing.files.entrySet()) {
      if (f.getKey().startsWith("github/gharchive/")) {
        all.addAll(jsonLines(gunzip(f.getValue())));
      }
    }
    return all;
  }

  private static Map<String, long[]> downloadsTruth(String ecosystem) throws IOException {
    Map<String, long[]> out = new TreeMap<>();
    for (CSVRecord r : csv(CommunityTruth.DOWNLOADS)) {
      if (r.get("ecosystem").equals(ecosystem)) {
        String excluding = r.get("downloads_excluding_ci_and_mirrors");
        out.put(r.get("ecosystem") + "," + r.get("package_name") + "," + r.get("download_date"),
            new long[] {Long.parseLong(r.get("downloads")), excluding.isEmpty() ? -1 : Long.parseLong(excluding)});
      }
    }
    return out;
  }

  /** Truth rows of a source without a CI split: downloads only (the excluding column must be empty). */
  private static Map<String, Long> single(Map<String, long[]> truth) {
    Map<String, Long> out = new TreeMap<>();
    truth.forEach((k, v) -> {
      assertEquals(-1, v[1], k);
      out.put(k, v[0]);
    });
    return out;
  }

  private static List<CSVRecord> csv(String path) throws IOException {
    return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(new StringReader(new String(landing.files.get(path), StandardCharsets.UTF_8))).getRecords();
  }

  static byte[] gunzip(byte[] bytes) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<JsonNode> jsonLines(byte[] bytes) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  private static Set<String> fields(JsonNode node) {
    return new HashSet<>(fieldList(node));
  }

  private static List<String> fieldList(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * Every field of the real object exists in the generated one, and where both are non-null they have the
   * same JSON type (so a quoted INT64 stays a string and an id stays a number); nested objects and the
   * first element of arrays are compared the same way.
   */
  static void assertSameShape(JsonNode real, JsonNode generated) {
    shape("$", real, generated);
  }

  private static void shape(String path, JsonNode real, JsonNode generated) {
    assertNotNull(generated, path + " missing");
    if (real.isNull() || generated.isNull()) {
      return;
    }
    assertEquals(real.getNodeType(), generated.getNodeType(), path);
    if (real.isObject()) {
      for (Iterator<String> it = real.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        assertTrue(generated.has(f), path + "." + f + " missing in " + generated);
        shape(path + "." + f, real.get(f), generated.get(f));
      }
    } else if (real.isArray() && real.size() > 0 && generated.size() > 0) {
      shape(path + "[0]", real.get(0), generated.get(0));
    }
  }
}
