"""``keras-faq-compat faq``: run the bundled Keras FAQ examples and print a table.

Each file in `keras_faq_compat/faq/` is one code snippet of the Keras 2 FAQ,
written as the FAQ shows it, with a few setup lines before it where the
snippet uses data it never defines. Each runs in its own process under the
activation (``python -m keras_faq_compat run FILE``), in a fresh temporary
folder with its own ``KERAS_HOME``, exactly as a user would run it.

A file may start with ``# env: NAME=VALUE`` lines (the FAQ's
``THEANO_FLAGS=... python my_keras_script.py``). Snippets listed in
``faq/expected_failures.txt`` are expected to fail until their feature lands:
shown as ``xfail`` in the table, and an unexpected pass (``XPASS``) fails the
run, so the list stays honest.
"""

import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

__all__ = ["FAQ_DIR", "Example", "examples", "expected_failures", "run_example", "add_arguments", "main"]

FAQ_DIR = pathlib.Path(__file__).resolve().parent.parent / "faq"
_ENV_LINE = re.compile(r"^#\s*env:\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
_TITLE_LINE = re.compile(r"^#\s*FAQ:\s*(.*)$")


class Example:
    """One bundled FAQ example: its file, name, FAQ question and environment."""

    def __init__(self, path):
        self.path = pathlib.Path(path)
        self.name = self.path.stem
        self.question = ""
        self.env = {}
        for line in self.path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            if m := _ENV_LINE.match(line):
                self.env[m.group(1)] = m.group(2).strip()
            elif m := _TITLE_LINE.match(line):
                self.question = m.group(1).strip()


def examples(only=None):
    """The bundled examples in FAQ order; `only` restricts them to those names."""
    found = [Example(p) for p in sorted(FAQ_DIR.glob("[0-9][0-9]_*.py"))]
    if only:
        wanted = set(only)
        unknown = wanted - {e.name for e in found} - {e.name.split("_", 1)[1] for e in found}
        if unknown:
            raise SystemExit(f"keras-faq-compat faq: no such example: {', '.join(sorted(unknown))}")
        found = [e for e in found if e.name in wanted or e.name.split("_", 1)[1] in wanted]
    return found


def expected_failures():
    """Names listed in ``faq/expected_failures.txt`` (comments and blanks ignored)."""
    path = FAQ_DIR / "expected_failures.txt"
    if not path.exists():
        return set()
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line)
    return names


def run_example(example, timeout=600):
    """Run one example in a fresh folder and process; return (returncode, seconds, output)."""
    with tempfile.TemporaryDirectory(prefix=f"faq-{example.name}-") as workdir:
        env = dict(os.environ)
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        env["KERAS_HOME"] = os.path.join(workdir, ".keras")
        env.update(example.env)
        command = [sys.executable, "-m", "keras_faq_compat", "run", str(example.path)]
        start = time.perf_counter()
        try:
            proc = subprocess.run(command, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  timeout=timeout, text=True)
            code, output = proc.returncode, proc.stdout
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            code, output = None, out + f"\n[timed out after {timeout} s]"
        return code, time.perf_counter() - start, output


def add_arguments(parser):
    """``--only NAME...``, ``--list``, ``--verbose``, ``--timeout``."""
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these examples")
    parser.add_argument("--list", action="store_true", help="list the examples and exit")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print each example's output when it does not pass as expected")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per example (default 600)")


def main(args):
    """Run the examples; exit status 1 if one fails or unexpectedly passes."""
    chosen = examples(args.only)
    xfail = expected_failures()
    if args.list:
        for e in chosen:
            mark = "  (expected failure)" if e.name in xfail else ""
            print(f"{e.name:36s} {e.question}{mark}")
        return 0
    rows, status, total = [], 0, 0.0
    for e in chosen:
        code, seconds, output = run_example(e, timeout=args.timeout)
        total += seconds
        if e.name in xfail:
            result = "xfail" if code != 0 else "XPASS"
        else:
            result = "ok" if code == 0 else ("TIMEOUT" if code is None else "FAIL")
        if result in ("FAIL", "XPASS", "TIMEOUT"):
            status = 1
            if args.verbose:
                print(f"--- {e.name} ({result}) ---\n{output.rstrip()}\n", flush=True)
        rows.append((e.name, e.question, result, seconds))
        print(f"{e.name:36s} {result:7s} {seconds:7.1f}", file=sys.stderr, flush=True)
    width = max([len(r[0]) for r in rows] + [7])
    print(f"\n{'snippet':{width}s}  {'result':7s}  {'seconds':>7s}  FAQ question")
    print(f"{'-' * width}  {'-' * 7}  {'-' * 7}  {'-' * 12}")
    for name, question, result, seconds in rows:
        print(f"{name:{width}s}  {result:7s}  {seconds:7.1f}  {question}")
    counts = {k: sum(1 for r in rows if r[2] == k) for k in ("ok", "xfail", "FAIL", "XPASS", "TIMEOUT")}
    summary = ", ".join(f"{v} {k}" for k, v in counts.items() if v)
    print(f"\n{len(rows)} snippets: {summary}; {total:.1f} s in all")
    return status
