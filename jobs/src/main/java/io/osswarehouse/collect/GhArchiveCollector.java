package io.osswarehouse.collect;

import io.osswarehouse.config.WarehouseConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * GH Archive: the run date's 24 hour files, {@code <url>/YYYY-MM-DD-H.json.gz} (hour without zero padding),
 * into {@code github/gharchive/} under the same names, which is what ingest reads. A download goes to a
 * hidden {@code .part} file, resumes from it with a {@code Range} request (also in the next collect), and is
 * renamed into place only once the whole file decompresses. An hour the archive does not have (404) is
 * logged as {@code missing} and left out: ingest then records the gap, and the next collect asks again.
 * An hour already landed is not fetched again (archive hours do not change once published).
 */
public final class GhArchiveCollector implements Collector {
  public static final String SOURCE = "github/gharchive";

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public String nothingToCollect(WarehouseConfig config, Map<String, String> env) {
    // The archive is public, but a whole day is gigabytes: collected for tracked repositories only.
    return config.githubRepositories().isEmpty() && config.githubOrganizations().isEmpty()
        ? "no repositories tracked: set github.repositories or github.organizations" : null;
  }

  @Override
  public void collect(SourceRun run, Secret secret) {
    for (int hour = 0; hour < 24; hour++) {
      String name = run.date + "-" + hour + ".json.gz";
      String relative = SOURCE + "/" + name;
      run.entity(name, batch -> {
        Path target = run.writer.resolve(relative);
        if (Files.isRegularFile(target) && size(target) > 0) {
          run.landed(batch, LandingWriter.Outcome.UNCHANGED);
          return SourceRun.Outcome.ok("already landed");
        }
        Path part = target.resolveSibling("." + name + ".part");
        try {
          Files.createDirectories(target.getParent());
        } catch (IOException e) {
          throw new CollectException("cannot create " + target.getParent() + ": " + e.getMessage());
        }
        URI uri = URI.create(run.config.gharchiveUrl() + "/" + name);
        if (run.client.downloadGzip(batch, uri, part) == ApiClient.Download.MISSING) {
          return new SourceRun.Outcome("missing", "the archive has no " + name + " (404); ingest records the gap,"
              + " the next collect asks again");
        }
        batch.page();
        try {
          LandingWriter.moveIntoPlace(part, target);
        } catch (IOException e) {
          throw new CollectException("cannot move " + part + " into place: " + e.getMessage());
        }
        run.landed(batch, LandingWriter.Outcome.NEW);
        return SourceRun.Outcome.OK;
      });
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
