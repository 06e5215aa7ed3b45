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
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * pypistats.org API responses, {@code <landing>/downloads/pypistats/<anything>.json}: {@code overall}
 * (categories {@code with_mirrors}, {@code without_mirrors}), {@code system}, {@code python_major},
 * {@code python_minor} (one row per category and day) and {@code recent} (last day, week and month
 * totals, not dated). The package comes from the body. Categories are kept as sent, including the
 * string {@code "null"} (pypistats' "not reported"), which silver turns into a null category. A row
 * without a date is loaded as an undated total: silver keeps it, but it never becomes a daily fact.
 */
public final class PypistatsSource implements LandingSource {
  @Override
  public boolean holdsPersonalData() {
    return false;
  }

  public static final String NAME = "downloads/pypistats";
  static final List<String> ENDPOINTS = List.of("overall", "system", "python_major", "python_minor", "recent");

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
    return Catalog.PYPISTATS__DOWNLOADS.name();
  }

  @Override
  public StructType recordSchema() {
    return new StructType()
        .add("package", StringType, false)
        .add("endpoint", StringType, false)
        .add("category", StringType, false)
        .add("download_date", DateType, true)
        .add("downloads", LongType, false);
  }

  @Override
  public ParsedFile parse(String fileName, byte[] content) {
    ParsedFile out = new ParsedFile();
    JsonNode doc = DownloadsJson.document(content, out);
    if (doc == null) {
      return out;
    }
    String type = doc.path("type").asText("");
    String endpoint = type.replaceFirst("_downloads$", "");
    String problem = !ENDPOINTS.contains(endpoint) ? "unknown response type '" + type + "'; expected one of "
        + ENDPOINTS + " + '_downloads'"
        : !doc.path("package").isTextual() || doc.path("package").asText().isBlank() ? "no 'package'"
        : "recent".equals(endpoint) != doc.path("data").isObject() ? "'data' has the wrong shape for " + type
        : !doc.path("data").isContainerNode() ? "no 'data'" : null;
    if (problem != null) {
      out.reject(0, doc.toString(), problem);
      return out;
    }
    String pkg = doc.get("package").asText().trim();
    long position = 0;
    if ("recent".equals(endpoint)) {
      // Rolling totals relative to an unknown pull time: kept, with the window as the category.
      for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("data").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        position++;
        try {
          out.accept(position, pkg, endpoint, e.getKey(), null, DownloadsJson.count(doc.get("data"), e.getKey()));
        } catch (IllegalArgumentException ex) {
          out.reject(position, e.toString(), ex.getMessage());
        }
      }
      return out;
    }
    for (JsonNode row : doc.get("data")) {
      position++;
      try {
        if (!row.isObject()) {
          throw new IllegalArgumentException("not a JSON object");
        }
        out.accept(position, pkg, endpoint, DownloadsJson.text(row, "category"),
            row.hasNonNull("date") ? DownloadsJson.date(row, "date") : null, DownloadsJson.count(row, "downloads"));
      } catch (IllegalArgumentException e) {
        out.reject(position, row.toString(), e.getMessage());
      }
    }
    return out;
  }
}
