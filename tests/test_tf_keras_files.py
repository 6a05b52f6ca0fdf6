"""Files in the layouts tf.keras 2.0-2.15 wrote, made here with h5py and zipfile, loaded by the compat layer.

The files mimic what tf.keras wrote (``keras_version`` 2.2.4-tf to 2.15.0):
``time_major`` in RNN configs, metrics serialized as ``MeanMetricWrapper``
objects with a function's name, the loss alias ``'bce'``, ``reduction='auto'``,
``Custom>Adam``, TF2 optimizer weight names of every era, ``Normalization``
statistics as scalars and ``.keras`` zips of tf.keras 2.15 (also with
Windows backslashes). Plain Keras 3 loads none of them as tf.keras did.
"""

import json
import warnings
import zipfile

import h5py
import numpy as np
import pytest

from keras_faq_compat import saving
from keras_faq_compat.saving.errors import LegacyFileError

RNG = np.random.default_rng(0)


def _input(shape, name="input_1", dtype="float32"):
    return {
        "class_name": "InputLayer",
        "config": {"batch_input_shape": [None, *shape], "dtype": dtype, "sparse": False, "ragged": False, "name": name},
    }


def _dense(name, units, activation="linear"):
    return {
        "class_name": "Dense",
        "config": {
            "name": name,
            "trainable": True,
            "dtype": "float32",
            "units": units,
            "activation": activation,
            "use_bias": True,
            # TF 2.0-2.2 kept the dtype in initializer configs.
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None, "dtype": "float32"}},
            "bias_initializer": {"class_name": "Zeros", "config": {"dtype": "float32"}},
        },
    }


def _lstm(name, units, time_major=False):
    return {
        "class_name": "LSTM",
        "config": {
            "name": name,
            "trainable": True,
            "dtype": "float32",
            "return_sequences": False,
            "return_state": False,
            "go_backwards": False,
            "stateful": False,
            "unroll": False,
            "time_major": time_major,
            "units": units,
            "activation": "tanh",
            "recurrent_activation": "sigmoid",
            "use_bias": True,
            "unit_forget_bias": True,
            "dropout": 0.0,
            "recurrent_dropout": 0.0,
            "implementation": 2,
        },
    }


def _sequential(*layers, name="sequential"):
    return {"class_name": "Sequential", "config": {"name": name, "layers": list(layers)}}


