"""Keras 2 layer classes: Keras 3 layers that take the Keras 2 constructor arguments.

Legacy API: ``Dense(32, input_dim=784)``, ``LSTM(32, input_shape=(10, 16),
batch_size=32, stateful=True)``, ``Conv2D(..., batch_input_shape=(8, 28, 28, 1))``,
``Embedding(1000, 64, input_length=10, weights=[matrix])``, and the Keras 2
automatic names ``dense_1``, ``dense_2``, ... (counted per class, restarted by
``K.clear_session()``).

Keras 3 replacement: ``keras.Input(shape=..., batch_size=...)`` before the
first layer, ``layer.set_weights(...)`` after building, explicit ``name=``.

Each class here is made by `legacy_layer_class` from the Keras 3 class of
the same name and the row of `LEGACY_LAYERS` that names it. Its constructor
also takes the Keras 1 names that Keras 2 converted with a warning
(``Dense(output_dim=10, init='normal')``, ``Convolution2D(64, 3, 3,
border_mode='same')``, ...): the decorator of
`keras_faq_compat.legacy.interfaces` that Keras 2.2 put on the same class,
listed in `LEGACY_INTERFACES`. ``MaxPool2D``, ``AvgPool1D``,
``Convolution2DTranspose``, ``SeparableConvolution2D``, ``Deconv2D``, ... are
the Keras 2 aliases of these classes (`LEGACY_ALIASES`). The class keeps
the Keras 3 class name and reports the public ``keras.layers`` module, so a
model saved through the compat layer (``.keras``, ``.h5``, JSON) names plain
``Dense``, ``LSTM``, ... and loads in plain Keras 3.

Behaviour differences kept on purpose:

* a frozen ``BatchNormalization`` (``trainable=False``) behaves as in Keras
  2.2: in training it normalises with the statistics of the batch and leaves
  its moving mean and variance alone (Keras 3 switches a frozen layer to
  inference mode instead);
* ``GRU`` defaults to ``reset_after=False``, Keras 2.2's default (Keras 3
  defaults to ``True``, which has another weight layout).
"""

import functools
import inspect
import re
import sys

from keras_faq_compat import _internals
from keras_faq_compat import backend as _compat_backend
from keras_faq_compat import initializers as _initializers
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.layers import advanced_activations as _advanced_activations
from keras_faq_compat.layers import convolutional as _convolutional
from keras_faq_compat.layers import core as _core
from keras_faq_compat.layers import embeddings as _embeddings
from keras_faq_compat.layers import recurrent as _recurrent
from keras_faq_compat.layers.channels_first import Keras2ChannelsFirstOnCPU
from keras_faq_compat.layers.convolutional_recurrent import Keras2ConvRNN2D
from keras_faq_compat.layers.keras2_layer import Keras2LayerAttributes
from keras_faq_compat.legacy import interfaces as _interfaces

__all__ = ["LEGACY_LAYERS", "LEGACY_INTERFACES", "LEGACY_ALIASES", "InputLayer", "legacy_layer_class", "keras2_name"]

# The Keras 2 arguments Keras 3 no longer accepts on a layer.
_SHAPE_ARGS = ("input_shape", "input_dim", "input_length", "batch_size", "batch_input_shape")
# Public, so that `check` reads which Keras 2 arguments are converted from the code that converts them.
KERAS2_SHAPE_ARGUMENTS = _SHAPE_ARGS

# Keras 2 constraint names that Keras 3's ``constraints.get`` no longer knows (``kernel_constraint='maxnorm'``).
KERAS2_CONSTRAINT_NAMES = {"maxnorm": "max_norm", "nonneg": "non_neg", "unitnorm": "unit_norm"}

