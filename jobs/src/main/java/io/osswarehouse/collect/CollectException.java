package io.osswarehouse.collect;

/** A collect failure with a one-line message that names what failed and never a secret. */
public class CollectException extends RuntimeException {
  public CollectException(String message) {
    super(message);
  }

  /**
   * A failure that stops the whole source, not just one entity: the credentials were refused, or the
   * source's time budget (or a rate limit that outlasts it) ran out.
   */
  public static final class SourceStopped extends CollectException {
    public SourceStopped(String message) {
      super(message);
    }
  }
}
