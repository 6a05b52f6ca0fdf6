"""Keras 2's ``keras.utils`` helpers, ``keras.optimizers`` extras and ``keras.datasets.cifar``.

Plain Keras 3 has none of these names (or, for ``CustomObjectScope``, scopes that replace each
other); every test checks the Keras 2 behaviour.
"""

import hashlib
import io
import os
import pickle
import sys
import tarfile
import time
import types
from unittest import mock

import h5py
import numpy as np
import pytest
import tensorflow as tf

import keras_faq_compat as compat
from keras_faq_compat import optimizers as compat_optimizers
from keras_faq_compat.datasets import cifar
from keras_faq_compat.utils import conv_utils, data_utils, generic_utils, io_utils, layer_utils
from keras_faq_compat.utils import losses_utils, metrics_utils, vis_utils

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# -- generic_utils --------------------------------------------------------------


@pytest.mark.parametrize(
    "source, name, accept_all, expected",
    [
        ("def f(x): pass", "x", False, True),
        ("def f(x): pass", "y", True, False),
        ("def f(x, **kw): pass", "y", False, False),
        ("def f(x, **kw): pass", "y", True, True),
        ("def f(x, *a, y=1): pass", "y", False, True),
        ("def f(x, /, y): pass", "x", False, False),
        ("def f(*args): pass", "args", False, False),
    ],
)
def test_has_arg(source, name, accept_all, expected):
    namespace = {}
    exec(source, namespace)
    assert generic_utils.has_arg(namespace["f"], name, accept_all) is expected


def test_getargspec_names_the_kwargs_argument_keywords():
    def f(a, b=2, *rest, **options):
        pass

    spec = generic_utils.getargspec(f)
    assert spec.args == ["a", "b"]
    assert spec.varargs == "rest"
    assert spec.keywords == "options"
    assert spec.defaults == (2,)


def test_list_helpers():
    assert generic_utils.to_list(3) == [3]
    assert generic_utils.to_list((1, 2)) == [(1, 2)]
    assert generic_utils.to_list((1, 2), allow_tuple=True) == [1, 2]
    same = [1]
    assert generic_utils.to_list(same) is same
    assert generic_utils.unpack_singleton([7]) == 7
    assert generic_utils.unpack_singleton((1, 2)) == (1, 2)
    assert generic_utils.is_all_none([None, None]) and generic_utils.is_all_none(None)
    assert not generic_utils.is_all_none((None, 0))
    a, b = object(), object()
    assert generic_utils.object_list_uid([a, b]) == f"{abs(id(a))}, {abs(id(b))}"
    assert generic_utils.object_list_uid(a) == str(abs(id(a)))


def test_slice_arrays():
    x, y = np.arange(10), np.arange(10, 20)
    np.testing.assert_array_equal(generic_utils.slice_arrays(x, [2, 5]), x[[2, 5]])
    out = generic_utils.slice_arrays([x, None, y], 1, 3)
    np.testing.assert_array_equal(out[0], x[1:3])
    assert out[1] is None
    np.testing.assert_array_equal(out[2], y[1:3])
    np.testing.assert_array_equal(generic_utils.slice_arrays([x], np.array([4, 0]))[0], x[[4, 0]])
    assert generic_utils.slice_arrays(None) == [None]
    # Keras 2 gave [None] for a single array and an int start.
    assert generic_utils.slice_arrays(x, 3) == [None]


def test_slice_arrays_passes_index_lists_to_h5py(tmp_path):
    with h5py.File(tmp_path / "d.h5", "w") as f:
        f["x"] = np.arange(10)
        np.testing.assert_array_equal(generic_utils.slice_arrays([f["x"]], np.array([1, 4]))[0], [1, 4])


def test_transpose_shape():
    assert generic_utils.transpose_shape((16, 128, 128, 32), "channels_first", (1, 2)) == (16, 32, 128, 128)
    assert generic_utils.transpose_shape([128, 128, 32], "channels_first", (0, 1)) == [32, 128, 128]
    assert generic_utils.transpose_shape((16, 128, 32), "channels_last", (1,)) == (16, 128, 32)
    with pytest.raises(ValueError, match="data_format"):
        generic_utils.transpose_shape((1, 2), "channels_middle", (0,))


