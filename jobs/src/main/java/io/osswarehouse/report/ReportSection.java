package io.osswarehouse.report;

import java.time.YearMonth;
import java.util.List;

/**
 * A part of the board report built from gold tables. {@link BoardReport} builds a section only when
 * every table in {@link #goldTables()} exists; otherwise the PDF says "not available: TABLE not built".
 * A new area (funnel, correlation) is one implementation plus one line in {@link BoardReport#SECTIONS}.
 */
public interface ReportSection {
  String title();

  /** The gold tables the section reads, e.g. {@code gold.mrr_bridge_monthly}. */
  List<String> goldTables();

  /** Summary figures, pages and tables for {@code month}, read from the gold tables through {@code in}. */
  Content build(ReportInputs in, YearMonth month);

  /** What a section adds to the report. */
  record Content(List<Kpi> kpis, List<ReportPage> pages, List<ReportTable> tables, List<String> notes) {
    public static Content note(String note) {
      return new Content(List.of(), List.of(), List.of(), List.of(note));
    }
  }
}
