"""Keras 1 argument names that Keras 2 converted with a warning, and ``keras.legacy.layers``.

Plain Keras 3 rejects every Keras 1 spelling below (``Dense(output_dim=...)``,
``Convolution2D(8, 3, 3, border_mode=...)``, ``fit(nb_epoch=...)``, ...) with
an unknown-argument error, has no ``Highway``, ``MaxoutDense``,
``AtrousConvolution2D`` or ``Recurrent``, refuses ``Dropout(rate=1.5)`` and a
convolution with both strides and dilation above 1, and has no
``keras.legacy`` module; each test here fails there.
"""

import json
import os
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

from keras_faq_compat import backend as K
from keras_faq_compat import optimizers
from keras_faq_compat._real import keras
from keras_faq_compat.layers import legacy_layers as L
from keras_faq_compat.layers import local
from keras_faq_compat.legacy import interfaces
from keras_faq_compat.legacy import layers as legacy
from keras_faq_compat.models import Model, Sequential, load_model

UPDATE = "Update your `{}` call to the Keras 2 API"


@pytest.fixture(autouse=True)
def _fresh_names():
    K.clear_session()
    yield
    K.clear_session()


def _config(layer):
    config = dict(layer.get_config())
    config.pop("name")
    return json.dumps(config, sort_keys=True)


def _converted(make_old, class_name):
    """The layer `make_old` builds, checking that Keras 2's update warning was emitted."""
    with pytest.warns(UserWarning, match=UPDATE.format(class_name)):
        return make_old()


