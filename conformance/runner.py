"""Keras 2's own test suite, run under the keras_faq_compat activation.

Usage (from the repository's root)::

    python -m conformance [--keras 2.2.4|2.3.1] [--jobs N] [-k EXPR] [FILE_OR_NODE ...]
    python -m conformance --prune            # drop expectations that now pass
    python -m conformance --write-baseline   # first expectations file only

Takes the Keras sdist from the package index (``pip download keras==VERSION
--no-deps --no-binary :all:``) into a cache folder, unpacks its ``tests/`` into
a temporary folder, runs them with pytest in subprocesses of this Python (one
per test file, ``--jobs`` at a time) with `keras2_conformance_plugin`, and
compares each test's outcome with ``conformance/expected-VERSION.txt``: one
line per test expected to fail, ``NODE_ID  # reason``. A failure not listed
there, or a listed test that passes, fails the run (exit status 1); a reason
starting with ``flaky:`` lets its test pass or fail. A file
that cannot be collected is one failure, ``FILE::<collect>``. Skipped tests
count as neither.

The last line printed is ``N passed, M failed`` (M counts the expected
failures too).
"""

import argparse
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERSIONS = ("2.2.4", "2.3.1")
COLLECT = "<collect>"
PLUGIN = "keras2_conformance_plugin"
DEFAULT_TIMEOUT = 300.0
_MAX_RESTARTS = 20
_FAILED = ("failed", "error")

# Exit statuses of this command.
OK, UNEXPECTED, BAD_INPUT = 0, 1, 2


class ConformanceError(Exception):
    """Bad input or environment: the run cannot give a verdict."""


# -- expectations file ---------------------------------------------------------

_ENTRY = re.compile(r"^(?P<nodeid>\S(?:.*?\S)?)\s+#\s*(?P<reason>.*?)\s*$")


def read_expectations(path):
    """``{node_id: reason}`` from an expectations file.

    Blank lines and lines starting with ``#`` are comments. Every other line is
    ``NODE_ID  # reason``; a line without a reason is an error.
    """
    expected = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ENTRY.match(stripped)
        if match is None or not match.group("reason"):
            raise ConformanceError(
                f"{path}:{number}: expected 'NODE_ID  # reason', got {stripped!r}")
        nodeid = match.group("nodeid")
        if nodeid in expected:
            raise ConformanceError(f"{path}:{number}: {nodeid} is listed twice")
        expected[nodeid] = match.group("reason")
    return expected


def is_flaky(reason):
    """A reason starting with ``flaky:`` marks a test that may pass or fail (a
    training-accuracy threshold, say): its pass is not an unexpected one."""
    return reason.lower().startswith("flaky:")


