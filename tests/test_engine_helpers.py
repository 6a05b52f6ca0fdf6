"""Keras 2's keras.engine helpers: training_utils, training_arrays, training_generator, saving, base_layer."""

import collections
import copy
import io
import pickle
import warnings

import h5py
import numpy as np
import pytest

import keras_faq_compat as kc
from keras_faq_compat.engine import base_layer, saving
from keras_faq_compat.engine import training_arrays as ta
from keras_faq_compat.engine import training_generator as tg
from keras_faq_compat.engine import training_utils as tu
from keras_faq_compat.legacy_names import LegacyNameError


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def classifier(units=3):
    model = kc.models.Sequential([kc.layers.Dense(units, input_shape=(4,), activation="softmax")])
    model.compile("sgd", "categorical_crossentropy", metrics=["acc"])
    return model


def data(n=20, units=3, seed=0):
    rng = np.random.RandomState(seed)
    return rng.random_sample((n, 4)).astype("float32"), np.eye(units)[rng.randint(0, units, n)].astype("float32")


# -- training_utils: batches ----------------------------------------------------------------


def test_make_batches_last_batch_is_short():
    assert tu.make_batches(10, 3) == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert tu.make_batches(9, 3) == [(0, 3), (3, 6), (6, 9)]
    assert tu.make_batches(0, 3) == []


def test_batch_shuffle_keeps_batches_contiguous_and_the_tail_last():
    np.random.seed(3)
    shuffled = tu.batch_shuffle(np.arange(10), 3)
    assert sorted(shuffled.tolist()) == list(range(10))
    assert shuffled[-1] == 9
    batches = shuffled[:9].reshape(3, 3)
    assert all(b.tolist() == list(range(b[0], b[0] + 3)) for b in batches)
    assert {b[0] for b in batches} == {0, 3, 6}
    orders = {tuple(tu.batch_shuffle(np.arange(10), 3)[:9:3]) for _ in range(30)}
    assert len(orders) > 1


def test_check_num_samples():
    x = np.zeros((7, 2))
    assert tu.check_num_samples([x]) == 7
    assert tu.check_num_samples([x], steps=2) == 7
    with pytest.raises(ValueError, match="If steps_per_epoch is set, the `batch_size` must be None."):
        tu.check_num_samples([x], batch_size=2, steps=3, steps_name="steps_per_epoch")
    with pytest.raises(ValueError, match="you should specify the `steps` argument"):
        tu.check_num_samples([kc.layers.Input((3,), batch_size=2)])
    assert tu.check_num_samples([kc.layers.Input((3,), batch_size=2)], steps=1) is None


def test_iter_sequence_infinite_starts_over():
    items = tu.iter_sequence_infinite([1, 2])
    assert [next(items) for _ in range(5)] == [1, 2, 1, 2, 1]


# -- training_utils: inputs and targets -------------------------------------------------------


def test_standardize_input_data_orders_dict_and_expands_1d():
    a, b = np.zeros((4, 2)), np.arange(4)
    out = tu.standardize_input_data({"b": b, "a": a}, ["a", "b"])
    assert out[0] is a and out[1].shape == (4, 1)
    assert tu.standardize_input_data(None, ["a", "b"]) == [None, None]
    assert tu.standardize_input_data([1.0, 2.0], ["a"])[0].shape == (2, 1)


def test_standardize_input_data_errors_name_the_input():
    x = np.zeros((2, 3))
    with pytest.raises(ValueError) as e:
        tu.standardize_input_data(x, ["input_a"], [(None, 4)], exception_prefix="input")
    assert str(e.value) == "Error when checking input: expected input_a to have shape (None, 4) but got array with shape (2, 3)"
    with pytest.raises(ValueError, match=r"expected input_a to have 3 dimensions, but got array with shape \(2, 3\)"):
        tu.standardize_input_data(x, ["input_a"], [(None, 3, 1)], exception_prefix="input")
    with pytest.raises(ValueError, match='No data provided for "b". Need data for each key in:'):
        tu.standardize_input_data({"a": x}, ["a", "b"])
    with pytest.raises(ValueError, match=r"Expected to see 2 array\(s\), but instead got the following list of 1 arrays"):
        tu.standardize_input_data([x], ["a", "b"], exception_prefix="input")
    with pytest.raises(ValueError, match="expects a list of 2 Numpy arrays instead"):
        tu.standardize_input_data([None], ["a", "b"], exception_prefix="input")


