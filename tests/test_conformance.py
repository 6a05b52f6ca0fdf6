"""The Keras 2 suite runner (``python -m conformance``) on a small fake suite.

The fake sdist is put in the runner's cache folder, so nothing is downloaded;
the no-index case uses a fake ``pip`` that fails.
"""

import io
import json
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from conformance import runner  # noqa: E402

CONFTEST = """
import keras_faq_compat
import pytest

# The runner must turn the activation on before this file is imported.
ACTIVE_AT_IMPORT = keras_faq_compat.is_active()


@pytest.fixture(autouse=True)
def conftest_fixture(request):
    request.node.conftest_fixture_ran = True
    yield
"""

BASIC = """
import os
import time

import pytest


def test_activation_was_on_for_conftest():
    import conftest

    assert conftest.ACTIVE_AT_IMPORT


def test_keras_is_the_compat_layer(request):
    import keras

    assert getattr(request.node, "conftest_fixture_ran", False)
    assert keras.__name__ == "keras"
    assert hasattr(keras.layers, "Convolution2D")  # Keras 1/2 alias Keras 3 dropped


def test_fails():
    assert 1 == 2, "expected to fail"


def test_fixed_now():
    pass


@pytest.mark.skip(reason="not on this backend")
def test_skipped():
    assert False


def test_slow():
    time.sleep(60)


def test_crash():
    os._exit(13)


def test_after_crash():
    pass
"""

BROKEN = """
import module_that_does_not_exist


def test_never_collected():
    pass
"""

NEW_FAILURE = """
def test_new_failure():
    raise ValueError("not listed anywhere")
"""

EXPECTED = """\
# A comment that stays.
tests/keras/basic_test.py::test_fails  # fails on purpose
tests/keras/basic_test.py::test_fixed_now  # was failing once

# Timeouts and crashes
tests/keras/basic_test.py::test_slow  # sleeps past the timeout
tests/keras/basic_test.py::test_crash  # exits the interpreter
tests/keras/broken_test.py::<collect>  # imports a module that does not exist
"""


def make_sdist(cache, version="2.2.4", files=None):
    cache.mkdir(parents=True, exist_ok=True)
    files = {"tests/conftest.py": CONFTEST, "tests/keras/basic_test.py": BASIC,
             "tests/keras/broken_test.py": BROKEN, "keras/__init__.py": "", **(files or {})}
    with tarfile.open(cache / f"Keras-{version}.tar.gz", "w:gz") as archive:
        for name, text in files.items():
            data = textwrap.dedent(text).encode()
            info = tarfile.TarInfo(f"Keras-{version}/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        # Bytecode shipped in the real sdists: never unpacked.
        info = tarfile.TarInfo(f"Keras-{version}/tests/__pycache__/x.pyc")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"\0"))


