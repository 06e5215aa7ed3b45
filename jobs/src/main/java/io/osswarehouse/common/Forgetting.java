package io.osswarehouse.common;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one definition of how a forgotten person is written from then on (an erasure request,
 * {@code warehouse forget}): each identifier (an e-mail address, a GitHub login, a billing customer id, or a
 * name or phone number found on that customer) is replaced by a token derived from its salted key, so the
 * person is still counted, as one anonymous person, and nobody can tell who it was. The deny-list keeps only
 * the keys; {@link Redactor} finds a denied identifier in text by hashing the candidates it holds.
 */
public final class Forgetting {
  /** What an identifier is: it decides how it is normalised, matched in text and replaced. */
  public enum Kind {
    EMAIL("email"), GITHUB_LOGIN("github_login"), CUSTOMER("customer"), NAME("name");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public static Kind of(String label) {
      for (Kind k : values()) {
        if (k.label.equals(label)) {
          return k;
        }
      }
      throw new IllegalArgumentException("no identifier kind " + label);
    }
  }

  /** Characters that continue a login, a customer id or an address, so a match never cuts one in two. */
  private static final String WORD = "A-Za-z0-9_\\-";
  private static final Pattern EMAIL_CANDIDATE = Pattern.compile(
      "(?<![" + WORD + ".%+])[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)+");
  private static final Pattern TOKEN_CANDIDATE = Pattern.compile("(?<![" + WORD + "])[A-Za-z0-9_][" + WORD + "]*");
  /** A JSON string's content (escapes kept): names and phone numbers are matched as whole values. */
  private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  private Forgetting() {}

  /** The identifier as it is compared: trimmed and lower-cased (addresses, logins and names ignore case). */
  public static String normalize(String identifier) {
    return identifier == null ? null : identifier.trim().toLowerCase(Locale.ROOT);
  }

  /** The salted key of an identifier: what the deny-list keeps instead of the identifier. */
  public static String key(Kind kind, String identifier, String salt) {
    // The pseudonym of "forget:<kind>:<identifier>": the address pseudonyms' salt and hash, in another namespace.
    return Emails.pseudonymize("forget:" + kind.label() + ":" + normalize(identifier), salt);
  }

  /**
   * What replaces the identifier everywhere: the same for every occurrence, so joins and distinct counts still
   * hold; an address stays an address (parsers and checks still take it), in a domain that cannot exist.
   */
  public static String token(Kind kind, String key) {
    String t = "forgotten-" + key.substring(0, 16);
    return kind == Kind.EMAIL ? t + "@forgotten.invalid" : t;
  }

  /** A Java regular expression matching the identifier in text, in any case, never inside a longer one. */
  public static String pattern(Kind kind, String identifier) {
    String quoted = Pattern.quote(identifier.trim());
    return switch (kind) {
      case EMAIL -> "(?i)(?<![" + WORD + ".%+])" + quoted + "(?![" + WORD + "]|\\.[A-Za-z0-9])";
      case GITHUB_LOGIN, CUSTOMER -> "(?i)(?<![" + WORD + "])" + quoted + "(?![" + WORD + "])";
      case NAME -> "(?iu)(?<![\\p{L}\\p{N}])" + quoted + "(?![\\p{L}\\p{N}])";
    };
  }

  /**
   * Replaces the denied identifiers in a text (a landed line or file) before it is parsed: every address-,
   * login- or id-shaped candidate and every JSON string value (names, phone numbers) is hashed and compared
   * with the deny-list's keys. Serializable: Spark tasks apply it to landed lines.
   */
  public static final class Redactor implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Set<String> keys;
    private final String salt;
    private transient Map<String, String> seen;

    public Redactor(Set<String> keys, String salt) {
      this.keys = Set.copyOf(keys);
      this.salt = salt;
    }

    public boolean isEmpty() {
      return keys.isEmpty();
    }

    public String apply(String text) {
      if (text == null || keys.isEmpty()) {
        return text;
      }
      if (seen == null) {
        seen = new HashMap<>();
      }
      String out = replace(text, EMAIL_CANDIDATE, 0, Kind.EMAIL);
      out = replace(out, TOKEN_CANDIDATE, 0, Kind.GITHUB_LOGIN, Kind.CUSTOMER);
      return replace(out, JSON_STRING, 1, Kind.NAME);
    }

    private String replace(String text, Pattern candidates, int group, Kind... kinds) {
      Matcher m = candidates.matcher(text);
      StringBuilder out = null;
      int last = 0;
      while (m.find()) {
        String replacement = denied(m.group(group), kinds);
        if (replacement != null) {
          out = out == null ? new StringBuilder(text.length()) : out;
          out.append(text, last, m.start(group)).append(replacement);
          last = m.end(group);
        }
      }
      return out == null ? text : out.append(text, last, text.length()).toString();
    }

    /** The token of a denied candidate, or null; each distinct candidate is hashed once per kind. */
    private String denied(String candidate, Kind... kinds) {
      if (candidate.isEmpty()) {
        return null;
      }
      String found = null;
      for (Kind kind : kinds) {
        String cacheKey = kind.ordinal() + ":" + candidate;
        String token = seen.get(cacheKey);
        if (token == null) {
          String key = key(kind, candidate, salt);
          token = keys.contains(key) ? token(kind, key) : "";
          if (seen.size() > 100_000) {
            seen.clear(); // bounded: a task may see millions of distinct words
          }
          seen.put(cacheKey, token);
        }
        if (!token.isEmpty()) {
          found = token;
          break;
        }
      }
      return found;
    }
  }
}
