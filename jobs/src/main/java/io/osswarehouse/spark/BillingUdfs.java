package io.osswarehouse.spark;

import io.osswarehouse.common.Currencies;
import io.osswarehouse.metrics.MrrMath;
import java.math.BigDecimal;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;

/**
 * Exposes {@link MrrMath} and {@link Currencies} to SQL models, so SQL and Java share one definition
 * of minor units, MRR normalisation and rounding.
 */
public final class BillingUdfs {
  private BillingUdfs() {}

  public static void register(SparkSession spark) {
    if (spark.catalog().functionExists("mrr_monthly")) {
      return;
    }
    spark.udf().register("minor_to_major", (UDF2<Long, String, BigDecimal>) (minor, currency) ->
        minor == null || currency == null ? null : Currencies.toMajor(minor, currency).setScale(3),
        DataTypes.createDecimalType(20, 3));
    spark.udf().register("mrr_monthly", (UDF3<BigDecimal, String, Integer, BigDecimal>) (amount, interval, count) ->
        amount == null || interval == null || count == null ? null : MrrMath.monthlyAmount(amount, interval, count),
        DataTypes.createDecimalType(24, 6));
    spark.udf().register("mrr_convert", (UDF2<BigDecimal, BigDecimal, BigDecimal>) (amount, rate) ->
        amount == null || rate == null ? null : MrrMath.convert(amount, rate),
        DataTypes.createDecimalType(24, 6));
    spark.udf().register("percent_discount_minor", (UDF2<Long, BigDecimal, Long>) (minor, pct) ->
        minor == null || pct == null ? null : MrrMath.percentDiscountMinor(minor, pct), DataTypes.LongType);
    spark.udf().register("currency_exponent", (UDF1<String, Integer>) c -> c == null ? null : Currencies.exponent(c),
        DataTypes.IntegerType);
  }
}
