package io.osswarehouse.generate;

import io.osswarehouse.generate.Community.Stint;
import io.osswarehouse.generate.Community.User;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The identity side of billing and GitHub: a Stripe customer's e-mail (usually at the organisation's
 * domain, sometimes a founder's free-mail address) and, for some, {@code metadata.github_org}; and the
 * expected linkability of every GitHub user and organisation in {@code _truth/identities.csv}.
 */
final class BillingContact {
  private static final double FREE_MAIL = 0.15;
  private static final double GITHUB_ORG = 0.5;

  private BillingContact() {}

  static void assign(StripeCustomer c, Community community, CommunityTruth truth) {
    SplittableRandom rnd = Seeds.stream(community.world.seed(), c.org.index(), "billing-contact");
    boolean freeMail = rnd.nextDouble() < FREE_MAIL;
    String login = community.orgLogins.get(c.org.id());
    c.email = freeMail ? "accounts." + c.org.domain().replace('.', '-') + "@" + Community.FREE_MAIL
        : "billing@" + c.org.domain();
    c.githubOrg = login != null && rnd.nextDouble() < GITHUB_ORG ? login : null;
    boolean linkable = !freeMail || c.githubOrg != null;
    truth.identity("billing_customer", c.id, c.org.id(), Community.day(c.created), null, linkable,
        !freeMail ? "company-email" : linkable ? "github-org-metadata" : "free-mail");
  }

  /**
   * GitHub identities. A user is linkable (for the period of each job) when the profile shows the
   * company's domain as e-mail or blog; an organisation login when a customer names it in metadata.
   */
  static void githubIdentities(Community community, Set<String> named, CommunityTruth truth) {
    community.orgLogins.forEach((orgId, login) -> truth.identity("github_org", login, orgId,
        community.activeFrom.get(orgId), null, named.contains(login),
        named.contains(login) ? "stripe-metadata" : "no-billing-link"));
    for (User u : community.users) {
      switch (u.kind()) {
        case BOT -> truth.identity("github_user", u.login(), null, null, null, false, "bot");
        case MAINTAINER -> truth.identity("github_user", u.login(), null, u.joined(), null, false,
            "project-maintainer");
        case INDIVIDUAL -> truth.identity("github_user", u.login(), null, u.joined(), null, false,
            u.profileEmail() == Community.ProfileEmail.FREE_MAIL ? "free-mail" : "no-organization");
        case MEMBER -> {
          for (Stint s : u.stints()) {
            boolean email = u.profileEmail() == Community.ProfileEmail.COMPANY;
            truth.identity("github_user", u.login(), s.org().id(), s.from(), s.to() == null ? null : s.to().minusDays(1),
                email || u.blogAtCompany(), email ? "company-email" : u.blogAtCompany() ? "company-blog"
                    : u.profileEmail() == Community.ProfileEmail.FREE_MAIL ? "free-mail" : "no-public-email");
          }
        }
      }
    }
  }
}
