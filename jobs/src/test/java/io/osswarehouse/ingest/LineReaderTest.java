package io.osswarehouse.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The task-side line splitter numbers and hashes lines exactly as the ingest contract says. */
class LineReaderTest {
  /** Reads in chunks of at most {@code chunk} bytes, so line breaks fall on every buffer boundary. */
  private static InputStream chunked(byte[] content, int chunk) {
    return new ByteArrayInputStream(content) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  private static List<String> lines(byte[] content, int chunk) throws IOException {
    List<String> out = new ArrayList<>();
    try (FileScan.LineReader r = new FileScan.LineReader(chunked(content, chunk), null)) {
      while (r.next()) {
        out.add(r.number + ":" + new String(r.buf, r.from, r.to - r.from, StandardCharsets.UTF_8)
            + (r.blank() ? ":blank" : ""));
      }
    }
    return out;
  }

  /** What Spark's text reader yields: lines split at \n, \r\n or \r, no empty line after a final break. */
  private static List<String> expected(String text) {
    List<String> parts = new ArrayList<>(LandingText.lines(text));
    if (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
      parts.remove(parts.size() - 1);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      String p = parts.get(i);
      out.add((i + 1) + ":" + p + (p.chars().allMatch(c -> c == ' ') ? ":blank" : ""));
    }
    return out;
  }

  @Test
  void everyKindOfLineBreakAndBlankLineIsNumberedAsSparkNumbersThem() throws IOException {
    String text = "{\"a\":1}\r\n\n  \r{\"b\":2}\r\r\n\t\n{\"c\":3}";
    for (int chunk : new int[] {1, 2, 3, 7, 1 << 16}) {
      assertEquals(List.of("1:{\"a\":1}", "2::blank", "3:  :blank", "4:{\"b\":2}", "5::blank", "6:\t", "7:{\"c\":3}"),
          lines(text.getBytes(StandardCharsets.UTF_8), chunk), "chunk " + chunk);
    }
  }

  @Test
  void aByteOrderMarkOpeningTheFileIsNotPartOfTheFirstLine() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = "{\"a\":1}\r\n\uFEFF{\"b\":2}".getBytes(StandardCharsets.UTF_8);
    byte[] content = java.nio.ByteBuffer.allocate(bom.length + text.length).put(bom).put(text).array();
    for (int chunk : new int[] {1, 2, 4096}) {
      assertEquals(List.of("1:{\"a\":1}", "2:\uFEFF{\"b\":2}"), lines(content, chunk), "chunk " + chunk);
    }
    assertEquals(List.of(), lines(bom, 1), "a file of nothing but the mark has no line");
  }

  @Test
  void randomTextsSplitAlikeWhereverTheBuffersEnd() throws IOException {
    SplittableRandom rnd = new SplittableRandom(7);
    String[] pieces = {"x", "é", " ", "\n", "\r", "\r\n", "{\"k\":\"v\"}", "y".repeat(70_000)};
    for (int t = 0; t < 300; t++) {
      StringBuilder b = new StringBuilder();
      for (int i = rnd.nextInt(30); i > 0; i--) {
        b.append(pieces[rnd.nextInt(pieces.length - (t % 10 == 0 ? 0 : 1))]); // a line longer than the buffer now and then
      }
      String text = b.toString();
      assertEquals(expected(text), lines(text.getBytes(StandardCharsets.UTF_8), 1 + rnd.nextInt(5000)), text);
    }
  }

  @Test
  void theHashIsOfEveryByteAndTheHeadIsTheFirstBytes() throws Exception {
    byte[] content = ("{\"a\":1}\n".repeat(2000) + "tail").getBytes(StandardCharsets.UTF_8);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] head;
    try (FileScan.LineReader r = new FileScan.LineReader(chunked(content, 999), digest)) {
      while (r.next()) {
        // read to the end
      }
      head = r.head();
    }
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
        HexFormat.of().formatHex(digest.digest()));
    assertEquals(new String(content, 0, LandingText.HEAD, StandardCharsets.UTF_8),
        new String(head, StandardCharsets.UTF_8));
  }
}