def prune_expectations(path, now_passing):
    """Rewrite `path` without the entries whose node id is in `now_passing`.

    Comments and the other lines are kept as they are: the list only shrinks.
    Returns the node ids dropped.
    """
    path = Path(path)
    kept, dropped = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _ENTRY.match(line.strip())
        if match and not line.lstrip().startswith("#") and match.group("nodeid") in now_passing:
            dropped.append(match.group("nodeid"))
            continue
        kept.append(line)
    if dropped:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text("\n".join(kept) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    return dropped


def write_baseline(path, results, version):
    """Write a first expectations file: every current failure, its first error line as reason."""
    path = Path(path)
    if path.exists():
        raise ConformanceError(f"{path} exists: --write-baseline only writes a first "
                               "expectations file (use --prune to shrink it)")
    lines = [f"# Keras {version}'s own tests expected to fail under keras_faq_compat.",
             "# One line per test: NODE_ID  # reason. Edit the reasons; group by cause.", ""]
    by_file = {}
    for nodeid, result in sorted(results.items()):
        if result["outcome"] in _FAILED:
            by_file.setdefault(nodeid.split("::")[0], []).append((nodeid, result))
    for file, entries in by_file.items():
        lines.append(f"# {file}")
        for nodeid, result in entries:
            reason = re.sub(r"\s+", " ", result.get("message") or result["outcome"])[:140]
            lines.append(f"{nodeid}  # {reason}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return sum(len(v) for v in by_file.values())


# -- the sdist -----------------------------------------------------------------

def default_cache():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "keras-faq-compat" / "conformance"


def _cached_sdist(cache, version):
    for candidate in sorted(cache.glob("*.tar.gz")):
        if candidate.name.lower() == f"keras-{version}.tar.gz":
            return candidate
    return None


def fetch_sdist(version, cache, pip):
    """The path of Keras `version`'s sdist, downloaded with `pip` into `cache` if absent."""
    cache = Path(cache)
    found = _cached_sdist(cache, version)
    if found is not None:
        return found
    cache.mkdir(parents=True, exist_ok=True)
    command = pip + ["download", f"keras=={version}", "--no-deps", "--no-binary", ":all:",
                     "--dest", str(cache)]
    shown = shlex.join(command)
    print(f"downloading Keras {version}'s sdist: {shown}", flush=True)
    try:
        proc = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    except OSError as e:
        raise ConformanceError(f"cannot run the package download command `{shown}`: {e}") from None
    found = _cached_sdist(cache, version)
    if proc.returncode != 0 or found is None:
        tail = "\n".join((proc.stderr or proc.stdout or "").strip().splitlines()[-8:])
        raise ConformanceError(
            f"cannot get Keras {version}'s sdist from the package index: `{shown}` "
            f"exited with status {proc.returncode}"
            + ("" if found is None and proc.returncode else " but left no Keras-{version}.tar.gz")
            + (f"\n{tail}" if tail else ""))
    return found


def unpack_tests(sdist, dest):
    """Extract the sdist's ``tests/`` and ``docs/`` (no bytecode) into `dest`; return ``dest/tests``.

    ``docs/`` is there because ``tests/test_doc_auto_generation.py`` imports ``docs.autogen``.
    """
    dest = Path(dest)
    try:
        with tarfile.open(sdist) as archive:
            members = []
            for member in archive.getmembers():
                parts = Path(member.name).parts
                if len(parts) < 3 or parts[1] not in ("tests", "docs"):
                    continue
                if "__pycache__" in parts or member.name.endswith((".pyc", ".pyo")):
                    continue
                if not (member.isfile() or member.isdir()) or ".." in parts:
                    continue
                member.name = str(Path(*parts[1:]))
                members.append(member)
            if not any(Path(m.name).parts[0] == "tests" for m in members):
                raise ConformanceError(f"{sdist}: no tests/ folder in this sdist")
            if hasattr(tarfile, "data_filter"):
                archive.extractall(dest, members=members, filter="data")
            else:
                archive.extractall(dest, members=members)
    except (tarfile.TarError, OSError) as e:
        raise ConformanceError(f"{sdist}: not a readable sdist ({e}); delete it to download "
                               "it again") from None
    # Our own ini file: the rootdir (so node ids read tests/...), and nothing
    # of this repository's pytest configuration.
    (dest / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    return dest / "tests"


def test_files(tests_dir):
    root = tests_dir.parent
    return sorted(str(p.relative_to(root)) for p in tests_dir.rglob("*.py")
                  if p.name.startswith("test_") or p.name.endswith("_test.py"))


# -- running -------------------------------------------------------------------

def _read_events(path):
    events = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                events.append(json.loads(line))
            except ValueError:
                pass  # a line cut by a crash
    return events


def _collect_id(nodeid):
    return f"{nodeid.split('::')[0]}::{COLLECT}"


def run_file(root, file, selection, options, log):
    """Run one test file (or its selected node ids) in pytest subprocesses.

    Returns ``{node_id: result}``. A process that dies during a test (crash,
    or a timeout Python could not interrupt) marks that test failed; the file's
    other tests then run in a new process.
    """
    results = {}
    report = root / ".reports" / (file.replace("/", "__") + ".jsonl")
    report.parent.mkdir(exist_ok=True)
    deselect = []
    # Files run at once must not share a working folder: some tests write
    # files with fixed names into it.
    workdir = root / ".work" / file.replace("/", "__")
    workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    # The sdist's root too, where Keras 2's own tests import `docs` from.
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), str(root)] + [p for p in [env.get("PYTHONPATH")] if p])
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("MPLBACKEND", "Agg")
    # Keras's caches (datasets, weights, keras.json) in the scratch folder:
    # every run starts from the same empty cache, as on a fresh CI machine.
    env["KERAS_HOME"] = str(root / ".keras")
    for attempt in range(_MAX_RESTARTS + 1):
        if report.exists():
            report.unlink()
        command = [sys.executable, "-m", "pytest", "-p", PLUGIN, "-p", "no:cacheprovider",
                   "-q", "-rN", "--color=no", "-o", "console_output_style=classic",
                   f"--conformance-report={report}",
                   f"--conformance-timeout={options.timeout:g}"]
        if options.no_activation:
            command.append("--conformance-no-activation")
        if options.k:
            command += ["-k", options.k]
        for nodeid in deselect:
            command += ["--deselect", nodeid]
        command += ["--rootdir", str(root), "-c", str(root / "pytest.ini")]
        command += [str(root / target) for target in selection or [file]]
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"$ {shlex.join(command)}\n")
            out.flush()
            proc = subprocess.run(command, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                                  stdout=out, stderr=subprocess.STDOUT)
        events = _read_events(report)
        running = None
        for event in events:
            kind = event.get("event")
            if kind == "start":
                running = event["nodeid"]
            elif kind == "result":
                running = None
                results[event["nodeid"]] = event
                deselect.append(event["nodeid"])
            elif kind == "collect":
                results[_collect_id(event["nodeid"])] = dict(event, outcome="failed")
        finished = any(e.get("event") == "finish" for e in events)
        if finished:
            # 2 is pytest's status after collection errors, reported above.
            if proc.returncode not in (0, 1, 2, 5) and not results:
                results[_collect_id(file)] = {
                    "outcome": "failed", "longrepr": _tail(log),
                    "message": f"pytest exited with status {proc.returncode}"}
            return results
        if running is None:
            # Died outside any test, or pytest refused the command line.
            results[_collect_id(file)] = {
                "outcome": "failed", "longrepr": _tail(log),
                "message": f"pytest exited with status {proc.returncode} outside any test"}
            return results
        results[running] = {
            "outcome": "failed", "longrepr": _tail(log),
            "message": f"the test process died during this test (status {proc.returncode}): "
                       "a crash, or a hang past the timeout"}
        deselect.append(running)
    return results