# Keras 2 layer name -> (kind, Keras 2 defaults that differ from Keras 3).
# kind says how ``input_dim`` / ``input_length`` make an input shape:
# "plain": (input_dim,); "sequence": (input_length, input_dim) as Keras 2's
# recurrent and 1D convolution layers read them; "embedding": (input_length,).
LEGACY_LAYERS = {
    # core
    "Dense": ("plain", {}),
    "Activation": ("plain", {}),
    "Dropout": ("plain", {}),
    "Flatten": ("plain", {}),
    "Reshape": ("plain", {}),
    "Permute": ("plain", {}),
    "RepeatVector": ("plain", {}),
    "Lambda": ("plain", {}),
    "ActivityRegularization": ("plain", {}),
    "Masking": ("plain", {}),
    "SpatialDropout1D": ("plain", {}),
    "SpatialDropout2D": ("plain", {}),
    "SpatialDropout3D": ("plain", {}),
    # convolutional
    # Keras 2's 1D layers were channels_last whatever `image_data_format` said.
    "Conv1D": ("sequence", {"data_format": "channels_last"}),
    "Conv2D": ("plain", {}),
    "Conv3D": ("plain", {}),
    "Conv2DTranspose": ("plain", {}),
    "Conv3DTranspose": ("plain", {}),
    "SeparableConv1D": ("sequence", {"data_format": "channels_last"}),
    "SeparableConv2D": ("plain", {}),
    "DepthwiseConv2D": ("plain", {}),
    "UpSampling1D": ("plain", {}),
    "UpSampling2D": ("plain", {}),
    "UpSampling3D": ("plain", {}),
    "ZeroPadding1D": ("plain", {"data_format": "channels_last"}),
    "ZeroPadding2D": ("plain", {}),
    "ZeroPadding3D": ("plain", {}),
    "Cropping1D": ("plain", {}),
    "Cropping2D": ("plain", {}),
    "Cropping3D": ("plain", {}),
    # pooling
    "MaxPooling1D": ("plain", {"data_format": "channels_last"}),
    "MaxPooling2D": ("plain", {}),
    "MaxPooling3D": ("plain", {}),
    "AveragePooling1D": ("plain", {"pool_size": 2, "data_format": "channels_last"}),
    "AveragePooling2D": ("plain", {}),
    "AveragePooling3D": ("plain", {}),
    "GlobalMaxPooling1D": ("plain", {"data_format": "channels_last"}),
    "GlobalMaxPooling2D": ("plain", {}),
    "GlobalMaxPooling3D": ("plain", {}),
    "GlobalAveragePooling1D": ("plain", {"data_format": "channels_last"}),
    "GlobalAveragePooling2D": ("plain", {}),
    "GlobalAveragePooling3D": ("plain", {}),
    # recurrent
    "RNN": ("sequence", {}),
    "SimpleRNN": ("sequence", {}),
    "GRU": ("sequence", {"reset_after": False}),
    "LSTM": ("sequence", {}),
    "SimpleRNNCell": ("plain", {}),
    "GRUCell": ("plain", {"reset_after": False}),
    "LSTMCell": ("plain", {}),
    "ConvLSTM2D": ("plain", {}),
    # embeddings, normalization, noise
    "Embedding": ("embedding", {}),
    "BatchNormalization": ("plain", {}),
    "GaussianNoise": ("plain", {}),
    "GaussianDropout": ("plain", {}),
    "AlphaDropout": ("plain", {}),
    # advanced activations
    "LeakyReLU": ("plain", {}),
    "PReLU": ("plain", {}),
    "ELU": ("plain", {}),
    "ReLU": ("plain", {}),
    "Softmax": ("plain", {}),
    # merge
    "Add": ("plain", {}),
    "Subtract": ("plain", {}),
    "Multiply": ("plain", {}),
    "Average": ("plain", {}),
    "Maximum": ("plain", {}),
    "Minimum": ("plain", {}),
    "Concatenate": ("plain", {}),
    "Dot": ("plain", {}),
    # wrappers
    "TimeDistributed": ("plain", {}),
    "Bidirectional": ("plain", {}),
}


