"""pytest plugin of the Keras 2 suite runner: activation, per-test timeout, outcome report.

Given to pytest with ``-p keras2_conformance_plugin`` by `conformance.runner`
(which puts this folder on ``PYTHONPATH``); not part of the installed package.

* At import, before pytest imports the suite's ``tests/conftest.py``, it turns
  on `keras_faq_compat.install`, so the suite's ``import keras`` and its
  conftest's ``from keras import backend as K`` get the compat layer, and the
  conftest's own fixtures stay as they are. ``--conformance-no-activation``
  leaves it off (plain Keras 3, for comparison).
* ``--conformance-timeout=SECONDS`` bounds each test (setup, call and
  teardown) with ``SIGALRM``: the test fails with a timeout message. A test
  stuck where Python cannot interrupt it (inside one native call) makes the
  process exit after a grace period, through `faulthandler`; the runner then
  records that test as failed and goes on with the rest of its file.
* ``--conformance-report=FILE`` appends one JSON object a line: ``start`` when a
  test begins, ``result`` with its outcome (passed, failed, error, skipped)
  and first error line, ``collect`` for a file that cannot be collected, and
  ``finish`` at the end of the session. Written as it happens, so that what was
  reported survives a crash.
"""

import faulthandler
import json
import os
import signal
import sys

import pytest

_GRACE = 60.0  # seconds past the timeout before the process is ended
_LONGREPR_CHARS = 4000


def pytest_addoption(parser):
    group = parser.getgroup("keras2-conformance", "Keras 2 test suite under keras_faq_compat")
    group.addoption("--conformance-report", metavar="FILE", default=None,
                    help="append each test's outcome to FILE as JSON lines")
    group.addoption("--conformance-timeout", metavar="SECONDS", type=float, default=0.0,
                    help="fail a test still running after SECONDS (0: no limit)")
    group.addoption("--conformance-no-activation", action="store_true", default=False,
                    help="do not turn the keras_faq_compat activation on")


def _activation_requested(argv):
    return "--conformance-no-activation" not in argv


# At import: pytest imports ``-p`` plugins before any conftest.py.
if _activation_requested(sys.argv):
    import keras_faq_compat

    keras_faq_compat.install()


class _Report:
    def __init__(self, path):
        self._file = open(path, "a", encoding="utf-8") if path else None

    def write(self, **event):
        if self._file is not None:
            self._file.write(json.dumps(event) + "\n")
            self._file.flush()
            os.fsync(self._file.fileno())

    def close(self):
        if self._file is not None:
            self._file.close()


class _TestTimeout(BaseException):
    """Raised in a test that ran past ``--conformance-timeout`` (not an Exception:
    test code's ``except Exception`` must not swallow it)."""


class ConformancePlugin:
    def __init__(self, config):
        self.report = _Report(config.getoption("conformance_report"))
        self.timeout = config.getoption("conformance_timeout") or 0.0
        self.phases = {}

    # -- timeout --------------------------------------------------------------

    def _on_alarm(self, signum, frame):
        raise _TestTimeout(f"timeout: the test was still running after {self.timeout:g} s "
                           "(--conformance-timeout)")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        self.report.write(event="start", nodeid=item.nodeid)
        self.phases[item.nodeid] = []
        armed = self.timeout > 0 and hasattr(signal, "SIGALRM")
        if armed:
            previous = signal.signal(signal.SIGALRM, self._on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.timeout)
            faulthandler.dump_traceback_later(self.timeout + _GRACE, exit=True)
        try:
            yield
        finally:
            if armed:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                faulthandler.cancel_dump_traceback_later()
        self._write_result(item.nodeid)

    # -- outcomes -------------------------------------------------------------

    def pytest_runtest_logreport(self, report):
        self.phases.setdefault(report.nodeid, []).append(report)

    def _write_result(self, nodeid):
        reports = self.phases.pop(nodeid, [])
        outcome, message, longrepr, duration = "passed", "", "", 0.0
        for report in reports:
            duration += getattr(report, "duration", 0.0) or 0.0
            if report.failed and outcome not in ("failed", "error"):
                outcome = "failed" if report.when == "call" else "error"
                message, longrepr = _describe(report)
            elif report.skipped and outcome == "passed":
                outcome = "skipped"
                message = _skip_reason(report)
        self.report.write(event="result", nodeid=nodeid, outcome=outcome, message=message,
                          longrepr=longrepr, duration=round(duration, 3))

    def pytest_collectreport(self, report):
        if report.failed:
            message, longrepr = _describe(report)
            self.report.write(event="collect", nodeid=report.nodeid, message=message,
                              longrepr=longrepr)

    def pytest_sessionfinish(self, session, exitstatus):
        self.report.write(event="finish", exitstatus=int(exitstatus))
        self.report.close()


def _describe(report):
    """``(first error line, long representation)`` of a failed report."""
    longrepr = report.longrepr
    text = str(longrepr) if longrepr is not None else ""
    message = ""
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None and getattr(crash, "message", None):
        message = crash.message
    elif text:
        # Collection errors carry no crash entry: take the last error line.
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith("E ")]
        message = (errors[-1][1:].strip() if errors else lines[-1]) if lines else ""
    message = message.strip().splitlines()[0] if message.strip() else ""
    if len(text) > _LONGREPR_CHARS:
        text = "[...]\n" + text[-_LONGREPR_CHARS:]
    return message, text


def _skip_reason(report):
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr or "")


def pytest_configure(config):
    config.pluginmanager.register(ConformancePlugin(config), "keras2-conformance")
