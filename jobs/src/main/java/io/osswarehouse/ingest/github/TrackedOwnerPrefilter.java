package io.osswarehouse.ingest.github;

import io.osswarehouse.ingest.LinePrefilter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The GH Archive prefilter: a line can only hold an event of a tracked repository if it contains, in any
 * letter case, the owner of a tracked name (an organisation, or the part before the first {@code /} of a
 * repository). That holds for every era: {@code "repo":{"name":"owner/x"}} of the Events API (slim
 * payloads included) and {@code "repository":{"owner":"owner","name":"x"}} of the pre-2015 Timeline,
 * whose repository name is {@code owner/name}. JSON may spell a character as {@code \u0041}, and a few
 * non-ASCII characters lower-case to ASCII letters (the Kelvin sign to {@code k}): a line holding either
 * form of a character of an owner is parsed too, so the test never drops what the full parse would keep.
 */
public final class TrackedOwnerPrefilter implements LinePrefilter {
  private static final long serialVersionUID = 1L;

  /** The owners, lower case. */
  private final String[] owners;
  /** Per owner, the offset of its anchor: the character searched for first (rare in JSON, or case-free). */
  private final int[] anchors;
  /** Characters whose {@code \}{@code uXXXX} escape may spell a character of an owner. */
  private final boolean[] suspiciousEscape = new boolean[1 << 16];
  /** UTF-8 encodings (as Latin-1 text) of non-ASCII characters that lower-case to a character of an owner. */
  private final String[] suspiciousUtf8;

  /** Letters from rare to common in English text and JSON keys: the anchor is the rarest of an owner's. */
  private static final String RARITY = "zqxjkvbgpyfwmhulcdrsnioate";

  /** From the tracked repositories ({@code owner/name}) and organisations, as configured (lower-case). */
  public static TrackedOwnerPrefilter of(Collection<String> repositories, Collection<String> organizations) {
    Set<String> owners = new LinkedHashSet<>();
    for (String r : repositories) {
      int slash = r.indexOf('/');
      owners.add((slash < 0 ? r : r.substring(0, slash)).toLowerCase(Locale.ROOT));
    }
    for (String o : organizations) {
      owners.add(o.toLowerCase(Locale.ROOT));
    }
    return new TrackedOwnerPrefilter(owners);
  }

  private TrackedOwnerPrefilter(Set<String> owners) {
    this.owners = owners.toArray(String[]::new);
    this.anchors = new int[this.owners.length];
    for (int k = 0; k < this.owners.length; k++) {
      String o = this.owners[k];
      if (o.isEmpty() || !o.chars().allMatch(c -> c < 0x80)) {
        throw new IllegalArgumentException("not a GitHub owner name: '" + o + "'");
      }
      int best = 0;
      for (int i = 0; i < o.length(); i++) {
        if (rank(o.charAt(i)) < rank(o.charAt(best))) {
          best = i;
        }
      }
      anchors[k] = best;
    }
    String alphabet = String.join("", owners);
    Set<String> utf8 = new LinkedHashSet<>();
    for (int c = 0; c < (1 << 16); c++) {
      String ch = String.valueOf((char) c);
      // Spark's lower() is Java's toLowerCase: what a character can become in the compared name.
      boolean spells = ch.toLowerCase(Locale.ROOT).chars().anyMatch(l -> alphabet.indexOf(l) >= 0);
      suspiciousEscape[c] = spells;
      if (spells && c >= 0x80 && !Character.isSurrogate((char) c)) {
        utf8.add(new String(ch.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
      }
    }
    this.suspiciousUtf8 = utf8.toArray(String[]::new);
  }

  /** How common a character is as an anchor: case-free characters (digits, '-') first, then rare letters. */
  private static int rank(char c) {
    int letter = RARITY.indexOf(Character.toLowerCase(c));
    return letter < 0 ? -1 : letter;
  }

  /**
   * Each test is a search of the line as Latin-1 text (one byte a character, so the JDK's vectorised
   * {@code indexOf} does the scanning): an owner, in any case, found from its anchor; a {@code \}{@code u}
   * escape of a character of an owner; the encoding of a non-ASCII letter that lower-cases into one.
   */
  @Override
  public boolean mayTrack(byte[] line, int from, int to) {
    String s = new String(line, from, to - from, StandardCharsets.ISO_8859_1);
    for (int k = 0; k < owners.length; k++) {
      String owner = owners[k];
      int at = anchors[k];
      char lower = owner.charAt(at);
      char upper = Character.toUpperCase(lower);
      for (int i = s.indexOf(lower, at); i >= 0; i = s.indexOf(lower, i + 1)) {
        if (s.regionMatches(true, i - at, owner, 0, owner.length())) {
          return true;
        }
      }
      if (upper != lower) {
        for (int i = s.indexOf(upper, at); i >= 0; i = s.indexOf(upper, i + 1)) {
          if (s.regionMatches(true, i - at, owner, 0, owner.length())) {
            return true;
          }
        }
      }
    }
    for (int i = s.indexOf("\\u"); i >= 0; i = s.indexOf("\\u", i + 1)) {
      int c = i + 6 <= s.length() ? hex4(line, from + i + 2) : -1;
      if (c >= 0 && suspiciousEscape[c]) {
        return true;
      }
    }
    for (String letter : suspiciousUtf8) {
      if (s.contains(letter)) {
        return true;
      }
    }
    return false;
  }

  private static int hex4(byte[] s, int at) {
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(s[at + k], 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }
}
