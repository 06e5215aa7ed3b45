package io.osswarehouse.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Writes to the shared tables: turns within one JVM, retries of Delta's conflicts, nothing else retried. */
class SharedTablesTest {

  @Test
  void writersOfOneJvmTakeTurnsOnATableAndDoNotWaitForAnotherTable() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger otherTableWhileBusy = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> writes = IntStream.range(0, 12).<Future<?>>mapToObj(i -> pool.submit(() ->
          SharedTables.retryOnConflict("bronze.quarantine", () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            if (inside.get() == 1) {
              // Another table's writer is not held up by this table's turn.
              SharedTables.retryOnConflict("meta.run_audit", otherTableWhileBusy::incrementAndGet);
            }
            pause(20);
            inside.decrementAndGet();
          }))).toList();
      for (Future<?> w : writes) {
        w.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, most.get(), "writers inside a write to one table at once");
    assertEquals(12, otherTableWhileBusy.get());
  }

  @Test
  void aConflictingCommitIsRepeatedAndAnyOtherFailureIsNot() {
    AtomicInteger calls = new AtomicInteger();
    String written = SharedTables.retryOnConflict("bronze.quarantine", () -> {
      if (calls.incrementAndGet() < 3) {
        // Delta's conflicts arrive wrapped (e.g. by the constraint check around every write).
        throw new IllegalStateException("write failed", new ConcurrentModificationException("concurrent append"));
      }
      return "done";
    });
    assertEquals("done", written);
    assertEquals(3, calls.get());

    AtomicInteger failures = new AtomicInteger();
    IllegalArgumentException bad = new IllegalArgumentException("bad row");
    assertSame(bad, assertThrows(IllegalArgumentException.class, () -> SharedTables.retryOnConflict("t", () -> {
      failures.incrementAndGet();
      throw bad;
    })));
    assertEquals(1, failures.get(), "a failure that is not a conflict is not repeated");

    AtomicInteger clashes = new AtomicInteger();
    assertThrows(ConcurrentModificationException.class, () -> SharedTables.retryOnConflict("t", () -> {
      clashes.incrementAndGet();
      throw new ConcurrentModificationException("always");
    }));
    assertEquals(SharedTables.ATTEMPTS, clashes.get(), "a conflict is repeated a bounded number of times");
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
