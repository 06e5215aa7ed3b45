package io.osswarehouse.orchestrate;

import io.osswarehouse.catalog.Catalog;
import io.osswarehouse.catalog.Table;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which steps a {@code --select}, {@code --exclude} or {@code --full-refresh} names: a table
 * ({@code silver.fct_mrr_segments}, or just {@code fct_mrr_segments}) stands for the step that builds it,
 * a step by its name ({@code billing}, {@code downloads/pypi}); a trailing {@code +} adds every step
 * downstream. Unknown names fail listing what there is.
 */
public final class Selection {
  private Selection() {}

  /** The steps the patterns name, with their descendants where a pattern ends in {@code +}. */
  public static Set<String> steps(List<String> patterns) {
    List<Catalog.Step> all = Catalog.steps();
    List<GraphRunner.Node> nodes = all.stream().map(s -> new GraphRunner.Node(s.name(), s.upstream())).toList();
    Set<String> out = new LinkedHashSet<>();
    for (String pattern : patterns) {
      for (String one : pattern.split(",")) {
        String p = one.trim();
        if (p.isEmpty()) {
          continue;
        }
        boolean downstream = p.endsWith("+");
        String name = downstream ? p.substring(0, p.length() - 1) : p;
        String step = stepOf(name, all);
        out.addAll(downstream ? GraphRunner.descendants(nodes, Set.of(step)) : Set.of(step));
      }
    }
    return out;
  }

  /** The step a name stands for: a step's own name, a table's full name or its name within its layer. */
  static String stepOf(String name, List<Catalog.Step> steps) {
    if (steps.stream().anyMatch(s -> s.name().equals(name))) {
      return name;
    }
    Table table = Catalog.find(name);
    if (table == null) {
      List<Table> bare = Catalog.tables().stream().filter(t -> t.shortName().equals(name)).toList();
      table = bare.size() == 1 ? bare.get(0) : null;
    }
    if (table == null || table.step().equals(Catalog.EVERY_STEP)) {
      throw new IllegalArgumentException("no model or step '" + name + "'; see `warehouse models` (steps: "
          + String.join(", ", steps.stream().map(Catalog.Step::name).toList()) + ")");
    }
    return table.step();
  }
}