def test_check_for_unexpected_keys_and_validate_kwargs():
    generic_utils.check_for_unexpected_keys("loss", {"a": 1}, ["a", "b"])
    with pytest.raises(ValueError, match=r"Unknown entries in loss dictionary: \['c'\]"):
        generic_utils.check_for_unexpected_keys("loss", {"a": 1, "c": 2}, ["a", "b"])
    generic_utils.validate_kwargs({"a": 1}, {"a", "b"})
    with pytest.raises(TypeError, match="not understood"):
        generic_utils.validate_kwargs({"z": 1}, {"a"})


def test_to_snake_case():
    assert generic_utils.to_snake_case("Conv2DTranspose") == "conv2d_transpose"
    assert generic_utils.to_snake_case("MyLayerName") == "my_layer_name"
    assert generic_utils.to_snake_case("_Private") == "private__private"


def test_func_dump_and_load_round_trip_a_lambda_with_closure_and_defaults():
    scale, offset = 3.0, np.array([1.0, 2.0])

    def make():
        return lambda x, power=2: scale * x**power + offset

    fn = make()
    code, defaults, closure = generic_utils.func_dump(fn)
    assert isinstance(code, str) and defaults == (2,)
    cells = dict(zip(fn.__code__.co_freevars, closure))
    assert cells["scale"] == 3.0 and cells["offset"] is offset
    loaded = generic_utils.func_load([code, list(defaults), list(closure)])
    np.testing.assert_allclose(loaded(np.array([1.0, 2.0])), fn(np.array([1.0, 2.0])))
    np.testing.assert_allclose(loaded(2.0, power=3), scale * 2.0**3 + offset)
    assert loaded.__code__ == fn.__code__


def test_func_load_gives_globals_and_refuses_foreign_bytecode():
    code, _, _ = generic_utils.func_dump(lambda x: np.square(x))
    assert generic_utils.func_load(code, globs={"np": np})(3) == 9
    with pytest.raises(ValueError, match="Python"):
        generic_utils.func_load("AAAA")


def test_serialize_keras_object_is_the_keras_2_form():
    layer = compat.layers.Dense(3, name="d")
    serialized = generic_utils.serialize_keras_object(layer)
    assert set(serialized) == {"class_name", "config"}
    assert serialized["class_name"] == "Dense" and serialized["config"]["units"] == 3
    assert generic_utils.serialize_keras_object(np.square) == "square"
    assert generic_utils.serialize_keras_object(None) is None


def test_deserialize_keras_object_looks_in_custom_then_module_objects():
    class Thing:
        def __init__(self, value):
            self.value = value

        @classmethod
        def from_config(cls, config):
            return cls(**config)

    def fn():
        pass

    made = generic_utils.deserialize_keras_object(
        {"class_name": "Thing", "config": {"value": 4}}, module_objects={"Thing": Thing}
    )
    assert isinstance(made, Thing) and made.value == 4
    assert generic_utils.deserialize_keras_object("fn", custom_objects={"fn": fn}) is fn
    with generic_utils.CustomObjectScope({"fn": fn}):
        assert generic_utils.deserialize_keras_object("fn", module_objects={}) is fn
    with pytest.raises(ValueError, match="Unknown layer: Nope"):
        generic_utils.deserialize_keras_object({"class_name": "Nope", "config": {}}, printable_module_name="layer")
    with pytest.raises(ValueError, match="Improper config format"):
        generic_utils.deserialize_keras_object({"config": {}})


