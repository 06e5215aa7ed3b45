package io.osswarehouse.ingest.downloads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.ingest.ParsedFile;
import io.osswarehouse.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The driver-side download parsers (pypistats, npm, Docker Hub, Maven Central) on the real samples and on traps. */
class DownloadParsersTest {
  /** Accepted records as "position | v1 | v2 ..." (values cut at 40 characters) and rejections as "position ! reason". */
  private static List<String> lines(ParsedFile f) {
    return Stream.concat(
        f.records().stream().map(r -> r.position() + " | " + Arrays.stream(r.values()).map(String::valueOf)
            .map(v -> v.length() > 40 ? v.substring(0, 40) + "..." : v).collect(Collectors.joining(" | "))),
        f.rejections().stream().map(r -> r.position() + " ! " + r.reason())).collect(Collectors.toList());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void pypistatsOverallKeepsBothMirrorCategoriesPerDay() {
    assertEquals(List.of(
        "1 | pip | overall | with_mirrors | 2020-05-01 | 2100139",
        "2 | pip | overall | with_mirrors | 2020-05-02 | 1487218",
        "3 | pip | overall | without_mirrors | 2020-05-01 | 2083472",
        "4 | pip | overall | without_mirrors | 2020-05-02 | 1475979"),
        lines(new PypistatsSource().parse("downloads/pypistats/overall_pip_2020-05-01_02.json",
            Samples.bytes("downloads/pypistats/overall_pip_2020-05-01_02.json"))));
  }

  @Test
  void pypistatsUndatedTotalsLoadWithTheNullCategoryKeptAsSent() {
    assertEquals(List.of(
        "1 | pip | system | Darwin | null | 10734594",
        "2 | pip | system | Linux | null | 236502274",
        "3 | pip | system | null | null | 30579325",
        "4 | pip | system | other | null | 111243",
        "5 | pip | system | Windows | null | 6527978"),
        lines(new PypistatsSource().parse("downloads/pypistats/system_pip_totals.json",
            Samples.bytes("downloads/pypistats/system_pip_totals.json"))));
  }

  @Test
  void pypistatsRecentAndBrokenResponses() {
    PypistatsSource s = new PypistatsSource();
    assertEquals(List.of("1 | Django | recent | last_day | null | 5", "2 | Django | recent | last_week | null | 40",
            "3 ! 'last_month' is not a non-negative whole number: -1"),
        lines(s.parse("r.json", utf8("{\"data\":{\"last_day\":5,\"last_week\":40,\"last_month\":-1},"
            + "\"package\":\"Django\",\"type\":\"recent_downloads\"}"))));
    assertEquals(List.of("0 ! unknown response type 'downloads'; expected one of [overall, system, python_major,"
            + " python_minor, recent] + '_downloads'"),
        lines(s.parse("x.json", utf8("{\"data\":[],\"package\":\"pip\",\"type\":\"downloads\"}"))));
    assertEquals(List.of("1 | pip | python_major | 3 | 2020-05-01 | 7", "2 ! 'date' is not a YYYY-MM-DD date: \"May 2\"",
            "3 ! no 'category'"),
        lines(s.parse("x.json", utf8("{\"data\":[{\"category\":\"3\",\"date\":\"2020-05-01\",\"downloads\":7},"
            + "{\"category\":\"3\",\"date\":\"May 2\",\"downloads\":7},{\"date\":\"2020-05-03\",\"downloads\":1}],"
            + "\"package\":\"pip\",\"type\":\"python_major_downloads\"}"))));
    assertEquals(List.of("0 ! invalid JSON: Unexpected end-of-input within/between Object entries"),
        lines(s.parse("x.json", utf8("{\"data\":"))));
  }

  @Test
  void npmPointIsOnePeriodTotal() {
    assertEquals(List.of("1 | redis | point | 2019-04-15 | 2019-04-21 | null | 1056053"),
        lines(new NpmDownloadsSource().parse("downloads/npm/point_last-week_redis_2019-04-15_21.json",
            Samples.bytes("downloads/npm/point_last-week_redis_2019-04-15_21.json"))));
  }

  @Test
  void npmRangeIsOneRecordPerDayAndBulkAndErrorsAreHandled() {
    NpmDownloadsSource s = new NpmDownloadsSource();
    assertEquals(List.of("1 | @scope/pkg | range | 2024-01-01 | 2024-01-02 | 2024-01-01 | 3",
            "2 | @scope/pkg | range | 2024-01-01 | 2024-01-02 | 2024-01-02 | 0"),
        lines(s.parse("r.json", utf8("{\"start\":\"2024-01-01\",\"end\":\"2024-01-02\",\"package\":\"@scope/pkg\","
            + "\"downloads\":[{\"downloads\":3,\"day\":\"2024-01-01\"},{\"downloads\":0,\"day\":\"2024-01-02\"}]}"))));
    assertEquals(List.of("1 | a | point | 2024-01-01 | 2024-01-07 | null | 9",
            "2 ! no downloads for package 'nope' in a bulk response (unknown package)"),
        lines(s.parse("b.json", utf8("{\"a\":{\"downloads\":9,\"start\":\"2024-01-01\",\"end\":\"2024-01-07\","
            + "\"package\":\"a\"},\"nope\":null}"))));
    assertEquals(List.of("1 ! no 'package': the API leaves it out of totals over all of npm"),
        lines(s.parse("all.json", utf8("{\"downloads\":1,\"start\":\"2024-01-01\",\"end\":\"2024-01-01\"}"))));
    assertEquals(List.of("0 ! npm API error: package nope not found"),
        lines(s.parse("e.json", utf8("{\"error\":\"package nope not found\"}"))));
  }

  @Test
  void dockerHubSnapshotNeedsTheDayInTheFileName() {
    byte[] real = Samples.bytes("downloads/dockerhub/repository_grimoirelab-perceval_2017-05.json");
    assertEquals(List.of("1 ! file name gives only the month 2017-05, not the snapshot day: pull_count is"
            + " cumulative, so deltas need the day the API was called; rename the file to end in _2017-05-DD.json"),
        lines(new DockerHubSource().parse("downloads/dockerhub/repository_grimoirelab-perceval_2017-05.json", real)));
    assertEquals(List.of("1 | grimoirelab/perceval | 2017-05-10 | 398 | 1 | 2017-05-10T08:12:52.217787Z"
            + " | {\"user\":\"grimoirelab\",\"name\":\"perceval\",..."),
        lines(new DockerHubSource().parse("downloads/dockerhub/repository_grimoirelab-perceval_2017-05-10.json", real)));
    assertEquals(List.of("1 | library/redis | 2024-01-02 | 10 | null | null | {\"namespace\":\"library\",\"name\":\"Redis\",\"p...",
            "2 ! 'pull_count' is not a non-negative whole number: null"),
        lines(new DockerHubSource().parse("downloads/dockerhub/page_2024-01-02.json", utf8("{\"count\":2,\"results\":"
            + "[{\"namespace\":\"library\",\"name\":\"Redis\",\"pull_count\":10},{\"namespace\":\"x\",\"name\":\"y\"}]}"))));
  }

  @Test
  void mavenMonthlyCsvTakesTheArtifactFromItsFolders() {
    ParsedFile f = new MavenCentralSource().parse(
        "downloads/maven/org.apache.maven/maven-core/sonatype_central_stats_maven-core_2022-07_excerpt.csv",
        Samples.bytes("downloads/maven/sonatype_central_stats_maven-core_2022-07_excerpt.csv"));
    assertEquals(10, f.records().size());
    assertEquals(List.of(), f.rejections());
    assertEquals("4 | org.apache.maven | maven-core | 2022-07-01 | 3.6.3 | 1988609 | 0.2630036771297455", lines(f).get(3));
    assertEquals("1 | org.apache.maven | maven-core | 2022-07-01 | 2.0.10 | 32 | 4.232163064443739E-6", lines(f).get(0));
  }

  @Test
  void mavenFilesOutOfPlaceOrWithBadRowsAreQuarantinedWithTheReason() {
    MavenCentralSource s = new MavenCentralSource();
    byte[] csv = utf8("\"1.0\",\"12\",\"0.5\"\n\"1.1\",\"many\",\"0.5\"\n\"1.2\",\"3\"\n\"1.3\",\"3\",\"1.5E0\"\n");
    assertEquals(List.of("1 | g | a | 2022-07-01 | 1.0 | 12 | 0.5", "2 ! downloads 'many' is not a non-negative whole number",
            "3 ! has 2 fields; expected \"version\",\"downloads\",\"fraction\"",
            "4 ! fraction '1.5E0' is not a number between 0 and 1"),
        lines(s.parse("downloads/maven/g/a/stats_2022-07.csv", csv)));
    assertEquals(List.of("0 ! not under downloads/maven/<groupId>/<artifactId>/: the artifact comes from those two folders"),
        lines(s.parse("downloads/maven/stats_2022-07.csv", csv)));
    assertEquals(List.of("0 ! no month in the file name: name it <anything>_YYYY-MM.csv (the month the counts are for)"),
        lines(s.parse("downloads/maven/g/a/stats_2022-07-01.csv", csv)));
  }
}