def test_standardize_input_data_check_batch_axis():
    x = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"expected a to have shape \(5, 3\)"):
        tu.standardize_input_data(x, ["a"], [(5, 3)])
    assert tu.standardize_input_data(x, ["a"], [(5, 3)], check_batch_axis=False)[0] is x
    with pytest.raises(ValueError, match=r"expected a to have shape \(4,\) but got array with shape \(3,\)"):
        tu.standardize_input_data(x, ["a"], [(5, 4)], check_batch_axis=False)


def test_standardize_single_array_needs_a_static_batch_size():
    assert tu.standardize_single_array(np.arange(3)).shape == (3, 1)
    with pytest.raises(ValueError, match="static batch size"):
        tu.standardize_single_array(kc.layers.Input((3,)))


def test_check_array_length_consistency_as_keras2_tests_it():
    a, b = np.zeros((4, 3, 3)), np.zeros((3, 4))
    tu.check_array_length_consistency(None, None, None)
    tu.check_array_length_consistency([a, a], [a, a], [a, a])
    tu.check_array_length_consistency([None], [None], [None])
    with pytest.raises(ValueError, match="Found 4 input samples and 3 target samples"):
        tu.check_array_length_consistency([a], [b], None)
    with pytest.raises(ValueError, match="All input arrays"):
        tu.check_array_length_consistency([a, b], None, None)
    with pytest.raises(ValueError, match="Sample_weight arrays should have the same number"):
        tu.check_array_length_consistency([a], [a], [b])


def test_check_loss_and_target_compatibility():
    losses = kc.losses
    flat = np.zeros((2, 3, 1))
    with pytest.raises(ValueError, match="You are passing a target array of shape"):
        tu.check_loss_and_target_compatibility([flat], [losses.categorical_crossentropy], [flat.shape])
    y = np.zeros((2, 3, 5))
    with pytest.raises(ValueError, match="while using as loss `categorical_crossentropy`. This loss expects targets"):
        tu.check_loss_and_target_compatibility([y], [losses.categorical_crossentropy], [(2, 3, 6)])
    with pytest.raises(ValueError, match="targets to have the same shape"):
        tu.check_loss_and_target_compatibility([y], [tu.get_loss_function("mse")], [(None, 3, 6)])
    tu.check_loss_and_target_compatibility([y], [losses.categorical_crossentropy], [(2, None, 5)])
    tu.check_loss_and_target_compatibility([y], [losses.mean_absolute_error], [(2, 3, 6)])


def test_weighted_masked_objective_masks_and_weights():
    mae = tu.weighted_masked_objective(kc.losses.get("mae"))
    y_true, y_pred = np.zeros((2, 2, 1), "float32"), np.array([[[1.0], [3.0]], [[5.0], [7.0]]], "float32")
    assert np.isclose(float(mae(y_true, y_pred, None)), 4.0)
    mask = np.array([[1.0, 0.0], [1.0, 1.0]], "float32")
    # (1 + 5 + 7) / 4, rescaled by the mean of the mask (3/4).
    assert np.isclose(float(mae(y_true, y_pred, None, mask)), (13 / 4) / 0.75, rtol=1e-5)
    weights = np.array([0.0, 2.0], "float32")
    # per-sample means [2, 6] * [0, 2] -> mean 6, over the fraction of non-zero weights (1/2).
    assert np.isclose(float(mae(y_true, y_pred, weights)), 12.0)
    assert tu.weighted_masked_objective(None) is None


# -- training_utils: weights --------------------------------------------------------------


def test_standardize_sample_and_class_weights_per_output():
    assert tu.standardize_sample_weights(None, ["a", "b"]) == [None, None]
    w = np.ones(3)
    assert tu.standardize_sample_weights(w, ["a"])[0] is w
    assert tu.standardize_class_weights({"b": {0: 2.0}}, ["a", "b"]) == [None, {0: 2.0}]
    with pytest.raises(ValueError, match="Provided `sample_weight` was a list of 1 elements, but the model has 2 outputs"):
        tu.standardize_sample_weights([w], ["a", "b"])
    with pytest.raises(TypeError, match="should be either a list or a dict"):
        tu.standardize_sample_or_class_weights(w, ["a", "b"], "sample_weight")