# (Keras 1 call, the Keras 2 call it means, class named in the warning)
CONVERSIONS = {
    "dense": (
        lambda: L.Dense(output_dim=4, init="uniform", W_regularizer="l2", b_regularizer="l1",
                        W_constraint="non_neg", b_constraint="max_norm", bias=False, input_dim=5),
        lambda: L.Dense(4, kernel_initializer="uniform", kernel_regularizer="l2", bias_regularizer="l1",
                        kernel_constraint="non_neg", bias_constraint="max_norm", use_bias=False, input_shape=(5,)),
        "Dense",
    ),
    "dropout": (lambda: L.Dropout(p=0.25), lambda: L.Dropout(0.25), "Dropout"),
    "embedding": (
        lambda: L.Embedding(input_dim=7, output_dim=3, init="uniform", W_regularizer="l1", W_constraint="unit_norm"),
        lambda: L.Embedding(7, 3, embeddings_initializer="uniform", embeddings_regularizer="l1",
                            embeddings_constraint="unit_norm"),
        "Embedding",
    ),
    "maxpooling1d": (
        lambda: L.MaxPooling1D(pool_length=3, stride=1, border_mode="same"),
        lambda: L.MaxPooling1D(3, 1, "same"),
        "MaxPooling1D",
    ),
    "avgpooling1d": (
        lambda: L.AvgPool1D(pool_length=2, border_mode="valid"),
        lambda: L.AveragePooling1D(pool_size=2, padding="valid"),
        "AveragePooling1D",
    ),
    "prelu": (lambda: L.PReLU(init="ones"), lambda: L.PReLU("ones"), "PReLU"),
    "gaussiannoise": (lambda: L.GaussianNoise(sigma=0.2), lambda: L.GaussianNoise(0.2), "GaussianNoise"),
    "gaussiandropout": (lambda: L.GaussianDropout(p=0.4), lambda: L.GaussianDropout(0.4), "GaussianDropout"),
    "lstm": (
        lambda: L.LSTM(output_dim=3, input_dim=4, input_length=6, consume_less="gpu", init="uniform",
                       inner_init="orthogonal", inner_activation="sigmoid", W_regularizer="l1",
                       U_regularizer="l2", b_regularizer="l1", dropout_W=0.2, dropout_U=0.3, forget_bias_init="one"),
        lambda: L.LSTM(3, input_shape=(6, 4), implementation=2, kernel_initializer="uniform",
                       recurrent_initializer="orthogonal", recurrent_activation="sigmoid", kernel_regularizer="l1",
                       recurrent_regularizer="l2", bias_regularizer="l1", dropout=0.2, recurrent_dropout=0.3,
                       unit_forget_bias=True),
        "LSTM",
    ),
    "simplernn": (
        lambda: L.SimpleRNN(output_dim=2, init="uniform", inner_init="orthogonal", dropout_W=0.1, dropout_U=0.2),
        lambda: L.SimpleRNN(2, kernel_initializer="uniform", recurrent_initializer="orthogonal", dropout=0.1,
                            recurrent_dropout=0.2),
        "SimpleRNN",
    ),
    "gru": (
        lambda: L.GRU(output_dim=2, inner_activation="hard_sigmoid", consume_less="mem", input_shape=(3, 5)),
        lambda: L.GRU(2, recurrent_activation="hard_sigmoid", implementation=1, input_shape=(3, 5)),
        "GRU",
    ),
    "maxpooling2d": (
        lambda: L.MaxPooling2D((2, 2), border_mode="same", dim_ordering="th"),
        lambda: L.MaxPool2D((2, 2), padding="same", data_format="channels_first"),
        "MaxPooling2D",
    ),
    "avgpooling2d_default": (
        lambda: L.AveragePooling2D((3, 3), dim_ordering="default"),
        lambda: L.AveragePooling2D((3, 3)),
        "AveragePooling2D",
    ),
    "maxpooling3d": (
        lambda: L.MaxPooling3D((2, 2, 2), border_mode="valid", dim_ordering="tf"),
        lambda: L.MaxPooling3D((2, 2, 2), padding="valid", data_format="channels_last"),
        "MaxPooling3D",
    ),
    "avgpooling3d": (
        lambda: L.AveragePooling3D((2, 2, 2), dim_ordering="th"),
        lambda: L.AvgPool3D((2, 2, 2), data_format="channels_first"),
        "AveragePooling3D",
    ),
    "globalmaxpooling2d": (
        lambda: L.GlobalMaxPooling2D(dim_ordering="th"),
        lambda: L.GlobalMaxPool2D(data_format="channels_first"),
        "GlobalMaxPooling2D",
    ),
    "globalavgpooling3d": (
        lambda: L.GlobalAveragePooling3D(dim_ordering="th"),
        lambda: L.GlobalAvgPool3D(data_format="channels_first"),
        "GlobalAveragePooling3D",
    ),
    "upsampling1d": (lambda: L.UpSampling1D(length=4), lambda: L.UpSampling1D(4), "UpSampling1D"),
    "upsampling2d": (
        lambda: L.UpSampling2D((3, 3), dim_ordering="th"),
        lambda: L.UpSampling2D((3, 3), data_format="channels_first"),
        "UpSampling2D",
    ),
    "upsampling3d": (
        lambda: L.UpSampling3D(dim_ordering="th"),
        lambda: L.UpSampling3D(data_format="channels_first"),
        "UpSampling3D",
    ),
    "conv2d_rows_cols": (lambda: L.Convolution2D(8, 3, 5), lambda: L.Conv2D(8, (3, 5)), "Conv2D"),
    "conv2d_nb_col": (lambda: L.Convolution2D(8, 3, nb_col=5), lambda: L.Conv2D(8, (3, 5)), "Conv2D"),
    "conv2d_nb_row_nb_col": (lambda: L.Convolution2D(8, nb_row=3, nb_col=5), lambda: L.Conv2D(8, (3, 5)), "Conv2D"),
    "conv2d_all": (
        lambda: L.Convolution2D(nb_filter=8, nb_row=3, nb_col=3, init="uniform", subsample=(2, 2),
                                border_mode="same", dim_ordering="th", W_regularizer="l1", b_regularizer="l2",
                                W_constraint="max_norm", b_constraint="unit_norm", bias=False),
        lambda: L.Conv2D(8, (3, 3), kernel_initializer="uniform", strides=(2, 2), padding="same",
                         data_format="channels_first", kernel_regularizer="l1", bias_regularizer="l2",
                         kernel_constraint="max_norm", bias_constraint="unit_norm", use_bias=False),
        "Conv2D",
    ),
    "deconv2d_positional_output_shape": (
        lambda: L.Deconvolution2D(4, 3, 3, (None, 12, 12, 4), subsample=(2, 2)),
        lambda: L.Conv2DTranspose(4, (3, 3), strides=(2, 2)),
        "Conv2DTranspose",
    ),
    "deconv2d_output_shape": (
        lambda: L.Deconv2D(4, nb_row=2, nb_col=3, output_shape=(None, 8, 8, 4), border_mode="same"),
        lambda: L.Convolution2DTranspose(4, (2, 3), padding="same"),
        "Conv2DTranspose",
    ),
    "conv1d": (
        lambda: L.Convolution1D(nb_filter=4, filter_length=3, subsample_length=2, input_dim=3, input_length=10,
                                init="uniform", bias=False),
        lambda: L.Conv1D(4, 3, strides=2, input_shape=(10, 3), kernel_initializer="uniform", use_bias=False),
        "Conv1D",
    ),
    "separable_conv2d": (
        lambda: L.SeparableConvolution2D(6, 3, 3, init="uniform", border_mode="same", b_regularizer="l1"),
        lambda: L.SeparableConv2D(6, (3, 3), depthwise_initializer="uniform", pointwise_initializer="uniform",
                                  padding="same", bias_regularizer="l1"),
        "SeparableConv2D",
    ),
    "conv3d_positional": (lambda: L.Convolution3D(4, 2, 3, 4), lambda: L.Conv3D(4, (2, 3, 4)), "Conv3D"),
    "conv3d_kernel_dim3": (lambda: L.Convolution3D(4, 2, 3, kernel_dim3=4), lambda: L.Conv3D(4, (2, 3, 4)), "Conv3D"),
    "conv3d_kernel_dims": (
        lambda: L.Convolution3D(4, kernel_dim1=2, kernel_dim2=3, kernel_dim3=4, subsample=(2, 2, 2),
                                dim_ordering="th"),
        lambda: L.Conv3D(4, (2, 3, 4), strides=(2, 2, 2), data_format="channels_first"),
        "Conv3D",
    ),
    "convlstm2d": (
        lambda: L.ConvLSTM2D(5, 3, nb_col=3, inner_init="uniform", forget_bias_init="one", inner_activation="relu",
                             border_mode="same", U_regularizer="l2", dropout_W=0.2, dropout_U=0.1),
        lambda: L.ConvLSTM2D(5, (3, 3), recurrent_initializer="uniform", unit_forget_bias=True,
                             recurrent_activation="relu", padding="same", recurrent_regularizer="l2", dropout=0.2,
                             recurrent_dropout=0.1),
        "ConvLSTM2D",
    ),
    "batchnorm": (
        lambda: L.BatchNormalization(mode=0, beta_init="ones", gamma_init="uniform"),
        lambda: L.BatchNormalization(beta_initializer="ones", gamma_initializer="uniform"),
        "BatchNormalization",
    ),
    "zeropadding2d_dict": (
        lambda: L.ZeroPadding2D(padding={"top_pad": 1, "left_pad": 3, "right_pad": 4}, dim_ordering="tf"),
        lambda: L.ZeroPadding2D(((1, 0), (3, 4)), data_format="channels_last"),
        "ZeroPadding2D",
    ),
    "zeropadding3d": (
        lambda: L.ZeroPadding3D((1, 2, 3), dim_ordering="th"),
        lambda: L.ZeroPadding3D((1, 2, 3), data_format="channels_first"),
        "ZeroPadding3D",
    ),
    "cropping2d": (
        lambda: L.Cropping2D(((1, 1), (2, 2)), dim_ordering="th"),
        lambda: L.Cropping2D(((1, 1), (2, 2)), data_format="channels_first"),
        "Cropping2D",
    ),
    "cropping3d": (
        lambda: L.Cropping3D(dim_ordering="th"),
        lambda: L.Cropping3D(data_format="channels_first"),
        "Cropping3D",
    ),
    "spatialdropout1d": (lambda: L.SpatialDropout1D(p=0.3), lambda: L.SpatialDropout1D(0.3), "SpatialDropout1D"),
    "spatialdropout2d": (
        lambda: L.SpatialDropout2D(p=0.3, dim_ordering="th"),
        lambda: L.SpatialDropout2D(0.3, data_format="channels_first"),
        "SpatialDropout2D",
    ),
    "spatialdropout3d": (
        lambda: L.SpatialDropout3D(p=0.3, dim_ordering="tf"),
        lambda: L.SpatialDropout3D(rate=0.3, data_format="channels_last"),
        "SpatialDropout3D",
    ),
    "locallyconnected1d": (
        lambda: local.LocallyConnected1D(nb_filter=3, filter_length=2, subsample_length=2, init="uniform",
                                         W_regularizer="l1", bias=False),
        lambda: local.LocallyConnected1D(3, 2, strides=2, kernel_initializer="uniform", kernel_regularizer="l1",
                                         use_bias=False),
        "LocallyConnected1D",
    ),
    "locallyconnected2d": (
        lambda: local.LocallyConnected2D(3, 2, 2, subsample=(2, 2), dim_ordering="th", b_constraint="non_neg"),
        lambda: local.LocallyConnected2D(3, (2, 2), strides=(2, 2), data_format="channels_first",
                                         bias_constraint="non_neg"),
        "LocallyConnected2D",
    ),
    "atrousconv1d": (
        lambda: legacy.AtrousConvolution1D(4, 3, atrous_rate=2, border_mode="same", init="uniform"),
        lambda: L.Conv1D(4, 3, dilation_rate=2, padding="same", kernel_initializer="uniform"),
        "Conv1D",
    ),
    "atrousconv2d": (
        lambda: legacy.AtrousConvolution2D(4, 3, 3, atrous_rate=(2, 2), dim_ordering="th", W_regularizer="l1"),
        lambda: L.Conv2D(4, (3, 3), dilation_rate=(2, 2), data_format="channels_first", kernel_regularizer="l1"),
        "Conv2D",
    ),
}


