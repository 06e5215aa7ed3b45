package io.osswarehouse.testing;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A Hadoop file system under the scheme {@code objtest://bucket/path}, standing in for object storage
 * in tests: {@code objtest://bucket/x/y} is stored in {@code <root>/bucket/x/y} of a local folder,
 * so the path part of the URI ({@code /x/y}) never exists on the local disk. Code that still reached
 * the warehouse or landing folder through java.nio (or through a URI's path) would miss the files or
 * write them elsewhere, and the run would fail. Register it with {@link #register} on the session's
 * Hadoop configuration; {@link Fs} is the FileContext binding Delta's default log store writes through.
 */
public class ObjectStoreTestFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "objtest";

  private static volatile File root;

  private URI uri;

  /** Backs every {@code objtest://} bucket by folders under {@code folder}, and registers the scheme. */
  public static void register(Configuration conf, java.nio.file.Path folder) {
    root = folder.toFile();
    conf.set("fs." + SCHEME + ".impl", ObjectStoreTestFileSystem.class.getName());
    conf.set("fs.AbstractFileSystem." + SCHEME + ".impl", Fs.class.getName());
  }

  /** Where an {@code objtest://} location is kept on the local disk (for assertions). */
  public static java.nio.file.Path localFolder(String location) {
    URI u = URI.create(location);
    return root.toPath().resolve(u.getAuthority()).resolve(u.getPath().substring(1));
  }

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    uri = URI.create(SCHEME + "://" + (name.getAuthority() == null ? "" : name.getAuthority()));
    setWorkingDirectory(new Path(uri.toString() + "/"));
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public URI getUri() {
    return uri != null ? uri : URI.create(SCHEME + ":///"); // the super constructor asks before initialize
  }

  @Override
  public File pathToFile(Path path) {
    checkPath(path);
    if (!path.isAbsolute()) {
      path = new Path(getWorkingDirectory(), path);
    }
    if (root == null) {
      throw new IllegalStateException(SCHEME + ":// has no backing folder: call register() first");
    }
    String authority = path.toUri().getAuthority() != null ? path.toUri().getAuthority() : getUri().getAuthority();
    return new File(new File(root, authority == null || authority.isEmpty() ? "_" : authority), path.toUri().getPath());
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    File local = pathToFile(f);
    if (!local.exists()) {
      throw new FileNotFoundException("File " + f + " does not exist");
    }
    // A plain status with the objtest path: never the local one, no lazily loaded local permissions.
    return new FileStatus(local.isDirectory() ? 0 : local.length(), local.isDirectory(), 1, getDefaultBlockSize(f),
        local.lastModified(), makeQualified(f));
  }

  @Override
  public FileStatus getFileLinkStatus(Path f) throws IOException {
    return getFileStatus(f);
  }

  @Override
  public boolean supportsSymlinks() {
    return false;
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    File local = pathToFile(f);
    if (!local.exists()) {
      throw new FileNotFoundException("File " + f + " does not exist");
    }
    Path qualified = makeQualified(f);
    if (!local.isDirectory()) {
      return new FileStatus[] {getFileStatus(qualified)};
    }
    String[] names = local.list();
    if (names == null) {
      throw new IOException("cannot list " + f);
    }
    List<FileStatus> out = new ArrayList<>();
    for (String name : names) {
      try {
        out.add(getFileStatus(new Path(qualified, name)));
      } catch (FileNotFoundException gone) {
        // deleted meanwhile
      }
    }
    return out.toArray(FileStatus[]::new);
  }

  /** The {@code AbstractFileSystem} of the scheme (Delta's HDFSLogStore commits through FileContext). */
  public static class Fs extends DelegateToFileSystem {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new ObjectStoreTestFileSystem(), conf, SCHEME, false);
    }
  }
}
