"""``keras.legacy.layers``: the Keras 1 layers Keras 2 still shipped.

Legacy API: ``Highway``, ``MaxoutDense``, ``AtrousConvolution1D``,
``AtrousConvolution2D`` (also ``keras.layers.*`` and
``keras.layers.convolutional.AtrousConv1D/2D`` in Keras 2), and the Keras 2.0
base classes of custom recurrent layers, ``Recurrent`` and
``ConvRecurrent2D`` (a subclass writes ``build``, ``step(inputs, states)``
and optionally ``get_constants``, ``preprocess_input``,
``get_initial_state``).

Keras 3 replacement: ``Highway`` and ``MaxoutDense`` have none (a ``Dense``
pair or a custom layer); ``Conv1D`` / ``Conv2D`` with ``dilation_rate``;
``keras.layers.RNN`` with a cell for ``Recurrent`` and ``ConvRecurrent2D``.

Remaining differences: the layers emit Keras 2's deprecation texts as
`UserWarning`; ``Recurrent(stateful=True)`` raises `NotImplementedError`
(use ``keras.layers.RNN(cell, stateful=True)``), and ``_uses_learning_phase``
is not set on the outputs; a saved model that holds these layers needs them in
``custom_objects`` to load, as other custom layers do in Keras 3.
"""

import warnings

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.layers import legacy_layers as _legacy_layers
from keras_faq_compat.legacy import interfaces

__all__ = ["MaxoutDense", "Highway", "AtrousConvolution1D", "AtrousConvolution2D", "Recurrent", "ConvRecurrent2D"]

_initializers = _keras.initializers
_regularizers = _keras.regularizers
_constraints = _keras.constraints
_activations = _keras.activations
_ops = _keras.ops


def _serialized(module, obj):
    return module.serialize(obj) if obj is not None else None


class _Keras1Dense(_legacy_layers.LegacyLayerMixin, _keras.layers.Layer):
    """What `MaxoutDense` and `Highway` share: Keras 1 weight arguments and config."""

    def __init__(
        self,
        init="glorot_uniform",
        weights=None,
        W_regularizer=None,  # noqa: N803 (Keras 1's names)
        b_regularizer=None,
        activity_regularizer=None,
        W_constraint=None,  # noqa: N803
        b_constraint=None,
        bias=True,
        input_dim=None,
        **kwargs,
    ):
        self.init = _initializers.get(init)
        self.W_regularizer = _regularizers.get(W_regularizer)
        self.b_regularizer = _regularizers.get(b_regularizer)
        self.W_constraint = _constraints.get(W_constraint)
        self.b_constraint = _constraints.get(b_constraint)
        self.bias = bias
        self.input_dim = input_dim
        if input_dim:
            kwargs["input_shape"] = (input_dim,)
        super().__init__(weights=weights, activity_regularizer=_regularizers.get(activity_regularizer), **kwargs)
        self.input_spec = _keras.layers.InputSpec(ndim=2)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "init": _initializers.serialize(self.init),
                "W_regularizer": _serialized(_regularizers, self.W_regularizer),
                "b_regularizer": _serialized(_regularizers, self.b_regularizer),
                "activity_regularizer": _serialized(_regularizers, self.activity_regularizer),
                "W_constraint": _serialized(_constraints, self.W_constraint),
                "b_constraint": _serialized(_constraints, self.b_constraint),
                "bias": self.bias,
                "input_dim": self.input_dim,
            }
        )
        return config


