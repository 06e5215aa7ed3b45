package io.osswarehouse.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How numbers read in the PDF: money with two decimals as in gold, ratios as percentages with one
 * decimal, changes signed. Fixed locale so the report reads the same on every machine.
 */
final class Formats {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.US);

  private Formats() {}

  static String month(YearMonth m) {
    return MONTH.format(m);
  }

  static String money(BigDecimal v) {
    return String.format(Locale.US, "%,.2f", v);
  }

  static String signedMoney(BigDecimal v) {
    return String.format(Locale.US, "%+,.2f", v);
  }

  static String percent(BigDecimal ratio) {
    return ratio.multiply(HUNDRED).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
  }

  static String count(BigDecimal v) {
    return String.format(Locale.US, "%,d", v.longValueExact());
  }

  static String value(Kpi kpi, BigDecimal v) {
    if (v == null) {
      return "n/a";
    }
    return switch (kpi.kind()) {
      case MONEY -> money(v);
      case RATIO -> percent(v);
      case COUNT, VOLUME -> count(v);
    };
  }

  /** The change from {@code base} to the KPI's value: money with its % change, ratios in points. */
  static String change(Kpi kpi, BigDecimal base) {
    if (kpi.value() == null || base == null) {
      return "n/a";
    }
    BigDecimal diff = kpi.value().subtract(base);
    return switch (kpi.kind()) {
      case MONEY -> signedMoney(diff) + (base.signum() == 0 ? ""
          : " (" + String.format(Locale.US, "%+.1f%%", diff.multiply(HUNDRED).divide(base.abs(), 1, RoundingMode.HALF_UP)) + ")");
      case RATIO -> String.format(Locale.US, "%+.1f pp", diff.multiply(HUNDRED).setScale(1, RoundingMode.HALF_UP));
      case COUNT -> String.format(Locale.US, "%+,d", diff.longValueExact());
      case VOLUME -> String.format(Locale.US, "%+,d", diff.longValueExact()) + (base.signum() == 0 ? ""
          : " (" + String.format(Locale.US, "%+.1f%%", diff.multiply(HUNDRED).divide(base.abs(), 1, RoundingMode.HALF_UP)) + ")");
    };
  }

  /** A correlation coefficient, signed, three decimals. */
  static String coefficient(double r) {
    return String.format(Locale.US, "%+.3f", r);
  }

  /** A p-value with four decimals; smaller ones read "< 0.0001". */
  static String pValue(double p) {
    return p < 0.0001 ? "< 0.0001" : String.format(Locale.US, "%.4f", p);
  }

  /** A growth rate (0.63 = +63.0%), signed. */
  static String signedPercent(double rate) {
    return String.format(Locale.US, "%+.1f%%", BigDecimal.valueOf(rate).multiply(HUNDRED).setScale(1, RoundingMode.HALF_UP));
  }
}
