"""``keras.utils.multi_gpu_model`` on ``tf.distribute.MirroredStrategy``.

Plain Keras 3 has no ``multi_gpu_model`` (removed in TensorFlow 2.4). The
cases that need several devices run in one subprocess that configures four
logical CPU devices before TensorFlow starts (``python tests/test_multi_gpu.py``
runs them and prints their measurements as JSON); the tests below check
those measurements. Argument checks and the one-device fallback run here.
"""

import json
import os
import subprocess
import sys
import traceback
import warnings

import numpy as np
import pytest

from keras_faq_compat import _internals

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
LOGICAL_CPUS = 4


# -- in this process: arguments, errors, import paths ------------------------


def _small_model():
    import keras_faq_compat as keras

    model = keras.models.Sequential()
    model.add(keras.layers.Dense(4, activation="relu", input_dim=3))
    model.add(keras.layers.Dense(1))
    return model


def test_import_paths_give_one_function():
    from keras_faq_compat import activation
    from keras_faq_compat.utils import multi_gpu_model
    from keras_faq_compat.utils.multi_gpu_utils import multi_gpu_model as direct

    assert multi_gpu_model is direct
    with activation.activated():
        from keras.utils import multi_gpu_model as legacy
        from keras.utils.multi_gpu_utils import multi_gpu_model as legacy_direct

    assert legacy is direct and legacy_direct is direct


@pytest.mark.parametrize(
    "gpus, message",
    [
        (1, "For multi-gpu usage to be effective, call `multi_gpu_model` with `gpus >= 2`. Received: `gpus=1`"),
        ([0], "For multi-gpu usage to be effective, call `multi_gpu_model` with `len(gpus) >= 2`. "
              "Received: `gpus=[0]`"),
        ([0, 0], "lists a GPU id twice"),
        ([0, -1], "each GPU id in `gpus` must be an integer >= 0"),
        ("2", "`gpus` must be None, an integer >= 2 or a list"),
        (True, "`gpus` must be None, an integer >= 2 or a list"),
    ],
)
def test_bad_gpus_give_keras2_value_error(gpus, message):
    from keras_faq_compat.utils import multi_gpu_model

    with pytest.raises(ValueError) as info:
        multi_gpu_model(_small_model(), gpus=gpus)
    assert message in str(info.value)


def test_not_a_model_is_refused():
    from keras_faq_compat.utils import multi_gpu_model

    with pytest.raises(TypeError, match="`model` must be a Keras model"):
        multi_gpu_model("model.h5", gpus=2)


def test_strict_mode_keeps_keras2_error_for_missing_gpus(monkeypatch):
    from keras_faq_compat.utils import multi_gpu_model

    monkeypatch.setenv("KERAS_FAQ_COMPAT_STRICT", "1")
    with pytest.raises(ValueError) as info:
        multi_gpu_model(_small_model(), gpus=[0, 63])
    text = str(info.value)
    assert text.startswith("To call `multi_gpu_model` with `gpus=[0, 63]`, we expect the following devices")
    assert "'/gpu:63'" in text and "However this machine only has: [" in text and "'/cpu:0'" in text


def test_missing_gpu_falls_back_with_one_warning_and_trains_the_template():
    import keras_faq_compat as keras
    from keras_faq_compat.deprecation import LegacyAPIWarning
    from keras_faq_compat.utils import multi_gpu_model

    template = _small_model()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parallel = multi_gpu_model(template, gpus=[0, 63])
    device_warnings = [w for w in caught if issubclass(w.category, LegacyAPIWarning) and "/gpu:63" in str(w.message)]
    assert len(device_warnings) == 1
    text = str(device_warnings[0].message)
    assert "asked for /gpu:0, /gpu:63" in text
    assert f"on {', '.join(parallel.placement.used)} instead" in text
    assert "KERAS_FAQ_COMPAT_STRICT=1" in text
    assert parallel.placement.requested == ["/gpu:0", "/gpu:63"]
    assert parallel.placement.used and "/gpu:63" not in parallel.placement.used

    x = np.random.RandomState(0).rand(8, 3).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    before = [w.copy() for w in template.get_weights()]
    parallel.compile(optimizer=keras.optimizers.SGD(lr=0.05), loss="mse")
    parallel.fit(x, y, epochs=2, batch_size=4, verbose=0)
    after = template.get_weights()
    assert any(not np.allclose(a, b) for a, b in zip(before, after))
    np.testing.assert_allclose(template.predict(x), parallel.predict(x), rtol=1e-6, atol=1e-6)


