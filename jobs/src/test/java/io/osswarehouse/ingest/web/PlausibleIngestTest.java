package io.osswarehouse.ingest.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osswarehouse.testing.Samples;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import io.osswarehouse.testing.WebRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plausible exports through ingest and silver: real reports, period aggregates, overlapping daily exports. */
class PlausibleIngestTest extends SparkTestBase {
  @TempDir
  Path root;

  @Test
  void realReportsLoadAndTheLatestExportWinsPerDay() throws IOException {
    Path site = Files.createDirectories(root.resolve("landing/web/plausible/example.com"));
    for (String report : List.of("visitors", "pages", "sources")) {
      String name = "dashboard_export_30d_" + report + ".csv";
      Files.copy(Samples.dir("web_traffic/plausible/" + name), site.resolve(name));
    }
    // A period export (two dates in its name); with the bytes of another export it would be a duplicate.
    Files.writeString(site.resolve("pages_2021-09-20_2021-10-20.csv"),
        "name,visitors,pageviews,visits,bounce_rate,time_on_page\n/docs/,9,12,10,50,\n");
    WebRun.run(session(), root, 0.5);

    assertEquals(List.of("2021-09-20 | 2021-10-20 | /docs/ | 9 | 12 | 10 | 50.0 | null",
            "null | null | / | 4 | 3 | null | 67.0 | null", "null | null | /some-other-page | 1 | 1 | null | null | 60.0"),
        Tables.lines(session().sql("select period_start, period_end, page_path, visitors, pageviews, visits,"
            + " bounce_rate, time_on_page_seconds from silver.stg_plausible__pages")));
    assertEquals(List.of("example.com | null | Google | 1 | 0.0 | 60.0"), Tables.lines(session().sql(
        "select site, period_start, source_name, visitors, bounce_rate, visit_duration_seconds"
            + " from silver.stg_plausible__sources")));
    assertEquals(List.of("31 | 4 | 4 | 4"), Tables.lines(session().sql("select count(*), sum(visitors),"
        + " sum(visits), sum(pageviews) from silver.stg_plausible__visitors_daily")));
    assertEquals(List.of("2021-09-21 | 0 | 0 | 0.0 | null", "2021-10-19 | 2 | 2 | 0.5 | 100.0"),
        Tables.lines(session().sql("select activity_date, visitors, visits, views_per_visit, bounce_rate"
            + " from silver.stg_plausible__visitors_daily where activity_date in ('2021-09-21', '2021-10-19')")));

    // The next day's export overlaps: its figures replace the earlier ones for the days it covers.
    Files.writeString(site.resolve("visitors.csv"), "date,visitors,pageviews,visits,views_per_visit,bounce_rate,"
        + "visit_duration\n2021-10-20,3,5,4,1.25,50,30\n2021-10-21,1,1,1,1.0,100,0\n");
    WebRun.run(session(), root, 0.5);
    List<String> expected = List.of("example.com | 2021-10-19 | 2 | 2 | 1 | null | null",
        "example.com | 2021-10-20 | 3 | 4 | 5 | null | null", "example.com | 2021-10-21 | 1 | 1 | 1 | null | null");
    assertEquals(expected, daily());
    assertEquals(List.of("32"), Tables.lines(session().sql(
        "select count(*) from silver.fct_web_daily where source = 'plausible'")));
    WebRun.run(session(), root, 0.5);
    assertEquals(expected, daily());
  }

  private List<String> daily() {
    return Tables.lines(session().sql("select site, activity_date, visitors, sessions, pageviews, docs_pageviews,"
        + " signups from silver.fct_web_daily where source = 'plausible' and activity_date >= '2021-10-19'"));
  }
}
