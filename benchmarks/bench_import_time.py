"""Import cost: ``import keras_faq_compat`` (and with ``install()``) over ``import keras``.

Targets: at most 1.10 for the import, 1.15 with ``install()``. Each command
runs in a fresh interpreter several times, interleaved, and the medians are
compared, so that disk caches and load on the machine affect both sides alike.

Run: ``python benchmarks/bench_import_time.py [--runs N]``.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "keras": "import keras",
    "compat": "import keras_faq_compat",
    "compat+install": "import keras_faq_compat; keras_faq_compat.install()",
    "compat+install+import keras": "import keras_faq_compat; keras_faq_compat.install(); import keras",
}


def _time(code):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    _time(COMMANDS["keras"])  # warm the file cache once
    samples = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, code in COMMANDS.items():
            samples[name].append(_time(code))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    base = medians["keras"]
    print(f"median of {args.runs} runs each, fresh interpreter per run")
    for name, value in medians.items():
        print(f"  {name:28s} {value:6.2f} s")
    print(f"ratio import keras_faq_compat / import keras:           {medians['compat'] / base:.3f} (target <= 1.10)")
    print(f"ratio with install() / import keras:                    {medians['compat+install'] / base:.3f} (target <= 1.15)")
    print(f"ratio with install() and import keras / import keras:   "
          f"{medians['compat+install+import keras'] / base:.3f}")


if __name__ == "__main__":
    main()
