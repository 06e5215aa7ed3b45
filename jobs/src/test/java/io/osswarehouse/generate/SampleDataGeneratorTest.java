package io.osswarehouse.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.osswarehouse.common.Currencies;
import io.osswarehouse.generate.GeneratedLanding.StripeObject;
import io.osswarehouse.metrics.MrrMath;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specification of the generated landing zone: formats, invariants and the lifecycle events it must contain. */
class SampleDataGeneratorTest {
  /** Two years, enough organisations for every lifecycle event to occur. */
  static final LocalDate START = LocalDate.of(2024, 1, 1);
  static final LocalDate END = LocalDate.of(2025, 12, 31);
  /** A small world straddling the 2025-03-31 Stripe API change, ending mid-year. */
  static final LocalDate SMALL_START = LocalDate.of(2024, 10, 1);
  static final LocalDate SMALL_END = LocalDate.of(2025, 9, 30);

  static GeneratedLanding world;
  static GenerationSummary worldSummary;
  static GeneratedLanding small;
  static GenerationSummary smallSummary;

  @BeforeAll
  static void generate(@TempDir Path dir) throws IOException {
    worldSummary = SampleDataGenerator.generate(dir.resolve("world"), 42, 800, START, END, "USD");
    world = GeneratedLanding.read(dir.resolve("world"));
    smallSummary = SampleDataGenerator.generate(dir.resolve("small"), 7, 120, SMALL_START, SMALL_END, "USD");
    small = GeneratedLanding.read(dir.resolve("small"));
  }

  @Test
  void sameArgumentsProduceIdenticalBytes(@TempDir Path a, @TempDir Path b) throws IOException {
    SampleDataGenerator.generate(a, 99, 300, SMALL_START, SMALL_END, "USD");
    SampleDataGenerator.generate(b, 99, 300, SMALL_START, SMALL_END, "USD");
    GeneratedLanding first = GeneratedLanding.read(a);
    GeneratedLanding second = GeneratedLanding.read(b);
    assertEquals(first.files.keySet(), second.files.keySet());
    first.files.forEach((path, bytes) -> assertArrayEquals(bytes, second.files.get(path), path));
  }

  @Test
  void anotherSeedIsAnotherWorld(@TempDir Path a) throws IOException {
    SampleDataGenerator.generate(a, 8, 120, SMALL_START, SMALL_END, "USD");
    assertFalse(Arrays.equals(small.files.get("_truth/organizations.csv"),
        GeneratedLanding.read(a).files.get("_truth/organizations.csv")));
  }

  @Test
  void smallWorldHasPayingCustomersInBothSources() throws IOException {
    assertEquals(120, smallSummary.organizations());
    assertTrue(smallSummary.stripeCustomers() > 0 && smallSummary.otherBillingCustomers() > 0, smallSummary::toString);
    Set<String> withMrr = new HashSet<>();
    small.truthMrr().forEach(r -> withMrr.add(r.get("customer_id").substring(0, 4)));
    assertEquals(Set.of("cus_", "ocus"), withMrr);
    assertEquals(smallSummary.filesWritten(), small.files.size());
  }