def _adam(new=False):
    if new:  # the optimizers of TF 2.11+
        config = {"name": "Adam", "learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07,
                  "amsgrad": False, "jit_compile": True, "is_legacy_optimizer": False, "weight_decay": None,
                  "clipnorm": None, "global_clipnorm": None, "clipvalue": None, "use_ema": False,
                  "ema_momentum": 0.99, "ema_overwrite_frequency": None}
        return {"class_name": "Custom>Adam", "config": config}
    return {"class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.001, "decay": 0.0, "beta_1": 0.9,
                                             "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False}}


def write_tf_keras_h5(path, model_config, layers, training_config=None, optimizer=None, version="2.4.0"):
    """An HDF5 model file in tf.keras 2.x's layout.

    Args:
        path: where to write.
        model_config: the ``model_config`` dictionary.
        layers: ``[(layer_name, [(weight_name, array), ...]), ...]``.
        training_config: the ``training_config`` dictionary; default None.
        optimizer: ``[(weight_name, array), ...]``; default None.
        version: ``keras_version``; default "2.4.0".
    """
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = version
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(model_config)
        if training_config is not None:
            f.attrs["training_config"] = json.dumps(training_config)
        weights = f.create_group("model_weights")
        weights.attrs["keras_version"] = version
        weights.attrs["backend"] = "tensorflow"
        weights.attrs["layer_names"] = [n.encode() for n, _ in layers]
        for name, values in layers:
            group = weights.create_group(name)
            group.attrs["weight_names"] = [w.encode() for w, _ in values]
            for weight, value in values:
                group.create_dataset(weight, data=value)
        if optimizer is not None:
            group = f.create_group("optimizer_weights")
            group.attrs["weight_names"] = [w.encode() for w, _ in optimizer]
            for weight, value in optimizer:
                group.create_dataset(weight, data=value)


def _dense_model_file(path, training_config, optimizer=None, version="2.4.0"):
    kernel, bias = RNG.normal(size=(3, 1)).astype("float32"), RNG.normal(size=(1,)).astype("float32")
    config = _sequential(_input((3,), "dense_input"), _dense("dense", 1, "sigmoid"))
    write_tf_keras_h5(path, config, [("dense", [("dense/kernel:0", kernel), ("dense/bias:0", bias)])],
                      training_config, optimizer, version)
    return kernel, bias


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _training(loss="binary_crossentropy", metrics=None, new=False):
    return {"loss": loss, "metrics": metrics, "weighted_metrics": None, "loss_weights": None,
            "optimizer_config": _adam(new)}


def _wrapper(name, fn):
    return {"class_name": "MeanMetricWrapper", "config": {"name": name, "dtype": "float32", "fn": fn}}


X = RNG.normal(size=(4, 3)).astype("float32")
Y = (RNG.random((4, 1)) > 0.5).astype("float32")


# --------------------------------------------------------------------------
# Configs.


def test_rnn_time_major_false_loads_and_true_gives_one_clear_error(tmp_path):
    kernel = RNG.normal(size=(2, 8)).astype("float32")
    recurrent = RNG.normal(size=(2, 8)).astype("float32")
    bias = RNG.normal(size=(8,)).astype("float32")
    weights = [("lstm", [("lstm/lstm_cell/kernel:0", kernel), ("lstm/lstm_cell/recurrent_kernel:0", recurrent),
                         ("lstm/lstm_cell/bias:0", bias)])]
    path = tmp_path / "rnn.h5"
    write_tf_keras_h5(path, _sequential(_input((5, 2)), _lstm("lstm", 2)), weights, version="2.3.0-tf")
    model = saving.load_model(str(path), compile=False)
    np.testing.assert_array_equal(model.get_layer("lstm").cell.kernel.numpy(), kernel)
    assert model.predict(RNG.normal(size=(1, 5, 2)), verbose=0).shape == (1, 2)

    write_tf_keras_h5(path, _sequential(_input((5, 2)), _lstm("lstm", 2, time_major=True)), weights)
    with pytest.raises(LegacyFileError, match=r"rnn\.h5.*'lstm'.*time_major=True"):
        saving.load_model(str(path), compile=False)


def test_attention_score_mode_dot_and_batch_norm_axis_list_build():
    config = {
        "class_name": "Functional",
        "config": {
            "name": "model",
            "layers": [
                {**_input((4, 3), "inputs"), "name": "inputs", "inbound_nodes": []},
                {"class_name": "Attention", "name": "attention",
                 "config": {"name": "attention", "trainable": True, "dtype": "float32", "dropout": 0.0,
                            "use_scale": False, "score_mode": "dot"},
                 "inbound_nodes": [[["inputs", 0, 0, {}], ["inputs", 0, 0, {}]]]},
                {"class_name": "BatchNormalization", "name": "bn",
                 "config": {"name": "bn", "axis": [2], "momentum": 0.99, "epsilon": 0.001},
                 "inbound_nodes": [[["attention", 0, 0, {}]]]},
            ],
            "input_layers": [["inputs", 0, 0]],
            "output_layers": [["bn", 0, 0]],
        },
    }
    model = saving.model_from_json(json.dumps(config))
    assert model.get_layer("attention").score_mode == "dot"
    assert model.get_layer("bn").axis == 2
    x = RNG.normal(size=(2, 4, 3)).astype("float32")
    scores = np.einsum("bij,bkj->bik", x, x)
    weights = np.exp(scores - scores.max(-1, keepdims=True))
    expected = (weights / weights.sum(-1, keepdims=True)) @ x / np.sqrt(1 + 0.001)
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-4, atol=1e-5)


# --------------------------------------------------------------------------
# Training configs.


