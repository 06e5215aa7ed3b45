package io.osswarehouse.pipeline;

import io.osswarehouse.orchestrate.NightlyRun;
import io.osswarehouse.testing.PipelineTest;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.generate.SampleDataGenerator;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports land month by month, as they would in production: each nightly run sees only what has
 * landed so far. Gold must be right as of each run date, and the incremental path (MERGE of the
 * touched keys, gold rebuilt from the earliest affected month) must end where a single full run does.
 */
@PipelineTest
class IncrementalRunTest extends SparkTestBase {
  private static final LocalDate START = LocalDate.of(2024, 10, 1);
  private static final LocalDate END = LocalDate.of(2025, 9, 30);
  private static final Pattern MONTH = Pattern.compile("(\\d{4}-\\d{2})");

  @TempDir
  Path root;

  private WarehouseConfig config() {
    return new WarehouseConfig(root.resolve("warehouse"), root.resolve("landing"), "USD", 0.05, null, 2);
  }

  /** Moves the generated files of months up to {@code last} from the staging area into the landing folder. */
  private void land(Path staging, YearMonth last) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(staging.resolve("billing"))) {
      files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
    }
    for (Path f : files) {
      Matcher m = MONTH.matcher(staging.relativize(f).toString());
      if (m.find() && !YearMonth.parse(m.group(1)).isAfter(last)) {
        Path target = config().landingDir().resolve(staging.relativize(f));
        Files.createDirectories(target.getParent());
        Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private List<String> gold(String where) {
    return Tables.lines(session().sql("select customer_id, date_format(month, 'yyyy-MM'), mrr, contract_mrr"
        + " from gold.customer_mrr_monthly where (mrr <> 0 or contract_mrr <> 0) and " + where));
  }

  private static List<String> truth(Path staging, String lastMonth) throws IOException {
    return Files.readAllLines(staging.resolve("_truth/customer_mrr_monthly.csv")).stream().skip(1)
        .filter(l -> l.split(",")[1].compareTo(lastMonth) <= 0)
        .map(l -> l.replace(",", " | ")).sorted().collect(Collectors.toList());
  }

  @Test
  void monthByMonthLandingEndsWhereTheTruthIsAndIsRightAsOfEachRun() throws IOException {
    Path staging = root.resolve("staging");
    SampleDataGenerator.generate(staging, 5, 300, START, END, "USD");
    Warehouse wh = new Warehouse(session(), config().warehouseDir());

    land(staging, YearMonth.of(2025, 2));
    NightlyRun.run(RunContext.start(config(), wh, LocalDate.of(2025, 2, 28), Progress.silent()));
    // Everything that matters for months up to February has landed: those months are final.
    List<String> early = truth(staging, "2025-02");
    Assertions.assertTrue(early.size() > 20, "too few early rows: " + early.size());
    assertEquals(early, gold("month <= date'2025-02-01'"));

    for (YearMonth m = YearMonth.of(2025, 3); !m.isAfter(YearMonth.from(END)); m = m.plusMonths(4)) {
      YearMonth last = m.plusMonths(3).isAfter(YearMonth.from(END)) ? YearMonth.from(END) : m.plusMonths(3);
      land(staging, last);
      NightlyRun.Summary s = NightlyRun.run(RunContext.start(config(), wh, last.atEndOfMonth(), Progress.silent()));
      Assertions.assertTrue(s.recordsLoaded() > 0);
    }
    assertEquals(truth(staging, "2025-09"), gold("true"));
    assertEquals(0, session().sql("select * from gold.mrr_bridge_monthly where identity_difference <> 0").count());
  }
}
