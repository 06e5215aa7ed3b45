package io.osswarehouse.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * An API token or key. It is only ever put into a request header: {@link #toString()} hides it, and
 * {@link #redact(String)} blanks it out of any text that might reach a log, a file or a message.
 */
public final class Secret {
  private final String name;
  private final String value;

  private Secret(String name, String value) {
    this.name = name;
    this.value = value;
  }

  /** What the secret is, for messages (e.g. "the GitHub token"). */
  public String name() {
    return name;
  }

  /** The value, for a request header and nothing else. */
  String value() {
    return value;
  }

  /** The text with every occurrence of the secret replaced. */
  public String redact(String text) {
    return text == null || value.isEmpty() ? text : text.replace(value, "[redacted]");
  }

  @Override
  public String toString() {
    return name + " [redacted]";
  }

  /**
   * The secret from the environment variable, else from the file the {@code *_FILE} variable or the
   * config key names; null when neither is set. A file must be readable by its owner alone: a token any
   * other account can read is refused rather than used.
   *
   * @param name what it is, for messages
   * @param envVar e.g. {@code WAREHOUSE_GITHUB_TOKEN}
   * @param file the file from the configuration ({@code <envVar>_FILE} or the {@code *-file} key), or null
   * @throws CollectException naming the variable or file, never the value
   */
  public static Secret resolve(String name, String envVar, Path file, Map<String, String> env) {
    String direct = env.get(envVar);
    if (direct != null && !direct.isBlank()) {
      return new Secret(name, direct.trim());
    }
    if (file == null) {
      return null;
    }
    if (!Files.isRegularFile(file)) {
      throw new CollectException(name + ": " + envVar + "_FILE " + file + " is not a file");
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)
          || permissions.contains(PosixFilePermission.GROUP_WRITE)
          || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new CollectException(name + ": " + file + " is readable or writable by other accounts ("
            + PosixFilePermissions.toString(permissions) + "); make it readable by its owner alone: chmod 600 " + file);
      }
    } catch (UnsupportedOperationException notPosix) {
      // a file system without POSIX permissions: nothing to check
    } catch (IOException e) {
      throw new CollectException(name + ": cannot read the permissions of " + file + ": " + e.getMessage());
    }
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (value.isEmpty()) {
        throw new CollectException(name + ": " + file + " is empty");
      }
      return new Secret(name, value);
    } catch (IOException e) {
      throw new CollectException(name + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
