"""Loading a damaged or hostile Keras 2 HDF5 file: one clear error naming the file.

Keras 2 (and plain Keras 3 on these files) let bare ``KeyError`` /
``ValueError`` / ``OSError`` escape, or read a weight's whole data before
checking its shape. Here every damaged file gives one ``LegacyFileError``
whose message names the file and what is wrong, and a weight whose declared
shape does not fit the layer is refused before its data is read.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import warnings

import h5py
import numpy as np
import pytest

import keras_faq_compat as keras
from keras_faq_compat import saving
from keras_faq_compat.saving.errors import LegacyFileError

X = np.arange(12, dtype="float32").reshape(4, 3) / 10
Y = np.ones((4, 2), "float32")


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


@pytest.fixture(scope="module")
def good_file(tmp_path_factory):
    """A compiled, trained functional model saved in the Keras 2 layout."""
    inputs = keras.layers.Input(shape=(3,))
    outputs = keras.layers.Dense(2, name="out")(keras.layers.Dense(4, name="hidden")(inputs))
    model = keras.models.Model(inputs, outputs)
    model.compile(keras.optimizers.Adam(), "mse")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.train_on_batch(X, Y)
        path = tmp_path_factory.mktemp("good") / "good.h5"
        model.save(str(path))
    with h5py.File(path, "r") as f:
        assert "optimizer_weights" in f and "training_config" in f.attrs
    return path


def _edit(fn):
    def damage(path):
        with h5py.File(path, "r+") as f:
            fn(f)

    return damage


def _set_attr(name, value, where=lambda f: f):
    def fn(f):
        group = where(f)
        del group.attrs[name]
        group.attrs[name] = value

    return _edit(fn)


def _del_attr(name, where=lambda f: f):
    return _edit(lambda f: where(f).attrs.__delitem__(name))


def _config_edit(change):
    def fn(f):
        config = json.loads(f.attrs["model_config"])
        change(config)
        f.attrs["model_config"] = json.dumps(config)

    return _edit(fn)


def _training_edit(change):
    def fn(f):
        config = json.loads(f.attrs["training_config"])
        change(config)
        f.attrs["training_config"] = json.dumps(config)

    return _edit(fn)


def _truncate(fraction):
    def damage(path):
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * fraction)])

    return damage


def _zero_tail(path):
    # Keep the size (HDF5 opens it) but wipe the second half, where the data is.
    data = bytearray(path.read_bytes())
    data[len(data) // 2 :] = bytes(len(data) - len(data) // 2)
    path.write_bytes(bytes(data))


def _weights(f):
    return f["model_weights"]


def _hidden(f):
    return f["model_weights"]["hidden"]


def _replace_kernel(shape):
    def fn(f):
        group = _hidden(f)
        del group["hidden/kernel:0"]
        group.create_dataset("hidden/kernel:0", data=np.zeros(shape, "float32"))

    return _edit(fn)


def _first_optimizer_weight(f):
    group = f["optimizer_weights"]
    name = group.attrs["weight_names"][0].decode()
    del group[name]


def _functional_layers(config):
    return config["config"]["layers"]


DAMAGED = {
    # what is done to the file -> part of the message after the file name
    "truncated to a third": (_truncate(1 / 3), "not a readable HDF5 file"),
    "truncated to 90 percent": (_truncate(0.9), "not a readable HDF5 file"),
    "empty file": (_truncate(0), "not a readable HDF5 file"),
    "second half zeroed": (_zero_tail, ""),
    "no model_config": (_del_attr("model_config"), "no 'model_config' attribute"),
    "model_config not JSON": (_set_attr("model_config", "{not json"), "'model_config' is not valid JSON"),
    "model_config a JSON list": (_set_attr("model_config", "[1, 2]"), "should hold a JSON object"),
    "model_config a number": (_set_attr("model_config", 7), "'model_config' should be a string"),
    "model_config an array": (_set_attr("model_config", np.arange(3)), "'model_config' should be a string"),
    "model_config not UTF-8": (_set_attr("model_config", b"\xff\xfe{"), "'model_config' is not (UTF-8 text|valid JSON)"),
    "model_config without class_name": (_config_edit(lambda c: c.pop("class_name")), "not a Keras model config"),
    "model_config without layers": (_config_edit(lambda c: c["config"].pop("layers")), "not a Keras model config"),
    "layer without config": (
        _config_edit(lambda c: _functional_layers(c)[1].pop("config")),
        "model config cannot be built",
    ),
    "inbound node to a missing layer": (
        _config_edit(lambda c: _functional_layers(c)[2].update(inbound_nodes=[[["nowhere", 0, 0, {}]]])),
        "model config cannot be built",
    ),
    "unknown layer class": (
        _config_edit(lambda c: _functional_layers(c)[1].update(class_name="NoSuchLayer")),
        "unknown layer class 'NoSuchLayer'",
    ),
    "written by Keras 1": (_set_attr("keras_version", b"1.2.2", _weights), "written by Keras 1.2.2"),
    "no model_weights group": (_edit(lambda f: f.__delitem__("model_weights")), "no 'model_weights' group"),
    "no layer_names": (_del_attr("layer_names", _weights), "no 'layer_names' attribute"),
    "layer_names a string": (_set_attr("layer_names", b"hidden", _weights), "'layer_names' of the weights group should be a list"),
    "layer_names numbers": (_set_attr("layer_names", np.arange(2), _weights), "should be a list of names but holds int"),
    "layer group missing": (_edit(lambda f: _weights(f).__delitem__("hidden")), "layer 'hidden' is listed but its group is missing"),
    "no weight_names": (_del_attr("weight_names", _hidden), "layer 'hidden' has no 'weight_names' attribute"),
    "weight dataset missing": (
        _edit(lambda f: _hidden(f).__delitem__("hidden/kernel:0")),
        "weight 'hidden/kernel:0' of layer 'hidden' is listed but its dataset is missing",
    ),
    "weight a group": (
        _edit(lambda f: (_hidden(f).__delitem__("hidden/kernel:0"), _hidden(f).create_group("hidden/kernel:0"))),
        "its dataset is not a dataset",
    ),
    "weight of another shape": (
        _replace_kernel((5, 4)),
        r"layer 'hidden' \(Dense\) weight '.*kernel' has shape \(3, 4\) but the saved weight 'hidden/kernel:0' has shape \(5, 4\)",
    ),
    "weight count": (
        _edit(lambda f: _hidden(f).attrs.__setitem__("weight_names", np.array([b"hidden/kernel:0"]))),
        r"layer 'hidden' \(Dense\) expects 2 weights, but the saved layer 'hidden' holds 1 weights",
    ),
    "training_config not JSON": (_set_attr("training_config", "{oops"), "'training_config' is not valid JSON"),
    "training_config without optimizer": (
        _training_edit(lambda c: c.pop("optimizer_config")),
        "training config cannot compile the model",
    ),
    "training_config unknown optimizer": (
        _training_edit(lambda c: c["optimizer_config"].update(class_name="NoSuchOptimizer")),
        "training config cannot compile the model",
    ),
    "training_config unknown loss": (
        _training_edit(lambda c: c.update(loss="no_such_loss")),
        "training config cannot compile the model",
    ),
    "optimizer_weights without weight_names": (
        _del_attr("weight_names", lambda f: f["optimizer_weights"]),
        "the optimizer has no 'weight_names' attribute",
    ),
    "optimizer weight missing": (_edit(_first_optimizer_weight), "of the optimizer is listed but its dataset is missing"),
}


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_every_damaged_file_error_names_the_file_and_the_fault(good_file, tmp_path, case):
    damage, expected = DAMAGED[case]
    path = tmp_path / "damaged.h5"
    shutil.copy(good_file, path)
    damage(path)
    with pytest.raises(LegacyFileError) as info:
        saving.load_model(str(path))
    message = str(info.value)
    assert message.startswith(str(path)), message
    if expected:
        assert re.search(expected, message), message


def test_load_model_refuses_what_is_not_a_model_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.h5"):
        saving.load_model(str(tmp_path / "nothere.h5"))
    with pytest.raises(LegacyFileError, match=f"{tmp_path}: is a directory"):
        saving.load_model(str(tmp_path))
    (tmp_path / "notes.h5").write_text("just some text, not HDF5\n")
    with pytest.raises(LegacyFileError, match=r"notes\.h5: not a readable HDF5 file"):
        saving.load_model(str(tmp_path / "notes.h5"))


def test_damaged_training_config_is_not_read_without_compile(good_file, tmp_path):
    path = tmp_path / "m.h5"
    shutil.copy(good_file, path)
    _set_attr("training_config", "{oops")(path)
    model = saving.load_model(str(path), compile=False)
    assert model.predict(X, verbose=0).shape == (4, 2)


# --------------------------------------------------------------------------
# A hostile file: a Dense(2) whose kernel declares 60000 x 60000 floats
# (14.4 GB). The dataset is chunked with a fill value, so the file itself
# has a few kilobytes; reading it would allocate all of it.

HOSTILE = textwrap.dedent(
    """
    import json, resource, sys, warnings
    import h5py, numpy as np

    path, what = sys.argv[1], sys.argv[2]
    config = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_input_shape": [None, 3]}}]}}
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = b"2.2.4"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(config).encode()
        group = f.create_group("model_weights")
        group.attrs["layer_names"] = np.array([b"d"])
        layer = group.create_group("d")
        layer.attrs["weight_names"] = np.array([b"d/kernel:0", b"d/bias:0"])
        layer.create_dataset("d/kernel:0", shape=(60000, 60000), dtype="float32", chunks=(1000, 1000), fillvalue=0.5)
        layer.create_dataset("d/bias:0", data=np.zeros(2, "float32"))
    print("size", __import__("os").path.getsize(path))

    import keras_faq_compat as keras
    # Importing TensorFlow maps about 2 GB; reading the kernel would need 14.4 GB more.
    resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, resource.RLIM_INFINITY))
    warnings.simplefilter("ignore")
    try:
        if what == "load_model":
            keras.models.load_model(path)
        else:
            model = keras.models.Sequential([keras.layers.Dense(2, input_shape=(3,), name="d")])
            model.load_weights(path)
    except Exception as e:
        print("error", type(e).__name__, e)
    """
)


@pytest.mark.parametrize("what", ["load_model", "load_weights"])
def test_hostile_declared_shape_is_refused_before_reading(tmp_path, what):
    path = tmp_path / "hostile.h5"
    proc = subprocess.run(
        [sys.executable, "-c", HOSTILE, str(path), what], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in proc.stdout.splitlines() if line.startswith(("size", "error")))
    assert int(lines["size"]) < 100_000
    assert lines["error"].startswith("LegacyFileError"), lines["error"]
    assert re.search(
        rf"{re.escape(str(path))}: layer 'd' \(Dense\) weight '.*kernel' has shape \(3, 2\) "
        r"but the saved weight 'd/kernel:0' has shape \(60000, 60000\) \(checked before reading",
        lines["error"],
    ), lines["error"]


def test_hostile_optimizer_weight_is_refused_before_reading(good_file, tmp_path):
    path = tmp_path / "m.h5"
    shutil.copy(good_file, path)
    with h5py.File(path, "r+") as f:
        group = f["optimizer_weights"]
        name = group.attrs["weight_names"][-1].decode()
        del group[name]
        group.create_dataset(name, shape=(60000, 60000), dtype="float32", chunks=(1000, 1000), fillvalue=1.0)
    assert os.path.getsize(path) < 100_000
    with pytest.raises(LegacyFileError, match=rf"m\.h5: optimizer weight '{name}' has shape \(60000, 60000\)"):
        saving.load_model(str(path))


# --------------------------------------------------------------------------
# Lambdas and open h5py objects, as Keras 2 saved and loaded them.


def _square(x):
    return x * x


def _lambda_model():
    inputs = keras.layers.Input(shape=(3,))
    outputs = keras.layers.Lambda(lambda x: _square(x) + 1, output_shape=(3,))(inputs)
    model = keras.models.Model(inputs, keras.layers.Dense(2)(outputs))
    model.compile("sgd", "mse")
    return model


def test_a_lambda_this_process_saved_loads_with_its_custom_objects(tmp_path):
    model = _lambda_model()
    path = str(tmp_path / "lambda.h5")
    model.save(path)
    # Keras 2: the lambda's globals are the custom objects (plain Keras 3 refuses the lambda).
    loaded = saving.load_model(path, custom_objects={"_square": _square})
    np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0), rtol=1e-6)


def test_a_lambda_this_process_did_not_save_needs_safe_mode_false(tmp_path):
    import base64
    import marshal

    sentinel = tmp_path / "ran"
    path = tmp_path / "foreign.h5"
    _lambda_model().save(str(path))
    code = compile(f"lambda x: (open({str(sentinel)!r}, 'w'), x * 3)[1]", "<file>", "eval").co_consts[0]
    foreign = base64.b64encode(marshal.dumps(code)).decode("ascii")

    def swap(config):
        layer = [entry for entry in _functional_layers(config) if entry["class_name"] == "Lambda"][0]
        layer["config"]["function"]["config"]["code"] = foreign

    _config_edit(swap)(path)
    with pytest.raises(LegacyFileError, match=rf"foreign\.h5: .*lambda.*safe_mode=False"):
        saving.load_model(str(path))
    assert not sentinel.exists()
    loaded = saving.load_model(str(path), safe_mode=False, compile=False)
    assert loaded.predict(X, verbose=0).shape == (4, 2)
    assert sentinel.exists()


def test_save_and_load_with_an_open_h5py_file_or_group(tmp_path):
    model = _lambda_model()
    model.train_on_batch(X, Y)
    expected = model.predict(X, verbose=0)
    with h5py.File(tmp_path / "open.h5", "w") as f:
        saving.save_model(model, f)
        group = f.create_group("inner")
        saving.save_model(model, group)
        for target in (f, group):
            loaded = saving.load_model(target, custom_objects={"_square": _square})
            np.testing.assert_allclose(loaded.predict(X, verbose=0), expected, rtol=1e-6)
            assert loaded.optimizer.iterations.numpy() == 1
    with h5py.File(tmp_path / "open.h5", "a") as f:
        with pytest.raises(LegacyFileError, match=r"open\.h5:/nothing: no 'model_config'"):
            saving.load_model(f.create_group("nothing"))
