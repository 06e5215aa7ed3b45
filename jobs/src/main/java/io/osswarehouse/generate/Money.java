package io.osswarehouse.generate;

import io.osswarehouse.common.Currencies;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Minor-unit arithmetic for generated charges, rounded HALF_UP to what Stripe can actually charge. */
final class Money {
  private Money() {}

  /** Smallest chargeable step in minor units: 10 for three-decimal currencies (KWD), else 1. */
  static long step(String currency) {
    return Currencies.exponent(currency) == 3 ? 10 : 1;
  }

  /** round_half_up(amount × numerator / denominator) to the currency's chargeable step; amount >= 0. */
  static long fraction(long amount, long numerator, long denominator, String currency) {
    long step = step(currency);
    return BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(numerator))
        .divide(BigDecimal.valueOf(denominator).multiply(BigDecimal.valueOf(step)), 0, RoundingMode.HALF_UP)
        .longValueExact() * step;
  }

  /** Exclusive tax on a (possibly negative) net amount, symmetric around zero. */
  static long tax(long net, BigDecimal percent, String currency) {
    long magnitude = BigDecimal.valueOf(Math.abs(net)).multiply(percent)
        .divide(BigDecimal.valueOf(100L * step(currency)), 0, RoundingMode.HALF_UP).longValueExact() * step(currency);
    return net < 0 ? -magnitude : magnitude;
  }

  /** A human amount for descriptions, e.g. "15.00 USD". */
  static String format(long minor, String currency) {
    return Currencies.toMajor(minor, currency).toPlainString() + " " + currency;
  }
}