@pytest.mark.parametrize("case", sorted(CONVERSIONS))
def test_keras1_call_is_the_keras2_call_it_means(case):
    make_old, make_new, class_name = CONVERSIONS[case]
    old = _converted(make_old, class_name)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        new = make_new()
    assert type(old) is type(new)
    assert _config(old) == _config(new)
    assert getattr(old, "_legacy_batch_input_shape", None) == getattr(new, "_legacy_batch_input_shape", None)


def test_converted_values_are_the_keras2_ones():
    with pytest.warns(UserWarning):
        conv = L.Convolution2D(8, 3, 5, subsample=(2, 1), border_mode="same", dim_ordering="th")
        lstm = L.LSTM(output_dim=3, input_dim=4, forget_bias_init="one", dropout_W=0.5)
        pool = L.MaxPooling1D(pool_length=3, stride=2)
    assert (conv.filters, conv.kernel_size, conv.strides, conv.padding) == (8, (3, 5), (2, 1), "same")
    assert conv.data_format == "channels_first"
    assert (lstm.units, lstm.cell.unit_forget_bias, lstm.dropout) == (3, True, 0.5)
    assert lstm._legacy_batch_input_shape == (None, None, 4)
    assert (pool.pool_size, pool.strides) == ((3,), (2,))


def test_warning_text_is_keras2s():
    with pytest.warns(UserWarning) as record:
        L.Dense(output_dim=10)
    assert [str(w.message) for w in record if "Update" in str(w.message)] == [
        "Update your `Dense` call to the Keras 2 API: `Dense(units=10)`"
    ]
    with pytest.warns(UserWarning) as record:
        L.Convolution2D(64, 3, 3, border_mode="same", name="conv_with_a_long_name", input_shape=(123456, 789, 3))
    messages = [str(w.message) for w in record if "Update" in str(w.message)]
    assert messages == [
        'Update your `Conv2D` call to the Keras 2 API: `Conv2D(64, (3, 3), name="conv_with_a_long_name", '
        'input_shape=(123456, 7..., padding="same")`'
    ]
    assert record[0].filename == __file__  # points at the caller, as Keras 2's did


