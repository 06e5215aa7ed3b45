package io.osswarehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osswarehouse.collect.CollectException;
import io.osswarehouse.collect.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collect.* keys: defaults, file then environment, checks by name; secrets only from the environment or files. */
class CollectionConfigTest {
  @TempDir
  Path dir;

  private static WarehouseConfig resolve(Path file, Map<String, String> env) {
    return WarehouseConfig.resolve(file, env, new HashMap<>());
  }

  @Test
  void byDefaultThePublicApisAndNothingToCollect() {
    CollectionConfig c = resolve(null, Map.of()).collection();
    assertEquals(URI.create("https://api.github.com"), c.githubApi());
    assertEquals(URI.create("https://data.gharchive.org"), c.gharchiveUrl());
    assertEquals("2025-03-31.basil", c.stripeApiVersion());
    assertEquals(List.of(), c.npmPackages());
    assertEquals(List.of("overall"), c.pypistatsEndpoints());
    assertEquals(LocalDate.of(2015, 1, 10), c.npmHistoryFrom());
    assertEquals(Duration.ofMinutes(60), c.sourceBudget());
    assertNull(c.githubTokenFile());
  }

  @Test
  void theFileThenTheEnvironmentAsForEveryKey() throws IOException {
    Path file = dir.resolve("w.properties");
    Files.writeString(file, "collect.npm.packages=left-pad, @acme/widget\ncollect.dockerhub.images=redis,acme/api\n"
        + "collect.plausible.sites=Docs.Acme.io\ncollect.max-minutes-per-source=5\n");
    CollectionConfig c = resolve(file, Map.of("WAREHOUSE_PYPI_PACKAGES", "requests,pip",
        "WAREHOUSE_NPM_PACKAGES", "react")).collection();
    assertEquals(List.of("react"), c.npmPackages(), "the environment wins over the file");
    assertEquals(List.of("requests", "pip"), c.pypiPackages());
    assertEquals(List.of("library/redis", "acme/api"), c.dockerImages(), "official images live under library/");
    assertEquals(List.of("docs.acme.io"), c.plausibleSites());
    assertEquals(Duration.ofMinutes(5), c.sourceBudget());
  }

  @Test
  void mistakesAreNamedByKey() {
    assertEquals("collect.dockerhub.images: 'a/b/c' is not namespace/name", assertThrows(
        IllegalArgumentException.class, () -> resolve(null, Map.of("WAREHOUSE_DOCKERHUB_IMAGES", "a/b/c"))).getMessage());
    assertEquals("collect.pypistats.endpoints: 'daily' is not one of [overall, system, python_major, python_minor, "
        + "recent]", assertThrows(IllegalArgumentException.class,
            () -> resolve(null, Map.of("WAREHOUSE_PYPISTATS_ENDPOINTS", "daily"))).getMessage());
    assertEquals("collect.github.api-url: 'api.github.com…' must not carry credentials or a query", assertThrows(
        IllegalArgumentException.class, () -> resolve(null,
            Map.of("WAREHOUSE_GITHUB_API_URL", "https://user:secret@api.github.com"))).getMessage());
    assertEquals("collect.stripe.api-version must look like 2025-03-31.basil, got 'latest'", assertThrows(
        IllegalArgumentException.class, () -> resolve(null, Map.of("WAREHOUSE_STRIPE_API_VERSION", "latest")))
        .getMessage());
  }

  @Test
  void aSecretComesFromItsVariableElseFromAFileOnlyItsOwnerCanRead() throws IOException {
    Path file = dir.resolve("token");
    Files.writeString(file, "from-file\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Secret fromEnv = Secret.resolve("the GitHub token", "WAREHOUSE_GITHUB_TOKEN", file,
        Map.of("WAREHOUSE_GITHUB_TOKEN", "from-env"));
    assertEquals("the GitHub token [redacted]", fromEnv.toString(), "never printed");
    assertEquals("x [redacted] y", fromEnv.redact("x from-env y"));
    assertEquals("x [redacted] y", Secret.resolve("t", "V", file, Map.of()).redact("x from-file y"));
    assertNull(Secret.resolve("t", "V", null, Map.of()));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    assertEquals("t: " + file + " is readable or writable by other accounts (rw-r-----); make it readable by its owner "
        + "alone: chmod 600 " + file, assertThrows(CollectException.class,
            () -> Secret.resolve("t", "V", file, Map.of())).getMessage());
  }
}
