package io.osswarehouse.ingest;

import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Loads new landed files of one source into bronze. A file is identified by the SHA-256 of its
 * content: a file already loaded is skipped even when re-delivered under another name, and a file
 * changed in place loads again. Files whose path, size and modification time the audit already knows
 * are not even read. Each file's
 * records either load or go to {@code bronze.quarantine} with a reason; a file whose rejected share
 * exceeds the configured threshold is rejected whole (nothing loaded, the run fails) so that a
 * broken export never half-lands. Writes use replaceWhere on the file hashes, so a crash between
 * the bronze write and the audit is repaired by the next run instead of double-loading.
 */
public final class FileIngestor {
  public static final String QUARANTINE_TABLE = "bronze.quarantine";

  /** What one source's ingestion did in this run. */
  public record Result(String source, int filesLoaded, int filesSkipped, List<String> rejectedFiles,
      long recordsLoaded, long recordsQuarantined, Set<String> loadedHashes) {}

  private final RunContext run;
  private final AuditLog audit;
  /** Ingest rows of earlier runs (loaded or duplicate files), read once per run for every source. */
  private List<Row> earlierFiles;

  public FileIngestor(RunContext run, AuditLog audit) {
    this.run = run;
    this.audit = audit;
  }

  public Result ingest(LandingSource source) {
    Warehouse wh = run.warehouse();
    Path dir = run.config().landingDir().resolve(source.directory());
    List<Path> files = listFiles(dir, source);
    Map<String, String> loadedByHash = new HashMap<>();
    Map<String, AuditLog.FileRef> known = new HashMap<>();
    readAudit(source.name(), loadedByHash, known);

    List<Row> bronzeRows = new ArrayList<>();
    List<Row> quarantineRows = new ArrayList<>();
    Set<String> loadedHashes = new HashSet<>();
    Set<String> quarantineHashes = new HashSet<>();
    List<String> rejected = new ArrayList<>();
    int skipped = 0;
    long loadedRecords = 0;
    long quarantinedRecords = 0;
    int done = 0;
    for (Path file : files) {
      done++;
      String relative = run.config().landingDir().relativize(file).toString();
      long size = size(file);
      Timestamp modified = modified(file);
      AuditLog.FileRef before = known.get(relative);
      if (before != null && before.size() == size && before.modifiedAt().equals(modified)) {
        continue; // dealt with by an earlier run and untouched since: not even read again
      }
      long started = System.currentTimeMillis();
      byte[] content = read(file);
      String sha = sha256(content);
      AuditLog.FileRef ref = new AuditLog.FileRef(relative, sha, size, modified);
      String earlier = loadedByHash.get(sha);
      if (earlier != null || loadedHashes.contains(sha)) {
        skipped++;
        audit.file(source.name(), ref, 0, 0, 0, started, AuditLog.DUPLICATE,
            "same content as " + (earlier != null ? earlier : "a file loaded in this run") + "; not loaded again");
        continue;
      }
      ParsedFile parsed = parse(source, relative, content);
      long read = parsed.recordsRead();
      long bad = parsed.rejections().size();
      for (ParsedFile.Rejection r : parsed.rejections()) {
        quarantineRows.add(RowFactory.create(source.name(), r.rawRecord(), r.reason(), relative, sha, r.position(),
            run.ingestedAt(), run.runId(), Date.valueOf(run.runDate())));
      }
      if (bad > 0) {
        quarantineHashes.add(sha);
      }
      double share = read == 0 ? 0 : (double) bad / read;
      if (share > run.config().maxRejectedFraction()) {
        rejected.add(String.format("%s: %d of %d records (%.0f%%) failed validation, above the %.0f%% threshold "
            + "(first reason: %s)", relative, bad, read, share * 100, run.config().maxRejectedFraction() * 100,
            parsed.rejections().get(0).reason()));
        quarantinedRecords += bad;
        audit.file(source.name(), ref, read, 0, bad, started, AuditLog.REJECTED,
            "rejected: too many invalid records; see " + QUARANTINE_TABLE);
        continue;
      }
      for (ParsedFile.Record r : parsed.records()) {
        Object[] values = java.util.Arrays.copyOf(r.values(), r.values().length + 6);
        int n = r.values().length;
        values[n] = relative;
        values[n + 1] = sha;
        values[n + 2] = r.position();
        values[n + 3] = run.ingestedAt();
        values[n + 4] = run.runId();
        values[n + 5] = Date.valueOf(run.runDate());
        bronzeRows.add(RowFactory.create(values));
      }
      loadedHashes.add(sha);
      loadedRecords += parsed.records().size();
      quarantinedRecords += bad;
      audit.file(source.name(), ref, read, parsed.records().size(), bad, started, AuditLog.LOADED,
          bad > 0 ? bad + " record(s) quarantined" : null);
      if (done % 50 == 0) {
        run.progress().info("ingest %s: %d/%d files, %,d records", source.name(), done, files.size(), loadedRecords);
      }
    }

    StructType bronzeSchema = IngestMetadata.withMetadata(source.recordSchema());
    if (!loadedHashes.isEmpty()) {
      // Rows are built on the driver; spread them over tasks so none ships megabytes to an executor.
      int slices = Math.max(1, bronzeRows.size() / 2000);
      Dataset<Row> df = wh.spark().createDataFrame(
          new org.apache.spark.api.java.JavaSparkContext(wh.spark().sparkContext()).parallelize(bronzeRows, slices),
          bronzeSchema);
      wh.replaceWhere(source.bronzeTable(), df, hashPredicate(loadedHashes));
    }
    if (!quarantineHashes.isEmpty()) {
      Dataset<Row> q = wh.spark().createDataFrame(quarantineRows, IngestMetadata.QUARANTINE_SCHEMA);
      wh.replaceWhere(QUARANTINE_TABLE, q,
          "source = '" + source.name() + "' AND " + hashPredicate(quarantineHashes));
    }
    run.progress().info("ingest %s: %d new file(s), %,d records loaded, %,d quarantined, %d duplicate(s) skipped",
        source.name(), loadedHashes.size() + rejected.size(), loadedRecords, quarantinedRecords, skipped);
    return new Result(source.name(), loadedHashes.size(), skipped, rejected, loadedRecords, quarantinedRecords,
        loadedHashes);
  }

