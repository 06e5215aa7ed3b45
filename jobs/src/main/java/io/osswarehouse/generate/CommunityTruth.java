package io.osswarehouse.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The expected community answers under {@code _truth/}, collected while emitting (from the simulated
 * facts, never by re-reading files). Definitions are in docs/generator.md; rows are sorted by key.
 */
final class CommunityTruth {
  static final String STARS = "_truth/github_stars_daily.csv";
  static final String DOWNLOADS = "_truth/package_downloads_daily.csv";
  static final String WEB = "_truth/web_daily.csv";
  static final String IDENTITIES = "_truth/identities.csv";

  /** "ecosystem,package,date" → {downloads, downloads excluding CI and mirrors, or -1 when unknown}. */
  private final Map<String, long[]> downloads = new TreeMap<>();
  /** "site,date,source" → {pageviews, signups}. */
  private final Map<String, long[]> web = new TreeMap<>();
  private final List<String> identities = new ArrayList<>();
  /** What each organisation did, for the funnel: filled by the emitters, written by the generator. */
  final FunnelTruth funnel = new FunnelTruth();

  void download(String ecosystem, String pkg, LocalDate day, long count, boolean ciOrMirror) {
    long[] v = downloads.computeIfAbsent(ecosystem + "," + pkg + "," + day, k -> new long[2]);
    v[0] += count;
    v[1] += ciOrMirror ? 0 : count;
  }

  /** A source that cannot tell CI or mirror traffic apart: the excluding column stays empty. */
  void downloadUnsplit(String ecosystem, String pkg, LocalDate day, long count) {
    long[] v = downloads.computeIfAbsent(ecosystem + "," + pkg + "," + day, k -> new long[] {0, -1});
    v[0] += count;
  }

  void web(String site, LocalDate day, String source, long pageviews, long signups) {
    long[] v = web.computeIfAbsent(site + "," + day + "," + source, k -> new long[2]);
    v[0] += pageviews;
    v[1] += signups;
  }

  /** {@code validTo} is the last valid day, null while valid. */
  void identity(String type, String key, String orgId, LocalDate validFrom, LocalDate validTo, boolean linkable,
      String reason) {
    identities.add(String.join(",", type, key, orgId == null ? "" : orgId, validFrom == null ? "" : validFrom.toString(),
        validTo == null ? "" : validTo.toString(), Boolean.toString(linkable), reason));
  }

  void write(Community community, LandingFiles out) {
    Instant order = Instant.EPOCH; // rows are added in key order
    out.header(STARS, "repo_name,star_date,stars_new");
    Map<String, Long> stars = new TreeMap<>();
    community.stars.forEach(s -> stars.merge(s.repo().fullName() + "," + Community.day(s.at()), 1L, Long::sum));
    stars.forEach((k, n) -> out.add(STARS, order, k + "," + n));
    out.header(DOWNLOADS, "ecosystem,package_name,download_date,downloads,downloads_excluding_ci_and_mirrors");
    downloads.forEach((k, v) -> {
      if (v[0] > 0) {
        out.add(DOWNLOADS, order, k + "," + v[0] + "," + (v[1] < 0 ? "" : Long.toString(v[1])));
      }
    });
    out.header(WEB, "site,activity_date,source,pageviews,signups");
    web.forEach((k, v) -> out.add(WEB, order, k + "," + v[0] + "," + v[1]));
    out.header(IDENTITIES, "identity_type,identity_key,org_id,valid_from,valid_to,expected_linkable,reason");
    identities.stream().sorted().forEach(l -> out.add(IDENTITIES, order, l));
  }
}