def _tail(path, lines=40):
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        # The test process died before it wrote anything (killed from outside).
        return f"no log from the test process ({e})"
    return "\n".join(text.splitlines()[-lines:])


def run_suite(root, files, options, durations):
    """Run `files` (longest first, ``options.jobs`` at a time); ``{node_id: result}``."""
    by_file = {}
    for target in files:
        by_file.setdefault(target.split("::")[0], []).append(target)
    order = sorted(by_file, key=lambda f: -durations.get(f, 0.0))
    logs = root / ".logs"
    logs.mkdir(exist_ok=True)
    results, seconds = {}, {}

    def one(file):
        selection = [t for t in by_file[file] if "::" in t]
        started = time.monotonic()
        got = run_file(root, file, selection, options, logs / (file.replace("/", "__") + ".log"))
        return file, got, time.monotonic() - started

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        futures = [pool.submit(one, file) for file in order]
        for future in concurrent.futures.as_completed(futures):
            file, got, took = future.result()
            results.update(got)
            seconds[file] = took
            if options.verbose:
                counts = _count(got.values())
                print(f"  {file}: {counts['passed']} passed, {counts['failed']} failed, "
                      f"{counts['skipped']} skipped in {took:.0f} s", flush=True)
    return results, seconds


def _count(results):
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for result in results:
        outcome = result["outcome"]
        counts["failed" if outcome in _FAILED else outcome] += 1
    return counts


# -- comparing and reporting ---------------------------------------------------