def test_standardize_weights():
    y = np.array([[0, 1], [1, 0], [0, 1]], "float32")
    assert tu.standardize_weights(y, class_weight={0: 1.0, 1: 3.0}).tolist() == [3.0, 1.0, 3.0]
    assert tu.standardize_weights(np.array([1, 0, 1]), class_weight={0: 1.0, 1: 3.0}).tolist() == [3.0, 1.0, 3.0]
    both = tu.standardize_weights(y, sample_weight=np.array([1.0, 2.0, 0.5]), class_weight={0: 1.0, 1: 3.0})
    assert both.tolist() == [3.0, 2.0, 1.5]
    ones = tu.standardize_weights(np.zeros((2, 5, 1)), sample_weight_mode="temporal")
    assert ones.shape == (2, 5) and ones.dtype == np.float32
    with pytest.raises(ValueError, match=r"The classes \{1\} exist in the data but not in `class_weight`"):
        tu.standardize_weights(y, class_weight={0: 1.0})
    with pytest.raises(ValueError, match='sample_weight_mode="temporal"'):
        tu.standardize_weights(y, sample_weight=np.ones((3, 2)))
    with pytest.raises(ValueError, match="restricted to outputs that are at least 3D"):
        tu.standardize_weights(y, sample_weight_mode="temporal")


# -- training_utils: losses, metrics, compile preparation ---------------------------------------


def test_collect_metrics_keras22():
    assert tu.collect_metrics(None, ["a", "b"]) == [[], []]
    assert tu.collect_metrics(["acc"], ["a", "b"]) == [["acc"], ["acc"]]
    assert tu.collect_metrics({"b": "mse"}, ["a", "b"]) == [[], ["mse"]]
    with pytest.raises(TypeError, match="Type of `metrics` argument not understood"):
        tu.collect_metrics("acc", ["a"])


def test_get_metric_function_follows_output_and_loss():
    metrics = kc.metrics
    assert tu.get_metric_function("acc", output_shape=(None, 1)) is metrics.binary_accuracy
    assert tu.get_metric_function("acc", output_shape=(None, 3)) is metrics.categorical_accuracy
    sparse = tu.get_loss_function("sparse_categorical_crossentropy")
    assert tu.get_metric_function("accuracy", (None, 3), sparse) is metrics.sparse_categorical_accuracy
    assert tu.get_metric_function("ce", (None, 3), tu.get_loss_function("binary_crossentropy")) is metrics.binary_crossentropy
    assert tu.get_metric_function("mse") is metrics.mean_squared_error
    assert tu.get_metric_name("acc") == "acc"
    assert tu.get_metric_name(metrics.categorical_accuracy) == "categorical_accuracy"


def test_get_loss_function_wraps_names_and_functions():
    loss = tu.get_loss_function("mse")
    assert isinstance(loss, kc.losses.Loss) and loss.name == "mean_squared_error"
    assert loss.fn is kc.losses.mean_squared_error
    assert np.isclose(float(loss(np.ones((2, 1)), np.zeros((2, 1)))), 1.0)
    own = kc.losses.MeanAbsoluteError()
    assert tu.get_loss_function(own) is own
    assert tu.get_loss_function(None) is None


def test_prepare_loss_functions_and_weights():
    with pytest.warns(UserWarning, match="Output b missing from loss dictionary"):
        warnings.simplefilter("always")
        losses = tu.prepare_loss_functions({"a": "mse"}, ["a", "b"])
    assert losses[0].fn is kc.losses.mean_squared_error and losses[1] is None
    with pytest.raises(ValueError, match="The model has 2 outputs, but you passed loss="):
        tu.prepare_loss_functions(["mse"], ["a", "b"])
    with pytest.raises(ValueError, match="Unknown entries in loss dictionary"):
        tu.prepare_loss_functions({"c": "mse"}, ["a", "b"])
    assert tu.prepare_loss_weights(["a", "b"]) == [1.0, 1.0]
    assert tu.prepare_loss_weights(["a", "b"], {"b": 0.5}) == [1.0, 0.5]
    with pytest.raises(TypeError, match="Could not interpret loss_weights argument"):
        tu.prepare_loss_weights(["a"], 2.0)


