"""`keras_faq_compat._internals`: a behaviour canary per function, and the audit.

Each canary checks what the compat layer needs the Keras or TensorFlow
internal to do (a later Keras that keeps the name but changes the behaviour
fails here, not in a user's script). The audit parses every other module of
the package and fails, naming file and line, on any use of ``keras.src``,
``tensorflow.python`` or a private attribute that Keras or TensorFlow define.
"""

import ast
import builtins
import importlib
import inspect
import json
import os
import re
import sys
import textwrap
import warnings

import numpy as np
import pytest

import keras_faq_compat
from keras_faq_compat import _internals
from keras_faq_compat._real import keras, tf

PACKAGE_DIR = os.path.dirname(os.path.abspath(keras_faq_compat.__file__))


def _dense_model(units=2, inputs=3):
    x = keras.Input((inputs,))
    return keras.Model(x, keras.layers.Dense(units)(x))


# -- saving ------------------------------------------------------------------


def test_json_default_encodes_numpy_values_and_tensor_shapes():
    config = {"rate": np.float32(0.5), "units": np.int64(3), "shape": tf.TensorShape([None, 4]), "w": np.ones(2)}
    decoded = json.loads(json.dumps(config, default=_internals.json_default))
    assert decoded == {"rate": 0.5, "units": 3, "shape": [None, 4], "w": [1.0, 1.0]}
    with pytest.raises(TypeError):
        json.dumps({"x": object()}, default=_internals.json_default)


def test_ask_to_proceed_with_overwrite_follows_the_answer(monkeypatch):
    answers = iter(["maybe", "n"])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers))
    assert _internals.ask_to_proceed_with_overwrite("/tmp/x.h5") is False
    monkeypatch.setattr(builtins, "input", lambda prompt="": "y")
    assert _internals.ask_to_proceed_with_overwrite("/tmp/x.h5") is True


def test_legacy_config_scope_writes_keras2_style_layer_entries():
    model = _dense_model()
    with _internals.legacy_config_scope():
        legacy = model.get_config()["layers"][1]
    modern = model.get_config()["layers"][1]
    assert "module" in modern
    assert "module" not in legacy and legacy["class_name"] == "Dense"


def test_safe_mode_scope_refuses_and_allows_lambda_bytecode():
    config = keras.layers.Lambda(lambda x: x * 2).get_config()
    with _internals.safe_mode_scope(True), pytest.raises(ValueError):
        keras.layers.Lambda.from_config(config)
    with _internals.safe_mode_scope(False):
        layer = keras.layers.Lambda.from_config(config)
    assert float(layer(np.ones((1, 1), "float32"))[0, 0]) == 2.0


def test_model_from_legacy_config_builds_a_keras2_sequential_config():
    config = {
        "class_name": "Sequential",
        "config": {
            "name": "old",
            "layers": [
                {"class_name": "Dense", "config": {"name": "d", "units": 4, "input_shape": [3]}},
            ],
        },
    }
    with _internals.legacy_config_scope():
        model = _internals.model_from_legacy_config(config)
    assert model.name == "old" and model.get_layer("d").units == 4
    assert model.built and model.predict(np.ones((2, 3)), verbose=0).shape == (2, 4)


def test_compile_args_from_training_config_rebuild_the_optimizer_and_loss():
    training_config = {
        "loss": "mean_squared_error",
        "metrics": ["mae"],
        "weighted_metrics": None,
        "loss_weights": None,
        "optimizer_config": {"class_name": "SGD", "config": {"learning_rate": 0.25, "momentum": 0.5}},
    }
    args = _internals.compile_args_from_training_config(training_config)
    assert isinstance(args["optimizer"], keras.optimizers.SGD)
    assert args["optimizer"].momentum == 0.5
    assert float(keras.ops.convert_to_numpy(args["optimizer"].learning_rate)) == 0.25
    assert args["loss"] is keras.losses.mean_squared_error
    assert isinstance(args["metrics"][0], keras.metrics.MeanAbsoluteError)
    model = _dense_model()
    model.compile(**args)
    assert model.compiled


def test_compile_config_gives_the_objects_compiled_with_and_serialises_them():
    model = _dense_model()
    assert _internals.compile_config(model) is None
    loss = keras.losses.MeanSquaredError()
    model.compile(optimizer="sgd", loss=loss, metrics=["mae"])
    config = _internals.compile_config(model)
    assert config["loss"] is loss and config["metrics"] == ["mae"]
    config.pop("optimizer")
    with _internals.legacy_config_scope():
        serialised = _internals.serialize_nested_config(config)
    assert serialised["loss"]["class_name"] == "MeanSquaredError"
    json.dumps(serialised, default=_internals.json_default)
    assert _internals.compile_config(model)["loss"] is loss  # a copy was changed, not the model's


# -- model classes -------------------------------------------------------------


def test_functional_class_is_what_keras_model_builds_and_can_be_subclassed():
    functional = _internals.functional_class()
    assert type(_dense_model()) is functional
    assert not isinstance(keras.Sequential(), functional) or issubclass(keras.Sequential, functional)

    class Sub(functional):
        pass

    x = keras.Input((3,))
    model = Sub(x, keras.layers.Dense(2)(x))
    assert model.predict(np.ones((1, 3)), verbose=0).shape == (1, 2)


def test_legacy_dataframe_iterator_class_is_what_flow_from_dataframe_returns(tmp_path):
    pandas = pytest.importorskip("pandas")
    keras.utils.array_to_img(np.zeros((4, 4, 3))).save(tmp_path / "a.png")
    frame = pandas.DataFrame({"filename": ["a.png"], "class": ["x"]})
    generator = tf.keras.preprocessing.image.ImageDataGenerator()
    iterator = generator.flow_from_dataframe(frame, str(tmp_path), target_size=(2, 2))
    assert type(iterator) is _internals.legacy_dataframe_iterator_class()


