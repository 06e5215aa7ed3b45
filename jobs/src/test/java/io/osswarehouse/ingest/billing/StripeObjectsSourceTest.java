package io.osswarehouse.ingest.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osswarehouse.ingest.ParsedFile;
import io.osswarehouse.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How Stripe export files are split into records, on the real fixtures of both API eras. */
class StripeObjectsSourceTest {
  private final StripeObjectsSource source = new StripeObjectsSource();

  private ParsedFile parse(String text) {
    return source.parse("t.json", text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"billing/stripe_api_fixtures3_current", "billing/stripe_djstripe_older_api"})
  void everyRealFixtureLoadsWithItsTypeAndId(String folder) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(Samples.dir(folder))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    }
    assertTrue(files.size() >= 10);
    for (Path f : files) {
      ParsedFile parsed = source.parse(f.getFileName().toString(), Files.readAllBytes(f));
      assertEquals(List.of(), parsed.rejections(), f.toString());
      assertTrue(parsed.records().size() >= 1, f.toString());
      for (ParsedFile.Record r : parsed.records()) {
        assertTrue(((String) r.values()[1]).length() > 0, "object_id in " + f);
      }
    }
  }

  @Test
  void currentInvoiceFixtureKeepsTypeIdAndCreated() {
    ParsedFile parsed = source.parse("invoice.json", Samples.bytes("billing/stripe_api_fixtures3_current/invoice.json"));
    Object[] v = parsed.records().get(0).values();
    assertEquals("invoice", v[0]);
    assertEquals("in_1Pgc6tB7WZ01zgkWu9fdqL6I", v[1]);
    assertEquals(1234567890L, ((java.sql.Timestamp) v[2]).toInstant().getEpochSecond());
  }

  @Test
  void listEnvelopeYieldsItsElements() {
    ParsedFile parsed = source.parse("usage.json",
        Samples.bytes("billing/stripe_djstripe_older_api/usage_record_summary_sis_fakefakefakefakefake0001.json"));
    assertEquals(2, parsed.records().size());
    assertEquals("usage_record_summary", parsed.records().get(0).values()[0]);
  }

  @Test
  void jsonArrayYieldsEachObjectWithItsPosition() {
    ParsedFile parsed = parse("[{\"id\":\"cus_1\",\"object\":\"customer\"},{\"id\":\"cus_2\",\"object\":\"customer\"}]");
    assertEquals(2, parsed.records().size());
    assertEquals(2L, parsed.records().get(1).position());
  }

  @Test
  void brokenNdjsonLineIsQuarantinedAndTheRestLoads() {
    ParsedFile parsed = parse("{\"id\":\"cus_1\",\"object\":\"customer\",\"created\":1700000000}\n"
        + "{\"id\":\"cus_2\",\"object\":\n"
        + "\n"
        + "{\"id\":\"cus_3\",\"object\":\"customer\"}\n");
    assertEquals(2, parsed.records().size());
    assertEquals(1, parsed.rejections().size());
    ParsedFile.Rejection r = parsed.rejections().get(0);
    assertEquals(2L, r.position());
    assertEquals("{\"id\":\"cus_2\",\"object\":", r.rawRecord());
    assertTrue(r.reason().startsWith("invalid JSON"), r.reason());
    assertEquals(3, parsed.recordsRead());
  }

  @Test
  void recordsWithoutTheFieldsMrrNeedsAreRejectedWithAReason() {
    ParsedFile parsed = parse(String.join("\n",
        "{\"object\":\"customer\"}",
        "{\"id\":\"in_1\",\"object\":\"invoice\",\"customer\":\"cus_1\",\"currency\":\"usd\",\"status\":\"paid\","
            + "\"lines\":{\"data\":[{\"id\":\"il_1\",\"amount\":\"12.00\",\"period\":{\"start\":1,\"end\":2}}]}}",
        "{\"id\":\"in_2\",\"object\":\"invoice\",\"customer\":\"cus_1\",\"currency\":\"usd\",\"status\":\"paid\","
            + "\"lines\":{\"data\":[],\"has_more\":true}}",
        "{\"id\":\"price_1\",\"object\":\"price\",\"currency\":\"dollars\"}",
        "{\"id\":\"sub_1\",\"object\":\"subscription\",\"created\":\"yesterday\"}"));
    assertEquals(0, parsed.records().size());
    List<String> reasons = parsed.rejections().stream().map(ParsedFile.Rejection::reason).collect(Collectors.toList());
    assertEquals(List.of(
        "missing 'id'",
        "invoice line 0 'amount' is not an integer amount in minor units: \"12.00\"",
        "invoice lines are paginated (has_more=true): export with all lines expanded",
        "price has no valid 'currency': 'dollars'",
        "'created' is not a unix timestamp: \"yesterday\""), reasons);
  }

  @Test
  void unknownObjectTypesAreKeptForLaterModels() {
    ParsedFile parsed = parse("{\"id\":\"evt_1\",\"object\":\"event\",\"created\":1}");
    assertEquals("event", parsed.records().get(0).values()[0]);
    assertNull(StripeValidation.problem(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        .put("id", "x").put("object", "tax_rate")));
  }
}
