"""Run the benchmarks: ``python benchmarks/run.py [NAME ...]``.

Each ``bench_*.py`` beside this file measures one figure, compat vs native
Keras 3, in one run, and prints it as a ratio. Without arguments every
benchmark runs; with names (``import_time``, ...) only those.
"""

import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def main(argv):
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        wanted = {name.removeprefix("bench_").removesuffix(".py") for name in argv}
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in wanted]
        missing = wanted - {s.stem.removeprefix("bench_") for s in scripts}
        if missing:
            print(f"no such benchmark: {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
    status = 0
    for script in scripts:
        print(f"== {script.stem.removeprefix('bench_')}", flush=True)
        status |= subprocess.call([sys.executable, str(script)])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
