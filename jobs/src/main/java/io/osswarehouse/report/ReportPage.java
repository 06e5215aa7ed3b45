package io.osswarehouse.report;

import java.math.BigDecimal;
import java.util.List;
import org.jfree.chart.JFreeChart;

/** One PDF page of a section: a title, the period and units, content blocks, and definition footnotes. */
public record ReportPage(String title, String subtitle, List<Block> blocks, List<MetricDefinition> footnotes) {

  /** What a page shows, top to bottom. */
  public sealed interface Block permits Chart, Text, Heatmap {}

  /** A chart drawn {@code height} points high across the page. */
  public record Chart(JFreeChart chart, float height) implements Block {}

  /** Lines of text, e.g. the figures behind a chart, so they can be read (and checked) as text. */
  public record Text(List<String> lines) implements Block {}

  /**
   * A grid of ratios shaded by value with the value written in each cell; a null cell is not observed
   * yet.
   */
  public record Heatmap(String cornerLabel, List<String> rowLabels, List<String> columnLabels,
      List<List<BigDecimal>> values) implements Block {}
}
