package io.osswarehouse.ingest.billing;

import static io.osswarehouse.ingest.CsvSupport.field;

import io.osswarehouse.common.Currencies;
import io.osswarehouse.ingest.CsvLandingSource;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;

/**
 * The generic subscription-periods CSV for billing systems other than Stripe:
 * {@code <landing>/billing/subscription_periods/*.csv} with header
 * {@code subscription_id,customer_id,plan_id,start_date,end_date,amount,currency,billing_interval,interval_count}.
 * {@code end_date} is exclusive and blank while active; {@code amount} is per billing interval in
 * major units. A later file may restate a period (same subscription_id and start_date) with its end.
 */
public final class SubscriptionPeriodsSource extends CsvLandingSource {
  public static final String NAME = "billing/subscription_periods";
  public static final List<String> COLUMNS = List.of("subscription_id", "customer_id", "plan_id", "start_date",
      "end_date", "amount", "currency", "billing_interval", "interval_count");
  private static final Set<String> INTERVALS = Set.of("week", "month", "year");

  public SubscriptionPeriodsSource() {
    super(NAME, COLUMNS);
  }

  @Override
  protected Object[] validate(CSVRecord r) {
    return validateRow(r);
  }

  static Object[] validateRow(CSVRecord r) {
    String subscription = required(r, "subscription_id");
    String customer = required(r, "customer_id");
    LocalDate start = date(r, "start_date");
    String endText = field(r, "end_date");
    if (!endText.isEmpty() && !date(r, "end_date").isAfter(start)) {
      throw new IllegalArgumentException("end_date " + endText + " is not after start_date " + start
          + " (end_date is exclusive)");
    }
    String currency = currency(r);
    BigDecimal amount;
    try {
      amount = new BigDecimal(required(r, "amount"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("amount '" + field(r, "amount") + "' is not a decimal number");
    }
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("amount " + amount + " is negative");
    }
    if (amount.stripTrailingZeros().scale() > Currencies.exponent(currency)) {
      throw new IllegalArgumentException("amount " + amount + " has more decimals than " + currency + " allows");
    }
    String interval = required(r, "billing_interval").toLowerCase(java.util.Locale.ROOT);
    if (!INTERVALS.contains(interval)) {
      throw new IllegalArgumentException("billing_interval '" + interval + "' is not one of week, month, year");
    }
    int count;
    try {
      count = Integer.parseInt(required(r, "interval_count"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("interval_count '" + field(r, "interval_count") + "' is not an integer");
    }
    if (count < 1) {
      throw new IllegalArgumentException("interval_count must be at least 1, got " + count);
    }
    return new Object[] {subscription, customer, field(r, "plan_id"), start.toString(),
        endText.isEmpty() ? null : endText, amount.toPlainString(), currency, interval, Integer.toString(count)};
  }

  /** A required ISO date; other formats (01/15/2025, 15.01.2025) are ambiguous, so never guessed. */
  static LocalDate date(CSVRecord r, String name) {
    String v = required(r, name);
    try {
      return LocalDate.parse(v);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(name + " '" + v + "' is not a valid YYYY-MM-DD date");
    }
  }

  /**
   * A required ISO 4217 code, upper-cased. Three letters are not enough: an unknown code would load and
   * only fail the gold stage later, for want of an exchange rate, without naming the file.
   */
  static String currency(CSVRecord r) {
    String code = Currencies.normalize(required(r, "currency"));
    try {
      java.util.Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("currency '" + code + "' is not an ISO 4217 currency code");
    }
    return code;
  }

  static String required(CSVRecord r, String name) {
    String v = field(r, name);
    if (v.isEmpty()) {
      throw new IllegalArgumentException(name + " is empty");
    }
    return v;
  }
}
