"""Keras 2's ``CuDNNLSTM`` / ``CuDNNGRU``: Keras 2's parameter counts and weight layout.

Keras 2's CuDNN layers keep an input and a recurrent bias per gate: ``8 * units`` biases for
CuDNNLSTM, ``6 * units`` for CuDNNGRU, so a Keras 2 model counts more parameters than the same
model with Keras 3's LSTM (``4 * units`` biases). Plain Keras 3 has no CuDNN layers at all.
"""

import json

import h5py
import numpy as np
import pytest

from keras_faq_compat import backend as K
from keras_faq_compat import saving
from keras_faq_compat._real import keras
from keras_faq_compat.layers import cudnn_recurrent

# As Keras 2.2.4's `model.to_yaml()` wrote it (yaml.dump of the model config).
KERAS224_YAML = """\
backend: tensorflow
class_name: Sequential
config:
  layers:
  - class_name: CuDNNLSTM
    config:
      batch_input_shape: !!python/tuple
      - null
      - 20
      - 50
      bias_constraint: null
      bias_initializer:
        class_name: Zeros
        config: {}
      bias_regularizer: null
      dtype: float32
      go_backwards: false
      kernel_constraint: null
      kernel_initializer:
        class_name: VarianceScaling
        config:
          distribution: uniform
          mode: fan_avg
          scale: 1.0
          seed: null
      kernel_regularizer: null
      name: cu_dnnlstm_1
      recurrent_constraint: null
      recurrent_initializer:
        class_name: Orthogonal
        config:
          gain: 1.0
          seed: null
      recurrent_regularizer: null
      return_sequences: false
      return_state: false
      stateful: false
      trainable: true
      unit_forget_bias: true
      units: 32
  - class_name: Dense
    config:
      activation: softmax
      activity_regularizer: null
      bias_constraint: null
      bias_initializer:
        class_name: Zeros
        config: {}
      bias_regularizer: null
      kernel_constraint: null
      kernel_initializer:
        class_name: VarianceScaling
        config:
          distribution: uniform
          mode: fan_avg
          scale: 1.0
          seed: null
      kernel_regularizer: null
      name: dense_1
      trainable: true
      units: 5
      use_bias: true
  name: sequential_1
keras_version: 2.2.4
"""


@pytest.fixture(autouse=True)
def _fresh_names():
    K.clear_session()
    yield
    K.clear_session()


def _keras2_cudnn_lstm_params(input_dim, units):
    # Keras 2: kernel (input_dim, 4u), recurrent kernel (u, 4u), bias (8u,): input and recurrent biases.
    return 4 * units * input_dim + 4 * units * units + 8 * units


def _keras2_cudnn_gru_params(input_dim, units):
    # Keras 2: kernel (input_dim, 3u), recurrent kernel (u, 3u), bias (6u,).
    return 3 * units * input_dim + 3 * units * units + 6 * units


def test_cudnn_lstm_model_from_keras224_yaml_counts_keras2_parameters():
    model = saving.model_from_yaml(KERAS224_YAML)
    # Keras 2: 10,752 + 165 = 10,917 (with Keras 3's LSTM, 4 * 32 fewer biases: 10,789).
    expected = _keras2_cudnn_lstm_params(50, 32) + (32 * 5 + 5)
    assert model.layers[0].count_params() == _keras2_cudnn_lstm_params(50, 32)
    assert model.count_params() == expected
    lines = []
    model.summary(print_fn=lines.append)
    assert f"{expected:,}" in "\n".join(lines)


