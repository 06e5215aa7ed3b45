package io.osswarehouse.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osswarehouse.config.CollectionConfig;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.ingest.billing.StripeObjectsSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stripe's list endpoints for every object type the revenue models read, into
 * {@code billing/stripe/<date>/<type>_page<NNNN>.json} (each page the API's list envelope as sent), plus
 * the objects of the events since the last collect, oldest first, in {@code updates_page<NNNN>.json}: a list
 * filtered on {@code created} alone would never see a subscription cancelled or an invoice paid after it was
 * created. Incremental: each type is listed from the newest {@code created} seen minus
 * {@code collect.stripe.overlap-hours}, a collect of a date seen before repeats that date's cursors (so it
 * lands nothing new when Stripe answers the same), and a collect more than 30 days (Stripe's event retention)
 * after the last one lists everything again. Every request pins {@code Stripe-Version}
 * ({@code collect.stripe.api-version}), which is recorded in the state and the log. Invoices whose lines
 * do not fit the list ({@code lines.has_more}) get every line from {@code /v1/invoices/<id>/lines}: ingest
 * quarantines an invoice with lines missing rather than undercount it.
 *
 * <p>The official Java client is not used: it deserialises into the model of its own pinned API version,
 * while ingest keeps every object verbatim whatever its version, and requests here share the retry, rate-limit
 * and audit handling of the other collectors.
 */
public final class StripeCollector implements Collector {
  public static final String SOURCE = StripeObjectsSource.NAME;
  /** List endpoint -> the object type it lists. */
  static final Map<String, String> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put("customers", "customer");
    TYPES.put("products", "product");
    TYPES.put("prices", "price");
    TYPES.put("plans", "plan");
    TYPES.put("coupons", "coupon");
    TYPES.put("subscriptions", "subscription");
    TYPES.put("invoices", "invoice");
    TYPES.put("credit_notes", "credit_note");
    TYPES.put("refunds", "refund");
  }

  /** Object types taken from events ({@code discount}s change on their own too). */
  static final List<String> UPDATED_TYPES = List.of("customer", "product", "price", "plan", "coupon", "subscription",
      "invoice", "credit_note", "refund", "discount");
  static final long EVENT_RETENTION_SECONDS = 30L * 24 * 3600;
  private static final int OBJECTS_PER_UPDATE_FILE = 100;
  private static final int MAX_PAGES = 100_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public String nothingToCollect(WarehouseConfig config, Map<String, String> env) {
    String key = env.get(CollectionConfig.STRIPE_KEY_ENV);
    return (key == null || key.isBlank()) && config.collection().stripeKeyFile() == null
        ? "no Stripe key: set " + CollectionConfig.STRIPE_KEY_ENV + " or " + CollectionConfig.STRIPE_KEY_ENV + "_FILE"
        : null;
  }

  @Override
  public Secret secret(WarehouseConfig config, Map<String, String> env) {
    Secret key = Secret.resolve("the Stripe API key", CollectionConfig.STRIPE_KEY_ENV,
        config.collection().stripeKeyFile(), env);
    if (key == null) {
      throw new CollectException("billing/stripe needs a secret or restricted (read-only) key: set "
          + CollectionConfig.STRIPE_KEY_ENV + " or " + CollectionConfig.STRIPE_KEY_ENV + "_FILE");
    }
    return key;
  }

  @Override
  public void collect(SourceRun run, Secret key) {
    StateStore store = new StateStore(run.writer.landing(), "billing-stripe");
    ObjectNode state = store.load();
    String version = run.config.stripeApiVersion();
    String before = state.path("api_version").asText(null);
    state.put("api_version", version);
    ObjectNode newest = object(state, "max_created");
    ObjectNode byDate = object(state, "cursors");
    // the cursors of a date are kept for re-collecting it; two months of them are plenty
    List<String> old = new ArrayList<>();
    byDate.fieldNames().forEachRemaining(d -> {
      if (d.compareTo(run.date.minusDays(60).toString()) < 0) {
        old.add(d);
      }
    });
    byDate.remove(old);
    ObjectNode cursors = object(byDate, run.date.toString());
    long dayStart = run.date.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    long overlap = run.config.stripeOverlap().toSeconds();
    // Events reach back 30 days: a cursor older than that cannot see every update, so everything is listed again.
    boolean stale = newest.has("events") && newest.get("events").asLong() < dayStart - EVENT_RETENTION_SECONDS;
    String folder = SOURCE + "/" + run.date + "/";

    for (Map.Entry<String, String> type : TYPES.entrySet()) {
      String endpoint = type.getKey();
      run.entity(endpoint, batch -> {
        Long since = cursors.has(endpoint) ? (cursors.get(endpoint).asLong() < 0 ? null : cursors.get(endpoint).asLong())
            : stale || !newest.has(endpoint) ? null : newest.get(endpoint).asLong() - overlap;
        String query = "limit=100" + (since == null ? "" : "&created%5Bgte%5D=" + since)
            + (endpoint.equals("subscriptions") ? "&status=all" : "");
        Map<String, byte[]> files = new LinkedHashMap<>();
        long max = newest.path(endpoint).asLong(Long.MIN_VALUE);
        int page = 0;
        for (Page body : pages(run, batch, key, "/v1/" + endpoint, query)) {
          page++;
          boolean completed = false;
          for (JsonNode object : body.tree().path("data")) {
            max = Math.max(max, object.path("created").asLong(Long.MIN_VALUE));
            completed |= completeLines(run, batch, key, object);
          }
          // as sent, unless lines had to be filled in
          files.put(String.format("%s%s_page%04d.json", folder, endpoint, page), completed
              ? body.tree().toString().getBytes(StandardCharsets.UTF_8) : body.bytes());
        }
        run.land(batch, files);
        cursors.put(endpoint, since == null ? -1 : since);
        if (max != Long.MIN_VALUE) {
          newest.put(endpoint, max);
        }
        store.save(state);
        return SourceRun.Outcome.ok(page + " page(s) listed " + (since == null ? "whole" : "from created " + since)
            + ", Stripe-Version " + version + (before != null && !before.equals(version) ? " (was " + before + ")" : ""));
      });
    }

    run.entity("events", batch -> {
      long since = cursors.has("events") ? cursors.get("events").asLong()
          : !newest.has("events") ? dayStart : stale ? dayStart - EVENT_RETENTION_SECONDS + 86_400
          : newest.get("events").asLong() - overlap;
      List<JsonNode> objects = new ArrayList<>();
      long max = newest.path("events").asLong(dayStart);
      for (Page body : pages(run, batch, key, "/v1/events", "limit=100&created%5Bgte%5D=" + since)) {
        for (JsonNode event : body.tree().path("data")) {
          max = Math.max(max, event.path("created").asLong(Long.MIN_VALUE));
          JsonNode object = event.path("data").path("object");
          if (UPDATED_TYPES.contains(object.path("object").asText())) {
            completeLines(run, batch, key, object);
            objects.add(object);
          }
        }
      }
      // Events come newest first; oldest first puts each object's latest state last, where ingest takes it.
      Collections.reverse(objects);
      Map<String, byte[]> files = new LinkedHashMap<>();
      for (int i = 0; i < objects.size(); i += OBJECTS_PER_UPDATE_FILE) {
        ArrayNode chunk = JSON.createArrayNode();
        objects.subList(i, Math.min(objects.size(), i + OBJECTS_PER_UPDATE_FILE)).forEach(chunk::add);
        files.put(String.format("%supdates_page%04d.json", folder, i / OBJECTS_PER_UPDATE_FILE + 1),
            chunk.toString().getBytes(StandardCharsets.UTF_8));
      }
      run.land(batch, files);
      cursors.put("events", since);
      newest.put("events", max);
      store.save(state);
      return SourceRun.Outcome.ok(objects.size() + " updated object(s) from events since " + since);
    });
  }

  /** A page of a list: parsed, and its bytes as sent. */
  private record Page(JsonNode tree, byte[] bytes) {}

  /** Every page of a list, following {@code starting_after}; returned only when the last one is in. */
  private static List<Page> pages(SourceRun run, CollectLog.Batch batch, Secret key, String path, String query) {
    List<Page> pages = new ArrayList<>();
    String after = null;
    while (true) {
      if (pages.size() >= MAX_PAGES) {
        throw new CollectException(path + ": more than " + MAX_PAGES + " pages");
      }
      ApiClient.Response r = run.client.send(batch, request(run, key, path + "?" + query
          + (after == null ? "" : "&starting_after=" + after)));
      if (r.status() == 404) {
        throw new CollectException(path + " answered 404");
      }
      JsonNode body = r.json();
      if (!"list".equals(body.path("object").asText()) || !body.path("data").isArray()) {
        throw new CollectException(path + " answered something other than a list");
      }
      batch.page();
      pages.add(new Page(body, r.body()));
      JsonNode data = body.get("data");
      if (!body.path("has_more").asBoolean(false) || data.isEmpty()) {
        return pages;
      }
      after = data.get(data.size() - 1).path("id").asText();
    }
  }

  /**
   * Fills in an invoice's lines when the embedded list stops short ({@code has_more}), in place; true when
   * it changed the object.
   */
  private static boolean completeLines(SourceRun run, CollectLog.Batch batch, Secret key, JsonNode object) {
    JsonNode lines = object.path("lines");
    if (!"invoice".equals(object.path("object").asText()) || !lines.path("has_more").asBoolean(false)
        || !object.path("id").isTextual()) {
      return false;
    }
    ArrayNode all = JSON.createArrayNode();
    for (Page page : pages(run, batch, key, "/v1/invoices/" + object.get("id").asText() + "/lines", "limit=100")) {
      page.tree().path("data").forEach(all::add);
    }
    ((ObjectNode) lines).set("data", all);
    ((ObjectNode) lines).put("has_more", false);
    return true;
  }

  private static ApiClient.Request request(SourceRun run, Secret key, String pathAndQuery) {
    ApiClient.Request r = ApiClient.Request.get(URI.create(run.config.stripeApi() + pathAndQuery))
        .header("Authorization", "Bearer " + key.value())
        .header("Stripe-Version", run.config.stripeApiVersion());
    return run.config.stripeAccount() == null ? r : r.header("Stripe-Account", run.config.stripeAccount());
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    return parent.has(field) ? (ObjectNode) parent.get(field) : parent.putObject(field);
  }
}
