package io.osswarehouse.generate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Daily exchange rates into the reporting currency (reporting units per one unit), as a mild
 * mean-reverting random walk around realistic levels. The rounded 6-decimal values are the ones both
 * written to the landing zone and used by the truth, so they cannot disagree.
 */
final class FxRates {
  /** Approximate USD value of one unit. */
  private static final Map<String, Double> USD_LEVEL = Map.of("USD", 1.0, "EUR", 1.08, "GBP", 1.27,
      "JPY", 0.0068, "KWD", 3.25);

  private final String reporting;
  private final NavigableMap<String, NavigableMap<LocalDate, BigDecimal>> rates;

  FxRates(String reporting, NavigableMap<String, NavigableMap<LocalDate, BigDecimal>> rates) {
    this.reporting = reporting;
    this.rates = rates;
  }

  /** Simulates one rate per day in [start, end] for each of {@code currencies} other than reporting. */
  static FxRates simulate(long seed, Collection<String> currencies, String reporting, LocalDate start,
      LocalDate end) {
    Map<String, NavigableMap<LocalDate, Double>> usd = new TreeMap<>();
    for (String c : currencies) {
      usd.put(c, walk(seed, c, start, end));
    }
    if (!usd.containsKey(reporting)) {
      usd.put(reporting, walk(seed, reporting, start, end));
    }
    NavigableMap<String, NavigableMap<LocalDate, BigDecimal>> out = new TreeMap<>();
    for (String c : currencies) {
      if (c.equals(reporting)) {
        continue;
      }
      NavigableMap<LocalDate, BigDecimal> series = new TreeMap<>();
      usd.get(c).forEach((day, v) -> series.put(day,
          BigDecimal.valueOf(v / usd.get(reporting).get(day)).setScale(6, RoundingMode.HALF_UP)));
      out.put(c, series);
    }
    return new FxRates(reporting, out);
  }

  /** USD per unit of {@code currency}: log-price random walk pulled back towards its usual level. */
  private static NavigableMap<LocalDate, Double> walk(long seed, String currency, LocalDate start, LocalDate end) {
    Double level = USD_LEVEL.get(currency);
    if (level == null) {
      throw new IllegalArgumentException("no exchange-rate model for " + currency);
    }
    NavigableMap<LocalDate, Double> series = new TreeMap<>();
    if (currency.equals("USD")) {
      start.datesUntil(end.plusDays(1)).forEach(d -> series.put(d, 1.0));
      return series;
    }
    SplittableRandom rnd = Seeds.stream(seed, 0, "fx/" + currency);
    double log = StrictMath.log(level);
    for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
      series.put(d, StrictMath.exp(log));
      log += 0.004 * Seeds.gaussian(rnd) - 0.02 * (log - StrictMath.log(level));
    }
    return series;
  }

  /** The latest rate on or before {@code date}; exactly 1 for the reporting currency. */
  BigDecimal rate(String currency, LocalDate date) {
    if (currency.equals(reporting)) {
      return BigDecimal.ONE;
    }
    NavigableMap<LocalDate, BigDecimal> series = rates.get(currency);
    Map.Entry<LocalDate, BigDecimal> e = series == null ? null : series.floorEntry(date);
    if (e == null) {
      throw new IllegalArgumentException("no " + currency + " rate on or before " + date);
    }
    return e.getValue();
  }

  String reporting() {
    return reporting;
  }

  /** Currency → date → rate, for the emitter. */
  NavigableMap<String, NavigableMap<LocalDate, BigDecimal>> series() {
    return rates;
  }
}
