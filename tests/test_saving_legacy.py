"""Keras 2 files written here with h5py, JSON and YAML, loaded through the compat layer.

Every file is built in the test in the layout Keras 2.0 to 2.3 wrote, so these
tests hold without the legacy corpus. Plain Keras 3 fails on each of them
(list-form Sequential configs, ``lr``, ``'mse'``, Theano kernels, Keras 2's
hard_sigmoid, CuDNN weights, name-sorted optimizer weights, YAML).
"""

import base64
import json
import marshal
import warnings

import h5py
import numpy as np
import pytest

from keras_faq_compat import saving
from keras_faq_compat._real import keras
from keras_faq_compat.saving import hdf5_format
from keras_faq_compat.saving.safe_yaml import UnsafeYAMLError

RNG = np.random.default_rng(0)


# --------------------------------------------------------------------------
# Keras 2 configs and files.


def _init(name="VarianceScaling"):
    return {"class_name": name, "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}}


def k2_dense(name, units, activation="linear", **extra):
    config = {
        "name": name,
        "units": units,
        "activation": activation,
        "use_bias": True,
        "trainable": True,
        "kernel_initializer": _init(),
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None,
        "bias_regularizer": {"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.01}},
        "activity_regularizer": None,
        "kernel_constraint": {"class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}},
        "bias_constraint": None,
    }
    config.update(extra)
    return {"class_name": "Dense", "config": config}


def k2_rnn(cls, name, units, **extra):
    config = {
        "name": name,
        "units": units,
        "activation": "tanh",
        "recurrent_activation": "hard_sigmoid",
        "use_bias": True,
        "trainable": True,
        "kernel_initializer": _init(),
        "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "return_sequences": False,
        "return_state": False,
        "go_backwards": False,
        "stateful": False,
        "unroll": False,
        "implementation": 0,
        "dropout": 0.0,
        "recurrent_dropout": 0.0,
    }
    if cls == "LSTM":
        config["unit_forget_bias"] = True
    config.update(extra)
    return {"class_name": cls, "config": config}


def write_keras2(path, layers, model_config=None, training_config=None, optimizer=None,
                 keras_version="2.2.4", backend="tensorflow"):
    """Write a Keras 2 HDF5 file: full model if `model_config`, else weights only.

    Args:
        layers: ``[(layer_name, [(weight_name, array), ...]), ...]`` in file order.
        optimizer: ``[(name, array), ...]`` for ``optimizer_weights``.
    """
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = keras_version.encode()
        f.attrs["backend"] = backend.encode()
        root = f
        if model_config is not None:
            f.attrs["model_config"] = json.dumps(model_config).encode()
            root = f.create_group("model_weights")
            root.attrs["keras_version"] = keras_version.encode()
            root.attrs["backend"] = backend.encode()
        if training_config is not None:
            f.attrs["training_config"] = json.dumps(training_config).encode()
        root.attrs["layer_names"] = np.array([n.encode() for n, _ in layers])
        for name, weights in layers:
            group = root.create_group(name)
            group.attrs["weight_names"] = np.array([w.encode() for w, _ in weights], dtype="S64")
            for weight_name, value in weights:
                group.create_dataset(weight_name, data=value)
        if optimizer:
            group = f.create_group("optimizer_weights")
            group.attrs["weight_names"] = np.array([n.encode() for n, _ in optimizer])
            for name, value in optimizer:
                group.create_dataset(name, data=value)
    return path


def rand(*shape):
    return RNG.standard_normal(shape).astype("float32") * 0.5


def dense_weights(name, n_in, n_out):
    return (name, [(f"{name}/kernel:0", rand(n_in, n_out)), (f"{name}/bias:0", rand(n_out))])


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


# --------------------------------------------------------------------------
# Full models.


def test_keras22_sequential_list_config_loads_compiled_with_adam_state(tmp_path):
    layers = [dense_weights("dense_1", 4, 6), ("dropout_1", []), dense_weights("dense_2", 6, 2)]
    config = {
        "class_name": "Sequential",
        "config": [
            k2_dense("dense_1", 6, "relu", batch_input_shape=[None, 4], dtype="float32"),
            {"class_name": "Dropout", "config": {"name": "dropout_1", "rate": 0.5, "trainable": True}},
            k2_dense("dense_2", 2, "softmax"),
        ],
    }
    training = {
        "optimizer_config": {
            "class_name": "Adam",
            "config": {"lr": 0.01, "beta_1": 0.9, "beta_2": 0.999, "decay": 0.1, "epsilon": 1e-7, "amsgrad": False},
        },
        "loss": "mse",
        "metrics": ["acc"],
        "sample_weight_mode": None,
        "loss_weights": None,
    }
    params = [w for _, ws in layers for _, w in ws]
    ms = [rand(*p.shape) for p in params]
    vs = [np.abs(rand(*p.shape)) for p in params]
    optimizer = [("Adam/iterations:0", np.array(7, dtype="int64"))]
    optimizer += [(f"training/Adam/Variable_{i}:0", v) for i, v in enumerate(ms + vs)]
    optimizer += [(f"training/Adam/Variable_{i + 8}:0", np.zeros(1, "float32")) for i in range(4)]
    path = write_keras2(tmp_path / "m.h5", layers, config, training, optimizer)

    model = saving.load_model(str(path))

    assert model.__class__.__name__ == "Sequential"
    assert model.compiled
    x = rand(5, 4)
    hidden = np.maximum(x @ params[0] + params[1], 0)
    logits = hidden @ params[2] + params[3]
    expected = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-5, atol=1e-6)
    opt = model.optimizer
    assert int(opt.iterations.numpy()) == 7
    for var, m, v in zip(model.trainable_variables, ms, vs):
        index = opt._get_variable_index(var)
        np.testing.assert_array_equal(opt._momentums[index].numpy(), m)
        np.testing.assert_array_equal(opt._velocities[index].numpy(), v)
    # Keras 2 decay: lr / (1 + decay * iterations).
    np.testing.assert_allclose(float(opt.learning_rate), 0.01 / (1 + 0.1 * 7), rtol=1e-6)
    history = model.fit(x, np.eye(2)[[0, 1, 0, 1, 0]], epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    assert int(opt.iterations.numpy()) == 8


@pytest.mark.parametrize("keras_version, sorted_first", [("2.0.5", True), ("2.2.4", False)])
def test_optimizer_weight_order_follows_the_keras_version(tmp_path, keras_version, sorted_first):
    # Two layers with identical shapes: only the Keras version tells the order
    # (Keras < 2.0.6 sorted the trainable weights by name).
    layers = [dense_weights("z_dense", 3, 3), dense_weights("a_dense", 3, 3)]
    config = {
        "class_name": "Model",
        "config": {
            "name": "model_1",
            "layers": [
                {"name": "input_1", "class_name": "InputLayer", "inbound_nodes": [],
                 "config": {"batch_input_shape": [None, 3], "dtype": "float32", "sparse": False, "name": "input_1"}},
                dict(k2_dense("z_dense", 3), name="z_dense", inbound_nodes=[[["input_1", 0, 0, {}]]]),
                dict(k2_dense("a_dense", 3), name="a_dense", inbound_nodes=[[["z_dense", 0, 0, {}]]]),
            ],
            "input_layers": [["input_1", 0, 0]],
            "output_layers": [["a_dense", 0, 0]],
        },
    }
    training = {"optimizer_config": {"class_name": "RMSprop", "config": {"lr": 0.001, "rho": 0.9, "epsilon": 1e-8, "decay": 0.0}},
                "loss": "categorical_crossentropy", "metrics": ["accuracy"], "loss_weights": None, "sample_weight_mode": None}
    names = ["z_dense/kernel:0", "z_dense/bias:0", "a_dense/kernel:0", "a_dense/bias:0"]
    order = sorted(names) if sorted_first else names
    accumulators = {name: np.full((3, 3) if "kernel" in name else (3,), i + 1, "float32") for i, name in enumerate(order)}
    optimizer = [(f"Variable_{i}:0", accumulators[name]) for i, name in enumerate(order)]
    path = write_keras2(tmp_path / "m.h5", layers, config, training, optimizer, keras_version=keras_version)

    model = saving.load_model(str(path))

    assert model.__class__.__name__ == "FunctionalModel"
    opt = model.optimizer
    for var, name in zip(model.trainable_variables, names):
        got = opt._velocities[opt._get_variable_index(var)].numpy()
        np.testing.assert_array_equal(got, accumulators[name], err_msg=name)


def test_theano_file_convolution_kernels_are_flipped(tmp_path):
    kernel, bias = rand(3, 3, 2, 4), rand(4)
    config = {"class_name": "Sequential", "config": [{
        "class_name": "Conv2D",
        "config": {"name": "conv2d_1", "filters": 4, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
                   "data_format": "channels_last", "dilation_rate": [1, 1], "activation": "linear", "use_bias": True,
                   "kernel_initializer": _init(), "bias_initializer": {"class_name": "Zeros", "config": {}},
                   "batch_input_shape": [None, 5, 5, 2], "dtype": "float32", "trainable": True},
    }]}
    layers = [("conv2d_1", [("conv2d_1/kernel", kernel), ("conv2d_1/bias", bias)])]
    path = write_keras2(tmp_path / "th.h5", layers, config, keras_version="2.1.3", backend="theano")

    model = saving.load_model(str(path), compile=False)

    x = rand(1, 5, 5, 2)
    # Theano computed a true convolution: the kernel mirrored on both axes.
    expected = np.zeros((1, 3, 3, 4), "float32")
    for i in range(3):
        for j in range(3):
            patch = x[0, i:i + 3, j:j + 3, :]
            expected[0, i, j] = np.einsum("abc,abcd->d", patch, kernel[::-1, ::-1]) + bias
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-5, atol=1e-5)


def _k2_hard_sigmoid(x):
    return np.clip(0.2 * x + 0.5, 0.0, 1.0)


def _k2_lstm(x, kernel, recurrent, bias, units, backwards=False):
    h = np.zeros((x.shape[0], units), "float32")
    c = np.zeros_like(h)
    steps = range(x.shape[1] - 1, -1, -1) if backwards else range(x.shape[1])
    for t in steps:
        z = x[:, t] @ kernel + h @ recurrent + bias
        i, f = _k2_hard_sigmoid(z[:, :units]), _k2_hard_sigmoid(z[:, units:2 * units])
        c = f * c + i * np.tanh(z[:, 2 * units:3 * units])
        h = _k2_hard_sigmoid(z[:, 3 * units:]) * np.tanh(c)
    return h


def _k2_gru(x, kernel, recurrent, bias, units):
    h = np.zeros((x.shape[0], units), "float32")
    for t in range(x.shape[1]):
        xz = x[:, t] @ kernel + bias
        z = _k2_hard_sigmoid(xz[:, :units] + h @ recurrent[:, :units])
        r = _k2_hard_sigmoid(xz[:, units:2 * units] + h @ recurrent[:, units:2 * units])
        hh = np.tanh(xz[:, 2 * units:] + (r * h) @ recurrent[:, 2 * units:])
        h = z * h + (1 - z) * hh
    return h


@pytest.mark.parametrize("cls", ["LSTM", "GRU"])
def test_keras2_recurrent_layers_compute_keras2_hard_sigmoid(tmp_path, cls):
    units, gates = 3, 4 if cls == "LSTM" else 3
    kernel, recurrent, bias = rand(2, gates * units) * 3, rand(units, gates * units) * 3, rand(gates * units)
    config = {"class_name": "Sequential",
              "config": [k2_rnn(cls, "rnn_1", units, batch_input_shape=[None, 5, 2], dtype="float32")]}
    layers = [("rnn_1", [("rnn_1/kernel:0", kernel), ("rnn_1/recurrent_kernel:0", recurrent), ("rnn_1/bias:0", bias)])]
    path = write_keras2(tmp_path / "rnn.h5", layers, config, keras_version="2.0.8")

    model = saving.load_model(str(path), compile=False)

    if cls == "GRU":
        assert model.layers[0].cell.reset_after is False
    x = rand(4, 5, 2) * 3
    reference = (_k2_lstm if cls == "LSTM" else _k2_gru)(x, kernel, recurrent, bias, units)
    np.testing.assert_allclose(model.predict(x, verbose=0), reference, rtol=1e-4, atol=1e-5)


def _to_cudnn(kernel, recurrent, bias, gates, lstm):
    # Keras 2's conversion from the Keras layout to the CuDNN layout.
    kernel = np.hstack([k.T.reshape(k.shape, order="C") for k in np.hsplit(kernel, gates)])
    recurrent = np.hstack([k.T for k in np.hsplit(recurrent, gates)])
    bias = np.tile(0.5 * bias, 2) if lstm else bias.reshape(-1)
    return kernel, recurrent, bias


@pytest.mark.parametrize("cls", ["CuDNNLSTM", "CuDNNGRU"])
def test_cudnn_layers_and_weights_become_keras3_layers(tmp_path, cls):
    lstm = cls == "CuDNNLSTM"
    units, gates = 3, 4 if lstm else 3
    native = keras.Sequential([keras.Input((5, 2)),
                               keras.layers.LSTM(units) if lstm else keras.layers.GRU(units, reset_after=True)])
    native.set_weights([rand(*w.shape) for w in native.get_weights()])
    cudnn = _to_cudnn(*native.get_weights(), gates, lstm)
    config = {"class_name": "Sequential", "config": {"name": "s", "layers": [{
        "class_name": cls,
        "config": {"name": "rnn", "units": units, "return_sequences": False, "return_state": False,
                   "go_backwards": False, "stateful": False, "trainable": True,
                   "kernel_initializer": _init(), "batch_input_shape": [None, 5, 2], "dtype": "float32"}}]}}
    layers = [("rnn", [("rnn/kernel:0", cudnn[0]), ("rnn/recurrent_kernel:0", cudnn[1]), ("rnn/bias:0", cudnn[2])])]
    path = write_keras2(tmp_path / "cudnn.h5", layers, config, keras_version="2.1.5")

    model = saving.load_model(str(path), compile=False)

    # Keras 2's class, a Keras 3 LSTM/GRU with the CuDNN weight layout (Keras 2's parameter count).
    assert model.layers[0].__class__.__name__ == cls
    assert isinstance(model.layers[0], keras.layers.LSTM if lstm else keras.layers.GRU)
    x = rand(3, 5, 2)
    np.testing.assert_allclose(model.predict(x, verbose=0), native.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


def test_bidirectional_and_time_distributed_from_keras2_functional_json(tmp_path):
    units = 2
    config = {"class_name": "Model", "keras_version": "2.1.4", "backend": "tensorflow", "config": {
        "name": "m",
        "layers": [
            {"name": "in", "class_name": "InputLayer", "inbound_nodes": [],
             "config": {"batch_input_shape": [None, 4, 3], "dtype": "float32", "sparse": False, "name": "in"}},
            {"name": "td", "class_name": "TimeDistributed", "inbound_nodes": [[["in", 0, 0, {}]]],
             "config": {"name": "td", "trainable": True, "layer": k2_dense("inner", 2)}},
            {"name": "bi", "class_name": "Bidirectional", "inbound_nodes": [[["td", 0, 0, {}]]],
             "config": {"name": "bi", "merge_mode": "concat", "trainable": True,
                        "layer": k2_rnn("LSTM", "lstm_1", units)}},
        ],
        "input_layers": [["in", 0, 0]],
        "output_layers": [["bi", 0, 0]],
    }}
    model = saving.model_from_json(json.dumps(config))
    td = [rand(3, 2), rand(2)]
    fw = [rand(2, 4 * units), rand(units, 4 * units), rand(4 * units)]
    bw = [rand(2, 4 * units), rand(units, 4 * units), rand(4 * units)]
    layers = [("in", []), ("td", [(f"td/w{i}:0", w) for i, w in enumerate(td)]),
              ("bi", [(f"bi/w{i}:0", w) for i, w in enumerate(fw + bw)])]
    path = write_keras2(tmp_path / "w.h5", layers, keras_version="2.1.4")

    model.load_weights(str(path))

    x = rand(2, 4, 3)
    inner = x @ td[0] + td[1]
    expected = np.concatenate([_k2_lstm(inner, *fw, units), _k2_lstm(inner, *bw, units, backwards=True)], -1)
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-4, atol=1e-5)


def test_embedding_dtype_was_the_input_dtype():
    config = {"class_name": "Sequential", "config": [
        {"class_name": "Embedding", "config": {"name": "embedding_1", "input_dim": 10, "output_dim": 3,
                                               "batch_input_shape": [None, 4], "dtype": "int32", "input_length": 4,
                                               "embeddings_initializer": {"class_name": "RandomUniform",
                                                                          "config": {"minval": -0.05, "maxval": 0.05, "seed": None}}}},
    ]}
    model = saving.model_from_config(config)
    assert model.inputs[0].dtype == "int32"
    assert model.layers[0].embeddings.dtype == "float32"


# --------------------------------------------------------------------------
# load_weights matching.


def _model(*names_units, input_dim=4):
    from keras_faq_compat.models import Sequential

    layers = [keras.Input((input_dim,))]
    for name, units in names_units:
        layers.append(keras.layers.Dropout(0.1) if units is None else keras.layers.Dense(units, name=name))
    return Sequential(layers)


def test_load_weights_by_order_counts_only_layers_with_weights(tmp_path):
    saved = [("input_1", []), dense_weights("d1", 4, 3), ("dropout_9", []), dense_weights("d2", 3, 2)]
    path = write_keras2(tmp_path / "w.h5", saved)
    model = _model(("a", 3), ("b", 2))  # other names, no dropout
    model.load_weights(str(path))
    np.testing.assert_array_equal(model.get_layer("a").kernel.numpy(), saved[1][1][0][1])
    np.testing.assert_array_equal(model.get_layer("b").bias.numpy(), saved[3][1][1][1])


def test_load_weights_by_order_error_names_both_sides(tmp_path):
    path = write_keras2(tmp_path / "w.h5", [dense_weights("d1", 4, 3)])
    model = _model(("a", 3), ("b", 2))
    with pytest.raises(ValueError, match=r"w\.h5.*weights of 1 layers into a model with 2 layers.*file: d1; model: a, b.*by_name=True"):
        model.load_weights(str(path))


def test_load_weights_by_name_loads_matching_layers_only(tmp_path):
    saved = [dense_weights("dense_1", 4, 3), dense_weights("dense_2", 3, 2)]
    path = write_keras2(tmp_path / "w.h5", saved)
    model = _model(("dense_1", 3), ("new_dense", 10))
    before = model.get_layer("new_dense").kernel.numpy().copy()
    model.load_weights(str(path), by_name=True)
    np.testing.assert_array_equal(model.get_layer("dense_1").kernel.numpy(), saved[0][1][0][1])
    np.testing.assert_array_equal(model.get_layer("new_dense").kernel.numpy(), before)


def test_load_weights_by_name_skip_mismatch_warns_and_skips(tmp_path):
    saved = [dense_weights("dense_1", 4, 3), dense_weights("dense_2", 3, 5)]
    path = write_keras2(tmp_path / "w.h5", saved)
    model = _model(("dense_1", 3), ("dense_2", 2))
    before = model.get_layer("dense_2").kernel.numpy().copy()
    with pytest.raises(ValueError, match=r"layer 'dense_2' \(Dense\) weight '.*kernel' has shape \(3, 2\) but the saved weight 'dense_2/kernel:0' has shape \(3, 5\)"):
        model.load_weights(str(path), by_name=True)
    with pytest.warns(UserWarning, match="Skipping loading of weights of layer 'dense_2' due to mismatch in shape"):
        model.load_weights(str(path), by_name=True, skip_mismatch=True)
    np.testing.assert_array_equal(model.get_layer("dense_1").kernel.numpy(), saved[0][1][0][1])
    np.testing.assert_array_equal(model.get_layer("dense_2").kernel.numpy(), before)


def test_load_weights_accepts_a_full_model_file(tmp_path):
    model = _model(("a", 3))
    model.compile("sgd", "mse")
    model.save(str(tmp_path / "full.h5"))
    other = _model(("b", 3))
    other.load_weights(str(tmp_path / "full.h5"))
    np.testing.assert_array_equal(other.get_layer("b").kernel.numpy(), model.get_layer("a").kernel.numpy())


# --------------------------------------------------------------------------
# JSON / YAML.

KERAS2_YAML = """\
backend: tensorflow
class_name: Sequential
config:
- class_name: Dense
  config: &dense
    activation: relu
    batch_input_shape: !!python/tuple [null, 4]
    dtype: float32
    name: dense_1
    units: 8
    use_bias: true
    kernel_initializer:
      class_name: VarianceScaling
      config: {distribution: normal, mode: fan_in, scale: 2.0, seed: null}
- class_name: Dense
  config:
    <<: *dense
    batch_input_shape: !!python/tuple [null, 8]
    name: dense_2
    units: 3
keras_version: 2.1.5
"""


def test_model_from_yaml_reads_keras2_tuples_anchors_and_merge_keys():
    model = saving.model_from_yaml(KERAS2_YAML)
    assert [layer.name for layer in model.layers] == ["dense_1", "dense_2"]
    assert model.output_shape == (None, 3)
    assert model.count_params() == 4 * 8 + 8 + 8 * 3 + 3


def test_model_from_yaml_file_written_twice_keeps_the_last_document_keys():
    # Keras 2 wrote no anchors; appending to_yaml() twice repeats every key,
    # and as with PyYAML the later value wins.
    plain = KERAS2_YAML.replace("config: &dense", "config:").replace("    <<: *dense\n", "    activation: relu\n")
    twice = plain + plain.replace("units: 3", "units: 5")
    model = saving.model_from_yaml(twice)
    assert model.output_shape == (None, 5)


@pytest.mark.parametrize("payload", [
    "!!python/object/apply:os.system ['touch {sentinel}']",
    "!!python/object/apply:subprocess.check_output [['touch', '{sentinel}']]",
    "!!python/object/new:subprocess.Popen [['touch', '{sentinel}']]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object:builtins.object {{}}",
    "!custom_tag {{cmd: 'touch {sentinel}'}}",
])
def test_model_from_yaml_refuses_code_running_tags(tmp_path, payload):
    sentinel = tmp_path / "executed"
    text = KERAS2_YAML.replace("units: 3", "units: " + payload.format(sentinel=sentinel))
    with pytest.raises(UnsafeYAMLError, match="refused YAML tag"):
        saving.model_from_yaml(text)
    assert not sentinel.exists()


def test_unknown_layer_class_names_it_and_suggests_custom_objects():
    config = {"class_name": "Sequential", "config": [
        k2_dense("d", 2, batch_input_shape=[None, 3]),
        {"class_name": "MyScale", "config": {"name": "my_scale", "factor": 2.0}},
    ]}
    with pytest.raises(ValueError, match=r"unknown layer class 'MyScale'.*custom_objects=\{'MyScale'"):
        saving.model_from_json(json.dumps(config))


class MyScale(keras.layers.Layer):
    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor

    def get_config(self):
        return dict(super().get_config(), factor=self.factor)


def test_custom_objects_and_scope_on_json_yaml_and_h5(tmp_path):
    config = {"class_name": "Sequential", "config": [
        k2_dense("d", 2, batch_input_shape=[None, 3]),
        {"class_name": "MyScale", "config": {"name": "my_scale", "factor": 2.0}},
    ]}
    layers = [dense_weights("d", 3, 2), ("my_scale", [])]
    training = {"optimizer_config": {"class_name": "SGD", "config": {"lr": 0.1}}, "loss": "mse",
                "metrics": [], "loss_weights": None, "sample_weight_mode": None}
    path = write_keras2(tmp_path / "c.h5", layers, config, training)
    text = json.dumps(config)
    from keras_faq_compat.saving.safe_yaml import dump_yaml_config

    models = [
        saving.model_from_json(text, custom_objects={"MyScale": MyScale}),
        saving.model_from_yaml(dump_yaml_config(config), custom_objects={"MyScale": MyScale}),
        saving.load_model(str(path), custom_objects={"MyScale": MyScale}),
    ]
    with keras.saving.CustomObjectScope({"MyScale": MyScale}):
        models += [saving.model_from_json(text), saving.load_model(str(path))]
    for model in models:
        assert isinstance(model.layers[-1], MyScale) and model.layers[-1].factor == 2.0
    assert models[2].compiled and models[4].compiled


def _lambda_config(code_b64, fn_type="lambda"):
    return {"class_name": "Sequential", "config": [
        {"class_name": "Lambda", "config": {"name": "lambda_1", "function": [code_b64, None, None],
                                            "function_type": fn_type, "output_shape": None,
                                            "output_shape_type": "raw", "arguments": {},
                                            "batch_input_shape": [None, 3], "dtype": "float32"}},
    ]}


def test_legacy_lambda_bytecode_refused_unless_safe_mode_false(tmp_path):
    sentinel = tmp_path / "ran"
    code = compile(f"lambda x: (open({str(sentinel)!r}, 'w'), x * 3)[1]", "<k2>", "eval").co_consts[0]
    code_b64 = base64.b64encode(marshal.dumps(code)).decode("ascii")
    layers = [("lambda_1", [])]
    path = write_keras2(tmp_path / "lambda.h5", layers, _lambda_config(code_b64))
    with pytest.raises(ValueError, match=r"lambda\.h5.*'lambda_1'.*bytecode.*safe_mode=False"):
        saving.load_model(str(path))
    with pytest.raises(ValueError, match="bytecode"):
        saving.model_from_json(json.dumps(_lambda_config(code_b64)))
    assert not sentinel.exists()
    model = saving.load_model(str(path), safe_mode=False, compile=False)
    np.testing.assert_allclose(model.predict(np.ones((1, 3), "float32"), verbose=0), 3 * np.ones((1, 3)))


# --------------------------------------------------------------------------
# Bad files.


def test_truncated_file_gives_one_clear_error(tmp_path):
    model = _model(("a", 3))
    model.compile("sgd", "mse")
    model.save(str(tmp_path / "good.h5"))
    data = (tmp_path / "good.h5").read_bytes()
    (tmp_path / "cut.h5").write_bytes(data[: len(data) // 3])
    with pytest.raises(hdf5_format.LegacyFileError, match=r"cut\.h5: not a readable HDF5 file"):
        saving.load_model(str(tmp_path / "cut.h5"))
    with pytest.raises(hdf5_format.LegacyFileError, match=r"cut\.h5"):
        model.load_weights(str(tmp_path / "cut.h5"))


def test_hdf5_that_is_not_a_keras_model(tmp_path):
    with h5py.File(tmp_path / "data.h5", "w") as f:
        f.create_dataset("x", data=np.arange(4))
    with pytest.raises(hdf5_format.LegacyFileError, match=r"data\.h5: no 'model_config'.*not a Keras model"):
        saving.load_model(str(tmp_path / "data.h5"))
    with pytest.raises(hdf5_format.LegacyFileError, match=r"data\.h5: HDF5 file without Keras weights"):
        _model(("a", 3)).load_weights(str(tmp_path / "data.h5"))


def test_weights_only_file_given_to_load_model_says_so(tmp_path):
    path = write_keras2(tmp_path / "w.h5", [dense_weights("d", 4, 3)])
    with pytest.raises(hdf5_format.LegacyFileError, match="weights-only file.*load_weights"):
        saving.load_model(str(path))


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.h5"):
        saving.load_model(str(tmp_path / "nothere.h5"))


def test_engine_saving_group_helpers_take_a_list_of_layers(tmp_path):
    from keras_faq_compat.engine import saving as engine_saving

    source = _model(("dense_1", 3), ("dense_2", 2))
    with h5py.File(tmp_path / "g.h5", "w") as f:
        engine_saving.save_weights_to_hdf5_group(f, source.layers)
    target = _model(("dense_1", 3), ("other", 2))
    with h5py.File(tmp_path / "g.h5", "r") as f:
        engine_saving.load_weights_from_hdf5_group_by_name(f, target.layers)
    np.testing.assert_array_equal(target.get_layer("dense_1").kernel.numpy(), source.get_layer("dense_1").kernel.numpy())
    assert not np.array_equal(target.get_layer("other").kernel.numpy(), source.get_layer("dense_2").kernel.numpy())
    with h5py.File(tmp_path / "g.h5", "r") as f:
        engine_saving.load_weights_from_hdf5_group(f, target.layers)
    np.testing.assert_array_equal(target.get_layer("other").kernel.numpy(), source.get_layer("dense_2").kernel.numpy())


def test_load_weights_reshape_fits_a_dense_kernel_into_a_1x1_convolution(tmp_path):
    from keras_faq_compat.models import Sequential

    saved = [dense_weights("morty", 2, 3)]
    path = write_keras2(tmp_path / "w.h5", saved)
    model = Sequential([keras.Input((1, 1, 2)), keras.layers.Conv2D(3, (1, 1), name="morty")])
    with pytest.raises(ValueError, match=r"has shape \(1, 1, 2, 3\) but the saved weight 'morty/kernel:0' has shape \(2, 3\)"):
        model.load_weights(str(path))
    model.load_weights(str(path), reshape=True)
    np.testing.assert_array_equal(model.get_layer("morty").kernel.numpy(), saved[0][1][0][1].reshape(1, 1, 2, 3))


def test_preprocess_weights_for_loading_joins_keras1_per_gate_lstm_weights():
    from keras_faq_compat.engine import saving as engine_saving
    from keras_faq_compat.models import Sequential

    layer = keras.layers.LSTM(2)
    Sequential([keras.Input((3, 5)), layer])
    kernel, recurrent, bias = layer.get_weights()
    # Keras 1: W, U, b per gate, gates in the order i, c, f, o (Keras 2: i, f, c, o).
    gates = [np.split(w, 4, axis=-1) for w in (kernel, recurrent, bias)]
    keras1 = [gates[part][gate] for gate in (0, 2, 1, 3) for part in range(3)]
    converted = engine_saving.preprocess_weights_for_loading(layer, keras1, original_keras_version="1")
    for got, want in zip(converted, (kernel, recurrent, bias)):
        np.testing.assert_allclose(got, want)
