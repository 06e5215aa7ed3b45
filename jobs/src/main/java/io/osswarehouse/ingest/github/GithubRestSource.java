package io.osswarehouse.ingest.github;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.ParsedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructType;

/**
 * GitHub REST API response bodies saved one per file under
 * {@code github/rest/<owner>/<repo>/<endpoint>[_<anything>]_<YYYY-MM-DD>.json}. The path says what the
 * body is (the bodies carry neither the repository nor the day they were fetched): the repository from
 * the two folders, the endpoint from the longest known file-name prefix, the snapshot date from the
 * last date in the name. Each list element (or the single object) is one bronze record, kept verbatim.
 */
public final class GithubRestSource implements LandingSource {
  public static final String NAME = "github/rest";
  public static final String LAYOUT = "github/rest/<owner>/<repo>/<endpoint>[_<anything>]_<YYYY-MM-DD>.json";
  public static final String STAR_MEDIA_TYPE = "application/vnd.github.star+json";
  /** File-name prefixes; the longest match wins ({@code release_asset} before {@code release}). */
  public static final List<String> ENDPOINTS = List.of("stargazers", "traffic_views", "traffic_clones",
      "traffic_popular_paths", "traffic_popular_referrers", "releases", "release", "release_asset",
      "contributors", "repository", "users");

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  // Trailing tokens must fail: two concatenated bodies are not one response.
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Where a file says its body came from. */
  public record Location(String endpoint, String repoName, LocalDate snapshotDate) {}

  @Override
  public String name() {
    return NAME;
  }


  /** Every JSON file, also misplaced ones: they are quarantined with the layout, never silently ignored. */
  @Override
  public boolean accepts(Path relativePath) {
    return relativePath.getFileName().toString().matches(".*\\.json(\\.gz)?");
  }

  @Override
  public String bronzeTable() {
    return Catalog.GITHUB__REST_RECORDS.name();
  }

  @Override
  public StructType recordSchema() {
    return new StructType()
        .add("endpoint", StringType, false)
        .add("repo_name", StringType, false)
        .add("snapshot_date", DateType, false)
        .add("record_key", StringType, true)
        .add("raw_json", StringType, false);
  }

