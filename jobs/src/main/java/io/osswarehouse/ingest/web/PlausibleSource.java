package io.osswarehouse.ingest.web;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.osswarehouse.ingest.CsvSupport;
import io.osswarehouse.ingest.LandingSource;
import io.osswarehouse.ingest.ParsedFile;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Plausible dashboard "Download CSV" reports, {@code <landing>/web/plausible/<site>/<report>[anything].csv}.
 * Columns changed between Plausible releases, so bronze keeps every metric by header name in a map
 * (blank = null, never 0) and silver picks the ones it knows. The report is the Plausible report name the
 * file name starts with ({@code pages}, {@code entry_pages}, {@code utm_sources}…; the longest wins), else
 * it is recognised by header: a {@code date} column is the visitors time series, {@code name} with
 * {@code pageviews} or {@code time_on_page} is pages, {@code name} with {@code bounce_rate} and
 * {@code visit_duration} is sources. Reports other than visitors have no date: two dates in the file name
 * ({@code pages_2025-01-01_2025-01-31.csv}) are their period, otherwise the snapshot is undated.
 */
public final class PlausibleSource implements LandingSource {
  @Override
  public boolean holdsPersonalData() {
    return false;
  }

  public static final String NAME = "web/plausible";
  /** Dashboard reports (plausible/analytics exports), longest first so {@code entry_pages} beats {@code pages}. */
  private static final List<String> REPORTS = List.of("operating_system_versions", "operating_systems",
      "browser_versions", "utm_campaigns", "utm_contents", "utm_mediums", "utm_sources", "custom_props",
      "entry_pages", "conversions", "exit_pages", "countries", "referrers", "utm_terms", "browsers", "channels",
      "visitors", "devices", "regions", "sources", "cities", "pages");
  private static final Pattern DATE = Pattern.compile("(?<![0-9])([0-9]{4})-?([0-9]{2})-?([0-9]{2})(?![0-9])");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

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
    return Catalog.WEB__PLAUSIBLE_REPORTS.name();
  }

  @Override
  public StructType recordSchema() {
    return new StructType()
        .add("site", StringType, false)
        .add("report", StringType, false)
        .add("period_start", DateType, true)
        .add("period_end", DateType, true)
        .add("activity_date", DateType, true)
        .add("name", StringType, true)
        .add("metrics", DataTypes.createMapType(StringType, StringType, true), false);
  }

  @Override
  public ParsedFile parse(String fileName, byte[] content) {
    String[] parts = fileName.split("/");
    if (parts.length != 4 || !fileName.startsWith(NAME + "/")) {
      ParsedFile out = new ParsedFile();
      out.reject(0, null, "not under " + NAME + "/<site>/: the site is the folder name");
      return out;
    }
    String site = parts[2].toLowerCase(Locale.ROOT);
    String file = parts[3].toLowerCase(Locale.ROOT);
    List<LocalDate> dates = datesIn(file);
    Date periodStart = dates.size() == 2 ? Date.valueOf(dates.get(0)) : null;
    Date periodEnd = dates.size() == 2 ? Date.valueOf(dates.get(1)) : null;
    String[] report = new String[1]; // the header is known once parsing starts; decided on the first row
    return CsvSupport.parse(content, List.of(), r -> {
      if (report[0] == null) {
        report[0] = report(file, r.getParser().getHeaderNames());
      }
      return row(r, site, report[0], periodStart, periodEnd);
    });
  }

  private static Object[] row(CSVRecord r, String site, String report, Date periodStart, Date periodEnd) {
    Map<String, String> metrics = new LinkedHashMap<>();
    String date = null;
    String name = null;
    for (String header : r.getParser().getHeaderNames()) {
      String column = header.trim().toLowerCase(Locale.ROOT);
      String value = CsvSupport.field(r, header);
      if (column.equals("date")) {
        date = value;
      } else if (column.equals("name")) {
        name = value;
      } else if (value.isEmpty()) {
        metrics.put(column, null); // Plausible leaves a metric blank when it has no value: unknown, not 0
      } else if (NUMBER.matcher(value).matches()) {
        metrics.put(column, value);
      } else {
        throw new IllegalArgumentException("metric '" + column + "' is not a number: " + value);
      }
    }
    if (report.equals("visitors") && date == null) {
      throw new IllegalArgumentException("visitors report without a 'date' column");
    }
    if (name != null && name.isEmpty()) {
      throw new IllegalArgumentException("blank 'name'");
    }
    Date activityDate = date == null ? null : Date.valueOf(isoDate(date));
    // Spark's Row encoder takes Scala maps; the wrapper keeps the header order.
    return new Object[] {site, report, periodStart, periodEnd, activityDate, name,
        scala.collection.JavaConverters.mapAsScalaMap(metrics)};
  }

  /** A report's day; other formats (02/01/2025 is January or February) are never guessed. */
  private static LocalDate isoDate(String date) {
    try {
      return LocalDate.parse(date, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("date '" + date + "' is not a valid YYYY-MM-DD date");
    }
  }

  /** The report named at the start of the file name, else the one the header shows (see class comment). */
  static String report(String file, List<String> header) {
    for (String report : REPORTS) {
      if (file.startsWith(report) && !Character.isLetter(file.charAt(report.length()))) {
        return report;
      }
    }
    List<String> columns = header.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    if (columns.contains("date") && columns.contains("visitors")) {
      return "visitors";
    }
    if (columns.contains("name") && (columns.contains("pageviews") || columns.contains("time_on_page"))) {
      return "pages";
    }
    if (columns.contains("name") && columns.contains("bounce_rate") && columns.contains("visit_duration")) {
      return "sources";
    }
    throw new IllegalArgumentException("not a recognised Plausible report: file name starts with none of " + REPORTS
        + " and the header " + columns + " has neither date+visitors nor name with page or source metrics");
  }

  /** Dates written YYYY-MM-DD or YYYYMMDD in a file name, in order. */
  private static List<LocalDate> datesIn(String file) {
    List<LocalDate> out = new ArrayList<>();
    Matcher m = DATE.matcher(file);
    while (m.find()) {
      try {
        out.add(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
      } catch (java.time.DateTimeException e) {
        // digits that are not a date (an export id) do not make a period
      }
    }
    return out;
  }
}
