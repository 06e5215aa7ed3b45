package io.osswarehouse.ingest.billing;

import io.osswarehouse.ingest.CsvSupport;
import io.osswarehouse.ingest.CsvLandingSource;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.commons.csv.CSVRecord;

/**
 * Exchange rates to the reporting currency: {@code <landing>/billing/fx_rates/*.csv} with header
 * {@code date,currency,rate}, where rate is reporting-currency units per one unit of {@code currency}.
 * The latest rate on or before a date applies; a later file may correct an earlier rate.
 */
public final class FxRatesSource extends CsvLandingSource {
  @Override
  public boolean holdsPersonalData() {
    return false;
  }

  public static final String NAME = "billing/fx_rates";
  public static final List<String> COLUMNS = List.of("date", "currency", "rate");

  public FxRatesSource() {
    super(NAME, COLUMNS);
  }

  @Override
  protected Object[] validate(CSVRecord r) {
    LocalDate date = SubscriptionPeriodsSource.date(r, "date");
    String currency = SubscriptionPeriodsSource.currency(r);
    BigDecimal rate;
    try {
      rate = new BigDecimal(SubscriptionPeriodsSource.required(r, "rate"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("rate '" + CsvSupport.field(r, "rate") + "' is not a decimal number");
    }
    if (rate.signum() <= 0) {
      throw new IllegalArgumentException("rate must be positive, got " + rate);
    }
    return new Object[] {date.toString(), currency, rate.toPlainString()};
  }
}
