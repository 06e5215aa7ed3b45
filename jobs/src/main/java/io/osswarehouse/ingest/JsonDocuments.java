package io.osswarehouse.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * Whole JSON documents landed by NDJSON line sources (a JSON array, or one pretty-printed object):
 * telling them from NDJSON by their first bytes, and splitting them into one compact line per record.
 */
public final class JsonDocuments {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonDocuments() {}

  /**
   * A JSON array, or an object spread over several lines: its first line does not end the object and its next
   * line is not another object. An NDJSON line always ends its object, unless it is broken, and then the next
   * line starts a record of its own (such a file stays line by line, so only the broken line is quarantined).
   */
  public static boolean isWholeDocument(String head) {
    String trimmed = head.stripLeading();
    if (trimmed.startsWith("[")) {
      return true;
    }
    String[] lines = trimmed.split("\r?\n", 3);
    if (!trimmed.startsWith("{") || lines.length < 2 || lines[0].strip().endsWith("}")) {
      return false;
    }
    return lines[0].strip().equals("{") || !lines[1].strip().startsWith("{");
  }

  /** One compact JSON line per array element (or the one object) as values[0]; an unreadable document is rejected. */
  public static ParsedFile split(byte[] content) {
    ParsedFile out = new ParsedFile();
    String text = new String(content, StandardCharsets.UTF_8);
    JsonNode doc;
    try {
      doc = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      out.reject(1, text.length() > 10_000 ? text.substring(0, 10_000) : text,
          "invalid JSON document: " + e.getOriginalMessage());
      return out;
    }
    Iterator<JsonNode> records = doc.isArray() ? doc.elements() : List.of(doc).iterator();
    long position = 0;
    while (records.hasNext()) {
      out.accept(++position, records.next().toString());
    }
    return out;
  }
}
