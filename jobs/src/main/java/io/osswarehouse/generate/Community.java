package io.osswarehouse.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The open-source community around the project, built from the same organisations as billing: the
 * project's repositories, each engaged organisation's GitHub organisation and people, unaffiliated
 * individuals, bots, and who starred what when. The GitHub, download and web emitters all read this,
 * so one organisation's adoption shows up consistently (and, for customers, before it pays).
 */
final class Community {
  /** The project's GitHub organisation and site domain. */
  static final String PROJECT_ORG = "osswh";
  static final String PROJECT_DOMAIN = "osswh.dev";
  static final String FREE_MAIL = "gmail.com";
  /** Organisations with at least this adoption (or paying) have a GitHub presence and people. */
  static final double ENGAGED = 0.2;

  record Repo(String name, long id, Instant created, double starShare) {
    String fullName() {
      return PROJECT_ORG + "/" + name;
    }
  }

  static final List<Repo> REPOS = List.of(
      new Repo("warehouse", 612_448_203L, Instant.parse("2023-03-14T09:12:44Z"), 0.55),
      new Repo("warehouse-connectors", 734_221_905L, Instant.parse("2024-06-03T15:40:02Z"), 0.2));

  enum Kind { MEMBER, INDIVIDUAL, MAINTAINER, BOT }

  /** Where a user's public profile e-mail points; drives whether the user can be linked to a company. */
  enum ProfileEmail { COMPANY, FREE_MAIL, NONE }

  /** A period of employment; {@code to} exclusive, null while open. */
  record Stint(Organization org, LocalDate from, LocalDate to) {
    boolean covers(LocalDate day) {
      return !day.isBefore(from) && (to == null || day.isBefore(to));
    }
  }

  /** A GitHub account. Bots and individuals have no stints. */
  record User(long id, String login, String name, Kind kind, LocalDate joined, List<Stint> stints,
      ProfileEmail profileEmail, boolean blogAtCompany, boolean companyAsHandle, String localPart) {
    Stint stintAt(LocalDate day) {
      for (Stint s : stints) {
        if (s.covers(day)) {
          return s;
        }
      }
      return null;
    }

    boolean bot() {
      return kind == Kind.BOT;
    }

    /** The company domain the user works for on {@code day}: the project's own for maintainers. */
    String domainAt(LocalDate day) {
      if (kind == Kind.MAINTAINER) {
        return PROJECT_DOMAIN;
      }
      Stint s = stintAt(day);
      return s == null ? null : s.org().domain();
    }

    /** Public profile e-mail, or null. */
    String profileEmailAt(LocalDate day) {
      String domain = domainAt(day);
      return switch (profileEmail) {
        case COMPANY -> domain == null ? null : localPart + "@" + domain;
        case FREE_MAIL -> localPart + "@" + FREE_MAIL;
        case NONE -> null;
      };
    }

    /**
     * The commit author address: the work address only when the profile also reveals the company, so a
     * commit never links a user the profile truth calls unlinkable.
     */
    String commitEmailAt(LocalDate day) {
      if (bot()) {
        return id + "+" + login + "@users.noreply.github.com";
      }
      String domain = domainAt(day);
      boolean work = domain != null && (profileEmail == ProfileEmail.COMPANY || blogAtCompany);
      return localPart + "@" + (work ? domain : FREE_MAIL);
    }
  }

  record Asset(long id, String name, String contentType, long size) {}

  /** A published GitHub release; the package registries publish the same versions the same day. */
  record Release(Repo repo, long id, String version, Instant published, List<Asset> assets) {
    String tag() {
      return "v" + version;
    }
  }

  /** One star as the stargazers API lists it (current stargazers only; nobody un-stars here). */
  record Star(Repo repo, User user, Instant at) {}

