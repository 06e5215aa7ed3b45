package io.osswarehouse.generate;

import io.osswarehouse.generate.Community.Kind;
import io.osswarehouse.generate.Community.ProfileEmail;
import io.osswarehouse.generate.Community.Star;
import io.osswarehouse.generate.Community.Stint;
import io.osswarehouse.generate.Community.User;
import io.osswarehouse.generate.GhArchiveEmitter.Event;
import io.osswarehouse.metrics.MrrMath;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What each organisation did, as the landed files show it to someone who links identities by the
 * documented rules ({@code _truth/organization_journeys.csv}, {@code _truth/organization_stage_months.csv};
 * definitions in docs/generator.md). Built from the simulated facts: the stargazers, the GH Archive events
 * that reached a file, the GA4 sign-ups and the MRR truth. A person's touch belongs to the organisation
 * they worked for that day. Only people whose profile reveals the company count: a company e-mail or blog
 * (as in the identities truth), or {@code @<orglogin>} as company when a Stripe customer names that login
 * in its metadata (docs/accounts.md: a known organisation). Commits count by their author's work domain,
 * sign-ups when made with a work address.
 */
final class FunnelTruth {
  static final String JOURNEYS = "_truth/organization_journeys.csv";
  static final String STAGE_MONTHS = "_truth/organization_stage_months.csv";

  /** One dated touch of an organisation; {@code kind} as in int_account_touches. */
  private record Touch(String orgId, LocalDate day, String stage, String kind) {
    boolean activity() {
      return !kind.equals("star") && !kind.equals("fork");
    }
  }

  /** How a paying organisation's billing customer can be linked, and the customer's id. */
  record Customer(String id, String link) {}

  private final List<Touch> touches = new ArrayList<>();
  /** Organisation id → months with MRR > 0. */
  private final Map<String, TreeSet<YearMonth>> paidMonths = new TreeMap<>();
  /** Organisation id → first billed day (first non-trial segment with a positive amount). */
  private final Map<String, LocalDate> firstBilledDay = new TreeMap<>();
  private final Map<String, Customer> customers = new TreeMap<>();

  /** Organisation ids whose GitHub login a Stripe customer names: their {@code @login} profiles link. */
  private final Set<String> namedOrgs = new TreeSet<>();

  /**
   * Stars (full history) and the archive's visible events of linkable people; {@code namedLogins}: the
   * GitHub organisation logins named in Stripe metadata.
   */
  void community(Community community, List<Event> landed, Set<String> namedLogins) {
    community.orgLogins.forEach((org, login) -> {
      if (namedLogins.contains(login)) {
        namedOrgs.add(org);
      }
    });
    for (Star s : community.stars) {
      touch(s.user(), Community.day(s.at()), "intent", "star");
    }
    for (Event e : landed) {
      LocalDate day = Community.day(e.at());
      switch (e.type()) {
        case "ForkEvent" -> touch(e.actor(), day, "intent", "fork");
        case "IssuesEvent", "PullRequestEvent" -> touch(e.actor(), day, "action", "issue_or_pr");
        case "IssueCommentEvent" -> touch(e.actor(), day, "action", "comment");
        case "PushEvent" -> e.authors().forEach(a -> {
          Stint s = a.stintAt(day); // a work address only when the profile reveals the company
          if (a.kind() == Kind.MEMBER && s != null && linkable(a)) {
            touches.add(new Touch(s.org().id(), day, "action", "commit"));
          }
        });
        default -> { }
      }
    }
  }

  /** A GA4 sign-up; only a work address links the web user to the organisation. */
  void signUp(Organization org, LocalDate day, boolean workAddress) {
    if (workAddress) {
      touches.add(new Touch(org.id(), day, "action", "sign_up"));
    }
  }

  /** The billing side: months with MRR > 0 per organisation and the first billed day. */
  void billing(Map<String, Customer> byOrg, List<TruthWriter.Row> mrr, List<ServiceSegment> segments) {
    customers.putAll(byOrg);
    Map<String, String> orgOfCustomer = new TreeMap<>();
    byOrg.forEach((org, c) -> orgOfCustomer.put(c.id(), org));
    for (TruthWriter.Row r : mrr) {
      if (r.mrr().signum() > 0) {
        paidMonths.computeIfAbsent(orgOfCustomer.get(r.customerId()), k -> new TreeSet<>()).add(r.month());
      }
    }
    for (ServiceSegment s : segments) {
      long full = s.fullAmount();
      long discount = s.percentOff() == null ? 0 : MrrMath.percentDiscountMinor(full, s.percentOff());
      if (!s.trial() && full - discount > 0) {
        firstBilledDay.merge(orgOfCustomer.get(s.customerId()), Community.day(s.start()),
            (a, b) -> a.isBefore(b) ? a : b);
      }
    }
  }

