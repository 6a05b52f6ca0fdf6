"""Keras 2's layer and model attributes: output_shape, updates, get_losses_for, _uses_learning_phase, ..."""

import numpy as np
import pytest

import keras_faq_compat as compat
from keras_faq_compat import _internals, activation
from keras_faq_compat._real import keras as real_keras
from keras_faq_compat.layers.keras2_layer import StateUpdate

layers = compat.layers


def test_plain_keras_3_layers_lack_the_keras_2_attributes():
    dense = real_keras.layers.Dense(2)
    dense(real_keras.Input((3,)))
    for name in ("output_shape", "input_shape", "updates", "get_updates_for", "add_update", "get_losses_for"):
        assert not hasattr(dense, name)


def test_output_and_input_shape_come_from_the_calls_and_refuse_when_they_differ():
    dense = layers.Dense(4)
    with pytest.raises(AttributeError, match="never been called"):
        dense.output_shape
    dense(layers.Input(shape=(3,)))
    assert dense.input_shape == (None, 3) and dense.output_shape == (None, 4)
    added = layers.Add()
    added([layers.Input(shape=(4, 5)), layers.Input(shape=(4, 5))])
    assert added.input_shape == [(None, 4, 5), (None, 4, 5)] and added.output_shape == (None, 4, 5)
    conv = layers.Conv1D(2, 3)
    conv(layers.Input(shape=(10, 1)))
    conv(layers.Input(shape=(12, 1)))
    with pytest.raises(AttributeError, match="multiple inbound nodes, with different input shapes"):
        conv.input_shape
    assert conv.get_input_shape_at(1) == (None, 12, 1) and conv.get_output_shape_at(0) == (None, 8, 2)


def test_updates_and_losses_are_kept_per_inputs():
    a = layers.Input(shape=(2,))
    dense = layers.Dense(1)
    dense.add_update(0, inputs=a)
    dense.add_update(1, inputs=None)
    dense.add_loss(0, inputs=a)
    dense.add_loss(1)
    assert dense.get_updates_for(a) == [0] and dense.get_updates_for(None) == [1]
    assert dense.get_losses_for(a) == [0] and dense.get_losses_for(None) == [1]
    assert sorted(dense.losses) == [0, 1]


def test_batch_normalization_has_two_updates_per_training_call():
    bn = layers.BatchNormalization()
    x1, x2 = layers.Input(shape=(3,)), layers.Input(shape=(3,))
    bn(x1)
    y2 = bn(x2)
    assert len(bn.updates) == 4
    update = bn.get_updates_for(x2)[0]
    assert isinstance(update, StateUpdate) and update.variable is bn.moving_mean and update.inputs is x2
    model = compat.models.Model(x2, y2)
    # Only the call inside the model counts.
    assert len(model.updates) == 2
    bn.trainable = False
    assert bn.updates == [] and model.updates == []
    bn.trainable = True
    model.trainable = False
    assert model.updates == []
    skipped = layers.BatchNormalization()
    skipped(layers.Input(shape=(3,)), training=False)
    assert skipped.updates == []


def test_nested_models_report_the_updates_of_their_calls():
    inner = compat.models.Sequential([layers.Dense(3, input_dim=3), layers.BatchNormalization()])
    x = layers.Input(shape=(3,))
    outer = compat.models.Model(x, inner(x))
    assert len(inner.updates) == 2 and len(outer.updates) == 2


def test_compute_mask_takes_keras_2_arguments_and_refuses_a_mask_it_cannot_carry():
    conv = layers.Conv2D(1, 2)
    x = layers.Input(shape=(3, 3, 1))
    conv(x)
    assert conv.supports_masking is False
    assert conv.compute_mask([x], [None]) is None
    with pytest.raises(TypeError, match="does not support masking"):
        conv.compute_mask([x], np.ones((2, 2)))
    dense = layers.Dense(2)
    assert dense.supports_masking is True
    assert dense.compute_mask(x) is None and dense.compute_mask(x, mask=[0.0, 1.0]) == [0.0, 1.0]
    # Layers with their own masks keep them (Keras decides masking support from the method).
    assert layers.Embedding(5, 2, mask_zero=True).supports_masking is True


def test_models_know_depths_and_the_train_function():
    a = layers.Input(shape=(2,), name="a")
    model = compat.models.Model(a, layers.Dense(1)(layers.Dense(2)(a)))
    depths = model._layers_by_depth
    assert [layer.name for layer in depths[max(depths)]] == ["a"]
    with pytest.raises(RuntimeError, match="compile"):
        model._make_train_function()
    model.compile("sgd", "mse")
    model._make_train_function()
    model._make_predict_function()


def test_tensors_know_whether_they_use_the_learning_phase_while_active():
    assert not hasattr(real_keras.KerasTensor, "_uses_learning_phase")
    with activation.activated():
        import keras

        a, b = keras.layers.Input(shape=(4,)), keras.layers.Input(shape=(4,))
        a2 = keras.layers.Dense(3)(a)
        b2 = keras.layers.Dropout(0.5)(b)
        assert not a2._uses_learning_phase and b2._uses_learning_phase
        assert keras.layers.concatenate([a2, b2])._uses_learning_phase
        model = keras.models.Model([a, b], [a2, b2])
        assert model.uses_learning_phase
        c, d = model([keras.layers.Input(shape=(4,)), keras.layers.Input(shape=(4,))])
        assert c._uses_learning_phase and d._uses_learning_phase
        fixed = keras.layers.Dropout(0.5)(a2, training=True)
        assert not fixed._uses_learning_phase
        assert not keras.models.Model(a, fixed).uses_learning_phase
    assert not hasattr(real_keras.KerasTensor, "_uses_learning_phase")


def test_learning_phase_patch_point_is_a_name_keras_does_not_define():
    owner, name = _internals.keras_tensor_learning_phase_patch_point()
    assert owner is real_keras.KerasTensor and name not in vars(owner)


def test_graph_nodes_have_keras_2_attributes_while_active():
    from keras_faq_compat._real import keras as plain

    node_class = type(plain.layers.Dense(1)(plain.Input((2,)))._keras_history[0]._inbound_nodes[0])
    assert not hasattr(node_class, "inbound_layers")
    with activation.activated():
        import keras

        a, b = keras.layers.Input(shape=(3,), name="in_a"), keras.layers.Input(shape=(3,), name="in_b")
        dense = keras.layers.Dense(2)
        dense(a)
        merged = keras.layers.concatenate([dense(b), a])
        input_node = a._keras_history[0]._inbound_nodes[0]
        assert input_node.inbound_layers == [] and input_node.input_shapes == [(None, 3)]
        node = merged._keras_history[0]._inbound_nodes[0]
        assert node.outbound_layer is merged._keras_history[0]
        assert node.inbound_layers == [dense, a._keras_history[0]]
        assert node.node_indices == [1, 0] and node.tensor_indices == [0, 0]
        assert node.output_shapes == [(None, 5)] and node.input_masks == [None, None]
        assert node.get_config()["inbound_layers"] == [dense.name, "in_a"]
    assert not hasattr(node_class, "inbound_layers")


def test_models_list_their_input_and_output_layers():
    a, b = layers.Input(shape=(2,), name="in_a"), layers.Input(shape=(2,), name="in_b")
    out = layers.Dense(1, name="out")(layers.concatenate([a, b]))
    model = compat.models.Model([a, b], out)
    assert [layer.name for layer in model._input_layers] == ["in_a", "in_b"]
    assert [layer.name for layer in model._output_layers] == ["out"]
