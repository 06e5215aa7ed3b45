package io.osswarehouse.collect;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The HTTP client every collector shares, one per source run. It retries 5xx answers, timeouts, cut-off
 * bodies and answers that are not the JSON asked for, with exponential backoff and jitter; waits out rate
 * limits the way the APIs document them ({@code Retry-After}; {@code X-RateLimit-Remaining: 0} until
 * {@code X-RateLimit-Reset}; GitHub's secondary limit, a 403 or 429 without either, at least a minute);
 * sends conditional requests ({@code If-None-Match}) and answers a 304 from its cache; stops the source
 * when the credentials are refused (401) or when the source's time budget is spent. Every request is
 * counted in the batch it belongs to. Nothing it says contains the secret: it travels in a header only.
 */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"([^\"]+)\"");
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
  private static final String USER_AGENT = "oss-warehouse-collect/0.1";
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "collect-read-watchdog");
    t.setDaemon(true);
    return t;
  });

  /**
   * How hard to try.
   *
   * @param maxAttempts attempts per request on retryable failures
   * @param backoff the first wait; doubled per attempt up to {@code maxBackoff}, half of it random
   * @param maxBackoff the longest wait between attempts
   * @param requestTimeout connect, headers, and the longest pause within a body
   * @param budget the source's total time
   * @param unhintedRateLimitWait the wait after a 403/429 rate limit that says neither how long nor until when
   *     (GitHub asks for at least a minute)
   */
  public record Options(int maxAttempts, Duration backoff, Duration maxBackoff, Duration requestTimeout,
      Duration budget, Duration unhintedRateLimitWait) {}

  /** One request. Headers may carry the secret; nothing else does. */
  public record Request(String method, URI uri, Map<String, String> headers, byte[] body, boolean json,
      boolean useCache) {
    public static Request get(URI uri) {
      return new Request("GET", uri, Map.of(), null, true, false);
    }

    public Request header(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Request(method, uri, h, body, json, useCache);
    }

    /** Sends {@code If-None-Match} with the last ETag, and answers a 304 from the cache. */
    public Request conditional() {
      return new Request(method, uri, headers, body, json, true);
    }

    public Request post(byte[] jsonBody) {
      return new Request("POST", uri, header("Content-Type", "application/json").headers(), jsonBody, json, useCache);
    }
  }

  /** An answer: a 2xx (or a 304 answered from the cache, {@code fromCache}) or a 404. */
  public record Response(int status, HttpHeaders headers, byte[] body, boolean fromCache, String cachedLink) {
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    /** The URL of a Link header relation ({@code next}), also for an answer from the cache. */
    public Optional<String> link(String rel) {
      String link = fromCache ? cachedLink : headers.firstValue("Link").orElse(null);
      if (link == null) {
        return Optional.empty();
      }
      for (Matcher m = LINK.matcher(link); m.find(); ) {
        if (m.group(2).equals(rel)) {
          return Optional.of(m.group(1));
        }
      }
      return Optional.empty();
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new CollectException("invalid JSON: " + e.getMessage());
      }
    }
  }

  private final HttpClient http;
  private final Options options;
  private final String source;
  private final Secret secret;
  private final HttpCache cache;
  private final Instant deadline;
  /** When the primary rate limit was used up, the instant it resets (null while requests remain). */
  private Instant primaryResetAt;
  /** Connection failures in a row, across requests: an API that cannot be reached stops the source early. */
  private int unreachable;

  public ApiClient(String source, Options options, Secret secret, Path landing) {
    this.source = source;
    this.options = options;
    this.secret = secret;
    this.cache = new HttpCache(landing, source);
    this.deadline = Instant.now().plus(options.budget()); // a time limit, not data: the clock is fine here
    this.http = HttpClient.newBuilder().connectTimeout(options.requestTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /**
   * Sends a request until it gets an answer worth keeping: a 2xx, a 304 from the cache, or a 404
   * (returned: whether it is an error is the caller's to say).
   *
   * @throws CollectException this entity failed (after the retries, or a 4xx that no retry will change)
   * @throws CollectException.SourceStopped the source must stop: credentials refused, budget spent
   */
  public Response send(CollectLog.Batch batch, Request request) {
    String accept = request.headers().getOrDefault("Accept", "");
    String cacheKey = HttpCache.key(request.method(), request.uri().toString(), accept);
    HttpCache.Entry cached = request.useCache() ? cache.get(cacheKey) : null;
    int attempt = 0;
    int rateLimited = 0;
    String lastProblem = null;
    while (true) {
      waitForPrimaryReset();
      if (attempt >= options.maxAttempts()) {
        throw new CollectException(what(request) + ": " + lastProblem + " (after " + attempt + " attempts)");
      }
      checkBudget(what(request));
      HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(timeout())
          .header("User-Agent", USER_AGENT);
      request.headers().forEach(b::header);
      if (cached != null && cached.etag() != null) {
        b.header("If-None-Match", cached.etag());
      }
      b.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(request.body()));
      HttpResponse<byte[]> r;
      try {
        r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (HttpTimeoutException e) {
        batch.failure("timeout");
        lastProblem = "timed out after " + timeout().toSeconds() + " s";
        pause(++attempt, lastProblem);
        continue;
      } catch (IOException e) {
        // a connection reset, or a body shorter than its Content-Length (cut off)
        batch.failure("io error");
        lastProblem = connectionFailed(request.uri(), e);
        pause(++attempt, lastProblem);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CollectException.SourceStopped(source + ": interrupted");
      }
      unreachable = 0;
      int status = r.statusCode();
      byte[] body = r.body() == null ? new byte[0] : r.body();
      batch.response(status, body.length);
      noteRateLimit(r.headers());
      if (status == 304 && cached != null) {
        return new Response(200, r.headers(), cached.body(), true, cached.link());
      }
      if (status == 304) {
        lastProblem = "304 Not Modified to an unconditional request";
        pause(++attempt, lastProblem);
        continue;
      }
      if (status >= 200 && status < 300) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (request.json() && status != 204) {
          if (!type.toLowerCase(Locale.ROOT).contains("json")) {
            batch.outcome("not json");
            lastProblem = "answered " + status + " with Content-Type '" + oneLine(type) + "', not JSON";
            pause(++attempt, lastProblem);
            continue;
          }
          try {
            JSON.readTree(body);
          } catch (IOException e) {
            batch.outcome("broken body");
            lastProblem = "answered " + status + " with a body that is not complete JSON (" + body.length + " bytes)";
            pause(++attempt, lastProblem);
            continue;
          }
        }
        if (request.useCache() && r.headers().firstValue("ETag").isPresent()) {
          cache.put(cacheKey, request.uri().toString(), new HttpCache.Entry(r.headers().firstValue("ETag").get(),
              r.headers().firstValue("Link").orElse(null), type, body));
        }
        return new Response(status, r.headers(), body, false, null);
      }
      if (status == 404) {
        return new Response(status, r.headers(), body, false, null);
      }
      if (status == 401) {
        throw new CollectException.SourceStopped(source + ": " + what(request) + " answered 401 Unauthorized: "
            + (secret == null ? "this API needs credentials" : secret.name() + " was refused (expired, revoked or "
            + "mistyped); replace it") + explain(body));
      }
      if (status == 403 || status == 429) {
        Instant until = rateLimitedUntil(r.headers(), body, status, ++rateLimited);
        if (until != null) {
          if (rateLimited > options.maxAttempts() + 2) {
            throw new CollectException(what(request) + ": still rate limited after " + rateLimited + " waits");
          }
          sleepUntil(until, what(request) + " is rate limited (" + status + ")");
          continue;
        }
        throw new CollectException(what(request) + " answered " + status + " Forbidden" + explain(body));
      }
      if (status >= 500 || status == 408) {
        lastProblem = "answered " + status + explain(body);
        Instant after = retryAfter(r.headers());
        if (after != null && attempt + 1 < options.maxAttempts()) {
          attempt++;
          sleepUntil(after, what(request) + " answered " + status);
          continue;
        }
        pause(++attempt, lastProblem);
        continue;
      }
      throw new CollectException(what(request) + " answered " + status + explain(body));
    }
  }

  /** Result of a file download. */
  public enum Download { COMPLETE, MISSING }

  /**
   * Downloads a gzip file into {@code part}, resuming from what an earlier attempt (or collect) left in it
   * with a {@code Range} request, and checks the whole file decompresses before returning. A 404 is
   * {@link Download#MISSING}. A file that fails the gzip check is deleted and fetched again.
   */
  public Download downloadGzip(CollectLog.Batch batch, URI uri, Path part) {
    int attempt = 0;
    String lastProblem = null;
    while (true) {
      if (attempt >= options.maxAttempts()) {
        throw new CollectException(uri + ": " + lastProblem + " (after " + attempt + " attempts)");
      }
      checkBudget(uri.toString());
      long have = size(part);
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout()).header("User-Agent", USER_AGENT);
      if (have > 0) {
        b.header("Range", "bytes=" + have + "-");
      }
      HttpResponse<InputStream> r;
      try {
        r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpTimeoutException e) {
        batch.failure("timeout");
        lastProblem = "timed out";
        pause(++attempt, lastProblem);
        continue;
      } catch (IOException e) {
        batch.failure("io error");
        lastProblem = connectionFailed(uri, e);
        pause(++attempt, lastProblem);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CollectException.SourceStopped(source + ": interrupted");
      }
      unreachable = 0;
      int status = r.statusCode();
      if (status == 404) {
        drain(r.body());
        batch.response(404, 0);
        return Download.MISSING;
      }
      if (status == 416 && have > 0) {
        // nothing after what we have: the part file may already be whole; the gzip check decides
        drain(r.body());
        batch.response(416, 0);
      } else if (status == 200 || status == 206) {
        boolean append = status == 206;
        long expected = expectedSize(r.headers(), status, have);
        long copied;
        try (InputStream in = r.body();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                 append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
          copied = copyWatched(in, out);
        } catch (IOException e) {
          batch.failure("io error");
          lastProblem = "download cut off at " + size(part) + " bytes (" + oneLine(e.getMessage()) + ")";
          checkBudget(uri.toString());
          pause(++attempt, lastProblem); // the part file stays: the next attempt resumes it
          continue;
        }
        batch.response(status, copied);
        if (expected >= 0 && size(part) < expected) {
          lastProblem = "download cut off at " + size(part) + " of " + expected + " bytes";
          pause(++attempt, lastProblem);
          continue;
        }
      } else if (status == 403 || status == 429 || status >= 500) {
        drain(r.body());
        batch.response(status, 0);
        Instant after = retryAfter(r.headers());
        lastProblem = "answered " + status;
        attempt++;
        if (after != null) {
          sleepUntil(after, uri + " answered " + status);
        } else {
          pause(attempt, lastProblem);
        }
        continue;
      } else {
        drain(r.body());
        batch.response(status, 0);
        throw new CollectException(uri + " answered " + status);
      }
      String broken = gzipProblem(part);
      if (broken == null) {
        return Download.COMPLETE;
      }
      batch.outcome("bad gzip");
      lastProblem = "not a complete gzip file (" + broken + ")";
      try {
        Files.deleteIfExists(part);
      } catch (IOException e) {
        throw new CollectException("cannot delete " + part + ": " + e.getMessage());
      }
      pause(++attempt, lastProblem);
    }
  }

  /** Why the file is not one whole gzip stream (members concatenated are fine), or null when it is. */
  static String gzipProblem(Path file) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      byte[] buffer = new byte[1 << 16];
      while (in.read(buffer) >= 0) {
        // reading to the end checks every member's CRC and length
      }
      return null;
    } catch (IOException e) {
      return oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  private static long expectedSize(HttpHeaders headers, int status, long have) {
    if (status == 206) {
      Matcher m = CONTENT_RANGE.matcher(headers.firstValue("Content-Range").orElse(""));
      if (m.matches() && !m.group(3).equals("*")) {
        return Long.parseLong(m.group(3));
      }
      return -1;
    }
    return headers.firstValueAsLong("Content-Length").orElse(-1);
  }

  /** Copies, closing the stream when no byte arrives for the request timeout or the budget ends. */
  private long copyWatched(InputStream in, OutputStream out) throws IOException {
    AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    long limitNanos = timeout().toNanos();
    ScheduledFuture<?> watch = WATCHDOG.scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastProgress.get() > limitNanos || Instant.now().isAfter(deadline)) {
        try {
          in.close();
        } catch (IOException ignored) {
          // closing is all we want; the reader sees the failure
        }
      }
    }, 200, 200, TimeUnit.MILLISECONDS);
    try {
      byte[] buffer = new byte[1 << 16];
      long total = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        total += n;
        lastProgress.set(System.nanoTime());
      }
      return total;
    } finally {
      watch.cancel(false);
    }
  }

  private static void drain(InputStream in) {
    try (in) {
      in.readAllBytes();
    } catch (IOException ignored) {
      // the answer is already decided by its status
    }
  }

  private static long size(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The problem with a failed connection; after two requests' worth of them in a row (every attempt of both
   * failed), the API is taken to be unreachable and the source stops instead of trying every entity.
   */
  private String connectionFailed(URI uri, IOException e) {
    String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
    String problem = "connection failed (" + why + ")";
    if (++unreachable >= 2 * options.maxAttempts()) {
      throw new CollectException.SourceStopped(source + ": cannot reach " + uri.getScheme() + "://" + uri.getAuthority()
          + ", " + unreachable + " connection failures in a row, last " + problem);
    }
    return problem;
  }

  /** When a 403/429 is a rate limit: the instant to retry at; null when it is a refusal (no retry helps). */
  private Instant rateLimitedUntil(HttpHeaders h, byte[] body, int status, int times) {
    Instant after = retryAfter(h);
    if (after != null) {
      return after;
    }
    if (h.firstValue("X-RateLimit-Remaining").map("0"::equals).orElse(false)) {
      Instant reset = h.firstValueAsLong("X-RateLimit-Reset").stream().mapToObj(Instant::ofEpochSecond).findFirst()
          .orElse(null);
      if (reset != null) {
        return reset.plusSeconds(1);
      }
    }
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    if (status == 429 || text.contains("rate limit")) {
      // No hint: wait the API's minimum, longer each time it repeats.
      Duration wait = options.unhintedRateLimitWait().multipliedBy(1L << Math.min(times - 1, 4));
      return Instant.now().plus(wait);
    }
    return null;
  }

  /** {@code Retry-After} as seconds or as an HTTP date; null when absent or unreadable. */
  static Instant retryAfter(HttpHeaders h) {
    String v = h.firstValue("Retry-After").orElse(null);
    if (v == null) {
      return null;
    }
    try {
      return Instant.now().plusSeconds(Long.parseLong(v.trim()));
    } catch (NumberFormatException notSeconds) {
      try {
        return ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }

  private void noteRateLimit(HttpHeaders h) {
    if (h.firstValue("X-RateLimit-Remaining").map("0"::equals).orElse(false)) {
      primaryResetAt = h.firstValueAsLong("X-RateLimit-Reset").stream().mapToObj(Instant::ofEpochSecond).findFirst()
          .orElse(null);
    }
  }

  private void waitForPrimaryReset() {
    if (primaryResetAt != null) {
      Instant until = primaryResetAt.plusSeconds(1);
      primaryResetAt = null;
      sleepUntil(until, source + ": the API's rate limit is used up (X-RateLimit-Remaining: 0)");
    }
  }

  private void sleepUntil(Instant until, String why) {
    Duration wait = Duration.between(Instant.now(), until);
    if (wait.isNegative() || wait.isZero()) {
      return;
    }
    if (until.isAfter(deadline)) {
      throw new CollectException.SourceStopped(why + ": it resets at "
          + DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC).format(until.truncatedTo(
              java.time.temporal.ChronoUnit.SECONDS)) + " UTC, after this source's time budget ("
          + options.budget().toMinutes() + " min, collect.max-minutes-per-source); the next collect picks up from here");
    }
    sleep(wait);
  }

  /** Exponential backoff with jitter before attempt {@code attempt + 1}. */
  private void pause(int attempt, String problem) {
    if (attempt >= options.maxAttempts()) {
      return;
    }
    long base = options.backoff().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, options.maxBackoff().toMillis());
    long wait = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    if (Instant.now().plusMillis(wait).isAfter(deadline)) {
      throw new CollectException.SourceStopped(source + ": " + problem + "; no time left to retry within this "
          + "source's budget (collect.max-minutes-per-source)");
    }
    sleep(Duration.ofMillis(wait));
  }

  private void checkBudget(String what) {
    if (Instant.now().isAfter(deadline)) {
      throw new CollectException.SourceStopped(source + ": time budget of " + options.budget().toMinutes()
          + " min (collect.max-minutes-per-source) spent before " + what + "; the next collect picks up from here");
    }
  }

  private Duration timeout() {
    Duration left = Duration.between(Instant.now(), deadline);
    Duration t = left.compareTo(options.requestTimeout()) < 0 ? left : options.requestTimeout();
    return t.isNegative() || t.isZero() ? Duration.ofMillis(1) : t;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CollectException.SourceStopped("interrupted");
    }
  }

  private String what(Request r) {
    // path only: a query can be long, and the host is the source's
    return r.method() + " " + r.uri().getRawPath();
  }

  /** The API's own one-line explanation from an error body, if it has one. */
  private String explain(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text;
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode m = n.path("message").isTextual() ? n.get("message") : n.path("error").path("message").isTextual()
          ? n.path("error").get("message") : n.path("error").isTextual() ? n.get("error") : null;
      text = m == null ? null : m.asText();
    } catch (IOException e) {
      text = null;
    }
    if (text == null) {
      return "";
    }
    String safe = secret == null ? text : secret.redact(text);
    return ": " + oneLine(safe.length() > 200 ? safe.substring(0, 200) + "…" : safe);
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