def test_set_export_name_changes_how_keras_serialises_a_class_and_undoes():
    functional = _internals.functional_class()
    assert _internals.exported_symbol("keras.Model") is keras.Model
    assert _internals.exported_symbol("keras.NoSuchThing") is None

    class Renamed(functional):
        pass

    x = keras.Input((3,))
    model = Renamed(x, keras.layers.Dense(2)(x))
    assert keras.saving.serialize_keras_object(model)["class_name"] == "Renamed"
    previous = _internals.set_export_name(Renamed, "keras.Model")
    try:
        serialised = keras.saving.serialize_keras_object(model)
        assert (serialised["module"], serialised["class_name"]) == ("keras", "Model")
    finally:
        _internals.set_export_name(Renamed, previous)
    assert keras.saving.serialize_keras_object(model)["class_name"] == "Renamed"


# -- models and layers ---------------------------------------------------------


def test_model_strategy_is_the_strategy_a_model_was_made_under():
    strategy = tf.distribute.MirroredStrategy(["/cpu:0"])
    with strategy.scope():
        inside = _dense_model()
    assert _internals.model_strategy(inside) is strategy
    assert _internals.model_strategy(_dense_model()) is None
    assert _internals.model_strategy("not a model") is None


def test_flatten_layers_reaches_nested_models_once_each():
    inner = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, name="inner_dense")], name="inner")
    outer = keras.Sequential([keras.Input((3,)), inner, keras.layers.Dense(1, name="top")], name="outer")
    names = [layer.name for layer in _internals.flatten_layers(outer)]
    assert names[0] == "outer"
    assert {"inner", "inner_dense", "top"} <= set(names) and len(names) == len(set(names))
    assert "outer" not in [layer.name for layer in _internals.flatten_layers(outer, include_self=False)]


def test_sequential_layers_include_the_input_layer():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    layers = _internals.sequential_layers(model)
    assert isinstance(layers[0], keras.layers.InputLayer) and layers[1:] == model.layers
    assert _internals.sequential_layers(keras.Sequential()) == []


def test_set_input_shape_argument_gives_sequential_its_input():
    layer = keras.layers.Dense(2)
    _internals.set_input_shape_argument(layer, (5,))
    model = keras.Sequential()
    model.add(layer)
    assert tuple(model.inputs[0].shape) == (None, 5) and layer.built


def test_batch_moments_are_the_batch_mean_and_variance():
    layer = keras.layers.BatchNormalization()
    data = np.array([[1.0, 10.0], [3.0, 30.0], [5.0, 20.0]], "float32")
    layer.build(data.shape)
    mean, variance = _internals.batch_moments(layer, keras.ops.convert_to_tensor(data))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(mean), data.mean(axis=0), rtol=1e-6)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(variance), data.var(axis=0), rtol=1e-6)


def test_producing_operation_is_the_layer_that_made_a_symbolic_tensor():
    x = keras.Input((3,))
    dense = keras.layers.Dense(2, name="made_it")
    assert _internals.producing_operation(dense(x)) is dense
    assert _internals.producing_operation(np.ones(2)) is None


def test_graph_readers_see_the_nodes_keras_makes_for_symbolic_calls():
    x = keras.Input((3,))
    dense = keras.layers.Dense(2)
    dense(keras.Input((3,)))
    y = keras.layers.Dropout(0.5)(dense(x), training=True)
    node = _internals.inbound_nodes(dense)[1]
    assert len(_internals.inbound_nodes(dense)) == 2 and node.input_tensors == [x]
    assert _internals.tensor_history(y).operation.name.startswith("dropout")
    assert _internals.tensor_history(np.ones(2)) is None
    assert _internals.node_call_kwargs(_internals.inbound_nodes(_internals.tensor_history(y).operation)[0]) == {
        "training": True
    }
    assert _internals.node_call_args(node) == (x,)
    model = keras.Model(x, y)
    assert node in _internals.graph_nodes(model) and _internals.inbound_nodes(dense)[0] not in _internals.graph_nodes(model)
    depths = _internals.operations_by_depth(model)
    assert [layer.name for layer in depths[0]] == [_internals.tensor_history(y).operation.name]
    assert _internals.graph_nodes(keras.Sequential()) == [] and _internals.operations_by_depth(keras.Sequential()) == {}


def test_in_layer_call_is_true_only_inside_a_call():
    seen = []

    class Probe(keras.layers.Layer):
        def call(self, x):
            seen.append(_internals.in_layer_call())
            return x

    assert not _internals.in_layer_call()
    Probe()(np.ones((1, 2)))
    assert seen == [True]


def test_keras_mask_is_the_mask_a_layer_put_on_its_output():
    x = keras.Input((4,))
    assert _internals.keras_mask(keras.layers.Embedding(5, 2, mask_zero=True)(x)) is not None
    assert _internals.keras_mask(x) is None
    eager = keras.layers.Embedding(5, 2, mask_zero=True)(np.array([[0, 3, 1, 0]]))
    assert np.asarray(_internals.keras_mask(eager)).tolist() == [[False, True, True, False]]
    assert _internals.keras_mask(keras.ops.ones((1, 4))) is None


def test_keras2_patch_points_name_attributes_keras_does_not_define():
    owner, names = _internals.keras2_node_attributes_patch_point()
    node = _internals.inbound_nodes(_internals.tensor_history(keras.layers.Dense(1)(keras.Input((2,)))).operation)[0]
    assert isinstance(node, owner) and not any(hasattr(owner, name) for name in names)
    owner, name = _internals.keras_tensor_learning_phase_patch_point()
    assert owner is keras.KerasTensor and not hasattr(owner, name)


def _unfrozen_after_compile(model_class):
    x = keras.Input((3,))
    dense = keras.layers.Dense(2)
    model = model_class(x, dense(x))
    dense.trainable = False
    model.compile("sgd", "mse")
    dense.trainable = True
    return model