def compare(results, expected):
    """``(unexpected_failures, unexpected_passes)``: sorted node ids.

    Only tests that ran are compared: an expectation for a test outside the
    selection is neither.
    """
    failures = sorted(n for n, r in results.items() if r["outcome"] in _FAILED and n not in expected)
    passes = sorted(n for n, r in results.items() if r["outcome"] == "passed" and n in expected
                    and not is_flaky(expected[n]))
    # A file that collects now: its <collect> entry passes.
    collected = {n.split("::")[0] for n, r in results.items() if not n.endswith(COLLECT)}
    passes += sorted(n for n in expected if n.endswith(COLLECT) and n not in results
                     and n.split("::")[0] in collected)
    return failures, sorted(passes)


def table(results, expected):
    """Lines of the per-file table: file, passed, failed, expected-fail, skipped."""
    rows = {}
    for nodeid, result in results.items():
        file = nodeid.split("::")[0]
        row = rows.setdefault(file, {"passed": 0, "failed": 0, "expected": 0, "skipped": 0,
                                     "note": ""})
        outcome = result["outcome"]
        if outcome in _FAILED:
            row["failed"] += 1
            row["expected"] += nodeid in expected
            if nodeid.endswith(COLLECT):
                row["note"] = "not collected"
        else:
            row["passed" if outcome == "passed" else "skipped"] += 1
    width = max([len("file")] + [len(f) for f in rows])
    header = f"{'file':<{width}}  {'passed':>6}  {'failed':>6}  {'expected-fail':>13}  {'skipped':>7}"
    lines = [header, "-" * len(header)]
    total = {"passed": 0, "failed": 0, "expected": 0, "skipped": 0}
    for file in sorted(rows):
        row = rows[file]
        for key in total:
            total[key] += row[key]
        lines.append(f"{file:<{width}}  {row['passed']:>6}  {row['failed']:>6}  "
                     f"{row['expected']:>13}  {row['skipped']:>7}"
                     + (f"  {row['note']}" if row["note"] else ""))
    lines.append("-" * len(header))
    lines.append(f"{'total':<{width}}  {total['passed']:>6}  {total['failed']:>6}  "
                 f"{total['expected']:>13}  {total['skipped']:>7}")
    return lines, total


def _show_failure(nodeid, result, limit=25):
    print(f"FAILED {nodeid}: {result.get('message') or result['outcome']}")
    longrepr = (result.get("longrepr") or "").strip().splitlines()
    if longrepr and limit:
        for line in longrepr[-limit:]:
            print(f"    {line}")


# -- command line --------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m conformance",
        description="Run Keras 2's own test suite under the keras_faq_compat activation and "
                    "compare the outcome with the expectations file.")
    parser.add_argument("targets", nargs="*", metavar="FILE_OR_NODE",
                        help="test files or node ids of the suite (tests/keras/..._test.py"
                             "[::name]); default: all of them")
    parser.add_argument("--keras", choices=VERSIONS, default=VERSIONS[0],
                        help="the Keras 2 release whose tests run (default %(default)s)")
    parser.add_argument("-k", metavar="EXPR", default=None, help="pytest's -k, passed on")
    parser.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                        help="test files run at once, each in its own process (default 1)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help="time limit of one test (default %(default)g; 0: none)")
    parser.add_argument("--cache", type=Path, default=None, metavar="DIR",
                        help="where the sdist is kept (default $XDG_CACHE_HOME/keras-faq-compat/"
                             "conformance, or ~/.cache/...)")
    parser.add_argument("--expected", type=Path, default=None, metavar="FILE",
                        help="expectations file (default conformance/expected-VERSION.txt)")
    parser.add_argument("--pip", default=None, metavar="COMMAND",
                        help="the pip command that downloads the sdist (default: this "
                             "Python's '-m pip')")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--prune", action="store_true",
                       help="drop the expectations of tests that now pass (never adds any)")
    group.add_argument("--write-baseline", action="store_true",
                       help="write the expectations file from this run's failures (only "
                            "when it does not exist yet)")
    parser.add_argument("--no-activation", action="store_true",
                        help="run on plain Keras 3, without keras_faq_compat (for comparison; "
                             "no verdict)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder (unpacked tests, logs) and print its path")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE",
                        help="also write each test's outcome and error message to FILE")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per file as it ends")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.write_baseline and (args.targets or args.k):
        parser.error("--write-baseline needs the whole suite (no FILE or -k)")
    return args


