"""`keras-faq-compat check`: legacy API uses found statically, coverage resolved honestly."""

import argparse
import json
import os
import subprocess
import sys
import textwrap

import pytest

from keras_faq_compat import _lazy
from keras_faq_compat.cli import check, legacy_apis

FAQ_DIR = os.path.join(os.path.dirname(check.__file__), os.pardir, "faq")


def _faq(name):
    path = os.path.normpath(os.path.join(FAQ_DIR, name))
    if not os.path.exists(path):
        pytest.skip(f"bundled FAQ example {name} not present")
    return path


def _line_of(path, text):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if text in line and not line.lstrip().startswith("#"):
                return number
    raise AssertionError(f"{text!r} not in {path}")


def _run(paths, *options, capsys):
    parser = argparse.ArgumentParser()
    check.add_arguments(parser)
    status = check.main(parser.parse_args(list(options) + [str(p) for p in paths]))
    out, err = capsys.readouterr()
    return status, out, err


def _json(paths, capsys, *options):
    status, out, _ = _run(paths, "--format", "json", *options, capsys=capsys)
    return status, json.loads(out)


def _findings(report):
    return {(f["api"], f["line"]): f for f in report["findings"]}


@pytest.fixture(autouse=True)
def _fresh_coverage():
    """Coverage is resolved at report time: never reuse answers across tests."""
    legacy_apis.clear_cache()
    yield
    legacy_apis.clear_cache()


def _write(tmp_path, name, code):
    path = tmp_path / name
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return path


def test_faq_reproducibility_example_reports_tf1_names_with_lines(capsys):
    path = _faq("27_reproducible.py")
    status, data = _json([path], capsys)
    assert status == 0
    found = _findings(data["files"][0])
    expected = {
        "tf.ConfigProto": _line_of(path, "tf.ConfigProto("),
        "tf.set_random_seed": _line_of(path, "tf.set_random_seed("),
        "tf.Session": _line_of(path, "tf.Session("),
        "tf.get_default_graph": _line_of(path, "tf.get_default_graph("),
        "keras.backend.set_session": _line_of(path, "K.set_session("),
    }
    for api, line in expected.items():
        assert (api, line) in found, (api, line, sorted(found))
        # Every legacy name of the FAQ's recipe is restored.
        assert found[api, line]["covered"] is True, found[api, line]
    assert "tf.random.set_seed" in found["tf.set_random_seed", expected["tf.set_random_seed"]][
        "replacement"]


def test_faq_multi_gpu_example_coverage_follows_the_implementation(capsys):
    path = _faq("03_multi_gpu_data_parallel.py")
    _, data = _json([path], capsys)
    found = _findings(data["files"][0])
    line = _line_of(path, "from keras.utils import multi_gpu_model")
    finding = found["keras.utils.multi_gpu_model", line]
    assert finding["covered"] is True
    assert "MirroredStrategy" in finding["replacement"]
    assert ("import keras", _line_of(path, "import keras")) in found


def test_whole_faq_folder_is_checked_without_errors(capsys):
    folder = os.path.normpath(FAQ_DIR)
    if not os.path.isdir(folder):
        pytest.skip("bundled FAQ examples not present")
    status, data = _json([folder], capsys)
    assert status == 0
    assert data["summary"]["errors"] == 0
    assert data["summary"]["files"] >= 20
    apis = {f["api"] for r in data["files"] for f in r["findings"]}
    # The FAQ's legacy APIs, each found in its example.
    for api in ("import theano", "tf.device_scope", "Model.to_yaml", "keras.models.model_from_yaml",
                "Model.fit_generator", "keras.backend.function", "keras.backend.learning_phase",
                "keras.utils.io_utils.HDF5Matrix", "Model.load_weights(by_name=...)"):
        assert api in apis, api


def test_coverage_flips_when_a_placeholder_is_replaced(monkeypatch):
    from keras_faq_compat.utils import io_utils

    monkeypatch.setattr(io_utils, "HDF5Matrix",
                        _lazy.not_implemented("keras.utils.io_utils.HDF5Matrix", "test"))
    legacy_apis.clear_cache()
    found = _hdf5_matrix_findings()
    assert [(f.api, f.covered) for f in found] == [("keras.utils.io_utils.HDF5Matrix", False)]
    assert "placeholder" in found[0].reason

    class HDF5Matrix:
        pass

    monkeypatch.setattr(io_utils, "HDF5Matrix", HDF5Matrix)
    legacy_apis.clear_cache()
    found = _hdf5_matrix_findings()
    assert [(f.api, f.covered) for f in found] == [("keras.utils.io_utils.HDF5Matrix", True)]


def _hdf5_matrix_findings():
    found = check.check_source("from keras.utils.io_utils import HDF5Matrix\n")
    return [f for f in found if f.api != "import keras"]


