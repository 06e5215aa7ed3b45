package io.osswarehouse.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Kills the JVM the way {@code kill -9} does (no shutdown hooks, no finally blocks, no flush of
 * anything the process holds) when it reaches a chosen point, so the kill tests can stop a real
 * {@code warehouse run} at a moment named in advance instead of racing a timer.
 *
 * <p>The point comes from the system property {@value #PROPERTY}: {@code <event>:<regex>[#<n>]}, the
 * n-th (default first) event whose path matches the regex. Events: {@code create} (a file created
 * through Hadoop's file system: Delta's data files, checkpoints), {@code commit} (a Delta commit about to
 * be written: its data files are written, the version is not), {@code committed} (a Delta commit just
 * written, before the writer learns of it).
 */
public final class KillSwitch {
  public static final String PROPERTY = "warehouse.test.kill-at";
  /** Exit status of a halted run, as a shell reports a process killed by SIGKILL. */
  public static final int EXIT_STATUS = 137;

  private static final String SPEC = System.getProperty(PROPERTY);
  private static final String EVENT;
  private static final Pattern PATH;
  private static final int NTH;
  private static final AtomicInteger SEEN = new AtomicInteger();

  static {
    if (SPEC == null || SPEC.isBlank()) {
      EVENT = null;
      PATH = null;
      NTH = 0;
    } else {
      int colon = SPEC.indexOf(':');
      int hash = SPEC.lastIndexOf('#');
      EVENT = SPEC.substring(0, colon);
      PATH = Pattern.compile(hash > colon ? SPEC.substring(colon + 1, hash) : SPEC.substring(colon + 1));
      NTH = hash > colon ? Integer.parseInt(SPEC.substring(hash + 1)) : 1;
    }
  }

  private KillSwitch() {}

  /** Halts the JVM when this event is the chosen one. */
  static void reached(String event, String path) {
    if (EVENT != null && EVENT.equals(event) && PATH.matcher(path).find() && SEEN.incrementAndGet() == NTH) {
      System.err.println("kill switch: halting at " + event + " " + path);
      System.err.flush();
      Runtime.getRuntime().halt(EXIT_STATUS);
    }
  }
}
