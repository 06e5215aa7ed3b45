package io.osswarehouse.collect;

import static io.osswarehouse.collect.CollectFixture.JSON;
import static io.osswarehouse.collect.CollectFixture.STRIPE_KEY;
import static io.osswarehouse.collect.CollectFixture.json;
import static io.osswarehouse.collect.CollectFixture.only;
import static io.osswarehouse.collect.CollectFixture.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osswarehouse.collect.LocalApi.Reply;
import io.osswarehouse.ingest.ParsedFile;
import io.osswarehouse.ingest.billing.StripeObjectsSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collect billing/stripe} against a local Stripe serving Stripe's and dj-stripe's fixtures as lists. */
class StripeCollectorTest {
  static final LocalDate DAY = LocalDate.of(2025, 3, 10);
  static final long DAY_START = DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  static final String FOLDER = "billing/stripe/" + DAY + "/";

  @TempDir
  Path root;
  LocalApi api;
  CollectFixture f;
  final Map<String, List<JsonNode>> objects = FakeApis.stripeObjects();
  final List<JsonNode> events = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    api = new LocalApi();
    FakeApis.stripe(api, STRIPE_KEY, objects, events, 1);
    f = new CollectFixture(root, api);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private Collection.Result collect(LocalDate date) {
    return only(f.collect(date, "billing/stripe"));
  }

  /** Every object of every landed file, as ingest reads them: none rejected. */
  private List<String> ingestedIds() {
    List<String> ids = new ArrayList<>();
    StripeObjectsSource source = new StripeObjectsSource();
    for (String file : f.landedFiles().keySet()) {
      ParsedFile parsed = source.parse(file, f.landed(file));
      assertEquals(List.of(), parsed.rejections(), file);
      parsed.records().forEach(r -> ids.add(r.values()[0] + ":" + r.values()[1]));
    }
    return ids;
  }

  @Test
  void everyTypeIsListedPageByPageWithTheApiVersionPinnedAndLandsWhereIngestReadsIt() {
    Collection.Result r = collect(DAY);
    assertEquals("ok", r.status(), r.message());

    assertTrue(f.landedFiles().containsKey(FOLDER + "prices_page0001.json"));
    assertTrue(f.landedFiles().containsKey(FOLDER + "prices_page0002.json"), "2 prices, 1 per page: starting_after");
    assertEquals("gold21323", api.calls("/v1/prices").get(1).query().get("starting_after"), "newest first");
    assertEquals(13, ingestedIds().size(), ingestedIds().toString());
    assertTrue(api.calls.stream().allMatch(c -> "2025-03-31.basil".equals(c.header("Stripe-Version"))));
    assertTrue(api.calls("/v1/subscriptions").stream().allMatch(c -> "all".equals(c.query().get("status"))),
        "canceled subscriptions too");
    assertTrue(api.calls("/v1/customers").stream().noneMatch(c -> c.query().containsKey("created[gte]")),
        "the first collect lists everything");
  }

  @Test
  void theNextDateListsFromTheNewestObjectSeenLessTheOverlapAndADateCollectedAgainLandsNothingNew() {
    collect(DAY);
    Map<String, String> before = f.landedFiles();
    int calls = api.calls.size();
    Collection.Result again = collect(DAY);
    assertEquals(0, again.filesWritten(), again.toString());
    assertEquals(before, f.landedFiles());
    assertTrue(api.calls.subList(calls, api.calls.size()).stream().filter(c -> c.path().equals("/v1/customers"))
        .noneMatch(c -> c.query().containsKey("created[gte]")), "the date's own cursors are repeated");

    collect(DAY.plusDays(1));
    LocalApi.Call next = api.calls("/v1/subscriptions").get(api.calls("/v1/subscriptions").size() - 1);
    // the newest subscription was created at 1557995176 (dj-stripe) vs 1234567890 (Stripe's fixture)
    assertEquals(String.valueOf(1557995176L - 24 * 3600), next.query().get("created[gte]"));
  }

