package io.osswarehouse.silver.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.osswarehouse.common.Emails;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.ParsedFile;
import io.osswarehouse.ingest.billing.StripeObjectsSource;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import io.osswarehouse.spark.Warehouse;
import io.osswarehouse.testing.Samples;
import io.osswarehouse.testing.SparkTestBase;
import io.osswarehouse.testing.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both Stripe API shapes normalised into invoice lines and MRR segments. */
class StripeSilverTest extends SparkTestBase {
  private static final long JAN_1 = 1704067200L; // 2024-01-01T00:00:00Z
  private static final long FEB_1 = 1706745600L;
  private static final long JAN_16 = 1705363200L;
  private static final long JAN_1_2025 = 1735689600L;

  /** Bronze rows for the given files' contents, as the ingestor would write them. */
  private Dataset<Row> bronze(List<String> fileContents) {
    StripeObjectsSource source = new StripeObjectsSource();
    List<Row> rows = new ArrayList<>();
    int file = 0;
    for (String content : fileContents) {
      file++;
      for (ParsedFile.Record r : source.parse("f" + file, content.getBytes(StandardCharsets.UTF_8)).records()) {
        Object[] v = r.values();
        rows.add(RowFactory.create(v[0], v[1], v[2], v[3], String.format("f%03d.json", file), "sha" + file,
            r.position(), new Timestamp(0), "run", Date.valueOf("2024-01-01")));
      }
    }
    return BillingSilver.latestStripeVersions(
        session().createDataFrame(rows, IngestMetadata.withMetadata(source.recordSchema())));
  }

  private Dataset<Row> segments(Dataset<Row> objects) {
    return BillingSilver.mrrSegments(session(),
        BillingSilver.stripeModel(session(), "stg_stripe__invoice_lines", objects),
        BillingSilver.stripeModel(session(), "stg_stripe__invoices", objects),
        BillingSilver.stripeModel(session(), "stg_stripe__prices", objects),
        BillingSilver.stripeModel(session(), "stg_stripe__discounts", objects),
        BillingSilver.subscriptionPeriods(session(), session().createDataFrame(List.of(),
            IngestMetadata.withMetadata(new io.osswarehouse.ingest.billing.SubscriptionPeriodsSource().recordSchema()))));
  }

  @Test
  void realFixturesOfBothEraNormaliseIntoLines() throws IOException {
    List<String> files = new ArrayList<>();
    for (String dir : List.of("billing/stripe_api_fixtures3_current", "billing/stripe_djstripe_older_api")) {
      try (Stream<Path> s = Files.list(Samples.dir(dir))) {
        for (Path p : s.sorted().toList()) {
          files.add(Files.readString(p));
        }
      }
    }
    Dataset<Row> lines = BillingSilver.stripeModel(session(), "stg_stripe__invoice_lines", bronze(files));
    assertEquals(List.of(
        "il_1Pgc6sB7WZ01zgkWFnxLrLCq | in_1Pgc6tB7WZ01zgkWu9fdqL6I | proration | true | basil | 1000 | 0",
        "il_fakefakefakefakefake0001 | null | invoice_item | false | legacy | 27560 | 7028",
        "il_fakefakefakefakefake0002 | null | subscription | false | legacy | 2000 | 7028",
        "il_tmp_1Pgc6sB7WZ01zgkWrG16hkdl | in_1Pgc6tB7WZ01zgkWu9fdqL6I | proration | true | basil | 1000 | 0"),
        Tables.lines(lines, "line_id", "invoice_id", "line_type", "is_proration", "api_shape", "amount_minor",
            "discount_minor"));
    Dataset<Row> items = BillingSilver.stripeModel(session(), "stg_stripe__subscription_items", bronze(files));
    assertEquals(List.of(
        "si_F5ukmkS6Bxi90Y | sub_fakefakefakefakefake0001 | gold21323 | 1",
        "si_QXhVBoJ7NQdNXh | sub_1Pgc6xB7WZ01zgkWJMvZp5ja | price_1PgafmB7WZ01zgkW6dKueIc5 | 1",
        "si_QXhVnC2h0Jczwc | sub_1Pgc6rB7WZ01zgkWNy0Cn5nw | price_1PgafmB7WZ01zgkW6dKueIc5 | 1"),
        Tables.lines(items, "subscription_item_id", "subscription_id", "price_id", "quantity"));
    Dataset<Row> invoices = BillingSilver.stripeModel(session(), "stg_stripe__invoices", bronze(files));
    assertEquals(List.of(
        "in_1Pgc6tB7WZ01zgkWu9fdqL6I | cus_QXg1o8vcGmoR32 | draft | basil | USD | 10.000",
        "in_fakefakefakefakefake0001 | cus_6lsBvm5rJ0zyHc | paid | legacy | USD | 20.000"),
        Tables.lines(invoices, "invoice_id", "customer_id", "invoice_status", "api_shape", "currency", "subtotal"));
  }

