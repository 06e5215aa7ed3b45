package io.osswarehouse.ingest.billing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Record-level checks on Stripe objects before they reach bronze: the fields the revenue models rely
 * on must exist with the right JSON types, so that silver never silently drops or mis-types a record.
 * Returns a human-readable reason, or null when the record is valid. Unknown object types pass (they
 * are kept in bronze for later models).
 */
final class StripeValidation {
  private StripeValidation() {}

  static String problem(JsonNode n) {
    if (!n.isObject()) {
      return "not a JSON object";
    }
    if (!n.path("id").isTextual() || n.get("id").asText().isBlank()) {
      return "missing 'id'";
    }
    if (!n.path("object").isTextual()) {
      return "missing 'object' (the Stripe object type)";
    }
    if (n.has("created") && !n.get("created").isNull() && !n.get("created").isIntegralNumber()) {
      return "'created' is not a unix timestamp: " + n.get("created");
    }
    switch (n.get("object").asText()) {
      case "invoice":
        return invoice(n);
      case "line_item":
        return line(n, "line");
      case "price":
        return currency(n, "price");
      case "plan":
        return currency(n, "plan");
      case "subscription":
        return n.path("customer").isTextual() ? null : "subscription without 'customer'";
      default:
        return null;
    }
  }

  private static String invoice(JsonNode n) {
    if (!n.path("customer").isTextual()) {
      return "invoice without 'customer'";
    }
    String c = currency(n, "invoice");
    if (c != null) {
      return c;
    }
    if (!n.path("status").isTextual()) {
      return "invoice without 'status'";
    }
    JsonNode data = n.path("lines").path("data");
    if (n.path("lines").path("has_more").asBoolean(false)) {
      return "invoice lines are paginated (has_more=true): export with all lines expanded";
    }
    int i = 0;
    for (JsonNode line : data) {
      String p = line(line, "line " + i++);
      if (p != null) {
        return "invoice " + p;
      }
    }
    return null;
  }

  private static String line(JsonNode l, String what) {
    if (!l.path("id").isTextual()) {
      return what + " without 'id'";
    }
    if (!l.path("amount").isIntegralNumber()) {
      return what + " 'amount' is not an integer amount in minor units: " + l.get("amount");
    }
    JsonNode period = l.path("period");
    if (!period.path("start").isIntegralNumber() || !period.path("end").isIntegralNumber()) {
      return what + " without an integer 'period.start'/'period.end'";
    }
    return null;
  }

  private static String currency(JsonNode n, String what) {
    String c = n.path("currency").asText("");
    return c.matches("[A-Za-z]{3}") ? null : what + " has no valid 'currency': '" + c + "'";
  }
}
