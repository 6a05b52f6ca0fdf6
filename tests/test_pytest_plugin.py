"""The pytest plugin: the `keras_compat` fixture and legacy scripts/notebooks as test items."""

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

pytest_plugins = ["pytester"]


def _env():
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    env.pop("PYTEST_ADDOPTS", None)
    return env


def _pytest(args, cwd, timeout=600):
    """Run pytest in a fresh process (the plugin comes in through its entry point)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "-q"] + list(args),
        cwd=str(cwd), env=_env(), capture_output=True, text=True, timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _outcomes(output):
    """``{nodeid: outcome}`` from pytest's ``-rA`` short summary."""
    found = {}
    for line in output.splitlines():
        match = re.match(r"(PASSED|FAILED|SKIPPED|XFAIL|XPASS|ERROR) (\S+)", line)
        if match:
            found[match.group(2)] = match.group(1)
        match = re.match(r"SKIPPED \[\d+\] (\S+?):\d*:? ", line)
        if match:
            found[match.group(1)] = "SKIPPED"
    return found


def test_importing_the_plugin_imports_neither_tensorflow_nor_keras():
    code = ("import sys, keras_faq_compat.pytest_plugin\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras'))\n"
            "assert not heavy, heavy\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_fixture_gives_the_compat_layer_for_one_test(keras_compat):
    import keras
    import tensorflow as tf
    from keras.utils.test_utils import get_test_data  # no such module in Keras 3

    import keras_faq_compat

    assert keras is keras_compat
    assert keras.Sequential is keras_faq_compat.Sequential
    assert callable(tf.set_random_seed)
    (x, y), _ = get_test_data(num_train=4, num_test=2, input_shape=(3,))
    assert x.shape == (4, 3)


def test_fixture_restores_modules_tf_names_and_settings(pytester):
    pytester.makepyfile(test_two=textwrap.dedent("""\
        import sys

        def test_a_legacy(keras_compat):
            import keras
            import theano
            import tensorflow as tf
            from keras_faq_compat._real import keras as real
            assert keras is keras_compat and keras is not real
            theano.config.floatX = "float64"
            keras.backend.set_epsilon(1e-3)
            keras.backend.set_image_data_format("channels_first")
            assert real.config.floatx() == "float64"
            tf.set_random_seed(3)

        def test_b_after():
            import keras
            import tensorflow as tf
            from keras_faq_compat._real import keras as real
            assert keras is real
            assert "theano" not in sys.modules
            assert not hasattr(tf, "set_random_seed")
            assert not hasattr(tf, "Session")
            assert keras.config.floatx() == "float32"
            assert keras.config.epsilon() == 1e-7
            assert keras.config.image_data_format() == "channels_last"
        """))
    # In this process: the plugin is loaded through its entry point as for a user.
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_option_rejects_a_missing_folder(tmp_path):
    proc = _pytest(["--keras-legacy-scripts", str(tmp_path / "nowhere")], tmp_path, timeout=120)
    assert proc.returncode != 0
    assert "--keras-legacy-scripts" in proc.stderr and "nowhere" in proc.stderr


def test_ini_folders_join_plain_runs_and_scripts_are_never_imported(pytester):
    pytester.makeini("[pytest]\ntestpaths = tests\nkeras_legacy_scripts = legacy\n")
    pytester.mkdir("tests")
    pytester.path.joinpath("tests", "test_here.py").write_text("def test_here():\n    pass\n")
    pytester.mkdir("legacy")
    # Importing this as a test module would fail the collection.
    pytester.path.joinpath("legacy", "test_old.py").write_text("raise SystemExit('imported')\n")
    pytester.path.joinpath("legacy", "_helper.py").write_text("x = 1\n")
    result = pytester.runpytest_inprocess("--collect-only", "-q", "-p", "no:cacheprovider")
    assert result.ret == 0, result.stdout.str()
    collected = [line for line in result.stdout.lines if "::" in line]
    assert collected == ["tests/test_here.py::test_here", "legacy/test_old.py::test_old.py"]
    # Aimed at one test file: the ini folders stay out.
    result = pytester.runpytest_inprocess("--collect-only", "-q", "-p", "no:cacheprovider",
                                          "tests/test_here.py")
    assert [line for line in result.stdout.lines if "::" in line] == [
        "tests/test_here.py::test_here"]


def _notebook(path, cells):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": source} for source in cells]}
    path.write_text(json.dumps(nb), encoding="utf-8")


@pytest.mark.slow
def test_legacy_scripts_and_notebooks_run_as_items(tmp_path):
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_nothing.py").write_text("def test_here():\n    pass\n")
    # Keras 2 only: fails on plain Keras 3, passes under the activation. Named
    # like a test module, it still runs as a script and is never imported by pytest.
    (legacy / "test_old_utils.py").write_text(textwrap.dedent("""\
        import tensorflow as tf
        import theano
        from keras.utils.np_utils import to_categorical
        tf.set_random_seed(1)
        assert to_categorical([1], 2).tolist() == [[0.0, 1.0]]
        open("ran.txt", "w").write(__name__)  # the script runs in its own folder
        """))
    (legacy / "broken.py").write_text(
        "import keras\nraise RuntimeError('legacy snippet broke')\n")
    (legacy / "known_bad.py").write_text(
        "# keras-faq-compat: xfail waiting for the saving issue\nraise SystemExit(3)\n")
    (legacy / "_helper.py").write_text("raise SystemExit('helpers are not items')\n")
    _notebook(legacy / "tour.ipynb", [
        "%matplotlib inline\n!pip install keras==2.2.4\nimport keras\nfrom keras import backend as K",
        "%%bash\necho not python",
        "K.set_session(K.get_session())\nvalue = keras.utils.to_categorical([0], 2)",
        "assert value.tolist() == [[1.0, 0.0]]\ndisplay(value)",
        "%%writefile note.txt\nwritten by a cell magic",
        "%env KERAS_FAQ_TOUR_FLAG=on\nimport os\n"
        "assert open('note.txt').read() == 'written by a cell magic\\n'\n"
        "assert os.environ['KERAS_FAQ_TOUR_FLAG'] == 'on'",
    ])
    _notebook(legacy / "bad_cell.ipynb", ["x = 1", "raise ValueError('cell two fails')"])

    proc = _pytest(["--keras-legacy-scripts", "legacy", "tests"], tmp_path)
    out = proc.stdout
    outcomes = _outcomes(out)
    assert outcomes == {
        "tests/test_nothing.py::test_here": "PASSED",
        "legacy/test_old_utils.py::test_old_utils.py": "PASSED",
        "legacy/broken.py::broken.py": "FAILED",
        "legacy/known_bad.py::known_bad.py": "XFAIL",
        "legacy/tour.ipynb::tour.ipynb": "PASSED",
        "legacy/bad_cell.ipynb::bad_cell.ipynb": "FAILED",
    }, out + proc.stderr
    assert (legacy / "ran.txt").read_text() == "__main__"
    assert "RuntimeError: legacy snippet broke" in out
    assert "exited with status 1" in out
    # The notebook's traceback names the cell and shows its line.
    assert re.search(r"bad_cell\.ipynb \[cell 2\]", out), out
    assert "raise ValueError('cell two fails')" in out