class MaxoutDense(_Keras1Dense):
    """Keras 1's dense maxout layer: the element-wise maximum of `nb_feature` linear layers.

    Output: ``max_k (x . W[k] + b[k])``, shape ``(batch, output_dim)``.
    Weights, in order: ``W`` ``(nb_feature, input_dim, output_dim)`` and
    ``b`` ``(nb_feature, output_dim)``.

    Args:
        output_dim: size of the output.
        nb_feature: number of linear layers; default 4.
        init: initializer of ``W``; default ``"glorot_uniform"``.
        weights: initial weights ``[W, b]``; default None.
        W_regularizer, b_regularizer, activity_regularizer: default None.
        W_constraint, b_constraint: default None.
        bias: whether to add ``b``; default True.
        input_dim: size of the input, for a first layer; default None.
        **kwargs: other layer arguments (``name``, ``input_shape``, ...).
    """

    def __init__(self, output_dim, nb_feature=4, **kwargs):
        warnings.warn("The `MaxoutDense` layer is deprecated and will be removed after 06/2017.", stacklevel=2)
        self.output_dim = output_dim
        self.nb_feature = nb_feature
        super().__init__(**kwargs)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.input_spec = _keras.layers.InputSpec(ndim=2, axes={-1: input_dim})
        self.W = self.add_weight(
            shape=(self.nb_feature, input_dim, self.output_dim),
            initializer=self.init,
            name="W",
            regularizer=self.W_regularizer,
            constraint=self.W_constraint,
        )
        self.b = None
        if self.bias:
            self.b = self.add_weight(
                shape=(self.nb_feature, self.output_dim),
                initializer="zeros",
                name="b",
                regularizer=self.b_regularizer,
                constraint=self.b_constraint,
            )

    def call(self, x):
        # Linear on purpose: Keras 1's maxout layer had no activation.
        output = _ops.einsum("ni,fio->nfo", x, self.W)
        if self.bias:
            output = output + self.b
        return _ops.max(output, axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_dim)

    def get_config(self):
        config = super().get_config()
        config.update({"output_dim": self.output_dim, "nb_feature": self.nb_feature})
        return config


class Highway(_Keras1Dense):
    """Keras 1's densely connected highway layer.

    Output: ``t * activation(x . W + b) + (1 - t) * x`` with the transform
    gate ``t = sigmoid(x . W_carry + b_carry)``; the input and output have
    the same size. Weights, in order: ``W``, ``W_carry`` ``(input_dim,
    input_dim)``, then ``b`` (zeros) and ``b_carry`` (ones) ``(input_dim,)``
    when `bias`.

    Args:
        init: initializer of ``W`` and ``W_carry``; default ``"glorot_uniform"``.
        activation: default None (linear).
        weights: initial weights in the order above; default None.
        W_regularizer, b_regularizer, activity_regularizer: default None.
        W_constraint, b_constraint: default None.
        bias: whether to add the biases; default True.
        input_dim: size of the input, for a first layer; default None.
        **kwargs: other layer arguments (``name``, ``input_shape``, ...);
            Keras 1's ``transform_bias`` is dropped with a warning.
    """

    def __init__(self, init="glorot_uniform", activation=None, **kwargs):
        warnings.warn("The `Highway` layer is deprecated and will be removed after 06/2017.", stacklevel=2)
        if "transform_bias" in kwargs:
            kwargs.pop("transform_bias")
            warnings.warn("`transform_bias` argument is deprecated and has been removed.", stacklevel=2)
        self.activation = _activations.get(activation)
        super().__init__(init=init, **kwargs)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.input_spec = _keras.layers.InputSpec(ndim=2, axes={-1: input_dim})
        self.W = self.add_weight(
            shape=(input_dim, input_dim),
            initializer=self.init,
            name="W",
            regularizer=self.W_regularizer,
            constraint=self.W_constraint,
        )
        self.W_carry = self.add_weight(shape=(input_dim, input_dim), initializer=self.init, name="W_carry")
        self.b = self.b_carry = None
        if self.bias:
            self.b = self.add_weight(
                shape=(input_dim,),
                initializer="zeros",
                name="b",
                regularizer=self.b_regularizer,
                constraint=self.b_constraint,
            )
            self.b_carry = self.add_weight(shape=(input_dim,), initializer="ones", name="b_carry")

    def call(self, x):
        gate = _ops.matmul(x, self.W_carry)
        transform = _ops.matmul(x, self.W)
        if self.bias:
            gate = gate + self.b_carry
            transform = transform + self.b
        gate = _ops.sigmoid(gate)
        return self.activation(transform) * gate + (1 - gate) * x

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config["activation"] = _activations.serialize(self.activation)
        return config


def _atrous(conv_name, legacy_name, args, kwargs):
    kwargs["dilation_rate"] = kwargs.pop("atrous_rate", 1)
    warnings.warn(
        f"The `{legacy_name}` layer  has been deprecated. Use instead the `{conv_name}` layer with the "
        "`dilation_rate` argument.",
        stacklevel=3,
    )
    return _legacy_layers.legacy_class(conv_name)(*args, **kwargs)


