package io.osswarehouse.collect;

import io.osswarehouse.config.CollectionConfig;
import io.osswarehouse.config.WarehouseConfig;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One source's collect for one date: its HTTP client, where it writes, its log, and the failures of its
 * entities. An entity (a repository's stargazers, a package, an hour) that fails is logged with its
 * reason and the others go on; a {@link CollectException.SourceStopped} ends the source.
 */
public final class SourceRun {
  /** How an entity ended: {@code ok}, or {@code missing} (the API has nothing for it yet), with a note. */
  public record Outcome(String status, String message) {
    public static final Outcome OK = new Outcome("ok", null);

    public static Outcome ok(String message) {
      return new Outcome("ok", message);
    }
  }

  /** The work for one entity, counted in its batch. */
  @FunctionalInterface
  public interface Work {
    Outcome run(CollectLog.Batch batch);
  }

  public final String source;
  public final LocalDate date;
  public final WarehouseConfig warehouse;
  public final CollectionConfig config;
  public final ApiClient client;
  public final LandingWriter writer;
  public final CollectLog log;
  final List<String> failures = new ArrayList<>();
  final List<String> missing = new ArrayList<>();
  int entities;
  int filesWritten;
  int filesUnchanged;

  SourceRun(String source, LocalDate date, WarehouseConfig warehouse, ApiClient client, LandingWriter writer,
      CollectLog log) {
    this.source = source;
    this.date = date;
    this.warehouse = warehouse;
    this.config = warehouse.collection();
    this.client = client;
    this.writer = writer;
    this.log = log;
  }

  /** Runs one entity's work in its own batch (one log line). */
  public void entity(String name, Work work) {
    entities++;
    CollectLog.Batch batch = log.batch(source, name);
    try {
      Outcome outcome = work.run(batch);
      if ("missing".equals(outcome.status())) {
        missing.add(name);
      }
      batch.finish(outcome.status(), outcome.message());
    } catch (CollectException.SourceStopped e) {
      batch.finish("failed", e.getMessage());
      throw e;
    } catch (CollectException | UncheckedIOException | IllegalArgumentException e) {
      String message = log.redact(ApiClient.oneLine(e.getMessage()));
      failures.add(name + ": " + message);
      batch.finish("failed", message);
    }
  }

  /** Lands files that belong together (every page of one list) and counts them in the batch. */
  public Map<String, LandingWriter.Outcome> land(CollectLog.Batch batch, Map<String, byte[]> files) {
    Map<String, LandingWriter.Outcome> written = writer.writeAll(files);
    batch.wrote(written);
    for (LandingWriter.Outcome o : written.values()) {
      if (o == LandingWriter.Outcome.UNCHANGED) {
        filesUnchanged++;
      } else {
        filesWritten++;
      }
    }
    return written;
  }

  /** Counts a file put in place by other means (a finished download renamed into place). */
  void landed(CollectLog.Batch batch, LandingWriter.Outcome outcome) {
    batch.wrote(Map.of("", outcome));
    if (outcome == LandingWriter.Outcome.UNCHANGED) {
      filesUnchanged++;
    } else {
      filesWritten++;
    }
  }
}
