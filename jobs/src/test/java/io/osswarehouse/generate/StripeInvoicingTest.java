package io.osswarehouse.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.generate.Catalog.Cadence;
import io.osswarehouse.generate.Catalog.Price;
import io.osswarehouse.generate.Catalog.Product;
import io.osswarehouse.generate.Catalog.Tier;
import io.osswarehouse.generate.Invoice.Kind;
import io.osswarehouse.generate.Invoice.Line;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invoices are rendered from service segments; hand-built segments give hand-checkable invoices. */
class StripeInvoicingTest {
  private static final Instant JAN_1 = TruthWriterTest.instant("2024-01-01");
  private static final Instant JAN_11 = TruthWriterTest.instant("2024-01-11");
  private static final Instant JAN_21 = TruthWriterTest.instant("2024-01-21");
  private static final Instant FEB_1 = TruthWriterTest.instant("2024-02-01");
  private static final Instant MAR_1 = TruthWriterTest.instant("2024-03-01");
  private static final Price TEAM = new Price("price_team", new Product("prod_team", "Team", JAN_1), Tier.TEAM, "USD",
      1_500, Cadence.MONTHLY, JAN_1);

  private final StripeCustomer customer = new StripeCustomer("cus_test", new Organization(1, "org_000001", "Test Co",
      "test.example", "US", "USD", 50, LocalDate.of(2023, 6, 1), new Organization.Traits(0.5, 0, 1, 0.9)), JAN_1,
      "TEST0001", null);
  private final StripeSubscription sub = new StripeSubscription("sub_test", "si_test", customer, JAN_1);

  @Test
  void midPeriodUpgradeIsInvoicedAsAProrationPairThenAtTheNewQuantity() {
    // 2 seats from 1 Jan; 5 seats from 11 Jan (21 of 31 days left); renewed 1 Feb at 5 seats.
    add(2, JAN_1, JAN_11, JAN_1, FEB_1, null);
    add(5, JAN_11, FEB_1, JAN_1, FEB_1, null);
    add(5, FEB_1, MAR_1, FEB_1, MAR_1, null);
    List<Invoice> invoices = paid();
    assertEquals(List.of("subscription_create", "subscription_update", "subscription_cycle"),
        invoices.stream().map(Invoice::billingReason).toList());
    assertEquals(List.of(3_000L), amounts(invoices.get(0)));
    // -round(3000 × 21/31) = -2032 (2032.26), +round(7500 × 21/31) = 5081 (5080.65)
    assertEquals(List.of(-2_032L, 5_081L), amounts(invoices.get(1)));
    for (Line l : invoices.get(1).lines()) {
      assertEquals(Kind.PRORATION, l.kind());
      assertEquals(JAN_11, l.periodStart());
      assertEquals(FEB_1, l.periodEnd());
    }
    assertEquals(List.of(2L, 5L), invoices.get(1).lines().stream().map(Line::quantity).toList());
    assertEquals(3_049, invoices.get(1).subtotal());
    Line renewal = invoices.get(2).lines().get(0);
    assertEquals(List.of(7_500L, 5L, FEB_1, MAR_1), List.of(renewal.amount(), renewal.quantity(),
        renewal.periodStart(), renewal.periodEnd()));
    assertEquals(Kind.SUBSCRIPTION, renewal.kind());
  }

  @Test
  void immediateCancelCreditsUnusedTimeNetOfTheCoupon() {
    sub.discount = new StripeCustomer.Discount("di_test", new Catalog.Coupon("C25", "25%", new BigDecimal("25"), null,
        JAN_1), customer.id, sub.id, JAN_1, null);
    add(4, JAN_1, JAN_21, JAN_1, FEB_1, new BigDecimal("25"));
    List<Invoice> invoices = paid();
    assertEquals(2, invoices.size());
    assertEquals(1_500, invoices.get(0).lines().get(0).discount()); // 25% of 6000
    Invoice cancel = invoices.get(1);
    // -round(6000 × 11/31) = -2129; the coupon shrinks the credit by round(2129 × 25%) = 532
    assertEquals(List.of(-2_129L), amounts(cancel));
    assertEquals(532, cancel.lines().get(0).discount());
    assertEquals(-1_597, cancel.total());
    assertEquals(0, cancel.amountDue());
  }

  @Test
  void threeDecimalCurrenciesProrateToWholeTensOfMinorUnits() {
    assertEquals(17_740, Money.fraction(50_000, 11, 31, "KWD")); // 17741.9 → 17740
    assertEquals(17_742, Money.fraction(50_000, 11, 31, "JPY"));
    assertEquals(-3_550, Money.tax(-17_750, new BigDecimal("20"), "KWD"));
  }

  private void add(long quantity, Instant from, Instant to, Instant periodStart, Instant periodEnd, BigDecimal pct) {
    if (customer.subscriptions.isEmpty()) {
      customer.subscriptions.add(sub);
    }
    sub.segments.add(new ServiceSegment(customer.id, sub.id, sub.itemId, TEAM, quantity, from, to, pct, false,
        periodStart, periodEnd));
  }

  private List<Invoice> paid() {
    return StripeInvoicing.render(customer, 1, TruthWriterTest.instant("2024-06-01")).invoices().stream()
        .filter(Invoice::paid).toList();
  }

  private static List<Long> amounts(Invoice invoice) {
    return invoice.lines().stream().map(Line::amount).toList();
  }
}