  private ParsedFile parse(LandingSource source, String relative, byte[] content) {
    try {
      return source.parse(relative, content);
    } catch (RuntimeException e) {
      // A parser bug or an unreadable file must not lose the file silently: quarantine it whole.
      ParsedFile whole = new ParsedFile();
      whole.reject(0, null, "file could not be parsed: " + e.getMessage());
      return whole;
    }
  }

  private static String hashPredicate(Set<String> hashes) {
    return IngestMetadata.FILE_SHA256 + " IN (" + hashes.stream().sorted().map(h -> "'" + h + "'")
        .collect(Collectors.joining(",")) + ")";
  }

  /**
   * From the audit: hash → first file loaded with that content (any source: the same bytes never load
   * twice), and this source's files already dealt with (loaded or found duplicate), by path.
   */
  private void readAudit(String sourceName, Map<String, String> loadedByHash, Map<String, AuditLog.FileRef> known) {
    if (earlierFiles == null) {
      Dataset<Row> log = run.warehouse().readOrNull(AuditLog.TABLE);
      earlierFiles = log == null ? List.of() : log.where("stage = 'ingest' AND outcome IN ('loaded', 'duplicate')")
          .select("file_sha256", "file", "outcome", "source", "file_size", "file_modified_at")
          .orderBy("started_at").collectAsList();
    }
    for (Row r : earlierFiles) {
      if (AuditLog.LOADED.equals(r.getString(2))) {
        loadedByHash.putIfAbsent(r.getString(0), r.getString(1));
      }
      if (sourceName.equals(r.getString(3)) && !r.isNullAt(4) && !r.isNullAt(5)) {
        known.put(r.getString(1), new AuditLog.FileRef(r.getString(1), r.getString(0), r.getLong(4),
            r.getTimestamp(5)));
      }
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Timestamp modified(Path file) {
    try {
      return new Timestamp(Files.getLastModifiedTime(file).toMillis());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> listFiles(Path dir, LandingSource source) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> source.accepts(dir.relativize(p)))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  static String sha256(byte[] content) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a file, transparently decompressing {@code .gz}. */
  static byte[] read(Path file) {
    try {
      byte[] raw = Files.readAllBytes(file);
      if (!file.getFileName().toString().endsWith(".gz")) {
        return raw;
      }
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