def test_mean_metric_wrapper_metrics_train_with_tf_keras_names(tmp_path):
    path = tmp_path / "m.h5"
    metrics = [[_wrapper("accuracy", "binary_accuracy"),
                {"class_name": "Precision", "config": {"name": "precision_1", "dtype": "float32", "thresholds": None,
                                                       "top_k": None, "class_id": None}}]]
    kernel, bias = _dense_model_file(path, _training("bce", metrics), version="2.10.0")
    model = saving.load_model(str(path))
    np.testing.assert_allclose(model.predict(X, verbose=0), _sigmoid(X @ kernel + bias), rtol=1e-5)
    logs = model.train_on_batch(X, Y, return_dict=True)
    assert model.metrics_names == ["loss", "accuracy", "precision_1"]
    p = _sigmoid(X @ kernel + bias)
    bce = -np.mean(Y * np.log(p) + (1 - Y) * np.log(1 - p))
    np.testing.assert_allclose(logs["loss"], bce, rtol=1e-4)
    np.testing.assert_allclose(logs["accuracy"], np.mean((p > 0.5) == Y), rtol=1e-6)


def test_metric_wrapper_keeps_its_saved_name_and_plain_accuracy_is_accuracy(tmp_path):
    path = tmp_path / "acc.h5"
    _dense_model_file(path, _training(metrics=[[_wrapper("acc", "binary_accuracy")]]))
    model = saving.load_model(str(path))
    model.train_on_batch(X, Y)
    assert model.metrics_names == ["loss", "acc"]

    _dense_model_file(path, _training(metrics=["accuracy"]), version="2.2.4-tf")
    model = saving.load_model(str(path))
    history = model.fit(X, Y, epochs=1, verbose=0)
    assert model.metrics_names == ["loss", "accuracy"]
    assert "accuracy" in history.history


def test_loss_object_with_reduction_auto_compiles(tmp_path):
    path = tmp_path / "loss.h5"
    loss = {"class_name": "BinaryCrossentropy",
            "config": {"reduction": "auto", "name": "binary_crossentropy", "from_logits": False,
                       "label_smoothing": 0.0, "axis": -1}}
    _dense_model_file(path, _training(loss=loss))
    model = saving.load_model(str(path))
    assert model.loss.reduction == "sum_over_batch_size"
    assert np.isfinite(model.train_on_batch(X, Y))


# --------------------------------------------------------------------------
# Optimizer state.


def _slots(kernel_shape=(3, 1)):
    return [RNG.random(kernel_shape).astype("float32"), RNG.random((1,)).astype("float32"),
            RNG.random(kernel_shape).astype("float32"), RNG.random((1,)).astype("float32")]


def _check_adam(model, slots, iterations):
    optimizer = model.optimizer
    assert int(optimizer.iterations.numpy()) == iterations
    by_shape = {}
    for var in optimizer.variables:
        by_shape.setdefault(tuple(var.shape), []).append(var.numpy())
    for want in slots:
        assert any(np.array_equal(want, got) for got in by_shape[want.shape])
    model.train_on_batch(X, Y)
    assert int(optimizer.iterations.numpy()) == iterations + 1


@pytest.mark.parametrize("era", ["graph TF 2.0", "TF 2.2-2.10", "TF 2.11+"])
def test_optimizer_state_of_every_tf_keras_naming_is_restored(tmp_path, era):
    slots = _slots()
    m_kernel, m_bias, v_kernel, v_bias = slots
    if era == "graph TF 2.0":
        weights = [("training/Adam/iter:0", np.int64(7)), ("training/Adam/dense/kernel/m:0", m_kernel),
                   ("training/Adam/dense/bias/m:0", m_bias), ("training/Adam/dense/kernel/v:0", v_kernel),
                   ("training/Adam/dense/bias/v:0", v_bias)]
        version, new = "2.2.4-tf", False
    elif era == "TF 2.2-2.10":
        weights = [("Adam/iter:0", np.int64(7)), ("Adam/dense/kernel/m:0", m_kernel), ("Adam/dense/bias/m:0", m_bias),
                   ("Adam/dense/kernel/v:0", v_kernel), ("Adam/dense/bias/v:0", v_bias)]
        version, new = "2.4.0", False
    else:
        # The new optimizers made each weight's slots in turn.
        weights = [("iteration:0", np.int64(7)), ("Adam/m/dense/kernel:0", m_kernel),
                   ("Adam/v/dense/kernel:0", v_kernel), ("Adam/m/dense/bias:0", m_bias),
                   ("Adam/v/dense/bias:0", v_bias)]
        version, new = "2.14.0", True
    path = tmp_path / "opt.h5"
    _dense_model_file(path, _training(new=new), weights, version)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = saving.load_model(str(path))
    assert not [w for w in caught if "optimizer state not restored" in str(w.message)]
    _check_adam(model, slots, 7)


