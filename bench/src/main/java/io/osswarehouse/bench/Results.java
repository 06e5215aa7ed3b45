package io.osswarehouse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.osswarehouse.generate.GenerationSummary;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** The figures of one bench invocation, as Markdown and JSON. */
final class Results {
  final Tier tier;
  final int runs;
  final String master;
  String startedAt;
  String finishedAt;
  long generationMs;
  GenerationSummary generated;
  long residentPeakBytes;
  final Map<String, BenchCommand.LandingVolume> landing = new LinkedHashMap<>();
  final List<PipelineRun.Figures> full = new ArrayList<>();
  final List<PipelineRun.Figures> noop = new ArrayList<>();
  final List<PipelineRun.Figures> incrementalYear = new ArrayList<>();
  final List<PipelineRun.Figures> incrementalMonth = new ArrayList<>();
  final List<List<DuckDbCheck.Outcome>> duckdb = new ArrayList<>();
  final Map<String, List<PipelineRun.Figures>> scaling = new LinkedHashMap<>();

  Results(Tier tier, int runs, String master) {
    this.tier = tier;
    this.runs = runs;
    this.master = master;
  }

  static final int CORES = Runtime.getRuntime().availableProcessors();

  boolean parityOk() {
    return !duckdb.isEmpty() && duckdb.stream().flatMap(List::stream).allMatch(o -> o.mismatches() == 0);
  }

