package io.osswarehouse.common;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * Minor-unit rules for billing amounts. Stripe sends integers in the currency's smallest unit;
 * most currencies have two decimals, but zero-decimal (JPY: 1000 means ¥1000) and three-decimal
 * (KWD: 15000 means 15.000 KWD) currencies would be off by 100x or 10x with a blanket "/ 100".
 */
public final class Currencies {
  /** Stripe's zero-decimal currencies (stripe.com/docs/currencies#zero-decimal). */
  private static final Set<String> ZERO_DECIMAL = Set.of(
      "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF",
      "XPF");
  /** Stripe's three-decimal currencies. */
  private static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

  private Currencies() {}

  /** Normalises an ISO 4217 code to upper case; rejects anything that is not three letters. */
  public static String normalize(String code) {
    if (code == null || !code.trim().matches("[A-Za-z]{3}")) {
      throw new IllegalArgumentException("not an ISO 4217 currency code: '" + code + "'");
    }
    return code.trim().toUpperCase(Locale.ROOT);
  }

  /** Number of decimals of the currency's minor unit. */
  public static int exponent(String code) {
    String c = normalize(code);
    if (ZERO_DECIMAL.contains(c)) {
      return 0;
    }
    return THREE_DECIMAL.contains(c) ? 3 : 2;
  }

  /** Converts an amount in minor units (Stripe's integer) to major units. */
  public static BigDecimal toMajor(long minorUnits, String code) {
    return BigDecimal.valueOf(minorUnits, exponent(code));
  }

  /** Converts a major-unit amount to minor units; fails if it has more decimals than the currency allows. */
  public static long toMinor(BigDecimal major, String code) {
    return major.movePointRight(exponent(code)).longValueExact();
  }
}