# --------------------------------------------------------------------------
# Preprocessing state.


def test_normalization_statistics_saved_as_scalars(tmp_path):
    layers = [
        ("normalization", [("mean:0", np.float32(2.0)), ("variance:0", np.float32(4.0)), ("count:0", np.int64(10))]),
        ("dense", [("dense/kernel:0", np.array([[3.0]], "float32")), ("dense/bias:0", np.array([1.0], "float32"))]),
    ]
    norm = {"class_name": "Normalization",
            "config": {"name": "normalization", "trainable": True, "batch_input_shape": [None, 1], "dtype": "float32",
                       "axis": [], "mean": None, "variance": None}}
    path = tmp_path / "norm.h5"
    write_tf_keras_h5(path, _sequential(_input((1,), "normalization_input"), norm, _dense("dense", 1)), layers,
                      _training(loss="mse"), version="2.9.0")
    model = saving.load_model(str(path))
    x = np.array([[0.0], [2.0], [6.0]], "float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), (x - 2.0) / 2.0 * 3.0 + 1.0, rtol=1e-5)


# --------------------------------------------------------------------------
# .keras zips of tf.keras 2.13-2.15.


def _tf_keras_zip(path, kernel, bias, separator="/", members=("metadata.json", "config.json", "model.weights.h5")):
    config = {
        "module": "keras",
        "class_name": "Sequential",
        "config": {"name": "sequential", "layers": [
            {"module": "keras.layers", "registered_name": None, **_input((3,), "dense_input")},
            {"module": "keras.layers", "registered_name": None, **_dense("dense", 1, "sigmoid"),
             "build_config": {"input_shape": [None, 3]}},
        ]},
        "registered_name": None,
        "build_config": {"input_shape": [None, 3]},
        "compile_config": {
            "optimizer": {"module": "keras.optimizers", "registered_name": None, **_adam(new=True),
                          "class_name": "Adam"},
            "loss": "binary_crossentropy", "metrics": ["accuracy"], "loss_weights": None, "weighted_metrics": None,
            "run_eagerly": None, "steps_per_execution": None, "jit_compile": None,
        },
    }
    weights = path.with_suffix(".h5")
    with h5py.File(weights, "w") as f:
        layer = f.create_group(separator.join(["layers", "dense", "vars"]))
        layer.create_dataset("0", data=kernel)
        layer.create_dataset("1", data=bias)
        f.create_group("vars")
        optimizer = f.create_group(separator.join(["optimizer", "vars"]))
        optimizer.create_dataset("0", data=np.int64(12))
        m_kernel, m_bias, v_kernel, v_bias = _slots()
        for i, value in enumerate([m_kernel, v_kernel, m_bias, v_bias]):  # each weight's slots in turn
            optimizer.create_dataset(str(i + 1), data=value)
    with zipfile.ZipFile(path, "w") as z:
        if "metadata.json" in members:
            z.writestr("metadata.json", json.dumps({"keras_version": "2.15.0", "date_saved": "2023-12-27@13:28:31"}))
        if "config.json" in members:
            z.writestr("config.json", json.dumps(config))
        if "model.weights.h5" in members:
            z.write(weights, "model.weights.h5")


@pytest.mark.parametrize("separator", ["/", "\\"], ids=["linux", "windows"])
def test_tf_keras_215_zip_loads_compiled_with_its_weights(tmp_path, separator):
    kernel, bias = RNG.normal(size=(3, 1)).astype("float32"), RNG.normal(size=(1,)).astype("float32")
    path = tmp_path / "model.keras"
    _tf_keras_zip(path, kernel, bias, separator)
    model = saving.load_model(str(path))
    np.testing.assert_allclose(model.predict(X, verbose=0), _sigmoid(X @ kernel + bias), rtol=1e-5)
    assert int(model.optimizer.iterations.numpy()) == 12
    model.train_on_batch(X, Y)
    assert model.metrics_names == ["loss", "accuracy"]
    assert int(model.optimizer.iterations.numpy()) == 13


def test_tf_keras_zip_without_weights_gives_one_clear_error(tmp_path):
    path = tmp_path / "broken.keras"
    _tf_keras_zip(path, np.zeros((3, 1), "float32"), np.zeros((1,), "float32"),
                  members=("metadata.json", "config.json"))
    with pytest.raises(LegacyFileError, match=r"broken\.keras.*model\.weights\.h5"):
        saving.load_model(str(path))


LEGACY_SCRIPT = """
import sys
import numpy as np
import keras
model = keras.models.load_model(sys.argv[1])
model.train_on_batch(np.ones((2, 3)), np.ones((2, 1)))
print("names", model.metrics_names, int(model.optimizer.iterations.numpy()))
"""


def test_a_legacy_script_loads_a_tf_keras_file_with_keras_load_model(tmp_path, run_script):
    path = tmp_path / "m.h5"
    weights = [("Adam/iter:0", np.int64(41))]
    _dense_model_file(path, _training(metrics=[[_wrapper("accuracy", "binary_accuracy")]]), weights, "2.4.0")
    result = run_script(LEGACY_SCRIPT, args=[str(path)], compat_run=True)
    assert "names ['loss', 'accuracy'] 42" in result.stdout, result.stderr[-3000:]


# --------------------------------------------------------------------------
# Custom objects.


def _f1(y_true, y_pred):
    return y_pred[:, 0] * 0 + 1


@pytest.mark.parametrize(
    "metric, name",
    [("f1", "f1"), ({"class_name": "MyF1Score", "config": {"name": "f1"}}, "MyF1Score"), (_wrapper("f1", "f1"), "f1")],
    ids=["function name", "metric object", "wrapped function"],
)
def test_an_unregistered_custom_metric_gives_one_clear_error_and_compile_false_loads(tmp_path, metric, name):
    path = tmp_path / "custom.h5"
    _dense_model_file(path, _training(metrics=[[metric]]))
    with pytest.raises(LegacyFileError, match=rf"custom\.h5.*metric '{name}'.*custom_objects=.*compile=False"):
        saving.load_model(str(path))
    model = saving.load_model(str(path), compile=False)
    assert not model.compiled
    if name == "f1":  # with the function passed, it compiles and trains
        model = saving.load_model(str(path), custom_objects={"f1": _f1})
        assert np.isfinite(model.train_on_batch(X, Y)).all()


def test_lambda_bytecode_of_another_python_gives_one_error_naming_the_layer(tmp_path):
    import base64

    lam = {"class_name": "Lambda",
           "config": {"name": "embed_mean", "trainable": True, "dtype": "float32", "function_type": "lambda",
                      "function": [base64.b64encode(b"\xe3garbage").decode("ascii"), None, None],
                      "module": "tensorflow.python.keras.layers.core", "output_shape": None,
                      "output_shape_type": "raw", "arguments": {}}}
    path = tmp_path / "lambda.h5"
    write_tf_keras_h5(path, _sequential(_input((3,)), lam), [("embed_mean", [])], version="2.2.4-tf")
    with pytest.raises(LegacyFileError, match=r"lambda\.h5: Lambda layer 'embed_mean' cannot be rebuilt.*Python"):
        saving.load_model(str(path), safe_mode=False)
