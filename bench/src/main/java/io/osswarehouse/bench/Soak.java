package io.osswarehouse.bench;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.orchestrate.Maintenance;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code bench --soak N}: N nightly runs, one day at a time, as a deployment lives them, on the tier's world;
 * once without upkeep and once with {@code maintain} every seventh night. After each night: the run's time,
 * the data files the tables' current versions reference (what every reader plans over), the data files on
 * disk, and the size and number of the Delta log files. The nights are the last N days of the tier's year;
 * the days before them land and run at once first (not measured).
 */
final class Soak {
  /** One night's figures. */
  record Night(String variant, int night, LocalDate date, long runMs, long activeFiles, long filesOnDisk,
      long logBytes, long logFiles, long upkeepMs) {}

  static final String WITHOUT = "without upkeep";
  static final String WEEKLY = "weekly upkeep";

  private Soak() {}

  static List<Night> run(Path configFile, String master, Path generated, LocalDate lastNight, int nights, Path scratch,
      boolean quiet, java.util.function.Consumer<String> log) {
    LocalDate before = lastNight.minusDays(nights);
    List<Night> out = new ArrayList<>();
    for (String variant : List.of(WITHOUT, WEEKLY)) {
      String slug = variant.startsWith("weekly") ? "weekly" : "none";
      Path landing = scratch.resolve("landing-soak-" + slug);
      Path wh = scratch.resolve("warehouse-soak-" + slug);
      WarehouseConfig cfg = PipelineRun.config(configFile, wh, landing, master);
      log.accept(variant + ": the history up to " + before + " in one run");
      Set<Path> landed = new HashSet<>(LandingSplit.select(generated, before, true));
      LandingSplit.land(generated, List.copyOf(landed), landing);
      PipelineRun.run(cfg, before, quiet);
      for (int n = 1; n <= nights; n++) {
        LocalDate day = before.plusDays(n);
        List<Path> today = LandingSplit.select(generated, day, true).stream().filter(p -> !landed.contains(p)).toList();
        LandingSplit.land(generated, today, landing);
        landed.addAll(today);
        long runMs = PipelineRun.run(cfg, day, quiet).totalMs();
        long upkeepMs = 0;
        if (variant.equals(WEEKLY) && n % 7 == 0) {
          SparkSession spark = PipelineRun.session(cfg);
          long t0 = System.nanoTime();
          Maintenance.maintain(RunContext.start(cfg, new Warehouse(spark, cfg.warehouseDir()), day, Progress.silent()),
              Maintenance.MIN_RETAIN_DAYS);
          upkeepMs = (System.nanoTime() - t0) / 1_000_000;
        }
        Night night = measure(cfg, variant, n, day, runMs, upkeepMs);
        out.add(night);
        log.accept(String.format(Locale.ROOT, "%s: night %d of %d (%s): %.1f s, %d data files referenced, %d on disk, "
            + "log %,d bytes in %d files%s", variant, n, nights, day, runMs / 1000.0, night.activeFiles(),
            night.filesOnDisk(), night.logBytes(), night.logFiles(),
            upkeepMs > 0 ? String.format(Locale.ROOT, "; upkeep %.1f s", upkeepMs / 1000.0) : ""));
      }
      LandingSplit.deleteTree(wh);
      LandingSplit.deleteTree(landing);
    }
    return out;
  }

