package io.osswarehouse.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Splits a generated landing zone by the date in each file's path: files dated up to the history end
 * (or of a month up to its month) are history, later ones the incremental day. Undated files (the
 * Plausible export over the whole range) go with the history. {@code _truth/} is not landed.
 */
public final class LandingSplit {
  private static final Pattern DAY = Pattern.compile("(20\\d\\d)-?(\\d\\d)-?(\\d\\d)");
  private static final Pattern MONTH = Pattern.compile("(20\\d\\d)-(\\d\\d)(?!\\d)");

  private LandingSplit() {}

  /** The files of generated (relative paths) that belong to the history ending on end, or after it. */
  public static List<Path> select(Path generated, LocalDate end, boolean history) {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(generated)) {
      files.filter(Files::isRegularFile).map(generated::relativize)
          .filter(p -> !p.startsWith("_truth"))
          .filter(p -> isHistory(p.toString(), end) == history)
          .sorted().forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static boolean isHistory(String relativePath, LocalDate end) {
    // the last date in the path names the file's data (gharchive 2025-12-31-23, events_20251231, _2025-12-31)
    Matcher d = DAY.matcher(relativePath);
    LocalDate day = null;
    while (d.find()) {
      try {
        day = LocalDate.of(Integer.parseInt(d.group(1)), Integer.parseInt(d.group(2)), Integer.parseInt(d.group(3)));
      } catch (java.time.DateTimeException e) {
        // not a date after all
      }
    }
    if (day != null) {
      return !day.isAfter(end);
    }
    Matcher m = MONTH.matcher(relativePath);
    YearMonth month = null;
    while (m.find()) {
      month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    return month == null || !month.isAfter(YearMonth.from(end));
  }

  /** Lands the files into target: hard links where the file system allows, else copies. */
  public static void land(Path generated, List<Path> files, Path target) {
    try {
      for (Path rel : files) {
        Path to = target.resolve(rel.toString());
        Files.createDirectories(to.getParent());
        Files.deleteIfExists(to);
        try {
          Files.createLink(to, generated.resolve(rel));
        } catch (IOException | UnsupportedOperationException e) {
          Files.copy(generated.resolve(rel), to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Uncompressed size of a landed file: gzip files are read through. */
  public static long uncompressedBytes(Path file) {
    try {
      if (!file.toString().endsWith(".gz")) {
        return Files.size(file);
      }
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
        byte[] buf = new byte[1 << 16];
        long n = 0;
        for (int r; (r = in.read(buf)) > 0; ) {
          n += r;
        }
        return n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
