package io.osswarehouse.report;

import static io.osswarehouse.report.ReportTable.col;

import io.osswarehouse.gold.revenue.RevenueGoldStage;
import io.osswarehouse.pipeline.AuditLog;
import io.osswarehouse.report.ReportTable.Type;
import io.osswarehouse.spark.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * {@code warehouse report}: the board report of one month, written as a PDF, an XLSX workbook and one
 * CSV per table. Every figure is read from gold; sections whose gold tables are not built are left
 * out with a one-line note.
 */
public final class BoardReport {
  /** The report's sections in page order; a new area adds one line here. */
  static final List<ReportSection> SECTIONS = List.of(
      new MrrBridgeSection(),
      new RetentionTrendSection(),
      new CohortSection(),
      new FunnelSection(),
      new CorrelationSection());

  /** The anchor: a month is reportable when the MRR bridge has it. */
  private static final String ANCHOR = RevenueGoldStage.BRIDGE;

  /** Everything the writers need, in page order; {@code inputs} says which version of each table it read. */
  record Report(YearMonth month, String currency, String period, List<Kpi> kpis, List<ReportPage> pages,
      List<ReportTable> tables, List<String> notes, ReportInputs inputs) {}

  /** The files written. */
  public record Written(Path pdf, Path xlsx, List<Path> csv, Path manifest) {}

  private BoardReport() {}

  /** The report of {@code month} from the tables as they are now. */
  public static Written write(Warehouse wh, YearMonth month, Path outDir) {
    if (!wh.exists(ANCHOR)) {
      throw new IllegalStateException("no gold tables in " + io.osswarehouse.config.WarehouseConfig.display(wh.root().toUri()) + " yet; run `warehouse run --date YYYY-MM-DD` first");
    }
    return write(ReportInputs.latest(wh, month), outDir);
  }

  /**
   * The report a manifest describes, from the table versions it names (Delta time travel): the same figures
   * as when it was first written, whatever later runs restated. Versions a vacuum has removed cannot be read.
   */
  public static Written writeAsOf(Warehouse wh, Path manifest, Path outDir) {
    return write(ReportInputs.fromManifest(wh, manifest), outDir);
  }

  /** The month of the report a manifest describes. */
  public static YearMonth manifestMonth(Path manifest) {
    return ReportInputs.fromManifest(null, manifest).month();
  }

