package io.osswarehouse.collect;

import io.osswarehouse.config.WarehouseConfig;
import java.util.Map;

/** Fetches one landing source from its API into the layout its ingest source reads. */
public interface Collector {
  /** The landing source it writes, as {@code warehouse ingest --source} names it (e.g. {@code github/rest}). */
  String source();

  /** Null when there is something to collect, else why not, naming the setting to fill in. */
  String nothingToCollect(WarehouseConfig config, Map<String, String> env);

  /**
   * The secret the API needs from the environment (or a file), or null for public APIs (the default).
   *
   * @throws CollectException when the API needs one and none is set, or its file is not private
   */
  default Secret secret(WarehouseConfig config, Map<String, String> env) {
    return null;
  }

  /** Collects the run date's files; entity failures are recorded in {@code run}. */
  void collect(SourceRun run, Secret secret);
}
