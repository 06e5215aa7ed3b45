"""The cluster jar, unchanged, on a real Spark standalone cluster: a master and one worker on
127.0.0.1 from the Spark distribution that pyspark installs (notebooks environment). The nightly run
of one date on the cluster must give the same gold tables as the same run in local mode. Every process
the test starts is stopped, also when it fails."""

from __future__ import annotations

import glob
import json
import os
import signal
import socket
import subprocess
import time
from collections import Counter
from pathlib import Path

import pyspark
import pytest

REPO = Path(__file__).resolve().parents[2]
SPARK_HOME = Path(pyspark.__file__).parent
RUN_DATE = "2025-12-31"
MAIN = "io.osswarehouse.cli.WarehouseCli"
SALT = "cluster-test-salt-not-a-secret"  # the same pseudonyms in both warehouses


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"process {proc.args} exited with {proc.returncode}"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    work = tmp_path_factory.mktemp("cluster")
    return {
        **os.environ,
        "SPARK_HOME": str(SPARK_HOME),
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_LOG_DIR": str(work / "logs"),
        "SPARK_WORKER_DIR": str(work / "worker"),
        "WAREHOUSE_EMAIL_SALT": SALT,
        "WAREHOUSE_SHUFFLE_PARTITIONS": "4",
        "_WORK": str(work),
    }


@pytest.fixture(scope="module")
def jar():
    jars = glob.glob(str(REPO / "jobs/target/warehouse-jobs-*-spark.jar"))
    assert jars, "build the cluster jar first: mvn -DskipTests package"
    return jars[0]


@pytest.fixture(scope="module")
def landing(env):
    landing = Path(env["_WORK"]) / "landing"
    subprocess.run([str(REPO / "bin/warehouse"), "--quiet", "--landing", str(landing), "generate",
                    "--organizations", "12", "--start", "2025-11-15", "--end", RUN_DATE], check=True, env=env)
    return landing


def submit(env, jar, master: str, warehouse: Path, landing: Path, *conf: str) -> None:
    cmd = [str(SPARK_HOME / "bin/spark-submit"), "--master", master, "--class", MAIN,
           "--conf", "spark.driver.extraJavaOptions=-Duser.timezone=UTC",
           "--conf", "spark.executor.extraJavaOptions=-Duser.timezone=UTC",
           "--conf", f"spark.osswarehouse.emailSalt={SALT}",
           "--conf", "spark.driver.memory=1g", "--conf", "spark.ui.enabled=false", *conf,
           jar, "--quiet", "--warehouse", str(warehouse), "--landing", str(landing), "run", "--date", RUN_DATE]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-5000:]


@pytest.fixture(scope="module")
def cluster(env):
    """A standalone master and one worker (2 cores, 1 GB), stopped whatever happens."""
    port, master_ui, worker_ui = free_port(), free_port(), free_port()
    spark_class = str(SPARK_HOME / "bin/spark-class")
    procs = []
    try:
        master = subprocess.Popen([spark_class, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                                   "--port", str(port), "--webui-port", str(master_ui)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        procs.append(master)
        wait_for_port(port, master)
        url = f"spark://127.0.0.1:{port}"
        worker = subprocess.Popen([spark_class, "org.apache.spark.deploy.worker.Worker", url, "--host", "127.0.0.1",
                                   "--cores", "2", "--memory", "1g", "--webui-port", str(worker_ui),
                                   "--work-dir", env["SPARK_WORKER_DIR"]], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        procs.append(worker)
        wait_for_port(worker_ui, worker)
        yield url
    finally:
        for proc in reversed(procs):  # each in its own process group: executors it forked go too
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture(scope="module")
def warehouses(env, jar, landing, cluster):
    work = Path(env["_WORK"])
    local, on_cluster = work / "warehouse-local", work / "warehouse-cluster"
    # The reference in local mode runs Spark as the jobs' tests do, interpreted and not adaptive (on a few thousand
    # rows compiling code and re-planning cost more than they save); the cluster run keeps the production settings.
    submit(env, jar, "local[2]", local, landing, "--conf", "spark.sql.codegen.wholeStage=false",
           "--conf", "spark.sql.codegen.factoryMode=NO_CODEGEN", "--conf", "spark.sql.adaptive.enabled=false")
    submit(env, jar, cluster, on_cluster, landing, "--conf", "spark.executor.memory=512m",
           "--conf", "spark.cores.max=2")
    return local, on_cluster


def test_the_cluster_ran_the_job_on_its_executors(env, warehouses):
    apps = list(Path(env["SPARK_WORKER_DIR"]).glob("app-*/*/stderr"))
    assert apps, "no executor of the cluster ran: the job did not use the cluster"


def test_gold_on_the_cluster_equals_gold_in_local_mode(env, jar, warehouses, cluster):
    from pyspark.sql import SparkSession, functions as F

    local, on_cluster = warehouses
    tables = sorted(p.name for p in (local / "gold").iterdir() if (p / "_delta_log").is_dir())
    assert "mrr_bridge_monthly" in tables and len(tables) >= 10, tables
    assert tables == sorted(p.name for p in (on_cluster / "gold").iterdir() if (p / "_delta_log").is_dir())
    # Interpreted, on few partitions: a few hundred rows per table.
    spark = (SparkSession.builder.master("local[2]").appName("compare-gold")
             .config("spark.jars", jar)  # Delta Lake is inside the cluster jar
             .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
             .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
             .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "2").config("spark.sql.codegen.wholeStage", "false")
             .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
             # Delta replays a table's log on 50 partitions by default: 50 tasks for each of these small tables.
             .config("spark.databricks.delta.snapshotPartitions", "2").getOrCreate())
    try:
        different = []
        for table in tables:
            def rows(root):
                df = spark.read.format("delta").load(str(root / "gold" / table))
                # Lineage (_run_id, ...) differs by design; doubles summed in another order differ in the last bits.
                cols = [F.round(F.col(f.name), 9).alias(f.name) if f.dataType.typeName() in ("double", "float")
                        else F.col(f.name) for f in df.schema.fields if not f.name.startswith("_")]
                # Small tables: the rows as a multiset, compared in Python (one job per table and side); each row
                # as canonical JSON, so array, map and struct values compare too.
                return Counter(json.dumps(r.asDict(recursive=True), default=str, sort_keys=True)
                               for r in df.select(cols).collect())
            if rows(local) != rows(on_cluster):
                different.append(table)
        assert different == []
    finally:
        spark.stop()
