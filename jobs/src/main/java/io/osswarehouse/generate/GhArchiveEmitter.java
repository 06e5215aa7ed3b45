package io.osswarehouse.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osswarehouse.generate.Community.Kind;
import io.osswarehouse.generate.Community.Release;
import io.osswarehouse.generate.Community.Repo;
import io.osswarehouse.generate.Community.Star;
import io.osswarehouse.generate.Community.User;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * GH Archive hourly files {@code github/gharchive/YYYY-MM-DD-H.json.gz} for the project's repositories:
 * every hour of a trailing window (the last {@link #TRAILING_DAYS} days) and, when the range covers it, of
 * the four days around GitHub's 2025-10-07 payload cut, so both PushEvent shapes occur; and across the
 * whole range one <em>sampled hour</em> a week (Wednesday 15:00 UTC), which carries the week's work of the
 * organisations using the project (issues, comments, pull requests, forks and the maintainers' merges).
 * Whole history would be 24 files a day; a week's activity compressed into one hour keeps the weeks of
 * use (activation is counted in weeks) at 1 file a week. The other hours are gaps, which silver records.
 * Every star inside a covered hour is a WatchEvent at the stargazers' {@code starred_at}.
 * Traps: one event in two hour files, late events in the next hour's file (crawl delay), one missing
 * hour and one empty hour file (whose events are lost, as in real outages).
 */
final class GhArchiveEmitter {
  static final int TRAILING_DAYS = 14;
  static final Instant PAYLOAD_CUT = Instant.parse("2025-10-07T00:00:00Z");
  private static final LocalDate CUT_WINDOW = LocalDate.of(2025, 10, 5);
  /** The weekly sampled hour: Wednesday 15:00 UTC. */
  static final DayOfWeek SAMPLED_DAY = DayOfWeek.WEDNESDAY;
  static final int SAMPLED_HOUR = 15;

  /**
   * An archived event; {@code authors} are a PushEvent's listed commit authors (empty after the cut,
   * when GH Archive no longer lists commits).
   */
  record Event(Instant at, String type, User actor, Repo repo, ObjectNode payload, List<User> authors) {
    Event(Instant at, String type, User actor, Repo repo, ObjectNode payload) {
      this(at, type, actor, repo, payload, List.of());
    }
  }

  private final Community community;
  private final LandingFiles out;
  private final Background background;
  private final long seed;
  private final List<Event> events = new ArrayList<>();
  /** The events that reached a non-empty hour file, once each: what a reader of the archive can see. */
  private final List<Event> landed = new ArrayList<>();
  private int issueNumber = 900;

  GhArchiveEmitter(Community community, LandingFiles out, Background background) {
    this.community = community;
    this.out = out;
    this.background = background;
    this.seed = community.world.seed();
  }

  /** After {@link #emit()}: the events a reader of the landed files sees (lost hours excluded), by time. */
  List<Event> landed() {
    return landed;
  }

  /** The weekly sampled hours inside the range that are not already in a fully archived day. */
  static TreeSet<Instant> sampledHours(LocalDate start, LocalDate end) {
    TreeSet<LocalDate> full = days(start, end);
    TreeSet<Instant> hours = new TreeSet<>();
    for (LocalDate d = start.with(TemporalAdjusters.nextOrSame(SAMPLED_DAY)); !d.isAfter(end); d = d.plusWeeks(1)) {
      if (!full.contains(d)) {
        hours.add(d.atTime(SAMPLED_HOUR, 0).toInstant(ZoneOffset.UTC));
      }
    }
    return hours;
  }

  /** Whether an instant falls in an archived hour: a fully archived day or a sampled hour. */
  private static boolean covered(Instant at, TreeSet<LocalDate> days, TreeSet<Instant> sampled) {
    return days.contains(Community.day(at)) || sampled.contains(at.truncatedTo(ChronoUnit.HOURS));
  }

  /** The days covered: the trailing window and the days around the payload cut (both clipped to the range). */
  static TreeSet<LocalDate> days(LocalDate start, LocalDate end) {
    TreeSet<LocalDate> days = new TreeSet<>();
    for (LocalDate d = end.minusDays(TRAILING_DAYS - 1); !d.isAfter(end); d = d.plusDays(1)) {
      days.add(d);
    }
    for (LocalDate d = CUT_WINDOW; d.isBefore(CUT_WINDOW.plusDays(4)); d = d.plusDays(1)) {
      days.add(d);
    }
    days.removeIf(d -> d.isBefore(start) || d.isAfter(end));
    return days;
  }

  void emit() {
    TreeSet<LocalDate> days = days(community.world.start(), community.end);
    TreeSet<Instant> sampled = sampledHours(community.world.start(), community.end);
    for (Star s : community.stars) {
      if (covered(s.at(), days, sampled)) {
        ObjectNode p = GithubJson.F.objectNode();
        p.put("action", "started");
        events.add(new Event(s.at(), "WatchEvent", s.user(), s.repo(), p));
      }
    }
    for (Release r : community.releases) {
      if (covered(r.published(), days, sampled)) {
        ObjectNode p = GithubJson.F.objectNode();
        p.put("action", "published");
        p.set("release", GithubRestEmitter.release(r, maintainer(0), Map.of()));
        events.add(new Event(r.published(), "ReleaseEvent", maintainer(0), r.repo(), p));
      }
    }
    TreeSet<LocalDate> active = new TreeSet<>(days); // archived days and every week's Wednesday
    for (LocalDate d = community.world.start().with(TemporalAdjusters.nextOrSame(SAMPLED_DAY));
        !d.isAfter(community.end); d = d.plusWeeks(1)) {
      active.add(d);
    }
    for (LocalDate day : active) { // in date order, so issue numbers grow with time
      if (days.contains(day)) {
        activity(day);
      }
      if (day.getDayOfWeek() == SAMPLED_DAY) {
        weeklyWork(day);
      }
    }
    events.sort(Comparator.comparing(Event::at));
    write(days, sampled);
  }

  /**
   * A week's work of the organisations using the project, in the week's sampled hour. An engaged
   * organisation is at work in a week with probability {@code ramp × 0.8 × adoption²} ({@code ramp} rises
   * from 0 to 1 over 60 days of use); a customer at least {@code ramp × 0.5}, as paying users use it
   * steadily. One of its current people then opens an issue or pull request, comments or forks (15:00 to
   * 15:50, so nothing is crawled late), and a maintainer merges the pull requests at 15:50 to 15:54,
   * listing their authors' commits.
   */
  private void weeklyWork(LocalDate wednesday) {
    Instant hour = wednesday.atTime(SAMPLED_HOUR, 0).toInstant(ZoneOffset.UTC);
    Map<String, List<User>> staff = new TreeMap<>();
    for (User u : community.users) {
      Community.Stint s = u.kind() == Kind.MEMBER && !u.joined().isAfter(wednesday) ? u.stintAt(wednesday) : null;
      if (s != null) {
        staff.computeIfAbsent(s.org().id(), k -> new ArrayList<>()).add(u);
      }
    }
    List<User> merged = new ArrayList<>();
    for (Organization org : community.world.organizations()) {
      LocalDate from = community.activeFrom.get(org.id());
      List<User> people = staff.get(org.id());
      if (from == null || wednesday.isBefore(from) || people == null) {
        continue;
      }
      SplittableRandom rnd = Seeds.stream(seed, org.index() * 40_000L + wednesday.toEpochDay(), "gh-weekly");
      double ramp = Math.min(1, (ChronoUnit.DAYS.between(from, wednesday) + 1) / 60.0);
      double a = org.traits().adoption();
      double p = ramp * (community.firstBilled.containsKey(org.id()) ? Math.max(0.5, 0.8 * a * a) : 0.8 * a * a);
      if (rnd.nextDouble() >= p) {
        continue;
      }
      User u = people.get(rnd.nextInt(people.size()));
      Instant at = Seeds.between(rnd, hour, hour.plusSeconds(3_000));
      Repo repo = Community.REPOS.get(rnd.nextDouble() < 0.8 ? 0 : 1);
      double t = rnd.nextDouble();
      if (t < 0.3) {
        events.add(new Event(at, "IssuesEvent", u, repo, issue(rnd, u, repo, at)));
      } else if (t < 0.6) {
        events.add(new Event(at, "IssueCommentEvent", u, repo, comment(rnd, u, repo, at)));
      } else if (t < 0.9) {
        events.add(new Event(at, "PullRequestEvent", u, repo, pullRequest(rnd, u, repo, at, "opened")));
        merged.add(u);
      } else {
        events.add(new Event(at, "ForkEvent", u, repo, fork(rnd, u, repo, at)));
      }
    }
    SplittableRandom rnd = Seeds.stream(seed, wednesday.toEpochDay(), "gh-weekly-merge");
    for (int from = 0; from < merged.size(); from += 19) { // commits[] lists at most 20: one push per 19 PRs
      Instant at = Seeds.between(rnd, hour.plusSeconds(3_000), hour.plusSeconds(3_240));
      User maintainer = maintainer(rnd.nextInt(3));
      List<User> authors = new ArrayList<>(merged.subList(from, Math.min(merged.size(), from + 19)));
      ObjectNode payload = push(rnd, maintainer, Community.REPOS.get(0), at, authors);
      events.add(new Event(at, "PushEvent", maintainer, Community.REPOS.get(0), payload, pushAuthors(at, authors,
          maintainer)));
    }
  }

  /** The commit authors a PushEvent lists: the last 20 of the merged authors and the pusher, none after the cut. */
  private static List<User> pushAuthors(Instant at, List<User> authors, User pusher) {
    if (!full(at)) {
      return List.of();
    }
    List<User> all = new ArrayList<>(authors);
    all.add(pusher);
    return List.copyOf(all.subList(Math.max(0, all.size() - 20), all.size()));
  }

  private User maintainer(int i) {
    return community.users.stream().filter(u -> u.kind() == Kind.MAINTAINER).toList().get(i);
  }

  /** A day's issues, comments, pull requests, forks and pushes: people act in proportion to adoption. */
  private void activity(LocalDate day) {
    Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    List<User> merged = new ArrayList<>();
    for (User u : community.users) {
      if (u.joined().isAfter(day)) {
        continue;
      }
      SplittableRandom rnd = Seeds.stream(seed, u.id() * 40_000 + day.toEpochDay(), "gh-activity");
      double p = switch (u.kind()) {
        case MAINTAINER -> 0.9;
        case BOT -> 0.5;
        case INDIVIDUAL -> 0.005;
        case MEMBER -> 0.003 + 0.02 * (u.stintAt(day) == null ? 0 : u.stintAt(day).org().traits().adoption());
      };
      if (rnd.nextDouble() >= p) {
        continue;
      }
      Instant at = Seeds.between(rnd, midnight, midnight.plus(1, ChronoUnit.DAYS));
      Repo repo = Community.REPOS.get(rnd.nextDouble() < 0.8 ? 0 : 1);
      if (u.bot()) {
        events.add(new Event(at, "PullRequestEvent", u, repo, pullRequest(rnd, u, repo, at, "opened")));
        continue;
      }
      double t = rnd.nextDouble();
      if (u.kind() == Kind.MAINTAINER) {
        List<User> authors = pushAuthors(at, merged, u);
        events.add(new Event(at, "PushEvent", u, repo, push(rnd, u, repo, at, merged), authors));
        merged.clear();
      } else if (t < 0.3) {
        events.add(new Event(at, "IssuesEvent", u, repo, issue(rnd, u, repo, at)));
      } else if (t < 0.6) {
        events.add(new Event(at, "IssueCommentEvent", u, repo, comment(rnd, u, repo, at)));
      } else if (t < 0.85) {
        events.add(new Event(at, "PullRequestEvent", u, repo, pullRequest(rnd, u, repo, at, "opened")));
        merged.add(u);
      } else {
        events.add(new Event(at, "ForkEvent", u, repo, fork(rnd, u, repo, at)));
      }
    }
    if (day.equals(community.end)) { // a maintainer grants a regular contributor write access
      User member = community.users.stream().filter(u -> u.kind() == Kind.MEMBER && !u.joined().isAfter(day))
          .findFirst().orElse(null);
      if (member != null) {
        ObjectNode p = GithubJson.F.objectNode();
        p.set("member", GithubJson.simpleUser(member));
        p.put("action", "added");
        events.add(new Event(midnight.plusSeconds(43_200), "MemberEvent", maintainer(1), Community.REPOS.get(0), p));
      }
    }
  }

  private static boolean full(Instant at) {
    return at.isBefore(PAYLOAD_CUT);
  }

  private ObjectNode issueObject(SplittableRandom rnd, User u, Repo repo, Instant at, boolean pr) {
    int number = issueNumber++;
    ObjectNode i = GithubJson.F.objectNode();
    String url = GithubJson.api("/repos/" + repo.fullName() + "/issues/" + number);
    i.put("url", url);
    i.put("id", 2_400_000_000L + number * 17L + rnd.nextInt(17));
    i.put("number", number);
    i.put("title", pr ? "Add support for " + topic(rnd) : "Question about " + topic(rnd));
    i.set("user", GithubJson.simpleUser(u));
    i.put("state", "open");
    i.put("created_at", GithubJson.time(at.minus(rnd.nextInt(72), ChronoUnit.HOURS)));
    i.put("updated_at", GithubJson.time(at));
    i.putNull("closed_at");
    if (full(at)) {
      i.put("author_association", u.kind() == Kind.MAINTAINER ? "MEMBER" : "NONE");
    }
    if (pr) {
      ObjectNode link = i.putObject("pull_request");
      link.put("url", GithubJson.api("/repos/" + repo.fullName() + "/pulls/" + number));
    }
    i.put("body", "Details in the linked discussion.");
    return i;
  }

  private ObjectNode issue(SplittableRandom rnd, User u, Repo repo, Instant at) {
    ObjectNode p = GithubJson.F.objectNode();
    p.put("action", "opened");
    p.set("issue", issueObject(rnd, u, repo, at, false));
    return p;
  }

  private ObjectNode comment(SplittableRandom rnd, User u, Repo repo, Instant at) {
    ObjectNode p = GithubJson.F.objectNode();
    p.put("action", "created");
    p.set("issue", issueObject(rnd, u, repo, at, rnd.nextBoolean()));
    ObjectNode c = p.putObject("comment");
    c.put("id", 3_100_000_000L + issueNumber * 31L + rnd.nextInt(31));
    c.set("user", GithubJson.simpleUser(u));
    c.put("created_at", GithubJson.time(at));
    c.put("updated_at", GithubJson.time(at));
    if (full(at)) {
      c.put("author_association", "CONTRIBUTOR");
    }
    c.put("body", "Thanks, this works for us.");
    return p;
  }

  /** Before the cut about the full pull_request object; after it only url, id, number, head and base. */
  private ObjectNode pullRequest(SplittableRandom rnd, User u, Repo repo, Instant at, String action) {
    int number = issueNumber++;
    ObjectNode p = GithubJson.F.objectNode();
    p.put("action", action);
    p.put("number", number);
    ObjectNode pr = p.putObject("pull_request");
    pr.put("url", GithubJson.api("/repos/" + repo.fullName() + "/pulls/" + number));
    pr.put("id", 1_900_000_000L + number * 13L + rnd.nextInt(13));
    pr.put("number", number);
    String branch = u.bot() ? "dependabot/maven/jackson-2.18." + rnd.nextInt(9) : "feature/" + topic(rnd);
    ObjectNode head = branch(pr, "head", branch, rnd, repo);
    ObjectNode base = branch(pr, "base", "main", rnd, repo);
    if (full(at)) {
      pr.put("state", "open");
      pr.put("title", u.bot() ? "Bump jackson" : "Add " + topic(rnd));
      pr.set("user", GithubJson.simpleUser(u));
      pr.put("body", "Closes an issue.");
      pr.put("created_at", GithubJson.time(at));
      pr.put("updated_at", GithubJson.time(at));
      pr.putNull("closed_at");
      pr.putNull("merged_at");
      pr.put("author_association", u.bot() ? "CONTRIBUTOR" : "NONE");
      pr.put("merged", false);
      pr.put("commits", 1 + rnd.nextInt(4));
      pr.put("additions", rnd.nextInt(400));
      pr.put("deletions", rnd.nextInt(100));
      pr.put("changed_files", 1 + rnd.nextInt(12));
      head.put("label", (u.bot() ? Community.PROJECT_ORG : u.login()) + ":" + branch);
      base.put("label", Community.PROJECT_ORG + ":main");
    }
    return p;
  }

  private static ObjectNode branch(ObjectNode pr, String field, String ref, SplittableRandom rnd, Repo repo) {
    ObjectNode b = pr.putObject(field);
    b.put("ref", ref);
    b.put("sha", sha(rnd));
    ObjectNode r = b.putObject("repo");
    r.put("id", repo.id());
    r.put("url", GithubJson.api("/repos/" + repo.fullName()));
    r.put("name", repo.fullName());
    return b;
  }

  private ObjectNode fork(SplittableRandom rnd, User u, Repo repo, Instant at) {
    ObjectNode p = GithubJson.F.objectNode();
    ObjectNode f = p.putObject("forkee");
    // a member often forks into the company's organisation account: that is where org logins show up
    Community.Stint stint = u.stintAt(Community.day(at));
    String orgLogin = stint == null ? null : community.orgLogins.get(stint.org().id());
    boolean toOrg = orgLogin != null && rnd.nextBoolean();
    String owner = toOrg ? orgLogin : u.login();
    long id = 1_000_000_000L + rnd.nextInt(100_000_000);
    f.put("id", id);
    f.put("node_id", GithubJson.nodeId("010:Repository", id));
    f.put("name", repo.name());
    f.put("full_name", owner + "/" + repo.name());
    f.put("private", false);
    f.set("owner", toOrg ? GithubJson.simpleUser(owner, orgId(stint.org()), "Organization")
        : GithubJson.simpleUser(u));
    f.put("html_url", "https://github.com/" + owner + "/" + repo.name());
    f.put("fork", true);
    f.put("url", GithubJson.api("/repos/" + owner + "/" + repo.name()));
    f.put("created_at", GithubJson.time(at));
    f.put("updated_at", GithubJson.time(at));
    f.put("pushed_at", GithubJson.time(at));
    f.put("public", true);
    return p;
  }

  static long orgId(Organization org) {
    return 30_000_000L + org.index() * 13L;
  }

  /**
   * A maintainer's push to main merging the day's community pull requests: before the cut it lists the
   * commits with GH Archive-obfuscated author e-mails ({@code sha1(localpart)@domain}); after, no commits.
   */
  private ObjectNode push(SplittableRandom rnd, User u, Repo repo, Instant at, List<User> authors) {
    ObjectNode p = GithubJson.F.objectNode();
    p.put("repository_id", repo.id());
    p.put("push_id", 18_000_000_000L + rnd.nextInt(1_000_000_000));
    List<User> all = new ArrayList<>(authors);
    all.add(u);
    List<User> commits = all.subList(Math.max(0, all.size() - 20), all.size()); // the API caps commits[] at 20
    String head = sha(rnd);
    if (full(at)) {
      p.put("size", commits.size());
      p.put("distinct_size", commits.size());
    }
    p.put("ref", "refs/heads/main");
    p.put("head", head);
    p.put("before", sha(rnd));
    if (full(at)) {
      ArrayNode list = p.putArray("commits");
      for (int i = 0; i < commits.size(); i++) {
        User a = commits.get(i);
        String sha = i == commits.size() - 1 ? head : sha(rnd);
        ObjectNode c = list.addObject();
        c.put("sha", sha);
        ObjectNode author = c.putObject("author");
        author.put("email", GithubJson.obfuscate(a.commitEmailAt(Community.day(at))));
        author.put("name", a.name());
        c.put("message", "Merge " + topic(rnd));
        c.put("distinct", true);
        c.put("url", GithubJson.api("/repos/" + repo.fullName() + "/commits/" + sha));
      }
    }
    return p;
  }

  private static String sha(SplittableRandom rnd) {
    return String.format(Locale.ROOT, "%016x%016x%08x", rnd.nextLong(), rnd.nextLong(), rnd.nextInt());
  }

  private static String topic(SplittableRandom rnd) {
    String[] topics = {"parquet export", "dbt adapter", "delta merge", "retries", "spark 3.5", "docs typo",
        "timezone handling", "s3 landing", "quarantine report", "gold metrics"};
    return topics[rnd.nextInt(topics.length)];
  }

  /**
   * Assigns ids (one number space per payload era, as GitHub's ids restarted lower after the cut) and
   * routes events to hour files with the traps.
   */
  private void write(TreeSet<LocalDate> days, TreeSet<Instant> sampled) {
    SplittableRandom rnd = Seeds.stream(seed, 0, "gharchive-files");
    Instant lastHour = community.end.atTime(23, 0).toInstant(ZoneOffset.UTC);
    String missing = missingHour(days);
    String empty = emptyHour(days);
    Map<String, List<String>> files = new TreeMap<>();
    for (LocalDate d : days) {
      for (int h = 0; h < 24; h++) {
        files.put(hourFile(d.atTime(h, 0).toInstant(ZoneOffset.UTC)), new ArrayList<>());
      }
    }
    sampled.forEach(h -> files.put(hourFile(h), new ArrayList<>()));
    Map<Event, List<String>> filesOf = new IdentityHashMap<>();
    long oldId = 45_812_000_000L;
    long newId = 6_712_000_000L;
    boolean duplicated = false;
    for (Event e : events) {
      long id = full(e.at()) ? (oldId += 1 + rnd.nextInt(5000)) : (newId += 1 + rnd.nextInt(2000));
      String line = GithubJson.write(envelope(id, e));
      Instant hour = e.at().truncatedTo(ChronoUnit.HOURS);
      long secondOfHour = e.at().getEpochSecond() - hour.getEpochSecond();
      boolean late = secondOfHour >= 3_300 && rnd.nextBoolean() && hour.isBefore(lastHour);
      Instant fileHour = late ? hour.plus(1, ChronoUnit.HOURS) : hour; // crawled after the hour ended
      route(files, hourFile(fileHour), line);
      filesOf.computeIfAbsent(e, k -> new ArrayList<>()).add(hourFile(fileHour));
      String next = hourFile(hour.plus(1, ChronoUnit.HOURS));
      if (!duplicated && !late && e.type().equals("WatchEvent") && hour.isBefore(lastHour) && files.containsKey(next)) {
        route(files, next, line); // the same event again, one file later
        filesOf.get(e).add(next);
        duplicated = true;
      }
    }
    files.remove(missing);
    if (files.containsKey(empty)) {
      files.get(empty).clear();
    }
    for (Event e : events) { // one copy is enough: a reader de-duplicates by event id
      if (filesOf.get(e).stream().anyMatch(f -> files.containsKey(f) && !f.equals(empty))) {
        landed.add(e);
      }
    }
    for (Map.Entry<String, List<String>> f : files.entrySet()) {
      out.touch(f.getKey());
      f.getValue().forEach(line -> out.add(f.getKey(), Instant.EPOCH, line));
      if (background.gharchiveOtherEventsPerHour() > 0 && !f.getKey().equals(empty)) {
        Instant hour = hourOf(f.getKey());
        out.tail(f.getKey(), sink -> otherRepositories(hour, sink));
      }
    }
  }

  /**
   * The hour's events of other repositories ({@link Background}), written after the project's: stars,
   * pushes (in the payload shape of their era), branch creations and forks by users and repositories
   * that are not the project's. Ids come from their own range, so they never collide with the project's.
   */
  private void otherRepositories(Instant hour, Consumer<String> sink) {
    long hourIndex = hour.getEpochSecond() / 3600;
    SplittableRandom rnd = Seeds.stream(seed, hourIndex, "gharchive-other");
    int n = background.gharchiveOtherEventsPerHour();
    int[] seconds = new int[n];
    for (int i = 0; i < n; i++) {
      seconds[i] = rnd.nextInt(3600);
    }
    Arrays.sort(seconds);
    for (int i = 0; i < n; i++) {
      Instant at = hour.plusSeconds(seconds[i]);
      long userId = 200_000_000L + rnd.nextInt(50_000_000);
      long repoId = 900_000_000L + rnd.nextInt(5_000_000);
      String repoName = "dev" + repoId % 250_000 + "/project-" + repoId;
      int kind = rnd.nextInt(10);
      String type = kind < 4 ? "WatchEvent" : kind < 8 ? "PushEvent" : kind < 9 ? "CreateEvent" : "ForkEvent";
      ObjectNode p = GithubJson.F.objectNode();
      switch (type) {
        case "WatchEvent" -> p.put("action", "started");
        case "PushEvent" -> {
          p.put("repository_id", repoId);
          p.put("push_id", 19_000_000_000L + rnd.nextInt(1_000_000_000));
          String head = sha(rnd);
          if (full(at)) {
            p.put("size", 1);
            p.put("distinct_size", 1);
          }
          p.put("ref", "refs/heads/main");
          p.put("head", head);
          p.put("before", sha(rnd));
          if (full(at)) {
            ObjectNode c = p.putArray("commits").addObject();
            c.put("sha", head);
            c.putObject("author").put("email", GithubJson.sha1("user" + userId) + "@users.noreply.github.com")
                .put("name", "User " + userId);
            c.put("message", "Update " + topic(rnd));
            c.put("distinct", true);
            c.put("url", GithubJson.api("/repos/" + repoName + "/commits/" + head));
          }
        }
        case "CreateEvent" -> {
          p.put("ref", "feature-" + rnd.nextInt(1000));
          p.put("ref_type", "branch");
          p.put("master_branch", "main");
          p.putNull("description");
          p.put("pusher_type", "user");
        }
        default -> {
          ObjectNode forkee = p.putObject("forkee");
          long forkId = 950_000_000L + rnd.nextInt(5_000_000);
          forkee.put("id", forkId);
          forkee.put("name", "project-" + repoId);
          forkee.put("full_name", "user" + userId + "/project-" + repoId);
        }
      }
      ObjectNode e = GithubJson.F.objectNode();
      e.put("id", Long.toString(100_000_000_000L + hourIndex * 100_000L + i));
      e.put("type", type);
      String login = "user" + userId;
      ObjectNode actor = e.putObject("actor");
      actor.put("id", userId);
      actor.put("login", login);
      actor.put("display_login", login);
      actor.put("gravatar_id", "");
      actor.put("url", GithubJson.api("/users/" + login));
      actor.put("avatar_url", "https://avatars.githubusercontent.com/u/" + userId + "?");
      ObjectNode repo = e.putObject("repo");
      repo.put("id", repoId);
      repo.put("name", repoName);
      repo.put("url", GithubJson.api("/repos/" + repoName));
      e.set("payload", p);
      e.put("public", true);
      e.put("created_at", GithubJson.time(at));
      sink.accept(GithubJson.write(e));
    }
  }

  /** The hour of an hour file's name ({@link #hourFile}). */
  private static Instant hourOf(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1, file.indexOf(".json"));
    int dash = name.lastIndexOf('-');
    return LocalDate.parse(name.substring(0, dash)).atTime(Integer.parseInt(name.substring(dash + 1)), 0)
        .toInstant(ZoneOffset.UTC);
  }

  /** The hour whose file is never written (an outage): 03:00, five days before the last archived day. */
  static String missingHour(TreeSet<LocalDate> days) {
    return hourFile(days.last().minusDays(5).atTime(3, 0).toInstant(ZoneOffset.UTC));
  }

  /** The hour whose file exists but is empty: 14:00, eight days before the last archived day. */
  static String emptyHour(TreeSet<LocalDate> days) {
    return hourFile(days.last().minusDays(8).atTime(14, 0).toInstant(ZoneOffset.UTC));
  }

  private static void route(Map<String, List<String>> files, String file, String line) {
    List<String> lines = files.get(file);
    if (lines != null) {
      lines.add(line);
    }
  }

  /** {@code github/gharchive/2025-01-02-7.json.gz}: the hour is not zero-padded. */
  static String hourFile(Instant hour) {
    var t = hour.atZone(ZoneOffset.UTC);
    return "github/gharchive/" + t.toLocalDate() + "-" + t.getHour() + ".json.gz";
  }

  private ObjectNode envelope(long id, Event e) {
    ObjectNode n = GithubJson.F.objectNode();
    n.put("id", Long.toString(id));
    n.put("type", e.type());
    n.set("actor", GithubJson.actor(e.actor()));
    ObjectNode repo = n.putObject("repo");
    repo.put("id", e.repo().id());
    repo.put("name", e.repo().fullName());
    repo.put("url", GithubJson.api("/repos/" + e.repo().fullName()));
    n.set("payload", e.payload());
    n.put("public", true);
    n.put("created_at", GithubJson.time(e.at()));
    ObjectNode org = n.putObject("org");
    org.put("id", 98_765_432L);
    org.put("login", Community.PROJECT_ORG);
    org.put("gravatar_id", "");
    org.put("url", GithubJson.api("/orgs/" + Community.PROJECT_ORG));
    org.put("avatar_url", "https://avatars.githubusercontent.com/u/98765432?");
    return n;
  }
}