  @Test
  void customersKeepOnlyThePseudonymAndDomainOfTheirEmail() throws IOException {
    String withEmail = "{\"id\":\"cus_acme\",\"object\":\"customer\",\"email\":\" Billing@ACME.io\","
        + "\"name\":\"Acme\",\"created\":" + JAN_1 + ",\"metadata\":{\"github_org\":\"acme-oss\"}}";
    String real = Files.readString(Samples.dir("billing/stripe_api_fixtures3_current/customer.json"));
    Dataset<Row> customers = BillingSilver.stripeModel(session(), "stg_stripe__customers",
        bronze(List.of(withEmail, real)));
    assertFalse(List.of(customers.columns()).contains("email"), "no raw e-mail column in silver");
    assertEquals(List.of(
        "cus_QXg1o8vcGmoR32 | null | null | {}",
        "cus_acme | " + Emails.pseudonymize("billing@acme.io", "test-salt-not-secret") + " | acme.io | {github_org -> acme-oss}"),
        Tables.lines(customers, "customer_id", "email_sha256", "email_domain", "cast(metadata as string)"));
  }

  @Test
  void aCustomersTableStillHoldingRawEmailsIsRebuiltWithoutThem(@TempDir Path root) {
    Warehouse wh = new Warehouse(session(), root);
    wh.registerAll();
    String customer = "{\"id\":\"cus_acme\",\"object\":\"customer\",\"email\":\"billing@acme.io\",\"created\":"
        + JAN_1 + "}";
    wh.overwrite(new StripeObjectsSource().bronzeTable(), bronze(List.of(customer)));
    // The table as an earlier version wrote it: the raw address in an `email` column.
    wh.overwrite(BillingSilverStage.CUSTOMERS, session().sql("select 'cus_acme' as customer_id, 'billing@acme.io' as email"));
    WarehouseConfig cfg = new WarehouseConfig(root, root.resolve("landing"), "USD", 0.05, null, 2);
    new BillingSilverStage(RunContext.start(cfg, wh, LocalDate.of(2024, 1, 31), Progress.silent())).build();
    Dataset<Row> customers = wh.read(BillingSilverStage.CUSTOMERS);
    assertFalse(List.of(customers.columns()).contains("email"), "raw e-mail column dropped");
    assertEquals(List.of("cus_acme | acme.io"), Tables.lines(customers, "customer_id", "email_domain"));
  }

