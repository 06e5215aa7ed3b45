"""A throwaway Airflow for the tests: its home and SQLite database in a temporary folder, set before
anything imports Airflow (which reads its configuration on import)."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

DAGS = Path(__file__).resolve().parents[1] / "dags"
REPO = Path(__file__).resolve().parents[2]

_home = Path(tempfile.mkdtemp(prefix="warehouse-airflow-"))
atexit.register(shutil.rmtree, _home, ignore_errors=True)
AIRFLOW_ENV = {
    "AIRFLOW_HOME": str(_home),
    "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_home}/airflow.db",
    "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(_home / "logs"),
}
os.environ.update(AIRFLOW_ENV)
sys.path.insert(0, str(DAGS))  # the DAG module's helpers are tested directly
