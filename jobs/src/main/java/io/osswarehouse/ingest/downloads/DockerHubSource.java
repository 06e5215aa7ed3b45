package io.osswarehouse.ingest.downloads;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import com.fasterxml.jackson.databind.JsonNode;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.ParsedFile;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructType;

/**
 * Docker Hub v2 repository objects ({@code GET /v2/repositories/<namespace>/<name>/}), or a page of them
 * ({@code {"count","results":[...]}}), under {@code <landing>/downloads/dockerhub/<anything>_<YYYY-MM-DD>.json}.
 * {@code pull_count} is a lifetime counter with no history: the snapshot date (the day the API was
 * called) comes from the file name, and silver turns consecutive snapshots into deltas. A file named
 * with a month only ({@code _YYYY-MM.json}) cannot be ordered against daily snapshots, so its records are
 * quarantined with a reason asking for the day; the body's {@code last_updated} is the last push, not the
 * snapshot time, so it is never used instead.
 */
public final class DockerHubSource implements LandingSource {
  @Override
  public boolean holdsPersonalData() {
    return false;
  }

  public static final String NAME = "downloads/dockerhub";
  private static final Pattern MONTH_ONLY = Pattern.compile("(\\d{4}-\\d{2})(?!-?\\d)");

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
    return Catalog.DOCKERHUB__REPOSITORIES.name();
  }

  @Override
  public StructType recordSchema() {
    return new StructType()
        .add("repository", StringType, false)
        .add("snapshot_date", DateType, false)
        .add("pull_count", LongType, false)
        .add("star_count", LongType, true)
        .add("last_updated", StringType, true)
        .add("raw_json", StringType, false);
  }

  @Override
  public ParsedFile parse(String fileName, byte[] content) {
    ParsedFile out = new ParsedFile();
    JsonNode doc = DownloadsJson.document(content, out);
    if (doc == null) {
      return out;
    }
    List<JsonNode> repos = doc.path("results").isArray() ? List.copyOf(iterable(doc.get("results"))) : List.of(doc);
    String name = Path.of(fileName).getFileName().toString();
    LocalDate snapshot = DownloadsJson.lastDate(name);
    long position = 0;
    for (JsonNode repo : repos) {
      position++;
      try {
        if (snapshot == null) {
          throw new IllegalArgumentException(noSnapshotDay(name));
        }
        String namespace = repo.hasNonNull("namespace") ? DownloadsJson.text(repo, "namespace")
            : DownloadsJson.text(repo, "user");
        out.accept(position, (namespace + "/" + DownloadsJson.text(repo, "name")).toLowerCase(Locale.ROOT),
            Date.valueOf(snapshot), DownloadsJson.count(repo, "pull_count"),
            repo.hasNonNull("star_count") ? DownloadsJson.count(repo, "star_count") : null,
            repo.path("last_updated").isTextual() ? repo.get("last_updated").asText() : null, repo.toString());
      } catch (IllegalArgumentException e) {
        out.reject(position, repo.toString(), e.getMessage());
      }
    }
    return out;
  }

  private static String noSnapshotDay(String name) {
    Matcher month = MONTH_ONLY.matcher(name);
    return month.find()
        ? "file name gives only the month " + month.group(1) + ", not the snapshot day: pull_count is cumulative, so"
            + " deltas need the day the API was called; rename the file to end in _" + month.group(1) + "-DD.json"
        : "no snapshot date in the file name: name it <anything>_YYYY-MM-DD.json (the day the API was called)";
  }

  private static List<JsonNode> iterable(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