# Keras 2 layer name -> the `keras_faq_compat.legacy.interfaces` decorator
# Keras 2.2 put on its constructor (Keras 1 argument names).
LEGACY_INTERFACES = {
    "Dense": "legacy_dense_support",
    "Dropout": "legacy_dropout_support",
    "SpatialDropout1D": "legacy_spatialdropout1d_support",
    "SpatialDropout2D": "legacy_spatialdropoutNd_support",
    "SpatialDropout3D": "legacy_spatialdropoutNd_support",
    "Lambda": "legacy_lambda_support",
    "Conv1D": "legacy_conv1d_support",
    "Conv2D": "legacy_conv2d_support",
    "Conv3D": "legacy_conv3d_support",
    "Conv2DTranspose": "legacy_deconv2d_support",
    "SeparableConv2D": "legacy_separable_conv2d_support",
    "UpSampling1D": "legacy_upsampling1d_support",
    "UpSampling2D": "legacy_upsampling2d_support",
    "UpSampling3D": "legacy_upsampling3d_support",
    "ZeroPadding2D": "legacy_zeropadding2d_support",
    "ZeroPadding3D": "legacy_zeropadding3d_support",
    "Cropping2D": "legacy_cropping2d_support",
    "Cropping3D": "legacy_cropping3d_support",
    "MaxPooling1D": "legacy_pooling1d_support",
    "AveragePooling1D": "legacy_pooling1d_support",
    "MaxPooling2D": "legacy_pooling2d_support",
    "AveragePooling2D": "legacy_pooling2d_support",
    "MaxPooling3D": "legacy_pooling3d_support",
    "AveragePooling3D": "legacy_pooling3d_support",
    "GlobalMaxPooling2D": "legacy_global_pooling_support",
    "GlobalAveragePooling2D": "legacy_global_pooling_support",
    "GlobalMaxPooling3D": "legacy_global_pooling_support",
    "GlobalAveragePooling3D": "legacy_global_pooling_support",
    "SimpleRNN": "legacy_recurrent_support",
    "GRU": "legacy_recurrent_support",
    "LSTM": "legacy_recurrent_support",
    "ConvLSTM2D": "legacy_convlstm2d_support",
    "Embedding": "legacy_embedding_support",
    "BatchNormalization": "legacy_batchnorm_support",
    "GaussianNoise": "legacy_gaussiannoise_support",
    "GaussianDropout": "legacy_gaussiandropout_support",
    "PReLU": "legacy_prelu_support",
}

# Keras 2 alias -> the layer of `LEGACY_LAYERS` it names (the same class).
LEGACY_ALIASES = {
    "Convolution1D": "Conv1D",
    "Convolution2D": "Conv2D",
    "Convolution3D": "Conv3D",
    "SeparableConvolution1D": "SeparableConv1D",
    "SeparableConvolution2D": "SeparableConv2D",
    "Convolution2DTranspose": "Conv2DTranspose",
    "Deconvolution2D": "Conv2DTranspose",
    "Deconv2D": "Conv2DTranspose",
    "Deconvolution3D": "Conv3DTranspose",
    "Deconv3D": "Conv3DTranspose",
    "MaxPool1D": "MaxPooling1D",
    "MaxPool2D": "MaxPooling2D",
    "MaxPool3D": "MaxPooling3D",
    "AvgPool1D": "AveragePooling1D",
    "AvgPool2D": "AveragePooling2D",
    "AvgPool3D": "AveragePooling3D",
    "GlobalMaxPool1D": "GlobalMaxPooling1D",
    "GlobalMaxPool2D": "GlobalMaxPooling2D",
    "GlobalMaxPool3D": "GlobalMaxPooling3D",
    "GlobalAvgPool1D": "GlobalAveragePooling1D",
    "GlobalAvgPool2D": "GlobalAveragePooling2D",
    "GlobalAvgPool3D": "GlobalAveragePooling3D",
}


