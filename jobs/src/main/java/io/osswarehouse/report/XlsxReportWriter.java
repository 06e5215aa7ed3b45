package io.osswarehouse.report;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The workbook behind the PDF: one sheet per table, a bold frozen header row, numbers as numeric cells
 * with a display format (money #,##0.00 next to its currency column, ratios as %, months as dates),
 * and a sheet with the definitions.
 */
final class XlsxReportWriter {
  private static final Map<ReportTable.Type, String> FORMATS = new EnumMap<>(Map.of(
      ReportTable.Type.MONTH, "yyyy-mm",
      ReportTable.Type.MONEY, "#,##0.00",
      ReportTable.Type.RATIO, "0.0%",
      ReportTable.Type.COUNT, "#,##0",
      ReportTable.Type.NUMBER, "General"));

  private XlsxReportWriter() {}

  static void write(List<ReportTable> tables, Path file) throws IOException {
    try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
      CellStyle header = book.createCellStyle();
      Font boldFont = book.createFont();
      boldFont.setBold(true);
      header.setFont(boldFont);
      Map<ReportTable.Type, CellStyle> styles = new EnumMap<>(ReportTable.Type.class);
      FORMATS.forEach((type, format) -> {
        CellStyle s = book.createCellStyle();
        s.setDataFormat(book.createDataFormat().getFormat(format));
        styles.put(type, s);
      });
      for (ReportTable t : tables) {
        Sheet sheet = book.createSheet(t.name());
        Row head = sheet.createRow(0);
        int[] widths = new int[t.columns().size()];
        for (int c = 0; c < t.columns().size(); c++) {
          Cell cell = head.createCell(c);
          cell.setCellValue(t.columns().get(c).name());
          cell.setCellStyle(header);
          widths[c] = t.columns().get(c).name().length();
        }
        for (int r = 0; r < t.rows().size(); r++) {
          Row row = sheet.createRow(r + 1);
          List<Object> values = t.rows().get(r);
          for (int c = 0; c < values.size(); c++) {
            Object v = values.get(c);
            if (v == null) {
              continue;
            }
            Cell cell = row.createCell(c);
            ReportTable.Type type = t.columns().get(c).type();
            if (v instanceof LocalDate d) {
              cell.setCellValue(d);
            } else if (v instanceof BigDecimal d) {
              cell.setCellValue(d.doubleValue());
            } else if (v instanceof Number n) {
              cell.setCellValue(n.doubleValue());
            } else {
              cell.setCellValue(v.toString());
            }
            if (styles.containsKey(type)) {
              cell.setCellStyle(styles.get(type));
            }
            widths[c] = Math.max(widths[c], Math.min(80, v.toString().length() + 2));
          }
        }
        for (int c = 0; c < widths.length; c++) {
          sheet.setColumnWidth(c, (widths[c] + 2) * 256);
        }
        sheet.createFreezePane(0, 1);
      }
      book.write(out);
    }
  }
}
