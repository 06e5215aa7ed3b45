package io.osswarehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line contract: --help everywhere, exit codes, one-line errors, output formats. */
class WarehouseCliTest extends SparkTestBase {
  @TempDir
  Path dir;

  /** Exit code, stdout and stderr of one CLI invocation. */
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

  @ParameterizedTest
  @ValueSource(strings = {"generate", "run", "ingest", "silver", "gold", "check", "backfill", "sql", "status",
      "summary", "report"})
  void everySubcommandHasHelp(String command) {
    Result r = cli(command, "--help");
    assertEquals(0, r.code(), r.err());
    Assertions.assertTrue(r.out().startsWith("Usage: warehouse " + command), r.out());
  }

  @Test
  void aBadDateIsAUsageErrorOnOneLine() {
    Result r = cli("run", "--date", "2025-13-01");
    assertEquals(2, r.code());
    Assertions.assertTrue(r.err().startsWith("Invalid value for option '--date'"), r.err());
  }

  @Test
  void anUnknownSourceIsRefusedWithTheKnownOnes() {
    Result r = cli("ingest", "--warehouse", dir.resolve("w").toString(), "--date", "2025-12-31", "--source", "billing/paypal");
    assertEquals(1, r.code());
    Assertions.assertTrue(r.err().startsWith("error: unknown source 'billing/paypal'; sources are billing/stripe, "
        + "billing/subscription_periods, billing/fx_rates, github/gharchive"), r.err());
  }

  @Test
  void backfillRejectsAnInvertedRangeWithOneLine() {
    Result r = cli("backfill", "--warehouse", dir.resolve("w").toString(), "--from", "2025-02-01", "--to", "2025-01-01");
    assertEquals(1, r.code());
    assertEquals("error: --to 2025-01-01 is before --from 2025-02-01\n", r.err());
  }

  @Test
  void sqlPrintsCsvWithAHeaderAndJsonLines() {
    String wh = dir.resolve("w").toString();
    Result csv = cli("sql", "--warehouse", wh, "select 1 as a, 'x,y' as b, cast(2.50 as decimal(5,2)) as c",
        "--format", "csv");
    assertEquals(0, csv.code(), csv.err());
    assertEquals("a,b,c\n1,\"x,y\",2.50\n", csv.out());
    Result json = cli("sql", "--warehouse", wh, "select 1 as a union all select 2", "--format", "json");
    assertEquals("{\"a\":1}\n{\"a\":2}\n", json.out());
    Result table = cli("sql", "--warehouse", wh, "select 'left' as name, 42 as n");
    assertEquals("name |  n\n-----+---\nleft | 42\n(1 row)\n", table.out());
  }

  @Test
  void aFailingQueryExitsNonZeroWithoutAStackTrace() {
    Result r = cli("sql", "--warehouse", dir.resolve("w").toString(), "select * from gold.no_such_table");
    assertEquals(1, r.code());
    Assertions.assertTrue(r.err().startsWith("error: [TABLE_OR_VIEW_NOT_FOUND]"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void statusBeforeAnyRunSaysWhatToDo() {
    Result r = cli("status", "--warehouse", dir.resolve("empty").toString());
    assertEquals(1, r.code());
    Assertions.assertTrue(r.err().contains("no runs yet"), r.err());
  }

  @Test
  void forgetNeedsExactlyOneIdentifierAndAWeekOfRetention() {
    Result none = cli("forget");
    assertEquals(2, none.code());
    Assertions.assertTrue(none.err().startsWith("Error: Missing required argument"), none.err());
    Result two = cli("forget", "--email", "a@example.com", "--github-login", "a");
    assertEquals(2, two.code());
    Assertions.assertTrue(two.err().contains("mutually exclusive"), two.err());
    Result soon = cli("forget", "--email", "a@example.com", "--retain-days", "1");
    assertEquals(1, soon.code());
    Assertions.assertTrue(soon.err().startsWith("error: --retain-days 1 is under 7"), soon.err());
  }
}