def test_prepare_sample_weights():
    weights, modes = tu.prepare_sample_weights(["a", "b"], {"a": "temporal", "b": None}, [])
    assert modes == ["temporal", None]
    assert tuple(weights[0].shape) == (None, None) and tuple(weights[1].shape) == (None,)
    assert weights[0].name == "a_sample_weights"
    skipped_weights, skipped_modes = tu.prepare_sample_weights(["a", "b"], None, [1])
    assert skipped_weights[1] is None and skipped_modes == [None, None]
    with pytest.raises(ValueError, match="Output missing from sample_weight_modes dictionary"):
        tu.prepare_sample_weights(["a", "b"], {"a": None}, [])


def test_collect_per_output_metric_info_clones_per_output():
    info = tu.collect_per_output_metric_info(["acc", "mse"], ["a", "b"], [(None, 1), (None, 3)], [None, None])
    assert [list(d) for d in info] == [["acc", "mse"], ["acc", "mse"]]
    assert all(isinstance(m, kc.metrics.Metric) for d in info for m in d.values())
    assert info[0]["acc"] is not info[1]["acc"]
    assert isinstance(info[0], collections.OrderedDict)
    with pytest.raises(ValueError, match="When passing a list of lists as `metrics`"):
        tu.collect_per_output_metric_info([["acc"]], ["a", "b"], [(None, 1)] * 2, [None, None])


def test_call_metric_function_uses_the_mask_as_weights():
    metric = kc.metrics.MeanMetricWrapper(kc.metrics.mean_absolute_error, name="mae")
    y_true, y_pred = np.zeros((2, 1), "float32"), np.array([[2.0], [4.0]], "float32")
    result = tu.call_metric_function(metric, y_true, y_pred, mask=np.array([1.0, 0.0], "float32"))
    assert np.isclose(float(result), 2.0)


# -- training_utils: generators and validation ----------------------------------------------


def test_generator_helpers():
    class Batches(kc.utils.Sequence):
        def __len__(self):
            return 1

        def __getitem__(self, index):
            return np.zeros((1, 4)), np.zeros((1, 3))

    assert tu.is_sequence(Batches()) and not tu.is_sequence([1, 2])
    assert tu.is_generator_or_sequence(x for x in ()) and not tu.is_generator_or_sequence([1])
    with pytest.raises(ValueError, match="`y` argument is not supported"):
        tu.check_generator_arguments(y=np.zeros(1))
    with pytest.raises(ValueError, match="you cannot use `validation_split`"):
        tu.check_generator_arguments(validation_split=0.1)
    assert [tu.should_run_validation(2, e) for e in range(4)] == [False, True, False, True]
    assert tu.should_run_validation([1, 3], 2) and not tu.should_run_validation([1, 3], 1)
    with pytest.raises(ValueError, match="can not be less than 1"):
        tu.should_run_validation(0, 0)


def test_static_batch_size_and_input_shape():
    stateful = kc.models.Sequential([kc.layers.Dense(2, batch_input_shape=(5, 3))])
    assert tu.get_static_batch_size(stateful) == 5
    assert tu.get_input_shape_and_dtype(stateful) == ((5, 3), "float32")
    assert tu.get_input_shape_and_dtype(kc.layers.Dense(2, input_shape=(3,))) == ((None, 3), "float32")
    assert tu.get_input_shape_and_dtype(kc.layers.Dense(2)) == (None, None)
    with pytest.raises(ValueError, match="An empty Model cannot be used as a Layer."):
        tu.get_input_shape_and_dtype(kc.models.Sequential())


# -- training_arrays and training_generator -------------------------------------------------


def test_fit_loop_trains_on_the_flat_keras2_list():
    model = classifier()
    x, y = data()
    before = model.evaluate(x, y, verbose=0)[0]
    history = ta.fit_loop(model, None, [x, y, np.ones(20), 1.0], batch_size=5, epochs=5, verbose=0,
                          val_ins=[x, y, np.ones(20)])
    assert {"acc", "loss", "val_acc", "val_loss"} <= set(history.history)
    assert len(history.history["acc"]) == 5
    assert model.evaluate(x, y, verbose=0)[0] < before


