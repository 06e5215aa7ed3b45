package io.osswarehouse.cli;

import io.osswarehouse.dictionary.DictionaryMarkdown;
import io.osswarehouse.spark.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "docs", mixinStandardHelpOptions = true,
    description = "Write the data dictionary (Markdown) from the tables' metadata: layer, grain, keys, columns, types, descriptions.")
final class DocsCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: standard output).")
  Path out;

  @Override
  public Integer call() throws IOException {
    Warehouse wh = cli.warehouse(cli.config());
    String markdown = DictionaryMarkdown.render(wh);
    if (out == null) {
      System.out.print(markdown);
    } else {
      if (out.toAbsolutePath().getParent() != null) {
        Files.createDirectories(out.toAbsolutePath().getParent());
      }
      Files.writeString(out, markdown, StandardCharsets.UTF_8);
    }
    if (!cli.quiet) {
      for (Map.Entry<String, int[]> layer : DictionaryMarkdown.coverage(wh).entrySet()) {
        int[] c = layer.getValue();
        System.err.printf("%s: %d of %d columns described, %d table(s) without a description%n",
            layer.getKey(), c[0], c[1], c[2]);
      }
    }
    return 0;
  }
}
