package io.osswarehouse.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osswarehouse.generate.Community.Release;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Package downloads driven by the organisations' demand (so they rise before a customer converts):
 * PyPI BigQuery {@code file_downloads} rows (NDJSON, gzip, one shard per month) with a realistic
 * installer mix, CI flags and bandersnatch mirror bursts after each release; npm {@code range}
 * responses per month; Docker Hub repository snapshots every 7 days (cumulative {@code pull_count});
 * Maven Central monthly CSVs for complete months.
 */
final class DownloadsEmitter {
  static final String PYPI = "osswh-warehouse";
  static final String NPM = "osswh-warehouse";
  static final String DOCKER = "osswh/warehouse";
  static final String MAVEN_GROUP = "io.osswarehouse";
  static final String MAVEN_ARTIFACT = "warehouse-jdbc";
  /** Installers that mirror the index rather than install (their rows are not real adoption). */
  static final List<String> MIRRORS = List.of("bandersnatch");
  private static final DateTimeFormatter PYPI_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+00:00'",
      Locale.ROOT);
  private static final String[][] INSTALLERS = {{"pip", "24.0"}, {"pip", "24.3.1"}, {"pip", "25.0.1"},
      {"uv", "0.5.11"}, {"uv", "0.6.3"}, {"poetry", "1.8.3"}, {"poetry", "2.0.1"}};
  private static final String[] COUNTRIES = {"US", "DE", "IN", "CN", "GB", "FR", "BR", "JP", null};

  private final Community community;
  private final LandingFiles out;
  private final CommunityTruth truth;
  private final Background background;
  private final long seed;
  private final LocalDate start;
  private final LocalDate end;
  private final List<Release> versions;

  DownloadsEmitter(Community community, LandingFiles out, CommunityTruth truth, Background background) {
    this.community = community;
    this.out = out;
    this.truth = truth;
    this.background = background;
    this.seed = community.world.seed();
    this.start = community.world.start();
    this.end = community.end;
    this.versions = community.releases(Community.REPOS.get(0));
  }

  void emit() {
    double[] total = totalDemand();
    pypi();
    npm(total);
    docker(total);
    maven(total);
  }

  /** Demand of all organisations per day of the range. */
  private double[] totalDemand() {
    double[] total = new double[(int) ChronoUnit.DAYS.between(start, end) + 1];
    for (Organization org : community.world.organizations()) {
      if (community.activeFrom.containsKey(org.id())) {
        for (int i = 0; i < total.length; i++) {
          total[i] += community.demand(org, start.plusDays(i));
        }
      }
    }
    return total;
  }

  /** The newest version published by {@code day}, or sometimes the one before (people lag); null before the first. */
  private Release version(LocalDate day, SplittableRandom rnd) {
    int latest = latest(day);
    return latest < 0 ? null : versions.get(latest > 0 && rnd.nextDouble() < 0.3 ? latest - 1 : latest);
  }

  /** Index of the newest version published by {@code day}, or -1. */
  private int latest(LocalDate day) {
    int latest = -1;
    for (int i = 0; i < versions.size() && !Community.day(versions.get(i).published()).isAfter(day); i++) {
      latest = i;
    }
    return latest;
  }

  private void pypi() {
    for (YearMonth m = YearMonth.from(start); !m.isAfter(YearMonth.from(end)); m = m.plusMonths(1)) {
      String file = "downloads/pypi/file_downloads_" + m + "-000000000000.json.gz";
      LocalDate from = m.atDay(1).isBefore(start) ? start : m.atDay(1);
      LocalDate to = m.atEndOfMonth().isAfter(end) ? end : m.atEndOfMonth();
      for (Organization org : community.world.organizations()) {
        if (!community.activeFrom.containsKey(org.id())) {
          continue;
        }
        SplittableRandom rnd = Seeds.stream(seed, org.index() * 1_000L + m.getMonthValue() + m.getYear() * 12L,
            "pypi");
        String[] installer = INSTALLERS[Math.floorMod(Seeds.mix(seed + org.index()), INSTALLERS.length)];
        boolean ci = org.traits().adoption() > 0.5;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
          double demand = community.demand(org, d);
          int people = Seeds.poisson(rnd, demand * 0.05);
          int builds = ci ? Seeds.poisson(rnd, demand * 0.04) : 0;
          for (int i = 0; i < people + builds; i++) {
            row(file, d, rnd, installer, org.country(), i >= people, false);
          }
        }
      }
      SplittableRandom rnd = Seeds.stream(seed, m.getYear() * 12L + m.getMonthValue(), "pypi-background");
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        int n = Seeds.poisson(rnd, 12);
        for (int i = 0; i < n; i++) {
          String[] installer = INSTALLERS[rnd.nextInt(INSTALLERS.length)];
          row(file, d, rnd, installer, COUNTRIES[rnd.nextInt(COUNTRIES.length)], rnd.nextDouble() < 0.2, false);
        }
        for (Release r : versions) { // mirrors fetch every new file within a day or two of a release
          long age = ChronoUnit.DAYS.between(Community.day(r.published()), d);
          if (age >= 0 && age < 2) {
            for (int mirror = 0; mirror < 3; mirror++) {
              row(file, d, rnd, new String[] {"bandersnatch", "6.6.0"}, COUNTRIES[mirror], false, true);
            }
          }
        }
      }
      if (background.pypiDownloadsPerDay() > 0) {
        anonymous(m, from, to);
      }
    }
  }

  /**
   * The month's anonymous downloads ({@link Background}) as the export's second shard
   * ({@code -000000000001}, as BigQuery splits a large export), a fifth of them from CI. The counts per
   * day are drawn now, for the truth; the rows while the shard is written, a day at a time, so they are
   * never all in memory.
   */
  private void anonymous(YearMonth m, LocalDate from, LocalDate to) {
    String file = "downloads/pypi/file_downloads_" + m + "-000000000001.json.gz";
    int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
    int[][] counts = new int[days][2]; // {people, CI builds}
    for (int i = 0; i < days; i++) {
      LocalDate d = from.plusDays(i);
      if (latest(d) < 0) {
        continue; // nothing published yet to download
      }
      SplittableRandom rnd = Seeds.stream(seed, d.toEpochDay(), "pypi-anonymous-counts");
      counts[i][0] = Seeds.poisson(rnd, background.pypiDownloadsPerDay() * 0.8);
      counts[i][1] = Seeds.poisson(rnd, background.pypiDownloadsPerDay() * 0.2);
      truth.download("pypi", PYPI, d, counts[i][0], false);
      truth.download("pypi", PYPI, d, counts[i][1], true);
    }
    if (Arrays.stream(counts).allMatch(c -> c[0] + c[1] == 0)) {
      return; // no shard without rows
    }
    out.tail(file, sink -> {
      List<Timed> rows = new ArrayList<>();
      for (int i = 0; i < days; i++) {
        LocalDate d = from.plusDays(i);
        SplittableRandom rnd = Seeds.stream(seed, d.toEpochDay(), "pypi-anonymous");
        rows.clear();
        for (int r = 0; r < counts[i][0] + counts[i][1]; r++) {
          String[] installer = INSTALLERS[rnd.nextInt(INSTALLERS.length)];
          rows.add(render(d, rnd, installer, COUNTRIES[rnd.nextInt(COUNTRIES.length)], r >= counts[i][0], false));
        }
        rows.sort(Comparator.comparing(Timed::at)); // stable: ties keep the drawing order
        rows.forEach(t -> sink.accept(t.text()));
      }
    });
  }

  private record Timed(Instant at, String text) {}

  /** One {@code file_downloads} row as BigQuery exports it; CI builds report {@code ci: true}, others null. */
  private void row(String file, LocalDate day, SplittableRandom rnd, String[] installer, String country, boolean ci,
      boolean mirror) {
    Timed row = render(day, rnd, installer, country, ci, mirror);
    if (row != null) {
      out.add(file, row.at(), row.text());
      truth.download("pypi", PYPI, day, 1, ci || mirror);
    }
  }

  /** The row's JSON and instant; null before the first release (nothing to download). */
  private Timed render(LocalDate day, SplittableRandom rnd, String[] installer, String country, boolean ci,
      boolean mirror) {
    Release release = version(day, rnd);
    if (release == null) {
      return null;
    }
    Instant at = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(rnd.nextInt(86_400));
    boolean wheel = mirror ? rnd.nextBoolean() : rnd.nextDouble() < 0.9;
    String dist = PYPI.replace('-', '_') + "-" + release.version();
    String filename = wheel ? dist + "-py3-none-any.whl" : dist + ".tar.gz";
    String digest = GithubJson.sha1(filename) + GithubJson.sha1(dist).substring(0, 20);
    ObjectNode n = GithubJson.F.objectNode();
    n.put("timestamp", PYPI_TIME.format(at.atZone(ZoneOffset.UTC)));
    n.put("url", "/packages/" + digest.substring(0, 2) + "/" + digest.substring(2, 4) + "/" + digest.substring(4)
        + "/" + filename);
    n.put("project", PYPI);
    ObjectNode f = n.putObject("file");
    f.put("filename", filename);
    f.put("project", PYPI);
    f.put("version", release.version());
    f.put("type", wheel ? "bdist_wheel" : "sdist");
    n.put("tls_protocol", "TLSv1.3");
    n.put("tls_cipher", "TLS_AES_128_GCM_SHA256");
    if (country == null) {
      n.putNull("country_code");
    } else {
      n.put("country_code", country);
    }
    ObjectNode d = n.putObject("details");
    ObjectNode inst = d.putObject("installer");
    inst.put("name", installer[0]);
    inst.put("version", installer[1]);
    if (installer[0].equals("pip") && !day.isBefore(LocalDate.of(2025, 12, 1))) {
      inst.put("subcommand", "install"); // linehaul records it since December 2025
    } else {
      inst.putNull("subcommand");
    }
    boolean mac = !ci && !mirror && rnd.nextDouble() < 0.3;
    String python = mirror ? "3.11.9" : "3.1" + (1 + rnd.nextInt(3)) + "." + rnd.nextInt(9);
    d.put("python", python);
    ObjectNode impl = d.putObject("implementation");
    impl.put("name", "CPython");
    impl.put("version", python);
    ObjectNode distro = d.putObject("distro");
    distro.put("name", mac ? "macOS" : "Ubuntu");
    distro.put("version", mac ? "14.6" : "22.04");
    if (mac) {
      distro.putNull("id");
      distro.putNull("libc");
    } else {
      distro.put("id", "jammy");
      ObjectNode libc = distro.putObject("libc");
      libc.put("lib", "glibc");
      libc.put("version", "2.35");
    }
    ObjectNode system = d.putObject("system");
    system.put("name", mac ? "Darwin" : "Linux");
    system.put("release", mac ? "23.6.0" : ci ? "6.5.0-1025-azure" : "6.8.0-45-generic");
    d.put("cpu", mac ? "arm64" : "x86_64");
    d.put("openssl_version", "OpenSSL 3.0.2 15 Mar 2022");
    if (installer[0].equals("pip")) {
      d.put("setuptools_version", "75.1.0");
    } else {
      d.putNull("setuptools_version");
    }
    d.putNull("rustc_version");
    if (ci) {
      d.put("ci", true);
    } else {
      d.putNull("ci");
    }
    return new Timed(at, GithubJson.write(n));
  }

  /** One range response per month (npm reports every day, zeros included; the last month ends at the end). */
  private void npm(double[] total) {
    SplittableRandom rnd = Seeds.stream(seed, 0, "npm");
    LocalDate published = versions.isEmpty() ? end.plusDays(1) : Community.day(versions.get(0).published());
    for (YearMonth m = YearMonth.from(start); !m.isAfter(YearMonth.from(end)); m = m.plusMonths(1)) {
      LocalDate from = m.atDay(1).isBefore(start) ? start : m.atDay(1);
      LocalDate to = m.atEndOfMonth().isAfter(end) ? end : m.atEndOfMonth();
      ObjectNode body = GithubJson.F.objectNode();
      body.put("start", from.toString());
      body.put("end", to.toString());
      body.put("package", NPM);
      ArrayNode days = body.putArray("downloads");
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        int n = d.isBefore(published) ? 0 : Seeds.poisson(rnd, total[index(d)] * 0.02 + 2);
        ObjectNode o = days.addObject();
        o.put("downloads", n);
        o.put("day", d.toString());
        truth.downloadUnsplit("npm", NPM, d, n);
      }
      out.add("downloads/npm/range_" + NPM + "_" + m + ".json", Instant.EPOCH, GithubJson.write(body));
    }
  }

  private int index(LocalDate d) {
    return (int) ChronoUnit.DAYS.between(start, d);
  }

  /**
   * Docker Hub repository objects every 7 days from the start: {@code pull_count} counts all pulls through the
   * snapshot day. The truth dates each difference at the later snapshot (the first snapshot is the baseline).
   */
  private void docker(double[] total) {
    SplittableRandom rnd = Seeds.stream(seed, 0, "docker");
    long pulls = 1_200;
    long previous = -1;
    for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
      pulls += Seeds.poisson(rnd, total[index(d)] * 0.08 + 3);
      if (ChronoUnit.DAYS.between(start, d) % 7 != 0) {
        continue;
      }
      if (previous >= 0) {
        truth.downloadUnsplit("docker", DOCKER, d, pulls - previous);
      }
      previous = pulls;
      int latest = latest(d);
      ObjectNode n = GithubJson.F.objectNode();
      n.put("user", "osswh");
      n.put("name", "warehouse");
      n.put("namespace", "osswh");
      n.put("repository_type", "image");
      n.put("status", 1);
      n.put("description", "Open-source analytics warehouse (Spark + Delta Lake)");
      n.put("is_private", false);
      n.put("is_automated", false);
      n.put("can_edit", false);
      n.put("star_count", 10 + pulls / 2_000);
      n.put("pull_count", pulls);
      Instant updated = latest < 0 ? start.atStartOfDay(ZoneOffset.UTC).toInstant()
          : versions.get(latest).published();
      n.put("last_updated", DateTimeFormatter.ISO_INSTANT.format(updated.plusNanos(217_787_000L)));
      n.putNull("build_on_cloud");
      n.put("has_starred", false);
      n.put("full_description", "# osswh/warehouse\n\n`docker run osswh/warehouse demo`\n");
      n.putNull("affiliation");
      ObjectNode permissions = n.putObject("permissions");
      permissions.put("read", true);
      permissions.put("write", false);
      permissions.put("admin", false);
      out.add("downloads/dockerhub/repository_osswh-warehouse_" + d + ".json", Instant.EPOCH, GithubJson.write(n));
    }
  }

  /** Sonatype's monthly per-version CSV (no header, every field quoted) for each complete month. */
  private void maven(double[] total) {
    SplittableRandom rnd = Seeds.stream(seed, 0, "maven");
    for (YearMonth m = YearMonth.from(start); !m.atEndOfMonth().isAfter(end); m = m.plusMonths(1)) {
      if (m.atDay(1).isBefore(start)) {
        continue;
      }
      List<Release> known = new ArrayList<>();
      for (Release r : versions) {
        if (!Community.day(r.published()).isAfter(m.atEndOfMonth())) {
          known.add(r);
        }
      }
      if (known.isEmpty()) {
        continue;
      }
      long[] counts = new long[known.size()];
      long sum = 0;
      for (LocalDate d = m.atDay(1); !d.isAfter(m.atEndOfMonth()); d = d.plusDays(1)) {
        int n = Seeds.poisson(rnd, total[index(d)] * 0.04 + 1);
        for (int i = 0; i < n; i++) { // most builds pin the newest version, a long tail keeps old ones
          int back = Math.min(known.size() - 1, rnd.nextDouble() < 0.6 ? 0 : 1 + rnd.nextInt(4));
          counts[known.size() - 1 - back]++;
        }
        sum += n;
      }
      String file = "downloads/maven/" + MAVEN_GROUP + "/" + MAVEN_ARTIFACT + "/" + MAVEN_ARTIFACT + "_" + m + ".csv";
      for (int i = 0; i < known.size(); i++) {
        if (counts[i] > 0) {
          out.add(file, Instant.EPOCH, "\"" + known.get(i).version() + "\",\"" + counts[i] + "\",\""
              + Double.toString((double) counts[i] / sum) + "\"");
        }
      }
      truth.downloadUnsplit("maven", MAVEN_GROUP + ":" + MAVEN_ARTIFACT, m.atDay(1), sum);
    }
  }
}
