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


def test_committed_outputs_show_every_cell_ran_without_an_error():
    # The snippets themselves run once in the suite, each in its own process, in
    # tests/test_faq.py (the FAQ tour); the notebook's code is those snippets
    # (checked above), and build_tour.py --execute ran it top to bottom in one
    # kernel before it was committed: its outputs must show no error.
    failures = []
    for index, cell in enumerate(_committed()["cells"]):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                failures.append(f"cell {index}: {output.get('ename')}: {output.get('evalue')}")
    assert not failures, "\n".join(failures)
