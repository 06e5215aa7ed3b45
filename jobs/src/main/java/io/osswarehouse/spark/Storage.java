package io.osswarehouse.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.SparkSession;

/**
 * Every access of the jobs to the warehouse and landing folders outside Delta and Spark reads: through
 * the Hadoop FileSystem API, so that {@code s3a://}, {@code abfss://}, {@code hdfs://} and local
 * {@code file:} locations all work with the session's Hadoop configuration (connectors, credentials).
 * On the local file system the raw file system is used: no {@code .crc} side files, as with java.nio.
 */
public final class Storage {
  private static Configuration fallback;

  private final Configuration conf;

  private Storage(Configuration conf) {
    this.conf = conf;
  }

  /** The session's Hadoop configuration; without a session (unit tests of pure logic), Hadoop's defaults. */
  public static Storage of(SparkSession spark) {
    return new Storage(spark != null ? spark.sparkContext().hadoopConfiguration() : defaultConf());
  }

  public static Storage of(Configuration conf) {
    return new Storage(conf);
  }

  private static synchronized Configuration defaultConf() {
    if (fallback == null) {
      fallback = new Configuration();
    }
    return fallback;
  }

  /** The Hadoop path of a location URI. */
  public static Path path(URI location) {
    return new Path(location);
  }

  /** The file system holding {@code path}. */
  public FileSystem fs(Path path) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRaw() : fs;
    } catch (IOException e) {
      throw new UncheckedIOException("no file system for " + path + ": " + e.getMessage(), e);
    }
  }

  /** The status of a path, or null when nothing is there. */
  public FileStatus status(Path path) {
    try {
      return fs(path).getFileStatus(path);
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the status of " + path + ": " + e.getMessage(), e);
    }
  }

  public boolean isDirectory(Path path) {
    FileStatus s = status(path);
    return s != null && s.isDirectory();
  }

  public boolean isFile(Path path) {
    FileStatus s = status(path);
    return s != null && s.isFile();
  }

  /** The entries directly under a folder, by name; none when the folder does not exist. */
  public List<FileStatus> list(Path dir) {
    try {
      List<FileStatus> out = new ArrayList<>(List.of(fs(dir).listStatus(dir)));
      out.sort(Comparator.comparing(s -> s.getPath().getName()));
      return out;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Every file under a folder, recursively, sorted by path; none when the folder does not exist. */
  public List<FileStatus> listFilesRecursively(Path dir) {
    List<FileStatus> out = new ArrayList<>();
    try {
      RemoteIterator<LocatedFileStatus> files = fs(dir).listFiles(dir, true);
      while (files.hasNext()) {
        out.add(files.next());
      }
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing(s -> s.getPath().toUri().getPath()));
    return out;
  }

  /** Opens a file, transparently decompressing {@code .gz}. */
  public InputStream open(Path file) throws IOException {
    InputStream raw = new java.io.BufferedInputStream(fs(file).open(file), 1 << 16);
    return file.getName().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
  }

  /** A file's bytes as stored (no decompression), or null when it does not exist. */
  public byte[] readOrNull(Path file) {
    try (InputStream in = fs(file).open(file)) {
      return in.readAllBytes();
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** A UTF-8 text file, or null when it does not exist. */
  public String readStringOrNull(Path file) {
    byte[] bytes = readOrNull(file);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  /** Deletes a file or a folder with everything under it; nothing there is not an error. */
  public void deleteRecursively(Path path) {
    try {
      fs(path).delete(path, true);
    } catch (FileNotFoundException e) {
      // already gone
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a file, replacing any existing one. Object stores have no atomic rename, so this is a
   * plain overwrite: on S3 and ADLS the new object appears whole; elsewhere a reader racing the write
   * may see it partial, so callers must treat unexpected content as "not there".
   */
  public void overwrite(Path file, String text) {
    try (FSDataOutputStream out = fs(file).create(file, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates a file only when none exists, with the given permission where the file system keeps
   * permissions. Returns false when a file was already there. The content is written to a hidden
   * temporary file first and renamed into place, so a process killed meanwhile never leaves the file
   * empty or half-written (only the hidden temporary file, which no reader looks at).
   */
  public boolean createIfAbsent(Path file, String text, FsPermission permission) {
    FileSystem fs = fs(file);
    Path temporary = new Path(file.getParent(), "." + file.getName() + "." + java.util.UUID.randomUUID() + ".tmp");
    try {
      if (fs.exists(file)) {
        return false;
      }
      try (OutputStream out = fs.create(temporary, permission, false, 4096, fs.getDefaultReplication(file),
          fs.getDefaultBlockSize(file), null)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      // HDFS refuses to rename onto an existing file; a local rename would replace one that appeared
      // meanwhile, which the caller's read-back settles (both racers then use the file that stayed).
      return !fs.exists(file) && fs.rename(temporary, file);
    } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        fs.delete(temporary, false);
      } catch (IOException ignored) {
        // a leftover hidden temporary file is harmless
      }
    }
  }
}
