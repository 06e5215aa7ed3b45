"""The warehouse's nightly run as an Airflow DAG (docs/airflow.md).

One run per day: for the day the data interval covers (the run date), the sources with an API are collected
into the landing folder, each landing source's export is awaited and ingested in parallel, then silver, gold and the data-quality gates run, and on the first
run after a month closes the board report of that month is written. Every job is `bin/warehouse`'s
command line inside the cluster jar, submitted with SparkSubmitOperator; the run date and one run id
are passed to each of them explicitly.

Parse time does no I/O beyond reading a few environment variables (the DAG's shape); everything a
job needs is rendered at run time from Airflow Variables, each with the default documented in
docs/airflow.md.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
from pathlib import Path

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import DAG, BaseSensorOperator, CronTriggerTimetable, Variable, task
from airflow.sdk.exceptions import AirflowSensorTimeout

DAG_ID = "warehouse_nightly"
MAINTAIN_DAG_ID = "warehouse_maintain"

# Landing sources, as `warehouse ingest --source` names them (NightlyRun.SOURCES, in that order).
SOURCES = [
    "billing/stripe",
    "billing/subscription_periods",
    "billing/fx_rates",
    "github/gharchive",
    "github/rest",
    "downloads/pypi",
    "downloads/pypistats",
    "downloads/npm",
    "downloads/dockerhub",
    "downloads/maven",
    "web/ga4",
    "web/plausible",
    "web/access_logs",
]

# Sources `warehouse collect` fetches from their APIs (io.osswarehouse.collect.Collection.COLLECTORS); the
# others are BigQuery exports or files a company lands itself.
COLLECTED = [
    "billing/stripe",
    "github/gharchive",
    "github/rest",
    "downloads/pypistats",
    "downloads/npm",
    "downloads/dockerhub",
    "web/plausible",
]

# The checkout this file sits in, for defaults that work when the DAGs folder points into it.
REPO = Path(__file__).resolve().parents[2]

# Run-time configuration: Airflow Variable -> default (docs/airflow.md lists them).
DEFAULTS = {
    "warehouse_jar": str(REPO / "jobs/target/warehouse-jobs-0.1.0-SNAPSHOT-spark.jar"),
    "warehouse_dir": str(REPO / "warehouse"),
    "warehouse_landing_dir": str(REPO / "landing"),
    "warehouse_reports_dir": str(REPO / "reports"),
    "warehouse_spark_driver_memory": "2g",
    "warehouse_spark_executor_memory": "2g",
    "warehouse_shuffle_partitions": "8",
    # The properties file every job reads (what to collect, tracked repositories...); empty: the jobs' own
    # default ($WAREHOUSE_CONFIG of the worker, else ./warehouse.properties).
    "warehouse_config": "",
    # JSON: source -> glob under the landing folder of the files that make one day's export ({date} is
    # the run date, {month} its YYYY-MM). Sources not listed are not awaited (monthly or ad-hoc exports;
    # the freshness gate watches them).
    "warehouse_daily_exports": '{"github/gharchive": "github/gharchive/{date}-*.json*"}',
    # JSON: source -> freshness limit in days for `warehouse check` (others: 35).
    "warehouse_freshness_days": '{"github/gharchive": 2, "github/rest": 8, "downloads/dockerhub": 8}',
    # Comma-separated addresses for failure e-mails through Airflow's SMTP notifier; empty: none.
    "warehouse_alert_emails": "",
    # Days of table versions the weekly upkeep keeps readable (at least 7).
    "warehouse_retain_days": "7",
}


def var(name: str) -> str:
    """A Jinja expression for a Variable with its default, rendered when the task runs."""
    return "{{ var.value.get('%s', %r) }}" % (name, DEFAULTS[name])


# The DAG's shape is fixed at parse time, so it comes from the DAG processor's environment.
SPARK_CONN_ID = os.environ.get("WAREHOUSE_SPARK_CONN_ID", "spark_warehouse")
SCHEDULE = os.environ.get("WAREHOUSE_DAG_SCHEDULE", "0 1 * * *")  # 01:00 UTC, for the UTC day that ended
# Sundays 04:00 UTC, after the night's run; if that run still holds the writer lock, upkeep fails and retries.
MAINTAIN_SCHEDULE = os.environ.get("WAREHOUSE_MAINTAIN_SCHEDULE", "0 4 * * 0")
START_DATE = dt.datetime.fromisoformat(os.environ.get("WAREHOUSE_DAG_START_DATE", "2025-01-01")).replace(
    tzinfo=dt.timezone.utc)
CATCHUP = os.environ.get("WAREHOUSE_DAG_CATCHUP", "false").lower() in ("1", "true", "yes")
SENSOR_TIMEOUT = dt.timedelta(seconds=int(os.environ.get("WAREHOUSE_SENSOR_TIMEOUT_SECONDS", str(6 * 3600))))
SENSOR_POKE = dt.timedelta(seconds=int(os.environ.get("WAREHOUSE_SENSOR_POKE_SECONDS", "300")))
# Comma-separated folders (e.g. "billing,github,downloads,web") to ingest one task per folder instead of
# one per source: fewer spark-submits when start-up time dominates (small warehouses, tests).
INGEST_GROUPS = [g.strip() for g in os.environ.get("WAREHOUSE_DAG_INGEST_GROUPS", "").split(",") if g.strip()]
# Whether each source with an API is collected (`warehouse collect`) before its sensor; "false" when every
# export is landed by other means.
COLLECT = os.environ.get("WAREHOUSE_DAG_COLLECT", "true").lower() in ("1", "true", "yes")

# The run date is the day the data interval covers; every job gets it explicitly.
RUN_DATE = "{{ data_interval_start | ds }}"
RUN_ID = "{{ ti.xcom_pull(task_ids='begin_run') }}"


def task_suffix(source: str) -> str:
    return source.replace("/", "_")


def report_month_due(run_date: dt.date, previous_success: dt.date | None) -> str | None:
    """The month whose board report this run writes, if any, as YYYY-MM.

    A month is closed once its last day has been run. The first successful run at or after that day
    writes its report: normally the run of the month's last day; after failed or skipped days, the
    next run that succeeds. Runs after it (whose previous success already covered the close) write none.
    """
    closed = (run_date + dt.timedelta(days=1)).replace(day=1) - dt.timedelta(days=1)  # last closed day
    if previous_success is not None and previous_success >= closed:
        return None
    return closed.strftime("%Y-%m")


def landing_matches(landing_dir: str, pattern: str, run_date: str) -> list[str]:
    """Files of one day's export: the pattern with {date}/{month} filled in, under the landing folder."""
    expanded = pattern.format(date=run_date, month=run_date[:7])
    return sorted(p for p in glob.glob(os.path.join(landing_dir, expanded), recursive=True) if os.path.isfile(p))