def test_no_warning_for_keras2_calls():
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        L.Dense(3, kernel_initializer="uniform")
        L.Conv2D(4, (3, 3), padding="same")


def test_keras1_and_keras2_names_together_raise_keras2s_error():
    with pytest.raises(TypeError, match=r"For the `units` argument, the layer received both the legacy keyword "
                                        r"argument `output_dim` and the Keras 2 keyword argument `units`\. "
                                        r"Stick to the latter!"):
        L.Dense(units=3, output_dim=3)
    with pytest.raises(TypeError, match="`padding`"):
        L.Conv2D(4, 3, border_mode="same", padding="valid")


def test_positional_arguments_are_limited_as_in_keras2():
    with pytest.raises(TypeError, match=r"`Dense` can accept only 1 positional arguments \('units',\)"):
        L.Dense(3, "relu")
    with pytest.raises(TypeError, match="at most 3 positional arguments"):
        L.Convolution2D(4, 3, 3, 1, 1)
    with pytest.raises(ValueError, match="passing both `kernel_size` and `strides` as integer positional"):
        L.Convolution2D(4, 3, 3, padding="same")
    with pytest.raises(TypeError, match="can accept only 2 positional arguments"):
        L.Lambda(lambda x: x, (2,), None)


def test_batchnorm_modes_and_positionals():
    with pytest.raises(TypeError, match="`mode=1` and `mode=2` are no longer supported"):
        L.BatchNormalization(mode=1)
    with pytest.raises(TypeError, match="does not accept positional arguments"):
        L.BatchNormalization(-1)


