package io.osswarehouse.generate;

import io.osswarehouse.generate.Catalog.Coupon;
import io.osswarehouse.generate.Catalog.Price;
import io.osswarehouse.generate.Catalog.TaxRate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Stripe customer as simulated: the organisation behind it, its subscriptions (with their service
 * segments and snapshots) and one-off charges. Invoices are rendered from this later.
 */
final class StripeCustomer {
  /** A coupon applied to one subscription: applies to billing periods starting in [start, end). */
  record Discount(String id, Coupon coupon, String customerId, String subscriptionId, Instant start, Instant end) {
    boolean appliesAt(Instant periodStart) {
      return !periodStart.isBefore(start) && (end == null || periodStart.isBefore(end));
    }
  }

  /** A one-time item invoiced on its own (billing_reason manual), e.g. a training workshop. */
  record ManualCharge(Instant at, Price price) {}

  final String id;
  final Organization org;
  final Instant created;
  final String invoicePrefix;
  /** Exclusive VAT charged on every invoice, or null. */
  final TaxRate taxRate;
  final List<StripeSubscription> subscriptions = new ArrayList<>();
  final List<ManualCharge> manualCharges = new ArrayList<>();
  /** Billing e-mail and optional {@code metadata.github_org}, set once the community is known. */
  String email;
  String githubOrg;

  StripeCustomer(String id, Organization org, Instant created, String invoicePrefix, TaxRate taxRate) {
    this.id = id;
    this.org = org;
    this.created = created;
    this.invoicePrefix = invoicePrefix;
    this.taxRate = taxRate;
  }

  String currency() {
    return org.currency();
  }

  List<ServiceSegment> segments() {
    List<ServiceSegment> all = new ArrayList<>();
    subscriptions.forEach(s -> all.addAll(s.segments));
    return all;
  }
}
