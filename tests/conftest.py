"""Shared test settings: quiet TensorFlow, a clean activation, and script runners."""

import os
import subprocess
import sys
import textwrap

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(autouse=True)
def _activation_is_off_after_each_test():
    """No test may leave the activation on for the next one."""
    yield
    from keras_faq_compat import activation

    if activation.is_active():
        activation.uninstall()
        pytest.fail("the test left the keras_faq_compat activation on")


def run_python(code=None, args=(), env=None, cwd=None, timeout=300, compat_run=False, script=None):
    """Run Python code in a fresh process; return the CompletedProcess.

    Args:
        code: source to run (dedented); written to ``script`` or a temp file.
        args: extra arguments for the program.
        env: variables added to a copy of the environment.
        cwd: working folder (default: a temporary one from the caller).
        timeout: seconds before the run is killed.
        compat_run: run through ``python -m keras_faq_compat run`` (zero edits).
        script: path of the script file to write `code` into.
    """
    full_env = dict(os.environ)
    full_env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    full_env.update(env or {})
    if code is not None:
        if script is None:
            raise ValueError("pass script= (a path in tmp_path) with code=")
        with open(script, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(code))
    command = [sys.executable]
    if compat_run:
        command += ["-m", "keras_faq_compat", "run"]
    command += [str(script)] + list(args)
    return subprocess.run(command, env=full_env, cwd=cwd, timeout=timeout,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)


@pytest.fixture
def run_script(tmp_path):
    """Write `code` to a script in tmp_path and run it (see `run_python`)."""

    def run(code, name="script.py", **kwargs):
        kwargs.setdefault("cwd", str(tmp_path))
        return run_python(code, script=str(tmp_path / name), **kwargs)

    return run