def _trainable_warnings(model):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # Keras's own check (Keras 3.15.1 defines it but no longer reaches it from fit).
        model._warn_if_trainable_state_changed()
        model.fit(np.ones((4, 3)), np.ones((4, 2)), epochs=1, verbose=0)
    return [str(w.message) for w in caught if "trainable" in str(w.message)]


# Hooks that Keras 3.3 does not have (it never calls them; the mixins are then inert).
_since_keras_3_4 = pytest.mark.skipif(_internals.keras_version() < (3, 4), reason="not in Keras 3.3")


@_since_keras_3_4
def test_quiet_trainable_change_mixin_removes_the_recompile_warning():
    functional = _internals.functional_class()

    class Quiet(_internals.QuietTrainableChangeMixin, functional):
        pass

    assert _trainable_warnings(_unfrozen_after_compile(functional)), "Keras no longer warns: the mixin is moot"
    assert _trainable_warnings(_unfrozen_after_compile(Quiet)) == []


# -- callbacks -----------------------------------------------------------------


def test_mark_default_hooks_count_as_not_overridden_for_keras():
    class Marked(keras.callbacks.Callback):
        @_internals.mark_default
        def on_train_batch_end(self, batch, logs=None):
            pass

    class Overriding(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            pass

    assert _internals.is_default(Marked().on_train_batch_end)
    assert not _internals.is_default(Overriding().on_train_batch_end)


def test_mark_default_is_the_mark_keras_itself_reads():
    # Keras decides that a layer supports masking when it overrides compute_mask.
    class Marked(keras.layers.Layer):
        @_internals.mark_default
        def compute_mask(self, inputs, mask=None):
            return mask

    class Overriding(keras.layers.Layer):
        def compute_mask(self, inputs, mask=None):
            return mask

    assert not Marked().supports_masking
    assert Overriding().supports_masking


# -- optimizers ----------------------------------------------------------------


def _one_sgd_step(optimizer_class, **kwargs):
    variable = keras.Variable(np.ones(2, "float32"))
    optimizer = optimizer_class(learning_rate=0.1, **kwargs)
    optimizer.apply([keras.ops.ones(2)], [variable])
    return keras.ops.convert_to_numpy(variable)


def test_optimizer_hooks_see_keras_clipped_gradients_and_the_step_learning_rate():
    seen = {}

    class Tripled(_internals.OptimizerHooks, keras.optimizers.SGD):
        def _legacy_clip_gradients(self, grads):
            seen["grads"] = [keras.ops.convert_to_numpy(g) for g in grads]
            return [g * 3 for g in grads]

    class Halved(_internals.OptimizerHooks, keras.optimizers.SGD):
        def _legacy_learning_rate(self, learning_rate):
            return learning_rate / 2

    np.testing.assert_allclose(_one_sgd_step(keras.optimizers.SGD), [0.9, 0.9], rtol=1e-6)
    np.testing.assert_allclose(_one_sgd_step(Tripled, clipvalue=0.5), [0.85, 0.85], rtol=1e-6)
    np.testing.assert_allclose(seen["grads"][0], [0.5, 0.5])  # after Keras's own clipping
    np.testing.assert_allclose(_one_sgd_step(Halved), [0.95, 0.95], rtol=1e-6)


def test_learning_rate_variable_is_what_set_value_changes():
    optimizer = keras.optimizers.Adam(learning_rate=0.01)
    variable = _internals.learning_rate_variable(optimizer)
    variable.assign(0.5)
    assert float(keras.ops.convert_to_numpy(optimizer.learning_rate)) == 0.5
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
    assert _internals.learning_rate_variable(keras.optimizers.SGD(learning_rate=schedule)) is schedule


def test_optimizer_slots_are_the_adam_moments_in_variable_order_after_one_step():
    first = keras.Variable(np.zeros((2, 3), "float32"))
    second = keras.Variable(np.zeros(4, "float32"))
    grads = [keras.ops.full((2, 3), 2.0), keras.ops.full((4,), -1.0)]
    optimizer = keras.optimizers.Adam(beta_1=0.9, beta_2=0.99)
    optimizer.apply(grads, [first, second])
    momentums, velocities, maxima = _internals.optimizer_slots(optimizer)
    assert maxima == []  # no amsgrad
    for variable, grad in zip([first, second], grads):
        index = _internals.variable_index(optimizer, variable)
        grad = keras.ops.convert_to_numpy(grad)
        np.testing.assert_allclose(keras.ops.convert_to_numpy(momentums[index]), 0.1 * grad, rtol=1e-5)
        np.testing.assert_allclose(keras.ops.convert_to_numpy(velocities[index]), 0.01 * grad**2, rtol=1e-5)
    assert [_internals.variable_index(optimizer, v) for v in (first, second)] == [0, 1]
    amsgrad = keras.optimizers.Adam(amsgrad=True)
    amsgrad.build([first, second])
    assert [len(slot) for slot in _internals.optimizer_slots(amsgrad)] == [2, 2, 2]


def test_optimized_variables_are_what_apply_updates_without_variables():
    first, second = keras.Variable(np.ones(2, "float32")), keras.Variable(np.ones(3, "float32"))
    optimizer = keras.optimizers.SGD(learning_rate=1.0)
    optimizer.build([first, second])
    assert _internals.optimized_variables(optimizer) == [first, second]
    optimizer.apply([keras.ops.ones(2), keras.ops.ones(3)])
    np.testing.assert_allclose(keras.ops.convert_to_numpy(second), np.zeros(3))


@pytest.mark.parametrize(
    "name, kwargs, lengths",
    [
        ("SGD", {}, [0]),
        ("SGD", {"momentum": 0.9}, [1]),
        ("RMSprop", {}, [1]),
        ("Adagrad", {}, [1]),
        ("Adadelta", {}, [1, 1]),
        ("Adamax", {}, [1, 1]),
        ("Nadam", {}, [1, 1]),
    ],
)
def test_optimizer_slots_hold_one_variable_per_weight_for_each_keras2_slot(name, kwargs, lengths):
    variable = keras.Variable(np.ones(3, "float32"))
    optimizer = getattr(keras.optimizers, name)(**kwargs)
    optimizer.apply([keras.ops.full((3,), 0.5)], [variable])
    slots = _internals.optimizer_slots(optimizer)
    assert [len(slot) for slot in slots] == lengths
    for slot in filter(None, slots):
        assert tuple(slot[0].shape) == (3,)
        assert np.any(keras.ops.convert_to_numpy(slot[0]) != 0), f"{name}: slot not updated by the step"
    assert _internals.optimizer_slots(keras.optimizers.Lion()) is None


def test_optimizer_scalars_follow_the_step_and_nadam_schedule():
    variable = keras.Variable(np.ones(3, "float32"))
    optimizer = keras.optimizers.Nadam()
    optimizer.apply([keras.ops.ones(3)], [variable])
    scalars = _internals.optimizer_scalars(optimizer)
    assert int(keras.ops.convert_to_numpy(scalars["iterations"])) == 1
    assert 0.0 < float(keras.ops.convert_to_numpy(scalars["m_schedule"])) < 1.0
    assert set(_internals.optimizer_scalars(keras.optimizers.SGD())) == {"iterations"}


def test_optimizer_strategy_is_the_strategy_it_was_made_under():
    strategy = tf.distribute.MirroredStrategy(["/cpu:0"])
    with strategy.scope():
        inside = keras.optimizers.Adam()
    assert _internals.optimizer_strategy(inside) is strategy
    assert _internals.optimizer_strategy(keras.optimizers.Adam()) is tf.distribute.get_strategy()


def test_called_by_keras_is_true_for_keras_serialisation_only():
    calls = []

    class Probe:
        def get_config(self):
            calls.append(_internals.called_by_keras("get_config"))
            return {}

    class Child(Probe):
        def get_config(self):
            return super().get_config()

    keras.saving.serialize_keras_object(Child())
    Child().get_config()
    assert calls == [True, False]


def test_rebuild_optimizer_gives_new_slots_for_other_variables_and_keeps_the_step():
    first, second = keras.Variable(np.ones(2, "float32")), keras.Variable(np.ones(3, "float32"))
    optimizer = keras.optimizers.SGD(learning_rate=1.0, momentum=0.5)
    optimizer.apply([keras.ops.ones(2)], [first])
    old_momentum = _internals.optimizer_slots(optimizer)[0][0]
    _internals.rebuild_optimizer(optimizer, [second])
    optimizer.apply([keras.ops.ones(3)], [second])  # Keras refuses unknown variables: known now
    assert int(optimizer.iterations.numpy()) == 2
    (momentums,) = _internals.optimizer_slots(optimizer)
    assert len(momentums) == 1 and tuple(momentums[0].shape) == (3,)
    assert not any(v is old_momentum for v in optimizer.variables)
    assert len(optimizer.variables) == 3  # step, learning rate, one momentum


# -- distribution and device scopes -------------------------------------------


def test_epoch_iterator_dataset_has_the_element_spec_of_the_batches():
    from keras.src.backend.tensorflow.trainer import TFEpochIterator

    strategy = tf.distribute.MirroredStrategy(["/cpu:0"])
    iterator = TFEpochIterator(x=np.ones((8, 3), "float32"), batch_size=4, distribute_strategy=strategy)
    dataset = _internals.epoch_iterator_dataset(iterator)
    spec = tf.nest.flatten(dataset.element_spec)[0]
    assert spec.shape.as_list()[-1] == 3
    assert _internals.epoch_iterator_dataset(iter([1])) is None


@_since_keras_3_4
def test_symbolic_build_hook_is_called_with_keras_iterator_before_the_first_step():
    calls = []

    class Recording(_internals.SymbolicBuildHook, keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(1)

        def call(self, x):
            return self.dense(x)

        def _compat_symbolic_build(self, iterator=None, data_batch=None):
            calls.append((iterator is not None, data_batch is not None))
            return super()._compat_symbolic_build(iterator=iterator, data_batch=data_batch)

    model = Recording()
    model.compile("sgd", "mse")
    model.fit(np.ones((4, 3)), np.ones((4, 1)), epochs=1, verbose=0)
    assert calls and calls[0][0], "Keras no longer builds through _maybe_symbolic_build(iterator=...)"
    assert model.built


def test_training_false_reaches_every_layer_of_a_nested_functional_model():
    seen = []

    class Probe(keras.layers.Layer):
        def call(self, x, training=None):
            seen.append(training)
            return x

    x = keras.Input((2,))
    inner = keras.Model(x, Probe()(keras.layers.Dense(2)(x)))
    y = keras.Input((2,))
    nested = keras.Model(y, Probe()(inner(y)))
    functional = _internals.functional_class()

    class Outer(keras.layers.Layer):
        def call(self, inputs, training=None):
            with _internals.training_for_inner_layers(False):
                return functional.call(nested, inputs, training=False)

    del seen[:]  # the calls that built the models
    Outer()(np.ones((1, 2), "float32"), training=True)
    assert seen == [False, False]


def test_node_init_patch_point_runs_at_each_layer_call_on_symbolic_tensors():
    owner, name = _internals.node_init_patch_point()
    original = owner.__dict__[name]
    made = []

    def recording(node, *args, **kwargs):
        original(node, *args, **kwargs)
        made.append(node.operation)

    setattr(owner, name, recording)
    try:
        x = keras.Input((3,))
        dense = keras.layers.Dense(2)
        dense(x)
    finally:
        setattr(owner, name, original)
    assert dense in made


def test_initializers_get_patch_point_is_what_layers_resolve_initializers_with():
    owner, name = _internals.initializers_get_patch_point()
    original = owner.__dict__[name]
    asked = []

    def recording(identifier):
        asked.append(identifier)
        return original(identifier)

    setattr(owner, name, recording)
    try:
        keras.layers.Dense(2, kernel_initializer="he_normal")
    finally:
        setattr(owner, name, original)
    assert "he_normal" in asked


def test_tf1_random_seeds_are_the_seeds_of_a_stateful_random_op():
    # An op seed not used before in this process: its stateful stream starts at the seeds' first values.
    fresh = tf.random.uniform((5,), seed=98765)
    seed, seed2 = _internals.tf1_random_seeds(98765)
    assert seed2 == 98765
    expected = tf.raw_ops.StatelessRandomUniformV2(
        shape=[5], key=tf.constant([seed], tf.uint64), counter=tf.constant([0, seed2], tf.uint64), alg=1
    )
    assert np.array_equal(fresh.numpy(), expected.numpy())


def test_current_device_scope_reads_the_innermost_tf_device():
    assert _internals.current_device_scope() == ""
    with tf.device("/cpu:0"):
        assert _internals.current_device_scope().endswith("CPU:0")
    assert _internals.current_device_scope() == ""


@_since_keras_3_4
def test_node_operation_hook_wraps_what_runs_for_each_node():
    functional = _internals.functional_class()
    wrapped = []

    class Doubling(_internals.NodeOperationHook, functional):
        def _wrap_node_operation(self, operation, node):
            wrapped.append(operation)

            def run(*args, **kwargs):
                return operation(*args, **kwargs) * 2

            return run

    x = keras.Input((3,))
    dense = keras.layers.Dense(2, kernel_initializer="ones")
    model = Doubling(x, dense(x))
    np.testing.assert_allclose(model(np.ones((1, 3), "float32")), [[6.0, 6.0]])
    assert dense in wrapped


def test_a_missing_internal_fails_with_one_clear_error():
    with pytest.raises(_internals.KerasInternalsError, match=r"keras\.src\.no_such:Thing.*Keras 3\."):
        _internals._resolve("keras.src.no_such:Thing", "some_function")
    with pytest.raises(_internals.KerasInternalsError, match="some_function relies on"):
        _internals._attribute(object(), "_gone", "some_function")


# -- the audit -----------------------------------------------------------------

_INTERNAL_ROOTS = {"keras": "src", "tensorflow": "python"}
_STRING_TARGET = r"(keras\.src|tensorflow\.python)(\.\w+)*"
_IMPORTERS = {"import_module", "__import__", "find_spec", "resolve_name", "import_string"}
_ATTRIBUTE_CALLS = {"getattr", "setattr", "hasattr", "delattr", "__setattr__", "__getattribute__", "__delattr__"}


def _is_private(name):
    return name.startswith("_") and not name.startswith("__")


def _is_keras_type(cls):
    # A compat class made from a Keras class may report a public Keras module
    # (``keras.layers``): only the class found at its module path counts.
    module_name = getattr(cls, "__module__", "") or ""
    if module_name.partition(".")[0] not in ("keras", "tensorflow", "tf_keras"):
        return False
    obj = sys.modules.get(module_name)
    for part in cls.__qualname__.split("."):
        obj = getattr(obj, part, None)
    return obj is cls


def _self_attributes(cls):
    """Private attribute names a class's own source uses on ``self`` (instance attributes)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return set()
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and _is_private(node.attr)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("self", "cls")
    }


_private_cache = {}


def keras_private_names(cls):
    """The private names Keras's or TensorFlow's classes in ``cls.__mro__`` define."""
    if cls not in _private_cache:
        names = set()
        for base in cls.__mro__:
            if _is_keras_type(base):
                names |= {name for name in vars(base) if _is_private(name)}
                names |= _self_attributes(base)
        _private_cache[cls] = frozenset(names)
    return _private_cache[cls]


def _main_keras_objects():
    from keras.src.backend.tensorflow.trainer import TFEpochIterator

    node_class = _internals.node_init_patch_point()[0]
    classes = [
        keras.Model, keras.Sequential, _internals.functional_class(), keras.layers.Layer, keras.layers.InputLayer,
        keras.layers.Dense, keras.layers.BatchNormalization, keras.layers.LSTM, keras.layers.Conv2D,
        keras.layers.Dropout, keras.layers.Bidirectional, keras.optimizers.Optimizer, keras.Variable,
        keras.callbacks.Callback, keras.callbacks.History, keras.callbacks.ModelCheckpoint,
        keras.callbacks.EarlyStopping, keras.callbacks.CallbackList, node_class, keras.KerasTensor, keras.Function,
        keras.Operation, keras.losses.Loss, keras.metrics.Metric, keras.utils.PyDataset, TFEpochIterator,
        tf.distribute.Strategy, tf.distribute.MirroredStrategy, tf.data.Dataset, tf.data.Iterator, tf.Variable,
        tf.Module,
    ]
    classes += [getattr(keras.optimizers, name) for name in ("SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "Adamax", "Nadam")]
    model = _dense_model()
    model.compile("adam", "mse")
    model.fit(np.ones((2, 3)), np.ones((2, 2)), verbose=0)
    instances = [model, model.optimizer, model.layers[1], model.outputs[0], model.history,
                 iter(tf.data.Dataset.range(2)), tf.distribute.get_strategy()]
    return classes, instances


def keras_private_set():
    """Every private name of the main Keras and TensorFlow classes and objects."""
    classes, instances = _main_keras_objects()
    names = set()
    for cls in classes:
        names |= {name for name in dir(cls) if _is_private(name)} | keras_private_names(cls)
    for obj in instances:
        names |= {name for name in dir(obj) if _is_private(name)}
    return frozenset(names)


@pytest.fixture(scope="module")
def keras_private():
    return keras_private_set()


def _package_modules():
    """``(module name, path)`` of every module of the package except `_internals`."""
    found = []
    for folder, subfolders, files in os.walk(PACKAGE_DIR):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for file in sorted(files):
            if not file.endswith(".py"):
                continue
            path = os.path.join(folder, file)
            relative = os.path.relpath(path, os.path.dirname(PACKAGE_DIR))[:-3].replace(os.sep, ".")
            name = relative[: -len(".__init__")] if relative.endswith(".__init__") else relative
            if name != "keras_faq_compat._internals":
                found.append((name, path))
    return found


def _reaches_past_object(cls):
    """Whether a package class calls ``super().x`` for an ``x`` that only a later base (Keras's) has."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return True
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "super"
            and not hasattr(object, node.attr)
        ):
            return True
    return False


def package_class_table():
    """``{(module, class name): private names its Keras bases define, or None when it has none}``.

    A mixin gets the names of the Keras classes it is mixed into (in any
    package class, including those made at import time); a class with no
    Keras base anywhere is the package's own, and so are its private names.
    """
    classes = []
    for name, _ in _package_modules():
        if name.endswith("__main__") or ".faq." in name + ".":
            continue
        module = importlib.import_module(name)
        classes += [obj for obj in vars(module).values() if isinstance(obj, type) and obj.__module__ == name]

    def all_subclasses(cls):
        try:
            direct = cls.__subclasses__()
        except TypeError:
            direct = type.__subclasses__(cls)
        for sub in direct:
            yield sub
            yield from all_subclasses(sub)

    result = {}
    for cls in classes:
        related = [cls] + [sub for sub in all_subclasses(cls)]
        keras_bases = {base for c in related for base in c.__mro__ if _is_keras_type(base)}
        if keras_bases:
            result[(cls.__module__, cls.__qualname__)] = frozenset().union(*(keras_private_names(b) for b in keras_bases))
        elif _reaches_past_object(cls):
            result[(cls.__module__, cls.__qualname__)] = None  # a mixin used elsewhere: unknown bases
        else:
            result[(cls.__module__, cls.__qualname__)] = frozenset()
    return result


@pytest.fixture(scope="module")
def package_classes():
    return package_class_table()


def _own_names(package_classes):
    """Private names the package's own classes (those with no Keras base) define."""
    own = set()
    for name, path in _package_modules():
        tree = ast.parse(open(path, encoding="utf-8").read(), path)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and package_classes.get((name, node.name)) == frozenset():
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Attribute) and _is_private(inner.attr) and isinstance(inner.ctx, ast.Store):
                        own.add(inner.attr)
                    elif isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_private(inner.name):
                        own.add(inner.name)
                    elif isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store) and _is_private(inner.id):
                        own.add(inner.id)
    return frozenset(own)


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _is_internal_chain(node):
    # ``keras.src``, ``_keras.src``, ``real_keras.src``, ``tf.python``, ``_tf.python``, ...
    base = _dotted(node.value)
    if base is None:
        return False
    last = base.rpartition(".")[2].lower()
    if node.attr == "src":
        return "keras" in last
    if node.attr == "python":
        return last.strip("_") in ("tf", "tensorflow")
    return False


