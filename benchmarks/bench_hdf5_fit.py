"""Figure: ``fit(HDF5Matrix, shuffle='batch')`` samples per second vs numpy.

Writes 65536 x 512 float32 features and 65536 x 1 targets (128 MiB) to an
HDF5 file in a temporary directory, then trains the same model
(``Dense(256, relu)``, ``Dense(1)``, batch 256, SGD, 4 epochs), each run in a
fresh child process, the runs alternating three times:

* compat: ``keras_faq_compat`` with ``HDF5Matrix`` inputs and
  ``shuffle='batch'`` (streamed from the file);
* compat-numpy: the same ``keras_faq_compat`` fit on the same data as
  in-memory numpy arrays with the default ``shuffle=True`` (Keras 3's own
  array pipeline underneath): the figure's reference;
* keras3-numpy: plain Keras 3 on the numpy arrays, for information (it
  lacks the compat model's Keras 2 callbacks and log names).

Samples per second come from the fastest epoch after the first (epoch 1
includes tracing) of the best round: on a shared machine the minimum is the
least noisy estimate of what each pipeline costs. The figure is the ratio
compat / compat-numpy (target >= 0.9). Samples per CPU second (process
time, all threads, so reading counts) are printed too: they hardly depend
on what else the machine runs.

Run: ``python benchmarks/bench_hdf5_fit.py``.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

import _common  # noqa: E402

ROWS = 65536
COLS = 512
BATCH = 256
EPOCHS = 4
ROUNDS = 3


def write_file(path):
    import h5py
    import numpy as np

    rng = np.random.default_rng(0)
    with h5py.File(path, "w") as f:
        x = f.create_dataset("x", (ROWS, COLS), dtype="float32")
        y = f.create_dataset("y", (ROWS, 1), dtype="float32")
        step = 16384
        for s in range(0, ROWS, step):
            block = rng.standard_normal((step, COLS), dtype=np.float32)
            x[s : s + step] = block
            y[s : s + step] = block[:, :1] * 0.5


def child(mode, path):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import warnings

    import h5py

    warnings.simplefilter("ignore")
    if mode == "keras3-numpy":
        import keras

        model = keras.Sequential(
            [keras.Input((COLS,)), keras.layers.Dense(256, activation="relu"), keras.layers.Dense(1)]
        )
        with h5py.File(path, "r") as f:
            x, y = f["x"][:], f["y"][:]
        shuffle = True
    elif mode == "compat-numpy":
        import keras_faq_compat as keras

        model = keras.models.Sequential(
            [keras.layers.Dense(256, activation="relu", input_dim=COLS), keras.layers.Dense(1)]
        )
        with h5py.File(path, "r") as f:
            x, y = f["x"][:], f["y"][:]
        shuffle = True
    else:
        import keras_faq_compat as keras
        from keras_faq_compat.utils.io_utils import HDF5Matrix

        model = keras.models.Sequential(
            [keras.layers.Dense(256, activation="relu", input_dim=COLS), keras.layers.Dense(1)]
        )
        x, y = HDF5Matrix(path, "x"), HDF5Matrix(path, "y")
        shuffle = "batch"
    model.compile(optimizer="sgd", loss="mse")

    times, cpu_times = [], []

    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t = time.perf_counter()
            self.cpu = time.process_time()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t)
            cpu_times.append(time.process_time() - self.cpu)

    model.fit(x, y, batch_size=BATCH, epochs=EPOCHS, shuffle=shuffle, verbose=0, callbacks=[EpochTimer()])
    print(
        json.dumps(
            {
                "samples_per_s": ROWS / min(times[1:]),
                "samples_per_cpu_s": ROWS / min(cpu_times[1:]),
                "epoch_s": times,
            }
        )
    )


def run_child(mode, path):
    return _common.run_child(__file__, mode, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    tmp = tempfile.mkdtemp(prefix="bench_hdf5_fit_")
    try:
        path = os.path.join(tmp, "train.h5")
        write_file(path)
        compat, reference, native = [], [], []
        for _ in range(ROUNDS):
            compat.append(run_child("compat", path))
            reference.append(run_child("compat-numpy", path))
            native.append(run_child("keras3-numpy", path))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    compat_sps = max(r["samples_per_s"] for r in compat)
    reference_sps = max(r["samples_per_s"] for r in reference)
    native_sps = max(r["samples_per_s"] for r in native)
    ratio = compat_sps / reference_sps
    print(f"fit {ROWS} x {COLS} float32, Dense(256)-Dense(1), batch {BATCH}, best epoch of 2-{EPOCHS}")
    print(f"  compat HDF5Matrix, shuffle='batch':  {compat_sps:.0f} samples/s")
    print(f"  compat numpy arrays, shuffle=True:   {reference_sps:.0f} samples/s")
    print(f"  plain Keras 3 numpy, shuffle=True:   {native_sps:.0f} samples/s")
    for name, runs in (("compat HDF5", compat), ("compat numpy", reference), ("Keras 3 numpy", native)):
        rounds = "; ".join(", ".join(f"{t:.2f}" for t in r["epoch_s"]) for r in runs)
        print(f"  {name} epoch seconds per round: {rounds}")
    print(f"  ratio compat HDF5 / compat numpy: {ratio:.2f} (target >= 0.9)")
    cpu = [max(r["samples_per_cpu_s"] for r in runs) for runs in (compat, reference, native)]
    print(
        f"  samples per CPU second: compat HDF5 {cpu[0]:.0f}, compat numpy {cpu[1]:.0f}, "
        f"Keras 3 numpy {cpu[2]:.0f}; ratio compat HDF5 / compat numpy {cpu[0] / cpu[1]:.2f}"
    )
    print(f"  ratio compat HDF5 / plain Keras 3 numpy: {compat_sps / native_sps:.2f}")
    return 0 if ratio >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
