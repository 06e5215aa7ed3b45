package io.osswarehouse.cli;

import io.osswarehouse.common.Forgetting.Kind;
import io.osswarehouse.config.WarehouseConfig;
import io.osswarehouse.orchestrate.Erasure;
import io.osswarehouse.orchestrate.Maintenance;
import io.osswarehouse.pipeline.Progress;
import io.osswarehouse.pipeline.RunContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "forget", mixinStandardHelpOptions = true,
    description = {"An erasure request: replaces one person's identifiers in every table of every layer by an "
        + "anonymous token (gold keeps counting them, anonymously), adds their salted key to the deny-list that "
        + "every later ingest redacts, writes an audit row without the identifier, and vacuums the changed tables "
        + "with the upkeep's retention (docs/security.md#erasure). Holds the writer lock."})
final class ForgetCommand implements Callable<Integer> {
  @ParentCommand
  WarehouseCli cli;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Who who;

  static final class Who {
    @Option(names = "--email", paramLabel = "ADDRESS", description = "An e-mail address (any case).")
    String email;

    @Option(names = "--github-login", paramLabel = "LOGIN", description = "A GitHub login (any case).")
    String login;

    @Option(names = "--customer", paramLabel = "ID", description = "A billing customer id (Stripe's cus_…, or the "
        + "subscription-periods CSV's customer_id); its addresses, names and phone numbers go too.")
    String customer;
  }

  @Option(names = "--retain-days", paramLabel = "DAYS", defaultValue = "" + Maintenance.MIN_RETAIN_DAYS,
      description = "Vacuum the changed tables keeping DAYS days of versions (default and minimum ${DEFAULT-VALUE}); "
          + "older versions that still hold the identifiers go now, the rest at the first `maintain` after that.")
  int retainDays;

  @Override
  public Integer call() {
    double retainHours = Maintenance.retainHours(retainDays);
    Kind kind = who.email != null ? Kind.EMAIL : who.login != null ? Kind.GITHUB_LOGIN : Kind.CUSTOMER;
    String identifier = who.email != null ? who.email : who.login != null ? who.login : who.customer;
    WarehouseConfig cfg = cli.config();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    RunContext run = RunContext.start(cfg, cli.warehouse(cfg), today, new Progress(System.err, cli.quiet));
    run.progress().prefix("[forget] ");
    Erasure.Outcome o = Erasure.forget(run, kind, identifier, retainHours);
    System.out.printf("forgot %s (key %s): %d identifier(s), %,d row(s) rewritten in %d table(s)%n", kind.label(),
        o.key().substring(0, 16), o.identifiers(), o.rows(), o.rowsChanged().size());
    if (!o.landedFiles().isEmpty()) {
      System.out.printf("%d landed file(s) still hold it (every ingest redacts it; delete or redact them in the "
          + "export archive):%n", o.landedFiles().size());
      o.landedFiles().forEach(f -> System.out.println("  " + f));
    }
    return 0;
  }
}
