package io.osswarehouse.testing;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/** The local file system ({@code fs.file.impl}) with {@link KillSwitch}'s {@code create} event. */
public class KillSwitchFileSystem extends LocalFileSystem {
  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    KillSwitch.reached("create", f.toUri().getPath());
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}
