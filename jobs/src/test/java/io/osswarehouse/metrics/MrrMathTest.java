package io.osswarehouse.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osswarehouse.common.Currencies;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** Normalisation, rounding and snapshot rules, checked against published worked examples. */
class MrrMathTest {
  private static BigDecimal d(String v) {
    return new BigDecimal(v);
  }

  @Test
  void annualPlanCountsOneTwelfth_stripeR2() {
    assertEquals(d("100.000000"), MrrMath.monthlyAmount(d("1200"), "year", 1));
  }

  @Test
  void mixedMonthlyAndAnnualSubscribers_stripeR1() {
    BigDecimal monthly = MrrMath.monthlyAmount(d("100"), "month", 1).multiply(BigDecimal.valueOf(100));
    BigDecimal annual = MrrMath.monthlyAmount(d("600"), "year", 1).multiply(BigDecimal.valueOf(50));
    assertEquals(0, d("12500").compareTo(monthly.add(annual)));
  }

  @Test
  void fiveSmallAndTwoLargeCustomers_chartMogulR8() {
    BigDecimal before = MrrMath.monthlyAmount(d("5"), "month", 1).multiply(BigDecimal.valueOf(5));
    BigDecimal after = before.add(MrrMath.monthlyAmount(d("30"), "month", 1).multiply(BigDecimal.valueOf(2)));
    assertEquals(0, d("25").compareTo(before));
    assertEquals(0, d("85").compareTo(after));
  }

  @Test
  void weeklyUsesFiftyTwoWeeksNotFour() {
    // 10 a week is 43.33 a month (52/12 weeks), not 40 (Ghost's week x 4 bug).
    assertEquals(d("43.333333"), MrrMath.monthlyAmount(d("10"), "week", 1));
    assertEquals(d("21.666667"), MrrMath.monthlyAmount(d("10"), "week", 2));
  }

  @Test
  void multiIntervalPlansDivideByTheirLength() {
    assertEquals(d("180.000000"), MrrMath.monthlyAmount(d("540"), "month", 3));
    assertEquals(d("50.000000"), MrrMath.monthlyAmount(d("1200"), "year", 2));
  }

  @Test
  void unknownIntervalIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MrrMath.monthlyAmount(d("1"), "fortnight", 1));
    assertEquals("unknown billing interval 'fortnight' (expected day, week, month or year)", e.getMessage());
  }

  @Test
  void percentDiscountRoundsHalfUpInMinorUnits() {
    assertEquals(247, MrrMath.percentDiscountMinor(1234, d("20")));
    assertEquals(3, MrrMath.percentDiscountMinor(25, d("10")));
  }

  @Test
  void minorUnitsFollowTheCurrency() {
    assertEquals(d("12.34"), Currencies.toMajor(1234, "usd"));
    assertEquals(d("1234"), Currencies.toMajor(1234, "JPY"));
    assertEquals(d("15.000"), Currencies.toMajor(15000, "kwd"));
    assertEquals(1500, Currencies.toMinor(d("15.000"), "KWD") / 10);
    assertThrows(IllegalArgumentException.class, () -> Currencies.normalize("US"));
  }

  @Test
  void openMonthSnapshotsAtTheRunDate() {
    assertEquals(LocalDate.of(2025, 3, 31), MrrMath.snapshotDate(YearMonth.of(2025, 3), LocalDate.of(2025, 6, 1)));
    assertEquals(LocalDate.of(2025, 6, 10), MrrMath.snapshotDate(YearMonth.of(2025, 6), LocalDate.of(2025, 6, 10)));
    assertEquals(LocalDate.of(2025, 6, 11),
        MrrMath.snapshotExclusive(YearMonth.of(2025, 6), LocalDate.of(2025, 6, 10)));
  }
}
