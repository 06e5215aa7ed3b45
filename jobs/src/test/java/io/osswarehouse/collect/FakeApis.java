package io.osswarehouse.collect;

import static io.osswarehouse.collect.CollectFixture.JSON;
import static io.osswarehouse.collect.CollectFixture.bytes;
import static io.osswarehouse.collect.CollectFixture.json;
import static io.osswarehouse.collect.CollectFixture.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osswarehouse.collect.LocalApi.Call;
import io.osswarehouse.collect.LocalApi.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The APIs as a {@link LocalApi} answers them, from the real samples (../shared/real-samples): bodies are the
 * recorded ones; where a test needs an answer no sample has, it is derived from a real one and says how.
 */
final class FakeApis {
  static final String REPO = "acme/widget";
  static final String REST = "github/rest_api/";

  private FakeApis() {}

  // ---------------------------------------------------------------- GitHub REST

  /** The stargazers sample (6 real stargazers), served 2 per page with Link headers. */
  static final int STARGAZERS_PER_PAGE = 2;

  static List<byte[]> stargazerPages() {
    JsonNode all = json(sample(REST + "stargazers_star+json_danvk-comparea_2015-10-14.json"));
    List<byte[]> pages = new ArrayList<>();
    for (int i = 0; i < all.size(); i += STARGAZERS_PER_PAGE) {
      ArrayNode page = JSON.createArrayNode();
      for (int j = i; j < Math.min(all.size(), i + STARGAZERS_PER_PAGE); j++) {
        page.add(all.get(j));
      }
      pages.add(bytes(page));
    }
    return pages;
  }

  /** A repository object: the full repository a real PullRequestEvent of the events sample embeds (base.repo). */
  static byte[] repository() {
    for (String line : new String(sample("github/gharchive/api_public_events_2020-04-25T12-07Z.reserialized.ndjson"),
        StandardCharsets.UTF_8).split("\n")) {
      JsonNode e = json(line.getBytes(StandardCharsets.UTF_8));
      if (e.path("type").asText().equals("PullRequestEvent")) {
        return bytes(e.path("payload").path("pull_request").path("base").path("repo"));
      }
    }
    throw new IllegalStateException("no PullRequestEvent in the events sample");
  }

  /** Profiles: each login's user object as the stargazers and contributors samples hold it. */
  static byte[] profile(String login) {
    for (JsonNode s : json(sample(REST + "stargazers_star+json_danvk-comparea_2015-10-14.json"))) {
      if (s.path("user").path("login").asText().equals(login)) {
        return bytes(s.get("user"));
      }
    }
    for (JsonNode c : json(sample(REST + "contributors_PyGithub_2012-05-20.json"))) {
      if (c.path("login").asText().equals(login)) {
        ObjectNode user = c.deepCopy();
        user.remove("contributions");
        return bytes(user);
      }
    }
    return null;
  }

  /** GitHub for one repository: every endpoint the collector calls, with ETags, quota headers and a token check. */
  static void github(LocalApi api, String token) {
    String base = "/repos/" + REPO;
    Map<String, byte[]> singles = new LinkedHashMap<>();
    singles.put(base, repository());
    singles.put(base + "/traffic/views", sample(REST + "traffic_views_jkufro-PyGithub_2018-12-02.json"));
    singles.put(base + "/traffic/clones", sample(REST + "traffic_clones_jkufro-PyGithub_2018-12-02.json"));
    singles.put(base + "/traffic/popular/paths", sample(REST + "traffic_popular_paths_jkufro-PyGithub_2018-12-02.json"));
    singles.put(base + "/traffic/popular/referrers",
        sample(REST + "traffic_popular_referrers_jkufro-PyGithub_2018-12-02.json"));
    singles.put(base + "/releases", sample(REST + "releases_list_PyGithub_page1_2022-01-10.json"));
    singles.put(base + "/contributors", sample(REST + "contributors_PyGithub_2012-05-20.json"));
    singles.forEach((path, body) -> api.route(path, call -> githubReply(call, token, body, null)));
    List<byte[]> pages = stargazerPages();
    api.route(base + "/stargazers", call -> {
      if (!"application/vnd.github.star+json".equals(call.header("Accept"))) {
        return Reply.json(415, "{\"message\":\"the test server only answers the star media type\"}");
      }
      int page = Integer.parseInt(call.query().getOrDefault("page", "1"));
      String link = page < pages.size() ? "<" + api.base() + base + "/stargazers?per_page=100&page=" + (page + 1)
          + ">; rel=\"next\", <" + api.base() + base + "/stargazers?per_page=100&page=" + pages.size() + ">; rel=\"last\""
          : null;
      return githubReply(call, token, pages.get(page - 1), link);
    });
    api.routePrefix("/users/", call -> {
      byte[] p = profile(call.path().substring("/users/".length()));
      return p == null ? Reply.json(404, "{\"message\":\"Not Found\"}") : githubReply(call, token, p, null);
    });
  }

