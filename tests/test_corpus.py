"""Real Keras 2.0-2.4 files from the legacy corpus load, predict and train as in Keras 2.

The corpus is read in place (``$KERAS_FAQ_COMPAT_CORPUS`` or
``../shared/legacy-corpus`` from the project root); the tests skip when it is
absent. Plain Keras 3 loads none of these files.
"""

import os
import warnings

import h5py
import numpy as np
import pytest

from keras_faq_compat import saving
from keras_faq_compat._real import keras

from corpus_files import LEGACY, convert_and_check_in_plain_keras

ROWS, EXPECTED = LEGACY.rows, LEGACY.expected
pytestmark = LEGACY.skip
_rows, _path = LEGACY.params, LEGACY.file


def _reference(row):
    data = np.load(LEGACY.reference(row["file"]))
    xs = [data[k] for k in sorted(data.files, key=lambda k: int(k[1:])) if k.startswith("x")]
    ys = [data[k] for k in sorted(data.files, key=lambda k: int(k[1:])) if k.startswith("y")]
    return xs, ys


def _check_predictions(model, row):
    xs, ys = _reference(row)
    out = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
    outs = out if isinstance(out, list) else [out]
    for got, want in zip(outs, ys):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    return xs


def _build_weights_only(row):
    with open(_path(row["architecture"])) as f:
        model = saving.model_from_json(f.read())
    model.load_weights(_path(row["file"]))
    return model


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def _same_up_to_gate_scale(saved, slot):
    if np.array_equal(saved, slot):
        return True
    if not np.array_equal(saved == 0, slot == 0):
        return False
    ratio = slot[saved != 0] / saved[saved != 0]
    allowed = np.array([1.2**k for k in (-2, -1, 0, 1, 2)])
    return bool(np.all(np.min(np.abs(ratio[:, None] - allowed[None]), axis=1) < 1e-5))


@pytest.mark.parametrize("row", _rows("full-model"))
def test_full_model_loads_compiled_with_state_and_resumes(row):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = saving.load_model(_path(row["file"]))
    assert not [w for w in caught if "optimizer state not restored" in str(w.message)]
    assert model.compiled
    xs = _check_predictions(model, row)

    with h5py.File(_path(row["file"]), "r") as f:
        saved = [np.asarray(f["optimizer_weights"][n]) for n in f["optimizer_weights"].attrs["weight_names"]] \
            if "optimizer_weights" in f else []
    slots = [v.numpy() for v in model.optimizer.variables if len(v.shape)]
    if saved:
        # Each restored per-weight slot is one of the arrays in the file, up to
        # the per-gate rescaling of Keras 2's hard_sigmoid (1.2 ** power).
        arrays = [a for a in saved if a.ndim]
        nonzero = [s for s in slots if np.any(s)]
        assert nonzero, "no optimizer slot was restored"
        for slot in nonzero:
            assert any(a.shape == slot.shape and _same_up_to_gate_scale(a, slot) for a in arrays)

    x = xs if len(xs) > 1 else xs[0]
    target = model.predict(x, verbose=0)
    before = [w.copy() for w in model.get_weights()]
    iterations = int(model.optimizer.iterations.numpy())
    batch = 25 if EXPECTED[row["file"]]["input_shapes"][0][0] == 25 else None
    history = model.fit(x, np.clip(target + 0.01, 0, 1), epochs=1, batch_size=batch, verbose=0, shuffle=False)
    assert np.isfinite(history.history["loss"][0])
    assert int(model.optimizer.iterations.numpy()) > iterations
    assert any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


@pytest.mark.parametrize("row", _rows("weights-only"))
def test_weights_only_file_loads_into_its_architecture(row):
    model = _build_weights_only(row)
    assert model.count_params() == EXPECTED[row["file"]]["params"]
    _check_predictions(model, row)


@pytest.mark.parametrize("row", _rows("json", "yaml"))
def test_json_and_yaml_configs_build_the_reference_model(row):
    with open(_path(row["file"])) as f:
        text = f.read()
    model = (saving.model_from_json if row["kind"] == "json" else saving.model_from_yaml)(text)
    expected = EXPECTED[row["file"]]
    assert model.count_params() == expected["params"]
    assert [list(t.shape) for t in model.outputs] == expected["output_shapes"]
    assert [list(t.shape) for t in model.inputs] == expected["input_shapes"]


def test_keras1_merge_config_gives_one_clear_error():
    row = next((r for r in ROWS if r["file"] == "dl4j-test-resources__keras2_mlp_fapi_config.json"), None)
    if row is None:
        pytest.skip("file not in this corpus")
    with open(_path(row["file"])) as f, pytest.raises(ValueError, match=r"unknown layer class 'Merge'.*Keras 1"):
        saving.model_from_json(f.read())


class AttentionWeightedAverage(keras.layers.Layer):
    """textgenrnn's attention layer (re-written here: its library is not a dependency)."""

    def build(self, input_shape):
        self.W = self.add_weight(name="attention_W", shape=(input_shape[2], 1))

    def call(self, x):
        logits = keras.ops.squeeze(keras.ops.matmul(x, self.W), -1)
        weights = keras.ops.softmax(logits, axis=-1)
        return keras.ops.sum(x * keras.ops.expand_dims(weights, -1), axis=1)


def test_textgenrnn_cudnn_weights_load_into_lstm_layers():
    name = "textgenrnn__textgenrnn_weights.hdf5"
    if not any(r["file"] == name for r in ROWS):
        pytest.skip("file not in this corpus")
    inputs = keras.Input((40,), name="input")
    embedded = keras.layers.Embedding(465, 100, name="embedding")(inputs)
    rnn_1 = keras.layers.LSTM(128, return_sequences=True, name="rnn_1")(embedded)
    rnn_2 = keras.layers.LSTM(128, return_sequences=True, name="rnn_2")(rnn_1)
    merged = keras.layers.Concatenate(name="rnn_concat")([embedded, rnn_1, rnn_2])
    attention = AttentionWeightedAverage(name="attention")(merged)
    from keras_faq_compat.models import Model

    model = Model(inputs, keras.layers.Dense(465, activation="softmax", name="output")(attention))
    model.load_weights(_path(name))
    with h5py.File(_path(name), "r") as f:
        cudnn_bias = np.asarray(f["rnn_1"]["rnn_1/bias:0"])
    assert cudnn_bias.shape == (1024,)  # the CuDNNLSTM layout: input and recurrent biases
    np.testing.assert_allclose(model.get_layer("rnn_1").cell.bias.numpy(), cudnn_bias[:512] + cudnn_bias[512:])
    probabilities = model.predict(np.arange(40)[None] % 465, verbose=0)
    np.testing.assert_allclose(probabilities.sum(), 1.0, rtol=1e-5)


@pytest.mark.slow
def test_converted_files_load_in_plain_keras3_with_the_same_predictions(tmp_path):
    converted, result = convert_and_check_in_plain_keras(LEGACY, tmp_path)
    assert "plain keras ok" in result.stdout, result.stderr[-3000:]