  private static Night measure(WarehouseConfig cfg, String variant, int n, LocalDate day, long runMs, long upkeepMs) {
    SparkSession spark = PipelineRun.session(cfg);
    Path root = cfg.warehouseDir();
    long active = 0;
    long onDisk = 0;
    long logBytes = 0;
    long logFiles = 0;
    for (String layer : Warehouse.LAYERS) {
      Path dir = root.resolve(layer);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> tables = Files.list(dir)) {
        for (Path table : tables.filter(t -> Files.isDirectory(t.resolve("_delta_log"))).toList()) {
          active += DeltaLog.forTable(spark, table.toString()).update(false, scala.Option.empty(), scala.Option.empty())
              .numOfFiles();
          try (Stream<Path> files = Files.walk(table)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
              String name = f.getFileName().toString();
              if (f.getParent().endsWith("_delta_log") || f.toString().contains("/_delta_log/")) {
                if (!name.startsWith(".")) {
                  logFiles++;
                  logBytes += Files.size(f);
                }
              } else if (name.endsWith(".parquet")) {
                onDisk++;
              }
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Night(variant, n, day, runMs, active, onDisk, logBytes, logFiles, upkeepMs);
  }

  static String csv(List<Night> nights) {
    StringBuilder sb = new StringBuilder("variant,night,date,run_ms,active_data_files,data_files_on_disk,log_bytes,"
        + "log_files,upkeep_ms\n");
    for (Night n : nights) {
      sb.append(String.join(",", n.variant(), "" + n.night(), n.date().toString(), "" + n.runMs(), "" + n.activeFiles(),
          "" + n.filesOnDisk(), "" + n.logBytes(), "" + n.logFiles(), "" + n.upkeepMs())).append('\n');
    }
    return sb.toString();
  }

  /** The summary: per variant, the first and last week's median nightly time and the end state. */
  static String markdown(List<Night> nights) {
    StringBuilder sb = new StringBuilder("| variant | nights | first week, median night (s) | last week, median night "
        + "(s) | last ÷ first | data files referenced, night 1 → last | data files on disk, last | log, last (files, "
        + "MB) | upkeep, median (s) |\n|---|---|---|---|---|---|---|---|---|\n");
    for (String variant : List.of(WITHOUT, WEEKLY)) {
      List<Night> v = nights.stream().filter(n -> n.variant().equals(variant)).toList();
      if (v.isEmpty()) {
        continue;
      }
      int week = Math.min(7, v.size());
      double first = median(v.subList(0, week).stream().map(n -> n.runMs() / 1000.0).toList());
      double last = median(v.subList(v.size() - week, v.size()).stream().map(n -> n.runMs() / 1000.0).toList());
      List<Double> upkeep = v.stream().filter(n -> n.upkeepMs() > 0).map(n -> n.upkeepMs() / 1000.0).toList();
      Night end = v.get(v.size() - 1);
      sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f | %d → %d | %d | %d, %.1f | %s |%n", variant,
          v.size(), first, last, last / first, v.get(0).activeFiles(), end.activeFiles(), end.filesOnDisk(),
          end.logFiles(), end.logBytes() / 1e6, upkeep.isEmpty() ? "" : String.format(Locale.ROOT, "%.1f",
              median(upkeep))));
    }
    return sb.toString();
  }

  private static double median(List<Double> values) {
    Stats s = new Stats();
    values.forEach(s::add);
    return s.median();
  }

  /** Two charts over the nights: each night's time, and the data files the current versions reference. */
  static void plot(List<Night> nights, Path timePng, Path filesPng) throws IOException {
    XYSeriesCollection time = new XYSeriesCollection();
    XYSeriesCollection files = new XYSeriesCollection();
    for (String variant : List.of(WITHOUT, WEEKLY)) {
      XYSeries t = new XYSeries(variant);
      XYSeries f = new XYSeries(variant);
      nights.stream().filter(n -> n.variant().equals(variant)).forEach(n -> {
        t.add(n.night(), n.runMs() / 1000.0);
        f.add(n.night(), n.activeFiles());
      });
      time.addSeries(t);
      files.addSeries(f);
    }
    save(ChartFactory.createXYLineChart("Nightly run time", "night", "seconds", time, PlotOrientation.VERTICAL,
        true, false, false), timePng);
    save(ChartFactory.createXYLineChart("Data files referenced by the current versions, all tables", "night",
        "files", files, PlotOrientation.VERTICAL, true, false, false), filesPng);
  }

  private static void save(JFreeChart chart, Path png) throws IOException {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getXYPlot().setBackgroundPaint(Color.WHITE);
    chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
    ChartUtils.saveChartAsPNG(new File(png.toString()), chart, 800, 360);
  }
}