  @Test
  void legacyAndBasilInvoicesBecomeTheSameSegments() {
    String legacyPrice = "{\"id\":\"price_team\",\"object\":\"price\",\"currency\":\"usd\",\"unit_amount\":4900,"
        + "\"type\":\"recurring\",\"recurring\":{\"interval\":\"month\",\"interval_count\":1},\"product\":\"prod_t\"}";
    String annualPrice = "{\"id\":\"price_annual\",\"object\":\"price\",\"currency\":\"eur\",\"unit_amount\":120000,"
        + "\"type\":\"recurring\",\"recurring\":{\"interval\":\"year\",\"interval_count\":1},\"product\":\"prod_a\"}";
    String coupon = "{\"id\":\"co_20\",\"object\":\"coupon\",\"percent_off\":20,\"duration\":\"forever\"}";
    String basilDiscount = "{\"id\":\"di_1\",\"object\":\"discount\",\"customer\":\"cus_1\",\"start\":" + JAN_1
        + ",\"source\":{\"type\":\"coupon\",\"coupon\":\"co_20\"}}";
    // Legacy shape: invoice.subscription, line type/proration/price/plan, tax_amounts.
    String legacyInvoice = "{\"id\":\"in_old\",\"object\":\"invoice\",\"customer\":\"cus_1\",\"currency\":\"usd\","
        + "\"status\":\"paid\",\"created\":" + JAN_1 + ",\"subscription\":\"sub_1\",\"lines\":{\"object\":\"list\","
        + "\"data\":[{\"id\":\"il_reg\",\"object\":\"line_item\",\"type\":\"subscription\",\"proration\":false,"
        + "\"amount\":9800,\"currency\":\"usd\",\"quantity\":2,\"period\":{\"start\":" + JAN_1 + ",\"end\":" + FEB_1
        + "},\"price\":" + legacyPrice + ",\"discount_amounts\":[{\"amount\":1960,\"discount\":\"di_1\"}],"
        + "\"tax_amounts\":[{\"amount\":1960,\"inclusive\":false}]},"
        + "{\"id\":\"il_setup\",\"object\":\"line_item\",\"type\":\"invoiceitem\",\"proration\":false,\"amount\":50000,"
        + "\"currency\":\"usd\",\"quantity\":1,\"period\":{\"start\":" + JAN_1 + ",\"end\":" + JAN_1 + "},"
        + "\"price\":{\"id\":\"price_setup\",\"type\":\"one_time\",\"unit_amount\":50000,\"recurring\":null}}],"
        + "\"has_more\":false}}";
    // Basil shape: parent.subscription_details, pricing.price_details, parent.subscription_item_details.proration.
    String basilProration = "{\"id\":\"in_new\",\"object\":\"invoice\",\"customer\":\"cus_1\",\"currency\":\"usd\","
        + "\"status\":\"paid\",\"created\":" + JAN_16 + ",\"parent\":{\"type\":\"subscription_details\","
        + "\"subscription_details\":{\"subscription\":\"sub_1\"}},\"lines\":{\"data\":["
        + line("il_credit", -2529, 2, JAN_16, FEB_1, true, 392) + ","
        + line("il_charge", 3794, 3, JAN_16, FEB_1, true, 759) + "]}}";
    String annualVoid = "{\"id\":\"in_void\",\"object\":\"invoice\",\"customer\":\"cus_2\",\"currency\":\"eur\","
        + "\"status\":\"void\",\"subscription\":\"sub_2\",\"lines\":{\"data\":[{\"id\":\"il_void\",\"amount\":120000,"
        + "\"currency\":\"eur\",\"type\":\"subscription\",\"period\":{\"start\":" + JAN_1 + ",\"end\":" + JAN_1_2025
        + "},\"price\":" + annualPrice + "}]}}";
    String annualInclusiveTax = annualVoid.replace("in_void", "in_annual").replace("\"void\"", "\"paid\"")
        .replace("il_void", "il_annual").replace("\"price\":", "\"tax_amounts\":[{\"amount\":20000,\"inclusive\":true}],\"price\":");

    Dataset<Row> segments = segments(bronze(List.of(coupon, basilDiscount, legacyPrice, annualPrice,
        legacyInvoice, basilProration, annualVoid, annualInclusiveTax)));
    assertEquals(List.of(
        // 2 seats x 49.00, 20% off: contract 98.00, billed 78.40 a month
        "il_reg | cus_1 | sub_1 | true | 1 | 98.000 | 78.400 | 98.000000 | 78.400000 | null",
        // a prorated credit stands for the full price of the old quantity, re-discounted: -(98.00 - 19.60)
        "il_credit | cus_1 | sub_1 | true | -1 | 98.000 | 78.400 | -98.000000 | -78.400000 | null",
        // the prorated charge for 3 seats: +(147.00 - 29.40)
        "il_charge | cus_1 | sub_1 | true | 1 | 147.000 | 117.600 | 147.000000 | 117.600000 | null",
        "il_setup | cus_1 | sub_1 | false | 1 | 500.000 | 500.000 | null | null | one-time charge",
        // EUR 1,200 a year including 200 of tax: 1,000 a year, 83.33 a month
        "il_annual | cus_2 | sub_2 | true | 1 | 1000.000 | 1000.000 | 83.333333 | 83.333333 | null",
        "il_void | cus_2 | sub_2 | false | 1 | 1200.000 | 1200.000 | null | null | invoice void").stream()
        .sorted().toList(),
        Tables.lines(segments, "segment_id", "customer_id", "subscription_id", "counts_toward_mrr", "sign",
            "contract_amount", "billed_amount", "monthly_contract_amount", "monthly_billed_amount", "exclusion_reason"));
  }

