package io.osswarehouse.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osswarehouse.generate.Community.Asset;
import io.osswarehouse.generate.Community.Kind;
import io.osswarehouse.generate.Community.Release;
import io.osswarehouse.generate.Community.Repo;
import io.osswarehouse.generate.Community.Star;
import io.osswarehouse.generate.Community.Stint;
import io.osswarehouse.generate.Community.User;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * GitHub REST responses as a daily collector would save them, one body per file under
 * {@code github/rest/osswh/<repo>/<endpoint>_<YYYY-MM-DD>.json} (the date is the day of the call):
 * stargazers (star+json, all pages taken on the end date), traffic views/clones every 7 days (14-day
 * windows, zero days omitted), popular paths/referrers for the last 8 weeks, the newest 10 releases with
 * cumulative asset download counts every 7 days, a repository snapshot at each month end, and user
 * profiles ({@code users_<date>.json}: people first seen, or whose profile changed, that month).
 */
final class GithubRestEmitter {
  static final int STARGAZERS_PER_PAGE = 100;
  static final int SNAPSHOT_EVERY_DAYS = 7;

  private final Community community;
  private final LandingFiles out;
  private final LocalDate start;
  private final LocalDate end;
  /** Cumulative downloads per asset id per day, for release snapshots. */
  private final Map<Long, TreeMap<LocalDate, Long>> assetDownloads = new HashMap<>();
  private final Map<LocalDate, Long> audienceCache = new HashMap<>();
  /** Publishes every release. */
  private final User maintainer;

  GithubRestEmitter(Community community, LandingFiles out) {
    this.community = community;
    this.out = out;
    this.start = community.world.start();
    this.end = community.end;
    this.maintainer = community.users.stream().filter(u -> u.kind() == Kind.MAINTAINER).findFirst().orElseThrow();
  }

  void emit() {
    for (Repo repo : Community.REPOS) {
      stargazers(repo);
      List<LocalDate> snapshots = snapshotDates(repo);
      for (int i = 0; i < snapshots.size(); i++) {
        LocalDate d = snapshots.get(i);
        traffic(repo, d, "views");
        traffic(repo, d, "clones");
        releases(repo, d);
        if (i >= snapshots.size() - 8) {
          popular(repo, d);
        }
      }
      for (YearMonth m = YearMonth.from(start); !m.isAfter(YearMonth.from(end)); m = m.plusMonths(1)) {
        LocalDate d = m.atEndOfMonth().isAfter(end) ? end : m.atEndOfMonth();
        if (!d.isBefore(Community.day(repo.created()))) {
          put(repo, "repository_" + d, GithubJson.write(repository(repo, d)));
        }
      }
    }
    users();
  }

  /** Every 7 days counting back from the end, while the repository existed and within the range. */
  private List<LocalDate> snapshotDates(Repo repo) {
    List<LocalDate> dates = new ArrayList<>();
    LocalDate first = Community.day(repo.created()).plusDays(1);
    for (LocalDate d = end; !d.isBefore(start) && !d.isBefore(first); d = d.minusDays(SNAPSHOT_EVERY_DAYS)) {
      dates.add(0, d);
    }
    return dates;
  }

  private void put(Repo repo, String name, String body) {
    out.add("github/rest/" + Community.PROJECT_ORG + "/" + repo.name() + "/" + name + ".json", Instant.EPOCH, body);
  }

  private void stargazers(Repo repo) {
    List<Star> stars = community.stars.stream().filter(s -> s.repo() == repo).toList();
    int pages = Math.max(1, (stars.size() + STARGAZERS_PER_PAGE - 1) / STARGAZERS_PER_PAGE);
    for (int page = 0; page < pages; page++) {
      ArrayNode list = GithubJson.F.arrayNode();
      for (Star s : stars.subList(page * STARGAZERS_PER_PAGE,
          Math.min(stars.size(), (page + 1) * STARGAZERS_PER_PAGE))) {
        ObjectNode o = list.addObject();
        o.put("starred_at", GithubJson.time(s.at()));
        o.set("user", GithubJson.simpleUser(s.user()));
      }
      put(repo, "stargazers_page" + (page + 1) + "_" + end, GithubJson.write(list));
    }
  }

  /** People on the project by a day: the audience that drives traffic and release downloads. */
  private long audience(LocalDate day) {
    return community.users.stream().filter(u -> !u.bot() && !u.joined().isAfter(day)).count();
  }

