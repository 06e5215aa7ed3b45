package io.osswarehouse.metrics;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Period-to-period changes of a level series, and its compound annual growth rate.
 *
 * <p>Correlation is computed on changes, not levels: two series that both grow correlate in levels
 * whatever drives them (Yule's "nonsense correlations", Granger and Newbold's spurious regressions),
 * so a level correlation says only that both went up. Changes ask the question that matters: do
 * months with more downloads than usual come with (or before) months with more revenue than usual?
 */
public final class Growth {
  private Growth() {}

  /** How a level series becomes a change series. */
  public enum Transform {
    /** {@code v[t] − v[t−1]}: absolute changes; defined for any levels, zeros included. */
    DIFF,
    /**
     * {@code ln v[t] − ln v[t−1]}: growth rates (≈ percent change), comparable between a series in
     * the millions and one in the thousands; undefined when either level is ≤ 0.
     */
    LOG_DIFF;

    /** The label written to the gold rows: {@code diff} or {@code log_diff}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The changes of a series, keyed by the later period of each pair, and how many of the possible
   * changes between its first and last period could not be computed.
   *
   * @param brokenByGaps changes lost because one of their two periods is missing
   * @param undefinedLogs {@link Transform#LOG_DIFF} changes lost because a level is ≤ 0
   */
  public record Changes(SortedMap<LocalDate, Double> values, int brokenByGaps, int undefinedLogs) {}

  /**
   * The changes of {@code series}. A change at t needs the levels at t and t−1; a missing period
   * therefore removes the changes into and out of it, never a zero-filled jump.
   */
  public static Changes changes(TimeSeries series, Transform transform) {
    TreeMap<LocalDate, Double> out = new TreeMap<>();
    int gaps = 0;
    int undefined = 0;
    SortedMap<LocalDate, Double> levels = series.values();
    if (!levels.isEmpty()) {
      TimeSeries.Period period = series.period();
      for (LocalDate t = period.plus(levels.firstKey(), 1); !t.isAfter(levels.lastKey()); t = period.plus(t, 1)) {
        Double previous = levels.get(period.plus(t, -1));
        Double current = levels.get(t);
        if (previous == null || current == null) {
          gaps++;
        } else if (transform == Transform.DIFF) {
          out.put(t, current - previous);
        } else if (previous <= 0 || current <= 0) {
          undefined++;
        } else {
          out.put(t, Math.log(current) - Math.log(previous));
        }
      }
    }
    return new Changes(Collections.unmodifiableSortedMap(out), gaps, undefined);
  }

  /**
   * A compound annual growth rate, with the two measurements it rests on.
   *
   * @param cagr {@code (end / start)^(1 / years) − 1}; null when undefined, with {@code reason}
   */
  public record Cagr(String series, LocalDate startDate, Double startValue, LocalDate endDate, Double endValue,
      Double years, Double cagr, String reason) {}

  /**
   * CAGR of {@code series} between its first and last non-missing values within {@code [from, to]}
   * (period starts). Years are elapsed calendar time between the two dates, so twelve monthly steps
   * are exactly one year. Undefined (null with a reason) with fewer than two values, a start ≤ 0
   * (no rate turns zero or a negative into a positive), or a negative end; an end of 0 is −100 %.
   */
  public static Cagr cagr(TimeSeries series, LocalDate from, LocalDate to) {
    SortedMap<LocalDate, Double> window = series.values().subMap(from, to.plusDays(1));
    if (window.size() < 2) {
      return new Cagr(series.name(), null, null, null, null, null, null,
          "fewer than two values between " + from + " and " + to);
    }
    Map.Entry<LocalDate, Double> start = window.entrySet().iterator().next();
    LocalDate endDate = window.lastKey();
    double startValue = start.getValue();
    double endValue = window.get(endDate);
    double years = years(start.getKey(), endDate);
    String reason = null;
    if (startValue <= 0) {
      reason = "start value " + startValue + " at " + start.getKey() + " is not positive";
    } else if (endValue < 0) {
      reason = "end value " + endValue + " at " + endDate + " is negative";
    }
    Double rate = reason == null ? Math.pow(endValue / startValue, 1 / years) - 1 : null;
    return new Cagr(series.name(), start.getKey(), startValue, endDate, endValue, years, rate, reason);
  }

  /** Elapsed years: whole calendar months ÷ 12 plus the remaining days ÷ 365.25. */
  private static double years(LocalDate start, LocalDate end) {
    long months = ChronoUnit.MONTHS.between(start, end);
    long days = ChronoUnit.DAYS.between(start.plusMonths(months), end);
    return months / 12.0 + days / 365.25;
  }
}
