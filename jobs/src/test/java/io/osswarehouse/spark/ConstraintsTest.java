package io.osswarehouse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.delta.tables.DeltaTable;
import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.dictionary.DataDictionary;
import io.osswarehouse.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dictionary's keys and invariants are Delta constraints on every table the warehouse writes: a
 * write that breaks one fails, whatever the write (a first creation, a partial replace, a MERGE), with
 * one line naming the table, the constraint and the offending values; nothing of it is committed.
 */
class ConstraintsTest extends SparkTestBase {
  private static final String RATES = Catalog.STG_BILLING__FX_RATES.name();
  private static final String RATES_DDL = "rate_date DATE, currency STRING, rate DECIMAL(24,10)";

  @TempDir
  Path root;

  private Dataset<Row> rates(Object[]... values) {
    return rows(RATES_DDL, values);
  }

  private static Object[] rate(String date, String currency, String rate) {
    return new Object[] {java.sql.Date.valueOf(date), currency, new java.math.BigDecimal(rate)};
  }

  private Warehouse warehouse() {
    Warehouse wh = new Warehouse(session(), root);
    wh.registerAll();
    return wh;
  }

  private Map<String, String> properties(Warehouse wh, String table) {
    return session().sql("SHOW TBLPROPERTIES delta.`" + wh.path(table) + "`").collectAsList().stream()
        .collect(java.util.stream.Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
  }

  private long version(Warehouse wh, String table) {
    return DeltaTable.forPath(session(), wh.path(table).toString()).history(1).first().getLong(0);
  }

  @Test
  void theDictionaryGivesEachTableItsKeysNotNullItsChecksAndTheLayersCurrencyRule() {
    Map<String, String> c = DataDictionary.constraints(RATES, java.util.List.of("rate_date", "currency", "rate"));
    assertEquals(Map.of(
        "rate_date_not_null", "`rate_date` IS NOT NULL",
        "currency_not_null", "`currency` IS NOT NULL",
        "currency_is_iso_code", "currency IS NULL OR currency RLIKE '^[A-Z]{3}$'",
        "rate_positive", "rate > 0"), c);
    // Key columns a table declares nullable stay nullable.
    Assertions.assertFalse(DataDictionary.constraints(Catalog.FCT_PACKAGE_DOWNLOADS_DAILY.name(),
        java.util.List.of("version", "download_date")).containsKey("version_not_null"));
  }

  @Test
  void aNewTableIsCreatedWithItsConstraintsAndABreakingFirstWriteLeavesNoTable() {
    Warehouse wh = warehouse();
    Warehouse.ConstraintViolation e = assertThrows(Warehouse.ConstraintViolation.class,
        () -> wh.overwrite(RATES, rates(rate("2025-01-31", "EUR", "1.08"), rate("2025-02-28", "EUR", "-1"))));
    assertEquals(RATES + ": CHECK constraint rate_positive (rate > 0) violated by row with values: rate = "
        + "-1.0000000000", e.getMessage());
    Assertions.assertFalse(wh.exists(RATES), "nothing of the failed first write is a table");

    wh.overwrite(RATES, rates(rate("2025-01-31", "EUR", "1.08")));
    assertEquals("rate > 0", properties(wh, RATES).get("delta.constraints.rate_positive"));
    assertEquals(0, version(wh, RATES), "created with its constraints in one commit");
  }

  @Test
  void mergeAndPartialReplaceAreCheckedTooAndNothingIsCommitted() {
    Warehouse wh = warehouse();
    wh.merge(RATES, rates(rate("2025-01-31", "EUR", "1.08")), "rate_date", "currency");
    long before = version(wh, RATES);
    Warehouse.ConstraintViolation merge = assertThrows(Warehouse.ConstraintViolation.class,
        () -> wh.merge(RATES, rates(rate("2025-01-31", "eur", "1.08")), "rate_date", "currency"));
    Assertions.assertTrue(merge.getMessage().startsWith(RATES + ": CHECK constraint currency_is_iso_code"),
        merge.getMessage());
    Assertions.assertTrue(merge.getMessage().contains("currency = eur"), merge.getMessage());
    Warehouse.ConstraintViolation nullKey = assertThrows(Warehouse.ConstraintViolation.class,
        () -> wh.replaceWhere(RATES, rates(new Object[] {null, "EUR", new java.math.BigDecimal("1.1")}),
            "rate_date IS NULL"));
    Assertions.assertTrue(nullKey.getMessage().contains("rate_date_not_null"), nullKey.getMessage());
    assertEquals(before, version(wh, RATES), "no commit from a rejected write");
    assertEquals(1, wh.read(RATES).count());
  }

  @Test
  void aTableWrittenBeforeItsConstraintsGetsThemOnceAndRewritingThemCostsNoCommit() {
    // A table of an earlier version of the warehouse: the same rows, no constraints.
    rates(rate("2025-01-31", "EUR", "1.08")).write().format("delta").save(new Warehouse(session(), root).path(RATES)
        .toString());
    warehouse().merge(RATES, rates(rate("2025-02-28", "EUR", "1.10")), "rate_date", "currency");
    Warehouse fresh = warehouse();
    assertEquals("rate > 0", properties(fresh, RATES).get("delta.constraints.rate_positive"));
    long version = version(fresh, RATES);
    fresh.merge(RATES, rates(rate("2025-03-31", "EUR", "1.09")), "rate_date", "currency");
    assertEquals(version + 1, version(fresh, RATES), "the constraints already there: only the data commit");
  }
}