def test_tf_config_cluster_is_named_and_bad_json_is_refused(monkeypatch):
    from keras_faq_compat.deprecation import LegacyAPIWarning
    from keras_faq_compat.utils import multi_gpu_model

    monkeypatch.setenv("TF_CONFIG", "{not json")
    with pytest.raises(ValueError, match="TF_CONFIG environment variable is not valid JSON"):
        multi_gpu_model(_small_model(), gpus=[0, 63])
    cluster = {"cluster": {"worker": ["127.0.0.1:1", "127.0.0.1:2"]}, "task": {"type": "worker", "index": 0}}
    monkeypatch.setenv("TF_CONFIG", json.dumps(cluster))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        multi_gpu_model(_small_model(), gpus=[0, 63])
    assert any(
        issubclass(w.category, LegacyAPIWarning) and "cluster of 2 workers" in str(w.message) for w in caught
    )


# -- in a subprocess with several logical CPU devices -------------------------


@pytest.fixture(scope="module")
def scenarios():
    """Run the multi-device scenarios once; return {name: result or {'error': traceback}}."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore")
    env.pop("KERAS_FAQ_COMPAT_STRICT", None)
    proc = subprocess.run(
        [sys.executable, os.path.abspath(__file__), str(LOGICAL_CPUS)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )
    marker = "SCENARIOS-JSON:"
    lines = [line for line in proc.stdout.splitlines() if line.startswith(marker)]
    if proc.returncode != 0 or not lines:
        pytest.fail(f"scenario process failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    return json.loads(lines[-1][len(marker):])


def _result(scenarios, name):
    result = scenarios[name]
    if "error" in result:
        pytest.fail(f"scenario {name} raised:\n{result['error']}")
    return result





@pytest.mark.slow
def test_replicas_run_on_the_chosen_logical_devices(scenarios):
    r = _result(scenarios, "devices")
    assert r["gpus=2"] == {"used": ["/cpu:0", "/cpu:1"], "replicas": 2}
    assert r["gpus=3"] == {"used": ["/cpu:0", "/cpu:1", "/cpu:2"], "replicas": 3}
    assert r["gpus=[1, 3]"] == {"used": ["/cpu:1", "/cpu:3"], "replicas": 2}
    assert r["gpus=None"] == {"used": ["/cpu:0", "/cpu:1", "/cpu:2", "/cpu:3"], "replicas": 4}
    assert r["gpus=8"] == {"used": ["/cpu:0", "/cpu:1", "/cpu:2", "/cpu:3"], "replicas": 4}
    # The template's layers ran on each replica's device.
    assert r["traced_devices"] == ["CPU:1", "CPU:3"]


@pytest.mark.slow
def test_each_global_batch_is_split_across_replicas(scenarios):
    r = _result(scenarios, "split")
    # fit: 11 samples, batch_size=4, 2 replicas -> batches 4, 4, 3.
    assert r["fit"] == {"0": [2, 2, 2], "1": [1, 2, 2]}
    # train_on_batch with 5 samples on 3 replicas; 2 samples on 3 replicas.
    assert r["train_on_batch_5"] == {"0": [2], "1": [2], "2": [1]}
    assert r["train_on_batch_2"] == {"0": [1], "1": [1], "2": [0]}
    # predict_on_batch: every sample once, in order.
    assert r["predict_on_batch_rows"] == 5 and r["predict_on_batch_matches_template"]


@pytest.mark.slow
def test_training_matches_one_device(scenarios):
    r = _result(scenarios, "equality")
    # fit with a final partial batch (11 samples, batch 4) on 2 and 3 replicas,
    # then train_on_batch with fewer samples than replicas.
    for key in _EQUALITY_CASES:
        assert r[key]["max_weight_difference"] < 1e-5, (key, r[key])


@pytest.mark.slow
@pytest.mark.skipif(
    _internals.keras_version() < (3, 10),
    reason="Keras before 3.10 keeps metric state per replica and logs the first replica's loss",
)
def test_logged_loss_matches_one_device(scenarios):
    r = _result(scenarios, "equality")
    for key in _EQUALITY_CASES:
        assert r[key]["max_loss_difference"] < 1e-5, (key, r[key])


_EQUALITY_CASES = ("equal_then_partial_2", "fit_2", "fit_3", "sample_weight_3", "train_on_batch_3", "adam_3")


@pytest.mark.slow
def test_parallel_model_shares_weights_with_template(scenarios):
    r = _result(scenarios, "sharing")
    assert r["template_variables_are_mirrored"]
    assert r["weights_changed_by_parallel_fit"]
    assert r["template_equals_parallel_weights"]
    assert r["template_predict_equals_parallel_predict"] < 1e-6
    # model.save on the template writes the trained weights (plain Keras 3 reloads them).
    assert r["saved_template_reloaded_difference"] < 1e-6
    assert r["load_weights_into_template_reaches_parallel"] < 1e-6


@pytest.mark.slow
def test_survives_small_batches_and_batch_statistics(scenarios):
    r = _result(scenarios, "batchnorm")
    assert r["weights_finite_after_one_sample_on_three_replicas"]
    assert r["moving_mean_equal_on_all_replicas"] == 0.0
    assert r["template_predict_equals_parallel_predict"] < 1e-5
    assert r["uneven_first_batch_fit_loss_finite"]


@pytest.mark.slow
def test_unbuilt_template_is_built_by_the_first_batch(scenarios):
    r = _result(scenarios, "unbuilt")
    assert r["class"] == "DeferredParallelModel"
    assert r["template_built_after_fit"] and r["template_variables_are_mirrored"]
    assert r["loss_fell"]
    assert r["template_predict_equals_parallel_predict"] < 1e-6


@pytest.mark.slow
def test_generators_callbacks_multi_io_and_save(scenarios):
    r = _result(scenarios, "methods")
    assert r["callback_epochs"] == [0, 1]
    assert r["history_keys"] == ["loss", "val_loss"]
    assert r["fit_generator_epochs"] == 2
    assert r["predict_generator_rows"] == 11
    assert np.isfinite(r["evaluate_generator"])
    assert r["optimizer_made_outside_trains"]
    assert r["multi_io_output_names"] == ["score", "label"]
    assert r["multi_io_predict_shapes"] == [[3, 1], [3, 2]]
    assert r["parallel_h5_reload_difference"] < 1e-6


@pytest.mark.slow
@pytest.mark.skipif(
    _internals.keras_version() < (3, 5),
    reason="per-output losses (score_loss, label_loss) are tracked from Keras 3.5 on; Keras 3.3-3.4 give the total only",
)
def test_multi_output_train_on_batch_gives_the_loss_of_each_output(scenarios):
    r = _result(scenarios, "methods")
    # Keras 2: [loss, score_loss, label_loss].
    assert r["multi_io_train_on_batch_len"] == 3


@pytest.mark.slow
def test_fit_generator_trains_on_the_generator_batches_in_order(scenarios):
    r = _result(scenarios, "generator_order")
    # Keras 2 trained on the generator's first steps x epochs batches; Keras 3
    # under a strategy reads batches ahead to build the model and loses them.
    assert r["trained_ids"] == list(range(24))


@pytest.mark.slow
def test_training_on_generators_leaves_the_scripts_arrays_unchanged(scenarios):
    r = _result(scenarios, "arrays_untouched")
    # Plain Keras 3 on TensorFlow 2.21 wrote x * 0.01 and y_pred - y into them.
    assert r["x_changed_rows"] == [] and r["y_changed_rows"] == []
    assert r["loss_finite"]


# -- the scenarios (run by the subprocess) -----------------------------------


def _configure(count):
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * count)


def _recorder_class():
    """A layer recording each replica's batch size and the device its ops were traced on."""
    import tensorflow as tf

    from keras_faq_compat._real import keras

    class Recorder(keras.layers.Layer):
        def __init__(self, log, **kwargs):
            super().__init__(**kwargs)
            # Kept out of Keras's attribute tracking, which would copy them.
            object.__setattr__(self, "log", log)
            object.__setattr__(self, "traced_devices", set())

        def call(self, x):
            x = tf.identity(x)
            if x.device:
                self.traced_devices.add(x.device.rsplit("device:", 1)[-1])
            context = tf.distribute.get_replica_context()
            replica = context.replica_id_in_sync_group if context is not None else 0

            def record(replica_id, size):
                self.log.append((int(replica_id), int(size)))
                return np.int64(0)

            done = tf.numpy_function(record, [replica, tf.shape(x)[0]], tf.int64)
            with tf.control_dependencies([done]):
                return tf.identity(x)

    return Recorder


