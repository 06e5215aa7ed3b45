package io.osswarehouse.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The collection log: one JSON line per request batch (one entity of one source: a repository's
 * stargazers, a package's downloads, an hour of GH Archive) in {@code <landing>/_collect/log/<date>.jsonl},
 * with the pages, bytes, HTTP outcomes, duration and files written. It is a plain file, not a Delta
 * table, because collecting needs no Spark; ingest never reads it ({@code _collect/} is outside every
 * source's folder). Lines are appended, so a date collected twice keeps both attempts.
 */
public final class CollectLog {
  /** Folder under the landing root for the log and the collectors' state. */
  public static final String FOLDER = "_collect";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final LocalDate date;
  private final String runId;
  private final List<Secret> secrets = new ArrayList<>();

  public CollectLog(Path landing, LocalDate date, String runId) {
    this.file = file(landing, date);
    this.date = date;
    this.runId = runId;
  }

  public static Path file(Path landing, LocalDate date) {
    return landing.resolve(FOLDER).resolve("log").resolve(date + ".jsonl");
  }

  /** A secret to blank out of every message this log writes (defence in depth: none should contain one). */
  public void hide(Secret secret) {
    if (secret != null) {
      secrets.add(secret);
    }
  }

  String redact(String text) {
    String out = text;
    for (Secret s : secrets) {
      out = s.redact(out);
    }
    return out;
  }

  public Batch batch(String source, String entity) {
    return new Batch(source, entity);
  }

  /** What one batch did; counted by the HTTP client and the collector, written once by {@link #finish}. */
  public final class Batch {
    final String source;
    final String entity;
    final long startedNanos = System.nanoTime();
    final Map<String, Integer> outcomes = new TreeMap<>();
    int requests;
    int pages;
    long bytes;
    final Map<LandingWriter.Outcome, Integer> files = new TreeMap<>();
    private boolean finished;

    Batch(String source, String entity) {
      this.source = source;
      this.entity = entity;
    }

    public String entity() {
      return entity;
    }

    /** One HTTP answer (status code) or failure (timeout, io error, …). */
    void outcome(String what) {
      outcomes.merge(what, 1, Integer::sum);
    }

    void response(int status, long size) {
      requests++;
      bytes += size;
      outcome(String.valueOf(status));
    }

    void failure(String what) {
      requests++;
      outcome(what);
    }

    /** A page of the answer the collector keeps. */
    void page() {
      pages++;
    }

    void wrote(Map<String, LandingWriter.Outcome> written) {
      written.values().forEach(o -> files.merge(o, 1, Integer::sum));
    }

    int filesWritten() {
      return files.getOrDefault(LandingWriter.Outcome.NEW, 0) + files.getOrDefault(LandingWriter.Outcome.REPLACED, 0);
    }

    /** Appends the batch's line; status {@code ok}, {@code missing} or {@code failed}, with a one-line message. */
    public void finish(String status, String message) {
      if (finished) {
        return;
      }
      finished = true;
      ObjectNode line = JSON.createObjectNode();
      line.put("date", date.toString());
      line.put("run_id", runId);
      line.put("collected_at", Instant.now().toString()); // lineage only, like ingest's _ingested_at
      line.put("source", source);
      line.put("entity", entity);
      line.put("status", status);
      line.put("requests", requests);
      line.put("pages", pages);
      line.put("bytes", bytes);
      ObjectNode http = line.putObject("http");
      outcomes.forEach(http::put);
      line.put("duration_ms", (System.nanoTime() - startedNanos) / 1_000_000);
      line.put("files_new", files.getOrDefault(LandingWriter.Outcome.NEW, 0));
      line.put("files_replaced", files.getOrDefault(LandingWriter.Outcome.REPLACED, 0));
      line.put("files_unchanged", files.getOrDefault(LandingWriter.Outcome.UNCHANGED, 0));
      if (message != null) {
        line.put("message", redact(message));
      }
      append(line);
    }
  }

  private synchronized void append(JsonNode line) {
    try {
      Files.createDirectories(file.getParent());
      // One write per line with O_APPEND: lines of collect processes running at once do not interleave.
      Files.write(file, (redact(line.toString()) + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the collection log " + file + ": " + e.getMessage(), e);
    }
  }

  /** The log lines of a date, oldest first (none when nothing was collected for it). */
  public static List<JsonNode> read(Path landing, LocalDate date) {
    Path f = file(landing, date);
    if (!Files.isRegularFile(f)) {
      return List.of();
    }
    try {
      List<JsonNode> out = new ArrayList<>();
      for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (!l.isBlank()) {
          out.add(JSON.readTree(l));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the collection log " + f + ": " + e.getMessage(), e);
    }
  }
}
