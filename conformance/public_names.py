"""Count the public names a Keras 2 release defines and compare them with the table of legacy names.

    python conformance/public_names.py [--keras 2.2.4|2.3.1] [--cache DIR]

A public name is a module-level ``def``, ``class`` or assignment whose name does not start with ``_``,
in a module of the sdist's ``keras/`` folder (the Theano, CNTK and NumPy reference backends aside). The
source is read from the sdist in memory (nothing of it is written out) and parsed, never imported.
Exit status 1 when the table misses a name, lists one the release does not define, or when the
release counted differs from the one pinned in ``tests/test_legacy_names.py``; the last line is
``N listed, M missing``.
"""

import argparse
import ast
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conformance import runner  # noqa: E402
from keras_faq_compat import legacy_names  # noqa: E402

_OTHER_BACKENDS = ("theano_backend", "cntk_backend", "numpy_backend")


def defined_names(sdist):
    """``{(module, name)}`` of the public module-level definitions in `sdist`'s ``keras/``."""
    found = set()
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts
            if len(parts) < 3 or parts[1] != "keras" or not member.name.endswith(".py") or not member.isfile():
                continue
            dotted = ".".join(parts[1:])[: -len(".py")]
            if dotted.endswith(".__init__"):
                dotted = dotted[: -len(".__init__")]
            if any(p.startswith("_") for p in dotted.split(".")) or dotted.endswith(_OTHER_BACKENDS):
                continue
            tree = ast.parse(archive.extractfile(member).read(), filename=member.name)
            for node in tree.body:
                names = []
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    names = [node.name]
                elif isinstance(node, ast.Assign):
                    names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                found.update((dotted, n) for n in names if not n.startswith("_"))
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keras", default="2.2.4", choices=("2.2.4", "2.3.1"))
    parser.add_argument("--cache", default=str(runner.default_cache()))
    args = parser.parse_args(argv)
    try:
        sdist = runner.fetch_sdist(args.keras, args.cache, [sys.executable, "-m", "pip"])
    except runner.ConformanceError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    release = {(m, n) for m, n in defined_names(sdist)}
    table = {(row.module, row.name) for row in legacy_names.defined_names(args.keras)}
    missing = sorted(release - table)
    extra = sorted(table - release)
    for module, name in missing:
        print(f"missing from the table: {module}.{name}")
    for module, name in extra:
        print(f"listed as defined by {args.keras} but not defined there: {module}.{name}")
    print(f"Keras {args.keras} defines {len(release)} public names")
    print(f"{len(table & release)} listed, {len(missing)} missing")
    return 1 if missing or extra else 0


if __name__ == "__main__":
    sys.exit(main())
