package io.osswarehouse.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.text.SimpleDateFormat;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.WaterfallBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.Month;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/** The report's JFreeChart charts and their rendering to images for the PDF. */
final class Charts {
  private static final Color LEVEL = new Color(0x44, 0x5E, 0x7A);
  private static final Color UP = new Color(0x2E, 0x8B, 0x57);
  private static final Color DOWN = new Color(0xC0, 0x39, 0x2B);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  private Charts() {}

  /**
   * A waterfall: the first and last steps are MRR levels, the others movements. The value axis is
   * zoomed onto the levels reached (it says where it starts), otherwise a month's movements would be
   * invisible next to the MRR.
   */
  static JFreeChart waterfall(List<MrrBridgeSection.Step> steps, String currency) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    BigDecimal running = BigDecimal.ZERO;
    BigDecimal low = null;
    BigDecimal high = null;
    for (int i = 0; i < steps.size(); i++) {
      MrrBridgeSection.Step s = steps.get(i);
      data.addValue(s.amount(), "MRR", s.label());
      running = i == 0 || i == steps.size() - 1 ? s.amount() : running.add(s.amount());
      low = low == null || running.compareTo(low) < 0 ? running : low;
      high = high == null || running.compareTo(high) > 0 ? running : high;
    }
    JFreeChart chart = ChartFactory.createWaterfallChart(null, null, "MRR (" + currency + ")", data,
        PlotOrientation.VERTICAL, false, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    WaterfallBarRenderer renderer = (WaterfallBarRenderer) plot.getRenderer();
    renderer.setFirstBarPaint(LEVEL);
    renderer.setLastBarPaint(LEVEL);
    renderer.setPositiveBarPaint(UP);
    renderer.setNegativeBarPaint(DOWN);
    renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
        new DecimalFormat("#,##0", new java.text.DecimalFormatSymbols(Locale.US))));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(LABEL);
    double span = Math.max(high.subtract(low).doubleValue(), Math.abs(high.doubleValue()) * 0.02);
    NumberAxis axis = (NumberAxis) plot.getRangeAxis();
    axis.setRange(Math.max(0, low.doubleValue() - span * 0.6), high.doubleValue() + span * 0.25);
    axis.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.US));
    CategoryAxis categories = plot.getDomainAxis();
    categories.setTickLabelFont(LABEL);
    style(chart);
    return chart;
  }

  /** NRR and GRR lines by month; trailing-12-month bases solid, monthly bases dashed; 100% marked. */
  static JFreeChart retentionTrend(Map<String, TreeMap<YearMonth, BigDecimal>> series) {
    TimeSeriesCollection data = new TimeSeriesCollection(TimeZone.getTimeZone("UTC"));
    series.forEach((name, points) -> {
      TimeSeries ts = new TimeSeries(name);
      points.forEach((m, v) -> ts.add(new Month(m.getMonthValue(), m.getYear()), v == null ? null : v.doubleValue()));
      data.addSeries(ts);
    });
    JFreeChart chart = ChartFactory.createTimeSeriesChart(null, null, "% of base MRR", data, true, false, false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    Color[] colors = {LEVEL, UP, LEVEL, UP};
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, colors[i % colors.length]);
      renderer.setSeriesStroke(i, i < 2 ? new BasicStroke(2.5f)
          : new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }
    plot.setRenderer(renderer);
    NumberAxis axis = (NumberAxis) plot.getRangeAxis();
    axis.setAutoRangeIncludesZero(false);
    axis.setNumberFormatOverride(NumberFormat.getPercentInstance(Locale.US));
    plot.addRangeMarker(new ValueMarker(1.0, Color.GRAY, new BasicStroke(1f)));
    monthAxis(plot);
    style(chart);
    return chart;
  }

  /**
   * Two monthly series of different units on two value axes (left and right), e.g. downloads and new
   * MRR; a missing month (null) breaks the line instead of drawing it as zero.
   */
  static JFreeChart twoAxes(String leftName, String leftAxis, TreeMap<YearMonth, Double> left, String rightName,
      String rightAxis, TreeMap<YearMonth, Double> right) {
    JFreeChart chart = ChartFactory.createTimeSeriesChart(null, null, leftAxis, monthly(leftName, left), true, false,
        false);
    XYPlot plot = chart.getXYPlot();
    NumberAxis second = new NumberAxis(rightAxis);
    plot.setRangeAxis(1, second);
    plot.setDataset(1, monthly(rightName, right));
    plot.mapDatasetToRangeAxis(1, 1);
    Color[] colors = {LEVEL, UP};
    for (int i = 0; i < 2; i++) {
      XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
      renderer.setSeriesPaint(0, colors[i]);
      renderer.setSeriesStroke(0, new BasicStroke(2.5f));
      plot.setRenderer(i, renderer);
      ((NumberAxis) plot.getRangeAxis(i)).setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.US));
      plot.getRangeAxis(i).setLabelPaint(colors[i]);
    }
    monthAxis(plot);
    style(chart);
    return chart;
  }

  private static TimeSeriesCollection monthly(String name, TreeMap<YearMonth, Double> points) {
    TimeSeries ts = new TimeSeries(name);
    points.forEach((m, v) -> ts.add(new Month(m.getMonthValue(), m.getYear()), v));
    return new TimeSeriesCollection(ts, TimeZone.getTimeZone("UTC"));
  }

  /**
   * Pearson r by lag, one bar colour per series, value on each bar; a lag with no coefficient (null,
   * under the minimum-overlap guard) keeps its category with no bar.
   */
  static JFreeChart lagBars(Map<String, TreeMap<Integer, Double>> series, String lagAxis) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    series.forEach((name, byLag) -> byLag.forEach((lag, r) -> data.addValue(r, name, Integer.valueOf(lag))));
    JFreeChart chart = ChartFactory.createBarChart(null, lagAxis, "Pearson r", data, PlotOrientation.VERTICAL, true,
        false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, LEVEL);
    renderer.setSeriesPaint(1, UP);
    renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
        new DecimalFormat("+0.00;-0.00", new java.text.DecimalFormatSymbols(Locale.US))));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(LABEL);
    NumberAxis axis = (NumberAxis) plot.getRangeAxis();
    axis.setRange(-1.05, 1.05); // r is within [-1, 1]: a fixed scale keeps weak bars looking weak
    plot.addRangeMarker(new ValueMarker(0, Color.GRAY, new BasicStroke(1f)));
    plot.getDomainAxis().setTickLabelFont(LABEL);
    style(chart);
    return chart;
  }

  /**
   * One bar per category with its value written on it, in the given order: the funnel's stages
   * (horizontal, widest first), conversion rates ({@code "0%"} format, axis 0 to 100 %), a histogram.
   * A null value keeps its category with no bar.
   */
  static JFreeChart bars(Map<String, Number> values, String categoryAxis, String valueAxis, String format,
      boolean horizontal) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach((category, v) -> data.addValue(v, valueAxis, category));
    JFreeChart chart = ChartFactory.createBarChart(null, categoryAxis, valueAxis, data,
        horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL, false, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, LEVEL);
    DecimalFormat labels = new DecimalFormat(format, new java.text.DecimalFormatSymbols(Locale.US));
    renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", labels));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(LABEL);
    NumberAxis axis = (NumberAxis) plot.getRangeAxis();
    axis.setNumberFormatOverride(labels);
    if (format.endsWith("%")) {
      axis.setRange(0, 1.1); // a rate's full scale, so a small conversion looks small
    } else {
      axis.setUpperMargin(0.15); // room for the value labels
      axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    plot.getDomainAxis().setTickLabelFont(LABEL);
    style(chart);
    return chart;
  }

  private static void monthAxis(XYPlot plot) {
    DateAxis dates = (DateAxis) plot.getDomainAxis();
    SimpleDateFormat format = new SimpleDateFormat("MMM yyyy", Locale.US);
    format.setTimeZone(TimeZone.getTimeZone("UTC"));
    dates.setDateFormatOverride(format);
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getPlot().setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
  }

  /** The chart drawn at {@code scale} times its size in points, so it stays sharp when printed. */
  static BufferedImage render(JFreeChart chart, float width, float height, int scale) {
    BufferedImage image = new BufferedImage(Math.round(width * scale), Math.round(height * scale),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.scale(scale, scale);
      chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    } finally {
      g.dispose();
    }
    return image;
  }
}
