"""The nightly DAG as Airflow loads it: no import errors, the task graph of issue 5, and its policies."""

from __future__ import annotations

import datetime as dt

import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.sdk.exceptions import AirflowSensorTimeout
from conftest import DAGS

import warehouse_nightly as nightly


@pytest.fixture(scope="module")
def dagbag():
    return DagBag(dag_folder=str(DAGS))


@pytest.fixture(scope="module")
def dag(dagbag):
    return dagbag.dags[nightly.DAG_ID]


def test_the_dags_folder_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert sorted(dagbag.dag_ids) == sorted([nightly.DAG_ID, nightly.MAINTAIN_DAG_ID])


def test_upkeep_runs_weekly_as_one_job_with_the_retention_of_its_variable(dagbag):
    upkeep = dagbag.dags[nightly.MAINTAIN_DAG_ID]
    assert [t.task_id for t in upkeep.tasks] == ["maintain"]
    job = upkeep.get_task("maintain")
    assert job.task_type == "SparkSubmitOperator"
    assert job.application_args[4:] == [
        "maintain", "--retain-days", "{{ var.value.get('warehouse_retain_days', '7') }}"]
    assert upkeep.timetable.expression == "0 4 * * 0" and upkeep.max_active_runs == 1


def test_one_sensor_and_one_ingest_task_per_source_all_before_silver(dag):
    silver = dag.get_task("silver")
    for source in nightly.SOURCES:
        suffix = source.replace("/", "_")
        ingest = dag.get_task(f"ingest_{suffix}")
        assert ingest.upstream_task_ids == {f"wait_{suffix}", "begin_run"}
        assert ingest.downstream_task_ids == {"silver"}
        assert ingest.application_args[-6:] == ["--source", source, "--date", nightly.RUN_DATE,
                                                "--run-id", nightly.RUN_ID]
    assert len(silver.upstream_task_ids) == len(nightly.SOURCES) == 13


def test_silver_gold_gates_then_the_report_only_when_due(dag):
    chain = ["silver", "gold", "check", "board_report_due", "board_report"]
    for before, after in zip(chain, chain[1:]):
        assert dag.get_task(before).downstream_task_ids == {after}
    assert dag.get_task("board_report_due").task_type == "_ShortCircuitDecoratedOperator"
    assert dag.get_task("board_report").application_args[4:6] == [
        "report", "--month"]
    assert len(dag.tasks) == 1 + 2 * 13 + 7 + 5


def test_every_job_gets_the_run_date_from_the_data_interval_and_one_run_id(dag):
    jobs = [t for t in dag.tasks if t.task_type == "SparkSubmitOperator"]
    assert len(jobs) == 13 + 7 + 4
    for job in jobs:
        assert job._conn_id == "spark_warehouse"
        assert job._java_class == "io.osswarehouse.cli.WarehouseCli"
        assert "warehouse_jar" in job.application
        args = job.application_args
        if job.task_id != "board_report":
            assert args[args.index("--date") + 1] == "{{ data_interval_start | ds }}"
            assert args[args.index("--run-id") + 1] == "{{ ti.xcom_pull(task_ids='begin_run') }}"


def test_each_source_with_an_api_is_collected_before_its_sensor_and_a_failed_collect_does_not_block_it(dag):
    assert nightly.COLLECTED == ["billing/stripe", "github/gharchive", "github/rest", "downloads/pypistats",
                                 "downloads/npm", "downloads/dockerhub", "web/plausible"]
    for source in nightly.SOURCES:
        suffix = source.replace("/", "_")
        wait = dag.get_task(f"wait_{suffix}")
        assert wait.trigger_rule == "all_done", "what landed is ingested even when the collect failed"
        if source not in nightly.COLLECTED:
            assert wait.upstream_task_ids == set()
            continue
        collect = dag.get_task(f"collect_{suffix}")
        assert collect.upstream_task_ids == {"begin_run"}
        assert collect.downstream_task_ids == {f"wait_{suffix}"}
        assert collect.application_args[4:6] == ["collect", source]
        assert collect.retries == 2 and collect.retry_exponential_backoff, "an API's bad night is retried"


def test_schedule_policies(dag):
    assert type(dag.timetable).__name__ == "CronTriggerTimetable"
    assert dag.timetable.expression == "0 1 * * *"
    assert dag.timetable.interval == dt.timedelta(days=1), "the data interval is the day before the run"
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert set(dag.tags) == {"warehouse", "spark", "nightly"}
    for t in dag.tasks:
        assert t.on_failure_callback, t.task_id
    ingest = dag.get_task("ingest_billing_stripe")
    assert ingest.retries == 2 and ingest.retry_exponential_backoff
    assert ingest.max_retry_delay == dt.timedelta(hours=1)
    assert dag.get_task("check").retries == 0, "a failed gate is a finding: retrying cannot fix it"
    sensor = dag.get_task("wait_github_gharchive")
    assert sensor.mode == "reschedule" and sensor.timeout == 6 * 3600


@pytest.mark.parametrize("run_date, previous_success, due", [
    ("2025-12-31", "2025-12-30", "2025-12"),  # the run of a month's last day reports it
    ("2026-01-01", "2025-12-31", None),  # the next day does not report it again
    ("2026-01-15", "2026-01-14", None),
    ("2026-01-02", "2025-12-30", "2025-12"),  # 31st and 1st failed: the next success reports December
    ("2026-02-28", "2026-02-27", "2026-02"),
    ("2025-12-31", None, "2025-12"),
])
def test_the_board_report_is_due_on_the_first_run_after_a_month_closes(run_date, previous_success, due):
    parse = dt.date.fromisoformat
    assert nightly.report_month_due(parse(run_date), previous_success and parse(previous_success)) == due


def test_a_sensor_finds_the_days_files_and_times_out_with_what_it_expected(tmp_path):
    (tmp_path / "github/gharchive").mkdir(parents=True)
    (tmp_path / "github/gharchive/2025-12-30-23.json.gz").write_bytes(b"")
    exports = '{"github/gharchive": "github/gharchive/{date}-*.json*"}'

    def sensor(source, date):
        return nightly.LandingExportSensor(task_id="wait", source=source, landing_dir=str(tmp_path), run_date=date,
                                           daily_exports=exports, mode="poke", timeout=0, poke_interval=0)

    assert sensor("github/gharchive", "2025-12-30").poke({})
    assert sensor("billing/stripe", "2025-12-31").poke({}), "no daily export configured: nothing to wait for"
    with pytest.raises(AirflowSensorTimeout, match="no github/gharchive export for 2025-12-31: nothing matches "
                                                   "github/gharchive/{date}-"):
        sensor("github/gharchive", "2025-12-31").execute({})