  @Test
  void bothStripeApiShapesAppearAroundTheBasilRelease() throws IOException {
    Instant basil = Instant.parse("2025-03-31T00:00:00Z");
    Map<Boolean, Integer> shapes = new HashMap<>(); // key: object created before basil
    for (StripeObject o : small.stripe("subscriptions")) {
      JsonNode s = o.json();
      boolean old = created(s).isBefore(basil);
      JsonNode item = s.get("items").get("data").get(0);
      assertEquals(old, s.has("current_period_start"), s::toString);
      assertEquals(!old, item.has("current_period_start"), s::toString);
      assertEquals(old, s.has("plan") && s.has("quantity") && s.has("discount"), s::toString);
      assertEquals(!old, s.has("discounts"), s::toString);
      shapes.merge(old, 1, Integer::sum);
    }
    assertEquals(2, shapes.size(), "subscriptions in both shapes: " + shapes);
    shapes.clear();
    for (StripeObject o : small.stripe("invoices")) {
      JsonNode inv = o.json();
      boolean old = created(inv).isBefore(basil);
      assertEquals(old, inv.has("subscription"), inv::toString);
      assertEquals(!old, inv.has("parent") && inv.has("total_taxes"), inv::toString);
      for (JsonNode line : inv.get("lines").get("data")) {
        assertEquals("line_item", line.get("object").asText());
        assertEquals(old, line.has("price") && line.has("type") && line.has("proration") && line.has("tax_amounts"));
        assertEquals(!old, line.has("pricing") && line.has("parent") && line.has("taxes"));
      }
      shapes.merge(old, 1, Integer::sum);
    }
    assertEquals(2, shapes.size(), "invoices in both shapes: " + shapes);
    for (StripeObject o : world.stripe("discounts")) {
      boolean old = Instant.ofEpochSecond(o.json().get("start").asLong()).isBefore(basil);
      assertEquals(old, o.json().path("coupon").isObject());
      assertEquals(!old, o.json().path("source").path("coupon").isTextual());
    }
    assertFalse(small.stripe("plans").isEmpty(), "the old era also exports plan objects");
  }

  @Test
  void everyObjectLandsInTheMonthFileOfItsDate() throws IOException {
    for (String plural : List.of("customers", "products", "prices", "plans", "coupons", "discounts", "subscriptions",
        "invoices", "credit_notes", "refunds")) {
      List<StripeObject> objects = world.stripe(plural);
      assertFalse(objects.isEmpty(), plural);
      for (StripeObject o : objects) {
        assertTrue(o.json().get("id").isTextual() && o.json().get("object").isTextual());
        JsonNode dated = plural.equals("discounts") ? o.json().get("start") : o.json().get("created");
        String month = YearMonth.from(Instant.ofEpochSecond(dated.asLong()).atZone(ZoneOffset.UTC)).toString();
        if (plural.equals("subscriptions")) { // re-emitted snapshots land in the month of the change
          assertTrue(o.month().compareTo(month) >= 0, o.json()::toString);
        } else {
          assertEquals(month, o.month(), o.json()::toString);
        }
      }
    }
  }

  @Test
  void invoiceLinesAddUpToTheInvoice() throws IOException {
    for (StripeObject o : world.stripe("invoices")) {
      JsonNode inv = o.json();
      long sum = 0;
      long discounts = 0;
      long tax = 0;
      for (JsonNode line : inv.get("lines").get("data")) {
        long amount = line.get("amount").asLong();
        sum += amount;
        for (JsonNode d : line.get("discount_amounts")) {
          discounts += Long.signum(amount) * d.get("amount").asLong();
        }
        for (JsonNode t : line.has("taxes") ? line.get("taxes") : line.get("tax_amounts")) {
          tax += t.get("amount").asLong();
        }
      }
      assertEquals(inv.get("subtotal").asLong(), sum, inv::toString);
      assertEquals(inv.get("total").asLong(), sum - discounts + tax, inv::toString);
      assertEquals(Math.max(0, inv.get("total").asLong()), inv.get("amount_due").asLong(), inv::toString);
    }
  }

  @Test
  void zeroAndThreeDecimalCurrenciesKeepTheirMinorUnits() throws IOException {
    Set<String> seen = new HashSet<>();
    for (String plural : List.of("prices", "invoices", "credit_notes", "refunds")) {
      for (StripeObject o : world.stripe(plural)) {
        if (o.json().get("currency").asText().equals("kwd")) {
          seen.add("stripe-kwd");
          forEachAmount(o.json(), (field, v) -> assertEquals(0, v % 10, field + " in " + o.json()));
        }
      }
    }
    for (CSVRecord r : world.csv("billing/subscription_periods")) {
      String amount = r.get("amount");
      switch (r.get("currency")) {
        case "JPY" -> {
          seen.add("csv-jpy");
          assertTrue(amount.matches("\\d+"), amount);
        }
        case "KWD" -> {
          seen.add("csv-kwd");
          assertTrue(amount.matches("\\d+\\.\\d{3}"), amount);
          assertEquals(0, Currencies.toMinor(new BigDecimal(amount), "KWD") % 10, amount);
        }
        default -> assertTrue(amount.matches("\\d+\\.\\d{2}"), amount);
      }
    }
    boolean stripeJpy = world.stripe("invoices").stream()
        .anyMatch(o -> o.json().get("currency").asText().equals("jpy"));
    assertTrue(stripeJpy && seen.containsAll(Set.of("stripe-kwd", "csv-jpy")), "world lacks JPY/KWD: " + seen);
  }

