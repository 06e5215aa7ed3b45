package io.osswarehouse.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.osswarehouse.spark.Storage;
import io.osswarehouse.spark.Warehouse;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * One writer at a time per warehouse. Every command that writes tables ({@code run}, {@code backfill},
 * {@code ingest}, {@code silver}, {@code gold}, {@code check}, {@code maintain}) holds this lock; readers ({@code sql},
 * {@code serve}, {@code report}, {@code status}) never take it, since Delta gives them committed
 * snapshots. The one sharing allowed is the one the nightly DAG needs: ingest tasks of the same run id
 * for disjoint sources (they write different bronze tables and append to the shared ones safely,
 * {@link SharedTables}). A scheduler retry of a task whose first attempt still runs is not disjoint
 * from it, so it waits or fails, naming the holder.
 *
 * <p>A holder is a small file {@code <warehouse>/_meta/writer-lock/holder-<millis>-<uuid>.json} (run id,
 * stage, sources, host, process id and start) rewritten every {@value #HEARTBEAT_SECONDS} s. Unique
 * names need no atomic create-if-absent, so this works on object stores too. To take the lock a process
 * writes its file, then lists again: when an incompatible holder is there, it withdraws and retries
 * after a random pause; of two processes racing, the later writer always sees the earlier one. A
 * holder is stale, and its file removed, when its process is gone (same host: the process id is not
 * running, or runs a process started at another time) or, on another host, when its heartbeat is older
 * than {@value #STALE_AFTER_SECONDS} s: a {@code kill -9} never blocks the next run for long.
 */
public final class WriterLock implements AutoCloseable {
  static final long HEARTBEAT_SECONDS = 10;
  static final long STALE_AFTER_SECONDS = 120;
  static final String FOLDER = "writer-lock";

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  /** Locks this JVM holds, by warehouse root and run id: nested stages of one run share one holder file. */
  private static final Map<String, WriterLock> HELD = new HashMap<>();

  /** What a holder file says. */
  public record Holder(String runId, String stage, List<String> sources, String host, long pid,
      String processStart, String acquiredAt) {
    /** Ingest tasks of one run for disjoint sources may write at once; everything else is exclusive. */
    boolean compatibleWith(Holder other) {
      return runId.equals(other.runId) && "ingest".equals(stage) && "ingest".equals(other.stage)
          && sources != null && other.sources != null && Collections.disjoint(sources, other.sources);
    }

    String describe() {
      return "run " + runId + " (" + stage + (sources == null ? "" : " " + String.join(",", sources))
          + ", process " + pid + " on " + host + ", since " + acquiredAt + ")";
    }
  }

  /** Another writer holds the warehouse: the message names it. */
  public static final class Held extends RuntimeException {
    Held(String message) {
      super(message);
    }
  }

  private final String key;
  private final Storage storage;
  private final Path file;
  private final Holder holder;
  private final List<String> recovered;
  private int uses = 1;
  private Thread heartbeat;

  private WriterLock(String key, Storage storage, Path file, Holder holder, List<String> recovered) {
    this.key = key;
    this.storage = storage;
    this.file = file;
    this.holder = holder;
    this.recovered = recovered;
  }

  /**
   * Takes the lock for a run's stage ({@code sources}: the ingest task's source names; null for every
   * stage that is not an ingest of named sources), waiting up to the configured {@code lock.wait-seconds}
   * for an incompatible holder to finish. The first process to take it alone clears what interrupted
   * writers left ({@link Warehouse#clearInterruptedWrites}) and stale holders, and records each in
   * the progress and the audit (stage {@code recover}).
   *
   * @throws Held naming the holder when the wait ends and it still holds the warehouse
   */
  public static WriterLock acquire(RunContext run, String stage, List<String> sources) {
    Warehouse wh = run.warehouse();
    String key = wh.root() + "\n" + run.runId();
    synchronized (HELD) {
      WriterLock held = HELD.get(key);
      if (held != null) {
        held.uses++;
        return held;
      }
    }
    Storage storage = wh.storage();
    Path folder = new Path(new Path(wh.root(), "_meta"), FOLDER);
    ProcessHandle self = ProcessHandle.current();
    Instant now = Instant.now();
    Holder me = new Holder(run.runId(), stage, sources == null ? null : List.copyOf(sources), hostName(),
        self.pid(), self.info().startInstant().map(Instant::toString).orElse(null), now.toString());
    Path file = new Path(folder, "holder-" + String.format("%013d", now.toEpochMilli()) + "-" + UUID.randomUUID()
        + ".json");
    long deadline = System.nanoTime() + run.config().lockWait().toNanos();
    List<String> recovered = new ArrayList<>();
    while (true) {
      Optional<Holder> blocking = liveHolders(storage, folder, null, recovered).stream()
          .filter(h -> !h.compatibleWith(me)).findFirst();
      if (blocking.isEmpty()) {
        write(storage, file, me);
        List<Holder> others = liveHolders(storage, folder, file, recovered);
        blocking = others.stream().filter(h -> !h.compatibleWith(me)).findFirst();
        if (blocking.isEmpty()) {
          if (others.isEmpty()) {
            recovered.addAll(wh.clearInterruptedWrites()); // alone: nobody else's first write is in progress
          }
          WriterLock lock = new WriterLock(key, storage, file, me, recovered);
          lock.startHeartbeat();
          synchronized (HELD) {
            HELD.put(key, lock);
          }
          lock.report(run);
          return lock;
        }
        storage.deleteRecursively(file); // a racing writer was there first: withdraw
      }
      if (System.nanoTime() >= deadline) {
        throw new Held("the warehouse " + wh.root() + " is being written by " + blocking.get().describe()
            + "; try again when it has finished" + (run.config().lockWait().isZero()
            ? " (or set lock.wait-seconds to wait for it)" : " (waited " + run.config().lockWait().toSeconds() + " s)"));
      }
      long remainingMillis = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
      sleep(Math.min(remainingMillis, 500 + ThreadLocalRandom.current().nextLong(1000)));
    }
  }

  /** The holders whose process still runs (stale ones are removed and noted), apart from {@code except}. */
  static List<Holder> liveHolders(Storage storage, Path folder, Path except, List<String> notes) {
    List<Holder> live = new ArrayList<>();
    for (FileStatus f : storage.list(folder)) {
      String name = f.getPath().getName();
      if (!f.isFile() || !name.startsWith("holder-") || !name.endsWith(".json") || f.getPath().equals(except)) {
        continue;
      }
      Holder h = read(storage, f.getPath());
      if (h == null) {
        // Being written right now, or torn by a kill while written: only stale once its heartbeat is.
        if (heartbeatAge(f).toSeconds() > STALE_AFTER_SECONDS) {
          storage.deleteRecursively(f.getPath());
          notes.add("removed an unreadable writer-lock file " + name);
        }
        continue;
      }
      String gone = staleness(h, f);
      if (gone != null) {
        storage.deleteRecursively(f.getPath());
        notes.add("cleared the writer lock of " + h.describe() + ": " + gone
            + "; it was interrupted, and what it left half-done is redone");
      } else {
        live.add(h);
      }
    }
    return live;
  }

  /** Why a holder is stale, or null when it may still be writing. */
  private static String staleness(Holder h, FileStatus file) {
    if (h.host().equals(hostName())) {
      Optional<ProcessHandle> process = ProcessHandle.of(h.pid());
      if (process.isEmpty() || !process.get().isAlive()) {
        return "process " + h.pid() + " is no longer running";
      }
      Optional<Instant> started = process.get().info().startInstant();
      if (h.processStart() != null && started.isPresent() && !started.get().toString().equals(h.processStart())) {
        return "process " + h.pid() + " is no longer running (the id is now another process's)";
      }
      return null;
    }
    long age = heartbeatAge(file).toSeconds();
    return age > STALE_AFTER_SECONDS ? "no heartbeat for " + age + " s" : null;
  }

  private static Duration heartbeatAge(FileStatus file) {
    return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - file.getModificationTime()));
  }

  /** The recovery notes, in the progress and as audit rows (stage {@code recover}). */
  private void report(RunContext run) {
    if (recovered.isEmpty()) {
      return;
    }
    AuditLog audit = new AuditLog(run);
    long started = System.currentTimeMillis();
    for (String note : recovered) {
      run.progress().info("recovered: %s", note);
      audit.stage("recover", null, 0, started, AuditLog.SUCCEEDED, note);
    }
    SharedTables.ensureAudit(run.warehouse());
    audit.flush();
  }

  /** What this process cleared when it took the lock. */
  public List<String> recovered() {
    return List.copyOf(recovered);
  }

  /** Every live holder of a warehouse (for messages and tests). */
  public static List<Holder> holders(Warehouse wh) {
    return liveHolders(wh.storage(), new Path(new Path(wh.root(), "_meta"), FOLDER), null, new ArrayList<>());
  }

  private void startHeartbeat() {
    heartbeat = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(HEARTBEAT_SECONDS * 1000);
          write(storage, file, holder); // a rewrite, not a touch: object stores keep no settable times
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // A missed beat is retried; staleness allows twelve of them.
        }
      }
    }, "warehouse-writer-lock-heartbeat");
    heartbeat.setDaemon(true);
    heartbeat.start();
  }

  /** Releases the lock when the outermost user closes it. */
  @Override
  public void close() {
    synchronized (HELD) {
      if (--uses > 0) {
        return;
      }
      HELD.remove(key);
    }
    heartbeat.interrupt();
    try {
      heartbeat.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    storage.deleteRecursively(file);
  }

  private static void write(Storage storage, Path file, Holder h) {
    try {
      storage.overwrite(file, JSON.writeValueAsString(h));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Holder read(Storage storage, Path file) {
    try {
      String text = storage.readStringOrNull(file);
      return text == null || text.isBlank() ? null : JSON.readValue(text, Holder.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | UncheckedIOException e) {
      return null;
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown-host";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Held("interrupted while waiting for the warehouse writer lock");
    }
  }
}
