"""pytest plugin: the ``keras_compat`` fixture, and legacy scripts as test items.

Loaded by pytest through the ``pytest11`` entry point. Importing it imports
neither TensorFlow nor Keras, so it costs nothing in test runs that do not use it.

* ``keras_compat`` fixture: the activation (`keras_faq_compat.install`) for one
  test. Inside the test, ``import keras`` (and ``keras.utils.test_utils``,
  ``import theano``, ``tf.Session``, ...) resolve to the compat layer; after
  it, `keras_faq_compat.uninstall` restores every module and attribute, and the
  Keras settings a legacy script may change (float type, epsilon, image data
  format) are put back. The fixture's value is the module ``import keras`` gives.
* ``--keras-legacy-scripts=DIR`` (repeatable; or the ini option
  ``keras_legacy_scripts``, whose folders join runs given no paths): every
  ``.py`` script and ``.ipynb`` notebook under DIR becomes a test item. A
  script runs as ``python -m keras_faq_compat run SCRIPT`` in its own
  process, in its own folder; a notebook runs its code cells in order in one
  such process (no Jupyter needed; ``%%writefile``
  cells write their file and ``%env`` sets its variable, other line magics
  and ``!`` shell lines are skipped, as are cells in other languages such as
  ``%%bash``). An item passes when the process exits with status 0. Files
  whose name starts with ``_``, and ``conftest.py``, are left out (helpers).
  A line ``# keras-faq-compat: skip REASON`` or ``# keras-faq-compat: xfail
  REASON`` in a script or notebook cell marks its item accordingly.
  ``--keras-legacy-timeout=SECONDS`` (default 900) bounds each run.

Keras 3 replacement: test Keras 3 code directly; the fixture and the items
keep old tests and snippets running while they are migrated.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

__all__ = ["keras_compat", "LegacyScript", "run_notebook"]

_SUFFIXES = (".py", ".ipynb")
_DIRECTIVE = re.compile(r"#\s*keras-faq-compat:\s*(skip|xfail)\b[ \t:]*(.*)")
_TAIL_LINES = 60
_DEFAULT_TIMEOUT = 900.0


def pytest_addoption(parser):
    group = parser.getgroup("keras-faq-compat", "legacy Keras 2 code under keras_faq_compat")
    group.addoption(
        "--keras-legacy-scripts", action="append", default=[], metavar="DIR",
        help="run every .py script and .ipynb notebook under DIR as a test item, "
             "under the keras_faq_compat activation (repeatable)",
    )
    group.addoption(
        "--keras-legacy-timeout", type=float, default=None, metavar="SECONDS",
        help=f"time limit of each legacy script run (default {_DEFAULT_TIMEOUT:g})",
    )
    parser.addini("keras_legacy_scripts", type="paths", default=[],
                  help="folders of legacy Keras scripts/notebooks run as test items")
    parser.addini("keras_legacy_timeout", default=str(_DEFAULT_TIMEOUT),
                  help="time limit in seconds of each legacy script run")


def _legacy_folders(config):
    """``[(folder, always_collect, where_given)]``: the option's folders, then the ini's."""
    folders = [(Path(p), True, "--keras-legacy-scripts")
               for p in config.getoption("keras_legacy_scripts") or []]
    # The ini folders join a plain ``pytest`` run (no paths given), not one
    # aimed at particular tests.
    source = getattr(getattr(config, "args_source", None), "name", "ARGS")
    folders += [(Path(p), source != "ARGS", "ini option keras_legacy_scripts")
                for p in config.getini("keras_legacy_scripts")]
    return folders


def pytest_configure(config):
    folders = []
    for folder, always, where in _legacy_folders(config):
        if not folder.exists():
            raise pytest.UsageError(f"{where}: {folder}: no such file or folder")
        folders.append((folder.resolve(), always))
    config._keras_legacy_folders = [folder for folder, _ in folders]
    known = {Path(a.split("::")[0]).resolve() for a in config.args}
    for folder, always in folders:
        if always and folder not in known:
            known.add(folder)
            config.args.append(str(folder))


def _is_legacy_script(path, config):
    folders = getattr(config, "_keras_legacy_folders", None)
    if not folders or path.suffix not in _SUFFIXES:
        return False
    if path.name.startswith("_") or path.name == "conftest.py":
        return False
    resolved = path.resolve()
    return any(resolved == f or f in resolved.parents for f in folders)


@pytest.hookimpl(hookwrapper=True)
def pytest_collect_file(file_path, parent):
    outcome = yield
    if _is_legacy_script(file_path, parent.config):
        # A legacy script named test_*.py must run as a script, not be imported
        # as a test module: it replaces what other collectors made of it.
        outcome.force_result([LegacyScript.from_parent(parent, path=file_path)])


@pytest.fixture
def keras_compat():
    """The keras_faq_compat activation for one test; everything restored after it.

    Yields the module legacy code gets for ``import keras``.
    """
    from keras_faq_compat import activation, deprecation
    from keras_faq_compat._real import keras as real_keras

    settings = (
        (real_keras.config.floatx, real_keras.config.set_floatx),
        (real_keras.config.epsilon, real_keras.config.set_epsilon),
        (real_keras.config.image_data_format, real_keras.config.set_image_data_format),
    )
    saved = [(get(), set_) for get, set_ in settings]
    was_active = activation.is_active()
    # Each test sees each legacy warning once, whatever ran before it.
    deprecation.reset_warnings()
    activation.install()
    try:
        yield sys.modules["keras"]
    finally:
        if not was_active:
            activation.uninstall()
        for value, set_ in saved:
            set_(value)


class LegacyScriptError(Exception):
    """A legacy script or notebook exited with a non-zero status."""


class LegacyScript(pytest.File):
    """A legacy script or notebook file: one test item."""

    def collect(self):
        yield LegacyScriptItem.from_parent(self, name=self.path.name)


def _directive(path):
    """``(kind, reason)`` from a ``# keras-faq-compat: skip|xfail`` line, or None."""
    if path.suffix == ".ipynb":
        from keras_faq_compat.cli.check import notebook_code_cells

        try:
            text = "\n".join(source for _, source in notebook_code_cells(str(path)))
        except ValueError:
            return None  # reported when the item runs
    else:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    match = _DIRECTIVE.search(text)
    if match is None:
        return None
    return match.group(1), match.group(2).strip() or f"marked {match.group(1)} in {path.name}"


