package io.osswarehouse.ingest;

import static org.apache.spark.sql.types.DataTypes.StringType;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * A landing source of CSV files ({@code *.csv}, {@code *.csv.gz}) with a required header. Bronze keeps
 * the header's columns as text, as landed after validation; silver types them.
 */
public abstract class CsvLandingSource implements LandingSource {
  private final String name;
  private final List<String> columns;

  protected CsvLandingSource(String name, List<String> columns) {
    this.name = name;
    this.columns = List.copyOf(columns);
  }

  /** Validates one row and returns its values in {@link #columns()} order (IllegalArgumentException = reject). */
  protected abstract Object[] validate(org.apache.commons.csv.CSVRecord record);

  public List<String> columns() {
    return columns;
  }

  @Override
  public String name() {
    return name;
  }


  @Override
  public boolean accepts(Path relativePath) {
    return relativePath.getFileName().toString().matches(".*\\.csv(\\.gz)?");
  }

  /** {@code billing/fx_rates} loads into {@code bronze.billing__fx_rates}. */
  @Override
  public String bronzeTable() {
    return io.osswarehouse.catalog.Catalog.bronzeOf(name).name();
  }

  @Override
  public StructType recordSchema() {
    StructType s = new StructType();
    for (String c : columns) {
      s = s.add(c, StringType, true);
    }
    return s;
  }

  @Override
  public ParsedFile parse(String fileName, byte[] content) {
    return CsvSupport.parse(content, columns, this::validate);
  }
}
