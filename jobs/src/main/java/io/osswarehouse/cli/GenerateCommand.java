package io.osswarehouse.cli;

import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.generate.Background;
import io.osswarehouse.generate.GenerationSummary;
import io.osswarehouse.generate.SampleDataGenerator;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write deterministic sample raw exports (Stripe JSON in both API shapes, subscription-periods "
        + "CSV, FX rates, GH Archive, GitHub REST, package downloads, web analytics; see docs/generator.md) and "
        + "the truth files under <landing>/_truth/.")
final class GenerateCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--organizations", defaultValue = "3000",
      description = "Organisations in the simulated world (default ${DEFAULT-VALUE}).")
  int organizations;

  @Option(names = "--start", defaultValue = "2024-01-01", description = "First day (default ${DEFAULT-VALUE}).")
  LocalDate start;

  @Option(names = "--end", defaultValue = "2025-12-31", description = "Last day (default ${DEFAULT-VALUE}).")
  LocalDate end;

  @Option(names = "--pypi-background", defaultValue = "0", paramLabel = "N",
      description = "Anonymous PyPI downloads per day on top of the organisations' (a second export shard per "
          + "month; default ${DEFAULT-VALUE}).")
  int pypiBackground;

  @Option(names = "--gharchive-background", defaultValue = "0", paramLabel = "N",
      description = "Events of other repositories per archived GH Archive hour, as real hour files hold all of "
          + "GitHub (track the project with github.organizations=" + SampleDataGenerator.PROJECT_GITHUB_ORGANIZATION
          + "; default ${DEFAULT-VALUE}).")
  int gharchiveBackground;

  @Option(names = "--web-background", defaultValue = "0", paramLabel = "N",
      description = "Anonymous pageviews per day in the docs site's access log (default ${DEFAULT-VALUE}).")
  int webBackground;

  @Override
  public Integer call() throws Exception {
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("--end " + end + " is before --start " + start);
    }
    if (organizations < 1) {
      throw new IllegalArgumentException("--organizations must be at least 1");
    }
    WarehouseConfig cfg = cli.config();
    if (!WarehouseConfig.isLocal(cfg.landing())) {
      throw new IllegalArgumentException("generate writes to a local folder, and landing.dir is " + cfg.landing()
          + ": generate into a local --landing, then copy the files there");
    }
    Background background = new Background(pypiBackground, gharchiveBackground, webBackground);
    GenerationSummary s = SampleDataGenerator.generate(cfg.landingDir(), seed, organizations, start, end,
        cfg.reportingCurrency(), background);
    System.out.printf("generated %d organisations (%d Stripe customers, %d on another billing system, currencies %s) "
        + "into %s: %d files%n", s.organizations(), s.stripeCustomers(), s.otherBillingCustomers(),
        String.join("/", s.currencies()), cfg.landingDir(), s.filesWritten());
    return 0;
  }
}
