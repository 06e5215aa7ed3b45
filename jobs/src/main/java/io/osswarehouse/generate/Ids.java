package io.osswarehouse.generate;

/**
 * Stripe-looking object ids ({@code cus_4fK9aLm0QzX}) that are unique by construction: each id is a
 * bijective scramble of (owner, stream, sequence number), so no two objects can collide, yet the ids look
 * random like real ones and depend only on the seed.
 */
final class Ids {
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private final long salt;
  private final long owner;
  private long next;

  /**
   * Ids for one owner (an organisation index, or 0 for the shared catalog) and one stream (0..255,
   * one per simulation step), so independent steps can mint ids without coordinating.
   */
  Ids(long seed, int owner, int stream) {
    this.salt = Seeds.mix(seed + 0x5DEECE66DL);
    this.owner = ((long) owner << 32) | ((long) stream << 24);
  }

  String next(String prefix) {
    if (next >= 1 << 24) {
      throw new IllegalStateException("id stream exhausted");
    }
    long key = owner | next++;
    return prefix + "_" + base62(Seeds.mix(key ^ salt));
  }

  /** Fixed-width (11 characters) unsigned base-62. */
  private static String base62(long value) {
    char[] out = new char[11];
    for (int i = out.length - 1; i >= 0; i--) {
      out[i] = ALPHABET[(int) Long.remainderUnsigned(value, 62)];
      value = Long.divideUnsigned(value, 62);
    }
    return new String(out);
  }
}