def test_test_and_predict_loops_return_keras2_values():
    model = classifier()
    x, y = data()
    scores = ta.test_loop(model, None, [x, y, np.ones(20), 0.0], batch_size=5)
    assert isinstance(scores, list) and len(scores) == 2
    assert np.allclose(scores, model.evaluate(x, y, verbose=0))
    predictions = ta.predict_loop(model, None, [x, 0.0], batch_size=5)
    assert predictions.shape == (20, 3) and np.allclose(predictions, model.predict(x))


def test_generator_loops_delegate_to_the_model():
    model = classifier()
    x, y = data()

    def batches():
        while True:
            yield x[:5], y[:5]

    history = tg.fit_generator(model, batches(), steps_per_epoch=2, epochs=2, verbose=0)
    assert len(history.history["acc"]) == 2
    assert np.allclose(tg.evaluate_generator(model, batches(), steps=1), model.evaluate(x[:5], y[:5], verbose=0))
    assert tg.predict_generator(model, (b for b, _ in batches()), steps=2).shape == (10, 3)
    with pytest.raises(ValueError, match="validation_freq"):
        tg.fit_generator(model, batches(), steps_per_epoch=1, validation_freq=2)


# -- saving helpers -----------------------------------------------------------------------


def test_attributes_are_split_past_the_hdf5_header_limit():
    names = [f"layer_with_a_long_name_{i:05d}" for i in range(4000)]
    with h5py.File(io.BytesIO(), "w") as f:
        saving.save_attributes_to_hdf5_group(f, "layer_names", [n.encode("utf8") for n in names])
        assert "layer_names" not in f.attrs and {"layer_names0", "layer_names1"} <= set(f.attrs)
        assert saving.load_attributes_from_hdf5_group(f, "layer_names") == names
        saving.save_attributes_to_hdf5_group(f, "weight_names", ["kernel:0"])
        assert saving.load_attributes_from_hdf5_group(f, "weight_names") == ["kernel:0"]
        with pytest.raises(RuntimeError, match="larger than 64512 bytes"):
            saving.save_attributes_to_hdf5_group(f, "big", ["x" * 70000])


def test_preprocess_weights_for_loading_flips_theano_kernels():
    conv = kc.layers.Conv2D(2, (3, 3))
    conv.build((None, 5, 5, 1))
    kernel = np.random.random_sample((3, 3, 1, 2)).astype("float32")
    bias = np.zeros(2, "float32")
    flipped = saving.preprocess_weights_for_loading(conv, [kernel, bias], "2.2.4", "theano")
    assert np.allclose(flipped[0], kernel[::-1, ::-1])
    same = saving.preprocess_weights_for_loading(conv, [kernel, bias], "2.2.4", "tensorflow")
    assert np.allclose(same[0], kernel)
    reshaped = saving.preprocess_weights_for_loading(conv, [kernel.reshape(2, 3, 3, 1), bias], "2.2.4", "tensorflow", reshape=True)
    assert reshaped[0].shape == (3, 3, 1, 2)
    with pytest.raises(ValueError, match="Weights must be of equal size to apply a reshape operation"):
        saving.preprocess_weights_for_loading(conv, [np.zeros((2, 2)), bias], reshape=True)


def test_gcs_decorators_pass_local_paths_through(tmp_path):
    calls = []

    @saving.allow_write_to_gcs
    def save(obj, filepath, overwrite=True):
        calls.append(("save", obj, filepath, overwrite))

    @saving.allow_read_from_gcs
    def load(filepath, option=None):
        calls.append(("load", filepath, option))
        return option

    save("m", str(tmp_path / "m.h5"), False)
    assert load(str(tmp_path / "m.h5"), option=3) == 3
    assert calls == [("save", "m", str(tmp_path / "m.h5"), False), ("load", str(tmp_path / "m.h5"), 3)]
    with pytest.raises(ValueError, match="has no argument filepath"):
        saving.allow_read_from_gcs(lambda path: path)("x")


