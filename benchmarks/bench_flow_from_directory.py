"""``fit_generator`` over ``flow_from_directory``: images/s with ``workers=2`` over ``workers=1``.

Target: above 1.5 on 2 cores. A folder of small JPEGs (2,000 by default, two classes) is
read by ``ImageDataGenerator(rotation_range=20, width_shift_range=0.1, height_shift_range=0.1)
.flow_from_directory(...)``, whose iterator is a ``keras.utils.Sequence``; a small CNN trains on
it with ``fit_generator(..., workers=W)``, so that decoding and augmenting the images is most of
the work. Each run is a fresh process (one epoch to warm up, then one timed epoch); the figure is
images per second of wall time with 2 workers over 1 worker.

The same workload runs against tf-keras (``TF_USE_LEGACY_KERAS=1``, the Keras 2 code base that
TensorFlow still publishes) when an interpreter with tf-keras is given with ``--tf-keras-python``
(or the current one has it), and its ratio is printed beside ours.

Run: ``python benchmarks/bench_flow_from_directory.py [--images N] [--tf-keras-python PATH]``.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

SIZE = 64
BATCH = 32


def make_folder(path, images):
    """`images` random JPEGs of SIZE x SIZE in two class folders of `path`."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(0)
    for i in range(images):
        folder = os.path.join(path, "ab"[i % 2])
        os.makedirs(folder, exist_ok=True)
        pixels = rng.integers(0, 255, (SIZE, SIZE, 3), dtype="uint8")
        Image.fromarray(pixels).save(os.path.join(folder, f"{i}.jpg"), quality=90)


def child(side, workers, path):
    """One measurement in this process: images/s of one timed epoch."""
    import warnings

    warnings.simplefilter("ignore")
    if side == "tf_keras":
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        import tensorflow as tf

        keras = tf.keras
        layers = keras.layers
        Sequential = keras.models.Sequential
        ImageDataGenerator = keras.preprocessing.image.ImageDataGenerator
    else:
        from keras_faq_compat import layers
        from keras_faq_compat.models import Sequential
        from keras_faq_compat.preprocessing.image import ImageDataGenerator

    generator = ImageDataGenerator(rescale=1 / 255.0, rotation_range=20, width_shift_range=0.1,
                                   height_shift_range=0.1)
    iterator = generator.flow_from_directory(path, target_size=(SIZE, SIZE), batch_size=BATCH,
                                             class_mode="binary", seed=0)
    model = Sequential([
        layers.Conv2D(8, 3, strides=2, activation="relu", input_shape=(SIZE, SIZE, 3)),
        layers.GlobalAveragePooling2D(),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile("sgd", "binary_crossentropy")
    steps = len(iterator)
    model.fit_generator(iterator, steps_per_epoch=steps, epochs=1, verbose=0, workers=workers)
    start = time.perf_counter()
    model.fit_generator(iterator, steps_per_epoch=steps, epochs=1, verbose=0, workers=workers)
    seconds = time.perf_counter() - start
    print(json.dumps({"images_per_s": iterator.n / seconds}))


def measure(python, side, workers, path):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([python, os.path.abspath(__file__), "--child", side, str(workers), path],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{side} workers={workers} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])["images_per_s"]


def _has_tf_keras(python):
    return subprocess.run([python, "-c", "import tf_keras"], capture_output=True).returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=2000)
    parser.add_argument("--tf-keras-python", default=None,
                        help="an interpreter with tensorflow and tf-keras (default: this one, if it has tf-keras)")
    parser.add_argument("--child", nargs=3, metavar=("SIDE", "WORKERS", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.child[2])
        return
    folder = tempfile.mkdtemp(prefix="bench_flow_")
    try:
        make_folder(folder, args.images)
        sides = [("keras_faq_compat", sys.executable)]
        tf_keras_python = args.tf_keras_python or sys.executable
        if _has_tf_keras(tf_keras_python):
            sides.append(("tf_keras", tf_keras_python))
        print(f"{args.images} JPEGs of {SIZE}x{SIZE}, batches of {BATCH}, rotation and shifts; one timed epoch per run")
        for side, python in sides:
            one = measure(python, side, 1, folder)
            two = measure(python, side, 2, folder)
            print(f"  {side:17s} workers=1 {one:8.1f} images/s   workers=2 {two:8.1f} images/s")
            print(f"ratio {side} workers=2 / workers=1 (images/s): {two / one:.2f} (target > 1.5 on 2 cores)")
        if len(sides) == 1:
            print("tf-keras not found: pass --tf-keras-python PATH (an interpreter with tensorflow and tf-keras)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