  @Test
  void nothingIsDatedAfterTheEnd() throws IOException {
    long last = END.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - 1;
    Set<String> dateFields = Set.of("created", "start", "start_date", "current_period_start", "period_start",
        "canceled_at", "ended_at", "trial_start", "finalized_at", "paid_at", "voided_at", "effective_at");
    Set<String> plurals = new TreeSet<>();
    for (String path : world.files.keySet()) {
      String[] parts = path.split("/");
      if (path.startsWith("billing/stripe/")) {
        assertTrue(parts[2].compareTo("2025-12") <= 0, path);
        plurals.add(parts[3].replace(".jsonl", ""));
      }
    }
    for (String plural : plurals) {
      for (StripeObject o : world.stripe(plural)) {
        forEachField(o.json(), (field, value) -> {
          if (dateFields.contains(field) && !value.isNull()) {
            assertTrue(value.asLong() <= last, field + " after the end in " + o.json());
          }
        });
      }
    }
    for (CSVRecord r : world.csv("billing/subscription_periods")) {
      assertFalse(LocalDate.parse(r.get("start_date")).isAfter(END), r::toString);
      assertTrue(r.get("end_date").isEmpty() || !LocalDate.parse(r.get("end_date")).isAfter(END), r::toString);
    }
    for (CSVRecord r : world.csv("billing/fx_rates")) {
      assertFalse(LocalDate.parse(r.get("date")).isAfter(END), r::toString);
    }
    world.truthMrr().forEach(r -> assertTrue(r.get("month").compareTo("2025-12") <= 0));
  }

  @Test
  void truthCoversBothSourcesAndForeignCurrencies() throws IOException {
    Map<String, String> currencyByCustomer = new HashMap<>();
    for (CSVRecord org : world.organizations()) {
      if (!org.get("customer_id").isEmpty()) {
        currencyByCustomer.put(org.get("customer_id"), org.get("currency"));
        assertEquals(org.get("billing_source").equals("stripe") ? "cus_" : "ocus_",
            org.get("customer_id").substring(0, org.get("billing_source").equals("stripe") ? 4 : 5));
      }
    }
    Set<String> kinds = new HashSet<>();
    for (CSVRecord r : world.truthMrr()) {
      assertTrue(r.get("mrr").matches("-?\\d+\\.\\d{2}") && r.get("contract_mrr").matches("-?\\d+\\.\\d{2}"));
      assertTrue(new BigDecimal(r.get("mrr")).compareTo(new BigDecimal(r.get("contract_mrr"))) <= 0, r::toString);
      String currency = currencyByCustomer.get(r.get("customer_id"));
      kinds.add(r.get("customer_id").startsWith("cus_") ? "stripe" : "other");
      kinds.add(currency.equals("USD") ? "usd" : "foreign");
    }
    assertEquals(Set.of("stripe", "other", "usd", "foreign"), kinds);
    assertTrue(world.truthMrr().stream().anyMatch(r -> !r.get("mrr").equals(r.get("contract_mrr"))),
        "some coupon makes mrr lower than contract_mrr");
    assertEquals(List.of("EUR", "GBP", "JPY", "KWD", "USD"), worldSummary.currencies());
  }