def test_custom_object_scopes_add_up_and_unwind():
    import keras

    def a():
        pass

    def b():
        pass

    with generic_utils.CustomObjectScope({"a": a}):
        with generic_utils.custom_object_scope({"b": b}, {"c": b}):
            assert keras.saving.get_registered_object("a") is a
            assert keras.saving.get_registered_object("b") is b
            assert keras.saving.get_registered_object("c") is b
        assert keras.saving.get_registered_object("a") is a
        assert keras.saving.get_registered_object("b") is None
    assert keras.saving.get_registered_object("a") is None


class _Double(compat.layers.Layer):
    def call(self, x):
        return x * 2.0


class _AddOne(compat.layers.Layer):
    def call(self, x):
        return x + 1.0


def test_nested_custom_object_scopes_serve_load_model(tmp_path):
    model = compat.models.Sequential([compat.layers.Dense(2, input_shape=(3,)), _Double(), _AddOne()])
    model.compile("sgd", "mse")
    path = str(tmp_path / "m.h5")
    model.save(path)
    x = np.arange(6, dtype="float32").reshape(2, 3)
    with generic_utils.CustomObjectScope({"_Double": _Double}):
        with generic_utils.CustomObjectScope({"_AddOne": _AddOne}):
            loaded = compat.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(x), model.predict(x), rtol=1e-6)
    assert [type(layer) for layer in loaded.layers[1:]] == [_Double, _AddOne]


# -- data_utils -----------------------------------------------------------------


class _Numbers(data_utils.Sequence):
    """Batch i is ``[i * factor]``; each epoch end multiplies `factor` by 10."""

    def __init__(self, n=12, fail_at=None):
        super().__init__()
        self.n, self.factor, self.fail_at = n, 1, fail_at

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i == self.fail_at:
            raise IndexError(f"batch {i} is broken")
        return np.array([i * self.factor])

    def on_epoch_end(self):
        self.factor *= 10


def _take(enqueuer, count):
    batches = enqueuer.get()
    try:
        return [int(next(batches)[0]) for _ in range(count)]
    finally:
        enqueuer.stop()


def test_ordered_enqueuer_yields_every_batch_in_order_with_two_workers():
    enqueuer = data_utils.OrderedEnqueuer(_Numbers(12))
    enqueuer.start(workers=2, max_queue_size=3)
    assert enqueuer.is_running()
    got = _take(enqueuer, 24)
    assert got == list(range(12)) + [10 * i for i in range(12)]
    assert not enqueuer.is_running()


def test_ordered_enqueuer_shuffles_each_epoch():
    enqueuer = data_utils.OrderedEnqueuer(_Numbers(40), shuffle=True)
    enqueuer.start(workers=2)
    got = _take(enqueuer, 40)
    assert sorted(got) == list(range(40)) and got != list(range(40))


@pytest.mark.skipif(sys.platform != "linux", reason="fork-started worker processes")
def test_ordered_enqueuer_with_processes():
    enqueuer = data_utils.OrderedEnqueuer(_Numbers(8), use_multiprocessing=True)
    enqueuer.start(workers=2, max_queue_size=4)
    assert _take(enqueuer, 16) == list(range(8)) + [10 * i for i in range(8)]


