package io.osswarehouse.ingest.downloads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osswarehouse.ingest.ParsedFile;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JSON reading and field checks shared by the small download API sources (pypistats, npm, Docker Hub). */
final class DownloadsJson {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})");

  private DownloadsJson() {}

  /**
   * The file's JSON document, or null after quarantining the whole file (position 0) with the reason; also null,
   * with nothing quarantined, for an empty file (no records, like an empty file of any source).
   */
  static JsonNode document(byte[] content, ParsedFile out) {
    String text = new String(content, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return null;
    }
    try {
      JsonNode doc = JSON.readTree(text);
      if (doc != null && doc.isObject()) {
        return doc;
      }
      out.reject(0, text, "not a JSON object (an API response body is expected)");
    } catch (JsonProcessingException e) {
      out.reject(0, text, "invalid JSON: " + e.getOriginalMessage());
    }
    return null;
  }

  /** A required non-negative whole number (JSON number, or digits as a string). */
  static long count(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n != null && (n.isIntegralNumber() || n.isTextual() && n.asText().matches("\\d{1,18}"))) {
      long v = n.asLong();
      if (v >= 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("'" + field + "' is not a non-negative whole number: " + n);
  }

  /** A required YYYY-MM-DD field. */
  static Date date(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    try {
      return Date.valueOf(LocalDate.parse(n == null ? "" : n.asText()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + field + "' is not a YYYY-MM-DD date: " + n);
    }
  }

  /** A required non-blank string field. */
  static String text(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new IllegalArgumentException("no '" + field + "'");
    }
    return n.asText().trim();
  }

  /** The last YYYY-MM-DD in a file name, or null. */
  static LocalDate lastDate(String fileName) {
    Matcher m = DATE.matcher(fileName);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    try {
      return last == null ? null : LocalDate.parse(last);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
