"""Every notebook runs end to end on a sample warehouse without a cell error, and every committed
notebook is stripped of outputs (outputs hold data and make diffs unreadable)."""
from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import NOTEBOOKS

NOTEBOOK_FILES = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_there_are_notebooks():
    assert {p.stem for p in NOTEBOOK_FILES} >= {
        "cohort_retention_heatmap", "nrr_grr_trend", "community_to_revenue_funnel", "download_revenue_correlation"}


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.stem)
def test_committed_notebook_has_no_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    with_outputs = [i for i, cell in enumerate(notebook.cells)
                    if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)]
    assert not with_outputs, f"{path.name}: cells {with_outputs} have outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.stem)
def test_notebook_runs_end_to_end(path, sample_warehouse, monkeypatch):
    # the kernel inherits this process's environment, so the notebook reads the sample warehouse
    monkeypatch.setenv("WAREHOUSE_DIR", str(sample_warehouse))
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on any error
    errors = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs
              if o.output_type == "error"]
    assert not errors
