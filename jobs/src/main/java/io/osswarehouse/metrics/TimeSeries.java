package io.osswarehouse.metrics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A named series of one value per period, keyed by the period's first day: the input of {@link
 * Growth} and {@link CrossCorrelation}.
 *
 * <p>A period that is absent, or present with a null value, is missing: a gap is never read as
 * zero. A real zero (no new customers that month) must be present as 0.0; the job that builds the
 * series decides which one a period is (for example from {@code is_day_complete}).
 */
public record TimeSeries(String name, Period period, SortedMap<LocalDate, Double> values) {

  /** The length of one step. Weeks start on Monday, as Spark's {@code date_trunc('week', …)}. */
  public enum Period {
    WEEK,
    MONTH;

    /** The label written to the gold rows: {@code week} or {@code month}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public boolean isStart(LocalDate date) {
      return this == WEEK ? date.getDayOfWeek() == DayOfWeek.MONDAY : date.getDayOfMonth() == 1;
    }

    /** The start of the period {@code steps} periods after the one starting at {@code start}. */
    public LocalDate plus(LocalDate start, long steps) {
      return this == WEEK ? start.plusWeeks(steps) : start.plusMonths(steps);
    }

    /** Whole periods from {@code start} to {@code end}, both period starts. */
    public long between(LocalDate start, LocalDate end) {
      return (this == WEEK ? ChronoUnit.WEEKS : ChronoUnit.MONTHS).between(start, end);
    }
  }

  /** Checks the keys and values and keeps an unmodifiable sorted copy without the null values. */
  public TimeSeries {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a series needs a name");
    }
    if (period == null) {
      throw new IllegalArgumentException("series '" + name + "' needs a period");
    }
    TreeMap<LocalDate, Double> copy = new TreeMap<>();
    for (Map.Entry<LocalDate, Double> e : values.entrySet()) {
      if (!period.isStart(e.getKey())) {
        throw new IllegalArgumentException("series '" + name + "': " + e.getKey() + " is not the start of a "
            + period.label());
      }
      Double v = e.getValue();
      if (v == null) {
        continue;
      }
      // NaN or infinity would come from a broken upstream division; refuse rather than propagate.
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("series '" + name + "': value at " + e.getKey() + " is " + v);
      }
      copy.put(e.getKey(), v);
    }
    values = Collections.unmodifiableSortedMap(copy);
  }

  public static TimeSeries monthly(String name, Map<LocalDate, Double> values) {
    return new TimeSeries(name, Period.MONTH, new TreeMap<>(values));
  }

  public static TimeSeries weekly(String name, Map<LocalDate, Double> values) {
    return new TimeSeries(name, Period.WEEK, new TreeMap<>(values));
  }

  /** The value of the period starting at {@code start}, or null when it is missing. */
  public Double at(LocalDate start) {
    return values.get(start);
  }
}
