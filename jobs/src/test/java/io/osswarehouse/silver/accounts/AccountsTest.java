package io.osswarehouse.silver.accounts;

import io.osswarehouse.testing.PipelineTest;
import static io.osswarehouse.silver.accounts.CommitAuthorsTest.assertNoAddressIn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.silver.billing.BillingSilverStage;
import io.osswarehouse.silver.github.GithubSilverStage;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each linking rule, its exclusions, time-awareness and conflicts, on small inline silver tables. */
@PipelineTest
class AccountsTest extends SparkTestBase {
  private static final String COMMITS = "event_id STRING, commit_sha STRING, repo_id BIGINT, actor_id BIGINT,"
      + " repo_name STRING, actor_login STRING, org_login STRING, author_email_domain STRING,"
      + " author_email_sha256 STRING, is_distinct BOOLEAN, is_bot BOOLEAN, created_at TIMESTAMP, created_date DATE";
  private static final String[] LINK = {"identity_type", "identity_key", "account_key", "rule", "confidence",
      "is_primary", "cast(valid_from as date)", "cast(valid_to as date)"};

  // The silver inputs of one test; those it leaves null read as empty tables.
  private Dataset<Row> customers;
  private Dataset<Row> periods;
  private Dataset<Row> events;
  private Dataset<Row> commits;
  private Dataset<Row> users;
  private Dataset<Row> ga4;

  private Dataset<Row> orEmpty(Dataset<Row> df, String ddl) {
    return df != null ? df : rows(ddl);
  }

  private Dataset<Row> identities() {
    customers = orEmpty(customers, AccountsStage.INPUT_COLUMNS.get(BillingSilverStage.CUSTOMERS));
    // Materialised without their lineage: a cached plan is still analysed and optimised whole by every query
    // on it, and the linking rules make a large one.
    Dataset<Row> links = AccountsStage.links(session(), new AccountsStage.Sources(
        customers,
        orEmpty(periods, AccountsStage.INPUT_COLUMNS.get(AccountsStage.PERIODS)),
        orEmpty(events, AccountsStage.INPUT_COLUMNS.get(GithubSilverStage.EVENTS)),
        orEmpty(commits, COMMITS),
        orEmpty(users, AccountsStage.INPUT_COLUMNS.get(AccountsStage.USERS)),
        orEmpty(ga4, AccountsStage.INPUT_COLUMNS.get(AccountsStage.GA4_EVENTS)))).localCheckpoint();
    Dataset<Row> out = AccountsStage.identities(session(), links).localCheckpoint();
    assertNoAddressIn(out);
    assertOnePrimaryAtATime(out);
    return out;
  }

  // ---------- fixture rows, in the contract's column order

  private static Object[] customer(String id, String name, String emailDomain, Map<String, String> metadata,
      String created) {
    return new Object[] {id, name, "sha-of-" + id, emailDomain, metadata, ts(created)};
  }

  private static Object[] event(String id, String type, long actorId, String login, String org, boolean bot,
      String at) {
    return new Object[] {id, 1L, org + "/widget", actorId, login, 9L, org, bot, type, null, ts(at),
        Date.valueOf(at.substring(0, 10))};
  }

  private static Object[] commit(String sha, long actorId, String login, String org, String domain, boolean bot,
      String at) {
    return new Object[] {"e-" + sha, sha, 1L, actorId, (org == null ? login : org) + "/widget", login, org, domain,
        "sha-of-author", true, bot, ts(at), Date.valueOf(at.substring(0, 10))};
  }

  private static Object[] user(long id, String login, String company, String companyDomain, String snapshot) {
    return new Object[] {id, login, company, companyDomain, null, null, Date.valueOf(snapshot)};
  }

  private static Object[] signUp(String key, String userId, String emailDomain, String at) {
    return new Object[] {key, ts(at), "sign_up", userId, "sha-of-" + key, emailDomain};
  }

  private static Timestamp ts(String at) {
    return Timestamp.valueOf(at.length() == 10 ? at + " 00:00:00" : at.replace('T', ' '));
  }

  // ---------- rules

