package io.osswarehouse.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Changes (differences and growth rates) with gaps and non-positive levels, and CAGR. */
class GrowthTest {
  private static final LocalDate JAN_2020 = LocalDate.of(2020, 1, 1);

  private static Map<LocalDate, Double> monthly(double... values) {
    Map<LocalDate, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(JAN_2020.plusMonths(i), values[i]);
    }
    return m;
  }

  @Test
  void differencesAreKeyedByTheLaterPeriod() {
    Growth.Changes c = Growth.changes(TimeSeries.monthly("mrr", monthly(100, 120, 90)), Growth.Transform.DIFF);
    assertEquals(Map.of(JAN_2020.plusMonths(1), 20.0, JAN_2020.plusMonths(2), -30.0), c.values());
    assertEquals(0, c.brokenByGaps());
  }

  @Test
  void aMissingPeriodRemovesTheChangesIntoAndOutOfIt() {
    Map<LocalDate, Double> levels = monthly(10, 11, 12, 13, 14, 15, 16);
    levels.remove(JAN_2020.plusMonths(2)); // absent
    levels.put(JAN_2020.plusMonths(5), null); // present but null: the same as absent
    Growth.Changes c = Growth.changes(TimeSeries.monthly("downloads", levels), Growth.Transform.DIFF);

    // Of the six possible changes only Feb (11 − 10) and May (14 − 13) have both levels.
    assertEquals(Map.of(JAN_2020.plusMonths(1), 1.0, JAN_2020.plusMonths(4), 1.0), c.values());
    assertEquals(4, c.brokenByGaps());
    // Zero-filling would have invented a change of 13 − 0 in April; no such value exists.
    assertFalse(c.values().containsValue(13.0));
  }

  @Test
  void growthRatesAreUndefinedForLevelsAtOrBelowZero() {
    // New customers per month: a month with none is a real zero, not a gap.
    Growth.Changes logs = Growth.changes(TimeSeries.monthly("new_customers", monthly(4, 8, 0, 2, 4)),
        Growth.Transform.LOG_DIFF);
    assertEquals(2, logs.values().size());
    assertEquals(Math.log(2), logs.values().get(JAN_2020.plusMonths(1)), 1e-12);
    assertEquals(Math.log(2), logs.values().get(JAN_2020.plusMonths(4)), 1e-12);
    assertEquals(2, logs.undefinedLogs());
    assertEquals(0, logs.brokenByGaps());

    // The same series differenced keeps every change: zeros are fine for differences.
    Growth.Changes diffs = Growth.changes(TimeSeries.monthly("new_customers", monthly(4, 8, 0, 2, 4)),
        Growth.Transform.DIFF);
    assertEquals(4, diffs.values().size());
    assertEquals(0, diffs.undefinedLogs());
  }

  @Test
  void weeklySeriesStepByWeeksFromMonday() {
    LocalDate monday = LocalDate.of(2024, 12, 30);
    Map<LocalDate, Double> w = new HashMap<>();
    w.put(monday, 5.0);
    w.put(monday.plusWeeks(1), 7.0);
    w.put(monday.plusWeeks(3), 8.0);
    Growth.Changes c = Growth.changes(TimeSeries.weekly("stars", w), Growth.Transform.DIFF);
    assertEquals(Map.of(monday.plusWeeks(1), 2.0), c.values());
    assertEquals(2, c.brokenByGaps());
  }

  @Test
  void seriesRejectDatesThatAreNotPeriodStartsAndNonFiniteValues() {
    assertThrows(IllegalArgumentException.class,
        () -> TimeSeries.monthly("mrr", Map.of(LocalDate.of(2024, 1, 15), 1.0)));
    assertThrows(IllegalArgumentException.class,
        () -> TimeSeries.weekly("stars", Map.of(LocalDate.of(2024, 1, 2), 1.0))); // a Tuesday
    assertThrows(IllegalArgumentException.class,
        () -> TimeSeries.monthly("mrr", Map.of(JAN_2020, Double.NaN)));
  }

  @Test
  void cagrOfMongoDbDownloads_r17() {
    // metric-definitions.md R17: 30M downloads growing to 130M is a CAGR of 63.0 % over 3 years
    // and 44.3 % over 4 years ((130/30)^(1/3) − 1 = 0.6303; ^(1/4) − 1 = 0.4428).
    Map<LocalDate, Double> levels = new HashMap<>();
    levels.put(JAN_2020, 30e6);
    levels.put(JAN_2020.plusYears(1), 55e6); // in between: CAGR uses the endpoints only
    levels.put(JAN_2020.plusYears(3), 130e6);
    TimeSeries downloads = TimeSeries.monthly("downloads", levels);

    Growth.Cagr threeYears = Growth.cagr(downloads, JAN_2020, JAN_2020.plusYears(3));
    assertEquals(3.0, threeYears.years(), 1e-12);
    assertEquals(0.630, threeYears.cagr(), 5e-4);
    assertNull(threeYears.reason());

    levels.put(JAN_2020.minusYears(1), 30e6);
    levels.remove(JAN_2020);
    Growth.Cagr fourYears = Growth.cagr(TimeSeries.monthly("downloads", levels), JAN_2020.minusYears(1),
        JAN_2020.plusYears(3));
    assertEquals(0.443, fourYears.cagr(), 5e-4);
  }

  @Test
  void cagrUsesTheFirstAndLastValuesInsideTheWindow() {
    // MRR doubles from March 2020 to March 2021; values before and after the window do not count.
    Map<LocalDate, Double> levels = monthly(50, 70, 100, 110, 120);
    levels.put(JAN_2020.plusMonths(14), 200.0);
    levels.put(JAN_2020.plusMonths(15), 999.0); // after the window
    Growth.Cagr c = Growth.cagr(TimeSeries.monthly("mrr", levels), JAN_2020.plusMonths(2), JAN_2020.plusMonths(14));
    assertEquals(JAN_2020.plusMonths(2), c.startDate());
    assertEquals(JAN_2020.plusMonths(14), c.endDate());
    assertEquals(1.0, c.years(), 1e-12);
    assertEquals(1.0, c.cagr(), 1e-12);
  }

  @Test
  void cagrIsUndefinedFromZeroOrNegativeAndMinusOneHundredPercentToZero() {
    Growth.Cagr fromZero = Growth.cagr(TimeSeries.monthly("mrr", monthly(0, 10, 20)), JAN_2020,
        JAN_2020.plusMonths(2));
    assertNull(fromZero.cagr());
    assertTrue(fromZero.reason().contains("not positive"), fromZero.reason());

    Growth.Cagr toZero = Growth.cagr(TimeSeries.monthly("mrr", monthly(10, 5, 0)), JAN_2020, JAN_2020.plusMonths(2));
    assertEquals(-1.0, toZero.cagr(), 0.0);

    Growth.Cagr oneValue = Growth.cagr(TimeSeries.monthly("mrr", monthly(10)), JAN_2020, JAN_2020.plusYears(1));
    assertNull(oneValue.cagr());
    assertTrue(oneValue.reason().startsWith("fewer than two values"), oneValue.reason());
  }
}
