package io.osswarehouse.generate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.NavigableMap;

/** Writes {@code billing/fx_rates/fx_rates_YYYY-MM.csv}: {@code date,currency,rate}, one row per day and currency. */
final class FxRatesEmitter {
  static final String HEADER = "date,currency,rate";

  private FxRatesEmitter() {}

  static void emit(FxRates fx, LandingFiles out) {
    for (Map.Entry<String, NavigableMap<LocalDate, BigDecimal>> currency : fx.series().entrySet()) {
      currency.getValue().forEach((day, rate) -> {
        String path = "billing/fx_rates/fx_rates_" + day.toString().substring(0, 7) + ".csv";
        out.header(path, HEADER);
        out.add(path, day.atStartOfDay(ZoneOffset.UTC).toInstant(),
            day + "," + currency.getKey() + "," + rate.toPlainString());
      });
    }
  }
}