def _tail(text, lines=_TAIL_LINES):
    kept = text.rstrip().splitlines()
    cut = len(kept) - lines
    kept = kept[-lines:]
    return ("[... %d lines above ...]\n" % cut if cut > 0 else "") + "\n".join(kept)


class LegacyScriptItem(pytest.Item):
    """Runs one legacy script (or notebook) under ``keras-faq-compat run``."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        directive = _directive(self.path)
        if directive is not None:
            kind, reason = directive
            marker = pytest.mark.skip(reason=reason) if kind == "skip" else pytest.mark.xfail(
                reason=reason, raises=LegacyScriptError, strict=False)
            self.add_marker(marker)

    def _command(self):
        command = [sys.executable, "-m", "keras_faq_compat", "run"]
        if self.path.suffix == ".ipynb":
            return command + ["-m", __name__, str(self.path)]
        return command + [str(self.path)]

    def _timeout(self):
        value = self.config.getoption("keras_legacy_timeout")
        if value is None:
            raw = self.config.getini("keras_legacy_timeout")
            try:
                value = float(raw)
            except ValueError:
                raise pytest.UsageError(
                    f"keras_legacy_timeout: {raw!r} is not a number of seconds") from None
        return value

    def runtest(self):
        env = dict(os.environ)
        env.setdefault("MPLBACKEND", "Agg")  # notebooks' plots: no display in CI
        timeout = self._timeout()
        try:
            proc = subprocess.run(
                self._command(), cwd=str(self.path.parent), env=env, stdin=subprocess.DEVNULL,
                capture_output=True, text=True, timeout=timeout,
            )
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else e.stdout
            err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else e.stderr
            raise LegacyScriptError(
                f"{self.path}: still running after {timeout:g} s (--keras-legacy-timeout)",
                out or "", err or "") from None
        if proc.returncode != 0:
            raise LegacyScriptError(
                f"{self.path}: exited with status {proc.returncode} under keras-faq-compat run",
                proc.stdout, proc.stderr)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, LegacyScriptError):
            message, stdout, stderr = excinfo.value.args
            parts = [message]
            if stderr.strip():
                parts += ["--- stderr ---", _tail(stderr)]
            if stdout.strip():
                parts += ["--- stdout ---", _tail(stdout)]
            return "\n".join(parts)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        kind = "legacy notebook" if self.path.suffix == ".ipynb" else "legacy script"
        return self.path, None, f"{kind}: {self.path.name}"


def run_notebook(path, cells=None):
    """Run the code cells of notebook `path` in order, in this process.

    Meant to run under the activation (``keras-faq-compat run -m
    keras_faq_compat.pytest_plugin NOTEBOOK``). Cells share one namespace, as
    in a kernel; tracebacks show each cell's own lines.

    Args:
        path: the ``.ipynb`` file.
        cells: its ``(number, source)`` code cells if already read; default:
            read by `keras_faq_compat.cli.check.notebook_code_cells`.

    Raises:
        ValueError: naming `path`, when it is not a readable notebook; and
            whatever a cell raises.
    """
    import builtins
    import linecache

    from keras_faq_compat.cli.check import notebook_code_cells

    path = os.path.abspath(path)
    if cells is None:
        cells = notebook_code_cells(path, for_run=True)
    namespace = {"__name__": "__main__", "__file__": path, "__builtins__": builtins}
    # ``display`` is an IPython builtin notebooks call: print instead.
    namespace["display"] = lambda *objs, **kwargs: print(*objs)
    for number, source in cells:
        filename = f"{path} [cell {number}]"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - the user's notebook


def _main(argv):
    from keras_faq_compat.cli.check import notebook_code_cells

    if len(argv) != 1:
        sys.exit("usage: keras-faq-compat run -m keras_faq_compat.pytest_plugin NOTEBOOK.ipynb")
    try:
        cells = notebook_code_cells(argv[0], for_run=True)
    except ValueError as e:
        sys.exit(f"keras-faq-compat: {e}")
    run_notebook(argv[0], cells)


if __name__ == "__main__":
    _main(sys.argv[1:])
