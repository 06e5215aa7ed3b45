package io.osswarehouse.ingest;

import java.util.ArrayList;
import java.util.List;

/** What a parser made of one file: valid records (positioned) and rejected ones with reasons. */
public final class ParsedFile {
  /** A valid record: its 1-based position in the file and its payload values (bronze schema order). */
  public record Record(long position, Object[] values) {}

  /** A record that failed parsing or validation, kept verbatim for the quarantine table. */
  public record Rejection(long position, String rawRecord, String reason) {}

  private final List<Record> records = new ArrayList<>();
  private final List<Rejection> rejections = new ArrayList<>();

  public void accept(long position, Object... values) {
    records.add(new Record(position, values));
  }

  public void reject(long position, String rawRecord, String reason) {
    rejections.add(new Rejection(position, rawRecord, reason));
  }

  public List<Record> records() {
    return records;
  }

  public List<Rejection> rejections() {
    return rejections;
  }

  public long recordsRead() {
    return records.size() + rejections.size();
  }
}
