package io.osswarehouse.ingest.billing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.ingest.ParsedFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Validation of the generic subscription-periods CSV and the FX rates CSV. */
class SubscriptionPeriodsSourceTest {
  private static final String HEADER =
      "subscription_id,customer_id,plan_id,start_date,end_date,amount,currency,billing_interval,interval_count\n";

  private static ParsedFile periods(String body) {
    return new SubscriptionPeriodsSource().parse("p.csv", (HEADER + body).getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> reasons(ParsedFile f) {
    return f.rejections().stream().map(r -> r.position() + ": " + r.reason()).collect(Collectors.toList());
  }

  @Test
  void validRowsKeepTheirValuesNormalised() {
    ParsedFile f = periods("s1,c1,team,2024-01-15,,49.00,usd,Month,1\ns2,c2,,2024-02-01,2025-02-01,15000,JPY,year,1\n");
    assertEquals(List.of(), reasons(f));
    assertArrayEquals(new Object[] {"s1", "c1", "team", "2024-01-15", null, "49.00", "USD", "month", "1"},
        f.records().get(0).values());
  }

  @Test
  void everyInvalidRowIsRejectedWithItsReasonAndTheRestLoads() {
    ParsedFile f = periods(String.join("\n",
        "s1,c1,p,2024-01-15,,49.00,USD,month,1",
        ",c1,p,2024-01-15,,49.00,USD,month,1",
        "s3,c1,p,2024-02-30,,49.00,USD,month,1",
        "s4,c1,p,2024-03-01,2024-03-01,49.00,USD,month,1",
        "s5,c1,p,2024-03-01,,forty,USD,month,1",
        "s6,c1,p,2024-03-01,,49.001,USD,month,1",
        "s7,c1,p,2024-03-01,,100.5,JPY,month,1",
        "s8,c1,p,2024-03-01,,49,USD,fortnight,1",
        "s9,c1,p,2024-03-01,,49,USD,month,0",
        "s10,c1,p,2024-03-01,,49,USD",
        "s11,c1,p,2024-03-01,,-5,USD,month,1"));
    assertEquals(1, f.records().size());
    assertEquals(List.of(
        "2: subscription_id is empty",
        "3: start_date '2024-02-30' is not a valid YYYY-MM-DD date",
        "4: end_date 2024-03-01 is not after start_date 2024-03-01 (end_date is exclusive)",
        "5: amount 'forty' is not a decimal number",
        "6: amount 49.001 has more decimals than USD allows",
        "7: amount 100.5 has more decimals than JPY allows",
        "8: billing_interval 'fortnight' is not one of week, month, year",
        "9: interval_count must be at least 1, got 0",
        "10: has 7 fields, header has 9",
        "11: amount -5 is negative"), reasons(f));
    assertEquals(11, f.recordsRead());
  }

  @Test
  void aWrongHeaderRejectsEveryRowNamingTheMissingColumns() {
    ParsedFile f = new SubscriptionPeriodsSource().parse("p.csv",
        "subscription,customer_id,plan_id,start_date,end_date,amount,currency,billing_interval,interval_count\n"
            .concat("s1,c1,p,2024-01-15,,49.00,USD,month,1\n").getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("1: header lacks column(s) [subscription_id]; expected " + HEADER.trim()), reasons(f));
  }

  @Test
  void fxRatesMustBePositiveDecimals() {
    ParsedFile f = new FxRatesSource().parse("fx.csv",
        "date,currency,rate\n2024-01-01,eur,1.0845\n2024-01-02,EUR,0\n2024-01-03,EUR,abc\n"
            .getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(new Object[] {"2024-01-01", "EUR", "1.0845"}, f.records().get(0).values());
    assertEquals(List.of("2: rate must be positive, got 0", "3: rate 'abc' is not a decimal number"), reasons(f));
  }
}
