package io.osswarehouse.ingest.github;

import io.osswarehouse.catalog.Catalog;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.osswarehouse.ingest.IngestMetadata;
import io.osswarehouse.ingest.LineLandingSource;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * GH Archive hourly files, {@code <landing>/github/gharchive/YYYY-MM-DD-H.json.gz} (or plain
 * {@code .json}), one event per line; also Events API pages (a JSON array, or one pretty-printed
 * event). Every event of the tracked repositories (all, when none are configured) is kept in
 * {@code bronze.github__events} with its raw JSON
 * and the keys silver needs. Both schema eras are accepted: the pre-2015 Timeline events (no
 * {@code id}, {@code repository} instead of {@code repo}, string {@code actor}, Pacific offsets in
 * {@code created_at}) and the Events API events (including the slimmer payloads from 2025-10-07).
 * Event time is {@code created_at}, never the file's hour.
 */
public final class GhArchiveSource implements LineLandingSource {
  public static final String NAME = "github/gharchive";

  @Override
  public String name() {
    return NAME;
  }


  @Override
  public boolean accepts(Path relativePath) {
    return relativePath.getFileName().toString().matches(".*\\.(json|jsonl|ndjson)(\\.gz)?");
  }

  @Override
  public String bronzeTable() {
    return Catalog.GITHUB__EVENTS.name();
  }

  @Override
  public StructType recordSchema() {
    return new StructType()
        .add("event_id", StringType, false)
        .add("event_type", StringType, false)
        .add("created_at", TimestampType, false)
        .add("repo_id", LongType, true)
        .add("repo_name", StringType, true)
        .add("schema_era", StringType, false)
        .add("raw_json", StringType, false);
  }



  /** Tracked repositories and organisations (case-insensitive); none configured keeps every repository. */
  @Override
  public org.apache.spark.sql.Column tracked(io.osswarehouse.config.WarehouseConfig config) {
    if (config.githubRepositories().isEmpty() && config.githubOrganizations().isEmpty()) {
      return lit(true);
    }
    org.apache.spark.sql.Column name = org.apache.spark.sql.functions.lower(col("repo_name"));
    return name.isin(config.githubRepositories().toArray())
        .or(org.apache.spark.sql.functions.substring_index(name, "/", 1).isin(config.githubOrganizations().toArray()));
  }

  /**
   * With tracked repositories or organisations, only lines naming one of their owners are parsed: a real
   * hour file holds all of GitHub, of which a company keeps well under 1% ({@link TrackedOwnerPrefilter}).
   */
  @Override
  public io.osswarehouse.ingest.LinePrefilter prefilter(io.osswarehouse.config.WarehouseConfig config) {
    if (config.githubRepositories().isEmpty() && config.githubOrganizations().isEmpty()) {
      return null;
    }
    return TrackedOwnerPrefilter.of(config.githubRepositories(), config.githubOrganizations());
  }

  @Override
  public Dataset<Row> validateLines(Dataset<Row> lines) {
    Dataset<Row> parsed = lines.withColumn("_e", expr("from_json(value, 'id string, type string, created_at string,"
        + " repo struct<id: bigint, name: string>, repository struct<id: bigint, name: string, owner: string>')"))
        .withColumn("_created_at", expr("cast(_e.created_at as timestamp)"))
        .withColumn("_repo_id", coalesce(col("_e.repo.id"), col("_e.repository.id")));
    return parsed.select(
        col(IngestMetadata.SOURCE_FILE), col(IngestMetadata.FILE_SHA256), col(IngestMetadata.RECORD_POSITION),
        // Timeline events have no id: the content identifies them (an exact duplicate collapses).
        coalesce(col("_e.id"), concat(lit("timeline:"), sha2(col("value"), 256))).as("event_id"),
        col("_e.type").as("event_type"),
        col("_created_at").as("created_at"),
        col("_repo_id").as("repo_id"),
        coalesce(col("_e.repo.name"), expr("_e.repository.owner || '/' || _e.repository.name")).as("repo_name"),
        when(col("_e.repo").isNull().and(col("_e.repository").isNotNull()), lit("timeline"))
            .when(col("_created_at").geq(expr("timestamp'2025-10-07 00:00:00'")), lit("events_slim"))
            .otherwise(lit("events")).as("schema_era"),
        col("value").as("raw_json"),
        col("value").as(RAW),
        LineLandingSource.jsonLineFault(col("_e.type").isNotNull().and(col("_created_at").isNotNull())
                .and(col("_repo_id").isNotNull()))
            .when(col("_e.type").isNull(), lit("missing 'type'"))
            .when(col("_created_at").isNull(), concat(lit("'created_at' is not a timestamp: "),
                coalesce(col("_e.created_at"), lit("(missing)"))))
            .when(col("_repo_id").isNull(), lit("no repository id ('repo.id' or 'repository.id')"))
            .as(REJECT_REASON));
  }
}
