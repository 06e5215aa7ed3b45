package io.osswarehouse.bench;

import io.osswarehouse.generate.Background;
import java.time.LocalDate;

/**
 * A benchmark size, built with the project's generator ({@code io.osswarehouse.generate}). Both
 * scenarios end on {@link #historyEnd}: the year warehouse holds {@link #yearStart}..historyEnd, the
 * month warehouse the last month of it, and the incremental day is historyEnd + 1 (a month's first day,
 * so the generator's monthly files of that month hold only that day).
 */
public enum Tier {
  /**
   * The smallest world every figure can be computed on: twelve organisations over a quarter, the test
   * command's smoke run of the bench (that every section is produced and DuckDB agrees), not a figure to quote.
   */
  XS(12, LocalDate.of(2025, 10, 1), LocalDate.of(2025, 12, 31), Background.NONE),
  /** Seconds of data: the smallest tier with published figures (docs/performance.md); no background traffic. */
  S(30, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31), Background.NONE),
  /**
   * A mid-size open-source company over one year: 10,000 organisations, about 2,000 paying customers,
   * about 11 million PyPI download rows, 2 million GH Archive events to read (all but the project's
   * filtered out) and 3 million access-log lines (docs/performance.md lists the volumes).
   */
  M(10_000, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31), new Background(30_000, 4_000, 5_000)),
  /**
   * Ingest volume ({@code --ingest-only}): a day of history and the day after it, every GH Archive hour
   * carrying 50,000 events of other repositories (a real hour holds all of GitHub) and the PyPI export
   * 500,000 anonymous downloads a day; 300 organisations.
   */
  L(300, LocalDate.of(2025, 12, 31), LocalDate.of(2025, 12, 31), new Background(500_000, 50_000, 0));

  public final int organizations;
  public final LocalDate yearStart;
  public final LocalDate historyEnd;
  public static final long SEED = 42;
  /** Anonymous traffic on top of the organisations' ({@link Background}): what gives a tier its volume. */
  public final Background background;

  Tier(int organizations, LocalDate yearStart, LocalDate historyEnd, Background background) {
    this.organizations = organizations;
    this.background = background;
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