  private static final String[] FIRST = {"alex", "sam", "maria", "li", "jonas", "priya", "omar", "yuki", "sofia",
      "lucas", "anna", "ravi", "emma", "noah", "chen", "fatima", "mateo", "ines", "kai", "lena", "arjun", "nora",
      "felix", "mia", "tomas", "aiko", "david", "sara", "ivan", "zoe"};
  private static final String[] LAST = {"smith", "mueller", "garcia", "wang", "kumar", "tanaka", "rossi", "silva",
      "novak", "jensen", "dubois", "kim", "lopez", "ahmed", "berg", "costa", "meyer", "sato", "khan", "ward"};

  final World world;
  final LocalDate end;
  /** Organisation id → GitHub organisation login (only engaged organisations have one). */
  final Map<String, String> orgLogins = new LinkedHashMap<>();
  /** Organisation id → the day it starts using the project (engaged organisations only). */
  final Map<String, LocalDate> activeFrom = new LinkedHashMap<>();
  final List<User> users = new ArrayList<>();
  final List<Star> stars = new ArrayList<>();
  /** Organisation id → the day someone from it signs up on the website (customers shortly before paying). */
  final Map<String, LocalDate> signedUp = new LinkedHashMap<>();
  /** Organisation id → first billed day, for the organisations that become customers. */
  final Map<String, LocalDate> firstBilled = new LinkedHashMap<>();
  /** All releases of all repositories, oldest first. */
  final List<Release> releases = new ArrayList<>();

  private Community(World world) {
    this.world = world;
    this.end = world.end();
  }

  /**
   * Builds the community; {@code firstBilled} (organisation id → first billed day) makes a customer's
   * usage start 1-8 months before it pays, so adoption signals precede conversion.
   */
  static Community create(World world, Map<String, LocalDate> firstBilled) {
    Community c = new Community(world);
    c.firstBilled.putAll(firstBilled);
    long seed = world.seed();
    Set<String> logins = new HashSet<>(); // membership only
    for (Organization org : world.organizations()) {
      LocalDate billed = firstBilled.get(org.id());
      if (billed == null && org.traits().adoption() < ENGAGED) {
        continue;
      }
      SplittableRandom rnd = Seeds.stream(seed, org.index(), "community-org");
      LocalDate from = billed == null ? org.discovered() : billed.minusDays(Seeds.range(rnd, 30, 240));
      c.activeFrom.put(org.id(), from);
      LocalDate signup = billed != null ? billed.minusDays(rnd.nextInt(11))
          : rnd.nextDouble() < 0.25 ? from.plusDays(30 + rnd.nextInt(270)) : null;
      if (signup != null && !signup.isAfter(c.end)) {
        c.signedUp.put(org.id(), signup);
      }
      c.orgLogins.put(org.id(), uniqueLogin(org.domain().substring(0, org.domain().indexOf('.')),
          org.country().toLowerCase(Locale.ROOT), org.index(), logins));
    }
    c.users.add(bot(49_699_333L, "dependabot[bot]"));
    c.users.add(bot(41_898_282L, "github-actions[bot]"));
    c.users.add(bot(29_139_614L, "renovate[bot]"));
    logins.add(PROJECT_ORG);
    SplittableRandom people = Seeds.stream(seed, 0, "community-people");
    long[] nextId = {1_204_117L};
    for (int i = 0; i < 3; i++) {
      c.users.add(c.person(people, nextId, Kind.MAINTAINER, LocalDate.of(2023, 3, 1), List.of(), logins));
    }
    List<Organization> engaged = world.organizations().stream().filter(o -> c.activeFrom.containsKey(o.id()))
        .toList();
    for (Organization org : engaged) {
      SplittableRandom rnd = Seeds.stream(seed, org.index(), "community-people");
      int n = Math.min(5, 1 + (int) (org.traits().adoption() * 3) + (org.employees() > 200 ? 1 : 0));
      for (int i = 0; i < n; i++) {
        LocalDate joined = c.activeFrom.get(org.id()).plusDays(rnd.nextInt(120));
        if (joined.isAfter(c.end)) {
          continue;
        }
        List<Stint> stints = new ArrayList<>();
        LocalDate moved = joined.plusDays(60 + rnd.nextInt(700));
        if (rnd.nextDouble() < 0.04 && moved.isBefore(c.end) && engaged.size() > 1) {
          Organization next = engaged.get(rnd.nextInt(engaged.size()));
          if (next != org) { // rare job change: the profile and commit domain follow the person
            stints.add(new Stint(org, joined, moved));
            stints.add(new Stint(next, moved, null));
          }
        }
        if (stints.isEmpty()) {
          stints.add(new Stint(org, joined, null));
        }
        c.users.add(c.person(rnd, nextId, Kind.MEMBER, joined, stints, logins));
      }
    }
    SplittableRandom lone = Seeds.stream(seed, 0, "community-individuals");
    long span = ChronoUnit.DAYS.between(world.start().minusDays(365), c.end) + 1;
    for (int i = 0; i < engaged.size() / 3 + 1; i++) {
      LocalDate joined = world.start().minusDays(365).plusDays(lone.nextLong(span));
      c.users.add(c.person(lone, nextId, Kind.INDIVIDUAL, joined, List.of(), logins));
    }
    c.stars();
    c.releases();
    return c;
  }

