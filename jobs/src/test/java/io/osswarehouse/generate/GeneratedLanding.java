package io.osswarehouse.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Test-side reader of a generated landing zone, parsing files the way a consumer would. */
final class GeneratedLanding {
  /** One Stripe object and the month directory it was found in. */
  record StripeObject(String month, String plural, JsonNode json) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  final Path root;
  /** Relative path → content, sorted by path. */
  final Map<String, byte[]> files = new TreeMap<>();

  private GeneratedLanding(Path root) {
    this.root = root;
  }

  static GeneratedLanding read(Path root) throws IOException {
    GeneratedLanding landing = new GeneratedLanding(root);
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        landing.files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return landing;
  }

  /** All objects of {@code billing/stripe/<month>/<plural>.jsonl}, in month then line order. */
  List<StripeObject> stripe(String plural) throws IOException {
    List<StripeObject> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String[] parts = f.getKey().split("/");
      if (parts.length == 4 && parts[1].equals("stripe") && parts[3].equals(plural + ".jsonl")) {
        for (String line : text(f.getValue()).split("\n")) {
          out.add(new StripeObject(parts[2], plural, JSON.readTree(line)));
        }
      }
    }
    return out;
  }

  /** The last snapshot of each object id (later files and lines win). */
  Map<String, JsonNode> latest(String plural) throws IOException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    stripe(plural).forEach(o -> out.put(o.json().get("id").asText(), o.json()));
    return out;
  }

  /** Rows of every CSV file under {@code dir}, in file then line order. */
  List<CSVRecord> csv(String dir) throws IOException {
    List<CSVRecord> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      if (f.getKey().startsWith(dir + "/") && f.getKey().endsWith(".csv")) {
        out.addAll(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
            .parse(new StringReader(text(f.getValue()))).getRecords());
      }
    }
    return out;
  }

  List<CSVRecord> truthMrr() throws IOException {
    return csvFile("_truth/customer_mrr_monthly.csv");
  }

  List<CSVRecord> organizations() throws IOException {
    return csvFile("_truth/organizations.csv");
  }

  List<CSVRecord> csvFile(String path) throws IOException {
    return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(new StringReader(text(files.get(path)))).getRecords();
  }

  /** The subscription an invoice belongs to, in either API shape (null for manual invoices). */
  static String subscriptionOf(JsonNode invoice) {
    JsonNode old = invoice.get("subscription");
    if (old != null) {
      return old.isNull() ? null : old.asText();
    }
    JsonNode parent = invoice.get("parent");
    return parent.isNull() ? null : parent.get("subscription_details").get("subscription").asText();
  }

  /** Whether an invoice line is a proration, in either API shape. */
  static boolean isProration(JsonNode line) {
    if (line.has("proration")) {
      return line.get("proration").asBoolean();
    }
    JsonNode details = line.get("parent").get("subscription_item_details");
    return !details.isNull() && details.get("proration").asBoolean();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
