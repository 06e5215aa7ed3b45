package io.osswarehouse.orchestrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The graph runner's rules on plain tasks: a step starts only after the steps it reads from, independent
 * steps run at the same time, a failure stops exactly its descendants while independent branches finish,
 * and a selection runs exactly its subgraph.
 */
class GraphRunnerTest {
  /** a → b → d, a → c, e alone. */
  private static final List<GraphRunner.Node> GRAPH = List.of(
      new GraphRunner.Node("a", List.of()),
      new GraphRunner.Node("b", List.of("a")),
      new GraphRunner.Node("c", List.of("a")),
      new GraphRunner.Node("d", List.of("b", "c")),
      new GraphRunner.Node("e", List.of()));

  @Test
  void everyStepStartsAfterTheStepsItReadsFrom() {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    List<GraphRunner.Outcome> outcomes = GraphRunner.run(GRAPH, 4, step -> {
      order.add(step);
      return GraphRunner.built(step, 1, null);
    });
    assertEquals(List.of("a", "b", "c", "d", "e"), outcomes.stream().map(GraphRunner.Outcome::step).toList());
    assertTrue(outcomes.stream().allMatch(o -> o.status() == GraphRunner.Status.BUILT));
    assertTrue(order.indexOf("a") < order.indexOf("b") && order.indexOf("a") < order.indexOf("c"));
    assertTrue(order.indexOf("b") < order.indexOf("d") && order.indexOf("c") < order.indexOf("d"));
  }

  @Test
  void independentStepsRunAtTheSameTime() throws Exception {
    // b and c both wait until the other has started: with one thread at a time this would never finish.
    CountDownLatch both = new CountDownLatch(2);
    List<GraphRunner.Outcome> outcomes = GraphRunner.run(GRAPH, 2, step -> {
      if (step.equals("b") || step.equals("c")) {
        both.countDown();
        if (!both.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException(step + " never ran alongside its sibling");
        }
      }
      return GraphRunner.built(step, 0, null);
    });
    assertTrue(outcomes.stream().allMatch(GraphRunner.Outcome::ok), outcomes.toString());
  }

  @Test
  void neverMoreStepsAtOnceThanThreads() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    GraphRunner.run(GRAPH, 2, step -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      Thread.sleep(50);
      running.decrementAndGet();
      return GraphRunner.built(step, 0, null);
    });
    assertTrue(most.get() <= 2, "at most 2 at once, saw " + most.get());
  }

  @Test
  void aFailedStepStopsOnlyItsDescendants() {
    Map<String, GraphRunner.Outcome> byStep = new ConcurrentHashMap<>();
    GraphRunner.run(GRAPH, 2, step -> {
      if (step.equals("b")) {
        throw new IllegalStateException("b broke\nsecond line");
      }
      return GraphRunner.built(step, 0, null);
    }).forEach(o -> byStep.put(o.step(), o));
    assertEquals(GraphRunner.Status.FAILED, byStep.get("b").status());
    assertEquals("b broke", byStep.get("b").reason(), "one line of the error");
    assertEquals(GraphRunner.Status.BLOCKED, byStep.get("d").status());
    assertEquals("not run: step b failed", byStep.get("d").reason());
    for (String independent : List.of("a", "c", "e")) {
      assertEquals(GraphRunner.Status.BUILT, byStep.get(independent).status(), independent);
    }
  }

  @Test
  void aBlockedStepBlocksItsOwnDescendantsToo() {
    List<GraphRunner.Node> chain = List.of(new GraphRunner.Node("x", List.of()), new GraphRunner.Node("y", List.of("x")),
        new GraphRunner.Node("z", List.of("y")));
    List<GraphRunner.Outcome> outcomes = GraphRunner.run(chain, 2, step -> {
      throw new IllegalStateException("no");
    });
    assertEquals(List.of(GraphRunner.Status.FAILED, GraphRunner.Status.BLOCKED, GraphRunner.Status.BLOCKED),
        outcomes.stream().map(GraphRunner.Outcome::status).toList());
    assertEquals("not run: step y did not run", outcomes.get(2).reason());
  }

  @Test
  void aSelectionRunsExactlyItsSubgraphAndCountsUnselectedUpstreamAsDone() {
    Set<String> selected = GraphRunner.descendants(GRAPH, Set.of("c"));
    assertEquals(Set.of("c", "d"), selected);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    GraphRunner.run(GRAPH.stream().filter(n -> selected.contains(n.name())).toList(), 2, step -> {
      ran.add(step);
      return GraphRunner.built(step, 0, null);
    });
    assertEquals(List.of("c", "d"), ran);
  }

  @Test
  void skippedStepsCountAsDoneForTheirDescendants() {
    List<GraphRunner.Outcome> outcomes = GraphRunner.run(GRAPH, 2, step -> step.equals("a")
        ? GraphRunner.skipped(step, "unchanged inputs") : GraphRunner.built(step, 0, null));
    assertEquals(GraphRunner.Status.SKIPPED, outcomes.get(0).status());
    assertTrue(outcomes.subList(1, 5).stream().allMatch(o -> o.status() == GraphRunner.Status.BUILT));
  }

  @Test
  void aCycleIsReportedNotRunForever() {
    List<GraphRunner.Node> cycle = List.of(new GraphRunner.Node("p", List.of("q")), new GraphRunner.Node("q", List.of("p")));
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> GraphRunner.ordered(cycle));
    assertTrue(e.getMessage().contains("cycle"), e.getMessage());
  }
}
