package io.osswarehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The real third-party sample files copied into test resources (see their PROVENANCE.txt). */
public final class Samples {
  private Samples() {}

  public static Path dir(String relative) {
    try {
      return Paths.get(Samples.class.getClassLoader().getResource("real-samples/" + relative).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource real-samples/" + relative, e);
    }
  }

  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(dir(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
