"""The notebooks' one way into the warehouse: a local PySpark session with Delta, reading the tables
the pipeline wrote and seeing the same catalog as `bin/warehouse sql` (bronze.*, silver.*, gold.*,
meta.* and the analyst views analytics.*).

Delta comes from the warehouse's own shaded jar (jobs/target/warehouse-jobs-*-spark.jar, built by
`mvn -DskipTests package`): it is the Delta version the pipeline writes with, it needs no download at
run time, and it carries io.osswarehouse.spark.Warehouse, whose registerAll() registers the tables
and the analyst views exactly as the CLI does, so a view is defined once, in sql/views/.

Environment:
  WAREHOUSE_DIR           the warehouse root (default: ./warehouse at the repository root, as bin/demo writes it)
  WAREHOUSE_JAR           the shaded jar (default: the newest jobs/target/warehouse-jobs-*-spark.jar)
  WAREHOUSE_SPARK_MASTER  Spark master (default: local[2])
"""
from __future__ import annotations

import os
from pathlib import Path

from pyspark.sql import SparkSession

REPO_ROOT = Path(__file__).resolve().parent.parent


def warehouse_dir() -> Path:
    """The warehouse root: $WAREHOUSE_DIR (relative paths from the current directory), else ./warehouse
    at the repository root."""
    configured = os.environ.get("WAREHOUSE_DIR")
    return Path(configured).resolve() if configured else REPO_ROOT / "warehouse"


def warehouse_jar() -> Path:
    configured = os.environ.get("WAREHOUSE_JAR")
    if configured:
        jar = Path(configured).resolve()
        if not jar.is_file():
            raise FileNotFoundError(f"WAREHOUSE_JAR={configured}: no such file")
        return jar
    jars = sorted((REPO_ROOT / "jobs" / "target").glob("warehouse-jobs-*-spark.jar"), key=lambda p: p.stat().st_mtime)
    if not jars:
        raise FileNotFoundError("no jobs/target/warehouse-jobs-*-spark.jar: build it with `mvn -DskipTests package` "
                                "or set WAREHOUSE_JAR")
    return jars[-1]


def spark_session(app_name: str = "oss-warehouse-notebook") -> SparkSession:
    """A Spark session on the warehouse with every table and analyst view registered."""
    root = warehouse_dir()
    if not (root / "gold").is_dir():
        raise FileNotFoundError(f"no warehouse at {root} (no gold/ folder): run `bin/demo`, or "
                                "`bin/warehouse run --date D`, or point WAREHOUSE_DIR at one")
    spark = (
        SparkSession.builder.master(os.environ.get("WAREHOUSE_SPARK_MASTER", "local[2]"))
        .appName(app_name)
        .config("spark.jars", str(warehouse_jar()))
        # the same session settings as the pipeline (io.osswarehouse.spark.SparkSessions.deltaConf)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.databricks.delta.snapshotPartitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        # Spark's own catalog folder goes where the CLI puts it, never into the notebook's folder
        .config("spark.sql.warehouse.dir", (root / "_spark").as_uri())
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    jvm = spark.sparkContext._jvm
    jvm.io.osswarehouse.spark.Warehouse(spark._jsparkSession, jvm.java.io.File(str(root)).toPath()).registerAll()
    return spark
