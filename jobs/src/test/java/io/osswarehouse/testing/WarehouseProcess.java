package io.osswarehouse.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/warehouse} as a separate JVM on the test classpath, for tests that must stop a real
 * process (a kill) or run two writers at once. Spark runs as the tests run it (interpreted, not adaptive,
 * no file statistics, two shuffle partitions), with the tests' e-mail salt so its pseudonyms match in-process
 * runs.
 */
public final class WarehouseProcess {
  /** Exit status, and what the process wrote to stderr. */
  public record Result(int exitCode, String stderr) {}

  private WarehouseProcess() {}

  /**
   * Starts the CLI with {@code args}; {@code properties} become JVM system properties; the process tracks
   * the fixture world's GitHub organisation, as the fixture warehouse does.
   */
  public static Process start(Path log, Map<String, String> properties, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx2g");
    command.add("-XX:+UseParallelGC");
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports") || arg.startsWith("-Duser.timezone")) {
        command.add(arg);
      }
    }
    SparkTestBase.SMALL_DATA.forEach((k, v) -> command.add("-D" + k + "=" + v));
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.osswarehouse.cli.WarehouseCli");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile());
    pb.environment().put("WAREHOUSE_EMAIL_SALT", "test-salt-not-secret");
    pb.environment().put("WAREHOUSE_SPARK_MASTER", "local[2]");
    pb.environment().put("WAREHOUSE_SHUFFLE_PARTITIONS", "2");
    pb.environment().remove("WAREHOUSE_CONFIG");
    pb.environment().put("WAREHOUSE_GITHUB_ORGANIZATIONS",
        String.join(",", FixtureWarehouse.config(Path.of("w"), Path.of("l")).githubOrganizations()));
    return pb.start();
  }

  /** Runs the CLI to its end (at most 15 minutes) and returns its exit status and stderr. */
  public static Result run(Path log, Map<String, String> properties, String... args) throws IOException,
      InterruptedException {
    Process p = start(log, properties, args);
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("warehouse " + String.join(" ", args) + " did not finish in 15 minutes");
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
