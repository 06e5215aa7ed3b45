package io.osswarehouse.ingest.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.ingest.ParsedFile;
import io.osswarehouse.testing.Samples;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plausible dashboard CSVs parsed on the driver: reports told apart by file name and header, blanks kept null. */
class PlausibleSourceTest {
  private final PlausibleSource source = new PlausibleSource();

  private ParsedFile parse(String name, String sample) {
    return source.parse("web/plausible/example.com/" + name, Samples.bytes("web_traffic/plausible/" + sample));
  }

  @Test
  void realDashboardExportsAreRecognisedByHeader() {
    ParsedFile visitors = parse("dashboard_export_30d_visitors.csv", "dashboard_export_30d_visitors.csv");
    assertEquals(31, visitors.records().size());
    assertEquals(0, visitors.rejections().size());
    assertEquals("[example.com, visitors, null, null, 2021-09-20, null, {visitors=1, pageviews=1, visits=1,"
        + " views_per_visit=1.0, bounce_rate=100, visit_duration=0}]", show(visitors.records().get(0)));
    // A day without visits: bounce rate and duration are blank in the export, so unknown rather than 0.
    Map<String, String> quiet = metrics(visitors.records().get(1));
    assertEquals(Arrays.asList("0", null, null), Arrays.asList(quiet.get("visitors"), quiet.get("bounce_rate"),
        quiet.get("visit_duration")));

    ParsedFile pages = parse("dashboard_export_30d_pages.csv", "dashboard_export_30d_pages.csv");
    assertEquals(List.of("[example.com, pages, null, null, null, /, {visitors=4, pageviews=3, bounce_rate=67,"
            + " time_on_page=null}]", "[example.com, pages, null, null, null, /some-other-page, {visitors=1,"
            + " pageviews=1, bounce_rate=null, time_on_page=60.0}]"),
        pages.records().stream().map(PlausibleSourceTest::show).toList());
    assertEquals("[example.com, sources, null, null, null, Google, {visitors=1, bounce_rate=0, visit_duration=60}]",
        show(parse("dashboard_export_30d_sources.csv", "dashboard_export_30d_sources.csv").records().get(0)));
  }

  @Test
  void fileNameNamesTheReportAndItsPeriod() {
    // referrers.csv has the sources header; its name says which report it is.
    ParsedFile referrers = parse("referrers_2021-09-20_2021-10-20.csv", "dashboard_export_30d_sources.csv");
    assertEquals("[example.com, referrers, 2021-09-20, 2021-10-20, null, Google, {visitors=1, bounce_rate=0,"
        + " visit_duration=60}]", show(referrers.records().get(0)));
    ParsedFile entry = parse("entry_pages.csv", "dashboard_export_30d_pages.csv");
    assertEquals("entry_pages", entry.records().get(0).values()[1]);
  }

  /** The bronze values, the metrics map shown as the Java map it wraps. */
  private static String show(ParsedFile.Record r) {
    Object[] values = r.values().clone();
    values[6] = metrics(r);
    return Arrays.toString(values);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> metrics(ParsedFile.Record r) {
    return scala.collection.JavaConverters.mapAsJavaMap((scala.collection.Map<String, String>) r.values()[6]);
  }

  @Test
  void unknownReportsAndFilesOutsideASiteFolderAreRejected() {
    ParsedFile unknown = source.parse("web/plausible/example.com/export.csv", "foo,bar\n1,2\n".getBytes());
    assertEquals(1, unknown.rejections().size());
    assertEquals(true, unknown.rejections().get(0).reason().startsWith("not a recognised Plausible report"));
    ParsedFile noSite = source.parse("web/plausible/visitors.csv",
        Samples.bytes("web_traffic/plausible/dashboard_export_30d_visitors.csv"));
    assertEquals("not under web/plausible/<site>/: the site is the folder name", noSite.rejections().get(0).reason());
    ParsedFile badNumber = source.parse("web/plausible/example.com/visitors.csv",
        "date,visitors\n2021-09-20,n/a\n2021-09-21,3\n".getBytes());
    assertEquals("metric 'visitors' is not a number: n/a", badNumber.rejections().get(0).reason());
    assertEquals(1, badNumber.records().size());
  }
}
