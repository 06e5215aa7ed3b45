package io.osswarehouse.generate;

import java.util.List;

/**
 * What {@link SampleDataGenerator#generate} wrote: the size of the world, the number of billing
 * customers per source (Stripe customers include trials that never converted), the number of files
 * and the billing currencies in use (sorted).
 */
public record GenerationSummary(int organizations, int stripeCustomers, int otherBillingCustomers, int filesWritten,
    List<String> currencies) {

  public GenerationSummary {
    currencies = List.copyOf(currencies);
  }
}
