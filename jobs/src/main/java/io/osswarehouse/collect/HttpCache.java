package io.osswarehouse.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The last answer to each conditional request: its ETag, Link header and body, in
 * {@code <landing>/_collect/state/http/<source>/}. A 304 answer costs no GitHub quota, but the body is
 * still needed to land the day's snapshot, so it is kept here. Keys hash the method, URL and Accept
 * header; URLs never carry secrets (tokens travel in headers only).
 */
final class HttpCache {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;

  HttpCache(Path landing, String source) {
    this.dir = landing.resolve(CollectLog.FOLDER).resolve("state").resolve("http").resolve(source.replace('/', '-'));
  }

  record Entry(String etag, String link, String contentType, byte[] body) {}

  static String key(String method, String uri, String accept) {
    return sha256((method + " " + uri + " " + accept).getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Entry get(String key) {
    Path meta = dir.resolve(key + ".json");
    Path body = dir.resolve(key + ".body");
    if (!Files.isRegularFile(meta) || !Files.isRegularFile(body)) {
      return null;
    }
    try {
      JsonNode m = JSON.readTree(Files.readString(meta, StandardCharsets.UTF_8));
      byte[] content = Files.readAllBytes(body);
      if (!sha256(content).equals(m.path("body_sha256").asText())) {
        return null; // body and ETag from different answers (a collect stopped between the two writes)
      }
      return new Entry(m.path("etag").asText(null), m.path("link").asText(null), m.path("content_type").asText(null),
          content);
    } catch (IOException e) {
      return null; // an unreadable entry only costs one unconditional request
    }
  }

  void put(String key, String uri, Entry entry) {
    try {
      Files.createDirectories(dir);
      Path bodyTmp = LandingWriter.temporaryFor(dir.resolve(key + ".body"));
      Files.write(bodyTmp, entry.body());
      LandingWriter.moveIntoPlace(bodyTmp, dir.resolve(key + ".body"));
      ObjectNode m = JSON.createObjectNode();
      m.put("uri", uri);
      m.put("etag", entry.etag());
      m.put("link", entry.link());
      m.put("content_type", entry.contentType());
      m.put("body_sha256", sha256(entry.body()));
      Path metaTmp = LandingWriter.temporaryFor(dir.resolve(key + ".json"));
      Files.writeString(metaTmp, m.toString(), StandardCharsets.UTF_8);
      LandingWriter.moveIntoPlace(metaTmp, dir.resolve(key + ".json"));
    } catch (IOException e) {
      // Without a cache entry the next collect asks unconditionally: slower, never wrong.
    }
  }
}
