package io.osswarehouse.cli;

import io.osswarehouse.testing.PipelineTest;
import static io.osswarehouse.cli.WarehouseCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newcomer's path through the CLI: generate, backfill two nights, then status, sql and summary. */
@PipelineTest
class CliFlowTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void generateBackfillThenQueryTheWarehouse() {
    String[] where = {"--warehouse", dir.resolve("warehouse").toString(), "--landing", dir.resolve("landing").toString(),
        "--quiet"};
    WarehouseCliTest.Result generated = cli(concat(new String[] {"generate", "--seed", "3", "--organizations", "150",
        "--start", "2025-01-01", "--end", "2025-06-30"}, where));
    assertEquals(0, generated.code(), generated.err());
    Assertions.assertTrue(generated.out().startsWith("generated 150 organisations"), generated.out());

    WarehouseCliTest.Result backfill = cli(concat(new String[] {"backfill", "--from", "2025-06-29", "--to",
        "2025-06-30"}, where));
    assertEquals(0, backfill.code(), backfill.err());
    List<String> runs = backfill.out().lines().toList();
    assertEquals(2, runs.size(), backfill.out());
    Assertions.assertTrue(runs.get(0).startsWith("run 2025-06-29_") && runs.get(1).contains(": 0 records loaded"),
        backfill.out());

    WarehouseCliTest.Result status = cli(concat(new String[] {"status", "--no-files", "--format", "json"}, where));
    assertEquals(0, status.code(), status.err());
    Assertions.assertTrue(status.out().lines().allMatch(l -> l.contains("\"run_date\":\"2025-06-30\"")), status.out());
    Assertions.assertTrue(status.out().contains("\"stage\":\"gold\"") && status.out().contains("\"outcome\":\"succeeded\""),
        status.out());

    WarehouseCliTest.Result months = cli(concat(new String[] {"sql",
        "select date_format(max(month), 'yyyy-MM') as last_month, count(*) > 0 as has_rows from gold.mrr_bridge_monthly",
        "--format", "csv"}, where));
    assertEquals("last_month,has_rows\n2025-06,true\n", months.out(), months.err());

    WarehouseCliTest.Result summary = cli(concat(new String[] {"summary"}, where));
    assertEquals(0, summary.code(), summary.err());
    Assertions.assertTrue(summary.out().contains("MRR 2025-06: ") && summary.out().contains("MRR bridge, last 6 months")
        && summary.out().contains("Cohort logo retention"), summary.out());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