class LandingExportSensor(BaseSensorOperator):
    """Waits until a source's export for the run date has landed; a timeout fails with what was expected."""

    template_fields = ("landing_dir", "run_date", "daily_exports")

    def __init__(self, *, source: str, landing_dir: str, run_date: str, daily_exports: str, **kwargs):
        super().__init__(**kwargs)
        self.source = source
        self.landing_dir = landing_dir
        self.run_date = run_date
        self.daily_exports = daily_exports

    def pattern(self) -> str | None:
        import json

        return json.loads(self.daily_exports or "{}").get(self.source)

    def poke(self, context) -> bool:
        pattern = self.pattern()
        if pattern is None:
            self.log.info("%s has no daily export to wait for (warehouse_daily_exports)", self.source)
            return True
        found = landing_matches(self.landing_dir, pattern, self.run_date)
        self.log.info("%s on %s: %d file(s) match %s under %s", self.source, self.run_date, len(found), pattern,
                      self.landing_dir)
        return bool(found)

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowSensorTimeout as e:
            raise AirflowSensorTimeout(
                f"no {self.source} export for {self.run_date}: nothing matches {self.pattern()} under "
                f"{self.landing_dir} after {self.timeout:.0f} s; check that the export job ran, or set "
                f"warehouse_daily_exports if this source is no longer exported daily") from e


def notify_failure(context) -> None:
    """On a task's failure: an e-mail through Airflow's SMTP notifier (its smtp connection) when
    warehouse_alert_emails is set. The reason is in the task log; the job's one-line error is its last line."""
    to = Variable.get("warehouse_alert_emails", default=DEFAULTS["warehouse_alert_emails"]).strip()
    if not to:
        return
    from airflow.providers.smtp.notifications.smtp import SmtpNotifier

    SmtpNotifier(
        to=[a.strip() for a in to.split(",") if a.strip()],
        subject="[warehouse] {{ dag.dag_id }} {{ data_interval_start | ds }}: {{ ti.task_id }} failed",
        html_content="Run date {{ data_interval_start | ds }}, task {{ ti.task_id }}, try {{ ti.try_number }}. "
                     "Log: {{ ti.log_url }}",
    )(context)


def warehouse_job(task_id: str, *args: str, **kwargs) -> SparkSubmitOperator:
    """One `warehouse` command as a Spark application on the configured connection."""
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id=SPARK_CONN_ID,
        application=var("warehouse_jar"),
        java_class="io.osswarehouse.cli.WarehouseCli",
        name=f"warehouse-{task_id}",
        conf={
            # Delta, as the jobs set it themselves, in case cluster defaults say otherwise.
            "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
            "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
            "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
            "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
            "spark.driver.memory": var("warehouse_spark_driver_memory"),
            "spark.executor.memory": var("warehouse_spark_executor_memory"),
            "spark.ui.showConsoleProgress": "false",
        },
        env_vars={"WAREHOUSE_SHUFFLE_PARTITIONS": var("warehouse_shuffle_partitions"),
                  "WAREHOUSE_CONFIG": var("warehouse_config")},
        application_args=["--warehouse", var("warehouse_dir"), "--landing", var("warehouse_landing_dir"),
                          *args],
        **kwargs,
    )