def test_dropped_keras1_arguments_warn():
    with pytest.warns(UserWarning, match="no longer support in `Embedding`"):
        L.Embedding(5, 2, dropout=0.5)
    with pytest.warns(UserWarning, match="The `forget_bias_init` argument has been ignored"):
        lstm = L.LSTM(2, forget_bias_init="zero")
    assert lstm.cell.unit_forget_bias is True  # the Keras 2 default, untouched


def test_dropout_rate_is_clipped_and_a_rate_of_one_keeps_the_input():
    with pytest.warns(UserWarning):
        layer = L.Dropout(p=3)
    assert layer.rate == 1.0
    x = np.ones((2, 4), "float32")
    np.testing.assert_array_equal(layer(x, training=True), x)
    assert L.Dropout(-1).rate == 0.0


def test_strides_with_dilation_build_and_fail_when_run_as_in_keras2():
    layer = L.Conv2D(4, (3, 3), strides=2, dilation_rate=2)
    assert L.Conv2D.from_config(layer.get_config()).dilation_rate == (2, 2)
    with pytest.raises(ValueError, match="dilation_rate"):
        layer(np.zeros((1, 9, 9, 1), "float32"))


def test_aliases_are_the_same_classes():
    assert L.MaxPool2D is L.MaxPooling2D and L.GlobalAvgPool3D is L.GlobalAveragePooling3D
    assert L.Deconv2D is L.Deconvolution2D is L.Convolution2DTranspose is L.Conv2DTranspose
    assert L.Deconv3D is L.Conv3DTranspose and L.SeparableConvolution1D is L.SeparableConv1D


def test_input_layer_input_dtype():
    with pytest.warns(UserWarning, match=UPDATE.format("InputLayer")):
        layer = L.InputLayer(input_shape=(3,), input_dtype="int32")
    assert (layer.name, layer.output.dtype, tuple(layer.output.shape)) == ("input_1", "int32", (None, 3))
    assert tuple(L.InputLayer(batch_input_shape=(4, 3)).output.shape) == (4, 3)


def test_model_input_output_keywords_warn_as_keras2():
    x = L.InputLayer(input_shape=(3,)).output
    y = L.Dense(2)(x)
    with pytest.warns(UserWarning, match=r"Update your `Model` call to the Keras 2 API: `Model\(inputs="):
        model = Model(input=x, output=y)
    assert model.predict(np.ones((1, 3), "float32")).shape == (1, 2)


def _compiled_model():
    model = Sequential([L.Dense(2, input_dim=2, kernel_initializer="zeros")])
    model.compile("sgd", "mse")
    return model


def _batches(batch):
    # Batch k has targets k, so the zero-initialised model's loss on it is k ** 2.
    k = 0
    while True:
        k += 1
        yield np.ones((batch, 2), "float32"), np.full((batch, 2), k, "float32")


