package io.osswarehouse.ingest;

import io.osswarehouse.catalog.Catalog;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
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
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Loads new landed files of one source into bronze. A file is identified by the SHA-256 of its
 * content: a file already loaded is skipped even when re-delivered under another name, and a file
 * changed in place loads again. Files whose path, size and modification time the audit already knows
 * are not even read. Each file's
 * records either load or go to {@code bronze.quarantine} with a reason; a file whose rejected share
 * exceeds the configured threshold is rejected whole (nothing loaded, the run fails) so that a
 * broken export never half-lands; so is a file that cannot be read at all (a gzip cut short, binary content),
 * without stopping the source's other files. A file in the source's folder that the source does not read is
 * audited once as ignored. Writes use replaceWhere on the file hashes, so a crash between
 * the bronze write and the audit is repaired by the next run instead of double-loading. The landing
 * folder is read through the Hadoop FileSystem API, so it may be local or on object storage (a local one is
 * listed with java.nio, which knows symbolic links).
 */
public final class FileIngestor {
  public static final String QUARANTINE_TABLE = Catalog.QUARANTINE.name();
  /**
   * Audit outcome of a file in a source's folder that the source does not read, or of a symbolic link to
   * nothing: recorded once, with the reason, never loaded.
   */
  public static final String IGNORED = "ignored";

  /** What one source's ingestion did in this run. */
  public record Result(String source, int filesLoaded, int filesSkipped, List<String> rejectedFiles,
      long recordsLoaded, long recordsQuarantined, Set<String> loadedHashes) {}

  private final RunContext run;
  private final AuditLog audit;
  /** Ingest rows of earlier runs (loaded or duplicate files), read once per run for every source. */
  private List<Row> earlierFiles;

  /**
   * An ingestor that reads the audit's earlier files from {@code earlierFiles} ({@link #earlierFiles}, read once
   * for the ingest steps of a run) instead of the audit table.
   */
  public FileIngestor(RunContext run, AuditLog audit, List<Row> earlierFiles) {
    this(run, audit);
    this.earlierFiles = earlierFiles;
  }

  /** The audit's rows of files dealt with (loaded, duplicate or ignored), oldest first. */
  public static List<Row> earlierFiles(Warehouse wh) {
    Dataset<Row> log = wh.readOrNull(AuditLog.TABLE);
    return log == null ? List.of() : log.where("stage = 'ingest' AND outcome IN ('loaded', 'duplicate', '"
        + IGNORED + "')")
        .select("file_sha256", "file", "outcome", "source", "file_size", "file_modified_at")
        .orderBy("started_at").collectAsList();
  }

  public FileIngestor(RunContext run, AuditLog audit) {
    this.run = run;
    this.audit = audit;
  }

  /** The redaction of forgotten people, from the deny-list (read once; null until needed). */
  private io.osswarehouse.common.Forgetting.Redactor redactor;

  /** The redaction to apply to a source's landed text; null when it holds no personal data or nobody is forgotten. */
  private io.osswarehouse.common.Forgetting.Redactor redactor(LandingSource source) {
    if (!source.holdsPersonalData()) {
      return null;
    }
    if (redactor == null) {
      java.util.Set<String> keys = new java.util.HashSet<>();
      Dataset<Row> denied = run.warehouse().readOrNull(io.osswarehouse.catalog.Catalog.FORGOTTEN.name());
      if (denied != null) {
        denied.select("forget_key").distinct().collectAsList().forEach(r -> keys.add(r.getString(0)));
      }
      redactor = new io.osswarehouse.common.Forgetting.Redactor(keys, run.warehouse().spark().conf()
          .get(io.osswarehouse.spark.PrivacyUdfs.SALT_CONF, ""));
    }
    return redactor.isEmpty() ? null : redactor;
  }

  /**
   * A landed file not loaded before: where it is, what the audit will say of it, its bytes if read, and why it
   * cannot be read at all (a gzip cut short, say; null when it can): such a file is rejected whole.
   */
  private record Candidate(Path file, AuditLog.FileRef ref, byte[] content, long startedMillis, String unreadable,
      byte[] head, long prefiltered) {}

