package io.osswarehouse.ingest.billing;

import static org.apache.spark.sql.types.DataTypes.StringType;

import io.osswarehouse.common.Currencies;
import io.osswarehouse.ingest.CsvSupport;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.ParsedFile;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * Exchange rates to the reporting currency: {@code <landing>/billing/fx_rates/*.csv} with header
 * {@code date,currency,rate}, where rate is reporting-currency units per one unit of {@code currency}.
 * The latest rate on or before a date applies; a later file may correct an earlier rate.
 */
public final class FxRatesSource implements LandingSource {
  public static final String NAME = "billing/fx_rates";
  public static final List<String> COLUMNS = List.of("date", "currency", "rate");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String directory() {
    return "billing/fx_rates";
  }

  @Override
  public boolean accepts(Path relativePath) {
    return relativePath.getFileName().toString().matches(".*\\.csv(\\.gz)?");
  }

  @Override
  public String bronzeTable() {
    return "bronze.billing__fx_rates";
  }

  @Override
  public StructType recordSchema() {
    return new StructType().add("date", StringType, true).add("currency", StringType, true)
        .add("rate", StringType, true);
  }

  @Override
  public ParsedFile parse(String fileName, byte[] content) {
    return CsvSupport.parse(content, COLUMNS, r -> {
      LocalDate date = LocalDate.parse(SubscriptionPeriodsSource.required(r, "date"));
      String currency = Currencies.normalize(SubscriptionPeriodsSource.required(r, "currency"));
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
    });
  }
}