  @Test
  void anInvoiceWithMoreLinesThanItsListHoldsLandsWithEveryLine() {
    ObjectNode invoice = (ObjectNode) json(sample(FakeApis.FIXTURES + "invoice.json"));
    ((ObjectNode) invoice.get("lines")).put("has_more", true);
    api.route("/v1/invoices", call -> FakeApis.stripeList(call, STRIPE_KEY, "/v1/invoices", List.of(invoice), 1));
    List<JsonNode> lines = List.of(json(sample(FakeApis.FIXTURES + "line_item.json")),
        json(sample(FakeApis.OLDER + "line_item_il_invoice_item_fakefakefakefakefake0001.json")),
        json(sample(FakeApis.OLDER + "line_item_il_invoice_item_fakefakefakefakefake0002.json")));
    api.route("/v1/invoices/" + invoice.get("id").asText() + "/lines",
        call -> FakeApis.stripeList(call, STRIPE_KEY, "/v1/invoices/x/lines", lines, 2));

    Collection.Result r = collect(DAY);
    assertEquals("ok", r.status(), r.message());
    JsonNode landed = json(f.landed(FOLDER + "invoices_page0001.json")).path("data").get(0);
    assertEquals(3, landed.path("lines").path("data").size());
    assertFalse(landed.path("lines").path("has_more").asBoolean());
    ingestedIds(); // and ingest takes it
  }

  @Test
  void objectsChangedSinceTheLastCollectLandFromEventsOldestFirst() {
    collect(DAY);
    ObjectNode active = (ObjectNode) json(sample(FakeApis.FIXTURES + "subscription.json"));
    ObjectNode canceled = active.deepCopy();
    canceled.put("status", "canceled");
    canceled.put("canceled_at", DAY_START + 90_000);
    events.add(event("evt_1", DAY_START + 86_400 + 100, "customer.subscription.updated", active));
    events.add(event("evt_2", DAY_START + 86_400 + 200, "customer.subscription.deleted", canceled));
    events.add(event("evt_3", DAY_START + 86_400 + 300, "payment_intent.created",
        JSON.createObjectNode().put("object", "payment_intent").put("id", "pi_1")));

    Collection.Result r = collect(DAY.plusDays(1));
    assertEquals("ok", r.status(), r.message());
    JsonNode updates = json(f.landed("billing/stripe/" + DAY.plusDays(1) + "/updates_page0001.json"));
    assertEquals(2, updates.size(), "only the types the models read");
    assertEquals("active", updates.get(0).path("status").asText());
    assertEquals("canceled", updates.get(1).path("status").asText(), "the latest state last, where ingest takes it");
  }

  @Test
  void aFailureMidListLandsNothingOfThatTypeAndTheNextCollectCompletesIt() {
    api.script("/v1/prices?starting_after=gold21323", Reply.json(500, "{}"), Reply.json(502, "{}"),
        Reply.json(503, "{}"));
    Collection.Result r = collect(DAY);
    assertEquals("failed", r.status());
    assertTrue(r.message().equals("1 of 10 failed, first prices: GET /v1/prices: answered 503 (after 3 attempts)"), r.message());
    assertFalse(f.landedFiles().containsKey(FOLDER + "prices_page0001.json"), "page 1 of 2 never landed");
    assertTrue(f.landedFiles().containsKey(FOLDER + "plans_page0002.json"), "the other types did");

    Collection.Result next = collect(DAY);
    assertEquals("ok", next.status(), next.message());
    assertTrue(f.landedFiles().containsKey(FOLDER + "prices_page0002.json"));
    assertNull(api.calls("/v1/prices").get(api.calls("/v1/prices").size() - 1).query().get("created[gte]"),
        "the failed type's cursor did not move");
  }

  private static JsonNode event(String id, long created, String type, JsonNode object) {
    ObjectNode e = JSON.createObjectNode();
    e.put("id", id);
    e.put("object", "event");
    e.put("created", created);
    e.put("type", type);
    e.putObject("data").set("object", object);
    return e;
  }
}
