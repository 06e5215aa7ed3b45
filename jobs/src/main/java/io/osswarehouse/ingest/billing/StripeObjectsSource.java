package io.osswarehouse.ingest.billing;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.ParsedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import org.apache.spark.sql.types.StructType;

/**
 * Stripe API objects, whatever the export tool: {@code <landing>/billing/stripe/**} files ending in
 * {@code .json}, {@code .jsonl} or {@code .ndjson} (optionally {@code .gz}), each holding one object,
 * a JSON array of objects, an API list envelope ({@code {"object":"list","data":[...]}}) or one object
 * per line. Every object is kept verbatim in {@code bronze.stripe__objects} with its type and id;
 * API-version differences are resolved in silver, never here.
 */
public final class StripeObjectsSource implements LandingSource {
  public static final String NAME = "billing/stripe";
  // Trailing tokens must fail: otherwise an NDJSON file would parse as its first line only.
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String directory() {
    return "billing/stripe";
  }

  @Override
  public boolean accepts(Path relativePath) {
    return relativePath.getFileName().toString().matches(".*\\.(json|jsonl|ndjson)(\\.gz)?");
  }

  @Override
  public String bronzeTable() {
    return Catalog.STRIPE__OBJECTS.name();
  }

  @Override
  public StructType recordSchema() {
    return new StructType()
        .add("object_type", StringType, false)
        .add("object_id", StringType, false)
        .add("object_created_at", TimestampType, true)
        .add("raw_json", StringType, false);
  }

  @Override
  public ParsedFile parse(String fileName, byte[] content) {
    ParsedFile out = new ParsedFile();
    String text = new String(content, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return out;
    }
    JsonNode whole = tryParse(text);
    if (whole != null && (whole.isArray() || whole.isObject())) {
      Iterator<JsonNode> items = whole.isArray() ? whole.elements()
          : "list".equals(whole.path("object").asText()) && whole.path("data").isArray() ? whole.get("data").elements()
          : java.util.List.of(whole).iterator();
      long position = 0;
      while (items.hasNext()) {
        JsonNode node = items.next();
        position++;
        accept(out, position, node, node.toString());
      }
      return out;
    }
    // Newline-delimited: one object per line; a broken line is quarantined, the rest still load.
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      try {
        accept(out, i + 1, JSON.readTree(line), line);
      } catch (JsonProcessingException e) {
        out.reject(i + 1, line, "invalid JSON: " + e.getOriginalMessage());
      }
    }
    return out;
  }

  private static JsonNode tryParse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static void accept(ParsedFile out, long position, JsonNode node, String raw) {
    String problem = StripeValidation.problem(node);
    if (problem != null) {
      out.reject(position, raw, problem);
      return;
    }
    JsonNode created = node.get("created");
    Timestamp createdAt = created != null && created.isIntegralNumber()
        ? Timestamp.from(Instant.ofEpochSecond(created.asLong())) : null;
    out.accept(position, node.get("object").asText(), node.get("id").asText(), createdAt, raw);
  }
}
