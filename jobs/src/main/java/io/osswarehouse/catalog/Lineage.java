package io.osswarehouse.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The catalog's graph as text: a table per model, JSON, a Mermaid flowchart (docs/lineage.md, which
 * GitHub renders as a picture) and Graphviz dot. Pure functions of the catalog.
 */
public final class Lineage {
  private static final List<String> LAYERS = List.of("bronze", "silver", "gold");

  private Lineage() {}

  /** One line per table: layer, name, step, materialization, definition, inputs. */
  public static List<List<String>> rows() {
    return Catalog.tables().stream().map(t -> List.of(t.layer(), t.name(), t.step(), t.materialization().label(),
        t.definition(), String.join(", ", t.inputs()))).toList();
  }

  public static String json() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    ArrayNode tables = root.putArray("tables");
    for (Table t : Catalog.tables()) {
      ObjectNode n = tables.addObject();
      n.put("name", t.name());
      n.put("layer", t.layer());
      n.put("step", t.step());
      n.put("materialization", t.materialization().name().toLowerCase(java.util.Locale.ROOT));
      n.put("definition", t.definition());
      t.inputs().forEach(n.putArray("inputs")::add);
    }
    ArrayNode steps = root.putArray("steps");
    for (Catalog.Step s : Catalog.steps()) {
      ObjectNode n = steps.addObject();
      n.put("name", s.name());
      n.put("layer", s.layer());
      ArrayNode outputs = n.putArray("outputs");
      s.outputs().forEach(t -> outputs.add(t.name()));
      ArrayNode upstream = n.putArray("upstream");
      s.upstream().forEach(upstream::add);
    }
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Mermaid flowchart: one subgraph per layer, an arrow from every input to every table it feeds. */
  public static String mermaid() {
    StringBuilder sb = new StringBuilder("flowchart LR\n");
    for (String layer : LAYERS) {
      sb.append("  subgraph ").append(layer).append('\n');
      for (Table t : Catalog.tables()) {
        if (t.layer().equals(layer) && !t.step().equals(Catalog.EVERY_STEP)) {
          sb.append("    ").append(id(t.name())).append("[\"").append(t.shortName()).append("\"]\n");
        }
      }
      sb.append("  end\n");
    }
    for (Table t : Catalog.tables()) {
      for (String input : t.inputs()) {
        if (!Catalog.table(input).step().equals(Catalog.EVERY_STEP)) {
          sb.append("  ").append(id(input)).append(" --> ").append(id(t.name())).append('\n');
        }
      }
    }
    return sb.toString();
  }

  public static String dot() {
    StringBuilder sb = new StringBuilder("digraph warehouse {\n  rankdir=LR;\n  node [shape=box];\n");
    for (String layer : LAYERS) {
      sb.append("  subgraph cluster_").append(layer).append(" {\n    label=\"").append(layer).append("\";\n");
      for (Table t : Catalog.tables()) {
        if (t.layer().equals(layer) && !t.step().equals(Catalog.EVERY_STEP)) {
          sb.append("    \"").append(t.name()).append("\";\n");
        }
      }
      sb.append("  }\n");
    }
    for (Table t : Catalog.tables()) {
      for (String input : t.inputs()) {
        if (!Catalog.table(input).step().equals(Catalog.EVERY_STEP)) {
          sb.append("  \"").append(input).append("\" -> \"").append(t.name()).append("\";\n");
        }
      }
    }
    return sb.append("}\n").toString();
  }

  /** docs/lineage.md: the picture by layer, then every step and the tables it builds. */
  public static String markdown() {
    StringBuilder sb = new StringBuilder("# Lineage\n\n")
        .append("Generated from the catalog (`io.osswarehouse.catalog.Catalog`) by `bin/warehouse models --format markdown`;")
        .append(" a test fails when this file is stale. Every table is declared once there: the step that builds it,")
        .append(" how it is written and what it is computed from. Descriptions, grain and keys are in")
        .append(" [the data dictionary](data-dictionary.md). The run audit (`meta.run_audit`) and the quarantine")
        .append(" (`bronze.quarantine`) are written by every step and left out of the picture.\n\n")
        .append("```mermaid\n").append(mermaid()).append("```\n\n## Steps\n\n")
        .append("A step builds its tables together and runs once the steps it reads from are done; independent")
        .append(" steps run at the same time. A step is skipped when its definition and the versions of the tables")
        .append(" it reads are those of its last build.\n\n")
        .append("| step | layer | reads from steps | tables (materialization) |\n|---|---|---|---|\n");
    for (Catalog.Step s : Catalog.steps()) {
      sb.append("| `").append(s.name()).append("` | ").append(s.layer()).append(" | ")
          .append(s.upstream().isEmpty() ? "landing files" : String.join(", ", s.upstream().stream()
              .map(u -> "`" + u + "`").toList()))
          .append(" | ").append(String.join(", ", s.outputs().stream()
              .map(t -> "`" + t.name() + "` (" + t.materialization().label() + ")").toList())).append(" |\n");
    }
    sb.append("\n## Tables\n\n| table | step | definition | inputs |\n|---|---|---|---|\n");
    for (Table t : Catalog.tables()) {
      sb.append("| `").append(t.name()).append("` | ").append(t.step().equals(Catalog.EVERY_STEP) ? "every step"
              : "`" + t.step() + "`").append(" | ").append(t.definition()).append(" | ")
          .append(t.inputs().isEmpty() ? "" : String.join(", ", t.inputs().stream().map(i -> "`" + i + "`").toList()))
          .append(" |\n");
    }
    return sb.toString();
  }

  private static String id(String table) {
    return table.replace('.', '_');
  }
}
