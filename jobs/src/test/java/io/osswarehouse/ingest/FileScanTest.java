package io.osswarehouse.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.testing.SparkTestBase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file read in splits (byte ranges of a plain file, pieces of a gzip stream) yields the lines, numbers and hash of one sequential read. */
class FileScanTest extends SparkTestBase {
  @TempDir
  Path root;

  private List<String> lines(Path file, long splitBytes) {
    FileScan.FileStatusLite status = new FileScan.FileStatusLite(file.toUri().toString(), file.toFile().length());
    try (FileScan.Scan scan = FileScan.scan(session(), List.of(status), null, splitBytes)) {
      List<Row> spec = List.of(RowFactory.create(status.file(), file.getFileName().toString(),
          scan.summaries().get(status.file()).sha256()));
      var ds = scan.lines(spec);
      List<String> out = new ArrayList<>();
      out.add("partitions " + ds.rdd().getNumPartitions());
      ds.collectAsList().stream()
          .map(r -> r.getLong(3) + ":" + r.getString(0) + " " + r.getString(1) + " " + r.getString(2).substring(0, 8))
          .sorted(java.util.Comparator.comparingLong(l -> Long.parseLong(l.substring(0, l.indexOf(':')))))
          .forEach(out::add);
      return out;
    }
  }

  @Test
  void splitsOfAPlainFileYieldEveryLineOnceWithItsNumber() throws IOException {
    SplittableRandom rnd = new SplittableRandom(3);
    StringBuilder b = new StringBuilder("\uFEFF");
    String[] breaks = {"\n", "\r\n", "\r"};
    for (int i = 1; i <= 400; i++) {
      b.append(i % 17 == 0 ? "   " : "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(rnd.nextInt(i % 50 == 0 ? 900 : 40)) + "\"}");
      b.append(breaks[rnd.nextInt(3)]);
    }
    b.append("{\"last\":true}");
    byte[] content = b.toString().getBytes(StandardCharsets.UTF_8);
    Path plain = Files.write(root.resolve("x.json"), content);
    Path gz = root.resolve("x.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(content);
    }
    List<String> whole = lines(plain, FileScan.SPLIT_BYTES);
    assertEquals("partitions 1", whole.get(0));
    assertEquals(401 - 400 / 17, whole.size() - 1, "every non-blank line once");
    Assertions.assertTrue(whole.get(1).startsWith("1:{\"n\":1,"), "the byte-order mark is not content: " + whole.get(1));
    for (long split : new long[] {7, 64, 1000}) {
      List<String> parts = lines(plain, split);
      Assertions.assertTrue(Integer.parseInt(parts.get(0).substring("partitions ".length())) > 1, parts.get(0));
      assertEquals(whole.subList(1, whole.size()), parts.subList(1, parts.size()), "split " + split);
    }
    // a gzip file is one stream, inflated from its start by each piece: its splits merge into one piece per
    // core, with the same lines, numbers and content hash
    List<String> zippedWhole = lines(gz, FileScan.SPLIT_BYTES);
    assertEquals("partitions 1", zippedWhole.get(0));
    int cores = session().sparkContext().defaultParallelism();
    for (long split : new long[] {7, 1000, FileScan.SPLIT_BYTES}) {
      List<String> zipped = lines(gz, split);
      assertEquals("partitions " + (split == FileScan.SPLIT_BYTES ? 1 : Math.min(cores, FileScan.MAX_GZIP_PIECES)),
          zipped.get(0));
      assertEquals(whole.subList(1, whole.size()), zipped.subList(1, zipped.size()).stream()
          .map(l -> l.replace("x.json.gz", "x.json")).toList(), "gzip, split " + split);
    }
  }

  @Test
  void aBigGzipFileAmongSmallOnesGetsTheCoresTheSmallOnesLeave() throws IOException {
    StringBuilder big = new StringBuilder();
    for (int i = 1; i <= 2000; i++) {
      big.append("{\"n\":").append(i).append(",\"pad\":\"").append("y".repeat(i % 40)).append("\"}\n");
    }
    List<FileScan.FileStatusLite> files = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String name : new String[] {"big.json.gz", "small1.json.gz", "small2.json.gz"}) {
      Path gz = root.resolve(name);
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
        out.write((name.startsWith("big") ? big.toString() : "{\"small\":1}\n{\"small\":2}\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      files.add(new FileScan.FileStatusLite(gz.toUri().toString(), gz.toFile().length()));
      names.add(name);
    }
    int cores = session().sparkContext().defaultParallelism();
    try (FileScan.Scan scan = FileScan.scan(session(), files, null, 1000)) {
      List<Row> spec = new ArrayList<>();
      for (int k = 0; k < files.size(); k++) {
        spec.add(RowFactory.create(files.get(k).file(), names.get(k), scan.summaries().get(files.get(k).file()).sha256()));
      }
      var ds = scan.lines(spec);
      // the big file's splits are nearly all of the work: it is read in as many pieces as there are cores
      assertEquals(2 + Math.min(cores, FileScan.MAX_GZIP_PIECES), ds.rdd().getNumPartitions());
      List<Row> rows = ds.collectAsList();
      assertEquals(2004, rows.size());
      List<Long> bigNumbers = rows.stream().filter(r -> r.getString(1).equals("big.json.gz")).map(r -> r.getLong(3))
          .sorted().toList();
      assertEquals(java.util.stream.LongStream.rangeClosed(1, 2000).boxed().toList(), bigNumbers);
      for (Row r : rows) {
        if (r.getString(1).equals("big.json.gz")) {
          Assertions.assertTrue(r.getString(0).startsWith("{\"n\":" + r.getLong(3) + ","), r.toString());
        }
      }
    }
  }
}
