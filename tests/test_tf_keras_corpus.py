"""Real files written by tf.keras in TensorFlow 2.0-2.15 load, predict and resume training as in tf.keras.

The corpus is read in place (``$KERAS_FAQ_COMPAT_TF_KERAS_CORPUS`` or
``../shared/tf-keras-corpus`` from the project root); the tests skip when it
is absent. The references in ``expected/`` were computed with tf-keras 2.21;
plain Keras 3 loads none of these files with their training state.
"""

import json
import os
import re
import warnings

import h5py
import numpy as np
import pytest

from keras_faq_compat import saving
from keras_faq_compat.saving.errors import LegacyFileError
from keras_faq_compat.saving.legacy_config import LegacyLambdaError

from corpus_files import TF_KERAS

ROWS, EXPECTED = TF_KERAS.rows, TF_KERAS.expected
pytestmark = TF_KERAS.skip
_rows, _path = TF_KERAS.params, TF_KERAS.file


def _arrays(data, prefix):
    return [data[k] for k in sorted(data.files, key=lambda k: int(k[1:])) if k.startswith(prefix)]


def _reference(row):
    data = np.load(TF_KERAS.reference(row["file"]))
    return _arrays(data, "x"), _arrays(data, "y"), _arrays(data, "t")


def _one(arrays):
    return arrays if len(arrays) > 1 else arrays[0]


def _check_predictions(model, row):
    xs, ys, _ = _reference(row)
    out = model.predict(_one(xs), verbose=0)
    for got, want in zip(out if isinstance(out, list) else [out], ys):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def _saved_iterations(row):
    # The manifest says what tf-keras showed: "optimizer iterations 7260 -> 7261".
    found = re.search(r"optimizer iterations (\d+) -> (\d+)", row["notes"])
    return int(found.group(1)) if found else None


def _saved_metric_names(row):
    """``metrics_names`` as tf.keras 2.x gave them: 'loss', then each metric's name."""
    path = _path(row["file"])
    if path.endswith(".keras"):
        import zipfile

        with zipfile.ZipFile(path) as z:
            metrics = json.loads(z.read("config.json"))["compile_config"].get("metrics")
    else:
        with h5py.File(path, "r") as f:
            metrics = json.loads(f.attrs["training_config"]).get("metrics")
    flat = []
    for item in metrics or []:
        flat.extend(item if isinstance(item, list) else [item])
    return ["loss"] + [m if isinstance(m, str) else m["config"]["name"] for m in flat]


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


@pytest.mark.parametrize("row", _rows("full-model"))
def test_full_model_loads_compiled_predicts_and_resumes_training(row):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = saving.load_model(_path(row["file"]))
    assert not [w for w in caught if "optimizer state not restored" in str(w.message)]
    assert model.compiled
    _check_predictions(model, row)

    if row["file"].endswith((".h5", ".hdf5")):
        _check_slots_are_the_files_arrays(model, row)
    iterations = _saved_iterations(row)
    assert int(model.optimizer.iterations.numpy()) == iterations
    # The targets are the reference outputs (t*: their labels for a sparse
    # loss), as the manifest's tf-keras run used them.
    xs, ys, ts = _reference(row)
    result = model.train_on_batch(_one(xs), _one(ts or ys))
    assert np.all(np.isfinite(result))
    assert int(model.optimizer.iterations.numpy()) == iterations + 1
    assert model.metrics_names == _saved_metric_names(row)


def _check_slots_are_the_files_arrays(model, row):
    with h5py.File(_path(row["file"]), "r") as f:
        group = f["optimizer_weights"]
        saved = [np.asarray(group[n]) for n in group.attrs["weight_names"]]
    arrays = [a for a in saved if a.ndim]
    slots = [v.numpy() for v in model.optimizer.variables if len(v.shape)]
    assert sum(bool(np.any(s)) for s in slots) == sum(bool(np.any(a)) for a in arrays)
    for slot in slots:
        if np.any(slot):
            assert any(a.shape == slot.shape and np.array_equal(a, slot) for a in arrays)


def test_compile_false_loads_without_the_training_state():
    row = next(r for r in ROWS if r["kind"] == "full-model" and r["reference"] and r["file"].endswith(".h5"))
    model = saving.load_model(_path(row["file"]), compile=False)
    assert not model.compiled
    _check_predictions(model, row)


@pytest.mark.parametrize("row", _rows("weights-only"))
@pytest.mark.parametrize("by_name", [False, True], ids=["topology", "by_name"])
def test_weights_only_file_loads_into_its_architecture(row, by_name):
    with open(_path(row["architecture"])) as f:
        model = saving.model_from_json(f.read())
    model.load_weights(_path(row["file"]), by_name=by_name)
    assert model.count_params() == EXPECTED[row["file"]]["params"]
    _check_predictions(model, row)


@pytest.mark.parametrize("row", _rows("json"))
def test_json_configs_build_the_reference_model(row):
    with open(_path(row["file"])) as f:
        model = saving.model_from_json(f.read())
    expected = EXPECTED[row["file"]]
    assert model.count_params() == expected["params"]
    assert [list(t.shape) for t in model.outputs] == expected["output_shapes"]


@pytest.mark.parametrize("row", _rows("full-model", reference=False))
@pytest.mark.parametrize("safe_mode", [True, False])
def test_a_file_without_reference_gives_one_clear_error_naming_the_lambda(row, safe_mode):
    # Refused in safe mode; otherwise its Python 3.6 bytecode does not load.
    error = LegacyLambdaError if safe_mode else LegacyFileError
    with pytest.raises(error, match=r"Lambda layer '\w+'") as caught:
        saving.load_model(_path(row["file"]), safe_mode=safe_mode)
    assert row["file"] in str(caught.value)
