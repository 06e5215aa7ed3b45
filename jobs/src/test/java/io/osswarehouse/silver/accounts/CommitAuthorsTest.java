package io.osswarehouse.silver.accounts;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.common.Emails;
import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.ParsedFile;
import io.osswarehouse.ingest.github.GhArchiveSource;
import io.osswarehouse.silver.github.GithubSilverStage;
import io.osswarehouse.testing.Samples;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Commit authors out of PushEvents of every era, with their addresses pseudonymised. */
class CommitAuthorsTest extends SparkTestBase {
  private static final String SALT = "test-salt-not-secret";

  /** Bronze rows for the given documents, validated as the ingestor does. */
  private Dataset<Row> bronze(String... documents) {
    GhArchiveSource source = new GhArchiveSource();
    List<Row> lines = new ArrayList<>();
    for (int f = 0; f < documents.length; f++) {
      for (ParsedFile.Record r : source.parse("f" + f, documents[f].getBytes(StandardCharsets.UTF_8)).records()) {
        lines.add(RowFactory.create("f" + f + ".json", "sha" + f, r.position(), r.values()[0]));
      }
    }
    Dataset<Row> raw = session().createDataFrame(lines, StructType.fromDDL(
        "_source_file STRING, _file_sha256 STRING, _record_position BIGINT, value STRING"));
    StructType bronze = IngestMetadata.withMetadata(source.recordSchema());
    List<Row> rows = source.validateLines(raw).where("_reject_reason is null").selectExpr(
        "event_id", "event_type", "created_at", "repo_id", "repo_name", "schema_era", "raw_json",
        "_source_file", "_file_sha256", "_record_position").collectAsList().stream()
        .map(r -> RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6), r.get(7),
            r.get(8), r.get(9), new Timestamp(0), "run", Date.valueOf("2025-12-31")))
        .collect(Collectors.toList());
    return session().createDataFrame(rows, bronze);
  }

  private Dataset<Row> commitAuthors(Dataset<Row> bronze) {
    return AccountsStage.commitAuthors(session(), bronze, GithubSilverStage.events(session(), bronze));
  }

  @Test
  void realEventsApiPushesGiveOneRowPerCommitWithOnlyDomainAndPseudonym() {
    Dataset<Row> commits = commitAuthors(bronze(
        new String(Samples.bytes("github/gharchive/api_public_events_2020-04-25T12-07Z.array.json"), StandardCharsets.UTF_8),
        new String(Samples.bytes("github/gharchive/pushevent_pre_drift_2024-05-21-0.pretty.json"), StandardCharsets.UTF_8)));
    // 16 pushes in the API page carry 25 commits, the 2024 archive push one.
    assertEquals(26, commits.count());
    assertEquals(List.of(
        // pushed by a person, authored under a company domain, in an organisation's repository
        "12155212935 | fdce36b2 | DenizenScript/Denizen-Core | mcmonkey4eva | DenizenScript | freneticllc.com | true | false",
        // GitHub Actions pushing someone's commit: a bot push, whatever the author's address
        "12155212980 | 48ee3846 | vmenger/CoronaWatchNL | github-actions[bot] | null | gmail.com | true | true",
        // the archive's bot push (2024), authored by the bot's noreply address
        "38549213316 | 3965ad57 | static-web-apps-testing-org/swa019b583735a64a17840ba468fc0bbf5e | swa-runner-app[bot]"
            + " | static-web-apps-testing-org | users.noreply.github.com | true | true"),
        Tables.lines(commits.where("event_id in ('12155212935', '12155212980', '38549213316')"),
            "event_id", "left(commit_sha, 8)", "repo_name", "actor_login", "org_login", "author_email_domain",
            "is_distinct", "is_bot"));
    assertEquals(List.of(Emails.pseudonymize("agoodwin@freneticllc.com", SALT)),
        Tables.lines(commits.where("event_id = '12155212935'"), "author_email_sha256"));
    // 9 commits by two authors on qq.com in one push: the same address gives the same pseudonym.
    assertEquals(List.of("qq.com | 8 | 1", "vip.qq.com | 1 | 1"), Tables.lines(commits.where("event_id = '12155213000'")
        .groupBy("author_email_domain").agg(count("*"), countDistinct("author_email_sha256"))));
    assertNoAddressIn(commits);
  }

  @Test
  void pushesWithoutCommitsAfterThePayloadCutGiveNoRows() {
    // The 2025-10-07 PushEvent shape (export-formats.md 1.1, gotcha 1): no size, distinct_size, commits.
    String slim = "{\"id\":\"6725093999\",\"type\":\"PushEvent\",\"actor\":{\"id\":7,\"login\":\"carol\"},"
        + "\"repo\":{\"id\":42,\"name\":\"acme/widget\"},\"payload\":{\"repository_id\":42,\"push_id\":29018914999,"
        + "\"ref\":\"refs/heads/main\",\"head\":\"59ca5f2b\",\"before\":\"60ba0993\"},\"public\":true,"
        + "\"created_at\":\"2025-12-15T00:00:00Z\",\"org\":{\"id\":9,\"login\":\"acme\"}}";
    Dataset<Row> bronze = bronze(slim);
    assertEquals(1, bronze.count());
    assertEquals(0, commitAuthors(bronze).count());
  }

  @Test
  void timelinePushesListTheirCommitsAsShas() {
    // Before 2015: string actor, repository object, payload.shas = [[sha, email, message, name, distinct]].
    String timeline = "{\"type\":\"PushEvent\",\"actor\":\"octocat\",\"actor_attributes\":{\"login\":\"octocat\"},"
        + "\"repository\":{\"id\":1,\"name\":\"hello\",\"owner\":\"octo\",\"organization\":\"octo\"},"
        + "\"payload\":{\"ref\":\"refs/heads/master\",\"size\":2,\"shas\":["
        + "[\"6c8f3a1\",\"a94a8fe5ccb19ba61c4c0873d391e987982fbbd3@acme.io\",\"Fix\",\"Octo Cat\",true],"
        + "[\"9d1e0b2\",\"a94a8fe5ccb19ba61c4c0873d391e987982fbbd3@acme.io\",\"Merge\",\"Octo Cat\",false]]},"
        + "\"created_at\":\"2013-08-05T20:03:01-07:00\"}";
    Dataset<Row> commits = commitAuthors(bronze(timeline));
    assertEquals(List.of(
        "6c8f3a1 | octo/hello | octocat | octo | acme.io | true | false | 2013-08-06 03:03:01.0",
        "9d1e0b2 | octo/hello | octocat | octo | acme.io | false | false | 2013-08-06 03:03:01.0"),
        Tables.lines(commits, "commit_sha", "repo_name", "actor_login", "org_login", "author_email_domain",
            "is_distinct", "is_bot", "created_at"));
    assertNoAddressIn(commits);
  }

  /** No column of any row holds an e-mail address (something@domain). */
  static void assertNoAddressIn(Dataset<Row> df) {
    for (Row r : df.collectAsList()) {
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        Assertions.assertFalse(v != null && v.toString().matches("(?s).*[^\\s@]@[^\\s@]+\\.[a-z]{2,}.*"),
            "an e-mail address in " + df.columns()[i] + ": " + v);
      }
    }
  }
}