def test_tf1_coverage_comes_from_the_activation_table(monkeypatch):
    from keras_faq_compat import activation

    source = "import tensorflow as tf\nsess = tf.Session()\nx = tf.contrib.layers.flatten(1)\n"
    found = {f.api: f for f in check.check_source(source)}
    assert found["tf.Session"].covered is True
    assert found["tf.contrib"].covered is False
    monkeypatch.delitem(activation.TF1_NAMES, "Session")
    legacy_apis.clear_cache()
    found = {f.api: f for f in check.check_source(source)}
    assert found["tf.Session"].covered is False


def test_keyword_coverage_is_read_from_the_converting_code_without_constructing(monkeypatch):
    from keras_faq_compat import optimizers
    from keras_faq_compat.layers import legacy_layers

    source = "from keras.optimizers import Adam\nopt = Adam(lr=0.01)\n"
    found = [f for f in check.check_source(source) if f.api == "optimizer(lr=...)"]
    assert [(f.line, f.covered) for f in found] == [(2, True)]
    # Take ``lr`` out of what the optimizers convert: the report follows the code.
    monkeypatch.setattr(optimizers, "LEGACY_POSITIONAL",
                        {k: tuple(a for a in v if a != "lr") for k, v in optimizers.LEGACY_POSITIONAL.items()})
    legacy_apis.clear_cache()
    found = [f for f in check.check_source(source) if f.api == "optimizer(lr=...)"]
    assert [(f.line, f.covered) for f in found] == [(2, False)]
    # Nothing was constructed: Keras 2 layer numbering and warnings are untouched.
    assert "batch_input_shape" in legacy_layers.KERAS2_SHAPE_ARGUMENTS


def test_coverage_report_constructs_nothing_and_registers_nothing():
    import keras_faq_compat as k
    from keras_faq_compat._real import keras

    registered = dict(keras.saving.get_custom_objects())
    before = k.layers.Dense(2).name
    legacy_apis.clear_cache()
    legacy_apis.table()
    check.check_source("from keras.optimizers import Adam\nopt = Adam(lr=0.01, decay=1e-4)\n"
                       "from keras.layers import Dense\nDense(2, batch_input_shape=(None, 3))\n")
    after = k.layers.Dense(2).name
    # The report made no layer in between (Keras 2 numbering: dense_N then dense_N+1).
    assert int(after.rsplit("_", 1)[1]) == int(before.rsplit("_", 1)[1]) + 1, (before, after)
    assert dict(keras.saving.get_custom_objects()) == registered


def test_names_keras3_still_has_are_not_reported_and_gone_names_are():
    source = textwrap.dedent("""\
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense, Merge
        from keras.layers.recurrent import LSTM
        from keras import backend as K
        K.epsilon()
        K.set_session(None)
        """)
    found = {(f.api, f.line): f for f in check.check_source(source)}
    # ``import keras`` once per file (the name now means Keras 3), at its first import.
    assert set(found) == {("import keras", 2), ("keras.layers.Merge", 3),
                          ("keras.layers.recurrent.LSTM", 4), ("keras.backend.set_session", 7)}
    assert found["keras.layers.Merge", 3].covered is False
    assert found["keras.layers.recurrent.LSTM", 4].replacement == "keras.layers.LSTM"


def test_methods_and_aliases_are_resolved():
    source = textwrap.dedent("""\
        import keras_faq_compat as keras
        import tensorflow as tensor
        model = keras.models.Sequential()
        model.fit_generator(gen, steps_per_epoch=10)
        classes = model.predict_classes(x)
        model.load_weights('w.h5', by_name=True)
        tensor.set_random_seed(1)
        """)
    found = {f.api: f.line for f in check.check_source(source)}
    assert found == {"Model.fit_generator": 4, "Sequential.predict_classes": 5,
                     "Model.load_weights(by_name=...)": 6, "tf.set_random_seed": 7}


def test_syntax_errors_are_reported_not_fatal(tmp_path, capsys):
    _write(tmp_path, "a_broken.py", "import keras\ndef f(:\n    pass\n")
    _write(tmp_path, "b_fine.py", "import tensorflow as tf\ntf.set_random_seed(0)\n")
    (tmp_path / "c_bytes.py").write_bytes(b"x = 1\x00\n")
    status, data = _json([tmp_path], capsys)
    assert status == 0
    by_name = {os.path.basename(r["path"]): r for r in data["files"]}
    assert by_name["a_broken.py"]["errors"][0]["line"] == 2
    assert by_name["a_broken.py"]["errors"][0]["message"].startswith("SyntaxError")
    assert by_name["c_bytes.py"]["errors"]
    assert [f["api"] for f in by_name["b_fine.py"]["findings"]] == ["tf.set_random_seed"]
    status, data = _json([tmp_path], capsys, "--strict")
    assert status == 1  # an unparsable file is not known to be covered


