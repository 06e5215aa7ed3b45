package io.osswarehouse.generate;

import io.osswarehouse.common.Currencies;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generates a deterministic sample landing zone: a world of organisations, their billing in Stripe
 * (JSONL in the API shapes of the time) or in another billing system (subscription-period CSVs), daily
 * FX rates, the community around the project (GH Archive, GitHub REST, package downloads, web traffic;
 * see {@link Community}), and under {@code _truth/} the expected monthly MRR per customer, the
 * organisation to customer mapping and the community truths (docs/generator.md). The same arguments always produce the same bytes; nothing is dated after {@code end}.
 */
public final class SampleDataGenerator {
  /** Share of organisations that become billing customers, and of those, the share not on Stripe. */
  private static final double PAYING = 0.2;
  private static final double OTHER_SYSTEM = 0.25;

  private enum Source { NONE, STRIPE, OTHER }

  private SampleDataGenerator() {}

  /** The GitHub organisation that owns the project's repositories (the one to track). */
  public static final String PROJECT_GITHUB_ORGANIZATION = Community.PROJECT_ORG;

  /** Writes sample raw exports under landing; deterministic for (seed, organizations, start, end, background). */
  public static GenerationSummary generate(Path landing, long seed, int organizations, LocalDate start,
      LocalDate end, String reportingCurrency) throws IOException {
    return generate(landing, seed, organizations, start, end, reportingCurrency, Background.NONE);
  }

  /** As {@link #generate(Path, long, int, LocalDate, LocalDate, String)}, with background traffic added. */
  public static GenerationSummary generate(Path landing, long seed, int organizations, LocalDate start,
      LocalDate end, String reportingCurrency, Background background) throws IOException {
    String reporting = Currencies.normalize(reportingCurrency);
    World world = World.create(seed, organizations, start, end);
    Instant startInstant = start.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant horizon = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Catalog catalog = new Catalog(seed, startInstant);
    StripeSimulation stripe = new StripeSimulation(catalog, seed, startInstant, horizon);
    OtherBillingSimulation other = new OtherBillingSimulation(seed, start, end);

    LandingFiles out = new LandingFiles();
    StripeEmitter stripeOut = new StripeEmitter(out);
    stripeOut.catalog(catalog);
    List<ServiceSegment> segments = new ArrayList<>();
    Map<String, TruthWriter.Billing> billing = new TreeMap<>();
    TreeSet<String> currencies = new TreeSet<>();
    int stripeCustomers = 0;
    int otherCustomers = 0;
    List<Source> sources = sources(world);
    List<StripeCustomer> stripeSimulated = new ArrayList<>();
    List<OtherBillingSimulation.Customer> otherSimulated = new ArrayList<>();
    Map<String, LocalDate> firstBilled = new TreeMap<>();
    for (Organization org : world.organizations()) {
      Source source = sources.get(org.index() - 1);
      if (source == Source.STRIPE) {
        StripeCustomer c = stripe.simulate(org);
        stripeSimulated.add(c);
        firstBilled.put(org.id(), Community.day(c.created));
      } else if (source == Source.OTHER) {
        OtherBillingSimulation.Customer c = other.simulate(org);
        otherSimulated.add(c);
        c.segments().stream().map(ServiceSegment::start).min(Instant::compareTo)
            .ifPresent(first -> firstBilled.put(org.id(), Community.day(first)));
      }
    }
    // the community depends on when organisations start paying, and billing contacts on GitHub logins
    Community community = Community.create(world, firstBilled);
    CommunityTruth communityTruth = new CommunityTruth();
    for (StripeCustomer c : stripeSimulated) {
      BillingContact.assign(c, community, communityTruth);
      stripeOut.customer(c, StripeInvoicing.render(c, seed, horizon));
      segments.addAll(c.segments());
      billing.put(c.org.id(), new TruthWriter.Billing("stripe", c.id));
      currencies.add(c.org.currency());
      stripeCustomers++;
    }
    for (OtherBillingSimulation.Customer c : otherSimulated) {
      SubscriptionPeriodsEmitter.emit(c, out);
      segments.addAll(c.segments());
      billing.put(c.org().id(), new TruthWriter.Billing("other", c.id()));
      currencies.add(c.org().currency());
      otherCustomers++;
    }
    Set<String> namedOrgs = new TreeSet<>();
    stripeSimulated.stream().filter(c -> c.githubOrg != null).forEach(c -> namedOrgs.add(c.githubOrg));
    GhArchiveEmitter archive = new GhArchiveEmitter(community, out, background);
    archive.emit();
    communityTruth.funnel.community(community, archive.landed(), namedOrgs);
    new GithubRestEmitter(community, out).emit();
    new DownloadsEmitter(community, out, communityTruth, background).emit();
    new WebEmitter(community, out, communityTruth, background).emit();
    BillingContact.githubIdentities(community, namedOrgs, communityTruth);
    communityTruth.write(community, out);
    FxRates fx = FxRates.simulate(seed, currencies, reporting, start, end);
    FxRatesEmitter.emit(fx, out);
    List<TruthWriter.Row> mrr = TruthWriter.monthlyMrr(segments, fx, start, end);
    TruthWriter.write(mrr, world.organizations(), billing, out);
    communityTruth.funnel.billing(funnelCustomers(stripeSimulated, otherSimulated), mrr, segments);
    communityTruth.funnel.write(out, start, end);
    int files = out.writeTo(landing);
    return new GenerationSummary(organizations, stripeCustomers, otherCustomers, files, List.copyOf(currencies));
  }

  /** Organisation id → its billing customer and how that customer can be linked (identities truth). */
  private static Map<String, FunnelTruth.Customer> funnelCustomers(List<StripeCustomer> stripe,
      List<OtherBillingSimulation.Customer> other) {
    Map<String, FunnelTruth.Customer> byOrg = new TreeMap<>();
    for (StripeCustomer c : stripe) {
      boolean freeMail = c.email.endsWith("@" + Community.FREE_MAIL);
      byOrg.put(c.org.id(), new FunnelTruth.Customer(c.id, !freeMail ? "company-email"
          : c.githubOrg != null ? "github-org-metadata" : "free-mail"));
    }
    other.forEach(c -> byOrg.put(c.org().id(), new FunnelTruth.Customer(c.id(), "other-billing")));
    return byOrg;
  }

  /**
   * Who bills where: the top 20% by paying propensity become customers, a quarter of them outside
   * Stripe. Tiny worlds are nudged so that both sources always have at least one customer.
   */
  private static List<Source> sources(World world) {
    List<Source> sources = new ArrayList<>();
    for (Organization org : world.organizations()) {
      SplittableRandom rnd = Seeds.stream(world.seed(), org.index(), "billing-source");
      boolean paying = org.traits().payingPropensity() >= 1 - PAYING;
      sources.add(!paying ? Source.NONE : rnd.nextDouble() < OTHER_SYSTEM ? Source.OTHER : Source.STRIPE);
    }
    if (sources.size() >= 2) {
      ensure(sources, Source.STRIPE, 0);
      ensure(sources, Source.OTHER, sources.size() - 1);
    }
    return sources;
  }

  private static void ensure(List<Source> sources, Source wanted, int preferred) {
    if (sources.contains(wanted)) {
      return;
    }
    int i = preferred;
    if (sources.get(i) != Source.NONE && Collections.frequency(sources, sources.get(i)) == 1) {
      i = preferred == 0 ? 1 : sources.size() - 2; // never take away another source's only customer
    }
    sources.set(i, wanted);
  }
}