  @Test
  void billingCustomersLinkByMetadataThenEmailDomainAndOtherwiseStandAlone() throws Exception {
    customers = rows(AccountsStage.INPUT_COLUMNS.get(BillingSilverStage.CUSTOMERS),
        customer("cus_1", "Acme", "acme.io", Map.of("github_org", "Acme-OSS"), "2024-01-10"),
        customer("cus_2", "Initech", "gmail.com", Map.of("company_domain", "initech.com"), "2024-02-01"),
        customer("cus_3", "Jane Doe", "gmail.com", Map.of(), "2024-03-01"));
    periods = rows(AccountsStage.INPUT_COLUMNS.get(AccountsStage.PERIODS),
        new Object[] {"other_sub_1", "legacy_42", Date.valueOf("2023-05-01")});
    Dataset<Row> identities = identities();
    assertEquals(List.of(
        "billing_customer | cus_1 | domain:acme.io | customer_by_email_domain | 0.90 | false | 2024-01-10 | null",
        // the organisation named in metadata resolves to the customer's domain: the same account
        "billing_customer | cus_1 | domain:acme.io | customer_by_metadata_github_org | 0.95 | true | 2024-01-10 | null",
        // a free-mail billing address is no company key, the declared domain is
        "billing_customer | cus_2 | domain:initech.com | customer_by_metadata_domain | 1.00 | true | 2024-02-01 | null",
        "billing_customer | cus_3 | billing_customer:cus_3 | billing_customer_self | 1.00 | true | 2024-03-01 | null",
        "billing_customer | legacy_42 | billing_customer:legacy_42 | billing_customer_self | 1.00 | true | 2023-05-01 | null",
        "email_domain | acme.io | domain:acme.io | email_domain_self | 1.00 | true | 2024-01-10 | null",
        "email_domain | initech.com | domain:initech.com | email_domain_self | 1.00 | true | 2024-02-01 | null",
        "github_org | acme-oss | domain:acme.io | org_by_billing_metadata | 0.95 | true | 2024-01-10 | null"),
        Tables.lines(identities, LINK));

    Dataset<Row> accounts = AccountsStage.accounts(session(), identities, customers);
    assertEquals(List.of(
        "billing_customer:cus_3 | billing_customer | Jane Doe | null | null | [cus_3] | 2024-03-01",
        "billing_customer:legacy_42 | billing_customer | legacy_42 | null | null | [legacy_42] | 2023-05-01",
        "domain:acme.io | domain | Acme | acme.io | acme-oss | [cus_1] | 2024-01-10",
        "domain:initech.com | domain | Initech | initech.com | null | [cus_2] | 2024-02-01"),
        Tables.lines(accounts, "account_key", "account_key_type", "account_name", "primary_domain",
            "github_org_login", "cast(billing_customer_ids as string)", "cast(first_seen_at as date)"));
    // The id is derived from the account's primary key only, so a rebuild gives the same id.
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest("domain:acme.io".getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of("acc_" + sha.substring(0, 16)),
        Tables.lines(accounts.where("account_key = 'domain:acme.io'"), "account_id"));
  }

  @Test
  void anOrganisationBelongsToTheDomainMostOfItsHumanMembersCommitWith() {
    commits = rows(COMMITS,
        commit("a1", 1, "alice", "Globex", "globex.com", false, "2024-01-02"),
        commit("a2", 1, "alice", "Globex", "globex.com", false, "2024-01-03"),
        commit("b1", 2, "bob", "Globex", "globex.com", false, "2024-01-04"),
        commit("c1", 3, "carol", "Globex", "initech.com", false, "2024-01-05"),
        // Two bots committing under initech.com would make it the majority if they counted as members.
        commit("x1", 90, "ci-bot", "Globex", "initech.com", true, "2024-01-01"),
        commit("x2", 91, "deploy-bot", "Globex", "initech.com", true, "2024-01-01"));
    Dataset<Row> identities = identities();
    // 2 of 3 human members: confidence 0.7 x 2/3
    assertEquals(List.of(
        "github_org | globex | domain:globex.com | org_by_member_commit_domain | 0.47 | true | 2024-01-02 | null"),
        Tables.lines(identities.where("identity_type = 'github_org'"), LINK));
    assertEquals(List.of("1 | domain:globex.com", "2 | domain:globex.com", "3 | domain:initech.com"),
        Tables.lines(identities.where("identity_type = 'github_user'"), "identity_key", "account_key"));
  }

