"""Device parallelism: layer calls built inside ``tf.device`` / ``tf.device_scope`` run there.

In plain Keras 3 a device scope around the building of a functional model
has no effect when the model runs. The placement checks need several
devices: they run in one subprocess with three logical CPU devices
(``python tests/test_device_scopes.py`` prints their measurements as JSON).
"""

import json
import os
import re
import subprocess
import sys
import traceback
import warnings

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


# -- in this process: the hooks and the private names they rely on -----------


def test_activation_installs_and_removes_the_recording_hook():
    from keras_faq_compat import activation
    from keras_faq_compat._real import keras
    from keras_faq_compat.distribute import device_scopes

    node_class = keras.src.ops.node.Node
    original = node_class.__dict__["__init__"]
    with activation.activated():
        assert node_class.__dict__["__init__"] is device_scopes.node_init_recording_device
    assert node_class.__dict__["__init__"] is original


def _keras_version():
    from keras_faq_compat import _internals

    return _internals.keras_version()


@pytest.mark.skipif(
    _keras_version() < (3, 4),
    reason="not restored on Keras 3.3: its functional models run each node's layer with no per-node hook",
)
def test_a_layer_call_built_under_a_device_scope_runs_there_in_one_process():
    """Fails when Keras changes how a functional model runs its nodes (DevicePlacementMixin's hook)."""
    import tensorflow as tf

    from keras_faq_compat import activation
    from keras_faq_compat.distribute import device_scopes

    with tf.device("/cpu:0"):
        assert device_scopes.current_device().endswith("CPU:0")
    assert device_scopes.current_device() == ""
    from keras_faq_compat import layers, models

    with activation.activated():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            x = layers.Input((3,))
            with tf.device_scope("/cpu:0"):
                h = layers.Dense(2, name="placed")(x)
            model = models.Model(x, layers.Dense(1, name="free")(h))
        devices = _op_devices(model, [tf.TensorSpec((None, 3))])
    assert devices["placed"] == ["CPU:0"] and devices["free"] == [""]


def test_layer_call_records_its_device_only_under_the_activation():
    import tensorflow as tf

    from keras_faq_compat import activation
    from keras_faq_compat._real import keras
    from keras_faq_compat.distribute import device_scopes

    x = keras.Input((3,))
    with tf.device("/cpu:0"):
        plain = keras.layers.Dense(2)(x)
    assert device_scopes.node_device(plain._keras_history.operation._inbound_nodes[0]) is None
    with activation.activated():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with tf.device_scope("/cpu:0"):
                recorded = keras.layers.Dense(2)(x)
    node = recorded._keras_history.operation._inbound_nodes[0]
    assert device_scopes.node_device(node).endswith("device:CPU:0")


def test_device_scope_rejects_a_non_device():
    from keras_faq_compat import tf1

    with pytest.raises(ValueError, match="device_scope: `device_name` must be a device string"):
        tf1.device_scope(0)


# -- in a subprocess with three logical CPU devices ---------------------------