with DAG(
    dag_id=DAG_ID,
    description="Nightly warehouse run: ingest every source, silver, gold, quality gates, monthly board report",
    schedule=CronTriggerTimetable(SCHEDULE, timezone="UTC", interval=dt.timedelta(days=1)),
    start_date=START_DATE,
    catchup=CATCHUP,
    max_active_runs=1,  # two runs never write the same tables at once
    tags=["warehouse", "spark", "nightly"],
    doc_md=__doc__,
    default_args={
        "owner": "data-platform",
        "retries": 2,
        "retry_delay": dt.timedelta(minutes=5),
        "retry_exponential_backoff": True,
        "max_retry_delay": dt.timedelta(hours=1),
        "on_failure_callback": notify_failure,
    },
) as dag:

    @task
    def begin_run(data_interval_start=None) -> str:
        """One run id for every job of this DAG run; a cleared and re-run DAG run gets a new one."""
        now = dt.datetime.now(dt.timezone.utc)  # lineage only, as RunContext's ids; never the run date
        return f"{data_interval_start:%Y-%m-%d}_{now:%Y%m%dT%H%M%S}Z"

    run_id = begin_run()

    silver = warehouse_job("silver", "silver", "--date", RUN_DATE, "--run-id", RUN_ID)
    groups = INGEST_GROUPS or SOURCES
    for group in groups:
        members = [s for s in SOURCES if s == group or s.startswith(group + "/")]
        waits = []
        for source in members:
            wait = LandingExportSensor(
                task_id=f"wait_{task_suffix(source)}",
                source=source,
                landing_dir=var("warehouse_landing_dir"),
                run_date=RUN_DATE,
                daily_exports=var("warehouse_daily_exports"),
                timeout=SENSOR_TIMEOUT,
                poke_interval=SENSOR_POKE,
                mode="reschedule",  # frees the worker slot between pokes
                retries=0,  # the timeout already waited long enough
                # A failed collect must not block the source: what landed is ingested, `check` watches freshness.
                trigger_rule="all_done",
            )
            if COLLECT and source in COLLECTED:
                # Runs every night, so GitHub's 14-day traffic window never closes on a day; retried like every job.
                collect = warehouse_job(f"collect_{task_suffix(source)}", "collect", source, "--date", RUN_DATE,
                                        "--run-id", RUN_ID)
                run_id >> collect >> wait
            waits.append(wait)
        ingest = warehouse_job(f"ingest_{task_suffix(group)}", "ingest", "--source", group, "--date", RUN_DATE,
                               "--run-id", RUN_ID)
        waits >> ingest
        run_id >> ingest >> silver

    gold = warehouse_job("gold", "gold", "--date", RUN_DATE, "--run-id", RUN_ID)
    check = warehouse_job(
        "check", "check", "--date", RUN_DATE, "--run-id", RUN_ID,
        "--max-age", "{{ var.json.get('warehouse_freshness_days', %s).items() | map('join', '=') | join(',') }}"
        % DEFAULTS["warehouse_freshness_days"],
        retries=0,  # a failed gate is a finding, not a glitch
    )

    @task.short_circuit
    def board_report_due(data_interval_start=None, prev_data_interval_start_success=None) -> str | None:
        """The month to report (truthy: go on), or None to skip the report."""
        previous = prev_data_interval_start_success.date() if prev_data_interval_start_success else None
        return report_month_due(data_interval_start.date(), previous)

    due = board_report_due()
    report = warehouse_job(
        "board_report", "report", "--month", "{{ ti.xcom_pull(task_ids='board_report_due') }}",
        "--out", var("warehouse_reports_dir") + "/{{ ti.xcom_pull(task_ids='board_report_due') }}")

    silver >> gold >> check >> due >> report


with DAG(
    dag_id=MAINTAIN_DAG_ID,
    description="Weekly table upkeep: compaction, vacuum of what no version of the retention needs, log checkpoints",
    schedule=CronTriggerTimetable(MAINTAIN_SCHEDULE, timezone="UTC"),
    start_date=START_DATE,
    catchup=False,  # one upkeep catches up on every week missed
    max_active_runs=1,
    tags=["warehouse", "spark", "upkeep"],
    default_args={
        "owner": "data-platform",
        "retries": 1,
        "retry_delay": dt.timedelta(minutes=30),
        "on_failure_callback": notify_failure,
    },
) as maintain_dag:
    warehouse_job("maintain", "maintain", "--retain-days", var("warehouse_retain_days"))
