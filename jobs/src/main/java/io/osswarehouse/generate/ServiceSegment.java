package io.osswarehouse.generate;

import io.osswarehouse.generate.Catalog.Price;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One stretch of service at a constant price, quantity and discount: the generator's internal truth.
 * Invoices and CSV rows are rendered from segments, and the MRR truth is computed from them, so the
 * two can only agree if the pipeline reads the rendered data correctly.
 *
 * @param itemId the Stripe subscription item (the subscription id for the other billing system)
 * @param end exclusive; null while open-ended (other billing system, still active at the world's end)
 * @param percentOff the coupon applying to the enclosing billing period, or null
 * @param periodStart start of the enclosing billing period (a mid-period change splits a period into
 *     two segments sharing the same period bounds)
 * @param periodEnd end of the enclosing billing period, null when {@code end} is null
 */
record ServiceSegment(String customerId, String subscriptionId, String itemId, Price price, long quantity,
    Instant start, Instant end, BigDecimal percentOff, boolean trial, Instant periodStart, Instant periodEnd) {

  /** A whole-period segment without the Stripe period bookkeeping (CSV rows, hand-built tests). */
  static ServiceSegment of(String customerId, String subscriptionId, Price price, long quantity, Instant start,
      Instant end, BigDecimal percentOff) {
    return new ServiceSegment(customerId, subscriptionId, subscriptionId, price, quantity, start, end, percentOff,
        false, start, end);
  }

  /** Amount per billing interval before discounts, in minor units. */
  long fullAmount() {
    return price.unitAmount() * quantity;
  }

  /** Whether the segment is in service just before {@code snapshot}: start < snapshot <= end. */
  boolean activeAt(Instant snapshot) {
    return start.isBefore(snapshot) && (end == null || !snapshot.isAfter(end));
  }
}
