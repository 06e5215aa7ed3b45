"""One complete run of the nightly DAG for one logical date, with real spark-submits of the cluster jar
on local Spark, against a small generated landing folder. Afterwards gold exists, the audit holds the
run (one run id across every task, the run date from the data interval) and the board report is written.

Needs the jar (`mvn package`, which bin/test runs first) and the notebooks environment, whose pyspark
distribution provides spark-submit (bin/pyenv notebooks)."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AIRFLOW_ENV, REPO

RUN_DATE = "2025-12-31"
LOGICAL_DATE = "2026-01-01T01:00:00+00:00"  # the 01:00 run after the day; its data interval is 2025-12-31


def spark_home() -> Path:
    venv = subprocess.run([str(REPO / "bin/pyenv"), "notebooks"], check=True, capture_output=True,
                          text=True).stdout.strip()
    return Path(glob.glob(f"{venv}/lib/python3*/site-packages/pyspark")[0])


@pytest.fixture(scope="module")
def completed_run(tmp_path_factory):
    jars = glob.glob(str(REPO / "jobs/target/warehouse-jobs-*-spark.jar"))
    assert jars, "build the cluster jar first: mvn -DskipTests package"
    world = tmp_path_factory.mktemp("world")
    warehouse, landing, reports = world / "warehouse", world / "landing", world / "reports"
    subprocess.run([str(REPO / "bin/warehouse"), "--quiet", "--landing", str(landing), "generate",
                    "--organizations", "12", "--start", "2025-11-15", "--end", RUN_DATE], check=True)
    home = spark_home()
    env = {
        **os.environ, **AIRFLOW_ENV,
        "PATH": f"{home / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "SPARK_HOME": str(home),
        "AIRFLOW_CONN_SPARK_WAREHOUSE": json.dumps({"conn_type": "spark", "host": "local[2]"}),
        "AIRFLOW_VAR_WAREHOUSE_JAR": jars[0],
        "AIRFLOW_VAR_WAREHOUSE_DIR": str(warehouse),
        "AIRFLOW_VAR_WAREHOUSE_LANDING_DIR": str(landing),
        "AIRFLOW_VAR_WAREHOUSE_REPORTS_DIR": str(reports),
        "AIRFLOW_VAR_WAREHOUSE_SPARK_DRIVER_MEMORY": "1g",
        "AIRFLOW_VAR_WAREHOUSE_SHUFFLE_PARTITIONS": "2",
        # Each spark-submit's driver runs Spark as the jobs' tests do, interpreted and not adaptive: on a few
        # thousand rows, compiling code and re-planning cost more than they save (SparkConf reads spark.*
        # system properties of the driver's JVM, which spark-submit starts with these options in local mode).
        "SPARK_SUBMIT_OPTS": "-Dspark.sql.codegen.wholeStage=false -Dspark.sql.codegen.factoryMode=NO_CODEGEN"
                             " -Dspark.sql.adaptive.enabled=false -Dspark.databricks.delta.stats.collect=false"
                             " -Dspark.databricks.delta.stats.skipping=false",
        # One ingest task per area, not per source: 4 spark-submits instead of 13 (each starts a JVM).
        "WAREHOUSE_DAG_INGEST_GROUPS": "billing,github,downloads,web",
        # The generated world is landed already and the APIs are out of reach: no collect tasks (their wiring is
        # in test_dag_structure.py, the collectors' behaviour in the jobs' tests against local servers).
        "WAREHOUSE_DAG_COLLECT": "false",
    }
    subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], env=env, check=True, capture_output=True)
    script = (
        "import json, datetime as dt\n"
        "from airflow.dag_processing.dagbag import DagBag\n"
        "dag = DagBag().dags['warehouse_nightly']\n"
        f"run = dag.test(logical_date=dt.datetime.fromisoformat('{LOGICAL_DATE}'))\n"
        "states = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}\n"
        "print('RESULT ' + json.dumps({'state': str(run.state), 'tasks': states}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, done.stdout[-3000:] + done.stderr[-5000:]
    result = json.loads(lines[-1][len("RESULT "):])
    return {"result": result, "warehouse": warehouse, "reports": reports, "log": done.stderr}


def warehouse_cli(run, *args):
    return subprocess.run([str(REPO / "bin/warehouse"), "--quiet", "--warehouse", str(run["warehouse"]), *args],
                          check=True, capture_output=True, text=True).stdout


def test_every_task_succeeds(completed_run):
    result = completed_run["result"]
    failed = {t: s for t, s in result["tasks"].items() if s != "success"}
    assert result["state"] == "success" and not failed, (failed, completed_run["log"][-5000:])
    assert len(result["tasks"]) == 1 + 13 + 4 + 5


def test_gold_exists_and_status_shows_the_run_with_one_run_id_and_the_interval_date(completed_run):
    gold = completed_run["warehouse"] / "gold"
    for table in ["mrr_bridge_monthly", "customer_mrr_monthly", "revenue_retention", "funnel_monthly"]:
        assert (gold / table / "_delta_log").is_dir(), table
    status = warehouse_cli(completed_run, "status", "--format", "json")
    rows = [json.loads(line) for line in status.splitlines() if line.strip()]
    assert {r["run_id"] for r in rows} == {rows[0]["run_id"]}, "one run id across every task"
    assert rows[0]["run_id"].startswith(RUN_DATE + "_") and {r["run_date"] for r in rows} == {RUN_DATE}
    outcomes = {(r["stage"], r["outcome"]) for r in rows}
    assert {("ingest", "loaded"), ("silver", "succeeded"), ("gold", "succeeded"),
            ("check", "succeeded")} <= outcomes, status
    assert ("ingest", "failed") not in outcomes and ("check", "failed") not in outcomes, status


def test_the_first_run_after_the_month_closed_writes_its_board_report(completed_run):
    written = sorted(p.name for p in (completed_run["reports"] / "2025-12").iterdir())
    assert any(name.endswith(".pdf") for name in written) and any(name.endswith(".xlsx") for name in written)
