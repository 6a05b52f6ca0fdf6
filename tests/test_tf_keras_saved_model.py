"""SavedModel directories written by tf.keras 2.x load as trainable Keras models.

The directories with Keras metadata are written by tf-keras 2.21 (the
faithful tf.keras 2.x) in a subprocess, with the interpreter named by
``$KERAS_FAQ_COMPAT_TF_KERAS_PYTHON`` (or this one, if it has tf-keras); those
tests skip without it. The damaged directories are made here. Plain Keras 3
loads none of them as a Keras model (it offers only ``TFSMLayer``).
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import warnings

import numpy as np
import pytest

from keras_faq_compat import saving
from keras_faq_compat._real import tf
from keras_faq_compat.saving.errors import LegacyFileError

TF_KERAS_PYTHON = os.environ.get("KERAS_FAQ_COMPAT_TF_KERAS_PYTHON") or (
    sys.executable if importlib.util.find_spec("tf_keras") else None
)
needs_tf_keras = pytest.mark.skipif(
    TF_KERAS_PYTHON is None, reason="tf-keras not installed (set KERAS_FAQ_COMPAT_TF_KERAS_PYTHON to a Python with it)"
)

WRITER = """
import sys, numpy as np, tf_keras as keras
for path, kind in zip(sys.argv[1::2], sys.argv[2::2]):
    inputs = keras.Input((5, 3))
    x = keras.layers.LSTM(4, return_sequences=True)(inputs)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    optimizer = keras.optimizers.legacy.Adam() if kind == "legacy" else keras.optimizers.Adam()
    model.compile(optimizer, "binary_crossentropy", metrics=["accuracy"])
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(8, 5, 3)).astype("float32"), (rng.random((8, 1)) > 0.5).astype("float32")
    model.fit(x, y, batch_size=4, epochs=2, verbose=0)
    model.save(path, save_format="tf")
    np.savez(path + ".npz", x=x, y=y, p=model.predict(x, verbose=0))
"""


@pytest.fixture(scope="module")
def saved_models(tmp_path_factory):
    if TF_KERAS_PYTHON is None:
        pytest.skip("tf-keras not installed")
    root = tmp_path_factory.mktemp("saved_models")
    script = root / "writer.py"
    script.write_text(WRITER)
    paths = {kind: str(root / kind) for kind in ("legacy", "new")}
    env = dict(os.environ, TF_USE_LEGACY_KERAS="1", TF_CPP_MIN_LOG_LEVEL="3")
    args = [a for kind, path in paths.items() for a in (path, kind)]
    result = subprocess.run([TF_KERAS_PYTHON, str(script), *args], capture_output=True, text=True, env=env,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return paths


@needs_tf_keras
@pytest.mark.parametrize("kind", ["legacy", "new"], ids=["TF 2.2-2.10 optimizer", "TF 2.11+ optimizer"])
def test_tf_keras_saved_model_loads_trainable_with_its_optimizer_state(saved_models, kind):
    path = saved_models[kind]
    data = np.load(path + ".npz")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = saving.load_model(path)
    assert not [w for w in caught if "optimizer state not restored" in str(w.message)]
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["p"], rtol=1e-4, atol=1e-5)
    assert int(model.optimizer.iterations.numpy()) == 4
    reader = tf.train.load_checkpoint(os.path.join(path, "variables", "variables"))
    saved = [reader.get_tensor(k) for k in reader.get_variable_to_shape_map() if "optimizer" in k.lower()]
    slots = [v.numpy() for v in model.optimizer.variables if len(v.shape)]
    assert slots and all(any(s.shape == a.shape and np.array_equal(s, a) for a in saved) for s in slots)
    model.train_on_batch(data["x"], data["y"])
    assert int(model.optimizer.iterations.numpy()) == 5
    assert model.metrics_names == ["loss", "accuracy"]


@needs_tf_keras
def test_saved_model_without_variables_gives_one_clear_error(saved_models, tmp_path):
    path = tmp_path / "copy"
    shutil.copytree(saved_models["new"], path)
    shutil.rmtree(path / "variables")
    with pytest.raises(LegacyFileError, match=r"copy: a SavedModel without its variables/"):
        saving.load_model(str(path))


def test_saved_model_without_keras_metadata_names_tfsmlayer(tmp_path):
    module = tf.Module()
    module.v = tf.Variable(1.0)
    module.f = tf.function(lambda x: x * module.v, input_signature=[tf.TensorSpec([None], tf.float32)])
    tf.saved_model.save(module, str(tmp_path / "plain"))
    with pytest.raises(LegacyFileError, match=r"plain: a SavedModel without Keras metadata.*keras\.layers\.TFSMLayer"):
        saving.load_model(str(tmp_path / "plain"))


def _varint(n):
    out = b""
    while True:
        out += bytes([(n & 0x7F) | (0x80 if n > 0x7F else 0)])
        n >>= 7
        if not n:
            return out


def _field(number, payload):
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


@pytest.mark.parametrize("content", [b"\x0a\xff\xff\xff\x0f", _field(1, _field(3, b"root") + _field(5, b"{not json"))],
                         ids=["truncated", "bad json"])
def test_damaged_keras_metadata_gives_one_clear_error(tmp_path, content):
    path = tmp_path / "damaged"
    (path / "variables").mkdir(parents=True)
    (path / "saved_model.pb").write_bytes(b"")
    (path / "keras_metadata.pb").write_bytes(content)
    with pytest.raises(LegacyFileError, match=r"damaged: keras_metadata\.pb is damaged"):
        saving.load_model(str(path))
