"""Saving through the compat layer: Keras 2 HDF5 layout, `.keras` interop, atomic writes.

Plain Keras 3 refuses ``save_weights('w.h5')``, has no ``to_yaml``, fails to load
its own ``.h5`` files compiled with ``'mse'``, and writes non-atomically.
"""

import json
import os
import subprocess
import sys
import warnings
import zipfile

import h5py
import numpy as np
import pytest

from keras_faq_compat import saving
from keras_faq_compat._real import keras
from keras_faq_compat.saving import hdf5_format

X = np.random.default_rng(1).random((32, 6)).astype("float32")
Y = np.random.default_rng(2).random((32, 2)).astype("float32")


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def make_model(kind="sequential", optimizer=None, dropout=True):
    from keras_faq_compat.models import Model, Sequential

    keras.utils.set_random_seed(3)
    if kind == "sequential":
        middle = [keras.layers.Dropout(0.2)] if dropout else [keras.layers.LayerNormalization()]
        model = Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                            *middle, keras.layers.Dense(2)])
    else:
        inputs = keras.Input((6,))
        hidden = keras.layers.Dense(8, activation="relu")(inputs)
        model = Model(inputs, keras.layers.Dense(2)(keras.layers.BatchNormalization()(hidden)))
    model.compile(optimizer or keras.optimizers.Adam(0.01), "mse", metrics=["mae", "acc"])
    return model


def _train(model, epochs=2):
    model.fit(X, Y, batch_size=8, epochs=epochs, shuffle=False, verbose=0)


def test_save_h5_writes_the_keras2_layout(tmp_path):
    model = make_model("functional")
    _train(model, 1)
    model.save(str(tmp_path / "m.h5"))
    with h5py.File(tmp_path / "m.h5", "r") as f:
        assert {"keras_version", "backend", "model_config", "training_config"} <= set(f.attrs)
        config = json.loads(f.attrs["model_config"])
        assert config["class_name"] == "Functional"  # not the compat class name
        training = json.loads(f.attrs["training_config"])
        assert training["loss"] == "mean_squared_error"
        assert training["optimizer_config"]["class_name"] == "Adam"
        group = f["model_weights"]
        names = [n.decode() for n in group.attrs["layer_names"]]
        assert names == [layer.name for layer in model.layers]
        bn = model.layers[2].name
        weight_names = [n.decode() for n in group[bn].attrs["weight_names"]]
        assert [w.rsplit("/", 1)[1] for w in weight_names] == [
            "gamma:0", "beta:0", "moving_mean:0", "moving_variance:0"]
        assert len(f["optimizer_weights"].attrs["weight_names"]) == len(model.optimizer.variables)


@pytest.mark.parametrize("kind, optimizer", [
    ("sequential", "adam"), ("functional", "sgd_momentum"), ("functional", "rmsprop")])
def test_h5_round_trip_resumes_training_bit_identically(tmp_path, kind, optimizer):
    opt = {"adam": lambda: keras.optimizers.Adam(0.01),
           "sgd_momentum": lambda: keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True),
           "rmsprop": lambda: keras.optimizers.RMSprop(0.01)}[optimizer]()
    # No Dropout: the state of a layer's random generator is not part of the
    # Keras 2 layout (Keras 2 layers had none), so it cannot resume identically.
    model = make_model(kind, opt, dropout=False)
    _train(model)
    model.save(str(tmp_path / "m.h5"))
    loaded = saving.load_model(str(tmp_path / "m.h5"))
    assert type(loaded) is type(model)
    assert loaded.compiled
    assert int(loaded.optimizer.iterations.numpy()) == int(model.optimizer.iterations.numpy()) > 0
    _train(model)
    _train(loaded)
    for a, b in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_include_optimizer_false_and_compile_false(tmp_path):
    model = make_model()
    _train(model, 1)
    model.save(str(tmp_path / "noopt.h5"), include_optimizer=False)
    with h5py.File(tmp_path / "noopt.h5", "r") as f:
        assert "training_config" not in f.attrs and "optimizer_weights" not in f
    with pytest.warns(UserWarning, match="no training configuration"):
        loaded = saving.load_model(str(tmp_path / "noopt.h5"))
    assert not loaded.compiled
    model.save(str(tmp_path / "full.h5"))
    assert not saving.load_model(str(tmp_path / "full.h5"), compile=False).compiled
    np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0), rtol=1e-6)


