package io.osswarehouse.collect;

import static io.osswarehouse.collect.CollectFixture.GITHUB_TOKEN;
import static io.osswarehouse.collect.CollectFixture.PLAUSIBLE_KEY;
import static io.osswarehouse.collect.CollectFixture.STRIPE_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osswarehouse.cli.WarehouseCli;
import io.osswarehouse.collect.LocalApi.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/warehouse collect} as a user runs it: every source from one configuration, one line per source. */
class CollectCommandTest {
  static final LocalDate DAY = FakeApis.PLAUSIBLE_LAST_DAY;

  @TempDir
  Path root;
  LocalApi api;
  CollectFixture f;

  record Result(int code, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    api = new LocalApi();
    everyApi(api);
    f = configureEverySource(new CollectFixture(root, api));
  }

  /** Every API the collectors call, answered from the real samples. */
  static void everyApi(LocalApi api) {
    FakeApis.github(api, GITHUB_TOKEN);
    FakeApis.gharchive(api, DAY, FakeApis.archiveHours(), List.of(5));
    FakeApis.stripe(api, STRIPE_KEY, FakeApis.stripeObjects(), List.of(), 1);
    FakeApis.npm(api, "left-pad");
    FakeApis.pypistats(api);
    FakeApis.dockerhub(api);
    FakeApis.plausible(api, PLAUSIBLE_KEY);
  }

  static CollectFixture configureEverySource(CollectFixture f) {
    return f.set("github.repositories", FakeApis.REPO).set("collect.github.max-user-profiles", "3")
        .set("collect.npm.packages", "left-pad").set("collect.npm.history-from", "2021-01-01")
        .set("collect.pypi.packages", "pip").set("collect.dockerhub.images", "grimoirelab/perceval")
        .set("collect.plausible.sites", "docs.acme.io").set("collect.plausible.days", "31");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  Result cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      List<String> all = new ArrayList<>(List.of("--config", f.propertiesFile().toString(), "--quiet"));
      all.addAll(List.of(args));
      int code = WarehouseCli.execute(all.toArray(String[]::new));
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void everyConfiguredSourceIsCollectedWithOneLineEach() {
    Result r = cli("collect", "--date", DAY.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    assertEquals(List.of(
        "collect billing/stripe: 13 file(s) written, 0 unchanged",
        "collect github/gharchive: 23 file(s) written, 0 unchanged; not available yet: 2021-10-20-5.json.gz",
        "collect github/rest: 13 file(s) written, 0 unchanged",
        "collect downloads/pypistats: 1 file(s) written, 0 unchanged",
        "collect downloads/npm: 2 file(s) written, 0 unchanged",
        "collect downloads/dockerhub: 1 file(s) written, 0 unchanged",
        "collect web/plausible: 63 file(s) written, 0 unchanged"), r.out().lines().toList());

    Result again = cli("collect", "--date", DAY.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().lines().allMatch(l -> l.contains(": 0 file(s) written")), again.out());

    Result log = cli("collect", "--status", "--date", DAY.toString());
    assertEquals(0, log.code(), log.err());
    assertTrue(log.out().lines().anyMatch(l -> l.contains("github/rest") && l.contains("acme/widget stargazers")
        && l.contains("ok") && l.contains("200:3")), log.out());
    assertTrue(log.out().lines().anyMatch(l -> l.contains("github/gharchive") && l.contains("missing")
        && l.contains("404:1")), log.out());
  }

  @Test
  void aSourceThatFailsIsOneLineWhileTheOthersStillCollect() {
    f.set("collect.github.token-file", f.secretFile("expired", "ghp_expiredExpiredExpired").toString());
    Result r = cli("collect", "github", "downloads/pypistats", "--date", DAY.toString());
    assertEquals(1, r.code());
    assertEquals("error: 1 of 3 source(s) failed: github/rest (github/rest: GET /repos/acme/widget answered 401 "
        + "Unauthorized: the GitHub token was refused (expired, revoked or mistyped); replace it: Bad credentials)\n",
        r.err());
    assertTrue(r.out().contains("collect downloads/pypistats: 1 file(s) written"), r.out());
    assertTrue(r.out().contains("collect github/gharchive: 23 file(s) written"), r.out());
  }

  @Test
  void noTokenOrKeyAppearsOnDiskOrInAnyOutputEvenWhenAnApiEchoesIt() throws IOException {
    // An API quoting the credential back in its error, the worst case for a message.
    api.script("/v1/refunds", Reply.json(400, "{\"error\":{\"message\":\"Key " + STRIPE_KEY
        + " may not list refunds\"}}"));
    List<String> output = new ArrayList<>();
    Result first = cli("collect", "--date", DAY.toString());
    output.add(first.out() + first.err());
    assertTrue(first.err().contains("Key [redacted] may not list refunds"), first.err());
    Result again = cli("collect", "--date", DAY.plusDays(1).toString());
    output.add(again.out() + again.err());
    Result log = cli("collect", "--status", "--date", DAY.toString());
    output.add(log.out() + log.err());

    List<String> secrets = List.of(GITHUB_TOKEN, STRIPE_KEY, PLAUSIBLE_KEY);
    for (String o : output) {
      for (String s : secrets) {
        assertFalse(o.contains(s), "a secret in the output: " + o);
      }
    }
    int files = 0;
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).filter(p -> !p.startsWith(root.resolve("secrets"))).toList()) {
        files++;
        String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        for (String s : secrets) {
          assertFalse(content.contains(s), "a secret in " + root.relativize(p));
        }
      }
    }
    assertTrue(files > 100, "landing, state, cache and log were all searched: " + files);
  }

  @Test
  void aTokenFileOtherAccountsCanReadIsRefusedWithHowToFixIt() throws IOException {
    Path token = f.secretFile("shared-token", GITHUB_TOKEN);
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
    f.set("collect.github.token-file", token.toString());
    Result r = cli("collect", "github/rest", "--date", DAY.toString());
    assertEquals(1, r.code());
    assertEquals("error: 1 of 1 source(s) failed: github/rest (the GitHub token: " + token + " is readable or writable "
        + "by other accounts (rw-r--r--); make it readable by its owner alone: chmod 600 " + token + ")\n", r.err());
    assertTrue(api.calls.isEmpty(), "not a single request with it");
  }

  @Test
  void bigQueryExportsAndUnknownNamesAreRefusedBeforeAnyRequest() {
    Result pypi = cli("collect", "downloads/pypi", "--date", DAY.toString());
    assertEquals(1, pypi.code());
    assertEquals("error: downloads/pypi is exported from BigQuery, not collected from an API: see "
        + "docs/collect.md#pypi-file_downloads-from-bigquery\n", pypi.err());
    Result typo = cli("collect", "github/stars", "--date", DAY.toString());
    assertEquals("error: unknown source 'github/stars'; collect knows billing/stripe, github/gharchive, github/rest, "
        + "downloads/pypistats, downloads/npm, downloads/dockerhub, web/plausible\n", typo.err());
    assertTrue(api.calls.isEmpty());
    Result help = cli("collect", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().startsWith("Usage: warehouse collect"), help.out());
  }
}
