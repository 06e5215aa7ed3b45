package io.osswarehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, then the config file, then environment variables, then command-line options. */
class WarehouseConfigTest {
  @TempDir
  Path dir;

  private static Map<String, String> overrides(String warehouse) {
    Map<String, String> o = new HashMap<>();
    o.put(WarehouseConfig.WAREHOUSE_DIR, warehouse);
    return o;
  }

  @Test
  void theEmbeddedDefaultNeedsNothing() {
    WarehouseConfig c = WarehouseConfig.resolve(null, Map.of(), overrides(null));
    assertEquals(Paths.get("warehouse").toAbsolutePath(), c.warehouseDir());
    assertEquals(Paths.get("landing").toAbsolutePath(), c.landingDir());
    assertEquals("USD", c.reportingCurrency());
    assertEquals(0.05, c.maxRejectedFraction());
    assertNull(c.sparkMaster());
  }

  @Test
  void fileThenEnvironmentThenOptionsWin() throws IOException {
    Path file = dir.resolve("w.properties");
    Files.writeString(file, "warehouse.dir=/from/file\nlanding.dir=/from/file/landing\nreporting.currency=eur\n"
        + "quarantine.max-rejected-fraction=0.2\n");
    Map<String, String> env = Map.of("WAREHOUSE_LANDING", "/from/env/landing", "WAREHOUSE_REPORTING_CURRENCY", "GBP");
    WarehouseConfig c = WarehouseConfig.resolve(file, env, overrides("/from/option"));
    assertEquals(Paths.get("/from/option"), c.warehouseDir());
    assertEquals(Paths.get("/from/env/landing"), c.landingDir());
    assertEquals("GBP", c.reportingCurrency());
    assertEquals(0.2, c.maxRejectedFraction());
  }

  @Test
  void theConfigFileCanBeNamedByTheEnvironment() throws IOException {
    Path file = dir.resolve("env.properties");
    Files.writeString(file, "spark.master=local[2]\n");
    WarehouseConfig c = WarehouseConfig.resolve(null, Map.of("WAREHOUSE_CONFIG", file.toString()), overrides(null));
    assertEquals("local[2]", c.sparkMaster());
  }

  @Test
  void mistakesAreReportedByName() throws IOException {
    Path file = dir.resolve("typo.properties");
    Files.writeString(file, "warehouse.directory=/x\n");
    assertEquals("unknown key 'warehouse.directory' in " + file + " (see docs/configuration.md)",
        assertThrows(IllegalArgumentException.class, () -> WarehouseConfig.resolve(file, Map.of(), overrides(null)))
            .getMessage());
    assertEquals("quarantine.max-rejected-fraction must be between 0 and 1, got 1.5",
        assertThrows(IllegalArgumentException.class, () -> WarehouseConfig.resolve(null,
            Map.of("WAREHOUSE_MAX_REJECTED_FRACTION", "1.5"), overrides(null))).getMessage());
    assertEquals("not an ISO 4217 currency code: 'dollars'",
        assertThrows(IllegalArgumentException.class, () -> WarehouseConfig.resolve(null,
            Map.of("WAREHOUSE_REPORTING_CURRENCY", "dollars"), overrides(null))).getMessage());
    assertEquals("config file not found: " + dir.resolve("missing"),
        assertThrows(IllegalArgumentException.class, () -> WarehouseConfig.resolve(dir.resolve("missing"), Map.of(),
            overrides(null))).getMessage());
  }

  @Test
  void objectStoreLocationsAreNormalisedAndMalformedOnesReportedByKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WarehouseConfig.location(WarehouseConfig.WAREHOUSE_DIR, "s3a://my bucket/warehouse"));
    assertTrue(e.getMessage().startsWith("warehouse.dir: 's3a://my bucket/warehouse' is not a valid URI"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> WarehouseConfig.location(WarehouseConfig.LANDING_DIR, "s3a:bucket/landing"));
    assertTrue(e.getMessage().startsWith("landing.dir: 's3a:bucket/landing' has no absolute path"), e.getMessage());
    assertEquals("s3a://bucket/warehouse", WarehouseConfig.location("k", "S3A://bucket/a/../warehouse/").toString());
    assertEquals("abfss://c@acct.dfs.core.windows.net/wh",
        WarehouseConfig.location("k", "abfss://c@acct.dfs.core.windows.net/wh").toString());
    assertEquals("hdfs:/warehouse", WarehouseConfig.location("k", "hdfs:///warehouse").toString());
    assertEquals(Path.of("rel/wh").toAbsolutePath().toUri().getPath().replaceAll("/$", ""),
        WarehouseConfig.location("k", "rel/wh").getPath());
    assertEquals("file:/tmp/wh", WarehouseConfig.location("k", "file:///tmp/x/../wh").toString());
  }
}
