package io.osswarehouse.generate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the vendor sells: products, per-currency prices, coupons and VAT rates. Prices are set per
 * currency (not converted) as real price books are, and every KWD amount is a multiple of 10 minor
 * units because Stripe only charges whole fils-tens in three-decimal currencies.
 */
final class Catalog {
  /** The sellable plans; ADDON is a flat-priced second product, SETUP and TRAINING are one-time. */
  enum Tier {
    TEAM("Team"), BUSINESS("Business"), ADDON("Priority Support"), SETUP("Onboarding setup fee"),
    TRAINING("Training workshop");

    final String label;

    Tier(String label) {
      this.label = label;
    }
  }

  /** Billing cadences; Stripe is sold monthly, quarterly and yearly, the other system also weekly. */
  enum Cadence {
    MONTHLY("month", 1), QUARTERLY("month", 3), ANNUAL("year", 1), WEEKLY("week", 1);

    final String interval;
    final int count;

    Cadence(String interval, int count) {
      this.interval = interval;
      this.count = count;
    }
  }

  record Product(String id, String name, Instant created) {}

  /** A price; {@code cadence} is null for one-time prices. For the CSV system id is the plan_id. */
  record Price(String id, Product product, Tier tier, String currency, long unitAmount, Cadence cadence,
      Instant created) {
    boolean recurring() {
      return cadence != null;
    }

    String interval() {
      return cadence.interval;
    }

    int intervalCount() {
      return cadence.count;
    }

    /** Calendar months per billing period (Stripe renewals are month arithmetic on the anchor). */
    int intervalMonths() {
      return cadence.interval.equals("year") ? 12 * cadence.count : cadence.count;
    }
  }

  /** A percent-off coupon; {@code durationInMonths} null means forever. */
  record Coupon(String id, String name, BigDecimal percentOff, Integer durationInMonths, Instant created) {}

  record TaxRate(String id, String country, BigDecimal percent) {}

  /** Minor units per seat (TEAM, BUSINESS) or per subscription (ADDON), by cadence, and one-time fees. */
  private static final Map<String, long[]> TEAM = Map.of(
      "USD", new long[] {1500, 4200, 15000, 350}, "EUR", new long[] {1400, 3900, 14000, 330},
      "GBP", new long[] {1200, 3400, 12000, 280}, "JPY", new long[] {2200, 6000, 22000, 500},
      "KWD", new long[] {5000, 14000, 50000, 1200});
  private static final Map<String, long[]> BUSINESS = Map.of(
      "USD", new long[] {4000, 11400, 40000, 950}, "EUR", new long[] {3700, 10500, 37000, 880},
      "GBP", new long[] {3200, 9000, 32000, 750}, "JPY", new long[] {6000, 17000, 60000, 1400},
      "KWD", new long[] {12000, 34000, 120000, 2800});
  private static final Map<String, long[]> ADDON = Map.of(
      "USD", new long[] {19900, 54900, 199000}, "EUR", new long[] {18500, 51000, 185000},
      "GBP", new long[] {15900, 44000, 159000}, "JPY", new long[] {30000, 84000, 300000},
      "KWD", new long[] {60000, 170000, 600000});
  /** {setup fee, training workshop}. */
  private static final Map<String, long[]> ONE_TIME = Map.of(
      "USD", new long[] {50000, 150000}, "EUR", new long[] {45000, 140000}, "GBP", new long[] {40000, 120000},
      "JPY", new long[] {75000, 220000}, "KWD", new long[] {150000, 450000});
  static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP", "JPY", "KWD");
  /** Standard VAT / consumption-tax rates, charged exclusive of the price. */
  private static final Map<String, String> VAT = Map.of("DE", "19", "FR", "20", "NL", "21", "ES", "21",
      "GB", "20", "JP", "10");

  private final Map<Tier, Product> products = new EnumMap<>(Tier.class);
  private final Map<String, Price> prices = new LinkedHashMap<>();
  private final List<Coupon> coupons = new ArrayList<>();
  private final Map<String, TaxRate> taxRates = new LinkedHashMap<>();

  /** The catalog as it exists from {@code created} on (the first second of the world). */
  Catalog(long seed, Instant created) {
    Ids ids = new Ids(seed, 0, 0);
    for (Tier tier : Tier.values()) {
      products.put(tier, new Product(ids.next("prod"), tier.label, created));
    }
    for (String currency : CURRENCIES) {
      for (Tier tier : List.of(Tier.TEAM, Tier.BUSINESS, Tier.ADDON)) {
        for (Cadence cadence : List.of(Cadence.MONTHLY, Cadence.QUARTERLY, Cadence.ANNUAL)) {
          long unitAmount = amounts(tier, currency)[cadence.ordinal()];
          add(new Price(ids.next("price"), products.get(tier), tier, currency, unitAmount, cadence, created));
        }
      }
      add(new Price(ids.next("price"), products.get(Tier.SETUP), Tier.SETUP, currency, ONE_TIME.get(currency)[0],
          null, created));
      add(new Price(ids.next("price"), products.get(Tier.TRAINING), Tier.TRAINING, currency,
          ONE_TIME.get(currency)[1], null, created));
    }
    coupons.add(new Coupon("PARTNER20", "Partner 20% off", new BigDecimal("20"), null, created));
    coupons.add(new Coupon("NONPROFIT10", "Non-profit 10% off", new BigDecimal("10"), null, created));
    coupons.add(new Coupon("WELCOME25", "Welcome 25% off for 3 months", new BigDecimal("25"), 3, created));
    coupons.add(new Coupon("HALFOFF2", "50% off for 2 months", new BigDecimal("50"), 2, created));
    VAT.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        taxRates.put(e.getKey(), new TaxRate("txr_vat_" + e.getKey().toLowerCase(Locale.ROOT), e.getKey(),
            new BigDecimal(e.getValue()))));
  }

  private static long[] amounts(Tier tier, String currency) {
    return switch (tier) {
      case TEAM -> TEAM.get(currency);
      case BUSINESS -> BUSINESS.get(currency);
      case ADDON -> ADDON.get(currency);
      default -> throw new IllegalArgumentException(tier + " is one-time");
    };
  }

  private void add(Price p) {
    prices.put(key(p.tier(), p.currency(), p.cadence()), p);
  }

  private static String key(Tier tier, String currency, Cadence cadence) {
    return tier + "/" + currency + "/" + cadence;
  }

  Price price(Tier tier, String currency, Cadence cadence) {
    Price p = prices.get(key(tier, currency, cadence));
    if (p == null) {
      throw new IllegalArgumentException("no price for " + key(tier, currency, cadence));
    }
    return p;
  }

  /** Per-seat amount per interval for the other billing system, which also sells weekly plans. */
  static long unitAmount(Tier tier, String currency, Cadence cadence) {
    return amounts(tier, currency)[cadence.ordinal()];
  }

  List<Product> products() {
    return List.copyOf(products.values());
  }

  List<Price> prices() {
    return List.copyOf(prices.values());
  }

  List<Coupon> coupons() {
    return List.copyOf(coupons);
  }

  Optional<TaxRate> taxRate(String country) {
    return Optional.ofNullable(taxRates.get(country));
  }
}