class _BatchCounter(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1


def test_fit_nb_epoch_trains_that_many_epochs():
    model = _compiled_model()
    with pytest.warns(UserWarning, match="The `nb_epoch` argument in `fit` has been renamed `epochs`."):
        history = model.fit(np.ones((8, 2)), np.zeros((8, 2)), nb_epoch=2, verbose=0)
    assert len(history.history["loss"]) == 2


class _Iterator:
    """A generator with ``batch_size``, as Keras's image iterators are."""

    batch_size = 4

    def __iter__(self):
        return self

    def __next__(self):
        return np.ones((4, 2), "float32"), np.zeros((4, 2), "float32")


def test_fit_generator_samples_per_epoch_in_keras1_meaning():
    model = _compiled_model()
    counter = _BatchCounter()
    with pytest.warns(UserWarning) as record:
        history = model.fit_generator(_Iterator(), samples_per_epoch=12, nb_epoch=2, callbacks=[counter], verbose=0)
    messages = [str(w.message) for w in record]
    assert any(m.startswith("The semantics of the Keras 2 argument `steps_per_epoch`") for m in messages)
    assert any(m.startswith("Update your `fit_generator` call to the Keras 2 API:") for m in messages)
    assert len(history.history["loss"]) == 2
    assert counter.batches == 6  # 12 samples / batch_size 4 = 3 steps, twice

    # A plain generator has no batch size: Keras 2 took the samples as steps.
    counter = _BatchCounter()
    with pytest.warns(UserWarning):
        history = model.fit_generator(_batches(3), samples_per_epoch=2, validation_data=_batches(3),
                                      nb_val_samples=1, nb_worker=1, pickle_safe=False, max_q_size=2,
                                      callbacks=[counter], verbose=0)
    assert counter.batches == 2
    assert "val_loss" in history.history


def test_evaluate_and_predict_generator_val_samples_are_steps():
    model = _compiled_model()
    with pytest.warns(UserWarning, match=UPDATE.format("evaluate_generator")):
        loss = model.evaluate_generator(_batches(2), val_samples=3, nb_worker=1, pickle_safe=False)
    assert loss == pytest.approx((1 + 4 + 9) / 3)  # three batches
    with pytest.warns(UserWarning, match=UPDATE.format("predict_generator")):
        out = model.predict_generator((x for x, _ in _batches(2)), val_samples=3, max_q_size=3)
    assert out.shape == (6, 2)


def test_optimizer_get_updates_takes_every_keras2_order_and_applies_one_step():
    from keras_faq_compat import backend as K

    orders = [
        lambda opt, loss, params: opt.get_updates(params, {}, loss),
        lambda opt, loss, params: opt.get_updates(params, {}, loss=loss),
        lambda opt, loss, params: opt.get_updates(loss, params),
        lambda opt, loss, params: opt.get_updates(loss=loss, params=params),
    ]
    for order in orders:
        optimizer = optimizers.SGD(lr=0.1)
        x = K.placeholder(shape=(1,))
        param = K.variable(1.0)
        loss = K.mean(param * x)
        step = K.function([x], [loss], updates=order(optimizer, loss, [param]))
        step([np.ones(1, "float32")])
        # d(loss)/d(param) is x = 1: one SGD step of 0.1.
        assert np.isclose(K.get_value(param), 0.9)
    with pytest.raises(TypeError, match="received more arguments than expected"):
        optimizers.SGD().get_updates(1, 2, 3, 4)


def test_interfaces_module_defines_keras2s_names():
    keras2_names = {
        "generate_legacy_interface", "generate_legacy_method_interface", "raise_duplicate_arg_error",
        "legacy_dense_support", "legacy_dropout_support", "embedding_kwargs_preprocessor",
        "legacy_embedding_support", "legacy_pooling1d_support", "legacy_prelu_support",
        "legacy_gaussiannoise_support", "recurrent_args_preprocessor", "legacy_recurrent_support",
        "legacy_gaussiandropout_support", "legacy_pooling2d_support", "legacy_pooling3d_support",
        "legacy_global_pooling_support", "legacy_upsampling1d_support", "legacy_upsampling2d_support",
        "legacy_upsampling3d_support", "conv1d_args_preprocessor", "legacy_conv1d_support",
        "conv2d_args_preprocessor", "legacy_conv2d_support", "separable_conv2d_args_preprocessor",
        "legacy_separable_conv2d_support", "deconv2d_args_preprocessor", "legacy_deconv2d_support",
        "conv3d_args_preprocessor", "legacy_conv3d_support", "batchnorm_args_preprocessor",
        "convlstm2d_args_preprocessor", "legacy_convlstm2d_support", "legacy_batchnorm_support",
        "zeropadding2d_args_preprocessor", "legacy_zeropadding2d_support", "legacy_zeropadding3d_support",
        "legacy_cropping2d_support", "legacy_cropping3d_support", "legacy_spatialdropout1d_support",
        "legacy_spatialdropoutNd_support", "legacy_lambda_support", "generator_methods_args_preprocessor",
        "legacy_generator_methods_support", "legacy_model_constructor_support", "legacy_input_support",
        "add_weight_args_preprocessing", "legacy_add_weight_support", "get_updates_arg_preprocessing",
        "legacy_get_updates_support",
    }
    assert len(keras2_names) == 49
    assert set(interfaces.__all__) == keras2_names
    assert all(callable(getattr(interfaces, name)) for name in keras2_names)


def test_a_user_decorated_method_is_converted():
    class Trainer:
        @interfaces.generate_legacy_method_interface(conversions=[("nb_epoch", "epochs")])
        def train(self, epochs=1):
            return epochs

    with pytest.warns(UserWarning, match=r"Update your `train` call to the Keras 2 API: `train\(epochs=5\)`"):
        assert Trainer().train(nb_epoch=5) == 5


# -- keras.legacy.layers -----------------------------------------------------


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


@pytest.mark.parametrize("bias", [True, False])
def test_highway_computes_the_keras2_formula(bias):
    with pytest.warns(UserWarning, match="The `Highway` layer is deprecated"):
        layer = legacy.Highway(activation="tanh", bias=bias, input_dim=3)
    model = Sequential([layer])
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=w.shape).astype("float32") for w in layer.weights]
    layer.set_weights(weights)
    x = rng.normal(size=(5, 3)).astype("float32")
    if bias:
        w, w_carry, b, b_carry = weights
    else:
        (w, w_carry), b, b_carry = weights, 0.0, 0.0
    gate = _sigmoid(x @ w_carry + b_carry)
    expected = np.tanh(x @ w + b) * gate + (1 - gate) * x
    np.testing.assert_allclose(model.predict(x), expected, rtol=1e-5, atol=1e-5)
    assert [v.name for v in layer.weights] == (["W", "W_carry", "b", "b_carry"] if bias else ["W", "W_carry"])


