package io.osswarehouse.spark;

import io.osswarehouse.common.Emails;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Exposes {@link Emails} to SQL models: {@code email_sha256(email)} (salted, the salt from the Spark
 * conf {@value #SALT_CONF}), {@code email_domain(email)}, {@code company_domain(email_or_domain)} (null
 * for free-mail) and {@code is_free_mail(domain)}.
 */
public final class PrivacyUdfs {
  /** Spark conf holding the salt; set by {@link SparkSessions#create} (or {@code --conf} under spark-submit). */
  public static final String SALT_CONF = "spark.osswarehouse.emailSalt";

  private PrivacyUdfs() {}

  /** The salt each session's functions were registered with. */
  private static final java.util.Map<SparkSession, String> REGISTERED =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  public static void register(SparkSession spark) {
    String salt = spark.conf().get(SALT_CONF, "");
    // The salt is captured by value: register again only when it changed (another warehouse).
    if (salt.equals(REGISTERED.get(spark)) && spark.catalog().functionExists("email_sha256")) {
      return;
    }
    REGISTERED.put(spark, salt);
    spark.udf().register("email_sha256", (UDF1<String, String>) e -> {
      if (salt.isEmpty() && e != null && !e.isBlank()) {
        throw new IllegalStateException("no e-mail salt: set privacy.email-salt or " + SALT_CONF);
      }
      return Emails.pseudonymize(e, salt);
    }, DataTypes.StringType);
    spark.udf().register("email_domain", (UDF1<String, String>) Emails::domain, DataTypes.StringType);
    spark.udf().register("company_domain", (UDF1<String, String>) Emails::companyDomain, DataTypes.StringType);
    spark.udf().register("is_free_mail", (UDF1<String, Boolean>) d -> d == null ? null : Emails.isFreeMail(d),
        DataTypes.BooleanType);
  }
}