def _trained_temporal_model():
    model = kc.models.Sequential()
    model.add(kc.layers.Dense(2, input_shape=(3,)))
    model.add(kc.layers.RepeatVector(3))
    model.add(kc.layers.TimeDistributed(kc.layers.Dense(3)))
    model.compile(loss="mse", optimizer=kc.optimizers.RMSprop(lr=0.001), metrics=["acc"])
    model.train_on_batch(np.random.random_sample((2, 3)), np.random.random_sample((2, 3, 3)))
    return model


def test_pickle_model_is_the_keras2_layout_and_round_trips():
    model = _trained_temporal_model()
    state = saving.pickle_model(model)
    assert {"model_config", "training_config", "model_weights", "optimizer_weights", "keras_version"} <= set(state)
    layer_names = [name.decode("utf8") for name in state["model_weights"]["layer_names"]]
    assert layer_names == [layer.name for layer in model.layers]
    assert set(layer_names) <= set(state["model_weights"])
    restored = saving.unpickle_model(pickle.loads(pickle.dumps(state)))
    x = np.random.random_sample((4, 3))
    assert np.allclose(model.predict(x), restored.predict(x), atol=1e-6)


def test_pickling_a_model_resumes_training_identically():
    model = _trained_temporal_model()
    clone = pickle.loads(pickle.dumps(model))
    assert isinstance(clone, kc.models.Sequential)
    x, y = np.random.random_sample((2, 3)), np.random.random_sample((2, 3, 3))
    model.train_on_batch(x, y)
    clone.train_on_batch(x, y)
    assert np.allclose(model.predict(x), clone.predict(x), atol=1e-6)
    inputs = kc.layers.Input((5,))
    functional = kc.models.Model(inputs, [kc.layers.Dense(1, name="o1")(inputs), kc.layers.Dense(1, name="o2")(inputs)])
    functional.compile(loss={"o1": "mse", "o2": "mse"}, optimizer="sgd")
    deep = copy.deepcopy(functional)
    assert np.allclose(np.concatenate(functional.predict(np.ones((1, 5)))), np.concatenate(deep.predict(np.ones((1, 5)))))


# -- base_layer -----------------------------------------------------------------------------


def test_node_is_keras3_nodes_and_cannot_be_built():
    dense = kc.layers.Dense(2)
    output = dense(kc.layers.Input((3,)))
    assert any(isinstance(obj, base_layer.Node) for obj in vars(dense).get("_inbound_nodes", []))
    assert not isinstance(output, base_layer.Node)
    with pytest.raises(LegacyNameError, match="layer\\(keras.Input"):
        base_layer.Node(dense)


def test_disable_tracking_sets_the_keras2_flag_for_the_call_only():
    seen = []

    @base_layer.disable_tracking
    def method(value):
        seen.append(base_layer._DISABLE_TRACKING.value)
        return value

    assert method(4) == 4 and seen == [True]
    assert not getattr(base_layer._DISABLE_TRACKING, "value", False)


# -- the Keras 2 paths, as a script imports them --------------------------------------------


def test_keras2_engine_paths_under_the_activation(run_script):
    result = run_script(
        """
        import numpy as np
        from keras.engine.training_utils import make_batches, standardize_input_data
        from keras.engine.training_arrays import fit_loop
        from keras.engine.training_generator import fit_generator
        from keras.engine.saving import preprocess_weights_for_loading, pickle_model, unpickle_model
        from keras.engine.base_layer import Node
        print(make_batches(10, 3))
        try:
            standardize_input_data(np.zeros((2, 3)), ['main_input'], [(None, 4)], exception_prefix='input')
        except ValueError as e:
            print(e)
        """,
        compat_run=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[0] == "[(0, 3), (3, 6), (6, 9), (9, 10)]"
    assert lines[1] == "Error when checking input: expected main_input to have shape (None, 4) but got array with shape (2, 3)"


def test_every_attribute_chunk_fits_when_the_split_is_uneven():
    # Five names of 32775 bytes: three chunks on average fit, but 2 + 2 + 1 names do not.
    names = ["n" * 32770 + f"{i:05d}" for i in range(5)]
    with h5py.File(io.BytesIO(), "w") as f:
        saving.save_attributes_to_hdf5_group(f, "layer_names", names)
        assert all(f.attrs[key].nbytes <= saving.HDF5_OBJECT_HEADER_LIMIT for key in f.attrs)
        assert saving.load_attributes_from_hdf5_group(f, "layer_names") == names