def test_keras_path_keeps_keras3_format_with_public_class_names(tmp_path):
    model = make_model("functional")
    _train(model, 1)
    model.save(str(tmp_path / "m.keras"))
    with zipfile.ZipFile(tmp_path / "m.keras") as z:
        config = json.loads(z.read("config.json"))
    assert (config["module"], config["class_name"]) == ("keras", "Model")
    assert "keras_faq_compat" not in json.dumps(config)
    loaded = saving.load_model(str(tmp_path / "m.keras"))
    assert type(loaded).__name__ == "FunctionalModel"
    assert hasattr(loaded, "to_yaml")
    np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0), rtol=1e-6)


@pytest.mark.parametrize("name", ["w.h5", "w.hdf5", "weights_no_extension", "w.ckpt"])
def test_save_weights_any_keras2_name_is_hdf5(tmp_path, name):
    model = make_model()
    model.save_weights(str(tmp_path / name))
    assert h5py.is_hdf5(tmp_path / name)
    with h5py.File(tmp_path / name, "r") as f:
        assert "layer_names" in f.attrs
    other = make_model()
    other.set_weights([w * 0 for w in other.get_weights()])
    other.load_weights(str(tmp_path / name))
    np.testing.assert_array_equal(other.predict(X, verbose=0), model.predict(X, verbose=0))


def test_save_weights_keras3_name_stays_keras3(tmp_path):
    model = make_model()
    model.save_weights(str(tmp_path / "w.weights.h5"))
    with h5py.File(tmp_path / "w.weights.h5", "r") as f:
        assert "layer_names" not in f.attrs
    with pytest.raises(ValueError, match="by_name=True"):
        model.load_weights(str(tmp_path / "w.weights.h5"), by_name=True)


def test_to_json_and_to_yaml_round_trip():
    model = make_model("functional")
    for text, loader in ((model.to_json(), saving.model_from_json), (model.to_yaml(), saving.model_from_yaml)):
        rebuilt = loader(text)
        assert type(rebuilt).__name__ == "FunctionalModel"
        assert [layer.name for layer in rebuilt.layers] == [layer.name for layer in model.layers]
    assert "!!python" not in model.to_yaml()


def test_save_creates_missing_folders(tmp_path):
    model = make_model()
    target = tmp_path / "a" / "b" / "m.h5"
    model.save(str(target))
    model.save_weights(str(tmp_path / "c" / "w.h5"))
    assert saving.load_model(str(target)).compiled
    assert h5py.is_hdf5(tmp_path / "c" / "w.h5")
    # The atomic write keeps the permissions of a file written in place.
    (tmp_path / "plain").write_bytes(b"")
    assert os.stat(target).st_mode == os.stat(tmp_path / "plain").st_mode


@pytest.mark.parametrize("what", ["save", "save_weights", "keras"])
def test_interrupted_save_keeps_the_previous_file(tmp_path, monkeypatch, what):
    model = make_model()
    _train(model, 1)
    name = "m.keras" if what == "keras" else "m.h5"
    path = str(tmp_path / name)
    (model.save if what != "save_weights" else model.save_weights)(path)
    before = open(path, "rb").read()
    expected = model.predict(X, verbose=0)
    _train(model, 1)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt("simulated interruption half-way through the save")

    if what == "keras":
        monkeypatch.setattr(keras.src.saving.saving_lib, "_save_state", interrupted)
    else:
        real = hdf5_format._write_values
        calls = []

        def half_way(group, names, values):
            calls.append(1)
            if len(calls) == 2:  # after the first layer's weights are written
                interrupted()
            return real(group, names, values)

        monkeypatch.setattr(hdf5_format, "_write_values", half_way)
    with pytest.raises(KeyboardInterrupt):
        (model.save if what != "save_weights" else model.save_weights)(path)
    monkeypatch.undo()
    assert open(path, "rb").read() == before
    assert os.listdir(tmp_path) == [name]  # no temporary file left behind
    if what == "save_weights":
        restored = make_model()
        restored.load_weights(path)
    else:
        restored = saving.load_model(path)
    np.testing.assert_allclose(restored.predict(X, verbose=0), expected, rtol=1e-6)


