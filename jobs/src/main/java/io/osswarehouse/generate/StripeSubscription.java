package io.osswarehouse.generate;

import io.osswarehouse.generate.Catalog.Price;
import io.osswarehouse.generate.StripeCustomer.Discount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated Stripe subscription with a single subscription item (Stripe keeps the item id across
 * quantity and price changes). {@link #segments} is the truth; {@link #snapshots} are the states the
 * export saw each time the subscription changed.
 */
final class StripeSubscription {
  /** The full subscription state as of {@code at}, re-emitted whenever something changed. */
  record Snapshot(Instant at, String status, Price price, long quantity, Instant periodStart, Instant periodEnd,
      Instant anchor, boolean cancelAtPeriodEnd, Instant canceledAt, Instant endedAt) {}

  final String id;
  final String itemId;
  final StripeCustomer customer;
  final Instant created;
  Instant trialStart;
  Instant trialEnd;
  Discount discount;
  /** One-time setup fee added to the first invoice, or null. */
  Price setupFee;
  /** When the subscription ended (canceled and over) before the world's end, else null. */
  Instant endedAt;
  final List<ServiceSegment> segments = new ArrayList<>();
  final List<Snapshot> snapshots = new ArrayList<>();

  StripeSubscription(String id, String itemId, StripeCustomer customer, Instant created) {
    this.id = id;
    this.itemId = itemId;
    this.customer = customer;
    this.created = created;
  }

  Snapshot last() {
    return snapshots.get(snapshots.size() - 1);
  }

  /** End of the last service segment (may lie after the world's end). */
  Instant serviceEnd() {
    return segments.get(segments.size() - 1).end();
  }
}