  /** A day's traffic count: a function of (repository, day, metric), so overlapping windows agree. */
  private long[] dailyTraffic(Repo repo, LocalDate day, String metric) {
    long people = audienceCache.computeIfAbsent(day, this::audience);
    SplittableRandom rnd = Seeds.stream(community.world.seed(), repo.id() + day.toEpochDay() * 7,
        "traffic-" + metric);
    double mean = (metric.equals("views") ? 0.06 : 0.015) * people * repo.starShare() * 2;
    long count = Math.max(0, Math.round(mean * (0.5 + rnd.nextDouble()) - (metric.equals("views") ? 1 : 2)));
    long uniques = count == 0 ? 0 : Math.max(1, Math.round(count * (0.25 + 0.35 * rnd.nextDouble())));
    return new long[] {count, uniques};
  }

  private void traffic(Repo repo, LocalDate d, String metric) {
    ObjectNode body = GithubJson.F.objectNode();
    ArrayNode days = GithubJson.F.arrayNode();
    long count = 0;
    long uniques = 0;
    for (LocalDate day = d.minusDays(13); !day.isAfter(d); day = day.plusDays(1)) {
      long[] v = dailyTraffic(repo, day, metric);
      if (v[0] == 0 || day.isBefore(Community.day(repo.created()))) {
        continue; // GitHub omits days without traffic
      }
      ObjectNode o = days.addObject();
      o.put("timestamp", day + "T00:00:00Z");
      o.put("count", v[0]);
      o.put("uniques", v[1]);
      count += v[0];
      uniques += v[1];
    }
    body.put("count", count);
    body.put("uniques", Math.round(uniques * 0.8)); // window uniques are fewer than the sum of daily uniques
    body.set(metric, days);
    put(repo, "traffic_" + metric + "_" + d, GithubJson.write(body));
  }

  private void popular(Repo repo, LocalDate d) {
    SplittableRandom rnd = Seeds.stream(community.world.seed(), repo.id() + d.toEpochDay(), "traffic-popular");
    long views = 0;
    for (LocalDate day = d.minusDays(13); !day.isAfter(d); day = day.plusDays(1)) {
      views += dailyTraffic(repo, day, "views")[0];
    }
    String base = "/" + repo.fullName();
    String[][] paths = {{base, repo.fullName() + ": open-source analytics warehouse"},
        {base + "/releases", "Releases · " + repo.fullName()}, {base + "/issues", "Issues · " + repo.fullName()},
        {base + "/blob/main/README.md", repo.name() + "/README.md at main · " + repo.fullName()},
        {base + "/pulls", "Pull requests · " + repo.fullName()}, {base + "/tree/main/docs", "docs at main"}};
    ArrayNode p = GithubJson.F.arrayNode();
    long left = views;
    for (String[] path : paths) {
      long c = Math.round(left * (0.3 + 0.3 * rnd.nextDouble()));
      if (c == 0) {
        break;
      }
      left -= c;
      ObjectNode o = p.addObject();
      o.put("path", path[0]);
      o.put("title", path[1]);
      o.put("count", c);
      o.put("uniques", Math.max(1, c / 3));
    }
    put(repo, "traffic_popular_paths_" + d, GithubJson.write(p));
    ArrayNode r = GithubJson.F.arrayNode();
    left = views;
    for (String ref : new String[] {"github.com", "Google", "news.ycombinator.com", "docs.osswh.dev", "reddit.com"}) {
      long c = Math.round(left * (0.2 + 0.4 * rnd.nextDouble()));
      if (c == 0) {
        break;
      }
      left -= c;
      ObjectNode o = r.addObject();
      o.put("referrer", ref);
      o.put("count", c);
      o.put("uniques", Math.max(1, c / 3));
    }
    put(repo, "traffic_popular_referrers_" + d, GithubJson.write(r));
  }

  /** Page 1 (newest 10) of the releases list as on day {@code d}, with download counts through that day. */
  private void releases(Repo repo, LocalDate d) {
    List<Release> published = community.releases(repo).stream()
        .filter(r -> !Community.day(r.published()).isAfter(d)).toList();
    ArrayNode list = GithubJson.F.arrayNode();
    for (int i = published.size() - 1; i >= Math.max(0, published.size() - 10); i--) {
      Release r = published.get(i);
      Map<Long, Long> counts = new HashMap<>();
      for (Asset a : r.assets()) {
        counts.put(a.id(), downloads(r, a).floorEntry(d).getValue());
      }
      list.add(release(r, maintainer, counts));
    }
    put(repo, "releases_" + d, GithubJson.write(list));
  }