def _is_internal_module(name):
    root, _, rest = (name or "").partition(".")
    return root in _INTERNAL_ROOTS and rest.partition(".")[0] == _INTERNAL_ROOTS[root]


class _Audit(ast.NodeVisitor):
    def __init__(self, filename, module, private, own, classes):
        self.filename, self.module = filename, module
        self.private, self.own, self.classes = private, own, classes
        self.findings = []
        self.scope = []  # enclosing class names
        self.string_args_of_calls = set()

    def report(self, node, what):
        self.findings.append(f"{self.filename}:{node.lineno}: {what}")

    def class_private(self):
        """The private names `self` has inside the current class (None: no class)."""
        if not self.scope:
            return None
        names = self.classes.get((self.module, self.scope[-1]), None) if self.classes is not None else None
        if self.classes is not None and (self.module, self.scope[-1]) in self.classes and names is not None:
            return names
        return self.private  # a class of unknown bases (or a source string): all of Keras's

    def check_attribute(self, node, receiver, name):
        if not _is_private(name):
            return
        is_self = (isinstance(receiver, ast.Name) and receiver.id in ("self", "cls")) or (
            isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name) and receiver.func.id == "super"
        )
        if is_self and self.scope:
            if name in self.class_private():
                self.report(node, f"private Keras attribute self.{name} (Keras defines it on this class's bases)")
        elif name in self.private and name not in self.own:
            self.report(node, f"private Keras/TensorFlow attribute .{name}")

    def visit_ClassDef(self, node):
        self.scope.append(node.name)
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_private(item.name):
                if item.name in (self.class_private() or ()):
                    self.report(item, f"override of the private Keras method {item.name}")
        self.generic_visit(node)
        self.scope.pop()

    def visit_Import(self, node):
        for alias in node.names:
            if _is_internal_module(alias.name):
                self.report(node, f"import of {alias.name}")
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        module = node.module or ""
        if _is_internal_module(module):
            self.report(node, f"import from {module}")
        elif module in _INTERNAL_ROOTS and any(a.name == _INTERNAL_ROOTS[module] for a in node.names):
            self.report(node, f"import of {module}.{_INTERNAL_ROOTS[module]}")
        self.generic_visit(node)

    def visit_Attribute(self, node):
        if _is_internal_chain(node):
            self.report(node, f"attribute chain {_dotted(node)}")
        self.check_attribute(node, node.value, node.attr)
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        constants = [a for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if name in _ATTRIBUTE_CALLS and len(node.args) >= 2 and node.args[1] in constants:
            self.check_attribute(node, node.args[0], node.args[1].value)
            self.string_args_of_calls.add(id(node.args[1]))
        if name in _IMPORTERS:
            for arg in constants:
                if _is_internal_module(arg.value.partition(":")[0]):
                    self.report(node, f"import of {arg.value!r}")
        # Any other call's text argument (``name.endswith("_constraint")``,
        # a message) is not an attribute name; tables of names are checked.
        self.string_args_of_calls.update(id(arg) for arg in constants)
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str) and id(node) not in self.string_args_of_calls:
            if re.fullmatch(_STRING_TARGET + r":[\w.]+", node.value):
                self.report(node, f"string target {node.value!r}")
            elif node.value in self.private and node.value not in self.own:
                self.report(node, f"private Keras/TensorFlow name as a string {node.value!r}")


