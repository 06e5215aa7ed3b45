package io.osswarehouse.cli;

import io.osswarehouse.catalog.Lineage;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List every table of the catalog with the step that builds it, how it is written, its definition "
        + "(SQL file or Java transform) and its inputs; or the graph as JSON, Mermaid, Graphviz dot or the Markdown "
        + "of docs/lineage.md. Needs no Spark and no warehouse.")
final class ModelsCommand implements Callable<Integer> {
  enum Format { table, json, mermaid, dot, markdown }

  @Option(names = "--format", defaultValue = "table",
      description = "table, json, mermaid, dot or markdown. Default ${DEFAULT-VALUE}.")
  Format format;

  @Override
  public Integer call() {
    switch (format) {
      case json -> System.out.print(Lineage.json());
      case mermaid -> System.out.print(Lineage.mermaid());
      case dot -> System.out.print(Lineage.dot());
      case markdown -> System.out.print(Lineage.markdown());
      default -> printTable(Lineage.rows());
    }
    return 0;
  }

  private static void printTable(List<List<String>> rows) {
    List<String> header = List.of("layer", "table", "step", "materialization", "definition", "inputs");
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], i == width.length - 1 ? 0 : r.get(i).length());
      }
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < header.size(); i++) {
      line.append(String.format("%-" + Math.max(1, width[i]) + "s  ", header.get(i)));
    }
    System.out.println(line.toString().stripTrailing());
    for (List<String> r : rows) {
      line.setLength(0);
      for (int i = 0; i < r.size(); i++) {
        line.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + width[i] + "s  ", r.get(i)));
      }
      System.out.println(line.toString().stripTrailing());
    }
  }
}