  static Stats stats(List<PipelineRun.Figures> runs, ToDoubleFunction<PipelineRun.Figures> f) {
    Stats s = new Stats();
    runs.forEach(r -> s.add(f.applyAsDouble(r)));
    return s;
  }

  Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", CORES);
    long physical = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      physical = os.getTotalMemorySize();
    }
    m.put("memory_bytes", physical);
    m.put("driver_max_heap_bytes", Runtime.getRuntime().maxMemory());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    m.put("master", master);
    return m;
  }

  /** Ingest throughput per source of the full rebuilds: rows/s and uncompressed MB/s per core. */
  Map<String, Map<String, Object>> ingestThroughput() {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    java.util.Set<String> names = new java.util.TreeSet<>();
    full.forEach(f -> names.addAll(f.sources().keySet()));
    for (String source : names) {
      Stats rows = new Stats();
      Stats mbPerCore = new Stats();
      PipelineRun.SourceFigures any = null;
      for (PipelineRun.Figures f : full) {
        PipelineRun.SourceFigures s = f.sources().get(source);
        if (s == null) {
          continue;
        }
        any = s;
        double seconds = Math.max(s.durationMs(), 1) / 1000.0;
        rows.add(s.recordsRead() / seconds);
        mbPerCore.add(s.bytesUncompressed() / 1e6 / seconds / CORES);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("files", any.files());
      m.put("records_read", any.recordsRead());
      m.put("bytes_on_disk", any.bytesOnDisk());
      m.put("bytes_uncompressed", any.bytesUncompressed());
      m.put("rows_per_second", rows.json());
      m.put("uncompressed_mb_per_second_per_core", mbPerCore.json());
      out.put(source, m);
    }
    return out;
  }

  Map<String, Object> scenario(List<PipelineRun.Figures> runs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total_seconds", stats(runs, f -> f.totalMs() / 1000.0).json());
    m.put("records_loaded", runs.isEmpty() ? 0 : runs.get(0).recordsLoaded());
    m.put("driver_heap_peak_mb", stats(runs, f -> f.heapPeakBytes() / 1e6).json());
    Map<String, Object> stages = new LinkedHashMap<>();
    if (!runs.isEmpty()) {
      for (String stage : runs.get(0).stageMs().keySet()) {
        stages.put(stage, stats(runs, f -> f.stageMs().getOrDefault(stage, 0L) / 1000.0).json());
      }
      java.util.Set<String> sources = new java.util.TreeSet<>();
      runs.forEach(r -> sources.addAll(r.sources().keySet()));
      for (String s : sources) {
        stages.put("ingest " + s, stats(runs, f -> f.sources().containsKey(s) ? f.sources().get(s).durationMs() / 1000.0 : 0).json());
      }
    }
    m.put("stage_seconds", stages);
    Map<String, Object> steps = new LinkedHashMap<>();
    if (!runs.isEmpty()) {
      for (String step : runs.get(0).stepMs().keySet()) {
        steps.put(step, stats(runs, f -> f.stepMs().getOrDefault(step, 0L) / 1000.0).json());
      }
    }
    m.put("step_seconds", steps);
    m.put("delta_commits", stats(runs, f -> f.deltaCommits()).json());
    m.put("spark_jobs", stats(runs, f -> f.sparkJobs()).json());
    // The share of the run spent in its ten slowest steps: where the next saving is.
    m.put("slowest_10_steps_share", stats(runs, f -> f.totalMs() == 0 ? 0 : f.stepMs().values().stream()
        .sorted(java.util.Comparator.reverseOrder()).limit(10).mapToLong(Long::longValue).sum() / (double) f.totalMs())
        .json());
    return m;
  }

  Map<String, Object> duckdbJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (DuckDbCheck.Metric metric : DuckDbCheck.METRICS) {
      Stats spark = new Stats();
      Stats duck = new Stats();
      Stats ratio = new Stats();
      long rows = 0;
      long mismatches = 0;
      String first = null;
      for (List<DuckDbCheck.Outcome> run : duckdb) {
        for (DuckDbCheck.Outcome o : run) {
          if (o.metric().equals(metric.name())) {
            spark.add(o.sparkMs() / 1000.0);
            duck.add(o.duckdbMs() / 1000.0);
            ratio.add((double) Math.max(o.sparkMs(), 1) / Math.max(o.duckdbMs(), 1));
            rows = o.rows();
            mismatches += o.mismatches();
            first = first == null ? o.firstMismatch() : first;
          }
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("compared_with", metric.table() + (metric.where() == null ? "" : " where " + metric.where()));
      m.put("rows", rows);
      m.put("mismatches", mismatches);
      m.put("equal", mismatches == 0);
      m.put("first_mismatch", first);
      m.put("spark_seconds", spark.json());
      m.put("duckdb_seconds", duck.json());
      m.put("spark_over_duckdb", ratio.json());
      out.put(metric.name(), m);
    }
    Stats total = new Stats();
    for (List<DuckDbCheck.Outcome> run : duckdb) {
      long s = run.stream().mapToLong(DuckDbCheck.Outcome::sparkMs).sum();
      long d = run.stream().mapToLong(DuckDbCheck.Outcome::duckdbMs).sum();
      total.add((double) Math.max(s, 1) / Math.max(d, 1));
    }
    out.put("all_metrics_spark_over_duckdb", total.json());
    out.put("equal", parityOk());
    return out;
  }

  Map<String, Object> tree() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("tier", tier.name());
    root.put("runs", runs);
    root.put("started_at", startedAt);
    root.put("finished_at", finishedAt);
    root.put("machine", machine());
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("organizations", tier.organizations);
    t.put("seed", Tier.SEED);
    t.put("year", tier.yearStart + ".." + tier.historyEnd);
    t.put("month", tier.monthStart() + ".." + tier.historyEnd);
    t.put("incremental_day", tier.nextDay().toString());
    Map<String, Object> bg = new LinkedHashMap<>();
    bg.put("pypi_downloads_per_day", tier.background.pypiDownloadsPerDay());
    bg.put("gharchive_other_events_per_hour", tier.background.gharchiveOtherEventsPerHour());
    bg.put("docs_pageviews_per_day", tier.background.docsPageviewsPerDay());
    t.put("background", bg);
    t.put("stripe_customers", generated.stripeCustomers());
    t.put("other_billing_customers", generated.otherBillingCustomers());
    t.put("generation_seconds", generationMs / 1000.0);
    Map<String, Object> vol = new LinkedHashMap<>();
    landing.forEach((k, v) -> {
      Map<String, Object> per = new TreeMap<>();
      v.perSource().forEach((s, a) -> per.put(s, Map.of("files", a[0], "bytes_on_disk", a[1], "bytes_uncompressed", a[2])));
      vol.put(k, per);
    });
    t.put("landing", vol);
    root.put("tier_volumes", t);
    root.put("ingest_throughput", ingestThroughput());
    root.put("full_rebuild", scenario(full));
    root.put("noop_run", scenario(noop));
    root.put("incremental_day_after_month", scenario(incrementalMonth));
    root.put("incremental_day_after_year", scenario(incrementalYear));
    Stats ratio = new Stats();
    for (int i = 0; i < Math.min(incrementalYear.size(), incrementalMonth.size()); i++) {
      ratio.add((double) incrementalYear.get(i).totalMs() / Math.max(incrementalMonth.get(i).totalMs(), 1));
    }
    root.put("incremental_year_over_month", ratio.json());
    root.put("driver_resident_peak_bytes", residentPeakBytes);
    root.put("duckdb", duckdbJson());
    Map<String, Object> sc = new LinkedHashMap<>();
    scaling.forEach((k, v) -> sc.put(k, scenario(v)));
    root.put("scaling", sc);
    return root;
  }

  String json() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree()) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fmt(Map<String, Object> stats, String unit) {
    return String.format("%s %s (min %s, max %s)", num(stats.get("median")), unit, num(stats.get("min")),
        num(stats.get("max")));
  }

  private static String num(Object v) {
    double d = ((Number) v).doubleValue();
    return d >= 100 ? String.format("%,.0f", d) : d >= 10 ? String.format("%.1f", d) : String.format("%.2f", d);
  }

  @SuppressWarnings("unchecked")
  String markdown() {
    Map<String, Object> t = tree();
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark, tier ").append(tier).append("\n\n");
    md.append("Command: `bin/warehouse bench --tier ").append(tier).append(" --runs ").append(runs)
        .append("`. Each figure: median of ").append(runs).append(" run(s), with min and max. ")
        .append(startedAt).append(" to ")
        .append(finishedAt != null ? finishedAt : "(unfinished: the figures of the phases completed so far)")
        .append(".\n\n");
    md.append("## Machine\n\n| | |\n|---|---|\n");
    ((Map<String, Object>) t.get("machine")).forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    Map<String, Object> tv = (Map<String, Object>) t.get("tier_volumes");
    md.append("\n## Tier volumes\n\n").append(tier.organizations).append(" organisations (")
        .append(tv.get("stripe_customers")).append(" Stripe customers, ").append(tv.get("other_billing_customers"))
        .append(" on another billing system), seed ").append(Tier.SEED).append("; year ").append(tv.get("year"))
        .append(", month ").append(tv.get("month")).append(", incremental day ").append(tv.get("incremental_day"))
        .append("; background traffic ").append(tv.get("background"))
        .append(" (anonymous PyPI downloads a day, other repositories' events per GH Archive hour, anonymous docs"
            + " pageviews a day)").append("; generated in ").append(num(tv.get("generation_seconds"))).append(" s.\n\n");
    md.append("| landing | source | files | bytes on disk | bytes uncompressed |\n|---|---|---:|---:|---:|\n");
    ((Map<String, Object>) tv.get("landing")).forEach((k, v) -> ((Map<String, Map<String, Long>>) v).forEach((s, a) ->
        md.append(String.format("| %s | %s | %,d | %,d | %,d |%n", k, s, a.get("files"), a.get("bytes_on_disk"),
            a.get("bytes_uncompressed")))));
    md.append("\n## Ingest throughput per source (full rebuild)\n\nRows = records read (run audit); time = the source's "
        + "own ingest call (one per source, as `bin/warehouse ingest --source`); MB = uncompressed bytes of its files / 10^6, per core = divided by "
        + CORES + " cores.\n\n| source | files | rows | uncompressed MB | rows/s | MB/s per core |\n|---|---:|---:|---:|---|---|\n");
    ((Map<String, Map<String, Object>>) t.get("ingest_throughput")).forEach((s, m) -> md.append(String.format(
        "| %s | %,d | %,d | %.2f | %s | %s |%n", s, (Long) m.get("files"), (Long) m.get("records_read"),
        ((Long) m.get("bytes_uncompressed")) / 1e6, fmt((Map<String, Object>) m.get("rows_per_second"), ""),
        fmt((Map<String, Object>) m.get("uncompressed_mb_per_second_per_core"), ""))));
    md.append("\n## Runs\n\n| run | seconds | records loaded | driver heap peak MB | Delta commits | Spark jobs "
        + "| share of the 10 slowest steps |\n|---|---|---:|---|---|---|---|\n");
    for (String[] s : new String[][] {{"full rebuild (year)", "full_rebuild"}, {"no-op (same date again)", "noop_run"},
        {"one day after a month of history", "incremental_day_after_month"},
        {"one day after a year of history", "incremental_day_after_year"}}) {
      Map<String, Object> m = (Map<String, Object>) t.get(s[1]);
      md.append(String.format("| %s | %s | %,d | %s | %s | %s | %s |%n", s[0],
          fmt((Map<String, Object>) m.get("total_seconds"), ""), (Long) m.get("records_loaded"),
          fmt((Map<String, Object>) m.get("driver_heap_peak_mb"), ""), fmt((Map<String, Object>) m.get("delta_commits"), ""),
          fmt((Map<String, Object>) m.get("spark_jobs"), ""), fmt((Map<String, Object>) m.get("slowest_10_steps_share"), "")));
    }
    md.append("\nIncremental day, year / month history: ")
        .append(fmt((Map<String, Object>) t.get("incremental_year_over_month"), "×")).append(". ")
        .append("Driver heap peak: sum of the heap pools' peaks during the run (MemoryPoolMXBean, reset before each run; "
            + "an upper bound). Driver resident peak over the whole process (VmHWM): ")
        .append(residentPeakBytes < 0 ? "n/a" : String.format("%,.0f MB", residentPeakBytes / 1e6)).append(".\n");
    for (String[] s : new String[][] {{"full rebuild", "full_rebuild"}, {"one day after a year", "incremental_day_after_year"}}) {
      Map<String, Object> stages = (Map<String, Object>) ((Map<String, Object>) t.get(s[1])).get("stage_seconds");
      String slowest = null;
      double worst = -1;
      for (Map.Entry<String, Object> e : stages.entrySet()) {
        double med = ((Number) ((Map<String, Object>) e.getValue()).get("median")).doubleValue();
        if (!e.getKey().startsWith("ingest ") && med > worst) {
          worst = med;
          slowest = e.getKey();
        }
      }
      md.append("\n### Time per stage, ").append(s[0]).append(" (slowest stage: **").append(slowest).append("**)\n\n")
          .append("| stage | seconds |\n|---|---|\n");
      stages.forEach((k, v) -> md.append("| ").append(k.startsWith("ingest ") ? "&nbsp;&nbsp;" + k : k).append(" | ")
          .append(fmt((Map<String, Object>) v, "")).append(" |\n"));
      Map<String, Object> steps = (Map<String, Object>) ((Map<String, Object>) t.get(s[1])).get("step_seconds");
      md.append("\n### Time per step (model), ").append(s[0]).append(", slowest first\n\n| step | seconds |\n|---|---|\n");
      steps.entrySet().stream().sorted((a, b) -> Double.compare(
              ((Number) ((Map<String, Object>) b.getValue()).get("median")).doubleValue(),
              ((Number) ((Map<String, Object>) a.getValue()).get("median")).doubleValue()))
          .forEach(e -> md.append("| ").append(e.getKey()).append(" | ").append(fmt((Map<String, Object>) e.getValue(), ""))
              .append(" |\n"));
    }
    Map<String, Object> dk = (Map<String, Object>) t.get("duckdb");
    md.append("\n## DuckDB side by side\n\nInputs exported from the full rebuild to Parquet (gold.customer_mrr_monthly, "
        + "silver.stg_pypi__file_downloads); Spark runs the project's SQL models on them, DuckDB the cross-check SQL in "
        + "bench/src/main/resources/duckdb/; both collected to the driver. DuckDB's rows compared with the warehouse "
        + "table: exact on DECIMAL money and counts, within 1e-6 on the ratios.\n\n"
        + "| metric | rows | equal | Spark s | DuckDB s | Spark / DuckDB |\n|---|---:|---|---|---|---|\n");
    for (DuckDbCheck.Metric metric : DuckDbCheck.METRICS) {
      Map<String, Object> m = (Map<String, Object>) dk.get(metric.name());
      md.append(String.format("| %s (vs %s) | %,d | %s | %s | %s | %s |%n", metric.name(), m.get("compared_with"),
          (Long) m.get("rows"), (Boolean) m.get("equal") ? "yes" : "NO: " + m.get("first_mismatch"),
          fmt((Map<String, Object>) m.get("spark_seconds"), ""), fmt((Map<String, Object>) m.get("duckdb_seconds"), ""),
          fmt((Map<String, Object>) m.get("spark_over_duckdb"), "×")));
    }
    md.append("\nAll four metrics, Spark / DuckDB: ")
        .append(fmt((Map<String, Object>) dk.get("all_metrics_spark_over_duckdb"), "×"))
        .append(". Same results: **").append(parityOk() ? "yes" : "NO").append("**.\n");
    md.append("\n## Scaling (full rebuild of the year)\n\n| master | seconds | driver heap peak MB |\n|---|---|---|\n");
    Map<String, Object> sc = (Map<String, Object>) t.get("scaling");
    sc.forEach((k, v) -> {
      Map<String, Object> m = (Map<String, Object>) v;
      md.append(String.format("| %s | %s | %s |%n", k, fmt((Map<String, Object>) m.get("total_seconds"), ""),
          fmt((Map<String, Object>) m.get("driver_heap_peak_mb"), "")));
    });
    if (scaling.isEmpty()) {
      md.append("Not run (`--no-scaling`).\n");
    }
    if (scaling.containsKey("local[1]") && scaling.containsKey("local[2]")) {
      double one = stats(scaling.get("local[1]"), f -> f.totalMs()).median();
      double two = stats(scaling.get("local[2]"), f -> f.totalMs()).median();
      md.append(String.format("%nSpeed-up local[2] over local[1]: %.2f×.%n", one / two));
    }
    return md.toString();
  }
}
