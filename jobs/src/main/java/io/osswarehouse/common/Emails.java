package io.osswarehouse.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one definition of how e-mail addresses are handled: from silver on an address is kept only as
 * a salted SHA-256 ({@link #pseudonymize}) and its domain; a consumer (free-mail) domain is never a
 * company key.
 */
public final class Emails {
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
  private static final Set<String> FREE_MAIL = load("reference/free_mail_domains.txt");

  private Emails() {}

  /** Lower-cased, trimmed address; null when blank. */
  public static String normalize(String email) {
    if (email == null || email.isBlank()) {
      return null;
    }
    return email.trim().toLowerCase(Locale.ROOT);
  }

  /** The domain after the last {@code @}, lower case; null when there is none or it is not a domain name. */
  public static String domain(String email) {
    String e = normalize(email);
    if (e == null) {
      return null;
    }
    int at = e.lastIndexOf('@');
    String d = at < 0 ? e : e.substring(at + 1);
    d = d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    return DOMAIN.matcher(d).matches() ? d : null;
  }

  /** Whether a domain belongs to a consumer mail provider (or GitHub's no-reply addresses). */
  public static boolean isFreeMail(String domain) {
    if (domain == null) {
      return false;
    }
    String d = domain.trim().toLowerCase(Locale.ROOT);
    return FREE_MAIL.contains(d) || d.endsWith(".noreply.github.com");
  }

  /** The domain when it can identify a company, else null (free-mail, invalid or missing). */
  public static String companyDomain(String emailOrDomain) {
    String d = domain(emailOrDomain);
    return d == null || isFreeMail(d) ? null : d;
  }

  /** Hex SHA-256 of salt, a separator and the normalised address; null for a blank address. */
  public static String pseudonymize(String email, String salt) {
    String e = normalize(email);
    if (e == null) {
      return null;
    }
    if (salt == null || salt.isEmpty()) {
      throw new IllegalStateException("no e-mail salt configured (privacy.email-salt)");
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return HexFormat.of().formatHex(sha.digest(e.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static Set<String> load(String resource) {
    try (InputStream in = Emails.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
