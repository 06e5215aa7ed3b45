package io.osswarehouse.pipeline;

import io.osswarehouse.spark.Warehouse;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The tables every ingest writes, {@code bronze.quarantine} and {@code meta.run_audit}, when several
 * ingest tasks of one run (one per source, e.g. in Airflow) write them at the same time.
 *
 * <p>Delta commits optimistically: a commit that clashes with a concurrent one fails with a
 * {@link ConcurrentModificationException} and changes nothing, so nothing is ever half-written. Audit
 * appends are blind appends, which never clash once the table exists; quarantine writes are
 * {@code replaceWhere} on the source and its file hashes, which may clash with another source's
 * write and are then simply repeated (same rows, same predicate: idempotent). What is not safe is two
 * writers both creating a table: the second would overwrite the first's rows, so the tables are
 * created empty first, where a clash leaves one empty table either way.
 *
 * <p>Within one JVM (the steps of a run share it, several at once) writes to one table take turns: a
 * slow write, e.g. GH Archive's quarantine, could otherwise lose every attempt to the faster sources
 * committing meanwhile. The retry is left for writers in other processes.
 */
public final class SharedTables {
  static final int ATTEMPTS = 8;
  private static final Map<String, ReentrantLock> TURNS = new ConcurrentHashMap<>();

  private SharedTables() {}

  /** Creates the run audit (empty) when absent; safe when several processes do it at once. */
  public static void ensureAudit(Warehouse wh) {
    ensure(wh, AuditLog.TABLE, AuditLog.SCHEMA);
  }

  /** Creates a shared table (empty) when absent; safe when several processes do it at once. */
  public static void ensure(Warehouse wh, String table, StructType schema) {
    retryOnConflict(table, () -> {
      if (!wh.exists(table)) {
        wh.append(table, wh.spark().createDataFrame(List.<Row>of(), schema));
      }
      return null;
    });
  }

  public static void retryOnConflict(String table, Runnable write) {
    retryOnConflict(table, () -> {
      write.run();
      return null;
    });
  }

  /** Runs a Delta write, repeating it after a short random pause when a concurrent commit clashed with it. */
  public static <T> T retryOnConflict(String table, Supplier<T> write) {
    ReentrantLock turn = TURNS.computeIfAbsent(table, t -> new ReentrantLock());
    for (int attempt = 1; ; attempt++) {
      turn.lock();
      try {
        return write.get();
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS || !isConflict(e)) {
          throw e;
        }
      } finally {
        turn.unlock();
      }
      try {
        // Random pause growing with the attempt, so the clashing writers do not meet again.
        Thread.sleep((long) (100 * attempt * (1 + Math.random())));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while retrying a write to " + table, interrupted);
      }
    }
  }

  /** Delta's conflicts (ConcurrentAppendException, ProtocolChangedException, ...) extend the JDK's. */
  static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConcurrentModificationException) {
        return true;
      }
    }
    return false;
  }
}