def _by_replica(log):
    out = {}
    for replica, size in log:
        out.setdefault(str(replica), []).append(size)
    return {k: sorted(v) for k, v in sorted(out.items())}


def _dense_model(seed, inputs=3):
    import keras_faq_compat as keras

    keras.utils.set_random_seed(seed)
    x = keras.layers.Input((inputs,))
    h = keras.layers.Dense(8, activation="tanh")(x)
    return keras.models.Model(x, keras.layers.Dense(1)(h))


def _data(n=11, inputs=3, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.rand(n, inputs).astype("float32")
    return x, (x ** 2).sum(axis=1, keepdims=True).astype("float32")


def scenario_devices():
    import keras_faq_compat as keras
    from keras_faq_compat.utils import multi_gpu_model

    out = {}
    for gpus in (2, 3, [1, 3], None, 8):
        parallel = multi_gpu_model(_dense_model(0), gpus=gpus)
        out[f"gpus={gpus}"] = {
            "used": parallel.placement.used,
            "replicas": parallel.distribute_strategy.num_replicas_in_sync,
        }
    log = []
    x = keras.layers.Input((3,))
    recorder = _recorder_class()(log)
    template = keras.models.Model(x, keras.layers.Dense(1)(recorder(x)))
    parallel = multi_gpu_model(template, gpus=[1, 3])
    parallel.predict(np.ones((4, 3), "float32"), batch_size=4)
    out["traced_devices"] = sorted(recorder.traced_devices)
    return out


def scenario_split():
    import keras_faq_compat as keras
    from keras_faq_compat.utils import multi_gpu_model

    def recorded(gpus):
        log = []
        x = keras.layers.Input((3,))
        template = keras.models.Model(x, keras.layers.Dense(1)(_recorder_class()(log)(x)))
        parallel = multi_gpu_model(template, gpus=gpus)
        parallel.compile(optimizer="sgd", loss="mse")
        return template, parallel, log

    x, y = _data()
    out = {}
    _, parallel, log = recorded(2)
    parallel.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    out["fit"] = _by_replica(log)
    _, parallel, log = recorded(3)
    parallel.train_on_batch(x[:5], y[:5])
    out["train_on_batch_5"] = _by_replica(log)
    del log[:]
    parallel.train_on_batch(x[:2], y[:2])
    out["train_on_batch_2"] = _by_replica(log)
    template = parallel.template
    predicted = parallel.predict_on_batch(x[:5])
    out["predict_on_batch_rows"] = int(predicted.shape[0])
    out["predict_on_batch_matches_template"] = bool(np.allclose(predicted, template.predict(x[:5]), atol=1e-6))
    return out


def scenario_equality():
    import keras_faq_compat as keras
    from keras_faq_compat.utils import multi_gpu_model

    x, y = _data()
    weights = np.linspace(0.5, 2.0, len(x)).astype("float32")

    def compare(gpus, train, optimizer="sgd"):
        single = _dense_model(1)
        single.compile(optimizer=optimizer, loss="mse")
        template = _dense_model(1)
        parallel = multi_gpu_model(template, gpus=gpus)
        parallel.compile(optimizer=optimizer, loss="mse")
        losses_single = train(single)
        losses_parallel = train(parallel)
        return {
            "max_weight_difference": max(
                float(np.abs(a - b).max()) for a, b in zip(single.get_weights(), template.get_weights())
            ),
            "max_loss_difference": float(np.abs(np.subtract(losses_single, losses_parallel)).max()),
        }

    def fit(model, **kwargs):
        return model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0, **kwargs).history["loss"]

    def on_batch(model):
        return [model.train_on_batch(x[:1], y[:1]), model.train_on_batch(x[1:3], y[1:3]),
                model.train_on_batch(x[3:10], y[3:10])]

    def equal_then_partial(model):
        # 8 samples in batches of 4 split evenly; then 11 do not: the
        # training function must switch to weighting the parts.
        first = model.fit(x[:8], y[:8], batch_size=4, epochs=2, shuffle=False, verbose=0).history["loss"]
        return first + fit(model)

    return {
        "equal_then_partial_2": compare(2, equal_then_partial),
        "fit_2": compare(2, fit),
        "fit_3": compare(3, fit),
        "sample_weight_3": compare(3, lambda m: fit(m, sample_weight=weights)),
        "train_on_batch_3": compare(3, on_batch),
        "adam_3": compare(3, fit, optimizer="adam"),
    }