  /** Selection of one source's new files, shared by both ingestion paths. */
  private final class Selection {
    final List<Candidate> candidates = new ArrayList<>();
    int duplicates;
    /** The streamed files' pass, holding their kept lines until the ingest is written. */
    FileScan.Scan scan;
  }

  /**
   * The source's files that must be loaded: not seen before with the same size and modification
   * time, and whose content (SHA-256, after gunzip) no earlier file had. Re-delivered content is
   * audited as a duplicate here. With {@code keepContent} false the file is streamed, not held.
   */
  private Selection select(LandingSource source, boolean keepContent) {
    Path landing = Storage.path(run.config().landing());
    Path dir = new Path(landing, source.directory());
    List<Listed> files = listFiles(dir);
    Map<String, String> loadedByHash = new HashMap<>();
    Map<String, AuditLog.FileRef> known = new HashMap<>();
    readAudit(source.name(), loadedByHash, known);
    List<Pending> pending = new ArrayList<>();
    for (Listed listed : files) {
      FileStatus status = listed.status();
      Path file = status.getPath();
      String relative = relative(landing, file);
      long size = status.getLen();
      Timestamp modified = new Timestamp(status.getModificationTime());
      AuditLog.FileRef before = known.get(relative);
      if (before != null && before.size() == size && before.modifiedAt().equals(modified)) {
        continue; // dealt with by an earlier run and untouched since: not even read again
      }
      long started = System.currentTimeMillis();
      if (listed.brokenLink() != null || !source.accepts(java.nio.file.Path.of(relative(dir, file)))) {
        // Never silently: a file in the source's folder that it does not read is audited once, with why.
        audit.file(source.name(), new AuditLog.FileRef(relative, null, size, modified), 0, 0, 0, started, IGNORED,
            listed.brokenLink() != null ? listed.brokenLink() : "not a file name " + source.name()
                + " reads (docs/landing.md lists the names each source reads); not loaded");
        continue;
      }
      pending.add(new Pending(file, relative, size, modified, started));
    }
    // Streamed sources are hashed (and their lines counted) in Spark tasks, every core at once.
    FileScan.Scan scan = keepContent ? null : FileScan.scan(run.warehouse().spark(),
        pending.stream().map(p -> new FileScan.FileStatusLite(p.file().toString(), p.size())).toList(),
        prefilter(source));
    Map<String, FileScan.Summary> scanned = scan == null ? Map.of() : scan.summaries();
    Map<String, String> seenNow = new HashMap<>();
    Selection out = new Selection();
    out.scan = scan;
    for (Pending p : pending) {
      byte[] content = null;
      String sha;
      String unreadable = null;
      FileScan.Summary summary = scanned.get(p.file().toString());
      if (!keepContent) {
        unreadable = summary.unreadable();
        sha = unreadable == null ? summary.sha256() : storedSha256(p.file(), p.relative());
      } else {
        try {
          content = read(storage(), p.file());
          sha = sha256(content);
        } catch (UncheckedIOException e) {
          // One unreadable file must not stop its source: it is rejected whole, identified by its stored bytes.
          unreadable = FileScan.unreadable(p.file().getName(), p.size(), e.getCause());
          sha = storedSha256(p.file(), p.relative());
        }
      }
      AuditLog.FileRef ref = new AuditLog.FileRef(p.relative(), sha, p.size(), p.modified());
      String earlier = unreadable != null ? null
          : loadedByHash.containsKey(sha) ? loadedByHash.get(sha) : seenNow.putIfAbsent(sha, p.relative());
      if (earlier != null) {
        out.duplicates++;
        audit.file(source.name(), ref, 0, 0, 0, p.started(), AuditLog.DUPLICATE,
            "same content as " + earlier + "; not loaded again");
        continue;
      }
      out.candidates.add(new Candidate(p.file(), ref, content, p.started(), unreadable,
          summary == null ? null : summary.head(), summary == null ? 0 : summary.prefiltered()));
    }
    return out;
  }

