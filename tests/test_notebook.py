"""The FAQ tour notebook: built from the FAQ examples, committed with outputs, runs top to bottom.

Every FAQ snippet in the notebook runs unchanged after one activation cell; on
plain Keras 3 most of them fail (``import theano``, ``multi_gpu_model``,
``to_yaml``, ``fit_generator``, ``K.function``, ``HDF5Matrix``, ``tf.Session``, ...).
"""

import importlib.util
import json
import os

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOK = os.path.join(REPO, "notebooks", "keras_faq_tour.ipynb")
BUILDER = os.path.join(REPO, "notebooks", "build_tour.py")


def _builder():
    if not os.path.exists(BUILDER):
        pytest.skip("notebooks/build_tour.py is not in this checkout")
    spec = importlib.util.spec_from_file_location("build_tour", BUILDER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _committed():
    with open(NOTEBOOK, encoding="utf-8") as f:
        return json.load(f)


def test_committed_notebook_is_the_faq_examples_with_outputs():
    builder = _builder()
    committed = _committed()
    # Same code as the bundled examples give now (no hand edits, no stale snippet).
    assert builder.code_sources(committed) == builder.code_sources(builder.build())
    code = [c for c in committed["cells"] if c["cell_type"] == "code"]
    # Committed executed, in order, top to bottom.
    counts = [c["execution_count"] for c in code]
    assert None not in counts, "commit the notebook with its outputs (build_tour.py --execute)"
    assert counts == sorted(counts)
    # Exactly one cell turns the compat layer on, before any FAQ snippet.
    installs = [i for i, c in enumerate(code) if "keras_faq_compat.install()" in "".join(c["source"])]
    assert len(installs) == 1 and installs[0] <= 1
    # Every question of the FAQ, in order.
    titles = [line for c in committed["cells"] if c["cell_type"] == "markdown"
              for line in "".join(c["source"]).splitlines() if line.startswith("## ")]
    numbered = [t for t in titles if t[3:4].isdigit()]
    assert [int(t[3:].split(".")[0]) for t in numbered] == list(range(1, 21))


@pytest.mark.slow
def test_notebook_runs_top_to_bottom_in_a_fresh_kernel(tmp_path):
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    client = nbclient.NotebookClient(
        nb, timeout=900, kernel_name="python3", allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    failures = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = cell.source.splitlines()[0] if cell.source else ""
                failures.append(f"cell {index} ({first_line!r}): {output.ename}: {output.evalue}")
    assert not failures, "\n".join(failures)