  @Test
  void aUserWhoChangesCompanyGetsANewLinkAndTheOldOneCloses() {
    commits = rows(COMMITS,
        commit("q1a", 4, "dave", null, "acme.io", false, "2024-01-10"),
        commit("q1b", 4, "dave", null, "acme.io", false, "2024-02-10"),
        commit("q1c", 4, "dave", null, "acme.io", false, "2024-03-10"),
        commit("q2a", 4, "dave", null, "acme.io", false, "2024-04-10"),
        commit("q2b", 4, "dave", null, "acme.io", false, "2024-05-10"),
        commit("q2c", 4, "dave", null, "gmail.com", false, "2024-06-10"),
        // a quarter of personal commits only says nothing about the employer
        commit("q3a", 4, "dave", null, "gmail.com", false, "2024-08-10"),
        commit("q4a", 4, "dave", null, "initech.com", false, "2024-10-05"),
        commit("q4b", 4, "dave", null, "initech.com", false, "2024-10-06"),
        commit("q4c", 4, "dave", null, "initech.com", false, "2024-11-06"),
        commit("q4d", 4, "dave", null, "initech.com", false, "2024-12-06"),
        commit("q4e", 4, "dave", null, "acme.io", false, "2024-12-07"));
    assertEquals(List.of(
        // 5 of 6 commits in Q1-Q2: 0.9 x 5/6; closed when the first initech.com commit opens the next link
        "github_user | 4 | domain:acme.io | user_by_commit_email_domain | 0.75 | true | 2024-01-10 | 2024-10-05",
        "github_user | 4 | domain:initech.com | user_by_commit_email_domain | 0.72 | true | 2024-10-05 | null"),
        Tables.lines(identities().where("identity_type = 'github_user'"), LINK));
  }

  @Test
  void profilesLinkUsersByCompanyDomainAndByANamedOrganisation() {
    events = rows(AccountsStage.INPUT_COLUMNS.get(GithubSilverStage.EVENTS),
        event("e1", "WatchEvent", 70, "someone", "globex-oss", false, "2024-01-01"));
    users = rows(AccountsStage.INPUT_COLUMNS.get(AccountsStage.USERS),
        user(6, "frank", "Globex Corp @Globex-OSS", "globex.com", "2024-06-01"),
        // an '@handle' that is no known organisation is a person, not a company
        user(7, "grace", "@grace-personal", null, "2024-06-01"));
    assertEquals(List.of(
        "github_user | 6 | domain:globex.com | user_by_profile_company_domain | 0.80 | true | 2024-06-01 | null",
        "github_user | 6 | github_org:globex-oss | user_by_profile_company_org | 0.70 | false | 2024-06-01 | null"),
        Tables.lines(identities().where("identity_type = 'github_user'"), LINK));
  }

  @Test
  void webUsersLinkByTheirSignUpDomainOverTime() {
    ga4 = rows(AccountsStage.INPUT_COLUMNS.get(AccountsStage.GA4_EVENTS),
        signUp("s1", "u-1", "acme.io", "2024-01-05T10:00:00"),
        signUp("s2", "u-1", "acme.io", "2024-02-01T10:00:00"),
        signUp("s3", "u-1", "initech.com", "2024-05-01T10:00:00"),
        signUp("s4", "u-2", "gmail.com", "2024-05-01T10:00:00"),
        signUp("s5", null, "globex.com", "2024-05-01T10:00:00"));
    assertEquals(List.of(
        "web_user | u-1 | domain:acme.io | web_user_by_signup_domain | 0.85 | true | 2024-01-05 | 2024-05-01",
        "web_user | u-1 | domain:initech.com | web_user_by_signup_domain | 0.85 | true | 2024-05-01 | null"),
        Tables.lines(identities().where("identity_type = 'web_user'"), LINK));
  }

  @Test
  void whenRulesDisagreeEveryLinkStaysAndTheMostConfidentIsPrimaryAtEachTime() {
    events = rows(AccountsStage.INPUT_COLUMNS.get(GithubSilverStage.EVENTS),
        event("p1", "PushEvent", 5, "eve", "hooli-oss", false, "2024-02-01"));
    commits = rows(COMMITS,
        commit("c1", 5, "eve", null, "piedpiper.com", false, "2024-03-01"),
        commit("c2", 5, "eve", null, "piedpiper.com", false, "2024-03-02"));
    users = rows(AccountsStage.INPUT_COLUMNS.get(AccountsStage.USERS),
        user(5, "eve", "Hooli", "hooli.com", "2024-06-01"));
    assertEquals(List.of(
        "github_user | 5 | domain:hooli.com | user_by_profile_company_domain | 0.80 | false | 2024-06-01 | null",
        "github_user | 5 | domain:piedpiper.com | user_by_commit_email_domain | 0.90 | true | 2024-03-01 | null",
        // membership alone was the best evidence until the commits arrived
        "github_user | 5 | github_org:hooli-oss | user_by_org_membership | 0.40 | false | 2024-03-01 | null",
        "github_user | 5 | github_org:hooli-oss | user_by_org_membership | 0.40 | true | 2024-02-01 | 2024-03-01"),
        Tables.lines(identities().where("identity_type = 'github_user'"), LINK));
  }