def scenario_sharing(tmp):
    import tensorflow as tf

    from keras_faq_compat._real import keras as plain_keras
    from keras_faq_compat.utils import multi_gpu_model

    x, y = _data()
    template = _dense_model(2)
    before = [w.copy() for w in template.get_weights()]
    template.save_weights(os.path.join(tmp, "initial.weights.h5"))
    parallel = multi_gpu_model(template, gpus=2)
    parallel.compile(optimizer="sgd", loss="mse")
    parallel.fit(x, y, batch_size=4, epochs=2, verbose=0)
    out = {
        "template_variables_are_mirrored": all(
            isinstance(v.value, tf.distribute.DistributedValues) for v in template.weights
        ),
        "weights_changed_by_parallel_fit": any(
            not np.allclose(a, b) for a, b in zip(before, template.get_weights())
        ),
        "template_equals_parallel_weights": all(
            np.array_equal(a, b) for a, b in zip(template.get_weights(), parallel.get_weights())
        ),
        "template_predict_equals_parallel_predict": float(
            np.abs(template.predict(x) - parallel.predict(x)).max()
        ),
    }
    path = os.path.join(tmp, "template.keras")
    template.save(path)
    reloaded = plain_keras.models.load_model(path)
    out["saved_template_reloaded_difference"] = float(np.abs(reloaded.predict(x, verbose=0) - template.predict(x)).max())
    template.load_weights(os.path.join(tmp, "initial.weights.h5"))
    out["load_weights_into_template_reaches_parallel"] = max(
        float(np.abs(a - b).max()) for a, b in zip(before, parallel.get_weights())
    )
    return out