def AtrousConvolution1D(*args, **kwargs):  # noqa: N802 (a Keras 2 layer name)
    """Keras 1's dilated 1D convolution: ``Conv1D(..., dilation_rate=atrous_rate)``.

    Args:
        *args, **kwargs: ``Conv1D``'s (Keras 1 names accepted), plus
            ``atrous_rate`` (the dilation rate; default 1).
    """
    return _atrous("Conv1D", "AtrousConvolution1D", args, kwargs)


def AtrousConvolution2D(*args, **kwargs):  # noqa: N802
    """Keras 1's dilated 2D convolution: ``Conv2D(..., dilation_rate=atrous_rate)``.

    Args:
        *args, **kwargs: ``Conv2D``'s (Keras 1 names such as ``nb_row``,
            ``border_mode`` accepted), plus ``atrous_rate`` (default 1).
    """
    return _atrous("Conv2D", "AtrousConvolution2D", args, kwargs)


_STATEFUL = (
    "keras.legacy.layers.Recurrent(stateful=True) is not restored; use keras.layers.RNN(cell, stateful=True) "
    "with a cell whose call(inputs, states) is your step(inputs, states)."
)


class Recurrent(_legacy_layers.LegacyLayerMixin, _keras.layers.Layer):
    """Keras 2.0's abstract base class of recurrent layers, for custom subclasses.

    A subclass sets ``self.units`` and, in ``build``, its weights and
    ``self.states`` (one ``None`` per state); it defines ``step(inputs,
    states) -> (output, new_states)``, where `states` are the states then
    the constants of ``get_constants``. The layer runs the step over the
    time axis from zero states (or ``initial_state``).

    Args:
        return_sequences: return the whole output sequence; default False.
        return_state: also return the last states; default False.
        go_backwards: process the sequence backwards; default False.
        stateful: not restored: True raises `NotImplementedError`
            (use ``keras.layers.RNN(cell, stateful=True)``); default False.
        unroll: unroll the loop; default False.
        implementation: kept in the config; default 0.
        **kwargs: other layer arguments (``input_dim``, ``input_length``,
            ``input_shape``, ``name``, ...).
    """

    _legacy_kind = "sequence"

    def __init__(
        self,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        implementation=0,
        **kwargs,
    ):
        if stateful:
            raise NotImplementedError(_STATEFUL)
        super().__init__(**kwargs)
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.implementation = implementation
        self.supports_masking = True
        self.input_spec = [_keras.layers.InputSpec(ndim=3)]
        self.state_spec = None
        self.dropout = 0
        self.recurrent_dropout = 0

    @interfaces.legacy_add_weight_support
    def add_weight(
        self, name=None, shape=None, dtype=None, initializer=None, regularizer=None, trainable=True, constraint=None,
        **kwargs,
    ):
        """Keras 2's ``add_weight(name, shape, dtype, initializer, regularizer, trainable, constraint)``.

        Keras 1's ``add_weight(shape, name, ...)`` order is accepted too.
        """
        return super().add_weight(
            shape=shape, initializer=initializer, dtype=dtype, trainable=trainable, regularizer=regularizer,
            constraint=constraint, name=name, **kwargs,
        )

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        if self.return_sequences:
            output_shape = (input_shape[0], input_shape[1], self.units)
        else:
            output_shape = (input_shape[0], self.units)
        if self.return_state:
            return [output_shape] + [(input_shape[0], self.units) for _ in self.states]
        return output_shape

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, list):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.states]
        return output_mask

    def step(self, inputs, states):
        """One time step: ``(output, new_states)``; subclasses define it."""
        raise NotImplementedError(f"{type(self).__name__} must define step(inputs, states).")

    def get_constants(self, inputs, training=None):
        """Tensors passed to every `step` after the states; default none."""
        return []

    def get_initial_state(self, inputs):
        """One zero state ``(samples, units)`` per entry of ``self.states``."""
        # Built from `inputs` so that the batch size may be unknown.
        zeros = _ops.sum(_ops.zeros_like(inputs), axis=tuple(range(1, len(inputs.shape))))
        state = _ops.tile(_ops.expand_dims(zeros, 1), [1, self.units])
        return [state for _ in range(len(self.states))]

    def preprocess_input(self, inputs, training=None):
        """The input given to the time loop; default `inputs` unchanged."""
        return inputs

    def call(self, inputs, mask=None, training=None, initial_state=None):
        from keras_faq_compat import backend as K  # noqa: N812 (Keras 2's alias)

        if isinstance(inputs, (list, tuple)):
            inputs, initial_state = inputs[0], list(inputs[1:])
        if initial_state is None:
            initial_state = self.get_initial_state(inputs)
        if isinstance(mask, list):
            mask = mask[0]
        initial_state = list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
        if len(initial_state) != len(self.states):
            raise ValueError(
                f"Layer has {len(self.states)} states but was passed {len(initial_state)} initial states."
            )
        timesteps = inputs.shape[1]
        if self.unroll and timesteps in (None, 1):
            raise ValueError(
                "Cannot unroll a RNN if the time dimension is undefined or equal to 1: give the time dimension "
                "in the `input_shape` (or `batch_shape`) of the first layer."
            )
        constants = self.get_constants(inputs, training=None)
        last_output, outputs, states = K.rnn(
            self.step,
            self.preprocess_input(inputs, training=None),
            initial_state,
            go_backwards=self.go_backwards,
            mask=mask,
            constants=constants,
            unroll=self.unroll,
            input_length=timesteps,
        )
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return [output] + list(states)
        return output

    def reset_states(self, states=None):
        raise AttributeError("Layer must be stateful.")

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "return_sequences": self.return_sequences,
                "return_state": self.return_state,
                "go_backwards": self.go_backwards,
                "stateful": self.stateful,
                "unroll": self.unroll,
                "implementation": self.implementation,
            }
        )
        return config


