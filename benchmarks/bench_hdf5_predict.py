"""Figure: ``model.predict(h5py_dataset)`` streams, in bounded memory.

Writes a float32 HDF5 dataset of 262144 x 1024 (1 GiB) into a temporary
directory, then, each in a fresh child process (so each peak RSS is clean):

* compat: ``keras_faq_compat`` Sequential ``Dense(8)`` predicting the
  ``h5py.Dataset`` with batch 4096; peak RSS compared with the same process
  after predicting a single batch (a one-batch dataset of the same file,
  which also warms up every column's code path before timing);
* keras3-numpy: plain Keras 3 predicting the same data from an in-memory
  numpy array (the time to load the array is not counted);
* tf-keras: tf-keras 2.21 predicting the ``h5py.Dataset`` (skipped with a
  message when ``tf_keras`` is not installed).

``--big`` adds the same run on a 4 GiB dataset (1048576 x 1024; compat
only, it checks that peak memory does not grow with the file).

Run: ``python benchmarks/bench_hdf5_predict.py [--big]``.
"""

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time

import _common  # noqa: E402

ROWS_1G = 262144
COLS = 1024
BATCH = 4096


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def write_file(path, rows):
    import h5py
    import numpy as np

    rng = np.random.default_rng(0)
    with h5py.File(path, "w") as f:
        f["warm"] = rng.standard_normal((BATCH, COLS), dtype=np.float32)
        d = f.create_dataset("x", (rows, COLS), dtype="float32")
        step = 16384
        for s in range(0, rows, step):
            d[s : s + step] = rng.standard_normal((min(step, rows - s), COLS), dtype=np.float32)


def child(mode, path):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import warnings

    import h5py

    warnings.simplefilter("ignore")
    if mode == "tf-keras":
        import tf_keras as keras

        model = keras.Sequential([keras.layers.Dense(8, input_shape=(COLS,))])
    elif mode == "keras3-numpy":
        import keras

        model = keras.Sequential([keras.Input((COLS,)), keras.layers.Dense(8)])
    else:
        import keras_faq_compat as keras

        model = keras.models.Sequential([keras.layers.Dense(8, input_dim=COLS)])
    f = h5py.File(path, "r")
    data = f["x"]
    # Warm up (traces the predict function) on a one-batch dataset of the
    # same kind, through the same code path as the measured call.
    warm = f["warm"]
    model.predict(warm[:] if mode == "keras3-numpy" else warm, batch_size=BATCH, verbose=0)
    base = _peak_mb()
    x = data[:] if mode == "keras3-numpy" else data
    if mode == "keras3-numpy":
        base = _peak_mb()
    start = time.perf_counter()
    out = model.predict(x, batch_size=BATCH, verbose=0)
    seconds = time.perf_counter() - start
    assert out.shape == (data.shape[0], 8), out.shape
    print(json.dumps({"seconds": seconds, "base_mb": base, "peak_mb": _peak_mb()}))


def run_child(mode, path):
    return _common.run_child(__file__, mode, path)


def have_tf_keras():
    import importlib.util

    return importlib.util.find_spec("tf_keras") is not None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="also run the 4 GiB dataset")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0

    tmp = tempfile.mkdtemp(prefix="bench_hdf5_predict_")
    status = 0
    try:
        path = os.path.join(tmp, "x1g.h5")
        write_file(path, ROWS_1G)
        compat = run_child("compat", path)
        numpy_k3 = run_child("keras3-numpy", path)
        grow = compat["peak_mb"] - compat["base_mb"]
        print(f"1 GiB ({ROWS_1G} x {COLS} float32), Dense(8), batch {BATCH}")
        print(
            f"  compat predict(h5py.Dataset): {compat['seconds']:.2f} s, peak RSS "
            f"{compat['peak_mb']:.0f} MB = single-batch process + {grow:.0f} MB (bound 100 MB)"
        )
        print(
            f"  Keras 3 predict(numpy array):  {numpy_k3['seconds']:.2f} s, peak RSS "
            f"{numpy_k3['peak_mb']:.0f} MB"
        )
        print(f"  time ratio compat / Keras 3 numpy: {compat['seconds'] / numpy_k3['seconds']:.2f}")
        if have_tf_keras():
            tfk = run_child("tf-keras", path)
            print(
                f"  tf-keras predict(h5py.Dataset): {tfk['seconds']:.2f} s, peak RSS "
                f"{tfk['peak_mb']:.0f} MB = single-batch process + {tfk['peak_mb'] - tfk['base_mb']:.0f} MB"
            )
            print(f"  time ratio compat / tf-keras: {compat['seconds'] / tfk['seconds']:.2f}")
        else:
            print("  tf-keras: skipped (tf_keras is not installed; pip install tf-keras to compare)")
        if grow > 100 or compat["seconds"] > numpy_k3["seconds"]:
            status = 1
        os.remove(path)
        if args.big:
            path = os.path.join(tmp, "x4g.h5")
            write_file(path, 4 * ROWS_1G)
            big = run_child("compat", path)
            grow = big["peak_mb"] - big["base_mb"]
            print(f"4 GiB ({4 * ROWS_1G} x {COLS} float32)")
            print(
                f"  compat predict(h5py.Dataset): {big['seconds']:.2f} s, peak RSS "
                f"{big['peak_mb']:.0f} MB = single-batch process + {grow:.0f} MB (bound 100 MB)"
            )
            if grow > 100:
                status = 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