def test_strict_exit_status(tmp_path, capsys):
    covered = _write(tmp_path, "covered.py",
                     "import tensorflow as tf\ntf.set_random_seed(1)\nc = tf.ConfigProto()\n")
    uncovered = _write(tmp_path, "uncovered.py",
                       "import tensorflow as tf\nx = tf.contrib.layers.flatten(1)\n")
    assert _run([covered], "--strict", capsys=capsys)[0] == 0
    status, out, _ = _run([uncovered], "--strict", capsys=capsys)
    assert status == 1
    assert "tf.contrib" in out and "NOT covered" in out
    assert _run([uncovered], capsys=capsys)[0] == 0


def test_notebook_with_magics(tmp_path, capsys):
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "# A notebook"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["%matplotlib inline\n", "!pip install keras==2.2.4\n", "import keras\n",
                    "files = !ls\n", "for i in range(2):\n", "    %time print(i)\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "%%bash\nimport keras -- not python\n"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "%%time\nmodel.fit_generator(g, 3)\n"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "def broken(:\n"},
    ]
    path = tmp_path / "legacy.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                "cells": cells}), encoding="utf-8")
    status, data = _json([path], capsys)
    report = data["files"][0]
    assert [(f["api"], f["cell"], f["line"]) for f in report["findings"]] == [
        ("import keras", 2, 3), ("Model.fit_generator", 4, 2)]
    assert [(e["cell"], e["line"]) for e in report["errors"]] == [(5, 1)]
    status, out, _ = _run([path], capsys=capsys)
    assert "cell 4, line 2" in out and "cell 5, line 1: cannot parse" in out


def test_bad_paths_give_one_clear_error(tmp_path, capsys):
    status, out, err = _run([tmp_path / "missing.py"], capsys=capsys)
    assert status == 2 and "missing.py: no such file or folder" in err
    other = tmp_path / "notes.txt"
    other.write_text("x")
    status, out, err = _run([other], capsys=capsys)
    assert status == 2 and "notes.txt: not a .py or .ipynb file" in err
    bad_nb = tmp_path / "bad.ipynb"
    bad_nb.write_text("{not json")
    status, data = _json([bad_nb], capsys)
    assert "not a readable notebook" in data["files"][0]["errors"][0]["message"]


def test_table_for_doctor_lists_every_row_with_resolved_coverage():
    rows = legacy_apis.table()
    assert len(rows) == len(legacy_apis.LEGACY_APIS)
    by_api = {r["api"]: r for r in rows}
    assert by_api["tf.Session"]["covered"] is True
    assert by_api["tf.contrib"]["covered"] is False
    assert by_api["import theano"]["covered"] is True
    for row in rows:
        assert row["replacement"], row
        assert isinstance(row["covered"], bool)
        assert row["covered"] or row["reason"], row


@pytest.mark.slow
def test_command_line(tmp_path):
    script = _write(tmp_path, "old.py", "import tensorflow as tf\nx = tf.contrib.layers.flatten(1)\n")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([sys.executable, "-m", "keras_faq_compat", "check", "--strict",
                           "--format", "json", str(script)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["summary"]["not_covered"] == 1
    assert data["files"][0]["findings"][0]["line"] == 2


def test_notebook_cells_for_running_keep_writefile_and_env(tmp_path, monkeypatch):
    cells = [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "%%writefile data.txt\nline one\n"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "%env MY_FLAG=1\n!ls\nx = 1\n"},
    ]
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                "cells": cells}), encoding="utf-8")
    # Read for checking: the file's text is not Python; %env is a magic like any other.
    assert check.notebook_code_cells(str(path)) == [(2, "pass\npass\nx = 1\n")]
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MY_FLAG", raising=False)
    namespace = {}
    for _, source in check.notebook_code_cells(str(path), for_run=True):
        exec(compile(source, "cell", "exec"), namespace)
    assert (tmp_path / "data.txt").read_text() == "line one\n"
    assert os.environ["MY_FLAG"] == "1" and namespace["x"] == 1
    monkeypatch.delenv("MY_FLAG")


def test_tf_keras_names_gone_from_keras3_are_not_covered():
    source = textwrap.dedent("""\
        import tensorflow as tf
        from tensorflow.keras.utils import multi_gpu_model
        tf.keras.backend.set_session(None)
        tf.keras.layers.Dense(2)
        """)
    found = {(f.api, f.line): f for f in check.check_source(source)}
    assert set(found) == {("tf.keras.utils.multi_gpu_model", 2),
                          ("tf.keras.backend.set_session", 3)}
    assert not any(f.covered for f in found.values())
    assert "import keras" in found["tf.keras.backend.set_session", 3].reason
