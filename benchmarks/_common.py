"""Pieces the benchmark scripts share: paired timing and clean child processes.

A shared 2-core machine disturbs wall time a lot, so the training figures time
both sides back to back, alternating which goes first, and report the median
of the per-pair ratios of CPU time (and of wall time, for reference).
"""

import json
import os
import statistics
import subprocess
import sys
import time

__all__ = ["timed", "paired_runs", "report_pairs", "run_child"]


def timed(call):
    """(CPU seconds of the process, wall seconds) of `call()`."""
    cpu, wall = time.process_time(), time.perf_counter()
    call()
    return time.process_time() - cpu, time.perf_counter() - wall


def paired_runs(native, compat, repeats):
    """Time `native()` and `compat()` `repeats` times each, alternating the order.

    Args:
        native: (name, callable) of the plain Keras 3 side.
        compat: (name, callable) of the compat side.
        repeats: how many pairs to time.

    Returns:
        ``{name: [(cpu, wall), ...]}`` for both sides, pair by pair.
    """
    samples = {native[0]: [], compat[0]: []}
    sides = [native, compat]
    for repeat in range(repeats):
        # Alternate which side goes first, so neither always runs on a warmer machine.
        for name, run in sides if repeat % 2 == 0 else sides[::-1]:
            samples[name].append(timed(run))
    return samples


def report_pairs(samples, native_name, compat_name, what, target):
    """Print each side's medians and the median per-pair ratios compat / native.

    Args:
        samples: the result of `paired_runs`.
        native_name, compat_name: the two keys of `samples`.
        what: the ratio's label, e.g. ``"compat fit / Keras 3 fit"``.
        target: the CPU-time target, printed beside the figure.
    """
    native, compat = samples[native_name], samples[compat_name]
    cpu_ratio = statistics.median(c[0] / n[0] for c, n in zip(compat, native))
    wall_ratio = statistics.median(c[1] / n[1] for c, n in zip(compat, native))
    for name, values in samples.items():
        cpu = statistics.median(v[0] for v in values)
        wall = statistics.median(v[1] for v in values)
        print(f"  {name:22s} CPU {cpu:6.3f} s   wall {wall:6.3f} s")
    print(f"ratio {what}, wall time (median of pairs): {wall_ratio:.3f}")
    print(f"ratio {what}, CPU time (median of pairs):  {cpu_ratio:.3f} (target {target})")


def run_child(script, mode, path):
    """Run `script` ``--child MODE PATH`` in a fresh process; return its last line as JSON.

    Each measurement gets its own process, so peak memory and caches of one
    side never count for the other.
    """
    proc = subprocess.run(
        [sys.executable, os.path.abspath(script), "--child", mode, path],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])