  private void touch(User u, LocalDate day, String stage, String kind) {
    Stint s = u.kind() == Kind.MEMBER ? u.stintAt(day) : null;
    if (s != null && (linkable(u) || u.companyAsHandle() && namedOrgs.contains(s.org().id()))) {
      touches.add(new Touch(s.org().id(), day, stage, kind));
    }
  }

  /** The identities truth's linkable people: a company e-mail or a blog at the company's site (commits too). */
  private static boolean linkable(User u) {
    return u.profileEmail() == ProfileEmail.COMPANY || u.blogAtCompany();
  }

  /**
   * Activated in a month: activity in at least 3 distinct Monday-weeks of the 8 ending with the week that
   * holds the month's last day (docs/funnel.md).
   */
  static boolean activated(TreeSet<LocalDate> activityWeeks, YearMonth month) {
    LocalDate last = month.atEndOfMonth().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    return activityWeeks.subSet(last.minusWeeks(7), true, last, true).size() >= 3;
  }

  void write(LandingFiles out, LocalDate start, LocalDate end) {
    YearMonth lastComplete = end.equals(YearMonth.from(end).atEndOfMonth()) ? YearMonth.from(end)
        : YearMonth.from(end).minusMonths(1);
    Map<String, List<Touch>> byOrg = new TreeMap<>();
    touches.forEach(t -> byOrg.computeIfAbsent(t.orgId(), k -> new ArrayList<>()).add(t));
    paidMonths.keySet().forEach(o -> byOrg.computeIfAbsent(o, k -> new ArrayList<>()));
    Instant order = Instant.EPOCH; // rows are added in key order
    out.header(STAGE_MONTHS, "org_id,month,stage");
    out.header(JOURNEYS, "org_id,customer_id,customer_link,first_star_date,first_intent_date,first_action_date,"
        + "first_activation_month,first_payment_month,first_payment_date,first_community_date,"
        + "community_touches_before_paying,lead_time_days");
    byOrg.forEach((org, list) -> {
      TreeSet<LocalDate> weeks = new TreeSet<>();
      Map<YearMonth, TreeSet<String>> stages = new TreeMap<>();
      for (Touch t : list) {
        if (t.activity()) {
          weeks.add(t.day().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
        }
        stages.computeIfAbsent(YearMonth.from(t.day()), k -> new TreeSet<>()).add(t.stage());
      }
      TreeSet<YearMonth> paid = paidMonths.getOrDefault(org, new TreeSet<>());
      paid.forEach(m -> stages.computeIfAbsent(m, k -> new TreeSet<>()).add("monetization"));
      YearMonth firstActivation = null;
      for (YearMonth m = YearMonth.from(start); !m.isAfter(lastComplete); m = m.plusMonths(1)) {
        if (activated(weeks, m)) {
          stages.computeIfAbsent(m, k -> new TreeSet<>()).add("activation");
          firstActivation = firstActivation == null ? m : firstActivation;
        }
      }
      stages.forEach((m, set) -> {
        if (!m.isBefore(YearMonth.from(start)) && !m.isAfter(lastComplete)) {
          set.forEach(stage -> out.add(STAGE_MONTHS, order, org + "," + m.atDay(1) + "," + stage));
        }
      });
      if (!paid.isEmpty()) {
        out.add(JOURNEYS, order, journey(org, list, paid.first(), firstActivation));
      }
    });
  }

  /** The journey of a paying organisation, with the same definitions as gold.account_journeys. */
  private String journey(String org, List<Touch> list, YearMonth firstPaid, YearMonth firstActivation) {
    LocalDate paidMonth = firstPaid.atDay(1);
    LocalDate billed = firstBilledDay.get(org);
    LocalDate paidDay = billed == null || billed.isBefore(paidMonth) ? paidMonth : billed;
    LocalDate firstStar = null;
    LocalDate firstIntent = null;
    LocalDate firstAction = null;
    LocalDate firstCommunity = null;
    long before = 0;
    for (Touch t : list) {
      firstStar = t.kind().equals("star") ? min(firstStar, t.day()) : firstStar;
      firstIntent = t.stage().equals("intent") ? min(firstIntent, t.day()) : firstIntent;
      firstAction = t.stage().equals("action") ? min(firstAction, t.day()) : firstAction;
      if (t.day().isBefore(paidDay)) {
        firstCommunity = min(firstCommunity, t.day());
        before++;
      }
    }
    Customer c = customers.get(org);
    return String.join(",", org, c.id(), c.link(), text(firstStar), text(firstIntent), text(firstAction),
        firstActivation == null ? "" : firstActivation.atDay(1).toString(), paidMonth.toString(), paidDay.toString(),
        text(firstCommunity), Long.toString(before),
        firstCommunity == null ? "" : Long.toString(ChronoUnit.DAYS.between(firstCommunity, paidDay)));
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  private static String text(LocalDate d) {
    return d == null ? "" : d.toString();
  }
}
