package io.osswarehouse.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A collector's small state (cursors, what was fetched when) as one JSON document in
 * {@code <landing>/_collect/state/<name>.json}, outside every source's folder so ingest never reads it.
 * Written atomically, and only after the files it describes have landed: a collect that fails leaves the
 * state of the last one that succeeded, so the next collect starts from there.
 */
public final class StateStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  public StateStore(Path landing, String name) {
    this.file = landing.resolve(CollectLog.FOLDER).resolve("state").resolve(name + ".json");
  }

  public ObjectNode load() {
    if (!Files.isRegularFile(file)) {
      return JSON.createObjectNode();
    }
    try {
      return (ObjectNode) JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | ClassCastException e) {
      throw new CollectException("the collect state " + file + " is not readable JSON (" + e.getClass().getSimpleName()
          + "); delete it to start over");
    }
  }

  public void save(ObjectNode state) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = LandingWriter.temporaryFor(file);
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state), StandardCharsets.UTF_8);
      LandingWriter.moveIntoPlace(tmp, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the collect state " + file + ": " + e.getMessage(), e);
    }
  }
}
