package io.osswarehouse.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the warehouse's SQL models: the {@code .sql} files under the repository's {@code sql/models/}
 * folder (packaged on the classpath as {@code sql/models/}). A model reads only the temporary views
 * it is given as inputs, so it is a pure function of DataFrames, and takes parameters as
 * {@code ${name}} placeholders (values are validated here: dates, months and plain identifiers only).
 */
public final class SqlModels {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");
  private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9_\\-.:]*");

  private SqlModels() {}

  public static String text(String model) {
    String resource = "sql/models/" + model + ".sql";
    try (InputStream in = SqlModels.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("SQL model not found on the classpath: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Registers the inputs as temporary views, fills in the parameters and runs the model. */
  public static Dataset<Row> run(SparkSession spark, String model, Map<String, Dataset<Row>> inputs,
      Map<String, String> params) {
    BillingUdfs.register(spark);
    PrivacyUdfs.register(spark);
    inputs.forEach((name, df) -> df.createOrReplaceTempView(name));
    Matcher m = PLACEHOLDER.matcher(text(model));
    StringBuilder sql = new StringBuilder();
    while (m.find()) {
      String value = params.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("SQL model " + model + " needs parameter ${" + m.group(1) + "}");
      }
      if (!SAFE_VALUE.matcher(value).matches()) {
        throw new IllegalArgumentException("unsafe value for ${" + m.group(1) + "}: " + value);
      }
      m.appendReplacement(sql, Matcher.quoteReplacement(value));
    }
    m.appendTail(sql);
    return spark.sql(sql.toString());
  }
}
