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
 * Landed line files read in Spark tasks, one task per file or per split of a big one, so a day's hour
 * files and a single big export alike keep every core busy and the driver never reads them. {@link #scan}
 * decompresses and hashes each file (its content identity, so a duplicate is known before anything is
 * parsed) and counts its lines and those the prefilter drops; {@link Scan#lines} yields the lines of the
 * files to be loaded that pass, numbered as Spark's text reader numbers them (lines end at {@code \n},
 * {@code \r\n} or {@code \r}; a UTF-8 byte-order mark opening a file is skipped; blank lines, of spaces
 * only, count but are not yielded).
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
   * Files are read again in splits of this many bytes of content, one task each, so that one big file does
   * not take one core alone (a gzip file's splits are merged, see {@link #lines}).
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

  /** {@link #scan} with files read again in splits of {@code splitBytes}. */
  static Scan scan(SparkSession spark, List<FileStatusLite> files, LinePrefilter prefilter, long splitBytes) {
    Broadcast<HashMap<String, String>> conf = hadoopConf(spark);
    if (files.isEmpty()) {
      return new Scan(spark, conf, Map.of(), null, prefilter);
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
    return new Scan(spark, conf, out, prefilter != null ? rows : null, prefilter);
  }

  /** The outcome of {@link #scan}: a summary per file, and the kept lines. Close it to release the cache. */
  public static final class Scan implements AutoCloseable {
    private final SparkSession spark;
    private final Broadcast<HashMap<String, String>> conf;
    private final Map<String, Summary> summaries;
    private final JavaRDD<Row> cached;
    private final LinePrefilter prefilter;
    /** Broadcasts the lines of {@link #lines} read, released with the scan. */
    private final List<Broadcast<?>> broadcasts = new ArrayList<>();

    private Scan(SparkSession spark, Broadcast<HashMap<String, String>> conf, Map<String, Summary> summaries,
        JavaRDD<Row> cached, LinePrefilter prefilter) {
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
        return FileScan.lines(spark, conf, files, prefilter, summaries, spark.sparkContext().defaultParallelism());
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
   * prefilter passes (all when it is null), read again: a partition per file, or per split that the scan
   * found ({@link Summary#splits}): lines starting in {@code [split start, next split start)}. A plain file
   * is entered at its split's offset. A gzip file can only be inflated from its start, so a task reading one
   * of its later splits inflates and discards what comes before; its splits are therefore merged into no
   * more pieces than its share of the {@code cores} (the day's other files keep them busy too), and at
   * most {@link #MAX_GZIP_PIECES}.
   */
  private static Dataset<Row> lines(SparkSession spark, Broadcast<HashMap<String, String>> conf, List<Row> files,
      LinePrefilter prefilter, Map<String, Summary> summaries, int cores) {
    long totalSplits = 0;
    for (Row f : files) {
      totalSplits += boundaries(summaries.get(f.getString(0))).length / 2;
    }
    List<String[]> specs = new ArrayList<>();
    for (Row f : files) {
      long[] b = boundaries(summaries.get(f.getString(0)));
      int count = b.length / 2;
      int pieces = count;
      if (isGzip(f.getString(0))) {
        long share = Math.max(1, (cores * (long) count + totalSplits - 1) / totalSplits); // its share of the cores
        pieces = (int) Math.min(Math.min(count, MAX_GZIP_PIECES), share);
      }
      for (int j = 0; j < pieces; j++) {
        int from = (int) ((long) j * count / pieces);
        int to = (int) ((long) (j + 1) * count / pieces);
        long end = to < count ? b[2 * to] : Long.MAX_VALUE;
        specs.add(new String[] {f.getString(0), f.getString(1), f.getString(2), Long.toString(b[2 * from]),
            Long.toString(b[2 * from + 1]), Long.toString(end)});
      }
    }
    return spark.createDataFrame(new JavaSparkContext(spark.sparkContext())
        .parallelize(specs, Math.max(1, specs.size()))
        .flatMap(spec -> new KeptLines(spec, conf.value(), prefilter)), LINE_SCHEMA);
  }

  /** A gzip file is split in no more pieces than this: each inflates on average half the file to skip. */
  static final int MAX_GZIP_PIECES = 8;

  /** Where each split of a scanned file starts: pairs of (offset, lines before), the first (0, 0). */
  private static long[] boundaries(Summary summary) {
    long[] splits = summary == null || summary.splits() == null ? new long[0] : summary.splits();
    long[] b = new long[splits.length + 2];
    System.arraycopy(splits, 0, b, 2, splits.length);
    return b;
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
    /**
     * Per split after the first, its first line's offset and the lines before: for a plain file, one per
     * {@code splitBytes} of its size; for a gzip file, one per {@code splitBytes} of its content, as read.
     */
    private long[] splits;
    private final boolean growing;
    private final long splitBytes;
    private int nextSplit;

    Pass(String file, long size, Map<String, String> conf, LinePrefilter prefilter, long splitBytes) {
      this.splitBytes = splitBytes;
      this.growing = isGzip(file);
      int count = growing ? 1 : (int) Math.max(1, (size + splitBytes - 1) / splitBytes);
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
          while ((growing || nextSplit < splits.length / 2) && reader.startOffset() >= (nextSplit + 1) * splitBytes) {
            if (nextSplit == splits.length / 2) {
              splits = Arrays.copyOf(splits, Math.max(8, 2 * splits.length));
            }
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
        if (growing) {
          splits = Arrays.copyOf(splits, 2 * nextSplit);
        }
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
   * The file's content from {@code offset}, through the driver's Hadoop configuration; a gzip file is
   * inflated from its start and its first {@code offset} bytes discarded.
   */
  private static InputStream open(String file, Map<String, String> confEntries, long offset) throws IOException {
    Configuration conf = new Configuration(false);
    confEntries.forEach(conf::set);
    Storage storage = Storage.of(conf);
    Path path = new Path(file);
    if (offset == 0) {
      return storage.open(path);
    }
    if (isGzip(file)) {
      InputStream in = storage.open(path);
      byte[] discard = new byte[1 << 16];
      for (long left = offset; left > 0; ) {
        int n = in.read(discard, 0, (int) Math.min(discard.length, left));
        if (n < 0) {
          in.close();
          throw new java.io.EOFException(file + " ends before offset " + offset);
        }
        left -= n;
      }
      return in;
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
