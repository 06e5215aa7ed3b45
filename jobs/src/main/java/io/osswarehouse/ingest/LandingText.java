package io.osswarehouse.ingest;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The encoding of landed text files. Parsers read UTF-8, but exports saved by Windows tools come as UTF-16
 * with a byte-order mark (PowerShell's {@code >}, Excel's "Unicode text") or as UTF-8 with one (Excel's
 * "CSV UTF-8"): the ingestor honours both marks once, before any parser sees the bytes, and keeps binary
 * content (a NUL byte) away from the parsers altogether.
 */
public final class LandingText {
  /** How many leading bytes tell UTF-16 and binary content apart from UTF-8 text. */
  public static final int HEAD = 4096;

  private LandingText() {}

  /** The content as UTF-8 without a byte-order mark: UTF-16 with its mark is transcoded, a UTF-8 mark dropped. */
  public static byte[] utf8(byte[] content) {
    if (startsWith(content, 0xEF, 0xBB, 0xBF)) {
      return Arrays.copyOfRange(content, 3, content.length);
    }
    Charset utf16 = utf16(content);
    if (utf16 == null) {
      return content;
    }
    return new String(content, 2, content.length - 2, utf16).getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the content starts with a UTF-16 byte-order mark (little or big endian). */
  public static boolean isUtf16(byte[] content) {
    return utf16(content) != null;
  }

  /**
   * Why the content is not text, or null: a NUL byte among its first {@link #HEAD} bytes (after {@link #utf8})
   * means binary data, or UTF-16 without the byte-order mark that would say so; no text export holds one.
   */
  public static String notText(byte[] utf8) {
    for (int i = 0; i < Math.min(utf8.length, HEAD); i++) {
      if (utf8[i] == 0) {
        return "not text: a NUL byte at offset " + i + " (binary data, or UTF-16 without a byte-order mark);"
            + " land UTF-8 text";
      }
    }
    return null;
  }

  /** The lines of a text as Spark's text reader splits them: at {@code \n}, {@code \r\n} or {@code \r}. */
  public static List<String> lines(String text) {
    return List.of(text.split("\r\n|\r|\n", -1));
  }

  private static Charset utf16(byte[] content) {
    return startsWith(content, 0xFF, 0xFE) ? StandardCharsets.UTF_16LE
        : startsWith(content, 0xFE, 0xFF) ? StandardCharsets.UTF_16BE : null;
  }

  private static boolean startsWith(byte[] content, int... mark) {
    if (content.length < mark.length) {
      return false;
    }
    for (int i = 0; i < mark.length; i++) {
      if ((content[i] & 0xFF) != mark[i]) {
        return false;
      }
    }
    return true;
  }
}