def test_cudnn_gru_from_its_keras2_config_counts_keras2_parameters():
    config = {"name": "cu_dnngru_1", "trainable": True, "batch_input_shape": [None, 7, 6], "dtype": "float32",
              "units": 4, "return_sequences": True, "return_state": False, "go_backwards": False,
              "stateful": False, "kernel_initializer": {"class_name": "VarianceScaling", "config": {
                  "scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}},
              "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}},
              "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": None,
              "recurrent_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
              "kernel_constraint": None, "recurrent_constraint": None, "bias_constraint": None}
    layer = cudnn_recurrent.CuDNNGRU.from_config(config)
    model = keras.Sequential([keras.Input((7, 6)), layer])
    assert model.count_params() == _keras2_cudnn_gru_params(6, 4)
    assert [w.shape for w in layer.get_weights()] == [(6, 12), (4, 12), (24,)]


def _from_keras_layout(kernel, recurrent, gates):
    # Keras 2's conversion (engine/saving.py) of LSTM/GRU kernels into the CuDNN layout.
    kernel = np.hstack([k.T.reshape(k.shape, order="C") for k in np.hsplit(kernel, gates)])
    return kernel, np.hstack([k.T for k in np.hsplit(recurrent, gates)])


def test_cudnn_lstm_computes_what_the_lstm_of_its_converted_weights_computes():
    rng = np.random.default_rng(0)
    native = keras.layers.LSTM(3)
    x = rng.standard_normal((2, 5, 4)).astype("float32")
    native_model = keras.Sequential([keras.Input((5, 4)), native])
    weights = [rng.standard_normal(w.shape).astype("float32") * 0.5 for w in native.get_weights()]
    native.set_weights(weights)
    kernel, recurrent = _from_keras_layout(weights[0], weights[1], 4)
    input_bias = rng.standard_normal(12).astype("float32")
    cudnn = cudnn_recurrent.CuDNNLSTM(3)
    model = keras.Sequential([keras.Input((5, 4)), cudnn])
    # Keras 2 added the two biases: any split of the LSTM bias computes the same.
    cudnn.set_weights([kernel, recurrent, np.concatenate([input_bias, weights[2] - input_bias])])
    np.testing.assert_allclose(model.predict(x, verbose=0), native_model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


def _write_keras2_h5(path, model_config, layer_name, weights):
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = b"2.2.4"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(model_config).encode()
        root = f.create_group("model_weights")
        root.attrs["layer_names"] = np.array([layer_name.encode()])
        group = root.create_group(layer_name)
        names = [f"{layer_name}/{n}:0" for n in ("kernel", "recurrent_kernel", "bias")]
        group.attrs["weight_names"] = np.array([n.encode() for n in names])
        for name, value in zip(names, weights):
            group.create_dataset(name, data=value)


def test_keras2_cudnn_file_loads_its_weights_unconverted(tmp_path):
    rng = np.random.default_rng(1)
    weights = [rng.standard_normal(s).astype("float32") for s in [(3, 8), (2, 8), (16,)]]
    config = {"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "CuDNNLSTM", "config": {
        "name": "rnn", "units": 2, "batch_input_shape": [None, 4, 3], "dtype": "float32", "trainable": True,
        "return_sequences": False, "return_state": False, "go_backwards": False, "stateful": False,
        "unit_forget_bias": True}}]}}
    _write_keras2_h5(tmp_path / "cudnn.h5", config, "rnn", weights)
    model = saving.load_model(str(tmp_path / "cudnn.h5"), compile=False)
    for got, expected in zip(model.layers[0].get_weights(), weights):
        np.testing.assert_array_equal(got, expected)
    assert model.count_params() == _keras2_cudnn_lstm_params(3, 2)


@pytest.mark.parametrize("make, keras3", [(lambda: cudnn_recurrent.CuDNNLSTM(3, return_sequences=True), "LSTM"),
                                          (lambda: cudnn_recurrent.CuDNNGRU(3), "GRU")])
def test_keras3_equivalent_is_a_plain_layer_computing_the_same(make, keras3):
    rng = np.random.default_rng(2)
    layer = make()
    model = keras.Sequential([keras.Input((5, 4)), layer])
    layer.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.5 for w in layer.get_weights()])
    twin = cudnn_recurrent.keras3_equivalent(layer)
    assert type(twin) is getattr(keras.layers, keras3)
    x = rng.standard_normal((2, 5, 4)).astype("float32")
    plain = keras.Sequential([keras.Input((5, 4)), twin])
    np.testing.assert_allclose(plain.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


PLAIN_KERAS_LOAD = """
import sys
import numpy as np
import keras
model = keras.saving.load_model(sys.argv[1])
print(",".join(layer.__class__.__name__ for layer in model.layers))
np.testing.assert_allclose(model.predict(np.load(sys.argv[2]), verbose=0), np.load(sys.argv[3]), rtol=1e-5, atol=1e-6)
assert not any(name.startswith("keras_faq_compat") for name in sys.modules)
print("plain keras ok")
"""


def test_convert_writes_cudnn_layers_as_the_lstm_and_gru_plain_keras3_loads(tmp_path):
    import argparse
    import os
    import subprocess
    import sys

    from keras_faq_compat.cli import convert

    inputs = keras.Input((3, 2))
    hidden = cudnn_recurrent.CuDNNGRU(5, return_sequences=True)(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1)(cudnn_recurrent.CuDNNLSTM(4)(hidden)))
    model.compile("adam", "mse")
    x = np.random.RandomState(0).rand(6, 3, 2).astype("float32")
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "y.npy", model.predict(x, verbose=0))
    saving.save_model(model, str(tmp_path / "cudnn.h5"))

    parser = argparse.ArgumentParser()
    convert.add_arguments(parser)
    assert convert.main(parser.parse_args([str(tmp_path / "cudnn.h5"), str(tmp_path / "cudnn.keras")])) == 0
    result = subprocess.run(
        [sys.executable, "-c", PLAIN_KERAS_LOAD, str(tmp_path / "cudnn.keras"), str(tmp_path / "x.npy"),
         str(tmp_path / "y.npy")],
        capture_output=True, text=True, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"), timeout=300,
    )
    assert "plain keras ok" in result.stdout, result.stderr[-3000:]
    assert "GRU,LSTM,Dense" in result.stdout