  @Test
  void freeMailAndBotsNeverBecomeAccountsNorGetLinks() {
    events = rows(AccountsStage.INPUT_COLUMNS.get(GithubSilverStage.EVENTS),
        event("b1", "PushEvent", 49699333, "dependabot[bot]", "acme", true, "2024-01-01"),
        event("h1", "PushEvent", 8, "heidi", "acme", false, "2024-01-01"));
    commits = rows(COMMITS,
        commit("n1", 8, "heidi", null, "users.noreply.github.com", false, "2024-01-02"),
        commit("n2", 8, "heidi", null, "gmail.com", false, "2024-01-03"),
        commit("r1", 29139614, "renovate[bot]", null, "mend.io", true, "2024-01-03"));
    users = rows(AccountsStage.INPUT_COLUMNS.get(AccountsStage.USERS),
        user(8, "heidi", "freelance", "gmail.com", "2024-06-01"),
        user(29139614, "renovate[bot]", "Mend", "mend.io", "2024-06-01"));
    ga4 = rows(AccountsStage.INPUT_COLUMNS.get(AccountsStage.GA4_EVENTS),
        signUp("s1", "u-9", "yahoo.com", "2024-05-01T10:00:00"));
    Dataset<Row> identities = identities();
    assertEquals(List.of(
        "github_org | acme | github_org:acme | github_org_self | 1.00 | true | 2024-01-01 | null",
        "github_user | 8 | github_org:acme | user_by_org_membership | 0.40 | true | 2024-01-01 | null"),
        Tables.lines(identities, LINK));
    assertEquals(List.of("github_org:acme | acme | 1"), Tables.lines(
        AccountsStage.accounts(session(), identities, customers), "account_key", "account_name", "github_users"));
  }

  // ---------- the stage

  @Test
  void theStageRebuildsFromWhateverSilverExistsAndARebuildChangesNothing(@TempDir Path root) {
    Warehouse wh = new Warehouse(session(), root);
    wh.registerAll();
    wh.overwrite(BillingSilverStage.CUSTOMERS, rows(AccountsStage.INPUT_COLUMNS.get(BillingSilverStage.CUSTOMERS),
        customer("cus_1", "Acme", "acme.io", Map.of(), "2024-01-10")));
    WarehouseConfig cfg = new WarehouseConfig(root, root.resolve("landing"), "USD", 0.05, null, 2);
    // No GitHub, downloads or web tables yet: they read as empty.
    AccountsStage stage = new AccountsStage(RunContext.start(cfg, wh, LocalDate.of(2024, 1, 31), Progress.silent()));
    assertEquals(1, stage.build());
    List<String> first = Tables.lines(wh.read(AccountsStage.IDENTITIES));
    // Whether to rebuild at all is the runner's question (NightlyRun skips a step whose inputs are unchanged).
    assertEquals(1, stage.build(), "a rebuild from the same silver");
    assertEquals(first, Tables.lines(wh.read(AccountsStage.IDENTITIES)), "gives the same identities");
    assertEquals(0, wh.read(AccountsStage.COMMIT_AUTHORS).count());
  }

  /** At the start of every link, exactly one link of the identity valid then is primary. */
  private void assertOnePrimaryAtATime(Dataset<Row> identities) {
    identities.createOrReplaceTempView("identities_under_test");
    List<Row> bad = session().sql("select s.identity_type, s.identity_key, s.at, count_if(l.is_primary) as n"
        + " from (select distinct identity_type, identity_key, valid_from as at from identities_under_test) as s"
        + " inner join identities_under_test as l on l.identity_type = s.identity_type"
        + " and l.identity_key = s.identity_key and l.valid_from <= s.at and (l.valid_to is null or l.valid_to > s.at)"
        + " group by s.identity_type, s.identity_key, s.at having n <> 1").collectAsList();
    Assertions.assertTrue(bad.isEmpty(), "identities without exactly one primary link: " + bad);
  }

}