def scenario_batchnorm():
    import keras_faq_compat as keras
    from keras_faq_compat.utils import multi_gpu_model

    x, y = _data()
    keras.utils.set_random_seed(3)
    inputs = keras.layers.Input((3,))
    h = keras.layers.Dense(8)(inputs)
    h = keras.layers.BatchNormalization(name="bn")(h)
    h = keras.layers.Dropout(0.2)(h)
    template = keras.models.Model(inputs, keras.layers.Dense(1)(h))
    parallel = multi_gpu_model(template, gpus=3)
    parallel.compile(optimizer="sgd", loss="mse")
    parallel.train_on_batch(x[:1], y[:1])
    finite = all(np.isfinite(w).all() for w in template.get_weights())
    history = parallel.fit(x, y, batch_size=5, epochs=2, verbose=0)
    copies = [c.numpy() for c in template.get_layer("bn").moving_mean.value.values]
    fresh = multi_gpu_model(_dense_model(4), gpus=2)
    fresh.compile(optimizer="sgd", loss="mse")
    uneven = fresh.fit(x[:5], y[:5], batch_size=5, verbose=0).history["loss"][0]
    return {
        "weights_finite_after_one_sample_on_three_replicas": bool(finite and np.isfinite(history.history["loss"]).all()),
        "moving_mean_equal_on_all_replicas": float(max(np.abs(c - copies[0]).max() for c in copies)),
        "template_predict_equals_parallel_predict": float(np.abs(template.predict(x) - parallel.predict(x)).max()),
        "uneven_first_batch_fit_loss_finite": bool(np.isfinite(uneven)),
    }


