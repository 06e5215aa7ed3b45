"""The warehouse the notebooks read: the fixture warehouse the Maven tests built (jobs/target/test-fixture,
read only), or, when there is none (the Maven tests did not run), the generator's tiny world run through
the nightly run with bin/warehouse in a temporary folder. bin/test runs this after `mvn verify`, so the
jars and the fixture exist."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO_ROOT / "notebooks"
# Small enough to run in about a minute on an idle laptop, long enough for a trailing-12-month NRR.
WORLD = ["--seed", "7", "--organizations", "40", "--start", "2024-08-01", "--end", "2025-09-30"]
RUN_DATE = "2025-09-30"


def _warehouse(tmp: Path, *args: str) -> None:
    env = dict(os.environ, WAREHOUSE_SPARK_MASTER="local[2]", WAREHOUSE_SHUFFLE_PARTITIONS="2",
               WAREHOUSE_EMAIL_SALT="notebook-tests-salt-not-secret")
    command = [str(REPO_ROOT / "bin" / "warehouse"), "--warehouse", str(tmp / "warehouse"),
               "--landing", str(tmp / "landing"), "--quiet", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def fixture_warehouse() -> Path | None:
    """The Maven tests' fixture warehouse, when one is complete."""
    ready = sorted((REPO_ROOT / "jobs" / "target" / "test-fixture").glob("world-*/READY"))
    return ready[-1].parent / "warehouse" if ready else None


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    shared = fixture_warehouse()
    if shared is not None:
        print(f"notebooks read the fixture warehouse {shared}")
        return shared
    tmp = tmp_path_factory.mktemp("sample")
    _warehouse(tmp, "generate", *WORLD)
    _warehouse(tmp, "run", "--date", RUN_DATE)
    return tmp / "warehouse"
