"""Samples per second of the FAQ data-parallel script on two workers over one worker.

Runs ``keras_faq_compat/faq/03_multi_gpu_data_parallel.py`` unchanged under
``python -m keras_faq_compat run``: once alone (no ``TF_CONFIG``: the
one-machine ``MirroredStrategy`` path), once as two workers on 127.0.0.1
(``TF_CONFIG``: ``MultiWorkerMirroredStrategy``). An epoch is 1024 samples of
the cluster in both runs (each worker trains on its half of every global
batch); the time is that of the script itself, after start-up (TensorFlow
import and strategy set-up). Both workers share this machine's cores, so the
ratio measures the overhead of the collective operations here, not the gain
of real machines; the core count is printed with it.

Run: ``python benchmarks/bench_multi_worker.py``.
"""

import json
import os
import pathlib
import socket
import subprocess
import sys
import tempfile
import textwrap

import keras_faq_compat

FAQ = pathlib.Path(keras_faq_compat.__file__).parent / "faq" / "03_multi_gpu_data_parallel.py"
SAMPLES = 1024 * 20  # the script's samples per epoch times its epochs

DRIVER = """
    import json, runpy, sys, time

    start = time.perf_counter()
    runpy.run_path(sys.argv[1], run_name="__main__")
    with open(sys.argv[2], "w") as f:
        json.dump({"seconds": time.perf_counter() - start}, f)
"""


def _free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _run(folder, workers):
    driver = pathlib.Path(folder) / "driver.py"
    driver.write_text(textwrap.dedent(DRIVER))
    ports = _free_ports(workers)
    procs, outs = [], []
    try:
        for index in range(workers):
            env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
            env.pop("TF_CONFIG", None)
            if workers > 1:
                cluster = {"worker": [f"127.0.0.1:{p}" for p in ports]}
                env["TF_CONFIG"] = json.dumps({"cluster": cluster, "task": {"type": "worker", "index": index}})
            out = pathlib.Path(folder) / f"time-{workers}-{index}.json"
            outs.append(out)
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "keras_faq_compat", "run", str(driver), str(FAQ), str(out)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        for proc in procs:
            if proc.wait(timeout=600) != 0:
                raise SystemExit(f"a worker of the {workers}-worker run failed (exit {proc.returncode})")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return max(json.loads(out.read_text())["seconds"] for out in outs)


def main():
    with tempfile.TemporaryDirectory() as folder:
        one = _run(folder, 1)
        two = _run(folder, 2)
    cores = os.cpu_count()
    print(f"FAQ data-parallel script, {SAMPLES} samples (1024 x 20 epochs), {cores} cores")
    print(f"one worker : {one:7.2f} s  {SAMPLES / one:9.0f} samples/s")
    print(f"two workers: {two:7.2f} s  {SAMPLES / two:9.0f} samples/s")
    print(f"ratio two/one workers (samples/s): {one / two:.2f} on {cores} cores")


if __name__ == "__main__":
    main()