def audit_source(source, filename, private, own=frozenset(), classes=None, module=None):
    """The findings (``"file:line: what"``) of one module's source.

    Args:
        source: the module's text.
        filename: for the findings.
        private: private names Keras and TensorFlow define.
        own: private names the package's own classes define (allowed on
            any object but ``self`` of a Keras subclass).
        classes: ``{(module, class name): private names of its Keras bases
            (empty for the package's own class; None when unknown)}``;
            default None treats every class as a Keras subclass.
        module: the module's name (the key into `classes`).
    """
    audit = _Audit(filename, module, private, own, classes)
    audit.visit(ast.parse(source, filename))
    return audit.findings


def audit_package(private, classes):
    own = _own_names(classes)
    findings = []
    for name, path in _package_modules():
        with open(path, encoding="utf-8") as f:
            source = f.read()
        relative = os.path.relpath(path, os.path.dirname(PACKAGE_DIR))
        findings += audit_source(source, relative, private, own, classes, name)
    return findings


def test_no_module_but_internals_reaches_inside_keras_or_tensorflow(keras_private, package_classes):
    findings = audit_package(keras_private, package_classes)
    assert findings == [], "use keras_faq_compat._internals instead:\n" + "\n".join(findings)


@pytest.mark.parametrize(
    "source, expected",
    [
        ("def f(model):\n    return model._compile_config\n", "._compile_config"),
        ("import keras.src.ops.node\n", "import of keras.src.ops.node"),
        ("from keras.src.models import functional\n", "import from keras.src.models"),
        ("from keras import src\n", "import of keras.src"),
        ("from tensorflow.python.eager import context\n", "import from tensorflow.python.eager"),
        ("x = _keras.src.models.functional.Functional\n", "attribute chain _keras.src"),
        ("x = tf.python.eager\n", "attribute chain tf.python"),
        ("PATCHES = {'keras.src.ops.node:Node.__init__': 'x:y'}\n", "string target"),
        ("import importlib\nimportlib.import_module('keras.src.ops')\n", "import of 'keras.src.ops'"),
        ("def f(m):\n    return getattr(m, '_distribute_strategy', None)\n", "._distribute_strategy"),
        ("SLOTS = {'Adam': ['_momentums']}\n", "'_momentums'"),
        ("def f(o):\n    return [getattr(o, n) for n in ('_velocities',)]\n", "'_velocities'"),
        ("class M(Base):\n    def fit(self):\n        return self._flatten_layers()\n", "self._flatten_layers"),
        ("class M(Base):\n    def f(self, g):\n        return super()._clip_gradients(g)\n", "self._clip_gradients"),
        ("class M(Base):\n    def _clip_gradients(self, grads):\n        return grads\n", "override"),
        ("class M(Base):\n    def f(self, v):\n        object.__setattr__(self, '_input_shape_arg', v)\n", "self._input_shape_arg"),
    ],
)
def test_the_audit_catches_each_way_of_reaching_inside(source, expected, keras_private):
    findings = audit_source(source, "mod.py", keras_private)
    assert any(expected in finding for finding in findings), findings
    assert all(finding.startswith("mod.py:") for finding in findings)


