package io.osswarehouse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Which generated files are history and which are the incremental day, by the date in their path. */
class LandingSplitTest {
  private static final LocalDate END = LocalDate.of(2025, 12, 31);

  @Test
  void daysMonthsAndUndatedFiles() {
    assertTrue(LandingSplit.isHistory("github/gharchive/2025-12-31-23.json.gz", END));
    assertFalse(LandingSplit.isHistory("github/gharchive/2026-01-01-0.json.gz", END));
    assertTrue(LandingSplit.isHistory("web/ga4/events_20251231.json.gz", END));
    assertFalse(LandingSplit.isHistory("web/ga4/events_20260101.json.gz", END));
    assertFalse(LandingSplit.isHistory("github/rest/osswh/warehouse/stargazers_page1_2026-01-01.json", END));
    // monthly files: the BigQuery shard suffix is not a day
    assertTrue(LandingSplit.isHistory("downloads/pypi/file_downloads_2025-12-000000000000.json.gz", END));
    assertFalse(LandingSplit.isHistory("downloads/pypi/file_downloads_2026-01-000000000000.json.gz", END));
    assertFalse(LandingSplit.isHistory("downloads/maven/io.osswarehouse/warehouse-jdbc/warehouse-jdbc_2026-01.csv", END));
    assertFalse(LandingSplit.isHistory("billing/stripe/2026-01/invoices.jsonl", END));
    assertTrue(LandingSplit.isHistory("billing/stripe/2025-03/invoices.jsonl", END));
    assertTrue(LandingSplit.isHistory("web/plausible/docs/visitors.csv", END));
  }

  @Test
  void statsAreMedianMinMax() {
    Stats s = new Stats().add(3).add(1).add(2);
    assertEquals(2, s.median());
    assertEquals(1, s.min());
    assertEquals(3, s.max());
    assertEquals(2.5, new Stats().add(2).add(3).median());
  }
}
