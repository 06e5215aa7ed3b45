package io.osswarehouse.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.pipeline.SharedTables;
import io.osswarehouse.spark.Storage;
import io.osswarehouse.spark.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/**
 * Loads new landed files of one source into bronze. A file is identified by the SHA-256 of its
 * content: a file already loaded is skipped even when re-delivered under another name, and a file
 * changed in place loads again. Files whose path, size and modification time the audit already knows
 * are not even read. Each file's
 * records either load or go to {@code bronze.quarantine} with a reason; a file whose rejected share
 * exceeds the configured threshold is rejected whole (nothing loaded, the run fails) so that a
 * broken export never half-lands. Writes use replaceWhere on the file hashes, so a crash between
 * the bronze write and the audit is repaired by the next run instead of double-loading. The landing
 * folder is read through the Hadoop FileSystem API, so it may be local or on object storage.
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

  /** A landed file not loaded before: where it is, what the audit will say of it, its bytes if read. */
  private record Candidate(Path file, AuditLog.FileRef ref, byte[] content, long startedMillis) {}

  /** Selection of one source's new files, shared by both ingestion paths. */
  private final class Selection {
    final List<Candidate> candidates = new ArrayList<>();
    int duplicates;
  }

  /**
   * The source's files that must be loaded: not seen before with the same size and modification
   * time, and whose content (SHA-256, after gunzip) no earlier file had. Re-delivered content is
   * audited as a duplicate here. With {@code keepContent} false the file is streamed, not held.
   */
  private Selection select(LandingSource source, boolean keepContent) {
    Path landing = Storage.path(run.config().landing());
    Path dir = new Path(landing, source.directory());
    List<FileStatus> files = listFiles(dir, source);
    Map<String, String> loadedByHash = new HashMap<>();
    Map<String, AuditLog.FileRef> known = new HashMap<>();
    readAudit(source.name(), loadedByHash, known);
    Set<String> seenNow = new HashSet<>();
    Selection out = new Selection();
    for (FileStatus status : files) {
      Path file = status.getPath();
      String relative = relative(landing, file);
      long size = status.getLen();
      Timestamp modified = new Timestamp(status.getModificationTime());
      AuditLog.FileRef before = known.get(relative);
      if (before != null && before.size() == size && before.modifiedAt().equals(modified)) {
        continue; // dealt with by an earlier run and untouched since: not even read again
      }
      long started = System.currentTimeMillis();
      byte[] content = keepContent ? read(storage(), file) : null;
      String sha = content != null ? sha256(content) : sha256(storage(), file);
      AuditLog.FileRef ref = new AuditLog.FileRef(relative, sha, size, modified);
      String earlier = loadedByHash.get(sha);
      if (earlier != null || !seenNow.add(sha)) {
        out.duplicates++;
        audit.file(source.name(), ref, 0, 0, 0, started, AuditLog.DUPLICATE,
            "same content as " + (earlier != null ? earlier : "a file loaded in this run") + "; not loaded again");
        continue;
      }
      out.candidates.add(new Candidate(file, ref, content, started));
    }
    return out;
  }

  public Result ingest(LandingSource source) {
    Warehouse wh = run.warehouse();
    Selection selection = select(source, true);
    List<Row> bronzeRows = new ArrayList<>();
    List<Row> quarantineRows = new ArrayList<>();
    Set<String> loadedHashes = new HashSet<>();
    Set<String> quarantineHashes = new HashSet<>();
    List<String> rejected = new ArrayList<>();
    long loadedRecords = 0;
    long quarantinedRecords = 0;
    int done = 0;
    for (Candidate c : selection.candidates) {
      done++;
      String relative = c.ref().path();
      String sha = c.ref().sha256();
      AuditLog.FileRef ref = c.ref();
      long started = c.startedMillis();
      ParsedFile parsed = parse(source, relative, c.content());
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
            rejected.get(rejected.size() - 1));
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
        run.progress().info("ingest %s: %d/%d new files, %,d records", source.name(), done,
            selection.candidates.size(), loadedRecords);
      }
    }

    StructType bronzeSchema = IngestMetadata.withMetadata(source.recordSchema());
    if (!loadedHashes.isEmpty()) {
      // Rows are built on the driver; spread them over tasks so none ships megabytes to an executor.
      int slices = Math.max(1, bronzeRows.size() / 250); // Stripe invoices run to a few KB each
      Dataset<Row> df = wh.spark().createDataFrame(
          new org.apache.spark.api.java.JavaSparkContext(wh.spark().sparkContext()).parallelize(bronzeRows, slices),
          bronzeSchema);
      SharedTables.retryOnConflict(source.bronzeTable(),
          () -> wh.replaceWhere(source.bronzeTable(), df, hashPredicate(loadedHashes)));
    }
    if (!quarantineHashes.isEmpty()) {
      Dataset<Row> q = wh.spark().createDataFrame(quarantineRows, IngestMetadata.QUARANTINE_SCHEMA);
      SharedTables.retryOnConflict(QUARANTINE_TABLE, () -> wh.replaceWhere(QUARANTINE_TABLE, q,
          "source = '" + source.name() + "' AND " + hashPredicate(quarantineHashes)));
    }
    run.progress().info("ingest %s: %d new file(s), %,d records loaded, %,d quarantined, %d duplicate(s) skipped",
        source.name(), loadedHashes.size() + rejected.size(), loadedRecords, quarantinedRecords, selection.duplicates);
    return new Result(source.name(), loadedHashes.size(), selection.duplicates, rejected, loadedRecords,
        quarantinedRecords, loadedHashes);
  }

  /**
   * The Spark path for high-volume line sources: lines are read and validated by Spark; per-file
   * counts decide the threshold before anything is written, as on the driver path.
   */
  public Result ingestLines(LineLandingSource source) {
    Warehouse wh = run.warehouse();
    org.apache.spark.sql.SparkSession spark = wh.spark();
    Selection selection = select(source, false);
    if (selection.candidates.isEmpty()) {
      run.progress().info("ingest %s: no new files, %d duplicate(s) skipped", source.name(), selection.duplicates);
      return new Result(source.name(), 0, selection.duplicates, List.of(), 0, 0, Set.of());
    }
    StructType lineSchema = new StructType().add("value", "string").add(IngestMetadata.SOURCE_FILE, "string")
        .add(IngestMetadata.FILE_SHA256, "string").add(IngestMetadata.RECORD_POSITION, "long");
    List<Row> documentLines = new ArrayList<>();
    List<Row> lineFiles = new ArrayList<>();
    List<Row> parquetFiles = new ArrayList<>();
    for (Candidate c : selection.candidates) {
      if (isParquet(c.file())) {
        parquetFiles.add(RowFactory.create(c.file().toString(), c.ref().path(), c.ref().sha256()));
      } else if (source.isWholeDocument(head(storage(), c.file()))) {
        // Small API pages: split on the driver, one compact line per record; positions are element numbers.
        ParsedFile doc = parse(source, c.ref().path(), read(storage(), c.file()));
        for (ParsedFile.Record r : doc.records()) {
          documentLines.add(RowFactory.create(r.values()[0], c.ref().path(), c.ref().sha256(), r.position()));
        }
        for (ParsedFile.Rejection r : doc.rejections()) {
          documentLines.add(RowFactory.create(r.rawRecord(), c.ref().path(), c.ref().sha256(), r.position()));
        }
      } else {
        lineFiles.add(RowFactory.create(c.file().toString(), c.ref().path(), c.ref().sha256()));
      }
    }
    Dataset<Row> lines = spark.createDataFrame(documentLines, lineSchema);
    if (!lineFiles.isEmpty()) {
      lines = lines.unionByName(tiedToFiles(spark.read().text(paths(lineFiles)), lineFiles));
    }
    if (!parquetFiles.isEmpty()) {
      // Columnar exports (BigQuery Parquet) become one JSON line per row, so the source validates one
      // format. mergeSchema: files of one source may differ by optional columns (e.g. a newer export).
      Dataset<Row> rows = spark.read().option("mergeSchema", "true").parquet(paths(parquetFiles));
      lines = lines.unionByName(tiedToFiles(rows.select(to_json(struct(col("*")), PARQUET_JSON).as("value")),
          parquetFiles));
    }
    Dataset<Row> validated = source.validateLines(lines.where("trim(value) <> ''"));
    // The raw line is only kept for rejected records (the quarantine's copy; bronze has its own), so the
    // persisted rows hold each line once.
    Dataset<Row> parsed = validated.withColumn(LineLandingSource.RAW, when(col(LineLandingSource.REJECT_REASON)
            .isNotNull(), col(LineLandingSource.RAW)))
        .withColumn(FILTERED, col(
            LineLandingSource.REJECT_REASON).isNull().and(not(
                coalesce(source.tracked(run.config()),
                    lit(false)))))
        .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    Map<String, long[]> counts = new HashMap<>();
    Map<String, String> firstReasons = new HashMap<>();
    for (Row r : parsed.groupBy(IngestMetadata.SOURCE_FILE).agg(count("*"),
        count(LineLandingSource.REJECT_REASON),
        min(LineLandingSource.REJECT_REASON),
        count_if(col(FILTERED))).collectAsList()) {
      counts.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2), r.getLong(4)});
      if (r.getLong(2) > 0) {
        firstReasons.put(r.getString(0), r.getString(3));
      }
    }
    Set<String> loadedHashes = new HashSet<>();
    Set<String> quarantineHashes = new HashSet<>();
    List<String> rejected = new ArrayList<>();
    long loadedRecords = 0;
    long quarantinedRecords = 0;
    for (Candidate c : selection.candidates) {
      long[] n = counts.getOrDefault(c.ref().path(), new long[] {0, 0, 0});
      long read = n[0];
      long bad = n[1];
      long filtered = n[2];
      quarantinedRecords += bad;
      if (bad > 0) {
        quarantineHashes.add(c.ref().sha256());
      }
      double share = read == 0 ? 0 : (double) bad / read;
      if (share > run.config().maxRejectedFraction()) {
        rejected.add(String.format("%s: %d of %d records (%.0f%%) failed validation, above the %.0f%% threshold "
            + "(e.g. %s)", c.ref().path(), bad, read, share * 100, run.config().maxRejectedFraction() * 100,
            firstReasons.get(c.ref().path())));
        audit.file(source.name(), c.ref(), read, 0, bad, filtered, c.startedMillis(), AuditLog.REJECTED,
            rejected.get(rejected.size() - 1));
        continue;
      }
      loadedHashes.add(c.ref().sha256());
      loadedRecords += read - bad - filtered;
      audit.file(source.name(), c.ref(), read, read - bad - filtered, bad, filtered, c.startedMillis(), AuditLog.LOADED,
          read == 0 ? "empty file" : bad > 0 ? bad + " record(s) quarantined" : null);
    }
    Column[] bronzeColumns = java.util.stream.Stream.concat(
        java.util.Arrays.stream(source.recordSchema().fieldNames()).map(org.apache.spark.sql.functions::col),
        java.util.stream.Stream.of(col(IngestMetadata.SOURCE_FILE),
            col(IngestMetadata.FILE_SHA256),
            col(IngestMetadata.RECORD_POSITION),
            lit(run.ingestedAt()).as(IngestMetadata.INGESTED_AT),
            lit(run.runId()).as(IngestMetadata.RUN_ID),
            lit(java.sql.Date.valueOf(run.runDate())).as(IngestMetadata.RUN_DATE)))
        .toArray(Column[]::new);
    if (!loadedHashes.isEmpty()) {
      SharedTables.retryOnConflict(source.bronzeTable(), () -> wh.replaceWhere(source.bronzeTable(), parsed.where(col(
          LineLandingSource.REJECT_REASON).isNull().and(not(
              col(FILTERED))).and(col(IngestMetadata.FILE_SHA256)
          .isin(loadedHashes.toArray()))).select(bronzeColumns), hashPredicate(loadedHashes)));
    }
    if (!quarantineHashes.isEmpty()) {
      SharedTables.retryOnConflict(QUARANTINE_TABLE, () -> wh.replaceWhere(QUARANTINE_TABLE, parsed.where(col(
          LineLandingSource.REJECT_REASON).isNotNull()).select(
              lit(source.name()).as("source"),
              col(LineLandingSource.RAW).as("raw_record"),
              col(LineLandingSource.REJECT_REASON).as("reason"),
              col(IngestMetadata.SOURCE_FILE),
              col(IngestMetadata.FILE_SHA256),
              col(IngestMetadata.RECORD_POSITION),
              lit(run.ingestedAt()).as(IngestMetadata.INGESTED_AT),
              lit(run.runId()).as(IngestMetadata.RUN_ID),
              lit(java.sql.Date.valueOf(run.runDate())).as(IngestMetadata.RUN_DATE)),
          "source = '" + source.name() + "' AND " + hashPredicate(quarantineHashes)));
    }
    parsed.unpersist();
    run.progress().info("ingest %s: %d new file(s), %,d records loaded, %,d quarantined, %d duplicate(s) skipped",
        source.name(), selection.candidates.size(), loadedRecords, quarantinedRecords, selection.duplicates);
    return new Result(source.name(), loadedHashes.size(), selection.duplicates, rejected, loadedRecords,
        quarantinedRecords, loadedHashes);
  }

  /** Column marking valid records of sources the configuration does not track. */
  private static final String FILTERED = "_is_filtered";

  /** Instants keep their microseconds (Spark's default JSON format stops at milliseconds). */
  private static final Map<String, String> PARQUET_JSON = Map.of("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

  private static boolean isParquet(Path file) {
    return file.getName().endsWith(".parquet");
  }

  private Storage storage() {
    return run.warehouse().storage();
  }

  /** A landed file's path relative to the landing root, with {@code /} separators ("billing/stripe/x.jsonl"). */
  static String relative(Path root, Path file) {
    String rootPath = root.toUri().getPath();
    String prefix = rootPath.endsWith("/") ? rootPath : rootPath + "/";
    String filePath = file.toUri().getPath();
    if (!filePath.startsWith(prefix)) {
      throw new IllegalStateException(file + " is not under " + root);
    }
    return filePath.substring(prefix.length());
  }

  private static String[] paths(List<Row> files) {
    return files.stream().map(r -> r.getString(0)).toArray(String[]::new);
  }

  /**
   * Ties each record (column {@code value}) of one Spark read to its file by the path Spark reports, and
   * numbers records within a file. A gzip file is one partition read in order, and splits of a file keep
   * their offset order, so the row order within a file is the record order.
   */
  private static Dataset<Row> tiedToFiles(Dataset<Row> values, List<Row> files) {
    // Joined on the path part of the URI (no scheme or authority): Spark may spell file:/x as file:///x.
    List<Row> keyed = files.stream().map(r -> RowFactory.create(new Path(r.getString(0)).toUri().getPath(),
        r.getString(1), r.getString(2))).collect(Collectors.toList());
    Dataset<Row> byPath = values.sparkSession().createDataFrame(keyed, new StructType().add("_path", "string")
        .add(IngestMetadata.SOURCE_FILE, "string").add(IngestMetadata.FILE_SHA256, "string"));
    return values
        .withColumn("_path", expr("url_decode(regexp_replace(input_file_name(), '^[A-Za-z][A-Za-z0-9+.-]*:(//[^/]*)?', ''))"))
        .withColumn("_order", monotonically_increasing_id())
        .join(broadcast(byPath), "_path")
        .withColumn(IngestMetadata.RECORD_POSITION, row_number().over(
            Window.partitionBy(IngestMetadata.SOURCE_FILE).orderBy("_order")).cast("long"))
        .select("value", IngestMetadata.SOURCE_FILE, IngestMetadata.FILE_SHA256, IngestMetadata.RECORD_POSITION);
  }

  /** The first few kilobytes of a file's (decompressed) content, to tell NDJSON from a whole document. */
  private static String head(Storage storage, Path file) {
    try (InputStream in = storage.open(file)) {
      return new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
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

  /** The source's files under its folder (recursively, hidden files left out), sorted by path. */
  private List<FileStatus> listFiles(Path dir, LandingSource source) {
    return storage().listFilesRecursively(dir).stream()
        .filter(FileStatus::isFile)
        .filter(f -> !f.getPath().getName().startsWith("."))
        .filter(f -> source.accepts(java.nio.file.Path.of(relative(dir, f.getPath()))))
        .collect(Collectors.toList());
  }

  /** SHA-256 of a file's (decompressed) content, streamed: big exports are never held in memory. */
  static String sha256(Storage storage, Path file) {
    try (InputStream in = storage.open(file)) {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
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
  static byte[] read(Storage storage, Path file) {
    try (InputStream in = storage.open(file)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
