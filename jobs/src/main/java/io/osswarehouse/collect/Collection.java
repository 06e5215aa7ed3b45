package io.osswarehouse.collect;

import io.osswarehouse.config.CollectionConfig;
import io.osswarehouse.config.WarehouseConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code warehouse collect}: runs the chosen collectors one after another for one run date. A source that
 * fails (credentials refused, budget spent, an entity that kept failing) is reported in one line and the
 * others still collect. Needs no Spark.
 */
public final class Collection {
  /** Every collector, in the order {@code collect} runs them. */
  public static final List<Collector> COLLECTORS = List.of(new StripeCollector(), new GhArchiveCollector(),
      new GithubRestCollector(), new DownloadsCollectors.Pypistats(), new DownloadsCollectors.Npm(),
      new DownloadsCollectors.DockerHub(), new PlausibleCollector());

  /** Sources exported from BigQuery instead (docs/collect.md has the export commands). */
  public static final Map<String, String> EXPORTED = Map.of(
      "downloads/pypi", "docs/collect.md#pypi-file_downloads-from-bigquery",
      "web/ga4", "docs/collect.md#ga4-events-from-bigquery");

  /** What one source's collect did. */
  public record Result(String source, String status, int entities, int filesWritten, int filesUnchanged,
      List<String> missing, String message) {
    public boolean failed() {
      return "failed".equals(status);
    }
  }

  private final WarehouseConfig config;
  private final Map<String, String> env;
  private final PrintStream progress;
  private Duration unhintedRateLimitWait;

  /**
   * @param env where secrets come from (the process environment)
   * @param progress one line per source, or null for none
   */
  public Collection(WarehouseConfig config, Map<String, String> env, PrintStream progress) {
    this.config = config;
    this.env = env;
    this.progress = progress;
  }

  /** The wait after a rate limit that names no time (GitHub asks for a minute; tests ask for less). */
  public Collection withUnhintedRateLimitWait(Duration wait) {
    this.unhintedRateLimitWait = wait;
    return this;
  }

  /**
   * The collectors for source names or folders of them ({@code github} is both GitHub sources); none named:
   * every source that has something configured.
   *
   * @throws IllegalArgumentException for an unknown name, with the known ones
   */
  public static List<Collector> choose(List<String> names, WarehouseConfig config, Map<String, String> env) {
    if (names == null || names.isEmpty()) {
      return COLLECTORS.stream().filter(c -> c.nothingToCollect(config, env) == null).toList();
    }
    Set<Collector> out = new LinkedHashSet<>();
    for (String name : names) {
      String n = name.replaceAll("/+$", "");
      if (EXPORTED.containsKey(n)) {
        throw new IllegalArgumentException(n + " is exported from BigQuery, not collected from an API: see "
            + EXPORTED.get(n));
      }
      List<Collector> matching = COLLECTORS.stream().filter(c -> c.source().equals(n)
          || c.source().startsWith(n + "/")).toList();
      if (matching.isEmpty()) {
        throw new IllegalArgumentException("unknown source '" + name + "'; collect knows "
            + String.join(", ", COLLECTORS.stream().map(Collector::source).toList()));
      }
      out.addAll(matching);
    }
    return new ArrayList<>(out);
  }

  /** Collects the sources for the run date into the landing folder; one result per source. */
  public List<Result> run(List<Collector> collectors, LocalDate date, String runId) {
    Path landing = config.landingDir();
    LandingWriter writer = new LandingWriter(landing);
    List<Result> results = new ArrayList<>();
    for (Collector c : collectors) {
      Result r = runOne(c, landing, writer, date, runId);
      results.add(r);
      if (progress != null) {
        progress.println(line(r));
      }
    }
    return results;
  }

  private Result runOne(Collector c, Path landing, LandingWriter writer, LocalDate date, String runId) {
    CollectLog log = new CollectLog(landing, date, runId);
    String nothing = c.nothingToCollect(config, env);
    if (nothing != null) {
      return new Result(c.source(), "skipped", 0, 0, 0, List.of(), nothing);
    }
    Secret secret;
    try {
      secret = c.secret(config, env);
    } catch (CollectException e) {
      log.batch(c.source(), "credentials").finish("failed", e.getMessage());
      return new Result(c.source(), "failed", 0, 0, 0, List.of(), e.getMessage());
    }
    log.hide(secret);
    CollectionConfig cc = config.collection();
    Duration unhinted = unhintedRateLimitWait != null ? unhintedRateLimitWait
        : c instanceof GithubRestCollector ? Duration.ofMinutes(1) : cc.backoff().multipliedBy(4);
    ApiClient client = new ApiClient(c.source(), new ApiClient.Options(cc.maxAttempts(), cc.backoff(),
        Duration.ofMinutes(1), cc.requestTimeout(), cc.sourceBudget(), unhinted), secret, landing);
    SourceRun run = new SourceRun(c.source(), date, config, client, writer, log);
    String stopped = null;
    try {
      c.collect(run, secret);
    } catch (CollectException.SourceStopped e) {
      stopped = e.getMessage();
    } catch (RuntimeException e) {
      // a defect or an I/O failure of the landing folder: this source stops, the others go on
      stopped = c.source() + ": " + ApiClient.oneLine(e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getMessage());
      log.batch(c.source(), "collector").finish("failed", stopped);
    }
    String message;
    if (stopped != null) {
      message = log.redact(stopped);
    } else if (!run.failures.isEmpty()) {
      message = run.failures.size() + " of " + run.entities + " failed, first " + run.failures.get(0);
    } else {
      message = null;
    }
    return new Result(c.source(), message == null ? "ok" : "failed", run.entities, run.filesWritten,
        run.filesUnchanged, List.copyOf(run.missing), message);
  }

  /** The one line printed per source. */
  public static String line(Result r) {
    StringBuilder s = new StringBuilder("collect ").append(r.source()).append(": ");
    switch (r.status()) {
      case "skipped" -> s.append("skipped, ").append(r.message());
      case "ok" -> s.append(r.filesWritten()).append(" file(s) written, ").append(r.filesUnchanged())
          .append(" unchanged");
      default -> s.append("FAILED ").append(r.message()).append(" (").append(r.filesWritten())
          .append(" file(s) written before)");
    }
    if (!r.missing().isEmpty()) {
      s.append("; not available yet: ").append(String.join(", ", r.missing()));
    }
    return s.toString();
  }
}