def test_the_audit_allows_the_package_own_private_names(keras_private):
    own_class = "class Reader:\n    def __init__(self):\n        self._lock = None\n\n    def read(self):\n        return self._lock\n"
    classes = {("mod", "Reader"): frozenset()}
    assert "_lock" in keras_private  # Keras's layers have one too
    assert audit_source(own_class, "mod.py", keras_private, frozenset({"_lock"}), classes, "mod") == []
    assert audit_source("x = self_made._legacy_thing\n", "mod.py", keras_private) == []
    assert audit_source("warn('use keras.src.testing.TestCase instead')\n", "mod.py", keras_private) == []
    assert audit_source("ok = key.endswith('_constraint')\n", "mod.py", keras_private) == []
    # A Keras subclass may not touch Keras's attribute even when the package's own class has one of that name.
    keras_class = "class Net(Base):\n    def f(self):\n        return self._lock\n"
    assert audit_source(keras_class, "mod.py", keras_private, frozenset({"_lock"}), {("mod", "Net"): keras_private}, "mod")


if __name__ == "__main__":
    # The figure: how many modules besides _internals.py reach inside Keras or TensorFlow.
    found = audit_package(keras_private_set(), package_class_table())
    print("\n".join(found))
    print(f"modules outside _internals.py that touch keras.src, tensorflow.python or private "
          f"Keras/TensorFlow attributes: {len({f.partition(':')[0] for f in found})}")