  @Test
  void lifecycleEventsAllHappen() throws IOException {
    List<JsonNode> invoices = world.stripe("invoices").stream().map(StripeObject::json).toList();
    assertTrue(invoices.stream().anyMatch(SampleDataGeneratorTest::isProrationPair), "a prorated mid-period change");
    assertTrue(invoices.stream().anyMatch(i -> i.get("billing_reason").asText().equals("manual")
        && GeneratedLanding.subscriptionOf(i) == null), "a manual one-off invoice");

    List<JsonNode> voided = invoices.stream().filter(i -> i.get("status").asText().equals("void")).toList();
    assertFalse(voided.isEmpty(), "a voided invoice");
    for (JsonNode v : voided) {
      assertEquals(0, v.get("amount_paid").asLong());
      assertTrue(invoices.stream().anyMatch(i -> i.get("status").asText().equals("paid")
          && i.get("customer").equals(v.get("customer")) && i.get("subtotal").equals(v.get("subtotal"))
          && i.get("created").asLong() > v.get("status_transitions").get("voided_at").asLong()), "re-issued " + v);
    }

    Map<String, JsonNode> subscriptions = world.latest("subscriptions");
    Map<String, List<JsonNode>> byCustomer = new TreeMap<>();
    subscriptions.values().forEach(s -> byCustomer.computeIfAbsent(s.get("customer").asText(), c -> new ArrayList<>())
        .add(s));
    assertTrue(byCustomer.values().stream().anyMatch(subs -> subs.stream().anyMatch(a -> !a.get("ended_at").isNull()
        && subs.stream().anyMatch(b -> b.get("created").asLong() > a.get("ended_at").asLong()))),
        "a customer who came back with a new subscription after churning");
    assertTrue(subscriptions.values().stream().anyMatch(s -> s.get("cancel_at_period_end").asBoolean()
        && !s.get("ended_at").isNull()), "a churn at period end");

    Set<String> payingCustomers = new HashSet<>();
    world.truthMrr().forEach(r -> payingCustomers.add(r.get("customer_id")));
    List<JsonNode> lapsedTrials = subscriptions.values().stream()
        .filter(s -> s.get("status").asText().equals("canceled") && !s.get("trial_end").isNull()
            && s.get("ended_at").equals(s.get("trial_end"))).toList();
    assertFalse(lapsedTrials.isEmpty(), "a trial that never converted");
    for (JsonNode trial : lapsedTrials) {
      List<JsonNode> its = invoices.stream()
          .filter(i -> trial.get("id").asText().equals(GeneratedLanding.subscriptionOf(i))).toList();
      assertEquals(1, its.size(), "one trial invoice for " + trial.get("id"));
      assertEquals(0, its.get(0).get("total").asLong());
      assertFalse(payingCustomers.contains(trial.get("customer").asText()), "never any MRR");
    }
    assertFalse(world.stripe("credit_notes").isEmpty() || world.stripe("refunds").isEmpty(), "refunds");

    List<CSVRecord> periods = world.csv("billing/subscription_periods");
    assertTrue(periods.stream().anyMatch(a -> periods.stream().anyMatch(b -> a.get("subscription_id")
        .equals(b.get("subscription_id")) && a.get("end_date").equals(b.get("start_date")))), "a CSV plan change");
    assertTrue(periods.stream().anyMatch(a -> !a.get("end_date").isEmpty() && periods.stream().anyMatch(b ->
        a.get("customer_id").equals(b.get("customer_id")) && !a.get("subscription_id").equals(b.get("subscription_id"))
            && b.get("start_date").compareTo(a.get("end_date")) > 0)), "a CSV reactivation");
    Set<String> intervals = new HashSet<>();
    periods.forEach(r -> intervals.add(r.get("billing_interval") + "x" + r.get("interval_count")));
    assertTrue(intervals.containsAll(Set.of("weekx1", "monthx1", "monthx3", "yearx1")), intervals::toString);
  }

