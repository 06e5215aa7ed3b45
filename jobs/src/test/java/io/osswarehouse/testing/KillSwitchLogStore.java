package io.osswarehouse.testing;

import io.delta.storage.HDFSLogStore;
import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Delta's log store for local paths ({@code spark.delta.logStore.file.impl}) with {@link KillSwitch}'s
 * {@code commit} and {@code committed} events around each commit file.
 */
public class KillSwitchLogStore extends HDFSLogStore {
  public KillSwitchLogStore(Configuration conf) {
    super(conf);
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration conf) throws IOException {
    KillSwitch.reached("commit", path.toUri().getPath());
    super.write(path, actions, overwrite, conf);
    KillSwitch.reached("committed", path.toUri().getPath());
  }
}
