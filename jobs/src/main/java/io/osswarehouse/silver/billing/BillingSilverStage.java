package io.osswarehouse.silver.billing;

import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.catalog.Table;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.billing.FxRatesSource;
import io.osswarehouse.ingest.billing.StripeObjectsSource;
import io.osswarehouse.ingest.billing.SubscriptionPeriodsSource;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.pipeline.StageLog;
import io.osswarehouse.spark.Warehouse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the billing silver tables incrementally: only bronze rows from runs that have not completed
 * the silver stage are read, the business keys they touch are recomputed from all their bronze
 * versions, and the results are MERGEd on those keys. Every silver row carries the {@code _run_id}
 * that last wrote it, which tells the gold stage which periods to rebuild.
 */
public final class BillingSilverStage {
  /** The catalog step this class builds. */
  public static final String STEP = "billing";


  /** Stripe silver tables built incrementally, with their business key. */
  private static final Map<Table, String> STRIPE_MODELS = new LinkedHashMap<>();

  static {
    STRIPE_MODELS.put(Catalog.STG_STRIPE__CUSTOMERS, "customer_id");
    STRIPE_MODELS.put(Catalog.STG_STRIPE__PRODUCTS, "product_id");
    STRIPE_MODELS.put(Catalog.STG_STRIPE__SUBSCRIPTIONS, "subscription_id");
    STRIPE_MODELS.put(Catalog.STG_STRIPE__SUBSCRIPTION_ITEMS, "subscription_item_id");
    STRIPE_MODELS.put(Catalog.STG_STRIPE__INVOICES, "invoice_id");
    STRIPE_MODELS.put(Catalog.STG_STRIPE__INVOICE_LINES, "line_id");
    STRIPE_MODELS.put(Catalog.STG_STRIPE__REFUNDS, "refund_id");
    STRIPE_MODELS.put(Catalog.STG_STRIPE__CREDIT_NOTES, "credit_note_id");
  }

  /** Small dimensions rebuilt whole when any of their objects change (coupons resolve into discounts). */
  private static final List<Table> STRIPE_DIMENSIONS = List.of(Catalog.STG_STRIPE__PRICES, Catalog.STG_STRIPE__DISCOUNTS);
  private static final String DIMENSION_TYPES = "object_type IN ('price', 'plan', 'discount', 'coupon')";

  public static final String SEGMENTS = Catalog.FCT_MRR_SEGMENTS.name();
  public static final String CUSTOMERS = Catalog.STG_STRIPE__CUSTOMERS.name();

  private final RunContext run;
  private final Warehouse wh;
  private final SparkSession spark;

  public BillingSilverStage(RunContext run) {
    this.run = run;
    this.wh = run.warehouse();
    this.spark = wh.spark();
  }

  /** Returns the number of MRR segments (re)written. */
  public long build() {
    purgeRawCustomerEmails();
    String pending = StageLog.pendingPredicate(run, STEP);
    Dataset<Row> stripeChanged = changedStripeObjects(pending);
    boolean dimensionsChanged = stripeChanged != null && !stripeChanged.where(DIMENSION_TYPES).isEmpty();

    Dataset<Row> affectedLines = null;
    if (stripeChanged != null && !stripeChanged.isEmpty()) {
      Dataset<Row> latest = BillingSilver.latestStripeVersions(stripeChanged).cache();
      for (Map.Entry<Table, String> m : STRIPE_MODELS.entrySet()) {
        run.progress().info("silver: %s", m.getKey());
        Dataset<Row> rows = tag(BillingSilver.stripeModel(spark, m.getKey().shortName(), latest));
        wh.merge(m.getKey().name(), rows, m.getValue());
      }
      if (dimensionsChanged) {
        Dataset<Row> dims = BillingSilver.latestStripeVersions(wh.read(new StripeObjectsSource().bronzeTable())
            .where(DIMENSION_TYPES));
        for (Table model : STRIPE_DIMENSIONS) {
          run.progress().info("silver: %s", model);
          wh.overwrite(model.name(), tag(BillingSilver.stripeModel(spark, model.shortName(), dims)));
        }
      }
      // Lines to re-segment: those of changed invoices and those priced or discounted by changed objects.
      Dataset<Row> lines = wh.read(Catalog.STG_STRIPE__INVOICE_LINES.name());
      Dataset<Row> changedIds = latest.select(col("object_id").as("changed_id")).distinct();
      // One equi semi-join per reference (an OR of equalities would be a nested-loop join).
      for (String ref : List.of("invoice_id", "line_id", "price_id", "discount_id")) {
        Dataset<Row> hit = lines.join(changedIds, lines.col(ref).equalTo(changedIds.col("changed_id")), "left_semi");
        affectedLines = affectedLines == null ? hit : affectedLines.union(hit);
      }
      affectedLines = affectedLines.dropDuplicates("line_id");
      latest.unpersist();
    }

    Dataset<Row> affectedPeriods = changedSubscriptionPeriods(pending);
    buildFxRates(pending);

    if (affectedLines == null && affectedPeriods == null) {
      run.progress().info("silver billing: nothing new");
      return 0;
    }
    run.progress().info("silver: %s", SEGMENTS);
    Dataset<Row> lines = affectedLines != null ? affectedLines : emptyStripeModel("stg_stripe__invoice_lines");
    Dataset<Row> periods = affectedPeriods != null ? affectedPeriods
        : BillingSilver.subscriptionPeriods(spark, empty(new SubscriptionPeriodsSource()));
    Dataset<Row> segments = tag(BillingSilver.mrrSegments(spark, lines,
        orEmpty(Catalog.STG_STRIPE__INVOICES.name(), "stg_stripe__invoices"),
        orEmpty(Catalog.STG_STRIPE__PRICES.name(), "stg_stripe__prices"),
        orEmpty(Catalog.STG_STRIPE__DISCOUNTS.name(), "stg_stripe__discounts"),
        periods)).cache();
    long count = segments.count();
    wh.merge(SEGMENTS, segments, "segment_id");
    segments.unpersist();
    run.progress().info("silver billing: %,d MRR segment(s) rebuilt", count);
    return count;
  }

