package io.osswarehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.osswarehouse.collect.CollectLog;
import io.osswarehouse.collect.Collection;
import io.osswarehouse.collect.Collector;
import io.osswarehouse.config.WarehouseConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "collect", mixinStandardHelpOptions = true,
    description = "Fetch the run date's data from the APIs (GH Archive, GitHub REST, Stripe, npm, pypistats, Docker "
        + "Hub, Plausible) into the landing folder, in the layout `run` reads. What to fetch comes from the "
        + "configuration (docs/configuration.md); tokens from the environment or owner-only files. Collecting a date "
        + "again writes nothing when the APIs answer the same. A failed source is reported in one line and the "
        + "others still collect; the exit code is then 1. Needs no Spark; the landing folder must be local.")
final class CollectCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @Parameters(paramLabel = "SOURCE", arity = "0..*",
      description = "Sources (github/rest) or folders of them (github); default: every source with something "
          + "configured.")
  List<String> sources;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD",
      description = "Run date: the day collected (GH Archive hours, the last day of download windows) and the "
          + "snapshot date the files are named with.")
  LocalDate date;

  @Option(names = "--run-id", paramLabel = "ID",
      description = "Written into the collection log to tie it to a scheduler's run (the DAG passes its run id).")
  String runId;

  @Option(names = "--status",
      description = "Print the collection log of --date (one row per request batch) instead of collecting.")
  boolean status;

  @Override
  public Integer call() {
    WarehouseConfig config = cli.config();
    if (status) {
      printLog(config);
      return 0;
    }
    Map<String, String> env = System.getenv();
    List<Collector> chosen = Collection.choose(sources, config, env);
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("nothing to collect: configure sources (docs/configuration.md, Collection) "
          + "or name them");
    }
    List<Collection.Result> results = new Collection(config, env, System.out)
        .run(chosen, date, runId == null ? "collect_" + date : runId);
    List<Collection.Result> failed = results.stream().filter(Collection.Result::failed).toList();
    if (!failed.isEmpty()) {
      throw new IllegalStateException(failed.size() + " of " + results.size() + " source(s) failed: "
          + String.join("; ", failed.stream().map(r -> r.source() + " (" + r.message() + ")").toList()));
    }
    return 0;
  }

  private void printLog(WarehouseConfig config) {
    List<JsonNode> lines = CollectLog.read(config.landingDir(), date);
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode l : lines) {
      List<String> http = new ArrayList<>();
      l.path("http").fields().forEachRemaining(e -> http.add(e.getKey() + ":" + e.getValue().asInt()));
      rows.add(List.of(l.path("collected_at").asText(), l.path("source").asText(), l.path("entity").asText(),
          l.path("status").asText(), l.path("pages").asText(), l.path("bytes").asText(), String.join(" ", http),
          l.path("duration_ms").asText(), l.path("files_new").asInt() + l.path("files_replaced").asInt() + "/"
              + l.path("files_unchanged").asInt(), l.path("message").asText("")));
    }
    List<String> header = List.of("collected_at", "source", "entity", "status", "pages", "bytes", "http", "ms",
        "written/unchanged", "message");
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    for (List<String> r : java.util.stream.Stream.concat(java.util.stream.Stream.of(header), rows.stream()).toList()) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        line.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + width[i] + "s  ", r.get(i)));
      }
      System.out.println(line.toString().stripTrailing());
    }
    if (rows.isEmpty()) {
      System.out.println("(nothing collected for " + date + ")");
    }
  }
}