def keras2_snake_case(name):
    """Keras 2's ``to_snake_case``: ``"Conv2DTranspose"`` -> ``"conv2d_transpose"``."""
    name = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    return name if not name.startswith("_") else "private" + name


def keras2_name(class_name):
    """The next Keras 2 automatic name for a layer of class `class_name` (``dense_1``, ...)."""
    prefix = keras2_snake_case(class_name)
    return f"{prefix}_{_compat_backend.get_uid(prefix)}"


def _caller_stacklevel():
    """The `warnings.warn` stacklevel of the first caller outside this package and Keras.

    Computed, because a constructor is reached through a varying number of
    frames (Keras 1 argument conversion, user subclasses).
    """
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_globals.get("__name__", "").partition(".")[0] in (
        "keras_faq_compat",
        "keras",
    ):
        frame = frame.f_back
        level += 1
    # One more for `warn_legacy` itself, which calls `warnings.warn`.
    return level + 1


def _batch_input_shape(kind, kwargs):
    """Pop the Keras 2 shape arguments from `kwargs`; return the batch input shape or None."""
    # An Embedding's `input_dim` is its vocabulary size, not a shape.
    keys = [key for key in _SHAPE_ARGS if not (kind == "embedding" and key == "input_dim")]
    given = {key: kwargs.pop(key) for key in keys if key in kwargs}
    if kind == "embedding" and "input_length" in given:
        # The Embedding keeps it as well: Keras 2 checked the input's shape against it.
        kwargs["input_length"] = given["input_length"]
    for key in given:
        warn_legacy(
            f"keras.layers.Layer({key}=...)",
            "keras.Input(shape=..., batch_size=...) as the first layer of the model",
            stacklevel=_caller_stacklevel(),
        )
    if given.get("batch_input_shape") is not None:
        return tuple(given["batch_input_shape"])
    input_shape = given.get("input_shape")
    input_dim = given.get("input_dim")
    input_length = given.get("input_length")
    if input_shape is None:
        if kind == "embedding" and input_length is not None:
            input_shape = (input_length,)
        elif kind == "sequence" and (input_dim is not None or input_length is not None):
            input_shape = (input_length, input_dim)
        elif input_dim is not None:
            input_shape = (input_dim,)
    if input_shape is None:
        return None
    if isinstance(input_shape, int):
        input_shape = (input_shape,)
    return (given.get("batch_size"),) + tuple(input_shape)


def _installed_initializer(value):
    # An initializer named as Keras 2 named it, by a string or a config, as the installed Keras resolves it.
    if isinstance(value, str):
        return _initializers.installed_class_name(value)
    if isinstance(value, dict) and isinstance(value.get("class_name"), str):
        name = _initializers.installed_class_name(value["class_name"])
        return value if name == value["class_name"] else dict(value, class_name=name)
    return value


