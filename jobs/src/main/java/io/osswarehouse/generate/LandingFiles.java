package io.osswarehouse.generate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Generated text files collected in memory and written at the end ({@code *.gz} paths gzip-compressed). Within a file, lines are ordered
 * by the instant they describe (ties keep insertion order), so a later snapshot of the same object
 * always comes later in the file and the bytes never depend on hash or thread order.
 */
final class LandingFiles {
  private record Line(Instant at, long sequence, String text) {}

  private final Map<String, String> headers = new TreeMap<>();
  private final Map<String, List<Line>> files = new TreeMap<>();
  private long sequence;

  /** Declares the CSV header of {@code path}; the file is still only written if it gets a line. */
  void header(String path, String header) {
    headers.put(path, header);
  }

  /** Makes sure {@code path} is written even without lines (header only). */
  void touch(String path) {
    files.computeIfAbsent(path, p -> new ArrayList<>());
  }

  void add(String path, Instant at, String line) {
    files.computeIfAbsent(path, p -> new ArrayList<>()).add(new Line(at, sequence++, line));
  }

  /** Writes every non-empty file under {@code root} with '\n' line ends; returns the number written. */
  int writeTo(Path root) throws IOException {
    for (Map.Entry<String, List<Line>> file : files.entrySet()) {
      StringBuilder text = new StringBuilder();
      String header = headers.get(file.getKey());
      if (header != null) {
        text.append(header).append('\n');
      }
      file.getValue().stream().sorted(Comparator.comparing(Line::at).thenComparingLong(Line::sequence))
          .forEach(l -> text.append(l.text()).append('\n'));
      Path target = root.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      Files.write(target, file.getKey().endsWith(".gz") ? gzip(bytes) : bytes);
    }
    return files.size();
  }

  /** Java's gzip header has no time stamp or file name, so the compressed bytes are as deterministic as the text. */
  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(buffer)) {
      gz.write(bytes);
    }
    return buffer.toByteArray();
  }

  /** {@code YYYY-MM} of an instant in UTC. */
  static String month(Instant at) {
    return YearMonth.from(at.atZone(ZoneOffset.UTC)).toString();
  }
}