  /** GitHub's answer: 401 without the token, 304 when the ETag matches, else the body with its ETag. */
  static Reply githubReply(Call call, String token, byte[] body, String link) {
    if (!("Bearer " + token).equals(call.header("Authorization"))) {
      return Reply.json(401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");
    }
    String etag = "W/\"" + HttpCache.sha256(body).substring(0, 16) + "\"";
    Reply reply = etag.equals(call.header("If-None-Match")) ? new Reply(304, Map.of(), new byte[0], -1)
        : Reply.json(200, body);
    reply = reply.with("ETag", etag).with("X-RateLimit-Limit", "5000").with("X-RateLimit-Remaining", "4999")
        .with("X-RateLimit-Reset", String.valueOf(java.time.Instant.now().getEpochSecond() + 3600));
    return link == null ? reply : reply.with("Link", link);
  }

  // ---------------------------------------------------------------- GH Archive

  /**
   * The hours of a day, each a gzip of real events: the 30 events of the Events API sample (one per line, as GH
   * Archive stores them) dealt round-robin over the 24 hours, so every hour differs.
   */
  static Map<Integer, byte[]> archiveHours() {
    String[] events = new String(sample("github/gharchive/api_public_events_2020-04-25T12-07Z.reserialized.ndjson"),
        StandardCharsets.UTF_8).split("\n");
    Map<Integer, StringBuilder> lines = new LinkedHashMap<>();
    for (int i = 0; i < events.length; i++) {
      lines.computeIfAbsent(i % 24, h -> new StringBuilder()).append(events[i]).append('\n');
    }
    Map<Integer, byte[]> out = new LinkedHashMap<>();
    lines.forEach((h, text) -> out.put(h, gzip(text.toString().getBytes(StandardCharsets.UTF_8))));
    return out;
  }

  static byte[] gzip(byte[] plain) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(plain);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** GH Archive's server for a day: hours as files with Range support; the hours in {@code absent} are 404. */
  static void gharchive(LocalApi api, LocalDate date, Map<Integer, byte[]> hours, List<Integer> absent) {
    hours.forEach((h, gz) -> {
      if (!absent.contains(h)) {
        api.route("/" + date + "-" + h + ".json.gz", call -> rangeReply(call, gz));
      }
    });
  }

  static Reply rangeReply(Call call, byte[] file) {
    String range = call.header("Range");
    Map<String, String> h = Map.of("Content-Type", "application/gzip", "Accept-Ranges", "bytes");
    if (range == null) {
      return new Reply(200, h, file, -1);
    }
    int from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-.*", "$1"));
    if (from >= file.length) {
      return new Reply(416, Map.of("Content-Range", "bytes */" + file.length), new byte[0], -1);
    }
    byte[] rest = java.util.Arrays.copyOfRange(file, from, file.length);
    return new Reply(206, h, rest, -1).with("Content-Range", "bytes " + from + "-" + (file.length - 1) + "/"
        + file.length);
  }

  // ---------------------------------------------------------------- Stripe

  static final String FIXTURES = "billing/stripe_api_fixtures3_current/";
  static final String OLDER = "billing/stripe_djstripe_older_api/";

  /** Each list endpoint's objects: Stripe's own fixtures (current shapes) and dj-stripe's (older shapes). */
  static Map<String, List<JsonNode>> stripeObjects() {
    Map<String, List<JsonNode>> m = new LinkedHashMap<>();
    m.put("customers", List.of(json(sample(FIXTURES + "customer.json"))));
    m.put("products", List.of(json(sample(FIXTURES + "product.json"))));
    m.put("prices", List.of(json(sample(FIXTURES + "price.json")), json(sample(OLDER + "price_gold21323.json"))));
    m.put("plans", List.of(json(sample(FIXTURES + "plan.json")), json(sample(OLDER + "plan_gold21323.json"))));
    m.put("coupons", List.of(json(sample(FIXTURES + "coupon.json"))));
    m.put("subscriptions", List.of(json(sample(FIXTURES + "subscription.json")),
        json(sample(OLDER + "subscription_sub_fakefakefakefakefake0001.json"))));
    m.put("invoices", List.of(json(sample(FIXTURES + "invoice.json")),
        json(sample(OLDER + "invoice_in_fakefakefakefakefake0001.json"))));
    m.put("credit_notes", List.of(json(sample(FIXTURES + "credit_note.json"))));
    m.put("refunds", List.of(json(sample(FIXTURES + "refund.json"))));
    return m;
  }

  /**
   * Stripe: list endpoints newest first, {@code limit} capped at {@code pageSize} so {@code starting_after}
   * is exercised, {@code created[gte]} honoured, a key check; events from {@code events}.
   */
  static void stripe(LocalApi api, String key, Map<String, List<JsonNode>> objects, List<JsonNode> events,
      int pageSize) {
    objects.forEach((endpoint, list) -> api.route("/v1/" + endpoint, call -> stripeList(call, key, "/v1/" + endpoint,
        list, pageSize)));
    api.route("/v1/events", call -> stripeList(call, key, "/v1/events", events, pageSize));
  }

  static Reply stripeList(Call call, String key, String url, List<JsonNode> all, int pageSize) {
    if (!("Bearer " + key).equals(call.header("Authorization"))) {
      return Reply.json(401, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid API Key provided\"}}");
    }
    List<JsonNode> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingLong((JsonNode o) -> o.path("created").asLong()).reversed());
    String gte = call.query().get("created[gte]");
    if (gte != null) {
      sorted.removeIf(o -> o.path("created").asLong() < Long.parseLong(gte));
    }
    String after = call.query().get("starting_after");
    int from = 0;
    if (after != null) {
      for (int i = 0; i < sorted.size(); i++) {
        if (sorted.get(i).path("id").asText().equals(after)) {
          from = i + 1;
        }
      }
    }
    int limit = Math.min(pageSize, Integer.parseInt(call.query().getOrDefault("limit", "10")));
    ObjectNode list = JSON.createObjectNode();
    list.put("object", "list");
    ArrayNode data = list.putArray("data");
    sorted.subList(from, Math.min(sorted.size(), from + limit)).forEach(data::add);
    list.put("has_more", from + limit < sorted.size());
    list.put("url", url);
    return Reply.json(200, bytes(list)).with("Stripe-Version", call.header("Stripe-Version") == null ? "2020-08-27"
        : call.header("Stripe-Version"));
  }

