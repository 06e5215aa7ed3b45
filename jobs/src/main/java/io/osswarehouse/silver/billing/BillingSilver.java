package io.osswarehouse.silver.billing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.osswarehouse.spark.SqlModels;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Pure billing transformations from bronze to silver. Each method takes DataFrames and returns one;
 * the SQL lives in {@code sql/models/silver/}. {@link BillingSilverStage}
 * decides which rows to feed (the incremental part) and where to write.
 */
public final class BillingSilver {
  private BillingSilver() {}

  /**
   * The latest landed version of each Stripe object (last file ingested wins, then the later
   * position in the file): Stripe exports re-deliver whole objects when they change.
   */
  public static Dataset<Row> latestStripeVersions(Dataset<Row> stripeObjects) {
    return stripeObjects
        .withColumn("_version", row_number().over(Window.partitionBy("object_type", "object_id")
            .orderBy(col("_ingested_at").desc(), col("_source_file").desc(), col("_record_position").desc())))
        .where(col("_version").equalTo(1))
        .drop("_version");
  }

  /** Runs one {@code stg_stripe__*} model over the latest Stripe object versions. */
  public static Dataset<Row> stripeModel(SparkSession spark, String model, Dataset<Row> latestStripeObjects) {
    return SqlModels.run(spark, "silver/" + model, Map.of("stripe_objects", latestStripeObjects), Map.of());
  }

  public static Dataset<Row> subscriptionPeriods(SparkSession spark, Dataset<Row> bronzePeriods) {
    return SqlModels.run(spark, "silver/stg_billing__subscription_periods",
        Map.of("subscription_periods", bronzePeriods), Map.of());
  }

  public static Dataset<Row> fxRates(SparkSession spark, Dataset<Row> bronzeRates) {
    return SqlModels.run(spark, "silver/stg_billing__fx_rates", Map.of("fx_rates", bronzeRates), Map.of());
  }

  /** Conformed MRR segments from Stripe invoice lines and generic subscription periods. */
  public static Dataset<Row> mrrSegments(SparkSession spark, Dataset<Row> invoiceLines, Dataset<Row> invoices,
      Dataset<Row> prices, Dataset<Row> discounts, Dataset<Row> subscriptionPeriods) {
    return SqlModels.run(spark, "silver/fct_mrr_segments", Map.of(
        "invoice_lines", invoiceLines,
        "invoices", invoices,
        "prices", prices,
        "discounts", discounts,
        "subscription_periods", subscriptionPeriods), Map.of());
  }
}
