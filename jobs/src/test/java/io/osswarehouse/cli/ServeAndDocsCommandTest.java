package io.osswarehouse.cli;

import static io.osswarehouse.cli.WarehouseCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command-line contract of `serve` and `docs` that needs no Spark (the servers are tested in server/). */
class ServeAndDocsCommandTest {
  @ParameterizedTest
  @ValueSource(strings = {"serve", "docs"})
  void hasHelp(String command) {
    WarehouseCliTest.Result r = cli(command, "--help");
    assertEquals(0, r.code(), r.err());
    Assertions.assertTrue(r.out().startsWith("Usage: warehouse " + command), r.out());
  }

  @Test
  void servingBeyondThisMachineWithoutAuthenticationIsRefusedBeforeAnythingStarts() {
    WarehouseCliTest.Result r = cli("serve", "--bind", "0.0.0.0", "--port", "1");
    assertEquals(1, r.code());
    Assertions.assertTrue(r.err().startsWith("error: --bind 0.0.0.0 listens beyond this machine")
        && r.err().contains("hive.server2.authentication") && r.err().lines().count() == 1, r.err());
  }
}
