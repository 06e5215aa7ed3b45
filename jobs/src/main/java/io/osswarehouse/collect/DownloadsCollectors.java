package io.osswarehouse.collect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osswarehouse.config.CollectionConfig;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.ingest.downloads.DockerHubSource;
import io.osswarehouse.ingest.downloads.NpmDownloadsSource;
import io.osswarehouse.ingest.downloads.PypistatsSource;
import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** The package download APIs: npm, pypistats.org and Docker Hub (docs/downloads.md has the layouts). */
public final class DownloadsCollectors {
  private DownloadsCollectors() {}

  /** The first day the npm downloads API has. */
  static final LocalDate NPM_FIRST_DAY = LocalDate.of(2015, 1, 10);

  private static String notFound(ApiClient.Response r, String what) {
    return what + " answered 404" + (r.body().length > 0 && r.body().length < 300
        ? ": " + ApiClient.oneLine(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)) : "");
  }

  /**
   * npm's range API, {@code /downloads/range/<start>:<end>/<package>}, one day per record, into
   * {@code downloads/npm/<package>/range_<start>_<end>.json}. Every collect re-fetches the trailing
   * {@code collect.npm.days} days ending on the run date (npm fills in the latest day late); the first collect
   * of a package also fetches its history from {@code collect.npm.history-from}, and a collect after a gap
   * longer than the window fetches the gap, both in chunks of at most 18 months (the API's limit per query).
   * File names depend only on the run date and the history already fetched, so collecting a day again writes
   * nothing when npm answers the same.
   */
  public static final class Npm implements Collector {
    @Override
    public String source() {
      return NpmDownloadsSource.NAME;
    }

    @Override
    public String nothingToCollect(WarehouseConfig config, Map<String, String> env) {
      return config.collection().npmPackages().isEmpty() ? "no packages: set " + CollectionConfig.NPM_PACKAGES : null;
    }

    @Override
    public void collect(SourceRun run, Secret secret) {
      StateStore store = new StateStore(run.writer.landing(), "downloads-npm");
      ObjectNode state = store.load();
      // package -> the last day any collect fetched: days after it and before the window are a gap to fill
      ObjectNode covered = state.has("covered_until") ? (ObjectNode) state.get("covered_until")
          : state.putObject("covered_until");
      LocalDate windowStart = run.date.minusDays(run.config.npmDays() - 1L);
      for (String pkg : run.config.npmPackages()) {
        run.entity(pkg, batch -> {
          Map<String, byte[]> files = new LinkedHashMap<>();
          LocalDate from = covered.has(pkg) ? LocalDate.parse(covered.get(pkg).asText()).plusDays(1)
              : run.config.npmHistoryFrom().isBefore(NPM_FIRST_DAY) ? NPM_FIRST_DAY : run.config.npmHistoryFrom();
          // History (first collect) or a gap (collects missed): the days before the window, in 18-month chunks.
          for (LocalDate start = from; start.isBefore(windowStart); ) {
            LocalDate end = start.plusMonths(18).minusDays(1);
            end = end.isBefore(windowStart) ? end : windowStart.minusDays(1);
            files.put(range(pkg, start, end), bodyOf(run, batch, pkg, start, end));
            start = end.plusDays(1);
          }
          files.put(range(pkg, windowStart, run.date), bodyOf(run, batch, pkg, windowStart, run.date));
          run.land(batch, files);
          if (!covered.has(pkg) || LocalDate.parse(covered.get(pkg).asText()).isBefore(run.date)) {
            covered.put(pkg, run.date.toString());
          }
          return SourceRun.Outcome.OK;
        });
      }
      store.save(state);
    }

    private static String range(String pkg, LocalDate start, LocalDate end) {
      return NpmDownloadsSource.NAME + "/" + pkg + "/range_" + start + "_" + end + ".json";
    }

    private static byte[] bodyOf(SourceRun run, CollectLog.Batch batch, String pkg, LocalDate start, LocalDate end) {
      ApiClient.Response r = run.client.send(batch, ApiClient.Request.get(URI.create(run.config.npmApi()
          + "/downloads/range/" + start + ":" + end + "/" + pkg)));
      if (r.status() == 404) {
        throw new CollectException(notFound(r, "npm package " + pkg));
      }
      if (r.json().has("error")) {
        throw new CollectException("npm answered an error for " + pkg + ": " + r.json().get("error").asText());
      }
      batch.page();
      return r.body();
    }
  }

  /**
   * pypistats.org, {@code /api/packages/<package>/<endpoint>} for each configured endpoint, into
   * {@code downloads/pypistats/<package>/<endpoint>_<date>.json}. The API keeps 180 days and every answer
   * covers all of them, so a daily pull overlaps the last one (the latest landed row wins in silver).
   */
  public static final class Pypistats implements Collector {
    @Override
    public String source() {
      return PypistatsSource.NAME;
    }

    @Override
    public String nothingToCollect(WarehouseConfig config, Map<String, String> env) {
      return config.collection().pypiPackages().isEmpty() ? "no packages: set " + CollectionConfig.PYPI_PACKAGES : null;
    }

    @Override
    public void collect(SourceRun run, Secret secret) {
      for (String pkg : run.config.pypiPackages()) {
        String name = pkg.toLowerCase(java.util.Locale.ROOT);
        for (String endpoint : run.config.pypistatsEndpoints()) {
          run.entity(name + " " + endpoint, batch -> {
            ApiClient.Response r = run.client.send(batch, ApiClient.Request.get(URI.create(run.config.pypistatsApi()
                + "/api/packages/" + name + "/" + endpoint)).conditional());
            if (r.status() == 404) {
              throw new CollectException(notFound(r, "pypistats package " + name));
            }
            batch.page();
            run.land(batch, Map.of(PypistatsSource.NAME + "/" + name + "/" + endpoint + "_" + run.date + ".json",
                r.body()));
            return SourceRun.Outcome.OK;
          });
        }
      }
    }
  }

  /**
   * Docker Hub's repository object, {@code /v2/repositories/<namespace>/<name>/}, whose {@code pull_count}
   * is a lifetime counter: one snapshot a day into {@code downloads/dockerhub/<namespace>/<name>/repository_<date>.json},
   * and silver turns consecutive snapshots into pulls per interval.
   */
  public static final class DockerHub implements Collector {
    @Override
    public String source() {
      return DockerHubSource.NAME;
    }

    @Override
    public String nothingToCollect(WarehouseConfig config, Map<String, String> env) {
      return config.collection().dockerImages().isEmpty() ? "no images: set " + CollectionConfig.DOCKER_IMAGES : null;
    }

    @Override
    public void collect(SourceRun run, Secret secret) {
      for (String image : run.config.dockerImages()) {
        run.entity(image, batch -> {
          ApiClient.Response r = run.client.send(batch, ApiClient.Request.get(URI.create(run.config.dockerHubApi()
              + "/v2/repositories/" + image + "/")));
          if (r.status() == 404) {
            throw new CollectException(notFound(r, "Docker Hub repository " + image));
          }
          batch.page();
          run.land(batch, Map.of(DockerHubSource.NAME + "/" + image + "/repository_" + run.date + ".json", r.body()));
          return SourceRun.Outcome.OK;
        });
      }
    }
  }
}
