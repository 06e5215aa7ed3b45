package io.osswarehouse.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step sees only what the catalog says it reads and writes: reading an undeclared input or writing
 * another step's table fails at once, naming both; a table the catalog does not declare cannot be written
 * at all. What the whole pipeline reads and writes is checked the same way by every test that runs it.
 */
class StepAccessTest extends SparkTestBase {
  @TempDir
  Path root;

  private Warehouse step(String name) {
    Warehouse wh = new Warehouse(session(), root);
    wh.registerAll();
    Catalog.Step step = Catalog.step(name);
    return wh.forStep(new Warehouse.Access(name, Set.copyOf(step.inputs()),
        Set.copyOf(step.outputs().stream().map(t -> t.name()).toList())));
  }

  @Test
  void aStepReadingATableItDoesNotDeclareFailsNamingBoth() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> step("revenue").readOrNull(Catalog.STG_GITHUB__EVENTS.name()));
    assertEquals("step revenue read silver.stg_github__events, which the catalog does not declare as one of its inputs",
        e.getMessage());
    // Its declared inputs, its own tables and the run audit are readable (absent tables read as null).
    step("revenue").readOrNull(Catalog.FCT_MRR_SEGMENTS.name());
    step("revenue").readOrNull(Catalog.MRR_BRIDGE_MONTHLY.name());
    step("revenue").readOrNull(Catalog.RUN_AUDIT.name());
  }

  @Test
  void aStepWritingAnotherStepsTableFailsAndNoStepWritesAnUndeclaredTable() {
    Warehouse revenue = step("revenue");
    IllegalStateException other = assertThrows(IllegalStateException.class,
        () -> revenue.overwrite(Catalog.FCT_MRR_SEGMENTS.name(), session().range(1).toDF()));
    assertEquals("step revenue wrote silver.fct_mrr_segments, which the catalog says step billing builds",
        other.getMessage());
    IllegalStateException undeclared = assertThrows(IllegalStateException.class,
        () -> new Warehouse(session(), root).overwrite("gold.scratch", session().range(1).toDF()));
    assertEquals("write to gold.scratch, a table the catalog does not declare", undeclared.getMessage());
  }
}