def _durations_path(cache, version):
    return Path(cache) / f"durations-{version}.json"


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    cache = args.cache or default_cache()
    expected_path = args.expected or HERE / f"expected-{args.keras}.txt"
    pip = shlex.split(args.pip) if args.pip else [sys.executable, "-m", "pip"]
    verdict = not args.no_activation
    try:
        if verdict and not args.write_baseline:
            if not expected_path.exists():
                raise ConformanceError(
                    f"no expectations file {expected_path} (write a first one with "
                    "--write-baseline)")
            expected = read_expectations(expected_path)
        else:
            if args.write_baseline and expected_path.exists():
                raise ConformanceError(f"{expected_path} exists: --write-baseline only writes a "
                                       "first expectations file (use --prune to shrink it)")
            expected = {}
        sdist = fetch_sdist(args.keras, cache, pip)
    except ConformanceError as e:
        print(f"error: {e}", file=sys.stderr)
        return BAD_INPUT

    root = Path(tempfile.mkdtemp(prefix=f"keras-{args.keras}-suite-"))
    try:
        try:
            tests_dir = unpack_tests(sdist, root)
        except ConformanceError as e:
            print(f"error: {e}", file=sys.stderr)
            return BAD_INPUT
        targets = args.targets or test_files(tests_dir)
        for target in targets:
            if not (root / target.split("::")[0]).is_file():
                print(f"error: {target}: no such test file in Keras {args.keras}'s tests "
                      f"(files: {', '.join(test_files(tests_dir)[:3])}, ...)", file=sys.stderr)
                return BAD_INPUT
        durations_path = _durations_path(cache, args.keras)
        try:
            durations = json.loads(durations_path.read_text())
        except (OSError, ValueError):
            durations = {}
        print(f"Keras {args.keras}'s tests from {sdist.name}: {len(targets)} target(s), "
              f"{args.jobs} at a time, {args.timeout:g} s per test", flush=True)
        started = time.monotonic()
        results, seconds = run_suite(root, targets, args, durations)
        elapsed = time.monotonic() - started
        if not args.targets and not args.k:
            try:
                durations_path.write_text(json.dumps(seconds, indent=1, sort_keys=True))
            except OSError:
                pass
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, sort_keys=True))
        return report(results, expected, expected_path, args, elapsed, verdict)
    finally:
        if args.keep:
            print(f"(kept {root})", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def report(results, expected, expected_path, args, elapsed, verdict):
    lines, total = table(results, expected)
    print()
    print("\n".join(lines))
    not_collected = sum(1 for n in results if n.endswith(COLLECT))
    print(f"\n{total['skipped']} skipped, {not_collected} file(s) not collected, "
          f"{elapsed:.0f} s")
    status = OK
    if args.write_baseline:
        written = write_baseline(expected_path, results, args.keras)
        print(f"wrote {expected_path}: {written} expected failures; edit their reasons")
    elif verdict:
        failures, passes = compare(results, expected)
        if args.prune and passes:
            dropped = prune_expectations(expected_path, set(passes))
            print(f"pruned {len(dropped)} entries that now pass from {expected_path}:")
            for nodeid in dropped:
                print(f"  {nodeid}")
            passes = [n for n in passes if n not in set(dropped)]
        if failures:
            print(f"\n{len(failures)} unexpected failure(s) (not in {expected_path.name}):")
            for number, nodeid in enumerate(failures):
                # The first ones in full; the message line only for the rest.
                _show_failure(nodeid, results[nodeid], limit=15 if number < 10 else 0)
        if passes:
            print(f"\n{len(passes)} unexpected pass(es) (listed in {expected_path.name}; "
                  "run with --prune to drop them):")
            for nodeid in passes:
                print(f"PASSED {nodeid}  # was: {expected[nodeid]}")
        status = UNEXPECTED if failures or passes else OK
        print(f"\nexit status {status}: " + ("as expected" if status == OK else
              f"{len(failures)} unexpected failure(s), {len(passes)} unexpected pass(es)"))
    print(f"{total['passed']} passed, {total['failed']} failed")
    return status