  // ---------------------------------------------------------------- downloads

  /**
   * npm's range answer for any period, in the documented shape (export-formats 2.2; no real range sample has
   * provenance): daily counts derived from the real point sample (redis, 1,056,053 downloads in a week), varied
   * by day so each period's body differs.
   */
  static void npm(LocalApi api, String pkg) {
    String prefix = "/downloads/range/";
    api.routePrefix(prefix, call -> {
      String rest = call.path().substring(prefix.length());
      String period = rest.substring(0, rest.indexOf('/'));
      String name = rest.substring(rest.indexOf('/') + 1);
      if (!name.equals(pkg)) {
        return Reply.json(404, "{\"error\":\"package " + name + " not found\"}");
      }
      LocalDate start = LocalDate.parse(period.split(":")[0]);
      LocalDate end = LocalDate.parse(period.split(":")[1]);
      long perDay = json(sample("downloads/npm/point_last-week_redis_2019-04-15_21.json")).get("downloads").asLong() / 7;
      ObjectNode body = JSON.createObjectNode();
      body.put("start", start.toString());
      body.put("end", end.toString());
      body.put("package", pkg);
      ArrayNode days = body.putArray("downloads");
      for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
        days.addObject().put("downloads", perDay + d.getDayOfYear()).put("day", d.toString());
      }
      return Reply.json(200, bytes(body));
    });
  }

  /** pypistats' overall endpoint for pip: the recorded answer. */
  static void pypistats(LocalApi api) {
    byte[] body = sample("downloads/pypistats/overall_pip_2020-05-01_02.json");
    api.route("/api/packages/pip/overall", call -> Reply.json(200, body));
  }

  /** Docker Hub's repository object for grimoirelab/perceval: the recorded answer. */
  static void dockerhub(LocalApi api) {
    byte[] body = sample("downloads/dockerhub/repository_grimoirelab-perceval_2017-05.json");
    api.route("/v2/repositories/grimoirelab/perceval/", call -> Reply.json(200, body));
  }

  // ---------------------------------------------------------------- Plausible

  static final String PLAUSIBLE = "web_traffic/plausible/dashboard_export_30d_";
  static final LocalDate PLAUSIBLE_LAST_DAY = LocalDate.of(2021, 10, 20);

  /**
   * Plausible's Stats API v2 answering from the dashboard export samples: the visitors rows with visits
   * (v2 leaves days without any out), and the pages and sources rows for {@link #PLAUSIBLE_LAST_DAY}. No v2
   * answer with provenance exists among the samples; its shape is Plausible's documented one
   * ({@code results[].dimensions}, {@code results[].metrics} in the order asked).
   */
  static void plausible(LocalApi api, String key) {
    api.route("/api/v2/query", call -> {
      if (!("Bearer " + key).equals(call.header("Authorization"))) {
        return Reply.json(401, "{\"error\":\"Invalid API key\"}");
      }
      JsonNode q = json(call.body().getBytes(StandardCharsets.UTF_8));
      String dimension = q.path("dimensions").path(0).asText();
      LocalDate from = LocalDate.parse(q.path("date_range").path(0).asText());
      LocalDate to = LocalDate.parse(q.path("date_range").path(1).asText());
      List<String> metrics = new ArrayList<>();
      q.path("metrics").forEach(m -> metrics.add(m.asText()));
      String report = switch (dimension) {
        case "time:day" -> "visitors";
        case "event:page" -> "pages";
        default -> "sources";
      };
      List<Map<String, String>> rows = csvRows(report);
      ObjectNode answer = JSON.createObjectNode();
      ArrayNode results = answer.putArray("results");
      for (Map<String, String> row : rows) {
        LocalDate day = report.equals("visitors") ? LocalDate.parse(row.get("date")) : PLAUSIBLE_LAST_DAY;
        if (day.isBefore(from) || day.isAfter(to) || report.equals("visitors") && row.get("visitors").equals("0")) {
          continue;
        }
        ObjectNode r = results.addObject();
        r.putArray("dimensions").add(report.equals("visitors") ? row.get("date") : row.get("name"));
        ArrayNode values = r.putArray("metrics");
        for (String m : metrics) {
          String v = row.get(m);
          if (v == null || v.isEmpty()) {
            values.addNull();
          } else if (v.contains(".")) {
            values.add(Double.parseDouble(v));
          } else {
            values.add(Long.parseLong(v));
          }
        }
      }
      answer.putObject("meta");
      answer.set("query", q);
      return Reply.json(200, bytes(answer));
    });
  }

  static List<Map<String, String>> csvRows(String report) {
    String[] lines = new String(sample(PLAUSIBLE + report + ".csv"), StandardCharsets.UTF_8).split("\n");
    String[] header = lines[0].split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] cells = lines[i].split(",", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.length; c++) {
        row.put(header[c], c < cells.length ? cells[c] : "");
      }
      rows.add(row);
    }
    return rows;
  }
}
