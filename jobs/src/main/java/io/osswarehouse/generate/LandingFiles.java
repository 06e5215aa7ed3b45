package io.osswarehouse.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
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
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Generated text files collected in memory and written at the end ({@code *.gz} paths gzip-compressed). Within a file, lines are ordered
 * by the instant they describe (ties keep insertion order), so a later snapshot of the same object
 * always comes later in the file and the bytes never depend on hash or thread order. Bulk lines too many
 * to hold ({@link Background} traffic) are produced by a {@link Tail} while their file is written.
 */
final class LandingFiles {
  private record Line(Instant at, long sequence, String text) {}

  private final Map<String, String> headers = new TreeMap<>();
  private final Map<String, List<Line>> files = new TreeMap<>();
  private final Map<String, Tail> tails = new TreeMap<>();
  private long sequence;

  /** Writes a file's bulk lines, in order, after its collected ones; called once, while the file is written. */
  @FunctionalInterface
  interface Tail {
    void write(Consumer<String> line);
  }

  /** Appends {@code tail}'s lines to {@code path} (written even if it has no collected lines). */
  void tail(String path, Tail tail) {
    if (tails.putIfAbsent(path, tail) != null) {
      throw new IllegalStateException("two tails for " + path);
    }
    touch(path);
  }

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

  /** Writes every file under {@code root} with '\n' line ends, streaming; returns the number written. */
  int writeTo(Path root) throws IOException {
    for (Map.Entry<String, List<Line>> file : files.entrySet()) {
      Path target = root.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      // Java's gzip header has no time stamp or file name, so the compressed bytes are as deterministic as the text
      try (OutputStream raw = Files.newOutputStream(target);
          OutputStream data = file.getKey().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
          Writer text = new BufferedWriter(new OutputStreamWriter(data, StandardCharsets.UTF_8), 1 << 16)) {
        String header = headers.get(file.getKey());
        if (header != null) {
          text.write(header);
          text.write('\n');
        }
        List<Line> lines = file.getValue();
        lines.sort(Comparator.comparing(Line::at).thenComparingLong(Line::sequence));
        for (Line l : lines) {
          text.write(l.text());
          text.write('\n');
        }
        Tail tail = tails.get(file.getKey());
        if (tail != null) {
          tail.write(line -> {
            try {
              text.write(line);
              text.write('\n');
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      file.getValue().clear(); // written: let the lines go
    }
    return files.size();
  }

  /** {@code YYYY-MM} of an instant in UTC. */
  static String month(Instant at) {
    return YearMonth.from(at.atZone(ZoneOffset.UTC)).toString();
  }
}
