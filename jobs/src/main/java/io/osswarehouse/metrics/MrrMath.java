package io.osswarehouse.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Locale;

/**
 * The one definition of how a recurring charge becomes monthly recurring revenue, shared by the
 * pipeline (as Spark UDFs), the sample-data generator's truth and the tests.
 *
 * <ul>
 *   <li>Normalisation: month ÷ interval_count; year ÷ (12 × interval_count); week × 52 ÷ 12 ÷
 *       interval_count; day × 365 ÷ 12 ÷ interval_count (Stripe/fivetran; not Ghost's "week × 4").
 *   <li>Rounding: each normalised line amount and each currency conversion is rounded HALF_UP to
 *       {@link #LINE_SCALE} decimals; a customer's monthly total is rounded HALF_UP to
 *       {@link #REPORT_SCALE} decimals. Fixing the rounding points makes totals reproducible exactly.
 *   <li>Snapshot: MRR of a month is what is active just before {@link #snapshotExclusive}: the start
 *       of the next month, or the day after the run date while the month is still open. A service
 *       period [start, end) counts when {@code start < snapshot <= end}.
 * </ul>
 */
public final class MrrMath {
  public static final int LINE_SCALE = 6;
  public static final int REPORT_SCALE = 2;
  private static final BigDecimal TWELVE = BigDecimal.valueOf(12);

  private MrrMath() {}

  /** The monthly amount of a charge of {@code amountPerInterval} every {@code intervalCount} {@code interval}s. */
  public static BigDecimal monthlyAmount(BigDecimal amountPerInterval, String interval, int intervalCount) {
    if (amountPerInterval == null) {
      return null;
    }
    if (intervalCount <= 0) {
      throw new IllegalArgumentException("interval_count must be positive, got " + intervalCount);
    }
    BigDecimal count = BigDecimal.valueOf(intervalCount);
    BigDecimal perMonth;
    switch (interval.toLowerCase(Locale.ROOT)) {
      case "month":
        perMonth = amountPerInterval.divide(count, 20, RoundingMode.HALF_UP);
        break;
      case "year":
        perMonth = amountPerInterval.divide(TWELVE.multiply(count), 20, RoundingMode.HALF_UP);
        break;
      case "week":
        perMonth = amountPerInterval.multiply(BigDecimal.valueOf(52)).divide(TWELVE.multiply(count), 20,
            RoundingMode.HALF_UP);
        break;
      case "day":
        perMonth = amountPerInterval.multiply(BigDecimal.valueOf(365)).divide(TWELVE.multiply(count), 20,
            RoundingMode.HALF_UP);
        break;
      default:
        throw new IllegalArgumentException("unknown billing interval '" + interval + "' (expected day, week, month or year)");
    }
    return perMonth.setScale(LINE_SCALE, RoundingMode.HALF_UP);
  }

  /** Converts a monthly amount to the reporting currency at {@code rate} (reporting units per unit). */
  public static BigDecimal convert(BigDecimal monthlyAmount, BigDecimal rate) {
    return monthlyAmount.multiply(rate).setScale(LINE_SCALE, RoundingMode.HALF_UP);
  }

  /** Rounds a customer's summed monthly amount for reporting. */
  public static BigDecimal report(BigDecimal sum) {
    return sum.setScale(REPORT_SCALE, RoundingMode.HALF_UP);
  }

  /** Discount in minor units for a percent-off coupon, rounded HALF_UP as Stripe does per line. */
  public static long percentDiscountMinor(long amountMinor, BigDecimal percentOff) {
    return BigDecimal.valueOf(amountMinor).multiply(percentOff)
        .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP).longValueExact();
  }

  /** The snapshot date of a month: its last day, or the run date while the month is open. */
  public static LocalDate snapshotDate(YearMonth month, LocalDate runDate) {
    LocalDate monthEnd = month.atEndOfMonth();
    return runDate.isBefore(monthEnd) ? runDate : monthEnd;
  }

  /** The exclusive snapshot instant's date: the day after {@link #snapshotDate}, at 00:00 UTC. */
  public static LocalDate snapshotExclusive(YearMonth month, LocalDate runDate) {
    return snapshotDate(month, runDate).plusDays(1);
  }
}