def run(args, cwd=ROOT, timeout=600):
    proc = subprocess.run([sys.executable, "-m", "conformance", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    return proc


def last_line(proc):
    return proc.stdout.rstrip().splitlines()[-1]


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    base = tmp_path_factory.mktemp("conformance")
    make_sdist(base / "cache")
    expected = base / "expected.txt"
    expected.write_text(EXPECTED)
    proc = run(["--cache", str(base / "cache"), "--expected", str(expected), "--jobs", "2",
                "--timeout", "10", "--json", str(base / "results.json")])
    return base, expected, proc


def test_unexpected_pass_fails_the_run(suite):
    _, _, proc = suite
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "PASSED tests/keras/basic_test.py::test_fixed_now  # was: was failing once" in proc.stdout
    assert "0 unexpected failure(s), 1 unexpected pass(es)" in proc.stdout


def test_closing_line_counts_expected_failures(suite):
    _, _, proc = suite
    # Passed: the activation, the compat layer, test_fixed_now, test_after_crash.
    # Failed: test_fails, test_slow, test_crash, broken_test.py's collection.
    assert last_line(proc) == "4 passed, 4 failed"


def test_per_file_table(suite):
    _, _, proc = suite
    lines = proc.stdout.splitlines()
    basic = next(line for line in lines if line.startswith("tests/keras/basic_test.py"))
    assert basic.split() == ["tests/keras/basic_test.py", "4", "3", "3", "1"]
    broken = next(line for line in lines if line.startswith("tests/keras/broken_test.py"))
    assert broken.split() == ["tests/keras/broken_test.py", "0", "1", "1", "0", "not", "collected"]


def test_timeout_and_crash_fail_only_their_test(suite):
    base, _, _ = suite
    results = json.loads((base / "results.json").read_text())
    assert "--conformance-timeout" in results["tests/keras/basic_test.py::test_slow"]["message"]
    assert "died" in results["tests/keras/basic_test.py::test_crash"]["message"]
    # The rest of the file still ran after the crash.
    assert results["tests/keras/basic_test.py::test_after_crash"]["outcome"] == "passed"


def test_unexpected_failure_and_prune(tmp_path):
    make_sdist(tmp_path / "cache", files={"tests/keras/new_test.py": NEW_FAILURE})
    expected = tmp_path / "expected.txt"
    expected.write_text(EXPECTED)
    proc = run(["--cache", str(tmp_path / "cache"), "--expected", str(expected), "--jobs", "2",
                "--timeout", "10", "--prune"])
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "FAILED tests/keras/new_test.py::test_new_failure: ValueError: not listed anywhere" \
        in proc.stdout
    assert "1 unexpected failure(s), 0 unexpected pass(es)" in proc.stdout
    # The passing entry is gone, the new failure is not added, comments stay.
    assert expected.read_text() == EXPECTED.replace(
        "tests/keras/basic_test.py::test_fixed_now  # was failing once\n", "")
    assert last_line(proc) == "4 passed, 5 failed"


def test_as_expected_passes_with_selection(suite):
    base, expected, _ = suite
    proc = run(["--cache", str(base / "cache"), "--expected", str(expected),
                "tests/keras/basic_test.py", "-k", "fails or activation"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "exit status 0: as expected" in proc.stdout
    assert last_line(proc) == "1 passed, 1 failed"


def test_no_index_is_an_error_naming_the_command(tmp_path):
    fake_pip = tmp_path / "pip"
    fake_pip.write_text("#!/bin/sh\necho 'ERROR: No matching distribution found for keras' >&2\n"
                        "exit 1\n")
    fake_pip.chmod(0o755)
    expected = tmp_path / "expected.txt"
    expected.write_text(EXPECTED)
    proc = run(["--cache", str(tmp_path / "empty-cache"), "--expected", str(expected),
                "--pip", str(fake_pip), "--keras", "2.3.1"])
    assert proc.returncode == 2
    assert f"{fake_pip} download keras==2.3.1 --no-deps --no-binary :all:" in proc.stderr
    assert "cannot get Keras 2.3.1's sdist from the package index" in proc.stderr
    assert "No matching distribution" in proc.stderr
    assert " passed, " not in proc.stdout


def test_missing_expectations_file_is_an_error(tmp_path):
    proc = run(["--cache", str(tmp_path), "--expected", str(tmp_path / "none.txt"),
                "--pip", "false"])
    assert proc.returncode == 2
    assert "no expectations file" in proc.stderr and "--write-baseline" in proc.stderr


def test_write_baseline_refuses_an_existing_file(tmp_path):
    expected = tmp_path / "expected.txt"
    expected.write_text(EXPECTED)
    proc = run(["--cache", str(tmp_path), "--expected", str(expected), "--write-baseline",
                "--pip", "false"])
    assert proc.returncode == 2
    assert "--write-baseline only writes a first expectations file" in proc.stderr
    assert expected.read_text() == EXPECTED


def test_read_expectations_needs_a_reason(tmp_path):
    path = tmp_path / "expected.txt"
    path.write_text("# comment\n\ntests/a_test.py::test_x[1-2]  # why\n")
    assert runner.read_expectations(path) == {"tests/a_test.py::test_x[1-2]": "why"}
    path.write_text("tests/a_test.py::test_x\n")
    with pytest.raises(runner.ConformanceError, match=r"expected\.txt:1"):
        runner.read_expectations(path)


def test_compare_ignores_tests_outside_the_run():
    results = {"t.py::a": {"outcome": "failed"}, "t.py::b": {"outcome": "passed"},
               "t.py::c": {"outcome": "skipped"}, "t.py::d": {"outcome": "error"},
               "u.py::e": {"outcome": "passed"}}
    results["t.py::f"] = {"outcome": "passed"}
    expected = {"t.py::a": "r", "t.py::b": "r", "t.py::c": "r", "other.py::z": "r",
                "u.py::<collect>": "r", "v.py::<collect>": "r", "t.py::f": "flaky: accuracy"}
    failures, passes = runner.compare(results, expected)
    assert failures == ["t.py::d"]
    # u.py collects now; v.py and other.py did not run; t.py::f may pass.
    assert passes == ["t.py::b", "u.py::<collect>"]


def test_prune_only_drops(tmp_path):
    path = tmp_path / "expected.txt"
    path.write_text(EXPECTED)
    dropped = runner.prune_expectations(path, {"tests/keras/basic_test.py::test_fails",
                                               "tests/keras/not_listed.py::test_y"})
    assert dropped == ["tests/keras/basic_test.py::test_fails"]
    text = path.read_text()
    assert "test_fails" not in text and "not_listed" not in text
    assert text.splitlines() == [line for line in EXPECTED.splitlines() if "test_fails" not in line]