  /**
   * Reads the endpoint, repository and snapshot date from a path relative to the landing root.
   *
   * @throws IllegalArgumentException saying what is wrong and which layout is expected
   */
  public static Location locate(String fileName) {
    String[] parts = fileName.replace('\\', '/').split("/");
    if (parts.length != 5 || !"github".equals(parts[0]) || !"rest".equals(parts[1])) {
      throw new IllegalArgumentException("file is not in an <owner>/<repo> folder; expected " + LAYOUT);
    }
    String file = parts[4].replaceFirst("\\.json(\\.gz)?$", "");
    String endpoint = ENDPOINTS.stream().filter(e -> file.startsWith(e + "_"))
        .max(Comparator.comparingInt(String::length)).orElseThrow(() -> new IllegalArgumentException(
            "file name does not start with a known endpoint " + ENDPOINTS + "; expected " + LAYOUT));
    String date = null;
    for (Matcher m = DATE.matcher(file.substring(endpoint.length())); m.find(); ) {
      date = m.group();
    }
    if (date == null) {
      throw new IllegalArgumentException("file name has no snapshot date; expected " + LAYOUT);
    }
    try {
      return new Location(endpoint, (parts[2] + "/" + parts[3]).toLowerCase(Locale.ROOT), LocalDate.parse(date));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + date + "' is not a date; expected " + LAYOUT);
    }
  }

  @Override
  public ParsedFile parse(String fileName, byte[] content) {
    ParsedFile out = new ParsedFile();
    String text = new String(content, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return out;
    }
    JsonNode body;
    try {
      body = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      out.reject(1, text, "invalid JSON: " + e.getOriginalMessage());
      return out;
    }
    List<JsonNode> items = new ArrayList<>();
    if (body.isArray()) {
      body.elements().forEachRemaining(items::add);
    } else {
      items.add(body);
    }
    Location where;
    try {
      where = locate(fileName);
    } catch (IllegalArgumentException e) {
      // Without the path's facts the records mean nothing: all of them wait in quarantine until moved.
      for (int i = 0; i < items.size(); i++) {
        out.reject(i + 1, items.get(i).toString(), e.getMessage());
      }
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String problem = problem(where.endpoint(), item);
      if (problem != null) {
        out.reject(i + 1, item.toString(), where.endpoint() + ": " + problem);
      } else {
        out.accept(i + 1, where.endpoint(), where.repoName(), Date.valueOf(where.snapshotDate()),
            key(where.endpoint(), item), item.toString());
      }
    }
    return out;
  }

  /** Why a record cannot be used for its endpoint, or null when it can. */
  static String problem(String endpoint, JsonNode n) {
    if (!n.isObject()) {
      return "record is not a JSON object";
    }
    switch (endpoint) {
      case "stargazers":
        if (!n.has("starred_at") && n.has("login")) {
          return "stargazer without starred_at (a bare user object): request the list with Accept: "
              + STAR_MEDIA_TYPE;
        }
        return firstOf(timestamp(n, "starred_at"),
            n.path("user").path("id").isIntegralNumber() ? null : "'user.id' is missing or not an integer");
      case "traffic_views":
      case "traffic_clones":
        String list = endpoint.substring("traffic_".length());
        if (!n.path(list).isArray()) {
          return "no '" + list + "' array";
        }
        for (JsonNode day : n.get(list)) {
          String p = firstOf(timestamp(day, "timestamp"), integer(day, "count"),
              integer(day, "uniques"));
          if (p != null) {
            return list + "[]: " + p;
          }
        }
        return null;
      case "traffic_popular_paths":
        return firstOf(text(n, "path"), integer(n, "count"), integer(n, "uniques"));
      case "traffic_popular_referrers":
        return firstOf(text(n, "referrer"), integer(n, "count"), integer(n, "uniques"));
      case "releases":
      case "release":
        if (n.has("assets") && !n.get("assets").isArray()) {
          return "'assets' is not an array";
        }
        for (JsonNode a : n.path("assets")) {
          String p = asset(a);
          if (p != null) {
            return "assets[]: " + p;
          }
        }
        return integer(n, "id");
      case "release_asset":
        return asset(n);
      case "contributors":
        // anon=1 adds contributors without an account: no id, an e-mail and type "Anonymous".
        return "Anonymous".equals(n.path("type").asText()) ? integer(n, "contributions")
            : firstOf(integer(n, "id"), text(n, "login"), integer(n, "contributions"));
      case "repository":
        return firstOf(integer(n, "id"), text(n, "full_name"));
      case "users":
        return firstOf(integer(n, "id"), text(n, "login"));
      default:
        throw new IllegalStateException("endpoint without validation: " + endpoint);
    }
  }

  /** The record's identity within its endpoint, for readers of bronze; silver re-derives its own keys. */
  static String key(String endpoint, JsonNode n) {
    return switch (endpoint) {
      case "stargazers" -> n.get("user").get("id").asText();
      case "traffic_views", "traffic_clones" -> endpoint.substring("traffic_".length());
      case "traffic_popular_paths" -> n.get("path").asText();
      case "traffic_popular_referrers" -> n.get("referrer").asText();
      case "contributors" -> n.has("id") ? n.get("id").asText() : null;
      default -> n.get("id").asText();
    };
  }

  private static String asset(JsonNode a) {
    return firstOf(integer(a, "id"), text(a, "name"), integer(a, "download_count"));
  }

  private static String firstOf(String... problems) {
    for (String p : problems) {
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private static String integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isIntegralNumber() ? null : "'" + field + "' is missing or not an integer";
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() && !v.asText().isEmpty() ? null : "'" + field + "' is missing or empty";
  }

  private static String timestamp(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      return "'" + field + "' is missing";
    }
    try {
      OffsetDateTime.parse(v.asText());
      return null;
    } catch (DateTimeParseException e) {
      return "'" + field + "' is not an ISO-8601 timestamp: " + v.asText();
    }
  }
}
