package io.osswarehouse.report;

import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;

/**
 * The board report PDF (A4 landscape): a summary page of figures with their changes, then one page
 * per chart. Text is real PDF text (standard Helvetica), so every figure can be searched, copied and
 * checked; charts are embedded as images rendered at three times their size.
 */
final class PdfReportWriter {
  private static final PDRectangle SIZE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
  private static final float MARGIN = 40;
  private static final float WIDTH = SIZE.getWidth() - 2 * MARGIN;
  private static final Color INK = new Color(0x22, 0x22, 0x22);
  private static final Color MUTED = new Color(0x66, 0x66, 0x66);

  private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
  private final PDDocument doc = new PDDocument();
  private PDPageContentStream cs;
  private float y;
  /** The page being written: its title, subtitle and footnotes, and where those footnotes begin. */
  private String title;
  private String subtitle;
  private List<MetricDefinition> footnotes = List.of();
  private float footnotesTop;

  static void write(BoardReport.Report report, Path file) throws IOException {
    new PdfReportWriter().render(report, file);
  }

  private void render(BoardReport.Report report, Path file) throws IOException {
    try (doc) {
      summaryPage(report);
      for (ReportPage page : report.pages()) {
        sectionPage(page);
      }
      int total = doc.getNumberOfPages();
      for (int i = 0; i < total; i++) {
        try (PDPageContentStream footer = new PDPageContentStream(doc, doc.getPage(i),
            PDPageContentStream.AppendMode.APPEND, true)) {
          cs = footer;
          text(regular, 7.5f, MUTED, MARGIN, 20, "Board report " + report.month() + "   page " + (i + 1) + " of " + total
              + "   figures from gold at the table versions in " + ReportInputs.MANIFEST + " (report --as-of)");
        }
      }
      try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
        doc.save(out); // a stream, not a File: PDFBox warns on every re-run that overwrites a file
      }
    }
  }

  private void summaryPage(BoardReport.Report report) throws IOException {
    newPage("Board report, " + Formats.month(report.month()), report.period(),
        report.kpis().stream().map(Kpi::metric).toList());
    float[] right = {430, 610, 802};
    String[] header = {Formats.month(report.month()), "vs " + Formats.month(report.month().minusMonths(1)),
        "vs " + Formats.month(report.month().minusMonths(12))};
    text(bold, 10, MUTED, MARGIN, y, "Metric");
    for (int i = 0; i < header.length; i++) {
      textRight(bold, 10, MUTED, right[i], y, header[i]);
    }
    y -= 8;
    rule(y);
    y -= 20;
    for (Kpi k : report.kpis()) {
      room(19);
      String label = k.metric().label() + (k.kind() == Kpi.Kind.MONEY ? " (" + k.unit() + ")" : "");
      text(bold, 12, INK, MARGIN, y, label);
      textRight(bold, 12, INK, right[0], y, Formats.value(k, k.value()));
      textRight(regular, 11, INK, right[1], y, Formats.change(k, k.previousMonth()));
      textRight(regular, 11, INK, right[2], y, Formats.change(k, k.lastYear()));
      y -= 19;
    }
    y -= 4;
    room(14);
    text(regular, 8.5f, MUTED, MARGIN, y, "Changes: money in " + report.currency()
        + " and community counts with the % change; NRR and GRR in percentage points (pp); customers in counts."
        + " n/a: no gold value for that month.");
    y -= 18;
    for (String note : report.notes()) {
      List<String> parts = wrap(note, 9.5f);
      room(14 * parts.size());
      for (String part : parts) {
        text(regular, 9.5f, INK, MARGIN, y, part);
        y -= 14;
      }
    }
    endPage();
  }

  private void sectionPage(ReportPage page) throws IOException {
    newPage(page.title(), page.subtitle(), page.footnotes());
    for (ReportPage.Block block : page.blocks()) {
      if (block instanceof ReportPage.Chart c) {
        var image = LosslessFactory.createFromImage(doc, Charts.render(c.chart(), WIDTH, c.height(), 3));
        room(c.height());
        y -= c.height();
        cs.drawImage(image, MARGIN, y, WIDTH, c.height());
        y -= 14;
      } else if (block instanceof ReportPage.Text t) {
        for (String line : t.lines()) {
          List<String> parts = wrap(line, 9);
          room(13 * parts.size()); // a paragraph stays on one page
          for (String part : parts) {
            text(regular, 9, INK, MARGIN, y, part);
            y -= 13;
          }
        }
      } else if (block instanceof ReportPage.Heatmap h) {
        heatmap(h);
      }
    }
    endPage();
  }

  private void heatmap(ReportPage.Heatmap h) throws IOException {
    float labelWidth = 110;
    float cellWidth = Math.min(48, (WIDTH - labelWidth) / h.columnLabels().size());
    float cellHeight = Math.min(24, 330f / Math.max(1, h.rowLabels().size() + 1));
    room(cellHeight * (h.rowLabels().size() + 1) + 30);
    text(bold, 8.5f, MUTED, MARGIN, y - cellHeight + 8, h.cornerLabel());
    for (int c = 0; c < h.columnLabels().size(); c++) {
      textCentered(bold, 9, MUTED, MARGIN + labelWidth + (c + 0.5f) * cellWidth, y - cellHeight + 8,
          h.columnLabels().get(c));
    }
    y -= cellHeight;
    for (int r = 0; r < h.rowLabels().size(); r++) {
      y -= cellHeight;
      text(regular, 9, INK, MARGIN, y + cellHeight / 2 - 3, h.rowLabels().get(r));
      List<BigDecimal> row = h.values().get(r);
      for (int c = 0; c < row.size(); c++) {
        BigDecimal v = row.get(c);
        if (v == null) {
          continue;
        }
        float x = MARGIN + labelWidth + c * cellWidth;
        double t = Math.max(0, Math.min(1, v.doubleValue()));
        cs.setNonStrokingColor(new Color((int) (235 - 190 * t), (int) (242 - 120 * t), (int) (250 - 90 * t)));
        cs.addRect(x + 1, y + 1, cellWidth - 2, cellHeight - 2);
        cs.fill();
        textCentered(regular, 9, t > 0.55 ? Color.WHITE : INK, x + cellWidth / 2, y + cellHeight / 2 - 3,
            Formats.percent(v).replace(".0%", "%"));
      }
    }
    y -= 16;
    text(regular, 8.5f, MUTED, MARGIN, y, "Percent of the cohort paying; empty cells are not observed yet.");
    y -= 14;
  }

  private void newPage(String title, String subtitle, List<MetricDefinition> footnotes) throws IOException {
    this.title = title;
    this.subtitle = subtitle;
    this.footnotes = footnotes;
    this.footnotesTop = MARGIN + FOOTNOTE_LINE * footnoteLines(footnotes).size() + 12;
    PDPage page = new PDPage(SIZE);
    doc.addPage(page);
    cs = new PDPageContentStream(doc, page);
    y = SIZE.getHeight() - MARGIN - 14;
    text(bold, 18, INK, MARGIN, y, title);
    y -= 18;
    text(regular, 10, MUTED, MARGIN, y, subtitle);
    y -= 26;
  }

  /**
   * Makes room for {@code height} more points above the footnotes: what does not fit continues on a new
   * page with the same title and footnotes, so text never runs into the definitions.
   */
  private void room(float height) throws IOException {
    if (y - height < footnotesTop) {
      endPage();
      newPage(title.endsWith(" (continued)") ? title : title + " (continued)", subtitle, footnotes);
    }
  }

  private void endPage() throws IOException {
    footnotes(footnotes);
    cs.close();
  }

  private static final float FOOTNOTE_LINE = 9.5f;

  private List<String> footnoteLines(List<MetricDefinition> metrics) throws IOException {
    List<String> lines = new ArrayList<>();
    for (MetricDefinition m : new LinkedHashSet<>(metrics)) {
      lines.addAll(wrap(m.label() + ": " + m.text(), 7.5f));
    }
    return lines;
  }

  /** Definitions of the metrics on the page, from the bottom margin up. */
  private void footnotes(List<MetricDefinition> metrics) throws IOException {
    List<String> lines = footnoteLines(metrics);
    float line = FOOTNOTE_LINE;
    float top = MARGIN + line * lines.size();
    cs.setStrokingColor(MUTED);
    rule(top + 6);
    float at = top - line + 2;
    for (String l : lines) {
      text(regular, 7.5f, MUTED, MARGIN, at, l);
      at -= line;
    }
  }

  private List<String> wrap(String s, float size) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : s.split(" ")) {
      String candidate = current.isEmpty() ? word : current + " " + word;
      if (!current.isEmpty() && regular.getStringWidth(candidate) / 1000 * size > WIDTH) {
        lines.add(current.toString());
        current = new StringBuilder("    " + word);
      } else {
        current = new StringBuilder(candidate);
      }
    }
    lines.add(current.toString());
    return lines;
  }

  private void rule(float at) throws IOException {
    cs.setStrokingColor(MUTED);
    cs.setLineWidth(0.5f);
    cs.moveTo(MARGIN, at);
    cs.lineTo(MARGIN + WIDTH, at);
    cs.stroke();
  }

  private void text(PDType1Font font, float size, Color color, float x, float at, String s) throws IOException {
    cs.beginText();
    cs.setNonStrokingColor(color);
    cs.setFont(font, size);
    cs.newLineAtOffset(x, at);
    cs.showText(s);
    cs.endText();
  }

  private void textRight(PDType1Font font, float size, Color color, float right, float at, String s) throws IOException {
    text(font, size, color, right - font.getStringWidth(s) / 1000 * size, at, s);
  }

  private void textCentered(PDType1Font font, float size, Color color, float center, float at, String s)
      throws IOException {
    text(font, size, color, center - font.getStringWidth(s) / 1000 * size / 2, at, s);
  }
}