# -- version matrix: what differs between Keras 3.3.3 and later releases ----------
# (kept together, as the section of `_internals` it checks)

import subprocess  # noqa: E402
import sys  # noqa: E402

from keras_faq_compat.distribute import mirrored as _mirrored  # noqa: E402


def test_keras_version_is_the_installed_release_as_numbers():
    version = _internals.keras_version()
    assert len(version) == 3 and all(isinstance(n, int) for n in version)
    assert keras.__version__.startswith(".".join(map(str, version)))
    assert version >= (3, 3, 3)


def test_keras_variable_class_holds_layer_weights_and_direct_variables_not_tf_ones():
    cls = _internals.keras_variable_class()
    kernel = _dense_model().weights[0]
    metric = keras.metrics.Mean()
    assert isinstance(kernel, cls) and isinstance(keras.Variable(1.0), cls)
    assert all(isinstance(v, cls) for v in metric.variables)
    assert not isinstance(tf.Variable(1.0), cls) and not isinstance(keras.ops.ones(2), cls)


def test_variable_synchronization_is_on_read_for_metric_state_where_keras_has_it():
    kernel = _dense_model().weights[0]
    metric = keras.metrics.Mean()
    assert _internals.variable_synchronization(kernel) in ("auto", "on_write")
    expected = "on_read" if _internals.keras_version() >= (3, 10) else "auto"
    assert _internals.variable_synchronization(metric.variables[0]) == expected
    assert all(_internals.variable_synchronization(v) in _mirrored._SYNCHRONIZATION for v in metric.variables)