def scenario_unbuilt():
    import tensorflow as tf

    import keras_faq_compat as keras
    from keras_faq_compat.utils import multi_gpu_model

    x, y = _data()
    keras.utils.set_random_seed(5)
    template = keras.models.Sequential([keras.layers.Dense(8, activation="tanh"), keras.layers.Dense(1)])
    parallel = multi_gpu_model(template, gpus=2)
    parallel.compile(optimizer=keras.optimizers.SGD(lr=0.05), loss="mse")
    history = parallel.fit(x, y, batch_size=4, epochs=4, verbose=0).history["loss"]
    return {
        "class": type(parallel).__name__,
        "template_built_after_fit": bool(template.built),
        "template_variables_are_mirrored": all(
            isinstance(v.value, tf.distribute.DistributedValues) for v in template.weights
        ),
        "loss_fell": bool(history[-1] < history[0]),
        "template_predict_equals_parallel_predict": float(np.abs(template.predict(x) - parallel.predict(x)).max()),
    }


def scenario_methods(tmp):
    import keras_faq_compat as keras
    from keras_faq_compat._real import keras as plain_keras
    from keras_faq_compat.utils import multi_gpu_model

    x, y = _data()
    out = {}
    parallel = multi_gpu_model(_dense_model(6), gpus=3)
    parallel.compile(optimizer="sgd", loss="mse")
    epochs = []

    class Seen(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            epochs.append(epoch)

    history = parallel.fit(x, y, batch_size=4, epochs=2, validation_split=0.25, callbacks=[Seen()], verbose=0)
    out["callback_epochs"] = epochs
    out["history_keys"] = sorted(k for k in history.history if k in ("loss", "val_loss"))

    def batches():
        while True:
            for start in range(0, len(x), 4):
                yield x[start:start + 4], y[start:start + 4]

    out["fit_generator_epochs"] = len(
        parallel.fit_generator(batches(), steps_per_epoch=3, epochs=2, verbose=0).history["loss"]
    )
    out["evaluate_generator"] = float(np.ravel(parallel.evaluate_generator(batches(), steps=3))[0])
    out["predict_generator_rows"] = int(
        parallel.predict_generator((x[s:s + 4] for s in range(0, len(x), 4)), steps=3).shape[0]
    )

    # An optimizer instance made before multi_gpu_model (Keras 2 scripts do).
    optimizer = keras.optimizers.SGD(lr=0.05)
    trained = multi_gpu_model(_dense_model(7), gpus=2)
    trained.compile(optimizer=optimizer, loss="mse")
    losses = trained.fit(x, y, batch_size=4, epochs=3, verbose=0).history["loss"]
    out["optimizer_made_outside_trains"] = bool(losses[-1] < losses[0])

    a = keras.layers.Input((3,), name="a")
    b = keras.layers.Input((2,), name="b")
    score = keras.layers.Dense(1, name="score")(keras.layers.concatenate([a, b]))
    label = keras.layers.Dense(2, activation="softmax", name="label")(b)
    two = multi_gpu_model(keras.models.Model([a, b], [score, label]), gpus=2)
    two.compile(optimizer="sgd", loss={"score": "mse", "label": "categorical_crossentropy"})
    labels = np.eye(2, dtype="float32")[np.arange(len(x)) % 2]
    two.fit([x, x[:, :2]], [y, labels], batch_size=4, verbose=0)
    out["multi_io_output_names"] = list(two.output_names)
    # np.size: Keras before 3.5 returns the total loss alone, a scalar.
    out["multi_io_train_on_batch_len"] = int(np.size(two.train_on_batch([x[:3], x[:3, :2]], [y[:3], labels[:3]])))
    out["multi_io_predict_shapes"] = [list(p.shape) for p in two.predict_on_batch([x[:3], x[:3, :2]])]

    path = os.path.join(tmp, "parallel.h5")
    parallel.save(path)
    reloaded = plain_keras.models.load_model(path, compile=False)
    out["parallel_h5_reload_difference"] = float(np.abs(reloaded.predict(x, verbose=0) - parallel.predict(x)).max())
    return out


def scenario_generator_order():
    import tensorflow as tf

    import keras_faq_compat as keras
    from keras_faq_compat.utils import multi_gpu_model

    seen = []

    def record(ids):
        seen.extend(int(i) for i in ids.numpy())
        return ids

    class Record(keras.layers.Layer):
        def call(self, x):
            ids = tf.py_function(record, [x[:, 0]], tf.float32)
            with tf.control_dependencies([ids]):
                return tf.identity(x)

    def numbered_batches():
        # Batch k holds samples 4k .. 4k+3, its ids in the first column.
        k = 0
        while True:
            x = np.zeros((4, 3), "float32")
            x[:, 0] = np.arange(4 * k, 4 * k + 4)
            k += 1
            yield x, np.ones((4, 1), "float32")

    inputs = keras.layers.Input((3,))
    template = keras.models.Model(inputs, keras.layers.Dense(1)(Record()(inputs)))
    parallel = multi_gpu_model(template, gpus=2)
    parallel.compile(optimizer="sgd", loss="mse")
    parallel.fit_generator(numbered_batches(), steps_per_epoch=3, epochs=2, verbose=0)
    return {"trained_ids": sorted(seen)}


def _aligned(shape):
    # TensorFlow takes a NumPy array without a copy when its data is 64-byte aligned.
    size = int(np.prod(shape))
    buffer = np.zeros(size + 16, "float32")
    start = (-buffer.ctypes.data % 64) // 4
    return buffer[start:start + size].reshape(shape)


def scenario_arrays_untouched():
    import keras_faq_compat as keras
    from keras_faq_compat.utils import multi_gpu_model

    # 16 rows of 4 floats: every batch of 16 rows starts 64-byte aligned.
    x, y = _aligned((64, 4)), _aligned((64, 16))
    x[:] = np.arange(64 * 4).reshape(64, 4)
    y[:] = 1.0
    x0, y0 = x.copy(), y.copy()

    class Scale(keras.layers.Layer):
        def call(self, v):
            return v * 0.01

    inputs = keras.layers.Input((4,))
    parallel = multi_gpu_model(keras.models.Model(inputs, keras.layers.Dense(16)(Scale()(inputs))), gpus=2)
    parallel.compile(optimizer="sgd", loss="mse")

    def batches():
        while True:
            for start in range(0, 64, 16):
                yield x[start:start + 16], y[start:start + 16]

    class Batches(keras.utils.Sequence):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return x[i * 16:(i + 1) * 16], y[i * 16:(i + 1) * 16]

    history = parallel.fit_generator(batches(), steps_per_epoch=4, epochs=2, verbose=0,
                                     validation_data=batches(), validation_steps=2)
    parallel.fit(Batches(), epochs=2, verbose=0)
    parallel.evaluate_generator(Batches())
    parallel.predict_generator(batches(), steps=4)
    return {
        "x_changed_rows": np.nonzero((x != x0).any(axis=1))[0].tolist(),
        "y_changed_rows": np.nonzero((y != y0).any(axis=1))[0].tolist(),
        "loss_finite": bool(np.isfinite(history.history["loss"]).all()),
    }


def _run_scenarios(count, only=()):
    import tempfile

    _configure(count)
    warnings.simplefilter("ignore")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, fn, args in [
            ("devices", scenario_devices, ()),
            ("split", scenario_split, ()),
            ("equality", scenario_equality, ()),
            ("sharing", scenario_sharing, (tmp,)),
            ("batchnorm", scenario_batchnorm, ()),
            ("unbuilt", scenario_unbuilt, ()),
            ("methods", scenario_methods, (tmp,)),
            ("generator_order", scenario_generator_order, ()),
            ("arrays_untouched", scenario_arrays_untouched, ()),
        ]:
            if only and name not in only:
                continue
            try:
                results[name] = fn(*args)
            except Exception:  # reported to the parent test, which fails with it
                results[name] = {"error": traceback.format_exc()}
    print("SCENARIOS-JSON:" + json.dumps(results), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, REPO)
    _run_scenarios(int(sys.argv[1]), only=sys.argv[2:])