  /** Cumulative downloads of an asset per day: a burst after publishing, then a tail, scaled by audience. */
  private TreeMap<LocalDate, Long> downloads(Release r, Asset a) {
    return assetDownloads.computeIfAbsent(a.id(), id -> {
      TreeMap<LocalDate, Long> cumulative = new TreeMap<>();
      SplittableRandom rnd = Seeds.stream(community.world.seed(), a.id(), "asset-downloads");
      long total = 0;
      LocalDate published = Community.day(r.published());
      cumulative.put(published.minusDays(1), 0L);
      for (LocalDate day = published; !day.isAfter(end); day = day.plusDays(1)) {
        long age = ChronoUnit.DAYS.between(published, day);
        double mean = 0.004 * audienceCache.computeIfAbsent(day, this::audience) * 30.0 / (age + 30);
        total += Math.round(mean * 2 * rnd.nextDouble());
        cumulative.put(day, total);
      }
      return cumulative;
    });
  }

  /** A release object as GET /repos/o/r/releases returns it; {@code counts}: asset id → download_count. */
  static ObjectNode release(Release r, User author, Map<Long, Long> counts) {
    String base = GithubJson.api("/repos/" + r.repo().fullName() + "/releases");
    String html = "https://github.com/" + r.repo().fullName() + "/releases";
    ObjectNode n = GithubJson.F.objectNode();
    n.put("url", base + "/" + r.id());
    n.put("assets_url", base + "/" + r.id() + "/assets");
    n.put("upload_url", "https://uploads.github.com/repos/" + r.repo().fullName() + "/releases/" + r.id()
        + "/assets{?name,label}");
    n.put("html_url", html + "/tag/" + r.tag());
    n.put("id", r.id());
    n.set("author", GithubJson.simpleUser(author));
    n.put("node_id", GithubJson.nodeId("07:Release", r.id()));
    n.put("tag_name", r.tag());
    n.put("target_commitish", "main");
    n.put("name", r.tag());
    n.put("draft", false);
    n.put("immutable", false);
    n.put("prerelease", false);
    n.put("created_at", GithubJson.time(r.published().minusSeconds(600)));
    n.put("updated_at", GithubJson.time(r.published()));
    n.put("published_at", GithubJson.time(r.published()));
    ArrayNode assets = n.putArray("assets");
    for (Asset a : r.assets()) {
      ObjectNode o = assets.addObject();
      o.put("url", base + "/assets/" + a.id());
      o.put("id", a.id());
      o.put("node_id", GithubJson.nodeId("RA_", a.id()));
      o.put("name", a.name());
      o.put("label", "");
      o.set("uploader", GithubJson.simpleUser("github-actions[bot]", 41_898_282L, "Bot"));
      o.put("content_type", a.contentType());
      o.put("state", "uploaded");
      o.put("size", a.size());
      o.put("digest", "sha256:" + GithubJson.sha1(a.name()) + GithubJson.sha1(a.name()).substring(0, 24));
      o.put("download_count", counts.getOrDefault(a.id(), 0L));
      o.put("created_at", GithubJson.time(r.published().minusSeconds(300)));
      o.put("updated_at", GithubJson.time(r.published().minusSeconds(300)));
      o.put("browser_download_url", html + "/download/" + r.tag() + "/" + a.name());
    }
    n.put("tarball_url", GithubJson.api("/repos/" + r.repo().fullName() + "/tarball/" + r.tag()));
    n.put("zipball_url", GithubJson.api("/repos/" + r.repo().fullName() + "/zipball/" + r.tag()));
    n.put("body", "See CHANGELOG.md for " + r.tag() + ".");
    return n;
  }