class LegacyLayerMixin:
    """Keras 2 constructor arguments and names on a Keras 3 layer class.

    Args (all optional keywords, on top of the Keras 3 layer's own):
        input_shape: shape of the input without the batch axis.
        input_dim: Keras 2 shorthand for ``input_shape=(input_dim,)``
            (``(input_length, input_dim)`` on recurrent and 1D layers).
        input_length: length of the sequences (recurrent, ``Conv1D`` and
            ``Embedding`` layers).
        batch_size: fixed batch size, used with `input_shape` (stateful RNNs).
        batch_input_shape: the full input shape including the batch axis.
        weights: list of numpy arrays set as the layer's initial weights once
            it is built (the order of ``layer.get_weights()``).
        name: the layer's name; default the Keras 2 automatic one
            (``dense_1``, ``dense_2``, ...).
    """

    _legacy_kind = "plain"
    _legacy_defaults = {}
    _legacy_positional = ()

    def __init__(self, *args, **kwargs):
        batch_input_shape = _batch_input_shape(self._legacy_kind, kwargs)
        weights = kwargs.pop("weights", None)
        if weights is not None:
            warn_legacy("keras.layers.Layer(weights=[...])", "layer.set_weights(...) once the layer is built")
        # A default applies only to an argument that is not given by position either.
        given_by_position = self._legacy_positional[: len(args)]
        for key, value in self._legacy_defaults.items():
            if key not in given_by_position:
                kwargs.setdefault(key, value)
        for key, value in kwargs.items():
            if key.endswith("_constraint") and isinstance(value, str):
                kwargs[key] = KERAS2_CONSTRAINT_NAMES.get(value, value)
            elif key.endswith("_initializer"):
                kwargs[key] = _installed_initializer(value)
        if kwargs.get("name") is None:
            kwargs["name"] = keras2_name(type(self).__name__)
        super().__init__(*args, **kwargs)
        # Kept out of Keras's attribute tracking: plain data, not layer state.
        object.__setattr__(self, "_legacy_batch_input_shape", batch_input_shape)
        object.__setattr__(self, "_legacy_initial_weights", weights)
        if batch_input_shape is not None:
            # Plain Keras 3 code paths (``keras.Sequential.add``) read this one.
            _internals.set_input_shape_argument(self, batch_input_shape[1:])

    def __call__(self, *args, **kwargs):
        outputs = super().__call__(*args, **kwargs)
        # As Keras 2: the initial weights are set once the first call built the layer.
        weights = self._legacy_initial_weights
        if weights is not None and self.built:
            object.__setattr__(self, "_legacy_initial_weights", None)
            try:
                self.set_weights(list(weights))
            except ValueError as e:
                raise ValueError(f"Layer {self.name!r}: the `weights` argument does not fit the layer: {e}") from None
        return outputs


class Keras2FrozenBatchNormalization:
    """Keras 2.2's frozen ``BatchNormalization``.

    In Keras 2.2, ``trainable=False`` only kept gamma and beta out of training
    (and dropped the moving-average updates); in the training phase the layer
    still normalised with the batch's own mean and variance. Keras 3 runs a
    frozen layer in inference mode (moving statistics) instead.
    """

    def call(self, inputs, training=None, mask=None):
        if not training or self.trainable:
            return super().call(inputs, training=training, mask=mask)
        ops = _keras.ops
        compute_dtype = _keras.backend.result_type(inputs.dtype, "float32")
        inputs = ops.cast(inputs, compute_dtype)
        mean, variance = _internals.batch_moments(self, inputs, mask)
        outputs = ops.batch_normalization(
            x=inputs,
            mean=mean,
            variance=variance,
            axis=self.axis,
            offset=ops.cast(self.beta, inputs.dtype) if self.center else None,
            scale=ops.cast(self.gamma, inputs.dtype) if self.scale else None,
            epsilon=self.epsilon,
        )
        return ops.cast(outputs, self.compute_dtype)


class Keras2DropoutRate:
    """Keras 2's ``Dropout(rate)``: `rate` clipped to [0, 1], and a rate of 1 drops nothing.

    Keras 2 clipped the rate and applied dropout only for ``0 < rate < 1``;
    Keras 3 refuses a rate outside [0, 1] and divides by ``1 - rate``.
    """

    def __init__(self, rate, *args, **kwargs):
        super().__init__(min(1.0, max(0.0, rate)), *args, **kwargs)

    def call(self, inputs, training=None):
        if self.rate >= 1.0:
            return inputs
        return super().call(inputs, training=training)


