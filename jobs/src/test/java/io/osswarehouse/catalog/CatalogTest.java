package io.osswarehouse.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osswarehouse.dictionary.DataDictionary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The catalog is the one declaration of every table: the data dictionary describes exactly its tables,
 * each table's SQL file or Java transform exists, every silver and gold step has its builder, no code
 * outside it spells a table name, and docs/lineage.md is what the catalog generates today.
 */
class CatalogTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern TABLE_LITERAL = Pattern.compile("\"(bronze|silver|gold|meta)\\.[a-z_0-9]+\"");

  @Test
  void theDictionaryDescribesExactlyTheCatalogsTables() {
    Set<String> declared = new TreeSet<>();
    Catalog.tables().forEach(t -> declared.add(t.name()));
    Set<String> described = new TreeSet<>();
    for (String layer : List.of("bronze", "silver", "gold", "meta")) {
      DataDictionary.tables(layer).keySet().forEach(t -> described.add(layer + "." + t));
    }
    assertEquals(declared, described);
  }

  @Test
  void everyTablesDefinitionIsFoundFromItsName() throws ClassNotFoundException {
    for (Table t : Catalog.tables()) {
      if (t.sqlModel() != null) {
        assertEquals(t.layer() + "/" + t.shortName(), t.sqlModel(), t + ": the SQL file is named after the table");
        assertTrue(Files.isRegularFile(ROOT.resolve("sql/models/" + t.sqlModel() + ".sql")), t.definition());
      } else if (t.transform() != null) {
        Class.forName(t.transform());
      } else {
        assertTrue(t.layer().equals("bronze") || t.materialization() == Table.Materialization.LOG,
            t + " has neither a SQL file nor a transform");
      }
    }
  }

  @Test
  void everyStepReadsOnlyDeclaredTablesOfEarlierStepsAndTheGraphHasNoCycle() {
    List<Catalog.Step> steps = Catalog.steps();
    List<String> seen = new ArrayList<>();
    for (Catalog.Step s : steps) {
      for (String input : s.inputs()) {
        assertTrue(Catalog.find(input) != null, s.name() + " reads undeclared " + input);
      }
      for (String upstream : s.upstream()) {
        assertTrue(seen.contains(upstream), s.name() + " is declared before " + upstream + ", which it reads");
      }
      seen.add(s.name());
    }
    assertEquals(13, steps.stream().filter(s -> s.layer().equals("bronze")).count(), "one ingest step per source");
  }

  @Test
  void everyTableHasExactlyOneWriterStepSoConcurrentStepsNeverWriteTheSameTable() {
    Set<String> written = new TreeSet<>();
    for (Catalog.Step s : Catalog.steps()) {
      for (Table t : s.outputs()) {
        assertTrue(written.add(t.name()), t + " is written by two steps");
      }
    }
    Catalog.tables().stream().filter(t -> t.materialization() != Table.Materialization.LOG)
        .forEach(t -> assertTrue(written.contains(t.name()), t + " has no step"));
  }

  @Test
  void noCodeOutsideTheCatalogSpellsATableName() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path src : List.of(ROOT.resolve("jobs/src/main/java"), ROOT.resolve("bench/src/main/java"))) {
      try (Stream<Path> files = Files.walk(src)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          if (f.endsWith(Path.of("catalog", "Catalog.java"))) {
            continue;
          }
          List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
          for (int i = 0; i < lines.size(); i++) {
            Matcher m = TABLE_LITERAL.matcher(lines.get(i));
            if (m.find()) {
              found.add(ROOT.relativize(f) + ":" + (i + 1) + " " + m.group());
            }
          }
        }
      }
    }
    assertTrue(found.isEmpty(), "table names written outside the catalog:\n" + String.join("\n", found));
  }

  @Test
  void docsLineageIsWhatTheCatalogGenerates() throws IOException {
    String expected = Lineage.markdown();
    Path doc = ROOT.resolve("docs/lineage.md");
    String actual = Files.isRegularFile(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
    assertEquals(expected, actual, "docs/lineage.md is stale: regenerate it with "
        + "bin/warehouse models --format markdown > docs/lineage.md");
  }
}