def _tuple(value, n):
    return (value,) * n if isinstance(value, int) else tuple(value)


def _conv_length(length, size, padding, stride, dilation):
    if length is None:
        return None
    size = size + (size - 1) * (dilation - 1)
    length = {"same": length, "valid": length - size + 1, "full": length + size - 1}.get(padding, length)
    return (length + stride - 1) // stride


class ConvRecurrent2D(Recurrent):
    """Keras 2.0's abstract base class of convolutional recurrent layers, for custom subclasses.

    As `Recurrent`, over inputs ``(samples, time, rows, cols, channels)``
    (``channels_last``) or ``(samples, time, channels, rows, cols)``; a
    subclass also defines ``get_initial_state``, whose states have the shape
    of one output step.

    Args:
        filters: number of output filters.
        kernel_size: an int or 2 ints.
        strides: default ``(1, 1)``.
        padding: ``"valid"`` or ``"same"``; default ``"valid"``.
        data_format: default None (``image_data_format()``).
        dilation_rate: default ``(1, 1)``.
        return_sequences, go_backwards: default False.
        stateful: not restored (see `Recurrent`); default False.
        **kwargs: `Recurrent`'s other arguments.
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format=None,
        dilation_rate=(1, 1),
        return_sequences=False,
        go_backwards=False,
        stateful=False,
        **kwargs,
    ):
        super().__init__(return_sequences=return_sequences, go_backwards=go_backwards, stateful=stateful, **kwargs)
        self.filters = filters
        self.kernel_size = _tuple(kernel_size, 2)
        self.strides = _tuple(strides, 2)
        self.padding = padding.lower()
        self.data_format = data_format or _keras.config.image_data_format()
        self.dilation_rate = _tuple(dilation_rate, 2)
        self.input_spec = [_keras.layers.InputSpec(ndim=5)]

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        first = self.data_format == "channels_first"
        rows, cols = input_shape[3:5] if first else input_shape[2:4]
        rows, cols = (
            _conv_length(length, self.kernel_size[i], self.padding, self.strides[i], self.dilation_rate[i])
            for i, length in enumerate((rows, cols))
        )
        step = (self.filters, rows, cols) if first else (rows, cols, self.filters)
        output_shape = (input_shape[0], input_shape[1]) + step if self.return_sequences else (input_shape[0],) + step
        if self.return_state:
            state_shape = (input_shape[0],) + step
            return [output_shape, state_shape, state_shape]
        return output_shape

    def get_initial_state(self, inputs):
        raise NotImplementedError(
            f"{type(self).__name__} must define get_initial_state(inputs) (Keras 2's ConvRecurrent2D had none)."
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "filters": self.filters,
                "kernel_size": self.kernel_size,
                "strides": self.strides,
                "padding": self.padding,
                "data_format": self.data_format,
                "dilation_rate": self.dilation_rate,
            }
        )
        return config


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