class Keras2StridedDilation:
    """Keras 2 built a convolution with both ``strides`` and ``dilation_rate`` above 1.

    Keras 3 refuses it in the constructor; Keras 2 accepted it (its config
    round-trips) and TensorFlow refused it when the layer was first called,
    which is what happens here too, with TensorFlow's message (raised here:
    Keras 3.16 computes such a convolution instead).
    """

    def __init__(self, *args, **kwargs):
        dilation = kwargs.get("dilation_rate", 1)
        strides = kwargs.get("strides", 1)
        self._keras2_strided_dilation = _above_one(dilation) and _above_one(strides)
        if self._keras2_strided_dilation:
            kwargs["dilation_rate"] = 1
            super().__init__(*args, **kwargs)
            rank = len(self.strides)
            self.dilation_rate = (dilation,) * rank if isinstance(dilation, int) else tuple(dilation)
        else:
            super().__init__(*args, **kwargs)

    def build(self, input_shape):
        if self._keras2_strided_dilation:
            raise ValueError(
                f"Layer {self.name!r}: strides > 1 not supported in conjunction with dilation_rate > 1 "
                f"(strides={self.strides}, dilation_rate={self.dilation_rate}), as in Keras 2 on TensorFlow."
            )
        super().build(input_shape)


def _above_one(value):
    values = (value,) if isinstance(value, int) else tuple(value)
    return any(v != 1 for v in values)


# Extra behaviour for single classes, on top of `LegacyLayerMixin`.
_EXTRA_MIXINS = {
    "Conv1D": (Keras2StridedDilation, Keras2ChannelsFirstOnCPU, _convolutional.Keras2DefinedChannels),
    "Conv2D": (Keras2StridedDilation, Keras2ChannelsFirstOnCPU, _convolutional.Keras2DefinedChannels),
    "Conv3D": (Keras2StridedDilation, _convolutional.Keras2DefinedChannels),
    "Conv2DTranspose": (
        Keras2ChannelsFirstOnCPU, _convolutional.Keras2DilatedTranspose, _convolutional.Keras2DefinedChannels,
    ),
    "Conv3DTranspose": (Keras2ChannelsFirstOnCPU, _convolutional.Keras2DefinedChannels),
    "SeparableConv1D": (_convolutional.Keras2DefinedChannels,),
    "SeparableConv2D": (_convolutional.Keras2DefinedChannels,),
    "DepthwiseConv2D": (_convolutional.Keras2DefinedChannels,),
    "Cropping1D": (_convolutional.Keras2Cropping1D,),
    "Lambda": (_core.Keras2LambdaRoundTrip,),
    "Embedding": (_embeddings.Keras2EmbeddingInputLength,),
    "LeakyReLU": (_advanced_activations.Keras2LeakyReLUSlope,),
    "BatchNormalization": (Keras2FrozenBatchNormalization,),
    "Dropout": (Keras2DropoutRate,),
    "SpatialDropout1D": (Keras2DropoutRate,),
    "SpatialDropout2D": (Keras2DropoutRate,),
    "SpatialDropout3D": (Keras2DropoutRate,),
    "RNN": (_recurrent.Keras2RNNCellArgument, _recurrent.Keras2RNN),
    "SimpleRNN": (_recurrent.Keras2SimpleRNNImplementation, _recurrent.Keras2ActivityRegularizer, _recurrent.Keras2RNN),
    "GRU": (_recurrent.Keras2GRUImplementation, _recurrent.Keras2RNN),
    "LSTM": (_recurrent.Keras2RNN,),
    "SimpleRNNCell": (_recurrent.Keras2IdentityPerGate,),
    "GRUCell": (_recurrent.Keras2IdentityPerGate,),
    "LSTMCell": (_recurrent.Keras2IdentityPerGate,),
    "ConvLSTM2D": (Keras2ConvRNN2D, _recurrent.Keras2ActivityRegularizer, _recurrent.Keras2RNN),
}


def _legacy_init(interface):
    """A constructor that converts Keras 1 arguments with `interface`, then runs `LegacyLayerMixin`'s."""

    def __init__(self, *args, **kwargs):
        LegacyLayerMixin.__init__(self, *args, **kwargs)

    if interface is not None:
        __init__ = getattr(_interfaces, interface)(__init__)
    return __init__


