package io.osswarehouse.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Header-checked CSV reading shared by the CSV landing sources (commons-csv does the parsing). */
public final class CsvSupport {
  private CsvSupport() {}

  /** A row validator: returns the bronze values, or throws IllegalArgumentException with the reason. */
  @FunctionalInterface
  public interface RowValidator {
    Object[] validate(CSVRecord record);
  }

  /**
   * Parses a CSV with a header that must contain {@code expected} columns (any order, case-insensitive,
   * extra columns ignored). Positions are 1-based data-row numbers (the header is row 0).
   */
  public static ParsedFile parse(byte[] content, List<String> expected, RowValidator validator) {
    ParsedFile out = new ParsedFile();
    String text = new String(content, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).setAllowMissingColumnNames(true).build();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      List<String> header = new ArrayList<>();
      parser.getHeaderNames().forEach(h -> header.add(h.trim().toLowerCase(Locale.ROOT)));
      List<String> missing = new ArrayList<>(expected);
      missing.removeAll(header);
      // A European spreadsheet saves "CSV" with ';' (its decimal comma takes ','): the header is then one column.
      String delimiter = header.size() == 1 && header.get(0).contains(";") ? "; the file looks delimited by ';',"
          + " not ','" : header.size() == 1 && header.get(0).contains("\t") ? "; the file looks delimited by tabs,"
          + " not ','" : "";
      long position = 0;
      for (CSVRecord record : parser) {
        position++;
        String raw = CSVFormat.DEFAULT.format(record.values());
        if (!missing.isEmpty()) {
          out.reject(position, raw, "header lacks column(s) " + missing + "; expected " + String.join(",", expected)
              + delimiter);
          continue;
        }
        if (record.size() != header.size()) {
          out.reject(position, raw, "has " + record.size() + " fields, header has " + header.size());
          continue;
        }
        try {
          out.accept(position, validator.validate(record));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
          out.reject(position, raw, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // Malformed quoting or a duplicate header: the whole file is unreadable.
      out.reject(0, null, "unreadable CSV: " + e.getMessage());
    }
    return out;
  }

  /** Case-insensitive field access by header name, trimmed; empty string when blank. */
  public static String field(CSVRecord r, String name) {
    for (String h : r.getParser().getHeaderNames()) {
      if (h.trim().equalsIgnoreCase(name)) {
        String v = r.get(h);
        return v == null ? "" : v.trim();
      }
    }
    return "";
  }
}
