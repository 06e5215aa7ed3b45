package io.osswarehouse.orchestrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs steps of the catalog's graph: every step whose upstream steps (among those to run) have
 * finished is started, up to {@code threads} at a time; a failed step stops its descendants, which
 * are reported as blocked, while independent branches finish. What a step does (build, skip because
 * nothing it reads changed) is up to the {@link Task}; the runner only orders and isolates them. Pure
 * orchestration: no Spark and no catalog here, so its rules are tested on plain nodes and tasks.
 */
public final class GraphRunner {
  /** What happened to a step. */
  public enum Status { BUILT, SKIPPED, FAILED, BLOCKED }

  /** A step's outcome: for {@code SKIPPED}, {@code FAILED} and {@code BLOCKED}, {@code reason} says why. */
  public record Outcome(String step, Status status, long rows, String reason, Throwable error, long startedMillis,
      long durationMillis) {
    public boolean ok() {
      return status == Status.BUILT || status == Status.SKIPPED;
    }
  }

  /** A step as the runner sees it: its name and the steps it reads from. */
  public record Node(String name, List<String> upstream) {
    public Node {
      upstream = List.copyOf(upstream);
    }
  }

  /** The work of one step; returns its outcome (built or skipped), or throws to fail it. */
  @FunctionalInterface
  public interface Task {
    Outcome run(String step) throws Exception;
  }

  private GraphRunner() {}

  /**
   * Runs the steps (in any order given; dependencies come from the catalog) and returns every step's
   * outcome in the order given. Upstream steps not in {@code steps} count as done.
   */
  public static List<Outcome> run(List<Node> steps, int threads, Task task) {
    ordered(steps); // fails on a cycle rather than waiting for ever
    Map<String, Node> byName = new LinkedHashMap<>();
    steps.forEach(s -> byName.put(s.name(), s));
    Map<String, Set<String>> waitingOn = new HashMap<>();
    for (Node s : steps) {
      Set<String> upstream = new HashSet<>(s.upstream());
      upstream.retainAll(byName.keySet());
      upstream.remove(s.name());
      waitingOn.put(s.name(), upstream);
    }
    Map<String, Outcome> outcomes = new HashMap<>();
    Set<String> started = new HashSet<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "warehouse-step");
      t.setDaemon(true);
      return t;
    });
    CompletionService<Outcome> done = new ExecutorCompletionService<>(pool);
    int running = 0;
    try {
      while (outcomes.size() < byName.size()) {
        // Block what cannot run any more, start what is ready.
        boolean changed = true;
        while (changed) {
          changed = false;
          for (Node s : byName.values()) {
            if (started.contains(s.name()) || outcomes.containsKey(s.name())) {
              continue;
            }
            String failedUpstream = waitingOn.get(s.name()).stream()
                .filter(u -> outcomes.containsKey(u) && !outcomes.get(u).ok()).findFirst().orElse(null);
            if (failedUpstream != null) {
              Outcome up = outcomes.get(failedUpstream);
              outcomes.put(s.name(), new Outcome(s.name(), Status.BLOCKED, 0, "not run: step " + failedUpstream
                  + (up.status() == Status.FAILED ? " failed" : " did not run"), null, System.currentTimeMillis(), 0));
              changed = true;
            } else if (waitingOn.get(s.name()).stream().allMatch(outcomes::containsKey)) {
              started.add(s.name());
              done.submit(() -> runOne(s, task));
              running++;
            }
          }
        }
        if (running == 0) {
          break; // nothing running and nothing startable: all outcomes are in
        }
        Outcome finished = done.take().get();
        running--;
        outcomes.put(finished.step(), finished);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running steps", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause()); // runOne catches everything: not expected
    } finally {
      pool.shutdownNow();
    }
    List<Outcome> out = new ArrayList<>();
    for (String name : byName.keySet()) {
      out.add(outcomes.get(name));
    }
    return out;
  }

  private static Outcome runOne(Node step, Task task) {
    long started = System.currentTimeMillis();
    try {
      Outcome o = task.run(step.name());
      return new Outcome(step.name(), o.status(), o.rows(), o.reason(), null, started,
          System.currentTimeMillis() - started);
    } catch (Throwable e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      return new Outcome(step.name(), Status.FAILED, 0, message, e, started, System.currentTimeMillis() - started);
    }
  }

  /** Convenience for tasks: a built outcome. */
  public static Outcome built(String step, long rows, String note) {
    return new Outcome(step, Status.BUILT, rows, note, null, 0, 0);
  }

  /** Convenience for tasks: a skipped outcome with its reason. */
  public static Outcome skipped(String step, String reason) {
    return new Outcome(step, Status.SKIPPED, 0, reason, null, 0, 0);
  }

  /** Steps of the graph in an order that respects dependencies, for listings. */
  public static List<Node> ordered(List<Node> steps) {
    List<Node> out = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    Set<String> names = new HashSet<>();
    steps.forEach(s -> names.add(s.name()));
    while (out.size() < steps.size()) {
      boolean progress = false;
      for (Node s : steps) {
        if (!placed.contains(s.name()) && s.upstream().stream().filter(names::contains)
            .filter(u -> !u.equals(s.name())).allMatch(placed::contains)) {
          out.add(s);
          placed.add(s.name());
          progress = true;
        }
      }
      if (!progress) {
        throw new IllegalStateException("the step graph has a cycle among " + steps.stream()
            .filter(s -> !placed.contains(s.name())).map(Node::name).toList());
      }
    }
    return out;
  }

  /** The names of {@code roots} and every step downstream of them. */
  public static Set<String> descendants(List<Node> steps, Set<String> roots) {
    Set<String> out = new HashSet<>(roots);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Node s : steps) {
        if (!out.contains(s.name()) && s.upstream().stream().anyMatch(out::contains)) {
          out.add(s.name());
          grew = true;
        }
      }
    }
    return out;
  }
}
