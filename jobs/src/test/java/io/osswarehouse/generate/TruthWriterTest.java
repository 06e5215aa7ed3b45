package io.osswarehouse.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osswarehouse.generate.Catalog.Cadence;
import io.osswarehouse.generate.Catalog.Price;
import io.osswarehouse.generate.Catalog.Tier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The truth computation on hand-built segments whose MRR can be checked on paper. */
class TruthWriterTest {
  private static final FxRates USD_ONLY = new FxRates("USD", new TreeMap<>());

  @Test
  void annualPlanIsSpreadOverTwelveMonths() {
    // 1200.00 USD a year from 10 Jan 2024: counted at the snapshots 1 Feb 2024 .. 1 Jan 2025.
    ServiceSegment annual = segment("USD", 120_000, Cadence.ANNUAL, 1, "2024-01-10", "2025-01-10", null);
    List<TruthWriter.Row> rows = TruthWriter.monthlyMrr(List.of(annual), USD_ONLY, day("2024-01-01"),
        day("2025-03-31"));
    assertEquals(12, rows.size());
    assertEquals("2024-01", rows.get(0).month().toString());
    assertEquals("2024-12", rows.get(11).month().toString());
    rows.forEach(r -> assertEquals("cus_a,%s,100.00,100.00".formatted(r.month()), r.csv()));
  }

  @Test
  void midMonthUpgradeCountsAtTheNewQuantity() {
    // 10.00 per seat and month; 2 seats until 15 March, then 5 seats for the rest of the period.
    List<ServiceSegment> segments = List.of(
        segment("USD", 1_000, Cadence.MONTHLY, 2, "2024-03-01", "2024-03-15", null),
        segment("USD", 1_000, Cadence.MONTHLY, 5, "2024-03-15", "2024-04-01", null));
    List<TruthWriter.Row> rows = TruthWriter.monthlyMrr(segments, USD_ONLY, day("2024-03-01"), day("2024-06-30"));
    assertEquals(List.of("cus_a,2024-03,50.00,50.00"), rows.stream().map(TruthWriter.Row::csv).toList());
  }

  @Test
  void couponLowersMrrButNotContractMrr() {
    // 5 seats × 20.00 with 20% off forever.
    ServiceSegment s = segment("USD", 2_000, Cadence.MONTHLY, 5, "2024-01-05", "2024-02-05", new BigDecimal("20"));
    List<TruthWriter.Row> rows = TruthWriter.monthlyMrr(List.of(s), USD_ONLY, day("2024-01-01"), day("2024-12-31"));
    assertEquals(List.of("cus_a,2024-01,80.00,100.00"), rows.stream().map(TruthWriter.Row::csv).toList());
  }

  @Test
  void foreignCurrencyUsesTheRateOfTheSnapshotDate() {
    NavigableMap<LocalDate, BigDecimal> eur = new TreeMap<>();
    eur.put(day("2024-01-31"), new BigDecimal("1.100000"));
    eur.put(day("2024-02-15"), new BigDecimal("1.200000"));
    eur.put(day("2024-02-25"), new BigDecimal("9.000000")); // after the run date: never used
    TreeMap<String, NavigableMap<LocalDate, BigDecimal>> rates = new TreeMap<>();
    rates.put("EUR", eur);
    // 100.00 EUR a month; the run ends 20 Feb, so February is snapshot at the start of 21 Feb.
    ServiceSegment s = segment("EUR", 10_000, Cadence.MONTHLY, 1, "2024-01-20", "2024-02-21", null);
    List<TruthWriter.Row> rows = TruthWriter.monthlyMrr(List.of(s), new FxRates("USD", rates), day("2024-01-01"),
        day("2024-02-20"));
    assertEquals(List.of("cus_a,2024-01,110.00,110.00", "cus_a,2024-02,120.00,120.00"),
        rows.stream().map(TruthWriter.Row::csv).toList());
  }

  @Test
  void minorUnitsAndIntervalsFollowTheCurrencyAndCadence() {
    TreeMap<String, NavigableMap<LocalDate, BigDecimal>> rates = new TreeMap<>();
    rates.put("JPY", new TreeMap<>(Map.of(day("2024-01-01"), new BigDecimal("0.006800"))));
    rates.put("KWD", new TreeMap<>(Map.of(day("2024-01-01"), new BigDecimal("3.250000"))));
    FxRates fx = new FxRates("USD", rates);
    LocalDate from = day("2024-01-01");
    LocalDate to = day("2024-01-31");
    // ¥15000 a month (zero decimals) = 102.00 USD.
    assertEquals("102.00", only(TruthWriter.monthlyMrr(List.of(
        segment("JPY", 15_000, Cadence.MONTHLY, 1, "2024-01-02", "2024-02-02", null)), fx, from, to)).mrr()
        .toPlainString());
    // 15.000 KWD a quarter (three decimals) = 5.000 KWD a month = 16.25 USD.
    assertEquals("16.25", only(TruthWriter.monthlyMrr(List.of(
        segment("KWD", 15_000, Cadence.QUARTERLY, 1, "2024-01-02", "2024-04-02", null)), fx, from, to)).mrr()
        .toPlainString());
    // 100.00 USD a week = 100 × 52 / 12 = 433.33 USD a month.
    assertEquals("433.33", only(TruthWriter.monthlyMrr(List.of(
        segment("USD", 10_000, Cadence.WEEKLY, 1, "2024-01-02", null, null)), fx, from, to)).mrr().toPlainString());
  }

  @Test
  void trialsAndEndedSegmentsAreNotRevenue() {
    ServiceSegment s = segment("USD", 1_000, Cadence.MONTHLY, 3, "2024-01-10", "2024-01-24", null);
    ServiceSegment trial = new ServiceSegment("cus_t", "sub_t", "si_t", s.price(), 3, s.start(), s.end(), null, true,
        s.start(), s.end());
    ServiceSegment endsAtSnapshot = segment("USD", 1_000, Cadence.MONTHLY, 1, "2024-01-10", "2024-02-01", null);
    List<TruthWriter.Row> rows = TruthWriter.monthlyMrr(List.of(trial, s, endsAtSnapshot), USD_ONLY, day("2024-01-01"),
        day("2024-03-31"));
    // Only the segment whose exclusive end equals the snapshot (1 Feb) still counts for January.
    assertEquals(List.of("cus_a,2024-01,10.00,10.00"), rows.stream().map(TruthWriter.Row::csv).toList());
    assertTrue(TruthWriter.monthlyMrr(List.of(trial), USD_ONLY, day("2024-01-01"), day("2024-03-31")).isEmpty());
  }

  private static TruthWriter.Row only(List<TruthWriter.Row> rows) {
    assertEquals(1, rows.size(), rows::toString);
    return rows.get(0);
  }

  static ServiceSegment segment(String currency, long unitAmount, Cadence cadence, long quantity, String start,
      String end, BigDecimal percentOff) {
    Price price = new Price("price_" + currency, null, Tier.TEAM, currency, unitAmount, cadence, null);
    return ServiceSegment.of("cus_a", "sub_a", price, quantity, instant(start), end == null ? null : instant(end),
        percentOff);
  }

  static Instant instant(String day) {
    return day(day).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  static LocalDate day(String day) {
    return LocalDate.parse(day);
  }
}
