package io.osswarehouse.collect;

import static io.osswarehouse.collect.CollectFixture.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import org.junit.jupiter.api.Assertions;

import io.osswarehouse.cli.WarehouseCli;
import io.osswarehouse.testing.PipelineTest;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end promise: {@code collect} then {@code run} gives the same silver and gold as landing
 * the same answers by hand. Every source is collected from a local server answering the real samples into one
 * landing folder; a second landing folder gets what a person would save by hand (the bodies as the APIs send
 * them, under names of their choosing in the documented layout, lists unpaginated, Plausible's own dashboard
 * export); both are run and every silver and gold table is compared without its lineage columns. Then a second
 * collect of the same date lands nothing, so the next run ingests nothing.
 */
@PipelineTest
class CollectThenRunTest extends SparkTestBase {
  static final String DAY = CollectCommandTest.DAY.toString();

  @TempDir
  Path root;

  record Result(int code, String out, String err) {}

  static Result cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = WarehouseCli.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void collectThenRunGivesTheSameSilverAndGoldAsLandingTheSameAnswersByHand() throws Exception {
    try (LocalApi api = new LocalApi()) {
      CollectCommandTest.everyApi(api);
      CollectFixture collected = CollectCommandTest.configureEverySource(new CollectFixture(root.resolve("a"), api))
          .set("privacy.email-salt", "the-same-salt-for-both-warehouses");
      String config = collected.propertiesFile().toString();
      Result collect = cli("--config", config, "collect", "--date", DAY);
      assertEquals(0, collect.code(), collect.err());

      Path byHand = root.resolve("b/landing");
      landByHand(api, byHand);
      String[] handWarehouse = {"--config", config, "--warehouse", root.resolve("b/warehouse").toString(),
          "--landing", byHand.toString(), "--quiet"};

      Result runA = cli("--config", config, "--quiet", "run", "--date", DAY);
      Result runB = cli(concat(handWarehouse, "run", "--date", DAY));
      assertEquals(runB.code(), runA.code(), runA.err() + "\n" + runB.err());
      assertEquals(0, runA.code(), runA.err());

      Map<String, List<String>> a = tables(collected.root.resolve("warehouse"));
      Map<String, List<String>> b = tables(root.resolve("b/warehouse"));
      assertEquals(b.keySet(), a.keySet());
      for (String table : a.keySet()) {
        assertEquals(b.get(table), a.get(table), table);
      }
      for (String table : List.of("silver.stg_github__stargazers", "silver.fct_github_traffic_daily",
          "silver.stg_stripe__subscriptions", "silver.stg_npm__downloads", "silver.stg_plausible__visitors_daily",
          "silver.stg_github__archive_hours", "silver.stg_dockerhub__repository_snapshots",
          "silver.stg_pypistats__downloads")) {
        Assertions.assertTrue(!a.get(table).isEmpty(), table + " is empty: the comparison would prove nothing");
      }

      // Collecting the same date again lands nothing, so the next run has no file to read.
      Result again = cli("--config", config, "collect", "--date", DAY);
      assertEquals(0, again.code(), again.err());
      Result rerun = cli("--config", config, "--quiet", "run", "--date", DAY);
      assertEquals(0, rerun.code(), rerun.err());
      Result ingested = cli("--config", config, "sql", "select count(*) as files from meta.run_audit where stage = "
          + "'ingest' and file is not null and run_id = (select max_by(run_id, started_at) from meta.run_audit)",
          "--format", "csv");
      assertEquals("files\n0\n", ingested.out(), ingested.err());
    }
  }

  /** What a person saves by hand: the same answers, whole lists, their own file names, the dashboard CSVs. */
  private static void landByHand(LocalApi api, Path landing) throws IOException, InterruptedException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    FakeApis.archiveHours().forEach((h, gz) -> {
      if (h != 5) { // the hour the archive lacks
        files.put("github/gharchive/" + DAY + "-" + h + ".json.gz", gz);
      }
    });
    String rest = "github/rest/acme/widget/";
    files.put(rest + "stargazers_" + DAY + ".json",
        sample(FakeApis.REST + "stargazers_star+json_danvk-comparea_2015-10-14.json"));
    for (String t : List.of("traffic_views", "traffic_clones", "traffic_popular_paths", "traffic_popular_referrers")) {
      files.put(rest + t + "_" + DAY + ".json", sample(FakeApis.REST + t + "_jkufro-PyGithub_2018-12-02.json"));
    }
    files.put(rest + "releases_" + DAY + ".json", sample(FakeApis.REST + "releases_list_PyGithub_page1_2022-01-10.json"));
    files.put(rest + "contributors_" + DAY + ".json", sample(FakeApis.REST + "contributors_PyGithub_2012-05-20.json"));
    files.put(rest + "repository_" + DAY + ".json", FakeApis.repository());
    for (String login : List.of("sAlexander", "ThomasG77", "therusek")) {
      files.put(rest + "users_" + login + "_" + DAY + ".json", FakeApis.profile(login));
    }
    FakeApis.stripeObjects().forEach((endpoint, objects) -> {
      for (var o : objects) {
        files.put("billing/stripe/" + o.path("id").asText() + ".json", CollectFixture.bytes(o));
      }
    });
    HttpClient http = HttpClient.newHttpClient();
    for (String range : List.of("2021-01-01:2021-09-20", "2021-09-21:2021-10-20")) {
      files.put("downloads/npm/left-pad-" + range.replace(':', '_') + ".json", http.send(HttpRequest.newBuilder(
          URI.create(api.base() + "/downloads/range/" + range + "/left-pad")).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body());
    }
    files.put("downloads/pypistats/pip-overall.json", sample("downloads/pypistats/overall_pip_2020-05-01_02.json"));
    files.put("downloads/dockerhub/perceval_" + DAY + ".json",
        sample("downloads/dockerhub/repository_grimoirelab-perceval_2017-05.json"));
    String site = "web/plausible/docs.acme.io/";
    files.put(site + "visitors.csv", sample(FakeApis.PLAUSIBLE + "visitors.csv"));
    files.put(site + "pages_" + DAY + "_" + DAY + ".csv", sample(FakeApis.PLAUSIBLE + "pages.csv"));
    files.put(site + "sources_" + DAY + "_" + DAY + ".csv", sample(FakeApis.PLAUSIBLE + "sources.csv"));
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path p = landing.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
  }

  /** Every silver and gold table's rows without lineage columns (which name files and runs), sorted. */
  private Map<String, List<String>> tables(Path warehouse) throws IOException {
    Map<String, List<String>> out = new TreeMap<>();
    for (String layer : List.of("silver", "gold")) {
      Path dir = warehouse.resolve(layer);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> tables = Files.list(dir)) {
        for (Path t : tables.filter(p -> Files.isDirectory(p.resolve("_delta_log"))).sorted().toList()) {
          Dataset<Row> df = spark().read().format("delta").load(t.toString());
          List<String> keep = new ArrayList<>();
          for (String c : df.columns()) {
            if (!c.startsWith("_") && !c.equals("landed_at") && !c.endsWith("run_id")) {
              keep.add("`" + c + "`");
            }
          }
          out.put(layer + "." + t.getFileName(), Tables.lines(df, keep.toArray(String[]::new)));
        }
      }
    }
    return out;
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
