package io.osswarehouse.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.testing.ObjectStoreTestFileSystem;
import io.osswarehouse.testing.PipelineTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The nightly run of {@link ObjectStorageRunTestBase} on {@code objtest://} ({@link ObjectStoreTestFileSystem}),
 * which keeps {@code objtest://bucket/x} in {@code <folder>/bucket/x}, so any access still made through
 * java.nio paths would miss the files. {@link S3ObjectStorageRunTest} runs the same on {@code s3a://}.
 */
@PipelineTest
class ObjectStorageRunTest extends ObjectStorageRunTestBase {
  @Override
  protected String bucket() {
    return ObjectStoreTestFileSystem.SCHEME + "://bucket";
  }

  @Override
  protected void configure(Configuration conf) {
    ObjectStoreTestFileSystem.register(conf, root.resolve("object-store"));
  }

  @Override
  protected void upload(Path folder, String location) throws IOException {
    Path to = ObjectStoreTestFileSystem.localFolder(location);
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        Path target = to.resolve(folder.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
  }

  @Override
  protected String storedText(String location) throws IOException {
    Path file = ObjectStoreTestFileSystem.localFolder(location);
    return Files.isRegularFile(file) ? Files.readString(file) : null;
  }

  @Override
  protected boolean storedFolder(String location) {
    return Files.isDirectory(ObjectStoreTestFileSystem.localFolder(location));
  }

  @Test
  void malformedLocationsAreReportedByKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WarehouseConfig.location(WarehouseConfig.WAREHOUSE_DIR, "s3a://my bucket/warehouse"));
    Assertions.assertTrue(e.getMessage().startsWith("warehouse.dir: 's3a://my bucket/warehouse' is not a valid URI"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> WarehouseConfig.location(WarehouseConfig.LANDING_DIR, "s3a:bucket/landing"));
    Assertions.assertTrue(e.getMessage().startsWith("landing.dir: 's3a:bucket/landing' has no absolute path"), e.getMessage());
    assertEquals("s3a://bucket/warehouse", WarehouseConfig.location("k", "S3A://bucket/a/../warehouse/").toString());
    assertEquals("abfss://c@acct.dfs.core.windows.net/wh",
        WarehouseConfig.location("k", "abfss://c@acct.dfs.core.windows.net/wh").toString());
    assertEquals("hdfs:/warehouse", WarehouseConfig.location("k", "hdfs:///warehouse").toString());
    assertEquals(Path.of("rel/wh").toAbsolutePath().toUri().getPath().replaceAll("/$", ""),
        WarehouseConfig.location("k", "rel/wh").getPath());
    assertEquals("file:/tmp/wh", WarehouseConfig.location("k", "file:///tmp/x/../wh").toString());
  }
}