  private static User bot(long id, String login) {
    return new User(id, login, null, Kind.BOT, LocalDate.of(2017, 1, 1), List.of(), ProfileEmail.NONE, false, false,
        login);
  }

  private User person(SplittableRandom rnd, long[] nextId, Kind kind, LocalDate joined, List<Stint> stints,
      Set<String> logins) {
    nextId[0] += 1 + rnd.nextInt(90_000);
    String first = FIRST[rnd.nextInt(FIRST.length)];
    String last = LAST[rnd.nextInt(LAST.length)];
    String base = switch (rnd.nextInt(3)) {
      case 0 -> first + last;
      case 1 -> first + "-" + last;
      default -> first.charAt(0) + last + (10 + rnd.nextInt(90));
    };
    String login = uniqueLogin(base, "dev", (int) (nextId[0] % 1000), logins);
    double u = rnd.nextDouble();
    ProfileEmail email = kind == Kind.MAINTAINER ? ProfileEmail.COMPANY
        : kind == Kind.INDIVIDUAL ? (u < 0.5 ? ProfileEmail.FREE_MAIL : ProfileEmail.NONE)
        : u < 0.45 ? ProfileEmail.COMPANY : u < 0.7 ? ProfileEmail.FREE_MAIL : ProfileEmail.NONE;
    boolean blog = kind == Kind.MEMBER && email != ProfileEmail.COMPANY && rnd.nextDouble() < 0.15;
    boolean handle = kind != Kind.INDIVIDUAL && rnd.nextDouble() < 0.6;
    String name = Character.toUpperCase(first.charAt(0)) + first.substring(1) + " "
        + Character.toUpperCase(last.charAt(0)) + last.substring(1);
    return new User(nextId[0], login, name, kind, joined, List.copyOf(stints), email, blog, handle,
        first + "." + last);
  }

  /** {@code base}, else {@code base-suffix}, else {@code base-suffix<n>} for the first free n from {@code index}. */
  private static String uniqueLogin(String base, String suffix, int index, Set<String> taken) {
    if (taken.add(base)) {
      return base;
    }
    if (taken.add(base + "-" + suffix)) {
      return base + "-" + suffix;
    }
    for (int n = index; ; n++) {
      if (taken.add(base + "-" + suffix + n)) {
        return base + "-" + suffix + n;
      }
    }
  }