def test_highway_initial_biases_and_config_round_trip():
    with pytest.warns(UserWarning):
        layer = legacy.Highway(W_regularizer="l2", b_constraint="max_norm", transform_bias=-2)
    layer.build((None, 4))
    np.testing.assert_array_equal(layer.b_carry.numpy(), np.ones(4))
    np.testing.assert_array_equal(layer.b.numpy(), np.zeros(4))
    config = layer.get_config()
    assert config["name"] == "highway_1" and config["bias"] is True
    with pytest.warns(UserWarning):
        again = legacy.Highway.from_config(config)
    assert again.get_config() == config


def test_maxout_dense_computes_the_keras2_formula_and_round_trips():
    with pytest.warns(UserWarning, match="The `MaxoutDense` layer is deprecated"):
        layer = legacy.MaxoutDense(2, nb_feature=3, input_dim=4, init="uniform")
    model = Sequential([layer])
    w, b = [v.numpy() for v in layer.weights]
    assert (w.shape, b.shape) == ((3, 4, 2), (3, 2))
    x = np.random.default_rng(1).normal(size=(6, 4)).astype("float32")
    expected = (np.einsum("ni,fio->nfo", x, w) + b).max(axis=1)
    np.testing.assert_allclose(model.predict(x), expected, rtol=1e-5, atol=1e-6)
    with pytest.warns(UserWarning):
        again = legacy.MaxoutDense.from_config(layer.get_config())
    assert again.get_config() == layer.get_config()


