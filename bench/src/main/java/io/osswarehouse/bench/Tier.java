package io.osswarehouse.bench;

import java.time.LocalDate;

/**
 * A benchmark size, built with the project's generator ({@code io.osswarehouse.generate}). Both
 * scenarios end on {@link #historyEnd}: the year warehouse holds {@link #yearStart}..historyEnd, the
 * month warehouse the last month of it, and the incremental day is historyEnd + 1 (a month's first day,
 * so the generator's monthly files of that month hold only that day).
 */
public enum Tier {
  /** Seconds of data: a smoke test of every figure (runs in the test command). */
  S(30, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)),
  /**
   * A mid-size open-source company over one year: 10,000 organisations, about 2,000 paying customers.
   * The generator's community volumes grow with the organisations (docs/performance.md lists them); at its
   * per-organisation rates they stay well below the tens of millions of download rows.
   */
  M(10_000, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31));

  public final int organizations;
  public final LocalDate yearStart;
  public final LocalDate historyEnd;
  public static final long SEED = 42;

  Tier(int organizations, LocalDate yearStart, LocalDate historyEnd) {
    this.organizations = organizations;
    this.yearStart = yearStart;
    this.historyEnd = historyEnd;
  }

  public LocalDate monthStart() {
    return historyEnd.withDayOfMonth(1);
  }

  public LocalDate nextDay() {
    return historyEnd.plusDays(1);
  }
}
