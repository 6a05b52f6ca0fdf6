"""Save + load of a 1-million-parameter model to ``.h5``: compat over Keras 3's own ``.h5`` path.

The same architecture (Dense 1000 -> 1000 -> 1, 1,002,001 parameters), compiled
with Adam and trained one step so that the optimizer state (2 slots per
weight) is saved too. Compat: ``model.save('x.h5')`` then
``keras_faq_compat.models.load_model`` (Keras 2 layout, atomic write, config
translation, optimizer state restored). Keras 3: ``keras.saving.save_model``
then ``keras.saving.load_model`` of a plain ``keras.Sequential``. One timed
round trip each, after one warm-up round trip of each, in one run.

Run: ``python benchmarks/bench_h5_roundtrip.py``.
"""

import os
import sys
import tempfile
import time
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402


def _build(cls, keras):
    model = cls([keras.Input((1000,)), keras.layers.Dense(1000, activation="relu"), keras.layers.Dense(1)])
    model.compile(keras.optimizers.Adam(1e-3), "mean_squared_error")
    model.fit(np.zeros((8, 1000), "float32"), np.zeros((8, 1), "float32"), verbose=0)
    return model


def _round_trip(save, load, model, path):
    start = time.perf_counter()
    save(model, path)
    loaded = load(path)
    elapsed = time.perf_counter() - start
    assert loaded.count_params() == model.count_params()
    return elapsed


def main():
    warnings.simplefilter("ignore")
    from keras_faq_compat import saving
    from keras_faq_compat._real import keras
    from keras_faq_compat.models import Sequential

    compat_model = _build(Sequential, keras)
    native_model = _build(keras.Sequential, keras)
    print(f"parameters: {compat_model.count_params():,}")
    with tempfile.TemporaryDirectory() as tmp:
        compat = (lambda m, p: m.save(p), saving.load_model)
        native = (keras.saving.save_model, keras.saving.load_model)
        _round_trip(*compat, compat_model, os.path.join(tmp, "warm_c.h5"))
        _round_trip(*native, native_model, os.path.join(tmp, "warm_n.h5"))
        t_compat = _round_trip(*compat, compat_model, os.path.join(tmp, "c.h5"))
        t_native = _round_trip(*native, native_model, os.path.join(tmp, "n.h5"))
        size_c = os.path.getsize(os.path.join(tmp, "c.h5"))
        size_n = os.path.getsize(os.path.join(tmp, "n.h5"))
    print(f"compat  save+load .h5: {t_compat:.3f} s ({size_c / 1e6:.1f} MB)")
    print(f"keras 3 save+load .h5: {t_native:.3f} s ({size_n / 1e6:.1f} MB)")
    print(f"ratio compat / Keras 3 .h5 round trip: {t_compat / t_native:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