def test_variable_aggregation_can_be_given_to_a_mirrored_tf_variable_of_any_dtype():
    x = keras.Input((3,))
    model = keras.Model(x, keras.layers.Dropout(0.5)(keras.layers.BatchNormalization()(x)))
    strategy = tf.distribute.MirroredStrategy(["/cpu:0"])
    dtypes = set()
    for variable in model.variables:
        with strategy.scope():
            mirrored = tf.Variable(
                variable.value, aggregation=_mirrored._AGGREGATION[_internals.variable_aggregation(variable)]
            )
        dtypes.add(mirrored.dtype.name)
        if _internals.keras_version() >= (3, 8):
            assert _internals.variable_aggregation(variable) == variable.aggregation
    assert "float32" in dtypes and len(dtypes) > 1  # the seed generator's integer state too


def test_adopt_variable_storage_makes_the_layer_read_and_write_the_new_tf_variable():
    model = _dense_model(units=1, inputs=2)
    kernel = model.layers[1].kernel
    storage = tf.Variable(np.full((2, 1), 3.0, "float32"))
    _internals.adopt_variable_storage(kernel, storage)
    assert model.layers[1].kernel is kernel
    out = model(np.ones((1, 2), "float32"))
    assert float(np.asarray(out)[0, 0]) == 6.0 + float(np.asarray(model.layers[1].bias)[0])
    kernel.assign(np.zeros((2, 1), "float32"))
    assert float(storage.numpy().sum()) == 0.0


def test_trainer_compute_loss_gives_the_compiled_loss_on_every_supported_keras():
    model = _dense_model(units=1, inputs=2)
    model.compile("sgd", "mse")
    x, y = np.ones((4, 2), "float32"), np.zeros((4, 1), "float32")
    y_pred = model(x)
    for training in (True, False):
        loss = _internals.trainer_compute_loss(model.compute_loss, x, y, y_pred, None, training)
        assert np.isclose(float(loss), float(np.mean(np.square(np.asarray(y_pred)))), rtol=1e-6)


_REPLICAS_SCRIPT = r"""
import json, sys
import numpy as np
import tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
from keras_faq_compat import _internals
from keras_faq_compat._real import keras
strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"], cross_device_ops=tf.distribute.ReductionToOneDevice())
rng = np.random.RandomState(0)
x = rng.rand(8, 3).astype("float32")
y = x.sum(axis=1, keepdims=True)
with strategy.scope():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
if sys.argv[1] == "hook":
    _internals.reduce_gradients_across_replicas(model.optimizer)
model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
copies = [c.numpy().tolist() for c in model.weights[0].value.values]


def losses():
    y_pred = model(x)
    return model.compute_loss(x, y, y_pred), tf.reduce_mean(tf.square(y_pred - y))


computed, mean = (float(strategy.experimental_local_results(v)[0]) for v in strategy.run(losses))
print("RESULT:" + json.dumps({"copies": copies, "ratio": computed / mean}))
"""


def _replicas_run(mode, tmp_path):
    script = tmp_path / "replicas.py"
    script.write_text(_REPLICAS_SCRIPT)
    proc = subprocess.run(
        [sys.executable, str(script), mode], capture_output=True, text=True, timeout=300,
        env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"), stdin=subprocess.DEVNULL,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT:")]
    assert proc.returncode == 0 and lines, proc.stderr[-3000:]
    return json.loads(lines[-1][len("RESULT:"):])


def test_reduce_gradients_across_replicas_keeps_the_replicas_copies_equal(tmp_path):
    result = _replicas_run("hook", tmp_path)
    first, second = (np.array(c) for c in result["copies"])
    assert np.array_equal(first, second)


def test_loss_scaled_for_replicas_says_whether_keras_divides_a_replicas_loss(tmp_path):
    result = _replicas_run("plain", tmp_path)
    expected = 0.5 if _internals.loss_scaled_for_replicas() else 1.0
    assert np.isclose(result["ratio"], expected, rtol=1e-5)
    if _internals.keras_version() >= (3, 5):
        # Keras itself keeps the copies equal: the hook has nothing to do there.
        first, second = (np.array(c) for c in result["copies"])
        assert np.array_equal(first, second)


# -- custom-object scopes ------------------------------------------------------


def test_scoped_custom_objects_are_what_keras_deserialization_reads():
    def fn():
        pass

    assert "canary_fn" not in _internals.scoped_custom_objects()
    with keras.saving.CustomObjectScope({"canary_fn": fn}):
        assert _internals.scoped_custom_objects()["canary_fn"] is fn
    before = dict(_internals.scoped_custom_objects())
    _internals.set_scoped_custom_objects({**before, "canary_fn": fn})
    try:
        assert keras.saving.get_registered_object("canary_fn") is fn
    finally:
        _internals.set_scoped_custom_objects(before)
    assert keras.saving.get_registered_object("canary_fn") is None
