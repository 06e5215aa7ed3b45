package io.osswarehouse.report;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Each report table as {@code <name>.csv}: a header line, ISO dates, plain decimals, empty for null. */
final class CsvReportWriter {
  private CsvReportWriter() {}

  static List<Path> write(List<ReportTable> tables, Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (ReportTable t : tables) {
      Path file = dir.resolve(t.name() + ".csv");
      String[] header = t.columns().stream().map(ReportTable.Column::name).toArray(String[]::new);
      try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
          CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header).build())) {
        for (List<Object> row : t.rows()) {
          csv.printRecord(row.stream().map(v -> v instanceof BigDecimal d ? d.toPlainString() : v).toList());
        }
      }
      files.add(file);
    }
    return files;
  }
}