  @Test
  void aProrationOnATaxInclusivePriceCountsThePriceWithoutTax() {
    // 120.00 a month including 20% VAT; the half-period proration charges 60.00 of which 10.00 is tax.
    String price = "{\"id\":\"price_team\",\"object\":\"price\",\"currency\":\"usd\",\"unit_amount\":12000,"
        + "\"type\":\"recurring\",\"recurring\":{\"interval\":\"month\",\"interval_count\":1},\"tax_behavior\":\"inclusive\"}";
    String invoice = "{\"id\":\"in_tax\",\"object\":\"invoice\",\"customer\":\"cus_9\",\"currency\":\"usd\","
        + "\"status\":\"paid\",\"lines\":{\"data\":["
        + line("il_tax", 6000, 1, JAN_16, FEB_1, true, 0).replace("\"taxes\":[{\"amount\":0,\"tax_behavior\":\"exclusive\"}]",
            "\"taxes\":[{\"amount\":1000,\"tax_behavior\":\"inclusive\"}]").replace("\"discount_amounts\":[{\"amount\":0,"
            + "\"discount\":\"di_1\"}]", "\"discount_amounts\":[]").replace("\"4900\"", "\"12000\"") + "]}}";
    assertEquals(List.of("il_tax | 100.000 | 100.000000"),
        Tables.lines(segments(bronze(List.of(price, invoice))), "segment_id", "contract_amount",
            "monthly_billed_amount"));
  }

  private static String line(String id, long amount, int quantity, long start, long end, boolean proration,
      long discount) {
    return "{\"id\":\"" + id + "\",\"object\":\"line_item\",\"amount\":" + amount + ",\"currency\":\"usd\","
        + "\"quantity\":" + quantity + ",\"period\":{\"start\":" + start + ",\"end\":" + end + "},"
        + "\"pricing\":{\"type\":\"price_details\",\"price_details\":{\"price\":\"price_team\",\"product\":\"prod_t\"},"
        + "\"unit_amount_decimal\":\"4900\"},\"parent\":{\"type\":\"subscription_item_details\","
        + "\"subscription_item_details\":{\"subscription\":\"sub_1\",\"subscription_item\":\"si_1\",\"proration\":"
        + proration + "}},\"discount_amounts\":[{\"amount\":" + discount + ",\"discount\":\"di_1\"}],"
        + "\"taxes\":[{\"amount\":0,\"tax_behavior\":\"exclusive\"}]}";
  }
}
