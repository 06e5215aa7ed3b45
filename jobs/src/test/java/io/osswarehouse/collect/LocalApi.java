package io.osswarehouse.collect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A local HTTP server (the JDK's own) standing in for an API in tests: routes answer recorded responses,
 * and scripted answers (a 503, a rate limit, a cut-off body) can be queued in front of a route. Every
 * request is recorded with its headers, so tests can check what was sent (If-None-Match, Stripe-Version,
 * the Authorization header).
 */
final class LocalApi implements AutoCloseable {
  /** A request as the server saw it. */
  record Call(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /**
   * An answer. {@code cutAfter} &ge; 0 declares the full length but sends only that many bytes, then drops the
   * connection (a body cut off in transit).
   */
  record Reply(int status, Map<String, String> headers, byte[] body, int cutAfter) {
    static Reply json(int status, byte[] body) {
      return new Reply(status, Map.of("Content-Type", "application/json; charset=utf-8"), body, -1);
    }

    static Reply json(int status, String body) {
      return json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    Reply with(String header, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(header, value);
      return new Reply(status, h, body, cutAfter);
    }

    Reply cutAfter(int bytes) {
      return new Reply(status, headers, body, bytes);
    }

    /** Answers only after this long (the server's own header, not sent). */
    Reply delayed(int millis) {
      return with(DELAY, String.valueOf(millis));
    }
  }

  private static final String DELAY = "X-Local-Delay-Ms";
  private final HttpServer server;
  private final Map<String, Function<Call, Reply>> routes = new ConcurrentHashMap<>();
  private final Map<String, Function<Call, Reply>> prefixes = new ConcurrentHashMap<>();
  private final Map<String, Deque<Reply>> scripted = new ConcurrentHashMap<>();
  final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

  LocalApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4)); // a slow answer blocks no other
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers requests for this path (without query) with the function's reply. */
  LocalApi route(String path, Function<Call, Reply> answer) {
    routes.put(path, answer);
    return this;
  }

  /** Answers requests under this path prefix that no exact route takes. */
  LocalApi routePrefix(String prefix, Function<Call, Reply> answer) {
    prefixes.put(prefix, answer);
    return this;
  }

  /**
   * Serves these replies, in order, before the route answers again; {@code path} may end in
   * {@code ?name=value} to match only requests with that query parameter.
   */
  LocalApi script(String path, Reply... replies) {
    scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(replies));
    return this;
  }

  List<Call> calls(String path) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.path().equals(path)).toList();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Call call = new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(), query(ex.getRequestURI()), headers, body);
      calls.add(call);
      Reply reply = null;
      for (Map.Entry<String, String> q : call.query().entrySet()) {
        Deque<Reply> queue = scripted.get(call.path() + "?" + q.getKey() + "=" + q.getValue());
        if (reply == null && queue != null && !queue.isEmpty()) {
          reply = queue.poll();
        }
      }
      Deque<Reply> queue = scripted.get(call.path());
      if (reply == null && queue != null && !queue.isEmpty()) {
        reply = queue.poll();
      }
      if (reply == null) {
        Function<Call, Reply> route = routes.get(call.path());
        if (route == null) {
          route = prefixes.entrySet().stream().filter(e -> call.path().startsWith(e.getKey())).map(Map.Entry::getValue)
              .findFirst().orElse(null);
        }
        reply = route == null ? Reply.json(404, "{\"message\":\"Not Found\"}") : route.apply(call);
      }
      if (reply.headers().containsKey(DELAY)) {
        try {
          Thread.sleep(Long.parseLong(reply.headers().get(DELAY)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      reply.headers().forEach((k, v) -> {
        if (!k.equals(DELAY)) {
          ex.getResponseHeaders().set(k, v);
        }
      });
      byte[] bytes = reply.body() == null ? new byte[0] : reply.body();
      if (reply.status() == 304 || reply.status() == 204) {
        ex.sendResponseHeaders(reply.status(), -1);
        return;
      }
      ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      OutputStream out = ex.getResponseBody();
      if (reply.cutAfter() >= 0) {
        out.write(bytes, 0, Math.min(reply.cutAfter(), bytes.length));
        out.flush();
        // Closing the exchange now drops the connection mid-body: the client reads fewer bytes than announced.
        throw new CutOff();
      }
      out.write(bytes);
    } catch (CutOff cut) {
      // the exchange was abandoned on purpose
    }
  }

  /** Thrown to abandon an exchange mid-body. */
  private static final class CutOff extends RuntimeException {}

  static Map<String, String> query(URI uri) {
    Map<String, String> q = new LinkedHashMap<>();
    if (uri.getRawQuery() == null) {
      return q;
    }
    for (String kv : uri.getRawQuery().split("&")) {
      int eq = kv.indexOf('=');
      q.put(URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
