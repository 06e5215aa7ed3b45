package io.osswarehouse.ingest;

import java.io.Serializable;

/**
 * A test on a raw line, before it is parsed: false only for a line whose record the configuration cannot
 * track, so that skipping the parse of such lines changes nothing that is loaded. Lines it rejects are
 * counted as filtered (read = loaded + quarantined + filtered still holds per file); a malformed line it
 * rejects is therefore counted as filtered, not quarantined: it is not kept either way.
 */
@FunctionalInterface
public interface LinePrefilter extends Serializable {
  /** Whether the UTF-8 line {@code line[from, to)} may hold a tracked record (it is then parsed). */
  boolean mayTrack(byte[] line, int from, int to);
}