  /** Each person stars each repository at most once, at a random time after joining and after its creation. */
  private void stars() {
    Instant horizon = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    for (User u : users) {
      if (u.bot()) {
        continue;
      }
      SplittableRandom rnd = Seeds.stream(world.seed(), u.id(), "stars");
      for (Repo repo : REPOS) {
        double p = u.kind() == Kind.MAINTAINER ? 1 : u.kind() == Kind.INDIVIDUAL ? repo.starShare() + 0.25
            : repo.starShare();
        Instant joined = u.joined().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant from = joined.isAfter(repo.created()) ? joined : repo.created();
        if (rnd.nextDouble() < p && from.isBefore(horizon)) {
          // stars cluster shortly after a person finds the project
          Instant soon = from.plus(1 + rnd.nextInt(90), ChronoUnit.DAYS);
          stars.add(new Star(repo, u, Seeds.between(rnd, from, soon.isBefore(horizon) ? soon : horizon)));
        }
      }
    }
    stars.sort((a, b) -> a.at().compareTo(b.at()) != 0 ? a.at().compareTo(b.at())
        : Long.compare(a.user().id(), b.user().id()));
  }

  /** A release every 4-8 weeks per repository since its creation; minor versions, with the odd patch. */
  private void releases() {
    Instant horizon = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    long assetId = 180_000_000L;
    for (Repo repo : REPOS) {
      SplittableRandom rnd = Seeds.stream(world.seed(), repo.id(), "releases");
      Instant at = repo.created().plus(20 + rnd.nextInt(30), ChronoUnit.DAYS);
      int minor = 1;
      int patch = 0;
      long id = 95_000_000L + repo.id() % 1000 * 1000;
      while (at.isBefore(horizon)) {
        String v = "0." + minor + "." + patch;
        List<Asset> assets = repo.name().equals("warehouse")
            ? List.of(new Asset(assetId++, "warehouse-" + v + ".tar.gz", "application/gzip", 48_000_000L + rnd.nextInt(4_000_000)),
                new Asset(assetId++, "warehouse-jobs-" + v + ".jar", "application/java-archive", 61_000_000L + rnd.nextInt(5_000_000)))
            : List.of(new Asset(assetId++, "connectors-" + v + ".zip", "application/zip", 2_400_000L + rnd.nextInt(400_000)));
        releases.add(new Release(repo, id++, v, at, assets));
        if (rnd.nextInt(4) == 0) {
          patch++;
        } else {
          minor++;
          patch = 0;
        }
        at = at.plus(28 + rnd.nextInt(29), ChronoUnit.DAYS).plusSeconds(rnd.nextInt(3600));
      }
      Instant recent = horizon.minus(GhArchiveEmitter.TRAILING_DAYS, ChronoUnit.DAYS);
      Release last = releases.isEmpty() ? null : releases.get(releases.size() - 1);
      if (last != null && last.repo() == repo && last.published().isBefore(recent)) {
        // a patch release inside the GH Archive window, so the archive always shows a ReleaseEvent
        String v = last.version().substring(0, last.version().lastIndexOf('.') + 1)
            + (Integer.parseInt(last.version().substring(last.version().lastIndexOf('.') + 1)) + 1);
        List<Asset> assets = last.assets().stream().map(a -> new Asset(a.id() + 50_000_000L,
            a.name().replace(last.version(), v), a.contentType(), a.size() + 1)).toList();
        releases.add(new Release(repo, last.id() + 1, v, horizon.minus(4, ChronoUnit.DAYS).minusSeconds(32_400), assets));
      }
    }
    releases.sort((a, b) -> a.published().compareTo(b.published()));
  }

  List<Release> releases(Repo repo) {
    return releases.stream().filter(r -> r.repo() == repo).toList();
  }

  /** Expected daily downloads of one organisation: zero before it starts, ramping up over two months. */
  double demand(Organization org, LocalDate day) {
    LocalDate from = activeFrom.get(org.id());
    if (from == null || day.isBefore(from)) {
      return 0;
    }
    double ramp = Math.min(1, (ChronoUnit.DAYS.between(from, day) + 1) / 60.0);
    return ramp * org.traits().adoption() * (1 + StrictMath.log10(org.employees()));
  }

  static LocalDate day(Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalDate();
  }
}
