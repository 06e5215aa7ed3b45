package io.osswarehouse.gold.revenue;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.pipeline.StageLog;
import io.osswarehouse.silver.billing.BillingSilverStage;
import io.osswarehouse.spark.Warehouse;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Rebuilds the gold revenue tables for the months a run affects. The metrics are computed from the
 * silver segments (compact: one row per invoice line or subscription period), checked, and then only
 * the affected months are replaced ({@code replaceWhere}), from the earliest month touched by silver
 * rows not yet in gold, or the last month gold holds (its as-of snapshot moves), to the run date's
 * month. Nothing after the run date's month is computed. Cohort tables are small and replaced whole.
 */
public final class RevenueGoldStage {
  /** The catalog step this class builds. */
  public static final String STEP = "revenue";

  public static final String CUSTOMER_MRR = Catalog.CUSTOMER_MRR_MONTHLY.name();
  public static final String BRIDGE = Catalog.MRR_BRIDGE_MONTHLY.name();
  public static final String RETENTION = Catalog.REVENUE_RETENTION.name();
  public static final String COHORTS = Catalog.COHORT_RETENTION.name();
  public static final String COHORTS_WEIGHTED = Catalog.COHORT_RETENTION_WEIGHTED.name();
  public static final String CHURN = Catalog.REVENUE_CHURN_MONTHLY.name();

  private final RunContext run;
  private final Warehouse wh;
  private final SparkSession spark;

  public RevenueGoldStage(RunContext run) {
    this.run = run;
    this.wh = run.warehouse();
    this.spark = wh.spark();
  }

  /** Returns the months rebuilt (empty when there is no billing data yet). */
  public List<YearMonth> build() {
    Dataset<Row> segments = wh.readOrNull(BillingSilverStage.SEGMENTS);
    if (segments == null) {
      run.progress().info("gold revenue: no billing data yet");
      return List.of();
    }
    YearMonth to = YearMonth.from(run.runDate());
    YearMonth from = firstAffectedMonth(segments, to);
    String currency = run.config().reportingCurrency();
    run.progress().info("gold revenue: rebuilding %s..%s", from, to);

    Dataset<Row> fx = wh.readOrNull(Catalog.STG_BILLING__FX_RATES.name());
    if (fx == null) {
      fx = spark.createDataFrame(List.of(), new StructType().add("rate_date", "date").add("currency", "string")
          .add("rate", "decimal(24,10)"));
    }
    Dataset<Row> rates = RevenueMetrics.fxRatesMonthly(spark, segments, fx, run.runDate(), currency).cache();
    Dataset<Row> perCurrency = RevenueMetrics.customerCurrencyMrr(spark, segments, rates).cache();
    RevenueChecks.ratesPresent(perCurrency, currency);

    Dataset<Row> customerMrr = RevenueMetrics.customerMrrMonthly(spark, perCurrency, rates, currency).cache();
    RevenueChecks.uniqueCustomerMonths(customerMrr);
    YearMonth first = YearMonth.from(firstMonth(customerMrr, to));
    Dataset<Row> bridge = RevenueMetrics.mrrBridge(spark, customerMrr, first, to).cache();
    RevenueChecks.bridgeIdentity(bridge);

    String window = monthWindow(from, to);
    run.progress().info("gold: writing %s, %s, %s, %s and cohorts", CUSTOMER_MRR, BRIDGE, CHURN, RETENTION);
    // Plans are built here, one after the other (the SQL models share temporary view names); the
    // writes are independent Delta commits to different tables, so they run side by side.
    Dataset<Row> cohorts = RevenueMetrics.cohortRetention(spark, customerMrr, to).cache();
    List<Runnable> writes = List.of(
        replaceWhere(CUSTOMER_MRR, customerMrr.where(window), window),
        replaceWhere(BRIDGE, bridge.where(window), window),
        replaceWhere(CHURN, RevenueMetrics.revenueChurn(spark, bridge).where(window), window),
        replaceWhere(RETENTION, RevenueMetrics.revenueRetention(spark, customerMrr, from, to), window),
        overwrite(COHORTS, cohorts),
        overwrite(COHORTS_WEIGHTED, RevenueMetrics.cohortRetentionWeighted(spark, cohorts)));
    runInParallel(writes);

    List.of(rates, perCurrency, customerMrr, bridge, cohorts).forEach(Dataset::unpersist);
    return monthsBetween(from, to);
  }

  /**
   * The earliest of: the first month touched by silver rows written since gold last succeeded, the
   * last month gold already holds (its as-of snapshot is not final), and the run's month.
   */
  private YearMonth firstAffectedMonth(Dataset<Row> segments, YearMonth to) {
    String pending = StageLog.pendingPredicate(run, STEP);
    YearMonth from = to;
    Row seg = segments.where(pending).agg(min(col("started_at"))).first();
    if (!seg.isNullAt(0)) {
      from = earlier(from, YearMonth.from(((Timestamp) seg.get(0)).toInstant().atZone(ZoneOffset.UTC)));
    }
    Dataset<Row> fx = wh.readOrNull(Catalog.STG_BILLING__FX_RATES.name());
    if (fx != null) {
      Row rate = fx.where(pending).agg(min(col("rate_date"))).first();
      if (!rate.isNullAt(0)) {
        from = earlier(from, YearMonth.from(((Date) rate.get(0)).toLocalDate()));
      }
    }
    Dataset<Row> existing = wh.readOrNull(CUSTOMER_MRR);
    if (existing != null) {
      Row last = existing.where("month <= date'" + to.atDay(1) + "'").agg(org.apache.spark.sql.functions.max("month"))
          .first();
      if (!last.isNullAt(0)) {
        from = earlier(from, YearMonth.from(((Date) last.get(0)).toLocalDate()));
      }
    }
    return from;
  }

  private Runnable replaceWhere(String table, Dataset<Row> rows, String window) {
    return () -> wh.replaceWhere(table, rows, window);
  }

  private Runnable overwrite(String table, Dataset<Row> rows) {
    return () -> wh.overwrite(table, rows);
  }

  /** Runs the writes on a few threads and rethrows the first failure. */
  private static void runInParallel(List<Runnable> writes) {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      writes.forEach(w -> futures.add(pool.submit(w)));
      for (java.util.concurrent.Future<?> f : futures) {
        f.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
          : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing gold", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static LocalDate firstMonth(Dataset<Row> customerMrr, YearMonth fallback) {
    Row r = customerMrr.agg(min(col("month"))).first();
    return r.isNullAt(0) ? fallback.atDay(1) : ((Date) r.get(0)).toLocalDate();
  }

  private static String monthWindow(YearMonth from, YearMonth to) {
    return "month >= date'" + from.atDay(1) + "' AND month <= date'" + to.atDay(1) + "'";
  }

  private static YearMonth earlier(YearMonth a, YearMonth b) {
    return a.isBefore(b) ? a : b;
  }

  private static List<YearMonth> monthsBetween(YearMonth from, YearMonth to) {
    List<YearMonth> out = new java.util.ArrayList<>();
    for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
      out.add(m);
    }
    return out;
  }
}
