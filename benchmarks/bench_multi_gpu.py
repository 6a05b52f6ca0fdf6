"""``fit`` through ``multi_gpu_model`` over the same ``fit`` written natively with ``MirroredStrategy``.

Both train the same model on the same data over two logical CPU devices
(configured before TensorFlow starts), after one warm-up epoch each (tracing
excluded). The timed fits alternate, several times, so that each compat run
has a native run next to it under about the same load from other processes;
the figure is the median of these paired ratios (wall-clock time). The CPU
time of the process, which other processes do not inflate, is compared the
same way.

Target: at most 1.05.

Run: ``python benchmarks/bench_multi_gpu.py [--runs N] [--epochs N]``.
"""

import argparse
import os
import statistics
import time
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

DEVICES = 2
SAMPLES, FEATURES, CLASSES = 8192, 64, 10
BATCH = 256


def _configure():
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * DEVICES)


def _layers(keras):
    return [
        keras.layers.Dense(256, activation="relu", input_shape=(FEATURES,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(CLASSES, activation="softmax"),
    ]


def _native():
    import keras

    strategy = tf.distribute.MirroredStrategy([f"/cpu:{i}" for i in range(DEVICES)])
    with strategy.scope():
        keras.utils.set_random_seed(0)
        model = keras.Sequential(_layers(keras))
        model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    return model


def _compat():
    import keras_faq_compat as keras
    from keras_faq_compat.utils import multi_gpu_model

    keras.utils.set_random_seed(0)
    model = keras.models.Sequential(_layers(keras))
    parallel = multi_gpu_model(model, gpus=DEVICES)
    parallel.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    return parallel


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    _configure()
    warnings.simplefilter("ignore")
    rng = np.random.RandomState(0)
    x = rng.rand(SAMPLES, FEATURES).astype("float32")
    y = np.eye(CLASSES, dtype="float32")[rng.randint(CLASSES, size=SAMPLES)]

    models = {"native MirroredStrategy": _native(), "multi_gpu_model": _compat()}
    for model in models.values():
        model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)  # traces the functions
    wall = {name: [] for name in models}
    cpu = {name: [] for name in models}
    for run in range(args.runs):
        # Each side goes first in every other pair: no side always meets the
        # load the other left behind.
        for name, model in (list(models.items()) if run % 2 == 0 else list(models.items())[::-1]):
            start, start_cpu = time.perf_counter(), time.process_time()
            model.fit(x, y, batch_size=BATCH, epochs=args.epochs, verbose=0)
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    print(f"fit of {SAMPLES} samples x {args.epochs} epochs, batch {BATCH}, on {DEVICES} logical CPU devices "
          f"({os.cpu_count()} cores); {args.runs} alternating runs each")
    for name in models:
        print(f"  {name:24s} median {statistics.median(wall[name]):6.2f} s   fastest {min(wall[name]):6.2f} s   "
              f"CPU median {statistics.median(cpu[name]):6.2f} s")
    native, compat = "native MirroredStrategy", "multi_gpu_model"

    def paired(times):
        return statistics.median(c / n for c, n in zip(times[compat], times[native]))

    print(f"ratio of CPU time multi_gpu_model / native (median of pairs): {paired(cpu):.3f}")
    print(f"ratio multi_gpu_model / native MirroredStrategy (median of pairs): {paired(wall):.3f} (target <= 1.05)")


if __name__ == "__main__":
    main()