  private ObjectNode repository(Repo repo, LocalDate d) {
    Instant dayEnd = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    long stars = community.stars.stream().filter(s -> s.repo() == repo && s.at().isBefore(dayEnd)).count();
    long watchers = Math.round(stars * 0.08) + 3;
    long forks = Math.round(stars * 0.12);
    String url = GithubJson.api("/repos/" + repo.fullName());
    ObjectNode n = GithubJson.F.objectNode();
    n.put("id", repo.id());
    n.put("node_id", GithubJson.nodeId("010:Repository", repo.id()));
    n.put("name", repo.name());
    n.put("full_name", repo.fullName());
    n.put("private", false);
    n.set("owner", GithubJson.simpleUser(Community.PROJECT_ORG, 98_765_432L, "Organization"));
    n.put("html_url", "https://github.com/" + repo.fullName());
    n.put("description", "Open-source analytics warehouse");
    n.put("fork", false);
    n.put("url", url);
    n.put("created_at", GithubJson.time(repo.created()));
    n.put("updated_at", GithubJson.time(dayEnd.minusSeconds(3_600)));
    n.put("pushed_at", GithubJson.time(dayEnd.minusSeconds(7_200)));
    n.put("homepage", "https://" + Community.PROJECT_DOMAIN);
    n.put("size", 8_000 + stars);
    n.put("stargazers_count", stars);
    n.put("watchers_count", stars);
    n.put("language", "Java");
    n.put("forks_count", forks);
    n.put("archived", false);
    n.put("open_issues_count", 20 + stars / 40);
    ObjectNode license = n.putObject("license");
    license.put("key", "apache-2.0");
    license.put("name", "Apache License 2.0");
    license.put("spdx_id", "Apache-2.0");
    n.putArray("topics").add("analytics").add("delta-lake").add("spark");
    n.put("visibility", "public");
    n.put("forks", forks);
    n.put("open_issues", 20 + stars / 40);
    n.put("watchers", stars);
    n.put("default_branch", "main");
    n.put("network_count", forks);
    n.put("subscribers_count", watchers);
    return n;
  }

  /**
   * Profiles in monthly files under osswh/warehouse: a user appears in the month it joined and again in
   * the month of a job change, so the latest snapshot always shows the current company.
   */
  private void users() {
    Map<LocalDate, ArrayNode> files = new TreeMap<>();
    for (User u : community.users) {
      List<LocalDate> seen = new ArrayList<>();
      seen.add(u.joined().isBefore(start) ? start : u.joined());
      for (Stint s : u.stints()) {
        if (s.from().isAfter(u.joined())) {
          seen.add(s.from());
        }
      }
      for (LocalDate day : seen) {
        YearMonth m = YearMonth.from(day);
        LocalDate file = m.atEndOfMonth().isAfter(end) ? end : m.atEndOfMonth();
        files.computeIfAbsent(file, f -> GithubJson.F.arrayNode()).add(profile(u, file));
      }
    }
    files.forEach((d, list) -> put(Community.REPOS.get(0), "users_" + d, GithubJson.write(list)));
  }

  /** GET /users/{login} as on day {@code d}: company, blog and e-mail as the person set them. */
  private ObjectNode profile(User u, LocalDate d) {
    ObjectNode n = GithubJson.simpleUser(u);
    n.put("name", u.name());
    Stint stint = u.stintAt(d);
    String orgLogin = stint == null ? null : community.orgLogins.get(stint.org().id());
    if (u.kind() == Kind.MAINTAINER) {
      n.put("company", "@" + Community.PROJECT_ORG);
    } else if (stint != null && u.companyAsHandle()) {
      n.put("company", "@" + orgLogin);
    } else if (stint != null && u.profileEmail() != Community.ProfileEmail.NONE) {
      n.put("company", stint.org().name());
    } else {
      n.putNull("company");
    }
    String domain = u.domainAt(d);
    n.put("blog", u.blogAtCompany() && domain != null ? "https://" + domain : "");
    n.putNull("location");
    String email = u.profileEmailAt(d);
    if (email == null) {
      n.putNull("email");
    } else {
      n.put("email", email);
    }
    n.putNull("hireable");
    n.putNull("bio");
    n.putNull("twitter_username");
    n.put("public_repos", (int) (u.id() % 40));
    n.put("public_gists", (int) (u.id() % 5));
    n.put("followers", (int) (u.id() % 70));
    n.put("following", (int) (u.id() % 20));
    n.put("created_at", GithubJson.time(u.joined().minusDays(400 + u.id() % 900).atStartOfDay(ZoneOffset.UTC)
        .toInstant().plusSeconds(u.id() % 86_400)));
    n.put("updated_at", GithubJson.time(d.atStartOfDay(ZoneOffset.UTC).toInstant()));
    return n;
  }
}
