package io.osswarehouse.generate;

import java.time.LocalDate;

/**
 * A company in the generated world, independent of any data source: the billing simulations and the
 * (later) GitHub, download and web-traffic emitters all read the same organisations and their traits.
 *
 * @param index 1-based position, also the key of the organisation's random streams
 * @param id {@code org_000001}…
 * @param currency the currency the organisation would be billed in (upper case)
 * @param employees head count, which bounds the seats it buys
 * @param discovered the day the organisation first shows up (e.g. first GitHub activity)
 */
public record Organization(int index, String id, String name, String domain, String country, String currency,
    int employees, LocalDate discovered, Traits traits) {

  /**
   * Behaviour knobs drawn once per organisation so that all emitters tell a consistent story.
   *
   * @param adoption 0..1, how heavily the organisation uses the open-source project
   * @param growth -1..1, tendency to add (positive) or remove (negative) seats
   * @param churnRisk multiplier (~0.3..3) on the base churn rate
   * @param payingPropensity 0..1 uniform; the top 20% become customers
   */
  public record Traits(double adoption, double growth, double churnRisk, double payingPropensity) {}

  /** Size band as commonly reported by enrichment vendors. */
  public String sizeBand() {
    if (employees <= 10) {
      return "1-10";
    }
    if (employees <= 50) {
      return "11-50";
    }
    if (employees <= 200) {
      return "51-200";
    }
    return employees <= 1000 ? "201-1000" : "1000+";
  }
}
