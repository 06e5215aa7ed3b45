package io.osswarehouse.ingest.downloads;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.ParsedFile;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Date;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.types.StructType;

/**
 * Sonatype (Maven Central) monthly download statistics, one CSV per artifact and month, without a
 * header and every field quoted: {@code "version","downloads","fraction"} (fractions may be in
 * scientific notation, {@code 4.23E-6}). The artifact comes from the folders,
 * {@code <landing>/downloads/maven/<groupId>/<artifactId>/}, the month from the file name
 * ({@code <anything>_<YYYY-MM>[_anything].csv}); a file placed elsewhere or without a month is
 * quarantined whole with the reason.
 */
public final class MavenCentralSource implements LandingSource {
  @Override
  public boolean holdsPersonalData() {
    return false;
  }

  public static final String NAME = "downloads/maven";
  private static final Pattern MONTH = Pattern.compile("_(\\d{4}-\\d{2})(?=[_.])");

  @Override
  public String name() {
    return NAME;
  }


  @Override
  public boolean accepts(Path relativePath) {
    return relativePath.getFileName().toString().matches(".*\\.csv(\\.gz)?");
  }

  @Override
  public String bronzeTable() {
    return Catalog.MAVEN__DOWNLOADS.name();
  }

  /** month is the first day of the month the counts are for. */
  @Override
  public StructType recordSchema() {
    return new StructType()
        .add("group_id", StringType, false)
        .add("artifact_id", StringType, false)
        .add("month", DateType, false)
        .add("version", StringType, false)
        .add("downloads", LongType, false)
        .add("fraction", DoubleType, true);
  }

  @Override
  public ParsedFile parse(String fileName, byte[] content) {
    ParsedFile out = new ParsedFile();
    Path path = Path.of(fileName);
    Path under = Path.of(NAME).relativize(path);
    YearMonth month = month(path.getFileName().toString());
    String problem = under.getNameCount() != 3
        ? "not under downloads/maven/<groupId>/<artifactId>/: the artifact comes from those two folders"
        : month == null ? "no month in the file name: name it <anything>_YYYY-MM.csv (the month the counts are for)"
        : null;
    String text = new String(content, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "");
    if (problem != null) {
      out.reject(0, text, problem);
      return out;
    }
    String groupId = under.getName(0).toString();
    String artifactId = under.getName(1).toString();
    CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).build();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      long position = 0;
      for (CSVRecord r : parser) {
        position++;
        String raw = CSVFormat.DEFAULT.format(r.values());
        try {
          if (r.size() != 3) {
            throw new IllegalArgumentException("has " + r.size() + " fields; expected \"version\",\"downloads\",\"fraction\"");
          }
          out.accept(position, groupId, artifactId, Date.valueOf(month.atDay(1)), required(r.get(0), "version"),
              downloads(r.get(1)), fraction(r.get(2)));
        } catch (IllegalArgumentException e) {
          out.reject(position, raw, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalStateException e) {
      out.reject(0, text, "unreadable CSV: " + e.getMessage()); // malformed quoting
    }
    return out;
  }

  /** The last _YYYY-MM in the name (a full date _YYYY-MM-DD is not a month). */
  static YearMonth month(String name) {
    Matcher m = MONTH.matcher(name);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    try {
      return last == null ? null : YearMonth.parse(last);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String required(String v, String name) {
    if (v.isBlank()) {
      throw new IllegalArgumentException(name + " is empty");
    }
    return v;
  }

  private static long downloads(String v) {
    if (!v.matches("\\d{1,18}")) {
      throw new IllegalArgumentException("downloads '" + v + "' is not a non-negative whole number");
    }
    return Long.parseLong(v);
  }

  /** A share of the month's downloads, plain or scientific notation; blank is allowed (not needed for counts). */
  private static Double fraction(String v) {
    if (v.isBlank()) {
      return null;
    }
    try {
      BigDecimal f = new java.math.BigDecimal(v);
      if (f.signum() >= 0 && f.compareTo(BigDecimal.ONE) <= 0) {
        return f.doubleValue();
      }
    } catch (NumberFormatException e) {
      // reported below with the value
    }
    throw new IllegalArgumentException("fraction '" + v + "' is not a number between 0 and 1");
  }
}
