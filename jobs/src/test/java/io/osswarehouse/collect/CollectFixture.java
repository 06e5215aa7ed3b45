package io.osswarehouse.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.testing.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A landing folder, settings pointing every API at a {@link LocalApi}, and token files, for collector tests. */
final class CollectFixture {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String GITHUB_TOKEN = "ghp_testTokenThatMustNeverLand0123456789";
  static final String STRIPE_KEY = "rk_test_keyThatMustNeverLand9876543210";
  static final String PLAUSIBLE_KEY = "plausibleKeyThatMustNeverLand55555";

  final Path root;
  final Path landing;
  final LocalApi api;
  final Map<String, String> settings = new LinkedHashMap<>();

  CollectFixture(Path root, LocalApi api) {
    this.root = root;
    this.landing = root.resolve("landing");
    this.api = api;
    String base = api.base().toString();
    settings.put("warehouse.dir", root.resolve("warehouse").toString());
    settings.put("landing.dir", landing.toString());
    for (String key : List.of("collect.github.api-url", "collect.gharchive.url", "collect.stripe.api-url",
        "collect.npm.api-url", "collect.pypistats.api-url", "collect.dockerhub.api-url", "collect.plausible.api-url")) {
      settings.put(key, base);
    }
    settings.put("collect.max-attempts", "3");
    settings.put("collect.backoff-seconds", "0.05");
    settings.put("collect.timeout-seconds", "5");
    settings.put("collect.github.token-file", secretFile("github-token", GITHUB_TOKEN).toString());
    settings.put("collect.stripe.key-file", secretFile("stripe-key", STRIPE_KEY).toString());
    settings.put("collect.plausible.key-file", secretFile("plausible-key", PLAUSIBLE_KEY).toString());
  }

  CollectFixture set(String key, String value) {
    settings.put(key, value);
    return this;
  }

  /** A token file readable by its owner alone, as the docs ask. */
  Path secretFile(String name, String value) {
    try {
      Path dir = root.resolve("secrets");
      Files.createDirectories(dir);
      Path f = dir.resolve(name);
      Files.writeString(f, value + "\n");
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The settings as a properties file, resolved the way the CLI resolves them. */
  Path propertiesFile() {
    try {
      Path f = root.resolve("warehouse.properties");
      StringBuilder s = new StringBuilder();
      settings.forEach((k, v) -> s.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
      Files.writeString(f, s.toString());
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  WarehouseConfig config() {
    return WarehouseConfig.resolve(propertiesFile(), Map.of(), new LinkedHashMap<>());
  }

  /** Collects the sources for the date, as {@code warehouse collect} does, with short rate-limit waits. */
  List<Collection.Result> collect(LocalDate date, String... sources) {
    WarehouseConfig c = config();
    return new Collection(c, Map.of(), null).withUnhintedRateLimitWait(Duration.ofMillis(200))
        .run(Collection.choose(List.of(sources), c, Map.of()), date, "test");
  }

  static Collection.Result only(List<Collection.Result> results) {
    if (results.size() != 1) {
      throw new AssertionError("expected one result, got " + results);
    }
    return results.get(0);
  }

  /** Every landed file (hidden and _collect/ left out, as ingest sees the folder) with its bytes' hash and mtime. */
  Map<String, String> landedFiles() {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(landing)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(landing)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = landing.relativize(f).toString();
        if (rel.startsWith(CollectLog.FOLDER + "/") || f.getFileName().toString().startsWith(".")) {
          continue;
        }
        FileTime t = Files.getLastModifiedTime(f);
        out.put(rel, HttpCache.sha256(Files.readAllBytes(f)) + "@" + t.toMillis());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  byte[] landed(String relative) {
    try {
      return Files.readAllBytes(landing.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonNode> log(LocalDate date) {
    return CollectLog.read(landing, date);
  }

  /** A real sample's bytes (../shared/real-samples, copied into the test resources). */
  static byte[] sample(String relative) {
    return Samples.bytes(relative);
  }

  static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(JsonNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }
}
