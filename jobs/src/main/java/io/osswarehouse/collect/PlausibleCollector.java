package io.osswarehouse.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osswarehouse.config.CollectionConfig;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.ingest.web.PlausibleSource;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Plausible's Stats API ({@code POST /api/v2/query}) turned into the dashboard's "Download CSV" reports that
 * ingest reads (docs/web.md): per site, {@code visitors_<start>_<end>.csv} (one row per day of the trailing
 * {@code collect.plausible.days}, days without visits as the dashboard writes them: {@code 0,0,0,0.0,,}),
 * and per day of that window {@code pages_<day>_<day>.csv} and {@code sources_<day>_<day>.csv}. Days are the
 * site's own (Plausible answers in the site's time zone), so a day still running when the collect starts is
 * completed by the next collects of the window.
 */
public final class PlausibleCollector implements Collector {
  public static final String SOURCE = PlausibleSource.NAME;
  static final List<String> VISITORS = List.of("visitors", "pageviews", "visits", "views_per_visit", "bounce_rate",
      "visit_duration");
  static final List<String> PAGES = List.of("visitors", "pageviews", "bounce_rate", "time_on_page");
  static final List<String> SOURCES = List.of("visitors", "bounce_rate", "visit_duration");
  private static final int PAGE_SIZE = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public String nothingToCollect(WarehouseConfig config, Map<String, String> env) {
    return config.collection().plausibleSites().isEmpty() ? "no sites: set " + CollectionConfig.PLAUSIBLE_SITES : null;
  }

  @Override
  public Secret secret(WarehouseConfig config, Map<String, String> env) {
    Secret key = Secret.resolve("the Plausible API key", CollectionConfig.PLAUSIBLE_KEY_ENV,
        config.collection().plausibleKeyFile(), env);
    if (key == null) {
      throw new CollectException("web/plausible needs a Stats API key: set " + CollectionConfig.PLAUSIBLE_KEY_ENV
          + " or " + CollectionConfig.PLAUSIBLE_KEY_ENV + "_FILE");
    }
    return key;
  }

  @Override
  public void collect(SourceRun run, Secret key) {
    LocalDate start = run.date.minusDays(run.config.plausibleDays() - 1L);
    for (String site : run.config.plausibleSites()) {
      String folder = SOURCE + "/" + site + "/";
      run.entity(site + " visitors", batch -> {
        Map<String, List<String>> byDay = new LinkedHashMap<>();
        for (JsonNode row : query(run, batch, key, site, VISITORS, "time:day", start, run.date)) {
          byDay.put(row.path("dimensions").path(0).asText(), values(row));
        }
        List<List<String>> rows = new ArrayList<>();
        for (LocalDate d = start; !d.isAfter(run.date); d = d.plusDays(1)) {
          List<String> row = new ArrayList<>(List.of(d.toString()));
          // a day without visits is absent from the answer; the dashboard export writes it so
          row.addAll(byDay.getOrDefault(d.toString(), List.of("0", "0", "0", "0.0", "", "")));
          rows.add(row);
        }
        run.land(batch, Map.of(folder + "visitors_" + start + "_" + run.date + ".csv", csv("date", VISITORS, rows)));
        return SourceRun.Outcome.OK;
      });
      for (LocalDate day = start; !day.isAfter(run.date); day = day.plusDays(1)) {
        LocalDate d = day;
        for (String report : List.of("pages", "sources")) {
          run.entity(site + " " + report + " " + d, batch -> {
            List<String> metrics = report.equals("pages") ? PAGES : SOURCES;
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode row : query(run, batch, key, site, metrics, report.equals("pages") ? "event:page"
                : "visit:source", d, d)) {
              List<String> r = new ArrayList<>(List.of(row.path("dimensions").path(0).asText()));
              r.addAll(values(row));
              rows.add(r);
            }
            run.land(batch, Map.of(folder + report + "_" + d + "_" + d + ".csv", csv("name", metrics, rows)));
            return SourceRun.Outcome.OK;
          });
        }
      }
    }
  }

  /** Every result row of a query, page by page ({@code pagination.offset}); nothing lands before the last page. */
  private static List<JsonNode> query(SourceRun run, CollectLog.Batch batch, Secret key, String site,
      List<String> metrics, String dimension, LocalDate from, LocalDate to) {
    List<JsonNode> rows = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE_SIZE) {
      ObjectNode q = JSON.createObjectNode();
      q.put("site_id", site);
      ArrayNode m = q.putArray("metrics");
      metrics.forEach(m::add);
      q.putArray("date_range").add(from.toString()).add(to.toString());
      q.putArray("dimensions").add(dimension);
      if (!dimension.startsWith("time:")) {
        q.putArray("order_by").addArray().add("visitors").add("desc");
      }
      q.putObject("pagination").put("limit", PAGE_SIZE).put("offset", offset);
      ApiClient.Response r = run.client.send(batch, ApiClient.Request.get(URI.create(run.config.plausibleApi()
              + "/api/v2/query")).header("Authorization", "Bearer " + key.value())
          .post(q.toString().getBytes(StandardCharsets.UTF_8)));
      if (r.status() == 404) {
        throw new CollectException("Plausible has no site '" + site + "' for this key (404)");
      }
      JsonNode results = r.json().path("results");
      if (!results.isArray()) {
        throw new CollectException("Plausible answered without 'results' for " + site);
      }
      batch.page();
      results.forEach(rows::add);
      if (results.size() < PAGE_SIZE) {
        return rows;
      }
    }
  }

  /** A result row's metrics as the dashboard's CSV writes them: numbers as sent, a null as a blank. */
  private static List<String> values(JsonNode row) {
    List<String> out = new ArrayList<>();
    row.path("metrics").forEach(v -> out.add(v.isNull() ? "" : v.asText()));
    return out;
  }

  static byte[] csv(String first, List<String> metrics, List<List<String>> rows) {
    StringWriter out = new StringWriter();
    List<String> header = new ArrayList<>(List.of(first));
    header.addAll(metrics);
    try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build())) {
      p.printRecord(header);
      for (List<String> r : rows) {
        p.printRecord(r);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
