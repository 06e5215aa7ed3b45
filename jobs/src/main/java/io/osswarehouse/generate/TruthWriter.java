package io.osswarehouse.generate;

import io.osswarehouse.common.Currencies;
import io.osswarehouse.metrics.MrrMath;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The expected answers, computed from the service segments (never from rendered invoices) with the
 * shared {@link MrrMath} rules: {@code _truth/customer_mrr_monthly.csv} and {@code _truth/organizations.csv}.
 */
final class TruthWriter {
  static final String MRR_HEADER = "customer_id,month,mrr,contract_mrr";
  static final String ORGANIZATIONS_HEADER = "org_id,name,domain,country,currency,billing_source,customer_id";

  /** One customer-month; {@code mrr} is after coupons, {@code contractMrr} at list price. */
  record Row(String customerId, YearMonth month, BigDecimal mrr, BigDecimal contractMrr) {
    String csv() {
      return customerId + "," + month + "," + mrr.toPlainString() + "," + contractMrr.toPlainString();
    }
  }

  /** How an organisation is billed, for the organisations truth file. */
  record Billing(String source, String customerId) {
    static final Billing NONE = new Billing("none", "");
  }

  private TruthWriter() {}

  /**
   * MRR per customer for each month from {@code start}'s to {@code end}'s: a non-trial segment counts
   * when it covers the month's snapshot instant S ({@code start < S <= end}), converted at the rate
   * of the snapshot date. Rows are sorted by customer and month; all-zero rows are left out.
   */
  static List<Row> monthlyMrr(List<ServiceSegment> segments, FxRates fx, LocalDate start, LocalDate end) {
    Map<String, Map<YearMonth, BigDecimal[]>> sums = new TreeMap<>();
    for (YearMonth m = YearMonth.from(start); !m.isAfter(YearMonth.from(end)); m = m.plusMonths(1)) {
      Instant snapshot = MrrMath.snapshotExclusive(m, end).atStartOfDay(ZoneOffset.UTC).toInstant();
      LocalDate rateDate = MrrMath.snapshotDate(m, end);
      for (ServiceSegment s : segments) {
        if (s.trial() || !s.activeAt(snapshot)) {
          continue;
        }
        String currency = s.price().currency();
        long full = s.fullAmount();
        long discount = s.percentOff() == null ? 0 : MrrMath.percentDiscountMinor(full, s.percentOff());
        BigDecimal rate = fx.rate(currency, rateDate);
        BigDecimal contract = MrrMath.convert(monthly(full, s), rate);
        BigDecimal billed = MrrMath.convert(monthly(full - discount, s), rate);
        BigDecimal[] sum = sums.computeIfAbsent(s.customerId(), c -> new TreeMap<>())
            .computeIfAbsent(m, x -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        sum[0] = sum[0].add(billed);
        sum[1] = sum[1].add(contract);
      }
    }
    return sums.entrySet().stream().flatMap(c -> c.getValue().entrySet().stream()
            .map(m -> new Row(c.getKey(), m.getKey(), MrrMath.report(m.getValue()[0]),
                MrrMath.report(m.getValue()[1]))))
        .filter(r -> r.mrr().signum() != 0 || r.contractMrr().signum() != 0)
        .toList();
  }

  private static BigDecimal monthly(long minor, ServiceSegment s) {
    return MrrMath.monthlyAmount(Currencies.toMajor(minor, s.price().currency()), s.price().interval(),
        s.price().intervalCount());
  }

  static void write(List<Row> rows, List<Organization> orgs, Map<String, Billing> billingByOrg, LandingFiles out) {
    String mrrPath = "_truth/customer_mrr_monthly.csv";
    out.header(mrrPath, MRR_HEADER);
    out.touch(mrrPath);
    Instant order = Instant.EPOCH; // already sorted: keep insertion order
    rows.forEach(r -> out.add(mrrPath, order, r.csv()));
    String orgPath = "_truth/organizations.csv";
    out.header(orgPath, ORGANIZATIONS_HEADER);
    for (Organization o : orgs) {
      Billing b = billingByOrg.getOrDefault(o.id(), Billing.NONE);
      out.add(orgPath, order, String.join(",", o.id(), o.name(), o.domain(), o.country(), o.currency(), b.source(),
          b.customerId()));
    }
  }
}