  /**
   * A customers table written before e-mails were pseudonymised still holds the raw address, and a
   * MERGE cannot drop that column: rebuild it whole from bronze once (old Delta versions keep the
   * addresses until the table is vacuumed).
   */
  private void purgeRawCustomerEmails() {
    Dataset<Row> customers = wh.readOrNull(CUSTOMERS);
    Dataset<Row> bronze = wh.readOrNull(new StripeObjectsSource().bronzeTable());
    if (customers == null || bronze == null || !List.of(customers.columns()).contains("email")) {
      return;
    }
    run.progress().info("silver: %s rebuilt without raw e-mail addresses", CUSTOMERS);
    wh.overwrite(CUSTOMERS, tag(BillingSilver.stripeModel(spark, "stg_stripe__customers",
        BillingSilver.latestStripeVersions(bronze.where("object_type = 'customer'")))));
  }

  private Dataset<Row> changedStripeObjects(String pending) {
    Dataset<Row> bronze = wh.readOrNull(new StripeObjectsSource().bronzeTable());
    return bronze == null ? null : StageLog.allVersionsOfPendingKeys(bronze, pending, "object_type", "object_id");
  }

  private Dataset<Row> changedSubscriptionPeriods(String pending) {
    Dataset<Row> bronze = wh.readOrNull(new SubscriptionPeriodsSource().bronzeTable());
    if (bronze == null || bronze.where(pending).isEmpty()) {
      return null;
    }
    Dataset<Row> versions = StageLog.allVersionsOfPendingKeys(bronze, pending, "subscription_id", "start_date");
    Dataset<Row> rows = tag(BillingSilver.subscriptionPeriods(spark, versions)).cache();
    wh.merge(Catalog.STG_BILLING__SUBSCRIPTION_PERIODS.name(), rows, "subscription_id", "start_date");
    return rows;
  }

  private void buildFxRates(String pending) {
    Dataset<Row> bronze = wh.readOrNull(new FxRatesSource().bronzeTable());
    if (bronze == null || bronze.where(pending).isEmpty()) {
      return;
    }
    Dataset<Row> versions = StageLog.allVersionsOfPendingKeys(bronze, pending, "date", "currency");
    wh.merge(Catalog.STG_BILLING__FX_RATES.name(), tag(BillingSilver.fxRates(spark, versions)), "rate_date", "currency");
  }

  /** Marks rows with the run that wrote them. */
  private Dataset<Row> tag(Dataset<Row> rows) {
    return rows.withColumn(IngestMetadata.RUN_ID, lit(run.runId()));
  }

  private Dataset<Row> orEmpty(String table, String model) {
    Dataset<Row> df = wh.readOrNull(table);
    return df != null ? df : emptyStripeModel(model);
  }

  private Dataset<Row> emptyStripeModel(String model) {
    return BillingSilver.stripeModel(spark, model, empty(new StripeObjectsSource()));
  }

  private Dataset<Row> empty(io.osswarehouse.ingest.LandingSource source) {
    return spark.createDataFrame(List.of(), IngestMetadata.withMetadata(source.recordSchema()));
  }
}