def test_cudnn_layer_classes_build_keras3_layers():
    from keras_faq_compat.layers import CuDNNGRU, CuDNNLSTM

    lstm, gru = CuDNNLSTM(4, return_sequences=True), CuDNNGRU(3)
    assert isinstance(lstm, keras.layers.LSTM) and lstm.cell.recurrent_activation is keras.activations.sigmoid
    assert isinstance(gru, keras.layers.GRU) and gru.cell.reset_after
    with pytest.raises(TypeError, match="activation"):
        CuDNNLSTM(4, activation="relu")


def test_convert_command_writes_a_keras_file(tmp_path):
    import argparse

    from keras_faq_compat.cli import convert

    model = make_model()
    model.save(str(tmp_path / "old.h5"))
    parser = argparse.ArgumentParser()
    convert.add_arguments(parser)
    assert convert.main(parser.parse_args([str(tmp_path / "old.h5"), str(tmp_path / "new.keras")])) == 0
    assert zipfile.is_zipfile(tmp_path / "new.keras")
    assert convert.main(parser.parse_args([str(tmp_path / "old.h5"), str(tmp_path / "new.h5")])) == 1
    assert convert.main(parser.parse_args([str(tmp_path / "missing.h5"), str(tmp_path / "x.keras")])) == 1


PLAIN_KERAS_CHECK = """
import sys, numpy as np, keras
x = np.load(sys.argv[1])
for path, expected in zip(sys.argv[2::2], sys.argv[3::2]):
    model = keras.saving.load_model(path)
    np.testing.assert_allclose(model.predict(x, verbose=0), np.load(expected), rtol=1e-6, atol=1e-7)
    assert model.optimizer is not None and int(model.optimizer.iterations.numpy()) > 0, path
rebuilt = keras.models.model_from_json(open(sys.argv[1] + ".json").read())
assert [layer.name for layer in rebuilt.layers] == [layer.name for layer in model.layers]
assert not any(name.startswith("keras_faq_compat") for name in sys.modules)
print("plain keras ok")
"""


@pytest.mark.slow
def test_plain_keras3_loads_what_compat_saves(tmp_path):
    model = make_model("functional")
    _train(model, 1)
    np.save(tmp_path / "x.npy", X)
    (tmp_path / "x.npy.json").write_text(model.to_json())
    np.save(tmp_path / "y.npy", model.predict(X, verbose=0))
    model.save(str(tmp_path / "m.keras"))
    model.save(str(tmp_path / "m.h5"))
    args = [str(tmp_path / "x.npy")]
    for name in ("m.keras", "m.h5"):
        args += [str(tmp_path / name), str(tmp_path / "y.npy")]
    result = subprocess.run([sys.executable, "-c", PLAIN_KERAS_CHECK, *args], capture_output=True, text=True,
                            env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"), timeout=300)
    assert "plain keras ok" in result.stdout, result.stderr[-3000:]


def test_nested_model_round_trips_and_subclassed_model_is_refused(tmp_path):
    from keras_faq_compat.models import Model, Sequential

    base = Sequential([keras.Input((6,)), keras.layers.Dense(3), keras.layers.BatchNormalization()], name="base")
    inputs = keras.Input((6,))
    model = Model(inputs, keras.layers.Dense(2)(base(inputs)))
    model.compile("adam", "mse")
    _train(model, 1)
    model.save(str(tmp_path / "nested.h5"))
    loaded = saving.load_model(str(tmp_path / "nested.h5"))
    assert type(loaded.layers[1]) is Sequential
    np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0), rtol=1e-6)

    class Subclassed(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(2)

        def call(self, x):
            return self.dense(x)

    sub = Subclassed()
    sub(X)
    with pytest.raises(NotImplementedError, match=r"Subclassed.*sub\.h5.*save_weights"):
        saving.save_model(sub, str(tmp_path / "sub.h5"))
    assert not (tmp_path / "sub.h5").exists()


@keras.saving.register_keras_serializable(package="KerasFaqCompatTests")
class Doubler(keras.layers.Layer):
    def call(self, x):
        return x * 2


def test_registered_custom_layer_round_trips_through_json_h5_and_keras(tmp_path):
    from keras_faq_compat.models import Sequential

    model = Sequential([keras.Input((6,)), keras.layers.Dense(2), Doubler()])
    model.compile("sgd", "mse")
    assert isinstance(saving.model_from_json(model.to_json()).layers[-1], Doubler)
    for name in ("m.h5", "m.keras"):
        model.save(str(tmp_path / name))
        loaded = saving.load_model(str(tmp_path / name))
        assert isinstance(loaded.layers[-1], Doubler)
        np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0), rtol=1e-6)
