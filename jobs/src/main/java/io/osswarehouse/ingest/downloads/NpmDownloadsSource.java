package io.osswarehouse.ingest.downloads;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import com.fasterxml.jackson.databind.JsonNode;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.ParsedFile;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * npm downloads API responses, {@code <landing>/downloads/npm/<anything>.json}: {@code point}
 * ({@code {"downloads":N,"start","end","package"}}: one total over the period, kept as such) and
 * {@code range} ({@code {"start","end","package","downloads":[{"downloads":N,"day"}]}}: one record per
 * day); also bulk responses (an object keyed by package name, {@code null} for an unknown package).
 * The package comes from the body; a response without one counts all of npm and is quarantined.
 */
public final class NpmDownloadsSource implements LandingSource {
  @Override
  public boolean holdsPersonalData() {
    return false;
  }

  public static final String NAME = "downloads/npm";

  @Override
  public String name() {
    return NAME;
  }


  @Override
  public boolean accepts(Path relativePath) {
    return relativePath.getFileName().toString().matches(".*\\.json(\\.gz)?");
  }

  @Override
  public String bronzeTable() {
    return Catalog.NPM__DOWNLOADS.name();
  }

  /** kind 'point': a total over [start_date, end_date], day null; kind 'range': one day's count. */
  @Override
  public StructType recordSchema() {
    return new StructType()
        .add("package", StringType, false)
        .add("kind", StringType, false)
        .add("start_date", DateType, false)
        .add("end_date", DateType, false)
        .add("day", DateType, true)
        .add("downloads", LongType, false);
  }

  @Override
  public ParsedFile parse(String fileName, byte[] content) {
    ParsedFile out = new ParsedFile();
    JsonNode doc = DownloadsJson.document(content, out);
    if (doc == null) {
      return out;
    }
    if (doc.has("error")) {
      out.reject(0, doc.toString(), "npm API error: " + doc.get("error").asText());
      return out;
    }
    long[] position = {0};
    if (doc.has("downloads")) {
      response(doc, position, out);
      return out;
    }
    // Bulk: {"pkg-a": {...}, "pkg-b": null}
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isObject()) {
        response(e.getValue(), position, out);
      } else {
        out.reject(++position[0], e.toString(), "no downloads for package '" + e.getKey()
            + "' in a bulk response (unknown package)");
      }
    }
    return out;
  }

  private static String packageOf(JsonNode r) {
    if (!r.path("package").isTextual() || r.get("package").asText().isBlank()) {
      throw new IllegalArgumentException("no 'package': the API leaves it out of totals over all of npm");
    }
    return r.get("package").asText().trim();
  }

  private static void response(JsonNode r, long[] position, ParsedFile out) {
    JsonNode downloads = r.get("downloads");
    if (downloads != null && downloads.isArray()) {
      for (JsonNode day : downloads) {
        position[0]++;
        try {
          out.accept(position[0], packageOf(r), "range", DownloadsJson.date(r, "start"),
              DownloadsJson.date(r, "end"), DownloadsJson.date(day, "day"), DownloadsJson.count(day, "downloads"));
        } catch (IllegalArgumentException e) {
          out.reject(position[0], day.toString(), e.getMessage());
        }
      }
      return;
    }
    position[0]++;
    try {
      out.accept(position[0], packageOf(r), "point", DownloadsJson.date(r, "start"),
          DownloadsJson.date(r, "end"), null, DownloadsJson.count(r, "downloads"));
    } catch (IllegalArgumentException e) {
      out.reject(position[0], r.toString(), e.getMessage());
    }
  }
}
