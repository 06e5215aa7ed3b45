package io.osswarehouse.orchestrate;

import io.osswarehouse.pipeline.AuditLog;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.testing.SparkTestBase;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The gates of `warehouse check`, each on a few audit or gold rows. */
class QualityGatesTest extends SparkTestBase {
  private static final LocalDate DATE = LocalDate.of(2025, 12, 31);

  /** An ingest file row of the audit. */
  private static Row file(String runDate, String source, String file, long read, long loaded, long quarantined,
      Long filtered, String outcome, String message) {
    return RowFactory.create("run-" + runDate, Date.valueOf(runDate), "ingest", source, file, "sha-" + file, 10L,
        new Timestamp(0), read, loaded, quarantined, filtered, Timestamp.valueOf(runDate + " 01:00:00"), 5L, outcome,
        message);
  }

  private Dataset<Row> audit(Row... rows) {
    return session().createDataFrame(List.of(rows), AuditLog.SCHEMA);
  }

  @Test
  void rejectedFilesFailWithTheFilesReason() {
    Assertions.assertTrue(QualityGates.rejectedFiles(audit(file("2025-12-31", "billing/stripe", "a.jsonl", 3, 3, 0, 0L,
        "loaded", null))).passed());
    QualityGates.Gate one = QualityGates.rejectedFiles(audit(
        file("2025-12-31", "billing/stripe", "a.jsonl", 3, 0, 2, 0L, "rejected", "a.jsonl: 2 of 3 records (67%)")));
    assertEquals(new QualityGates.Gate("rejected_files", false, "a.jsonl: 2 of 3 records (67%)"), one);
    QualityGates.Gate two = QualityGates.rejectedFiles(audit(
        file("2025-12-31", "billing/stripe", "a.jsonl", 3, 0, 2, 0L, "rejected", "a: bad"),
        file("2025-12-31", "web/ga4", "b.json", 3, 0, 3, 0L, "rejected", "b: bad")));
    assertEquals("2 files rejected, e.g. a: bad", two.message());
  }

  @Test
  void everyLoadedFileMustAccountForEveryRecordRead() {
    Assertions.assertTrue(QualityGates.auditBalance(audit(
        file("2025-12-31", "github/gharchive", "h.json", 30, 2, 0, 28L, "loaded", null),
        file("2025-12-31", "billing/stripe", "s.jsonl", 31, 30, 1, null, "loaded", null),
        file("2025-12-31", "billing/stripe", "r.jsonl", 3, 0, 2, 0L, "rejected", "r"))).passed(),
        "filtered records count, a missing filtered count is 0, and rejected files are another gate");
    QualityGates.Gate off = QualityGates.auditBalance(audit(
        file("2025-12-31", "billing/stripe", "s.jsonl", 31, 29, 1, 0L, "loaded", null)));
    Assertions.assertFalse(off.passed());
    assertEquals("s.jsonl: 31 records read but 29 loaded + 1 quarantined + 0 filtered (1 file(s) out of balance)",
        off.message());
  }

  @Test
  void aSourceIsStaleWhenItsNewestFileWasLoadedLongerAgoThanItsLimitInRunDates() {
    Dataset<Row> audit = audit(
        file("2025-12-30", "github/gharchive", "g1", 1, 1, 0, 0L, "loaded", null),
        file("2025-12-31", "github/gharchive", "g2", 1, 0, 0, 0L, "duplicate", null), // not a new file
        file("2025-11-30", "billing/stripe", "s1", 1, 1, 0, 0L, "loaded", null),
        file("2026-01-05", "billing/stripe", "s2", 1, 1, 0, 0L, "loaded", null)); // after the checked date
    QualityGates.Gate fresh = QualityGates.freshness(audit, DATE, NightlyRun.SOURCES, Map.of(), 35);
    assertEquals("every source within its limit (billing/stripe 31d, github/gharchive 1d)", fresh.message());
    Assertions.assertTrue(fresh.passed());
    QualityGates.Gate stale = QualityGates.freshness(audit, DATE, NightlyRun.SOURCES,
        Map.of("github/gharchive", 0), 30);
    Assertions.assertFalse(stale.passed());
    assertEquals("billing/stripe: newest file loaded by the run of 2025-11-30, 31 days before 2025-12-31 (limit 30);"
        + " check its export into billing/stripe/; github/gharchive: newest file loaded by the run of 2025-12-30, 1"
        + " days before 2025-12-31 (limit 0); check its export into github/gharchive/", stale.message());
  }

  @Test
  void theMrrBridgeMustAddUpAndContinueFromMonthToMonth() {
    String ddl = "month DATE, starting_mrr DECIMAL(18,2), ending_mrr DECIMAL(18,2), identity_difference DECIMAL(18,2)";
    Assertions.assertTrue(QualityGates.mrrBridge(rows(ddl,
        new Object[] {Date.valueOf("2025-11-01"), new BigDecimal("0.00"), new BigDecimal("100.00"), BigDecimal.ZERO},
        new Object[] {Date.valueOf("2025-12-01"), new BigDecimal("100.00"), new BigDecimal("90.00"), BigDecimal.ZERO}))
        .passed());
    QualityGates.Gate broken = QualityGates.mrrBridge(rows(ddl,
        new Object[] {Date.valueOf("2025-11-01"), new BigDecimal("0.00"), new BigDecimal("100.00"), BigDecimal.ZERO},
        new Object[] {Date.valueOf("2025-12-01"), new BigDecimal("95.00"), new BigDecimal("90.00"), BigDecimal.ZERO}));
    Assertions.assertFalse(broken.passed());
    Assertions.assertTrue(broken.message().startsWith("MRR bridge identity violated: 2025-12: starting MRR 95.00 is not 2025-11"),
        broken.message());
    Assertions.assertTrue(QualityGates.mrrBridge(null).passed(), "no billing data yet: nothing to check");
  }
}