  /** Re-derives MRR of the other billing system from its CSVs (upsert, last file wins) and compares to the truth. */
  @Test
  void subscriptionPeriodCsvsReproduceTheTruth() throws IOException {
    Map<String, CSVRecord> upserted = new TreeMap<>();
    world.csv("billing/subscription_periods")
        .forEach(r -> upserted.put(r.get("subscription_id") + "|" + r.get("start_date"), r));
    Map<String, TreeMap<LocalDate, BigDecimal>> fx = new HashMap<>();
    world.csv("billing/fx_rates").forEach(r -> fx.computeIfAbsent(r.get("currency"), c -> new TreeMap<>())
        .put(LocalDate.parse(r.get("date")), new BigDecimal(r.get("rate"))));
    Map<String, BigDecimal> expected = new TreeMap<>();
    for (YearMonth m = YearMonth.from(START); !m.isAfter(YearMonth.from(END)); m = m.plusMonths(1)) {
      LocalDate exclusive = MrrMath.snapshotExclusive(m, END);
      Map<String, BigDecimal> sums = new TreeMap<>();
      for (CSVRecord r : upserted.values()) {
        String endDate = r.get("end_date");
        if (LocalDate.parse(r.get("start_date")).isBefore(exclusive)
            && (endDate.isEmpty() || !exclusive.isAfter(LocalDate.parse(endDate)))) {
          BigDecimal rate = r.get("currency").equals("USD") ? BigDecimal.ONE
              : fx.get(r.get("currency")).floorEntry(MrrMath.snapshotDate(m, END)).getValue();
          BigDecimal monthly = MrrMath.monthlyAmount(new BigDecimal(r.get("amount")), r.get("billing_interval"),
              Integer.parseInt(r.get("interval_count")));
          sums.merge(r.get("customer_id"), MrrMath.convert(monthly, rate), BigDecimal::add);
        }
      }
      for (Map.Entry<String, BigDecimal> e : sums.entrySet()) {
        expected.put(e.getKey() + "," + m, MrrMath.report(e.getValue()));
      }
    }
    Map<String, BigDecimal> truth = new TreeMap<>();
    world.truthMrr().stream().filter(r -> r.get("customer_id").startsWith("ocus_"))
        .forEach(r -> truth.put(r.get("customer_id") + "," + r.get("month"), new BigDecimal(r.get("mrr"))));
    expected.values().removeIf(v -> v.signum() == 0);
    assertFalse(truth.isEmpty());
    Set<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(truth.keySet());
    List<String> disagreements = keys.stream().filter(k -> !Objects.equals(expected.get(k), truth.get(k)))
        .map(k -> k + ": csv " + expected.get(k) + " truth " + truth.get(k)).limit(10).toList();
    assertTrue(disagreements.isEmpty(), () -> "CSV periods disagree with the truth: " + disagreements);
  }

  @Test
  void fxRatesCoverEveryDayAndForeignCurrency() throws IOException {
    List<CSVRecord> rates = world.csv("billing/fx_rates");
    long days = START.datesUntil(END.plusDays(1)).count();
    assertEquals(days * 4, rates.size(), "EUR, GBP, JPY and KWD every day");
    for (CSVRecord r : rates) {
      assertTrue(r.get("rate").matches("\\d+\\.\\d{6}"), r::toString);
    }
    assertNotEquals(rates.get(0).get("rate"), rates.get(rates.size() - 4).get("rate"), "rates move");
  }

  static boolean isProrationPair(JsonNode invoice) {
    boolean credit = false;
    boolean charge = false;
    for (JsonNode line : invoice.get("lines").get("data")) {
      if (GeneratedLanding.isProration(line)) {
        credit |= line.get("amount").asLong() < 0;
        charge |= line.get("amount").asLong() > 0;
      }
    }
    return credit && charge && invoice.get("billing_reason").asText().equals("subscription_update");
  }

  private static Instant created(JsonNode o) {
    return Instant.ofEpochSecond(o.get("created").asLong());
  }

  private static final Set<String> TOTALS = Set.of("subtotal", "subtotal_excluding_tax", "total",
      "total_excluding_tax", "tax");

  /** Visits every integer money field (amount, amount_due, unit_amount, subtotal, total, tax, ...). */
  private static void forEachAmount(JsonNode node, BiConsumer<String, Long> check) {
    forEachField(node, (field, value) -> {
      if (value.isIntegralNumber() && (field.contains("amount") || TOTALS.contains(field))) {
        check.accept(field, value.asLong());
      }
    });
  }

  private static void forEachField(JsonNode node, BiConsumer<String, JsonNode> visit) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        visit.accept(e.getKey(), e.getValue());
        forEachField(e.getValue(), visit);
      });
    } else if (node.isArray()) {
      node.forEach(child -> forEachField(child, visit));
    }
  }
}
