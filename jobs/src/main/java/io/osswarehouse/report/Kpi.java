package io.osswarehouse.report;

import java.math.BigDecimal;

/**
 * A summary-page figure: its value for the report month, the previous month and the same month a
 * year before (null where gold has no value for that month).
 */
public record Kpi(MetricDefinition metric, Kind kind, String unit, BigDecimal value, BigDecimal previousMonth,
    BigDecimal lastYear) {

  /**
   * Decides how the value and its changes are shown: money, a ratio (as %), a count, or a volume (a
   * count whose changes also read as %, e.g. downloads).
   */
  public enum Kind { MONEY, RATIO, COUNT, VOLUME }
}
