package io.osswarehouse.generate;

import io.osswarehouse.generate.Catalog.Price;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A rendered Stripe invoice, independent of API shape. Amounts follow Stripe: line {@code amount} is
 * before discounts and before exclusive tax; {@code total = subtotal - discounts + tax}.
 *
 * @param subscriptionId null for manual (one-off) invoices
 * @param status "paid" or "void"
 */
record Invoice(String id, String number, StripeCustomer customer, Instant created, String status,
    String billingReason, String subscriptionId, Instant periodStart, Instant periodEnd, List<Line> lines,
    Instant paidAt, Instant voidedAt, String chargeId) {

  /** How a line came about: the regular charge of a period, a proration, or a one-time item. */
  enum Kind { SUBSCRIPTION, PRORATION, ONE_TIME }

  /**
   * One invoice line. {@code discount} is the positive magnitude of the coupon on this line;
   * {@code tax} the exclusive tax on the discounted amount, signed like {@code amount}.
   */
  record Line(String id, String invoiceItemId, Kind kind, long amount, Price price, long quantity,
      Instant periodStart, Instant periodEnd, String subscriptionId, String itemId, String discountId,
      long discount, long tax, String description) {

    /** Amount after the discount, before tax. */
    long net() {
      return amount - Long.signum(amount) * discount;
    }

    Line withIds(String lineId, String invoiceItem, long lineTax) {
      return new Line(lineId, invoiceItem, kind, amount, price, quantity, periodStart, periodEnd, subscriptionId,
          itemId, discountId, discount, lineTax, description);
    }
  }

  String currency() {
    return customer.currency();
  }

  boolean paid() {
    return status.equals("paid");
  }

  long subtotal() {
    return lines.stream().mapToLong(Line::amount).sum();
  }

  /** Net discount: coupons reduce charges and (on credit lines) reduce credits. */
  long discount() {
    return lines.stream().mapToLong(l -> Long.signum(l.amount()) * l.discount()).sum();
  }

  long tax() {
    return lines.stream().mapToLong(Line::tax).sum();
  }

  long total() {
    return subtotal() - discount() + tax();
  }

  /** A net credit is kept on the customer balance, so nothing is due. */
  long amountDue() {
    return Math.max(0, total());
  }

  long amountPaid() {
    return paid() ? amountDue() : 0;
  }

  List<String> discountIds() {
    return lines.stream().map(Line::discountId).filter(Objects::nonNull).distinct().toList();
  }
}
