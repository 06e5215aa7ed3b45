package io.osswarehouse.collect;

import static io.osswarehouse.collect.CollectFixture.PLAUSIBLE_KEY;
import static io.osswarehouse.collect.CollectFixture.only;
import static io.osswarehouse.collect.CollectFixture.sample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osswarehouse.ingest.ParsedFile;
import io.osswarehouse.ingest.web.PlausibleSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collect web/plausible}: the Stats API's answers written as the dashboard's CSV reports. */
class PlausibleCollectorTest {
  static final String SITE = "docs.acme.io";

  @TempDir
  Path root;
  LocalApi api;
  CollectFixture f;

  @BeforeEach
  void start() throws IOException {
    api = new LocalApi();
    FakeApis.plausible(api, PLAUSIBLE_KEY);
    f = new CollectFixture(root, api).set("collect.plausible.sites", SITE).set("collect.plausible.days", "31");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void theVisitorsReportIsTheDashboardExportByteForByteWithEmptyDaysWrittenAsItWritesThem() {
    Collection.Result r = only(f.collect(FakeApis.PLAUSIBLE_LAST_DAY, "web/plausible"));
    assertEquals("ok", r.status(), r.message());
    assertArrayEquals(sample(FakeApis.PLAUSIBLE + "visitors.csv"),
        f.landed("web/plausible/" + SITE + "/visitors_2021-09-20_2021-10-20.csv"),
        "the real dashboard export of the same 31 days");
    assertArrayEquals(sample(FakeApis.PLAUSIBLE + "pages.csv"),
        f.landed("web/plausible/" + SITE + "/pages_2021-10-20_2021-10-20.csv"));
    assertArrayEquals(sample(FakeApis.PLAUSIBLE + "sources.csv"),
        f.landed("web/plausible/" + SITE + "/sources_2021-10-20_2021-10-20.csv"));
    PlausibleSource source = new PlausibleSource();
    for (String file : f.landedFiles().keySet()) {
      ParsedFile parsed = source.parse(file, f.landed(file));
      assertEquals(List.of(), parsed.rejections(), file);
    }
    assertTrue(api.calls.stream().allMatch(c -> ("Bearer " + PLAUSIBLE_KEY).equals(c.header("Authorization"))));
  }

  @Test
  void collectingAgainWritesNothingWhenPlausibleAnswersTheSame() {
    only(f.collect(FakeApis.PLAUSIBLE_LAST_DAY, "web/plausible"));
    var before = f.landedFiles();
    Collection.Result again = only(f.collect(FakeApis.PLAUSIBLE_LAST_DAY, "web/plausible"));
    assertEquals(0, again.filesWritten());
    assertEquals(before, f.landedFiles());
  }
}