  /** A listed file of the source that is new or changed since the audit saw it. */
  private record Pending(Path file, String relative, long size, Timestamp modified, long started) {}

  private LinePrefilter prefilter(LandingSource source) {
    return source instanceof LineLandingSource lines ? lines.prefilter(run.config()) : null;
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
      ParsedFile parsed = c.unreadable() != null ? rejectedWhole(c.unreadable()) : parse(source, relative, c.content());
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
            oneLine(parsed.rejections().get(0).reason())));
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
          read == 0 ? "empty file" : bad > 0 ? bad + " record(s) quarantined" : null);
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
    Selection selection = select(source, false);
    try {
      return ingestLines(source, selection);
    } finally {
      selection.scan.close();
    }
  }

  private Result ingestLines(LineLandingSource source, Selection selection) {
    Warehouse wh = run.warehouse();
    org.apache.spark.sql.SparkSession spark = wh.spark();
    if (selection.candidates.isEmpty()) {
      run.progress().info("ingest %s: no new files, %d duplicate(s) skipped", source.name(), selection.duplicates);
      return new Result(source.name(), 0, selection.duplicates, List.of(), 0, 0, Set.of());
    }
    List<Row> documentLines = new ArrayList<>();
    List<Row> lineFiles = new ArrayList<>();
    List<Row> parquetFiles = new ArrayList<>();
    List<Row> rejectedWhole = new ArrayList<>();
    Map<String, Long> prefiltered = new HashMap<>();
    for (Candidate c : selection.candidates) {
      String path = c.ref().path();
      String sha = c.ref().sha256();
      if (c.unreadable() != null) {
        rejectedWhole.add(RowFactory.create(path, sha, c.unreadable()));
      } else if (isParquet(c.file())) {
        // A footer Spark cannot read would fail the read of every Parquet file of the source: checked one by one.
        String problem = parquetProblem(c.file());
        if (problem != null) {
          rejectedWhole.add(RowFactory.create(path, sha, problem));
        } else {
          parquetFiles.add(RowFactory.create(c.file().toString(), path, sha));
        }
      } else {
        byte[] raw = c.head(); // from the scan: a readable candidate of the streamed path always has one
        byte[] head = LandingText.utf8(raw);
        String notText = LandingText.notText(head);
        boolean document = notText == null && source.isWholeDocument(new String(head, StandardCharsets.UTF_8));
        if (notText != null) {
          rejectedWhole.add(RowFactory.create(path, sha, notText));
        } else if (document || LandingText.isUtf16(raw)) {
          // Small API pages are split on the driver, one compact line per record (positions are element
          // numbers); so is UTF-16 text, which Spark's text reader would take for UTF-8.
          byte[] content = read(storage(), c.file());
          ParsedFile doc = document ? parse(source, path, content) : lines(LandingText.utf8(content));
          for (ParsedFile.Record r : doc.records()) {
            documentLines.add(RowFactory.create(r.values()[0], path, sha, r.position()));
          }
          for (ParsedFile.Rejection r : doc.rejections()) {
            if (r.position() == 0) {
              rejectedWhole.add(RowFactory.create(path, sha, r.reason()));
            } else {
              documentLines.add(RowFactory.create(r.rawRecord(), path, sha, r.position()));
            }
          }
        } else {
          lineFiles.add(RowFactory.create(c.file().toString(), path, sha));
          prefiltered.put(path, c.prefiltered());
        }
      }
    }
    Dataset<Row> lines = spark.createDataFrame(documentLines, FileScan.LINE_SCHEMA);
    if (!lineFiles.isEmpty()) {
      lines = lines.unionByName(selection.scan.lines(lineFiles));
    }
    if (!parquetFiles.isEmpty()) {
      // Columnar exports (BigQuery Parquet) become one JSON line per row, so the source validates one
      // format. mergeSchema: files of one source may differ by optional columns (e.g. a newer export).
      Dataset<Row> rows = spark.read().option("mergeSchema", "true").parquet(paths(parquetFiles));
      lines = lines.unionByName(tiedToFiles(rows.select(to_json(struct(col("*")), PARQUET_JSON).as("value")),
          parquetFiles));
    }
    io.osswarehouse.common.Forgetting.Redactor redact = redactor(source);
    if (redact != null) {
      // Forgotten people's identifiers are replaced before anything is parsed or kept.
      lines = lines.withColumn("value", org.apache.spark.sql.functions.udf(
          (org.apache.spark.sql.api.java.UDF1<String, String>) redact::apply, org.apache.spark.sql.types.DataTypes.StringType).apply(col("value")));
    }
    Dataset<Row> validated = source.validateLines(lines.where("trim(value) <> ''"));
    if (!rejectedWhole.isEmpty()) {
      validated = validated.unionByName(rejectedWhole(spark, validated.schema(), rejectedWhole));
    }
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
      long dropped = prefiltered.getOrDefault(c.ref().path(), 0L); // never parsed: not of a tracked record
      long read = n[0] + dropped;
      long bad = n[1];
      long filtered = n[2] + dropped;
      quarantinedRecords += bad;
      if (bad > 0) {
        quarantineHashes.add(c.ref().sha256());
      }
      double share = read == 0 ? 0 : (double) bad / read;
      if (share > run.config().maxRejectedFraction()) {
        rejected.add(String.format("%s: %d of %d records (%.0f%%) failed validation, above the %.0f%% threshold "
            + "(e.g. %s)", c.ref().path(), bad, read, share * 100, run.config().maxRejectedFraction() * 100,
            oneLine(firstReasons.get(c.ref().path()))));
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

  /** Paths for Spark's readers, which take them as glob patterns: {@code [copy]} in a name is escaped, not a class. */
  private static String[] paths(List<Row> files) {
    return files.stream().map(r -> r.getString(0).replaceAll("([\\\\\\[\\]{}*?])", "\\\\$1"))
        .toArray(String[]::new);
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
        // The name is URI-encoded (a space is %20), so a '+' in it is a plus, not the space url_decode makes of it.
        .withColumn("_path", expr("url_decode(replace(regexp_replace(input_file_name(),"
            + " '^[A-Za-z][A-Za-z0-9+.-]*:(//[^/]*)?', ''), '+', '%2B'))"))
        .withColumn("_order", monotonically_increasing_id())
        .join(broadcast(byPath), "_path")
        .withColumn(IngestMetadata.RECORD_POSITION, row_number().over(
            Window.partitionBy(IngestMetadata.SOURCE_FILE).orderBy("_order")).cast("long"))
        .select("value", IngestMetadata.SOURCE_FILE, IngestMetadata.FILE_SHA256, IngestMetadata.RECORD_POSITION);
  }

  /** Parsers get UTF-8 text without a byte-order mark ({@link LandingText}); binary content is rejected whole. */
  private ParsedFile parse(LandingSource source, String relative, byte[] content) {
    byte[] text = LandingText.utf8(content);
    String notText = LandingText.notText(text);
    if (notText != null) {
      return rejectedWhole(notText);
    }
    io.osswarehouse.common.Forgetting.Redactor redact = redactor(source);
    if (redact != null) {
      text = redact.apply(new String(text, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }
    try {
      return source.parse(relative, text);
    } catch (RuntimeException e) {
      // A parser bug or an unreadable file must not lose the file silently: quarantine it whole.
      return rejectedWhole("file could not be parsed: " + e.getMessage());
    }
  }

  /** A file as one rejected record at position 0 (the whole file), with the reason. */
  private static ParsedFile rejectedWhole(String reason) {
    ParsedFile whole = new ParsedFile();
    whole.reject(0, null, reason);
    return whole;
  }

  /** Each line of a text as a record (values[0]), positioned by its line number, as Spark's text reader gives them. */
  private static ParsedFile lines(byte[] utf8) {
    ParsedFile out = new ParsedFile();
    List<String> lines = LandingText.lines(new String(utf8, StandardCharsets.UTF_8));
    for (int i = 0; i < lines.size(); i++) {
      out.accept(i + 1, lines.get(i));
    }
    return out;
  }

  /**
   * Rows shaped like a line source's validated lines for files rejected whole on the driver: lineage, position 0
   * and the reason, every other column null.
   */
  private static Dataset<Row> rejectedWhole(SparkSession spark, StructType shape, List<Row> files) {
    StructType nullable = new StructType(java.util.Arrays.stream(shape.fields())
        .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata())).toArray(StructField[]::new));
    List<Row> rows = new ArrayList<>();
    for (Row f : files) {
      Object[] values = new Object[nullable.size()];
      values[nullable.fieldIndex(IngestMetadata.SOURCE_FILE)] = f.getString(0);
      values[nullable.fieldIndex(IngestMetadata.FILE_SHA256)] = f.getString(1);
      values[nullable.fieldIndex(IngestMetadata.RECORD_POSITION)] = 0L;
      values[nullable.fieldIndex(LineLandingSource.REJECT_REASON)] = f.getString(2);
      rows.add(RowFactory.create(values));
    }
    return spark.createDataFrame(rows, nullable);
  }

  /** Why Spark could not read a Parquet file (its footer does not parse), or null when it can. */
  private String parquetProblem(Path file) {
    try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file,
            run.warehouse().spark().sparkContext().hadoopConfiguration()))) {
      reader.getFooter();
      return null;
    } catch (IOException | RuntimeException e) {
      return "not a readable Parquet file: " + e.getMessage();
    }
  }

  /** SHA-256 of a file's stored bytes (no decompression), for a file whose content cannot be read. */
  private String storedSha256(Path file, String relative) {
    try (InputStream in = storage().fs(file).open(file)) {
      return sha256(in.readAllBytes());
    } catch (IOException e) {
      return sha256(("unreadable:" + relative).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A reason fit for the one-line message of a rejected file: no line breaks, at most 300 characters. */
  private static String oneLine(String reason) {
    String flat = String.valueOf(reason).replaceAll("\\p{Cntrl}+", " ").strip();
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
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
      earlierFiles = earlierFiles(run.warehouse());
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

  /** A listed file, and why it cannot be read when it is a symbolic link to nothing (else null). */
  private record Listed(FileStatus status, String brokenLink) {}

  /**
   * The files under a source's folder (recursively, hidden files left out), sorted by path. On a local disk
   * symbolic links are followed, but a link back to a folder above it (a loop) is not followed again (its files
   * are listed once, through the folder itself), and a link to nothing is listed with that reason. Object
   * stores have no links.
   */
  private List<Listed> listFiles(Path dir) {
    if (!"file".equals(dir.toUri().getScheme())) {
      return storage().listFilesRecursively(dir).stream()
          .filter(FileStatus::isFile)
          .filter(f -> !f.getPath().getName().startsWith("."))
          .map(f -> new Listed(f, null))
          .collect(Collectors.toList());
    }
    java.nio.file.Path root = java.nio.file.Paths.get(dir.toUri());
    List<Listed> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try {
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attrs) throws IOException {
          Path path = new Path(file.toUri());
          if (file.getFileName().toString().startsWith(".")) {
            return FileVisitResult.CONTINUE;
          }
          if (attrs.isSymbolicLink()) { // links are followed, so this one leads nowhere
            out.add(new Listed(new FileStatus(0, false, 1, 0, attrs.lastModifiedTime().toMillis(), path),
                "a symbolic link to " + Files.readSymbolicLink(file) + ", which does not exist; not loaded"));
          } else if (attrs.isRegularFile()) {
            FileStatus status = storage().status(path);
            if (status != null) {
              out.add(new Listed(status, null));
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(java.nio.file.Path file, IOException e) throws IOException {
          if (e instanceof FileSystemLoopException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing(l -> l.status().getPath().toUri().getPath()));
    return out;
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
