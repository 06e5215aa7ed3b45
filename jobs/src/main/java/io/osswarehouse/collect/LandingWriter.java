package io.osswarehouse.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Puts files into the landing folder so that ingest never sees half of one: the bytes go to a hidden
 * temporary file in the target's folder (ingest skips names starting with a dot), are synced, then
 * renamed over the target in one step. A target that already holds the same bytes is left alone (its
 * modification time too, so ingest does not even re-read it); different bytes replace it, and ingest
 * loads the replacement as a new version of that file.
 */
public final class LandingWriter {
  /** What a write did. */
  public enum Outcome { NEW, REPLACED, UNCHANGED }

  private final Path landing;

  public LandingWriter(Path landing) {
    this.landing = landing;
  }

  public Path landing() {
    return landing;
  }

  /** Writes one file (path relative to the landing folder). */
  public Outcome write(String relative, byte[] content) {
    return writeAll(Map.of(relative, content)).get(relative);
  }

  /**
   * Writes several files that belong together (the pages of one list): every temporary file is
   * written and synced before the first rename, so a failure while writing lands none of them.
   */
  public Map<String, Outcome> writeAll(Map<String, byte[]> files) {
    Map<String, Outcome> out = new LinkedHashMap<>();
    Map<Path, Path> renames = new LinkedHashMap<>();
    List<Path> temporary = new ArrayList<>();
    try {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path target = resolve(f.getKey());
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), f.getValue())) {
          out.put(f.getKey(), Outcome.UNCHANGED);
          continue;
        }
        out.put(f.getKey(), Files.exists(target) ? Outcome.REPLACED : Outcome.NEW);
        Files.createDirectories(target.getParent());
        Path tmp = temporaryFor(target);
        temporary.add(tmp);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ch.write(java.nio.ByteBuffer.wrap(f.getValue()));
          ch.force(true);
        }
        renames.put(tmp, target);
      }
      for (Map.Entry<Path, Path> r : renames.entrySet()) {
        moveIntoPlace(r.getKey(), r.getValue());
      }
      return out;
    } catch (IOException e) {
      for (Path tmp : temporary) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a left-over hidden file is skipped by ingest and overwritten by no one
        }
      }
      throw new UncheckedIOException("cannot write into the landing folder " + landing + ": " + e.getMessage(), e);
    }
  }

  /** The landing path of a relative name; refuses names that would leave the landing folder. */
  public Path resolve(String relative) {
    Path target = landing.resolve(relative).normalize();
    if (!target.startsWith(landing.normalize())) {
      throw new IllegalArgumentException("not inside the landing folder: " + relative);
    }
    return target;
  }

  /** A hidden name next to the target, unique per attempt. */
  static Path temporaryFor(Path target) {
    return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8)
        + ".tmp");
  }

  /** Renames a finished temporary file over its target in one step. */
  static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
