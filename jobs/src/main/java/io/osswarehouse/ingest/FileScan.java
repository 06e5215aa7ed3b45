package io.osswarehouse.ingest;

import io.osswarehouse.spark.Storage;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Landed line files read in Spark tasks, one task per file (a gzip stream cannot be split), so a day's
 * hour files keep every core busy and the driver never reads them. {@link #scan} decompresses and hashes
 * each file (its content identity, so a duplicate is known before anything is parsed) and counts its
 * lines and those the prefilter drops; {@link Scan#lines} yields the lines of the files to be loaded that
 * pass, numbered as Spark's text reader numbers them (lines end at
 * {@code \n}, {@code \r\n} or {@code \r}; a UTF-8 byte-order mark opening a file is skipped; blank lines, of
 * spaces only, count but are not yielded).
 */
public final class FileScan {
  /** The columns of {@link #lines}, as the line sources' {@code validateLines} take them. */
  public static final StructType LINE_SCHEMA = new StructType().add("value", "string")
      .add(IngestMetadata.SOURCE_FILE, "string").add(IngestMetadata.FILE_SHA256, "string")
      .add(IngestMetadata.RECORD_POSITION, "long");

  private FileScan() {}

  /**
   * What one pass over a file found: the SHA-256 of its (decompressed) content, its non-blank lines, how
   * many of them the prefilter drops, its first {@link LandingText#HEAD} bytes; or why it cannot be read.
   */
  public record Summary(String sha256, long lines, long prefiltered, byte[] head, String unreadable, long[] splits) {}

  /**
   * Plain (uncompressed) files are read again in splits of this many bytes, one task each, so that one big
   * file does not take one core alone; a gzip stream cannot be entered in the middle.
   */
  static final long SPLIT_BYTES = 64L << 20;

  /**
   * One pass over every file in parallel. With a prefilter, the lines it passes are kept (cached by
   * Spark) for {@link Scan#lines}, so each file is decompressed once; without one they are read again
   * there, after duplicates are known, so that a duplicate file is never parsed.
   */
  public static Scan scan(SparkSession spark, List<FileStatusLite> files, LinePrefilter prefilter) {
    return scan(spark, files, prefilter, SPLIT_BYTES);
  }

  /** {@link #scan} with plain files read again in splits of {@code splitBytes}. */
  static Scan scan(SparkSession spark, List<FileStatusLite> files, LinePrefilter prefilter, long splitBytes) {
    Broadcast<HashMap<String, String>> conf = hadoopConf(spark);
    if (files.isEmpty()) {
      return new Scan(spark, conf, Map.of(), null, prefilter, splitBytes);
    }
    // The biggest first, so the cores finish together; plain strings, whatever serializer the cluster uses.
    List<String[]> bySize = files.stream().sorted(Comparator.comparingLong(FileStatusLite::size).reversed())
        .map(f -> new String[] {f.file(), Long.toString(f.size())}).toList();
    JavaRDD<Row> rows = new JavaSparkContext(spark.sparkContext()).parallelize(bySize, bySize.size())
        .flatMap(f -> new Pass(f[0], Long.parseLong(f[1]), conf.value(), prefilter, splitBytes));
    if (prefilter != null) {
      rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
    }
    Map<String, Summary> out = new HashMap<>();
    for (Row r : rows.filter(r -> r.isNullAt(PASS_LINE)).collect()) {
      out.put(r.getString(0), new Summary(r.getString(1), r.getLong(2), r.getLong(3), (byte[]) r.get(4),
          r.getString(5), (long[]) r.get(PASS_LINE + 1)));
    }
    return new Scan(spark, conf, out, prefilter != null ? rows : null, prefilter, splitBytes);
  }

  /** The outcome of {@link #scan}: a summary per file, and the kept lines. Close it to release the cache. */
  public static final class Scan implements AutoCloseable {
    private final SparkSession spark;
    private final Broadcast<HashMap<String, String>> conf;
    private final Map<String, Summary> summaries;
    private final JavaRDD<Row> cached;
    private final LinePrefilter prefilter;
    private final long splitBytes;
    /** Broadcasts the lines of {@link #lines} read, released with the scan. */
    private final List<Broadcast<?>> broadcasts = new ArrayList<>();

    private Scan(SparkSession spark, Broadcast<HashMap<String, String>> conf, Map<String, Summary> summaries,
        JavaRDD<Row> cached, LinePrefilter prefilter, long splitBytes) {
      this.splitBytes = splitBytes;
      this.spark = spark;
      this.conf = conf;
      broadcasts.add(conf);
      this.summaries = summaries;
      this.cached = cached;
      this.prefilter = prefilter;
    }

    /** By file (the Hadoop path string, as given). */
    public Map<String, Summary> summaries() {
      return summaries;
    }

    /**
     * The kept lines of some of the scanned files (rows: Hadoop path string, {@code _source_file},
     * {@code _file_sha256}), in {@link #LINE_SCHEMA}.
     */
    public Dataset<Row> lines(List<Row> files) {
      if (cached == null) {
        return FileScan.lines(spark, conf, files, prefilter, summaries, splitBytes);
      }
      HashMap<String, String[]> byFile = new HashMap<>();
      for (Row f : files) {
        byFile.put(f.getString(0), new String[] {f.getString(1), f.getString(2)});
      }
      Broadcast<HashMap<String, String[]>> wanted = new JavaSparkContext(spark.sparkContext()).broadcast(byFile);
      broadcasts.add(wanted);
      return spark.createDataFrame(cached.filter(r -> !r.isNullAt(PASS_LINE) && wanted.value().containsKey(r.getString(0)))
          .map(r -> {
            String[] f = wanted.value().get(r.getString(0));
            return RowFactory.create(r.getString(PASS_LINE), f[0], f[1], r.getLong(PASS_LINE + 1));
          }), LINE_SCHEMA);
    }

    /** Releases the cached lines and the broadcasts; the datasets of {@link #lines} must not be used after. */
    @Override
    public void close() {
      if (cached != null) {
        cached.unpersist(false);
      }
      broadcasts.forEach(b -> b.destroy());
    }
  }

  /**
   * Where a {@link Pass} row holds a kept line (null in the file's summary row) and then its number (in the
   * summary row: the splits, pairs of the first line's offset and the lines before it, from the second split).
   */
  private static final int PASS_LINE = 6;

  /**
   * The lines of files (rows: Hadoop path string, {@code _source_file}, {@code _file_sha256}) that the
   * prefilter passes (all when it is null), read again: a partition per file, or per split of a plain file
   * that the scan split ({@link Summary#splits}): lines starting in {@code [split start, next split start)}.
   */
  private static Dataset<Row> lines(SparkSession spark, Broadcast<HashMap<String, String>> conf, List<Row> files,
      LinePrefilter prefilter, Map<String, Summary> summaries, long splitBytes) {
    List<String[]> specs = new ArrayList<>();
    for (Row f : files) {
      Summary summary = summaries.get(f.getString(0));
      long[] splits = summary == null || summary.splits() == null ? new long[0] : summary.splits();
      // (offset of the split's first line, lines before it, offset where the next split's lines start)
      long offset = 0;
      long before = 0;
      for (int k = 0; k <= splits.length / 2; k++) {
        long end = k < splits.length / 2 ? (k + 1) * splitBytes : Long.MAX_VALUE;
        specs.add(new String[] {f.getString(0), f.getString(1), f.getString(2), Long.toString(offset),
            Long.toString(before), Long.toString(end)});
        if (k < splits.length / 2) {
          offset = splits[2 * k];
          before = splits[2 * k + 1];
        }
      }
    }
    return spark.createDataFrame(new JavaSparkContext(spark.sparkContext())
        .parallelize(specs, Math.max(1, specs.size()))
        .flatMap(spec -> new KeptLines(spec, conf.value(), prefilter)), LINE_SCHEMA);
  }

  /** A file to scan: its Hadoop path string and stored size. */
  public record FileStatusLite(String file, long size) {}

  /** Why a file cannot be read; for a {@code .gz}, what is wrong with its compression. */
  public static String unreadable(String fileName, long size, Throwable e) {
    String detail = e == null || e.getMessage() == null ? String.valueOf(e) : e.getMessage();
    if (!fileName.endsWith(".gz")) {
      return "cannot read the file: " + detail;
    }
    if (size == 0) {
      return "a .gz file of 0 bytes is not gzip data (an interrupted download?)";
    }
    if (e instanceof java.util.zip.ZipException) {
      return "named .gz but not gzip-compressed (" + detail + ")";
    }
    return e instanceof java.io.EOFException ? "truncated gzip (" + detail + "): the file was cut short"
        : "not a readable gzip file: " + detail;
  }

  /**
   * One file's pass: its kept lines (when there is a prefilter) as they are read, then its summary row
   * (file, sha256, lines, prefiltered, head, unreadable, null, splits). A file that cannot be read ends with a
   * summary saying why; lines it yielded before are never used, as the file is rejected whole.
   */
  private static final class Pass extends RowStream {
    private final String file;
    private final long size;
    private final LinePrefilter prefilter;
    private final MessageDigest digest = sha256();
    private LineReader reader;
    private long lines;
    private long prefiltered;
    /** The summary row, once the file is read (or could not be opened); null after it was returned. */
    private Row summary;
    private boolean done;
    /** For a plain file of several splits: per split after the first, its first line's offset and the lines before. */
    private final long[] splits;
    private final long splitBytes;
    private int nextSplit;

    Pass(String file, long size, Map<String, String> conf, LinePrefilter prefilter, long splitBytes) {
      this.splitBytes = splitBytes;
      int count = isGzip(file) ? 1 : (int) Math.max(1, (size + splitBytes - 1) / splitBytes);
      this.splits = new long[2 * (count - 1)];
      this.file = file;
      this.size = size;
      this.prefilter = prefilter;
      try {
        this.reader = new LineReader(open(file, conf), digest, 0, 0);
      } catch (IOException | RuntimeException e) {
        summary = failed(e);
        done = true;
      }
    }

    @Override
    Row advance() {
      if (done) {
        Row r = summary;
        summary = null;
        return r;
      }
      try {
        while (reader.next()) {
          while (nextSplit < splits.length / 2 && reader.startOffset() >= (nextSplit + 1) * splitBytes) {
            splits[2 * nextSplit] = reader.startOffset();
            splits[2 * nextSplit + 1] = reader.number - 1;
            nextSplit++;
          }
          if (reader.blank()) {
            continue;
          }
          lines++;
          if (prefilter != null) {
            if (!prefilter.mayTrack(reader.buf, reader.from, reader.to)) {
              prefiltered++;
            } else {
              return RowFactory.create(file, null, null, null, null, null,
                  new String(reader.buf, reader.from, reader.to - reader.from, StandardCharsets.UTF_8), reader.number);
            }
          }
        }
        reader.close();
        for (; nextSplit < splits.length / 2; nextSplit++) { // splits no line starts in: empty, from the end
          splits[2 * nextSplit] = size;
          splits[2 * nextSplit + 1] = reader.number;
        }
        done = true;
        return RowFactory.create(file, HexFormat.of().formatHex(digest.digest()), lines, prefiltered, reader.head(),
            null, null, splits);
      } catch (IOException | RuntimeException e) {
        closeQuietly();
        done = true;
        return failed(e);
      }
    }

    private Row failed(Exception e) {
      Throwable cause = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
      return RowFactory.create(file, null, 0L, 0L, null, unreadable(new Path(file).getName(), size, cause), null, null);
    }

    private void closeQuietly() {
      try {
        reader.close();
      } catch (IOException ignored) {
        // the failure being reported is the first one
      }
    }
  }

  private static InputStream open(String file, Map<String, String> confEntries) throws IOException {
    return open(file, confEntries, 0);
  }

  /**
   * The file's content from {@code offset}, through the driver's Hadoop configuration; a gzip file is only
   * ever read from its start (it has no splits).
   */
  private static InputStream open(String file, Map<String, String> confEntries, long offset) throws IOException {
    Configuration conf = new Configuration(false);
    confEntries.forEach(conf::set);
    Storage storage = Storage.of(conf);
    Path path = new Path(file);
    if (offset == 0) {
      return storage.open(path);
    }
    org.apache.hadoop.fs.FSDataInputStream raw = storage.fs(path).open(path, 1 << 16);
    raw.seek(offset);
    return raw;
  }

  private static boolean isGzip(String file) {
    return file.endsWith(".gz");
  }

  private static Broadcast<HashMap<String, String>> hadoopConf(SparkSession spark) {
    HashMap<String, String> entries = new HashMap<>();
    spark.sparkContext().hadoopConfiguration().forEach(e -> entries.put(e.getKey(), e.getValue()));
    return new JavaSparkContext(spark.sparkContext()).broadcast(entries);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The kept lines of one file, or of one split of a plain file. */
  private static final class KeptLines extends RowStream {
    private final LineReader reader;
    private final String sourceFile;
    private final String sha;
    private final LinePrefilter prefilter;
    private final long end;

    KeptLines(String[] spec, Map<String, String> conf, LinePrefilter prefilter) throws IOException {
      long offset = Long.parseLong(spec[3]);
      this.reader = new LineReader(open(spec[0], conf, offset), null, offset, Long.parseLong(spec[4]));
      this.sourceFile = spec[1];
      this.sha = spec[2];
      this.prefilter = prefilter;
      this.end = Long.parseLong(spec[5]);
    }

    @Override
    Row advance() {
      try {
        while (reader.next() && reader.startOffset() < end) {
          if (!reader.blank() && (prefilter == null || prefilter.mayTrack(reader.buf, reader.from, reader.to))) {
            return RowFactory.create(new String(reader.buf, reader.from, reader.to - reader.from,
                StandardCharsets.UTF_8), sourceFile, sha, reader.number);
          }
        }
        reader.close();
        return null;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read " + sourceFile + ": " + e.getMessage(), e);
      }
    }
  }

  /** Rows pulled one at a time from {@link #advance} (null at the end), so a file's lines are never all in memory. */
  private abstract static class RowStream implements Iterator<Row> {
    private Row pending;
    private boolean ended;

    abstract Row advance();

    @Override
    public boolean hasNext() {
      if (pending == null && !ended) {
        pending = advance();
        ended = pending == null;
      }
      return pending != null;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = pending;
      pending = null;
      return r;
    }
  }

  /**
   * Splits a stream into lines as Hadoop's line reader does (at {@code \n}, {@code \r\n} or a lone
   * {@code \r}; no empty last line after a final break), hashing every byte read when given a digest.
   * The current line is {@code buf[from, to)}, number {@code number} (from 1).
   */
  static final class LineReader implements Closeable {
    private final InputStream in;
    private final MessageDigest digest;
    byte[] buf = new byte[1 << 16];
    int from;
    int to;
    long number;
    private int start;
    private int end;
    private int scan;
    private boolean eof;
    private boolean skipLf;
    private boolean bomChecked;
    private final byte[] head = new byte[LandingText.HEAD];
    private int headLength;

    /** Absolute offset in the content of {@code buf[0]}. */
    private long base;

    LineReader(InputStream in, MessageDigest digest) {
      this(in, digest, 0, 0);
    }

    /** A reader of content from {@code offset} (a line start), whose first line is number {@code linesBefore + 1}. */
    LineReader(InputStream in, MessageDigest digest, long offset, long linesBefore) {
      this.in = in;
      this.digest = digest;
      this.base = offset;
      this.number = linesBefore;
      this.bomChecked = offset > 0;
    }

    /** The offset in the content of the current line's first byte. */
    long startOffset() {
      return base + from;
    }

    boolean next() throws IOException {
      if (!bomChecked) { // as Hadoop's reader does, a UTF-8 byte-order mark opening the file is not content
        while (end < 3 && !eof) {
          fill();
        }
        if (end >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
          start = 3;
          scan = 3;
        }
        bomChecked = true;
      }
      while (true) {
        if (skipLf && start < end) {
          if (buf[start] == '\n') {
            start++;
            scan = Math.max(scan, start);
          }
          skipLf = false;
        }
        for (int i = scan; i < end; i++) {
          byte b = buf[i];
          if (b == '\n' || b == '\r') {
            from = start;
            to = i;
            number++;
            if (b == '\r') {
              if (i + 1 < end) {
                start = buf[i + 1] == '\n' ? i + 2 : i + 1;
              } else {
                start = i + 1;
                skipLf = true;
              }
            } else {
              start = i + 1;
            }
            scan = start;
            return true;
          }
        }
        scan = end;
        if (eof) {
          if (start < end) {
            from = start;
            to = end;
            number++;
            start = end;
            return true;
          }
          return false;
        }
        fill();
      }
    }

    /** Whether the current line is empty or spaces only (Spark's {@code trim} removes spaces only). */
    boolean blank() {
      for (int i = from; i < to; i++) {
        if (buf[i] != ' ') {
          return false;
        }
      }
      return true;
    }

    byte[] head() {
      return Arrays.copyOf(head, headLength);
    }

    private void fill() throws IOException {
      if (start > 0) { // the current partial line moves to the front
        base += start;
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        scan -= start;
        start = 0;
      }
      if (end == buf.length) { // a line longer than the buffer
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        eof = true;
        return;
      }
      if (digest != null) {
        digest.update(buf, end, n);
      }
      if (headLength < head.length) {
        int k = Math.min(n, head.length - headLength);
        System.arraycopy(buf, end, head, headLength, k);
        headLength += k;
      }
      end += n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