def test_ordered_enqueuer_raises_the_sequence_error():
    enqueuer = data_utils.OrderedEnqueuer(_Numbers(6, fail_at=3))
    enqueuer.start(workers=2)
    batches = enqueuer.get()
    assert [int(next(batches)[0]) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(IndexError, match="batch 3"):
        next(batches)
    assert not enqueuer.is_running()


def test_generator_enqueuer_ends_with_a_finite_generator():
    enqueuer = data_utils.GeneratorEnqueuer((np.array([i]) for i in range(20)))
    enqueuer.start(workers=1, max_queue_size=5)
    got = [int(b[0]) for b in enqueuer.get()]
    enqueuer.stop()
    assert got == list(range(20))


def test_generator_enqueuer_demands_a_thread_safe_generator_for_several_threads():
    def slow():
        while True:
            # Sleeping inside the generator lets another worker call next() on it meanwhile.
            time.sleep(0.01)
            yield 1

    enqueuer = data_utils.GeneratorEnqueuer(slow())
    enqueuer.start(workers=4, max_queue_size=10)
    with pytest.raises(RuntimeError, match="thread-safe"):
        for _ in range(100):
            next(enqueuer.get())
    assert not enqueuer.is_running()


def test_get_file_lays_out_archives_as_keras_2(tmp_path):
    source = tmp_path / "src"
    (source / "flower_photos" / "daisy").mkdir(parents=True)
    (source / "flower_photos" / "daisy" / "1.txt").write_text("petal")
    archive = tmp_path / "flowers.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(source / "flower_photos", arcname="flower_photos")
    origin = archive.as_uri()
    cache = tmp_path / "cache"
    cache.mkdir()

    # The tutorials' untar=True: the archive's own top folder is what is returned.
    path = data_utils.get_file("flower_photos", origin=origin, untar=True, cache_dir=str(cache))
    assert path == str(cache / "datasets" / "flower_photos")
    assert (cache / "datasets" / "flower_photos.tar.gz").exists()
    assert (cache / "datasets" / "flower_photos" / "daisy" / "1.txt").read_text() == "petal"

    sha = hashlib.sha256(archive.read_bytes()).hexdigest()
    path = data_utils.get_file("f.tgz", origin=origin, extract=True, file_hash=sha, cache_dir=str(cache))
    assert path == str(cache / "datasets" / "f.tgz")
    with pytest.raises(ValueError, match="hash"):
        data_utils.get_file("g.tgz", origin=origin, file_hash="0" * 64, cache_dir=str(cache))
    assert not (cache / "datasets" / "g.tgz").exists()


def test_validate_file(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"keras" * 1000)
    sha, md5 = hashlib.sha256(path.read_bytes()).hexdigest(), hashlib.md5(path.read_bytes()).hexdigest()
    assert data_utils.validate_file(str(path), sha)
    assert data_utils.validate_file(str(path), md5)
    assert data_utils.validate_file(str(path), md5, algorithm="md5", chunk_size=7)
    assert not data_utils.validate_file(str(path), sha, algorithm="md5")
    assert data_utils._hash_file(str(path)) == sha


# -- conv_utils and layer_utils -------------------------------------------------


def test_convert_kernel_flips_the_spatial_axes_only():
    kernel = np.random.RandomState(0).rand(3, 4, 2, 5)
    converted = conv_utils.convert_kernel(kernel)
    np.testing.assert_array_equal(converted, kernel[::-1, ::-1, :, :])
    np.testing.assert_array_equal(conv_utils.convert_kernel(converted), kernel)
    with pytest.raises(ValueError):
        conv_utils.convert_kernel(np.zeros((3, 3)))


def test_conv_lengths_as_keras_2():
    assert conv_utils.conv_input_length(112, 7, "same", 2) == 223
    assert conv_utils.conv_input_length(14, 5, "valid", 2) == 31
    assert conv_utils.conv_input_length(18, 5, "full", 2) == 31
    assert conv_utils.conv_input_length(None, 5, "full", 2) is None
    assert conv_utils.deconv_length(32, 2, 5, "valid", None) == 67
    assert conv_utils.deconv_length(32, 2, 5, "full", None) == 59
    assert conv_utils.deconv_length(224, 2, 7, "same", 0) == 447
    assert conv_utils.deconv_length(6, 2, 3, "full", 2) == 11
    assert conv_utils.deconv_length(10, 2, 3, "valid", None, dilation=2) == 23
    assert conv_utils.conv_output_length(32, 3, "valid", 1, dilation=2) == 28
    with pytest.raises(AssertionError):
        conv_utils.conv_input_length(18, 5, "causal", 2)
    assert conv_utils.normalize_tuple(np.array([2, 3]), 2, "strides") == (2, 3)
    with pytest.raises(ValueError, match="including element"):
        conv_utils.normalize_tuple(["a", "b"], 2, "kernel_size")


def test_convert_all_kernels_in_model_turns_a_convolution_into_theanos():
    x = np.random.RandomState(1).rand(1, 10, 1).astype("float32")
    model = compat.models.Sequential([compat.layers.Conv1D(1, 4, use_bias=False, input_shape=(10, 1))])
    kernel = model.get_weights()[0][:, 0, 0]
    layer_utils.convert_all_kernels_in_model(model)
    # Theano computed a true convolution, TensorFlow a cross-correlation.
    np.testing.assert_allclose(model.predict(x)[0, :, 0], np.convolve(x[0, :, 0], kernel, "valid"), rtol=1e-5)


def test_convert_dense_weights_data_format():
    rng = np.random.RandomState(2)
    last = compat.models.Sequential([compat.layers.Flatten(input_shape=(2, 3, 4)), compat.layers.Dense(5)])
    first = compat.models.Sequential([compat.layers.Flatten(input_shape=(4, 2, 3)), compat.layers.Dense(5)])
    x = rng.rand(3, 2, 3, 4).astype("float32")
    expected = last.predict(x)
    layer_utils.convert_dense_weights_data_format(last.layers[-1], (4, 2, 3), "channels_first")
    first.set_weights(last.get_weights())
    np.testing.assert_allclose(first.predict(np.transpose(x, (0, 3, 1, 2))), expected, rtol=1e-5)
    layer_utils.convert_dense_weights_data_format(last.layers[-1], (2, 3, 4), "channels_last")
    np.testing.assert_allclose(last.predict(x), expected, rtol=1e-5)


def test_count_params_counts_each_weight_once_and_source_inputs():
    dense = compat.layers.Dense(4)
    inputs = compat.layers.Input((3,))
    outputs = dense(inputs)
    assert layer_utils.count_params(dense.weights + dense.weights) == 16
    assert layer_utils.get_source_inputs(outputs)[0] is inputs


# -- io_utils: H5Dict -----------------------------------------------------------


@pytest.mark.parametrize("backing", ["file", "dict"])
def test_h5dict_values_and_groups(tmp_path, backing):
    path = str(tmp_path / "d.h5") if backing == "file" else {}
    array = np.random.RandomState(3).rand(4, 5)
    with io_utils.h5dict(path, mode="w") as f:
        f["x"] = "abcd"
        f["names"] = ["dense_1", "dense_2"]
        f["raw"] = [b"efg", b"hij"]
        f["group"]["inner"]["z"] = array
        f["scalar"] = np.float32(1.5)
    f = io_utils.H5Dict(path, mode="r")
    assert f["x"] == "abcd"
    assert f["names"] == ([b"dense_1", b"dense_2"] if backing == "file" else ["dense_1", "dense_2"])
    assert f["raw"] == [b"efg", b"hij"]
    assert "group" in f and "inner" in f["group"]
    np.testing.assert_array_equal(f["group"]["inner"]["z"], array)
    assert float(f["scalar"]) == 1.5
    with pytest.raises(ValueError, match="read-only"):
        f["y"] = 1
    with pytest.raises(ValueError, match="read-only"):
        f["missing"]
    assert f.get("missing") is None
    f.close()


def test_h5dict_splits_long_lists_of_names(tmp_path):
    names = [f"layer_with_a_long_name_{i:05d}" for i in range(4000)]
    path = str(tmp_path / "d.h5")
    with io_utils.H5Dict(path, mode="w") as f:
        f["layer_names"] = names
    with h5py.File(path, "r") as raw:
        assert "layer_names" not in raw.attrs and "layer_names1" in raw.attrs
    with io_utils.H5Dict(path, mode="r") as f:
        assert f["layer_names"] == names


def test_h5dict_over_a_dict_refuses_pickled_code():
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo unsafe",))

    data = {"_is_group": True, "w": pickle.dumps(Evil()), "_w_pickled": True}
    with pytest.raises(pickle.UnpicklingError, match="posix.system|os.system|refusing"):
        io_utils.H5Dict(data)["w"]


def test_binary_h5py_round_trip():
    stream = io.BytesIO()

    def save(f):
        f["x"] = np.arange(5)
        return "saved"

    assert io_utils.save_to_binary_h5py(save, stream) == "saved"
    stream.seek(0)
    np.testing.assert_array_equal(io_utils.load_from_binary_h5py(lambda f: f["x"][()], stream), np.arange(5))


def test_ask_to_proceed_with_overwrite_asks_again_until_y_or_n(capsys):
    import six

    with mock.patch.object(six.moves, "input", side_effect=["maybe", "Y"]) as asked:
        assert io_utils.ask_to_proceed_with_overwrite("/tmp/m.h5") is True
    assert "overwrite" in asked.call_args_list[1].args[0]
    assert "Next time specify overwrite=True" in capsys.readouterr().out
    with mock.patch.object(six.moves, "input", return_value="n"):
        assert io_utils.ask_to_proceed_with_overwrite("/tmp/m.h5") is False


# -- losses_utils and metrics_utils ---------------------------------------------


def test_compute_weighted_loss_reductions():
    losses = np.array([[1.0, 2.0], [3.0, 4.0]], "float32")
    weights = np.array([1.0, 0.0], "float32")
    R = losses_utils.Reduction
    assert float(losses_utils.compute_weighted_loss(losses, weights)) == pytest.approx(0.75)
    assert float(losses_utils.compute_weighted_loss(losses, weights, R.SUM)) == pytest.approx(3.0)
    none = losses_utils.compute_weighted_loss(losses, 2.0, R.NONE)
    np.testing.assert_allclose(np.asarray(none), 2 * losses)
    with pytest.raises(ValueError, match="Invalid Reduction Key"):
        losses_utils.compute_weighted_loss(losses, reduction="mean")
    assert R.all() == ("none", "sum", "sum_over_batch_size")


def test_broadcast_and_squeeze():
    values = np.zeros((2, 3), "float32")
    np.testing.assert_array_equal(np.asarray(losses_utils.broadcast_weights(values, np.array([[1.0], [2.0]]))), [[1, 1, 1], [2, 2, 2]])
    with pytest.raises(ValueError, match="Incompatible shapes"):
        losses_utils.broadcast_weights(values, np.ones((2, 2)))
    y_pred, y_true, w = losses_utils.squeeze_or_expand_dimensions(np.ones((4, 1)), np.ones(4), np.ones(4))
    assert tuple(y_pred.shape) == (4,) and tuple(w.shape) == (4,)


def test_update_confusion_matrix_variables_counts_per_threshold():
    import keras

    rng = np.random.RandomState(4)
    y_true = rng.randint(0, 2, (20, 1))
    y_pred = rng.rand(20, 1).astype("float32")
    weights = rng.rand(20).astype("float32")
    thresholds = [0.3, 0.7]
    cm = metrics_utils.ConfusionMatrix
    variables = {key: keras.Variable(np.zeros(2, "float32")) for key in cm}
    metrics_utils.update_confusion_matrix_variables(variables, y_true, y_pred, thresholds, sample_weight=weights)
    for i, t in enumerate(thresholds):
        pos, true = y_pred[:, 0] > t, y_true[:, 0] == 1
        expected = {
            cm.TRUE_POSITIVES: (pos & true),
            cm.FALSE_POSITIVES: (pos & ~true),
            cm.TRUE_NEGATIVES: (~pos & ~true),
            cm.FALSE_NEGATIVES: (~pos & true),
        }
        for key, mask in expected.items():
            assert float(variables[key].numpy()[i]) == pytest.approx(float(weights[mask].sum()), rel=1e-5)
    with pytest.raises(ValueError, match="Invalid keys"):
        metrics_utils.update_confusion_matrix_variables({cm.TRUE_POSITIVES: variables[cm.TRUE_POSITIVES], "tp": 1}, y_true, y_pred)


def test_metric_helpers():
    x = np.array([[0.1, 0.5, 0.3]], "float32")
    np.testing.assert_allclose(np.asarray(metrics_utils.filter_top_k(x, 2)), [[metrics_utils.NEG_INF, 0.5, 0.3]])
    assert metrics_utils.parse_init_thresholds(None) == [0.5]
    assert metrics_utils.parse_init_thresholds(0.2) == [0.2]
    with pytest.raises(ValueError, match=r"Invalid values: \[1.5\]"):
        metrics_utils.parse_init_thresholds([0.1, 1.5])
    assert metrics_utils.AUCCurve.from_str("pr") is metrics_utils.AUCCurve.PR
    assert metrics_utils.AUCSummationMethod.from_str("Minoring") is metrics_utils.AUCSummationMethod.MINORING
    with pytest.raises(ValueError):
        metrics_utils.AUCCurve.from_str("auc")


# -- vis_utils ------------------------------------------------------------------


def test_vis_utils_predicates_and_missing_pydot(monkeypatch):
    inner = compat.models.Sequential([compat.layers.Dense(2, input_shape=(3,))])
    wrapped = compat.layers.TimeDistributed(inner)
    assert vis_utils.is_model(inner) and not vis_utils.is_model(compat.layers.Dense(1))
    assert vis_utils.is_wrapped_model(wrapped) and not vis_utils.is_wrapped_model(inner)
    monkeypatch.setitem(sys.modules, "pydot", None)
    with pytest.raises(ImportError, match=r"keras-faq-compat\[plot\]"):
        vis_utils.plot_model(inner, to_file="never.png")


def test_add_edge_adds_each_edge_once(monkeypatch):
    class Edge:
        def __init__(self, src, dst):
            self.ends = (src, dst)

    class Dot:
        def __init__(self):
            self.edges = []

        def get_edge(self, src, dst):
            return [e for e in self.edges if e.ends == (src, dst)]

        def add_edge(self, edge):
            self.edges.append(edge)

    monkeypatch.setitem(sys.modules, "pydot", types.SimpleNamespace(Edge=Edge))
    dot = Dot()
    vis_utils.add_edge(dot, "a", "b")
    vis_utils.add_edge(dot, "a", "b")
    vis_utils.add_edge(dot, "b", "a")
    assert [e.ends for e in dot.edges] == [("a", "b"), ("b", "a")]


# -- optimizers ------------------------------------------------------------------


def _regression():
    rng = np.random.RandomState(5)
    x = rng.rand(64, 3).astype("float32")
    return x, x @ np.array([[1.0], [-2.0], [3.0]], "float32")


def _trained(optimizer):
    import keras

    keras.utils.set_random_seed(7)
    x, y = _regression()
    model = compat.models.Sequential([compat.layers.Dense(1, input_shape=(3,))])
    model.compile(optimizer, "mse")
    history = model.fit(x, y, epochs=3, batch_size=16, verbose=0, shuffle=False)
    return model, history.history["loss"]


def test_tf_optimizer_trains_with_a_tensorflow_1_optimizer():
    wrapped = compat_optimizers.TFOptimizer(tf.compat.v1.train.GradientDescentOptimizer(0.1))
    model, losses = _trained(wrapped)
    reference, _ = _trained(compat_optimizers.SGD(lr=0.1))
    for got, want in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert int(model.optimizer.iterations.numpy()) == 12
    with pytest.raises(NotImplementedError, match="cannot be saved"):
        model.optimizer.get_config()

    _, adam_losses = _trained(compat_optimizers.TFOptimizer(tf.compat.v1.train.AdamOptimizer(0.05)))
    assert adam_losses[-1] < adam_losses[0]


def test_a_model_with_a_tensorflow_optimizer_saves_without_it_as_keras_2(tmp_path):
    model, _ = _trained(compat_optimizers.TFOptimizer(tf.compat.v1.train.AdamOptimizer(0.05)))
    path = str(tmp_path / "m.h5")
    with pytest.warns(UserWarning, match="cannot save the optimizer"):
        model.save(path)
    with h5py.File(path, "r") as f:
        assert "training_config" not in f.attrs and "model_config" in f.attrs
    with pytest.warns(UserWarning, match="no training configuration"):
        loaded = compat.models.load_model(path)
    x, _ = _regression()
    np.testing.assert_allclose(loaded.predict(x), model.predict(x), rtol=1e-6)


def test_tf_optimizer_wraps_a_keras_optimizer_and_refuses_other_objects():
    import keras

    inner = keras.optimizers.SGD(0.1)
    model, _ = _trained(compat_optimizers.TFOptimizer(inner))
    assert int(inner.iterations.numpy()) == 12
    assert model.optimizer.get_config()["optimizer"]["class_name"] == "SGD"
    with pytest.raises(TypeError, match="TFOptimizer"):
        compat_optimizers.TFOptimizer("adam")


def test_clip_norm():
    g = tf.constant([3.0, 4.0])
    np.testing.assert_allclose(compat_optimizers.clip_norm(g, 1.0, tf.norm(g)).numpy(), [0.6, 0.8], rtol=1e-6)
    np.testing.assert_allclose(compat_optimizers.clip_norm(g, 10.0, tf.norm(g)).numpy(), [3.0, 4.0])
    assert compat_optimizers.clip_norm(g, 0, tf.norm(g)) is g
    sparse = tf.IndexedSlices(tf.constant([[3.0, 4.0]]), tf.constant([1]), tf.constant([2, 2]))
    clipped = compat_optimizers.clip_norm(sparse, 1.0, tf.constant(5.0))
    assert isinstance(clipped, tf.IndexedSlices)
    np.testing.assert_allclose(clipped.values.numpy(), [[0.6, 0.8]], rtol=1e-6)


# -- datasets.cifar ------------------------------------------------------------------


def test_cifar_load_batch_reads_a_python_2_style_batch(tmp_path):
    data = np.arange(2 * 3072, dtype="uint32").astype("uint8").reshape(2, 3072)
    path = tmp_path / "data_batch_1"
    with open(path, "wb") as f:
        pickle.dump({b"data": data, b"labels": [3, 7], b"fine_labels": [11, 42]}, f, protocol=2)
    x, y = cifar.load_batch(str(path))
    assert x.shape == (2, 3, 32, 32) and x.dtype == np.uint8
    np.testing.assert_array_equal(x[1, 2, 31], data[1, 3072 - 32 :])
    assert y == [3, 7]
    assert cifar.load_batch(str(path), label_key="fine_labels")[1] == [11, 42]


def test_cifar_load_batch_refuses_code_in_the_pickle(tmp_path):
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo unsafe",))

    path = tmp_path / "test_batch"
    path.write_bytes(pickle.dumps({"data": Evil(), "labels": []}))
    with pytest.raises(pickle.UnpicklingError):
        cifar.load_batch(str(path))


# -- a legacy script -------------------------------------------------------------------


def test_legacy_script_uses_the_helpers_at_their_keras_2_paths(run_script):
    result = run_script(
        """
        import numpy as np
        from keras.utils import Sequence
        from keras.utils.data_utils import OrderedEnqueuer
        from keras.utils.generic_utils import has_arg, func_dump, func_load
        from keras.utils.conv_utils import convert_kernel
        from keras.optimizers import clip_norm, TFOptimizer

        class Seq(Sequence):
            def __len__(self):
                return 5
            def __getitem__(self, i):
                return np.array([i])

        enqueuer = OrderedEnqueuer(Seq())
        enqueuer.start(workers=2, max_queue_size=2)
        gen = enqueuer.get()
        print([int(next(gen)[0]) for _ in range(5)])
        enqueuer.stop()
        print(has_arg(lambda a, **k: 0, "b", True), func_load(func_dump(lambda v: v + 1))(1))
        print(convert_kernel(np.arange(6.0).reshape(3, 1, 1, 2))[0, 0, 0].tolist())
        """,
        compat_run=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[:3] == ["[0, 1, 2, 3, 4]", "True 2", "[4.0, 5.0]"]