def _positional_names(base):
    """The names of the parameters of ``base.__init__`` that a positional argument can fill, in order."""
    parameters = list(inspect.signature(base.__init__).parameters.values())[1:]
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return tuple(p.name for p in parameters if p.kind in kinds)


def legacy_layer_class(base, kind="plain", defaults=None, extra_mixins=(), interface=None):
    """Make the Keras 2 version of Keras 3 layer class `base`.

    The class takes the Keras 2 arguments (see `LegacyLayerMixin`) and keeps
    `base`'s name and public module, so it serializes as `base`.

    Args:
        base: a Keras 3 layer class (``keras.layers.Dense``).
        kind: how ``input_dim`` / ``input_length`` give a shape: ``"plain"``,
            ``"sequence"`` or ``"embedding"``; default ``"plain"``.
        defaults: Keras 2 keyword defaults that differ from Keras 3; default None.
        extra_mixins: more mixin classes placed before `base`; default ().
        interface: name of the `keras_faq_compat.legacy.interfaces`
            decorator that converts the class's Keras 1 arguments
            (``"legacy_dense_support"``); default None.
    """
    namespace = {
        "__module__": "keras.layers",
        "__qualname__": base.__name__,
        "__doc__": f"Keras 2 ``{base.__name__}``: ``keras.layers.{base.__name__}`` taking Keras 2 arguments.",
        "_legacy_kind": kind,
        "_legacy_defaults": dict(defaults or {}),
        "_legacy_positional": _positional_names(base),
        "__init__": _legacy_init(interface),
    }
    return type(base.__name__, (LegacyLayerMixin, Keras2LayerAttributes, *extra_mixins, base), namespace)


class InputLayer(_keras.layers.InputLayer):
    """Keras 2's ``InputLayer``: ``keras.layers.InputLayer`` taking Keras 2's arguments.

    Args:
        input_shape: shape without the batch axis (Keras 3: ``shape``); default None.
        batch_size: default None.
        batch_input_shape: shape with the batch axis (Keras 3: ``batch_shape``);
            default None.
        dtype: default None (``K.floatx()``); Keras 1's ``input_dtype`` is
            converted with Keras 2's warning.
        input_tensor: an existing tensor to wrap; default None.
        sparse: default False.
        name: default the Keras 2 automatic name (``input_1``, ...).
        **kwargs: Keras 3 arguments (``shape``, ``batch_shape``, ...).
    """

    @_interfaces.legacy_input_support
    def __init__(
        self, input_shape=None, batch_size=None, batch_input_shape=None, dtype=None, input_tensor=None,
        sparse=False, name=None, **kwargs,
    ):
        if input_shape is not None:
            kwargs["shape"] = tuple(input_shape)
        if batch_input_shape is not None:
            kwargs["batch_shape"] = tuple(batch_input_shape)
        super().__init__(
            batch_size=batch_size, dtype=dtype, input_tensor=input_tensor, sparse=sparse,
            name=name or keras2_name("Input"), **kwargs,
        )


InputLayer.__module__ = "keras.layers"


def legacy_class(name):
    """The Keras 2 layer class called `name`, or named by alias `name` (made once, then reused)."""
    return _made_class(LEGACY_ALIASES.get(name, name))


@functools.lru_cache(maxsize=None)
def _made_class(name):
    kind, defaults = LEGACY_LAYERS[name]
    base = getattr(_keras.layers, name)
    return legacy_layer_class(base, kind, defaults, _EXTRA_MIXINS.get(name, ()), LEGACY_INTERFACES.get(name))


def __getattr__(name):
    if name in LEGACY_LAYERS or name in LEGACY_ALIASES:
        return legacy_class(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(__all__) | set(LEGACY_LAYERS) | set(LEGACY_ALIASES))
