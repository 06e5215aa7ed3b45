package io.osswarehouse.pipeline;

import java.io.PrintStream;

/** Human-readable progress on stderr: which date, which stage, counts so far. */
public final class Progress {
  private final PrintStream out;
  private final boolean quiet;
  private String prefix = "";
  private final long startedNanos = System.nanoTime();

  public Progress(PrintStream out, boolean quiet) {
    this.out = out;
    this.quiet = quiet;
  }

  public static Progress silent() {
    return new Progress(System.err, true);
  }

  public void prefix(String prefix) {
    this.prefix = prefix;
  }

  public void info(String format, Object... args) {
    if (!quiet) {
      long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000L;
      out.println(prefix + String.format("%3ds ", seconds) + String.format(format, args));
      out.flush();
    }
  }
}
