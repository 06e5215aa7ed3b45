package io.osswarehouse.pipeline;

import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Which runs have completed which stage, read from the audit. A stage processes the rows written by
 * runs that have not completed it yet (the current run included), so a run that failed half-way is
 * caught up by the next one instead of leaving rows behind.
 */
public final class StageLog {
  private StageLog() {}

  /**
   * Runs that have completed a step: their rows are done for it. A step records its completion as soon as
   * it succeeds, so a run killed later keeps the steps it finished and the next run redoes only the others.
   * None on a full refresh ({@link RunContext#fullRefresh()}): every row is new again.
   */
  public static Set<String> completedRuns(RunContext run, String step) {
    Set<String> out = new HashSet<>();
    Dataset<Row> audit = run.warehouse().readOrNull(AuditLog.TABLE);
    if (audit != null && !run.fullRefresh()) {
      for (Row r : audit.where(functions.col("source").equalTo(step).and(functions.col("outcome")
              .equalTo(AuditLog.SUCCEEDED)).and(functions.col("file").isNull())
              .and(functions.col("stage").isin("silver", "gold")))
          .select("run_id").distinct().collectAsList()) {
        out.add(r.getString(0));
      }
    }
    return out;
  }

  /** SQL predicate: rows of runs that have not completed the step (all rows on a full refresh). */
  public static String pendingPredicate(RunContext run, String step) {
    return pendingPredicate(completedRuns(run, step));
  }

  /** SQL predicate: rows whose {@code _run_id} has not completed the stage. */
  public static String pendingPredicate(Set<String> completedRuns) {
    if (completedRuns.isEmpty()) {
      return "true";
    }
    StringBuilder sb = new StringBuilder("_run_id NOT IN (");
    completedRuns.stream().sorted().forEach(id -> sb.append('\'').append(id.replace("'", "")).append("',"));
    sb.setLength(sb.length() - 1);
    return sb.append(')').toString();
  }

  /**
   * Every bronze version of the business keys that pending rows touch: the latest-version rule must
   * see earlier versions too, but nothing else is read.
   */
  public static Dataset<Row> allVersionsOfPendingKeys(Dataset<Row> bronze, String pending, String... keys) {
    Dataset<Row> touched = bronze.where(pending);
    Column on = functions.lit(true);
    Column[] renamed = new Column[keys.length];
    for (int i = 0; i < keys.length; i++) {
      renamed[i] = functions.col(keys[i]).as("_key_" + i);
    }
    touched = touched.select(renamed).distinct();
    for (int i = 0; i < keys.length; i++) {
      on = on.and(bronze.col(keys[i]).eqNullSafe(touched.col("_key_" + i)));
    }
    return bronze.join(touched, on, "left_semi");
  }
}