def test_legacy_layers_save_and_load_through_h5(tmp_path):
    with pytest.warns(UserWarning):
        model = Sequential([legacy.Highway(activation="relu", input_dim=3), legacy.MaxoutDense(2)])
    model.compile("sgd", "mse")
    path = os.path.join(tmp_path, "model.h5")
    model.save(path)
    with pytest.warns(UserWarning):
        loaded = load_model(path, custom_objects={"Highway": legacy.Highway, "MaxoutDense": legacy.MaxoutDense})
    x = np.random.default_rng(2).normal(size=(4, 3)).astype("float32")
    assert isinstance(loaded.layers[0], legacy.Highway)
    np.testing.assert_allclose(loaded.predict(x), model.predict(x), rtol=1e-6)


class _Accumulator(legacy.Recurrent):
    """A Keras 2.0-style custom RNN: ``h_t = x_t . W + h_{t-1} . U``."""

    def __init__(self, units, **kwargs):
        self.units = units
        super().__init__(**kwargs)

    def build(self, input_shape):
        self.states = [None]
        # Keras 1's order (shape, name) and Keras 2's (name, shape).
        self.kernel = self.add_weight((input_shape[-1], self.units), "kernel", initializer="ones")
        self.recurrent_kernel = self.add_weight("recurrent_kernel", (self.units, self.units), initializer="identity")

    def step(self, inputs, states):
        h = keras.ops.matmul(inputs, self.kernel) + keras.ops.matmul(states[0], self.recurrent_kernel)
        return h, [h]


def test_recurrent_subclass_runs_its_step_over_time():
    layer = _Accumulator(2, input_dim=3, input_length=4, return_sequences=True)
    model = Sequential([layer])
    assert model.output_shape == (None, 4, 2)
    assert [v.name for v in layer.weights] == ["kernel", "recurrent_kernel"]
    x = np.arange(24, dtype="float32").reshape(2, 4, 3)
    expected = np.cumsum(x.sum(axis=-1), axis=1)[..., None].repeat(2, axis=-1)
    np.testing.assert_allclose(model.predict(x), expected, rtol=1e-6)
    last = Sequential([_Accumulator(2, input_shape=(4, 3), go_backwards=True)])
    np.testing.assert_allclose(last.predict(x), expected[:, -1], rtol=1e-6)


def test_stateful_recurrent_names_the_replacement():
    with pytest.raises(NotImplementedError, match=r"keras\.layers\.RNN\(cell, stateful=True\)"):
        _Accumulator(2, stateful=True)


def test_conv_recurrent2d_output_shape():
    layer = legacy.ConvRecurrent2D(6, 3, padding="valid", return_sequences=True, data_format="channels_last")
    assert layer.compute_output_shape((None, 5, 10, 12, 3)) == (None, 5, 8, 10, 6)
    layer = legacy.ConvRecurrent2D(6, (3, 3), strides=2, padding="same", data_format="channels_first")
    assert layer.compute_output_shape((None, 5, 3, 10, 11)) == (None, 6, 5, 6)
    assert layer.get_config()["kernel_size"] == (3, 3)


def test_keras1_script_runs_unchanged_under_run(tmp_path):
    script = tmp_path / "keras1.py"
    script.write_text(textwrap.dedent("""
        import warnings
        warnings.simplefilter("always")
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense, Convolution2D, Flatten, MaxPooling2D
        model = Sequential()
        model.add(Convolution2D(4, 3, 3, border_mode="same", input_shape=(6, 6, 1)))
        model.add(MaxPooling2D(pool_size=(2, 2), border_mode="valid"))
        model.add(Flatten())
        model.add(Dense(output_dim=2, init="uniform"))
        model.compile("sgd", "mse")
        history = model.fit(np.ones((4, 6, 6, 1)), np.zeros((4, 2)), nb_epoch=3, verbose=0)
        print("epochs", len(history.history["loss"]), model.layers[0].kernel_size, model.layers[0].padding)
    """))
    result = subprocess.run(
        [sys.executable, "-m", "keras_faq_compat", "run", str(script)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "epochs 3 (3, 3) same" in result.stdout
    assert 'Update your `Conv2D` call to the Keras 2 API: `Conv2D(4, (3, 3), input_shape=(6, 6, 1), padding="same")`' in result.stderr
    assert "Update your `Dense` call to the Keras 2 API" in result.stderr