  private static Written write(ReportInputs inputs, Path outDir) {
    Report report = build(inputs);
    YearMonth month = inputs.month();
    try {
      Files.createDirectories(outDir);
      Path pdf = outDir.resolve("board-report-" + month + ".pdf");
      Path xlsx = outDir.resolve("board-report-" + month + ".xlsx");
      PdfReportWriter.write(report, pdf);
      XlsxReportWriter.write(report.tables(), xlsx);
      List<Path> csv = CsvReportWriter.write(report.tables(), outDir);
      return new Written(pdf, xlsx, csv, inputs.writeManifest(outDir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + outDir + ": " + e.getMessage(), e);
    }
  }

  static Report build(Warehouse wh, YearMonth month) {
    if (!wh.exists(ANCHOR)) {
      throw new IllegalStateException("no gold tables in " + io.osswarehouse.config.WarehouseConfig.display(wh.root().toUri()) + " yet; run `warehouse run --date YYYY-MM-DD` first");
    }
    return build(ReportInputs.latest(wh, month));
  }

  static Report build(ReportInputs in) {
    YearMonth month = in.month();
    if (!in.exists(ANCHOR)) {
      throw new IllegalStateException("the report's inputs hold no " + ANCHOR);
    }
    Row range = in.rows("select min(month), max(month), max(case when month = " + Gold.date(month)
        + " then currency end) from " + ANCHOR).get(0);
    if (range.isNullAt(2)) {
      throw new IllegalStateException("no gold data for " + month + " in " + ANCHOR + (range.isNullAt(0) ? ""
          : " (it has " + YearMonth.from(range.getDate(0).toLocalDate()) + " to "
              + YearMonth.from(range.getDate(1).toLocalDate()) + ")"));
    }
    String currency = range.getString(2);
    List<Kpi> kpis = new ArrayList<>();
    List<ReportPage> pages = new ArrayList<>();
    List<ReportTable> tables = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (ReportSection section : SECTIONS) {
      List<String> missing = section.goldTables().stream().filter(t -> !in.exists(t)).toList();
      if (!missing.isEmpty()) {
        notes.add("not available: " + String.join(", ", missing) + " not built (" + section.title() + ")");
        continue;
      }
      ReportSection.Content content = section.build(in, month);
      kpis.addAll(content.kpis());
      pages.addAll(content.pages());
      tables.addAll(content.tables());
      notes.addAll(content.notes());
    }
    tables.add(0, summaryTable(month, kpis));
    tables.add(definitionsTable());
    tables.add(inputsTable(in));
    return new Report(month, currency, period(in, month, currency), kpis, pages, tables, notes, in);
  }

  /** The Delta version of every table the report read: with it, `report --as-of` renders the same report. */
  private static ReportTable inputsTable(ReportInputs in) {
    List<List<Object>> rows = new ArrayList<>();
    in.versions().forEach((table, version) -> rows.add(List.of(table, BigDecimal.valueOf(version))));
    return new ReportTable("inputs", "The tables read, each at its Delta version (" + ReportInputs.MANIFEST
        + " holds the same; `warehouse report --as-of` renders the report again from them)", "gold",
        List.of(col("table", Type.TEXT), col("delta_version", Type.NUMBER)), rows);
  }

  /**
   * What the month's figures stand for: the month-end snapshot, or month to date when the last
   * successful gold run was before the month's end (gold's open month is an as-of snapshot).
   */
  private static String period(ReportInputs in, YearMonth month, String currency) {
    String base = "Reporting currency " + currency + ". ";
    if (in.exists(AuditLog.TABLE)) {
      Row last = in.rows("select max(run_date) from " + AuditLog.TABLE
          + " where stage = '" + io.osswarehouse.catalog.Catalog.MRR_BRIDGE_MONTHLY.layer() + "' and outcome = 'succeeded'").get(0);
      if (!last.isNullAt(0)) {
        LocalDate asOf = ((Date) last.get(0)).toLocalDate();
        if (asOf.isBefore(month.atEndOfMonth())) {
          return base + "Month to date: figures as of " + asOf + ", the last gold run; the month is not complete.";
        }
      }
    }
    return base + "Figures at the end of " + Formats.month(month) + ".";
  }

  private static ReportTable summaryTable(YearMonth month, List<Kpi> kpis) {
    List<List<Object>> rows = new ArrayList<>();
    for (Kpi k : kpis) {
      rows.add(Arrays.asList(month.atDay(1), k.metric().label(), k.unit(), k.value(), k.previousMonth(),
          diff(k.value(), k.previousMonth()), k.lastYear(), diff(k.value(), k.lastYear())));
    }
    return new ReportTable("summary", "Summary figures of " + month + " with their changes", "gold",
        List.of(col("month", Type.MONTH), col("metric", Type.TEXT), col("unit", Type.TEXT), col("value", Type.NUMBER),
            col("previous_month", Type.NUMBER), col("change_vs_previous_month", Type.NUMBER),
            col("same_month_last_year", Type.NUMBER), col("change_vs_same_month_last_year", Type.NUMBER)), rows);
  }

  private static BigDecimal diff(BigDecimal value, BigDecimal base) {
    return value == null || base == null ? null : value.subtract(base);
  }

  private static ReportTable definitionsTable() {
    List<List<Object>> rows = Arrays.stream(MetricDefinition.values())
        .map(m -> List.<Object>of(m.label(), m.text())).toList();
    return new ReportTable("definitions", "Metric definitions (docs/metrics.md has the full rules)", "docs",
        List.of(col("metric", Type.TEXT), col("definition", Type.TEXT)), rows);
  }
}