@pytest.fixture(scope="module")
def placements():
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore")
    proc = subprocess.run(
        [sys.executable, os.path.abspath(__file__)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )
    marker = "PLACEMENT-JSON:"
    lines = [line for line in proc.stdout.splitlines() if line.startswith(marker)]
    if proc.returncode != 0 or not lines:
        pytest.fail(f"placement process failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    result = json.loads(lines[-1][len(marker):])
    if "error" in result:
        pytest.fail(result["error"])
    return result


@pytest.mark.slow
def test_layer_calls_run_on_the_device_they_were_built_under(placements):
    compat = placements["compat"]
    assert compat["on_cpu1"] == ["CPU:1"]  # tf.device('/cpu:1')
    assert compat["on_cpu2"] == ["CPU:2"]  # tf.device_scope('/cpu:2')
    assert compat["free"] == [""]  # no scope: TensorFlow places it
    # The FAQ's shared LSTM: one layer, its two calls on two devices.
    assert compat["shared_lstm"] == ["CPU:1", "CPU:2"]
    # Plain Keras 3 ignores the scopes.
    assert placements["plain"]["on_cpu1"] == [""] and placements["plain"]["on_cpu2"] == [""]


@pytest.mark.slow
def test_device_placed_model_trains_and_predicts_as_an_unplaced_one(placements):
    assert placements["predict_difference"] < 1e-6
    assert placements["fit_loss_fell"]


@pytest.mark.slow
def test_replica_device_wins_inside_multi_gpu_model(placements):
    # The template was built under tf.device('/cpu:0') (Keras 2's advice);
    # its replicas still run on their own devices.
    assert placements["replica_devices"] == ["CPU:1", "CPU:2"]


# -- the measurements (run by the subprocess) --------------------------------


def _op_devices(model, input_specs):
    import tensorflow as tf

    function = tf.function(lambda *xs: model(list(xs) if len(xs) > 1 else xs[0], training=False))
    graph = function.get_concrete_function(*input_specs).graph
    by_layer = {}
    for op in graph.get_operations():
        parts = op.name.split("/")
        # Variable reads stay with their variable: only computations move.
        if len(parts) < 2 or op.type in ("Placeholder", "ReadVariableOp", "Const"):
            continue
        layer = re.sub(r"_\d+$", "", parts[1])  # name scopes made unique per call
        by_layer.setdefault(layer, set()).add(op.device.rsplit("device:", 1)[-1] if op.device else "")
    return {k: sorted(v) for k, v in by_layer.items()}


def _build(keras, tf, scope):
    a = keras.Input((5, 3))
    b = keras.Input((5, 3))
    shared = keras.layers.LSTM(4, name="shared_lstm")
    with tf.device("/cpu:1"):
        encoded_a = shared(a)
        h1 = keras.layers.Dense(4, name="on_cpu1")(encoded_a)
    with scope("/cpu:2"):
        encoded_b = shared(b)
        h2 = keras.layers.Dense(4, name="on_cpu2")(encoded_b)
    merged = keras.layers.concatenate([h1, h2])
    out = keras.layers.Dense(1, name="free")(merged)
    return keras.models.Model([a, b], out)


def _measure():
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 3)
    warnings.simplefilter("ignore")

    import keras as plain_keras

    specs = [tf.TensorSpec((None, 5, 3))] * 2
    plain_keras.utils.set_random_seed(0)
    plain = _build(plain_keras, tf, tf.device)
    out = {"plain": _op_devices(plain, specs)}

    import keras_faq_compat

    keras_faq_compat.install()
    import keras

    keras.utils.set_random_seed(0)
    model = _build(keras, tf, tf.device_scope)
    devices = _op_devices(model, specs)
    out["compat"] = {k: devices[k] for k in ("on_cpu1", "on_cpu2", "free", "shared_lstm")}

    rng = np.random.RandomState(0)
    xs = [rng.rand(8, 5, 3).astype("float32") for _ in range(2)]
    y = rng.rand(8, 1).astype("float32")
    model.set_weights(plain.get_weights())
    out["predict_difference"] = float(np.abs(model.predict(xs) - plain.predict(xs, verbose=0)).max())
    model.compile(optimizer="sgd", loss="mse")
    losses = model.fit(xs, y, epochs=3, batch_size=4, verbose=0).history["loss"]
    out["fit_loss_fell"] = bool(losses[-1] < losses[0])

    from keras.utils import multi_gpu_model

    traced = set()

    class Where(keras.layers.Layer):
        def call(self, x):
            x = tf.identity(x)
            if x.device:
                traced.add(x.device.rsplit("device:", 1)[-1])
            return x

    with tf.device("/cpu:0"):
        inputs = keras.layers.Input((3,))
        template = keras.models.Model(inputs, keras.layers.Dense(1)(Where()(inputs)))
    parallel = multi_gpu_model(template, gpus=[1, 2])
    parallel.predict(np.ones((4, 3), "float32"))
    out["replica_devices"] = sorted(traced)
    keras_faq_compat.uninstall()
    return out


if __name__ == "__main__":
    sys.path.insert(0, REPO)
    try:
        result = _measure()
    except Exception:
        result = {"error": traceback.format_exc()}
    print("PLACEMENT-JSON:" + json.dumps(result), flush=True)
