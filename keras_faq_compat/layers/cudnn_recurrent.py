"""Keras 2's ``CuDNNLSTM`` and ``CuDNNGRU`` (``keras.layers.cudnn_recurrent``).

Legacy API: ``CuDNNLSTM(units, kernel_initializer='glorot_uniform', recurrent_initializer='orthogonal',
bias_initializer='zeros', unit_forget_bias=True, ..._regularizer, ..._constraint, return_sequences=False,
return_state=False, go_backwards=False, stateful=False)`` and ``CuDNNGRU`` (the same without
`unit_forget_bias`).

Keras 3 replacement: ``keras.layers.LSTM`` and ``keras.layers.GRU(reset_after=True)`` with their default
activations, which Keras 3 runs with cuDNN on a GPU by itself.

Difference: none in the numbers. The weights keep Keras 2's cuDNN layout, so ``count_params()`` and
``summary()`` are Keras 2's (a bias of ``8 * units`` for CuDNNLSTM, input and recurrent biases, and of
``6 * units`` for CuDNNGRU) and Keras 2 files load without conversion; the cell reads them as cuDNN did
(each gate's input kernel in cuDNN's order, the two biases added) and computes with Keras 3's LSTM or
GRU, with cuDNN on a GPU. Unlike Keras 2 the layers also run on a CPU. A model saved with them names
``CuDNNLSTM`` / ``CuDNNGRU``, as Keras 2 did, which plain Keras 3 does not know.
"""

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.layers import legacy_layers, recurrent

__all__ = ["CuDNNLSTM", "CuDNNGRU", "cudnn_kernel_as_keras", "keras3_equivalent"]

_ops = _keras.ops

# What the cuDNN kernels fixed; a caller may not change them.
_CUDNN_FIXED = {"activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True}


def cudnn_kernel_as_keras(kernel, gates):
    """The Keras kernel that computes what cuDNN computes with `kernel` (a tensor or array).

    cuDNN reads each gate's ``(rows, units)`` block of a Keras 2 CuDNN kernel as the flat, row-major
    values of a ``(units, rows)`` matrix, which it multiplies from the left; as a Keras kernel that is
    the transpose of that matrix (for a recurrent kernel, the transpose of the block).

    Args:
        kernel: ``(rows, gates * units)`` input or recurrent kernel in Keras 2's CuDNN layout.
        gates: 4 for LSTM, 3 for GRU.
    """
    rows = kernel.shape[0]
    units = kernel.shape[1] // gates
    blocks = _ops.split(kernel, gates, axis=1)
    return _ops.concatenate([_ops.transpose(_ops.reshape(block, (units, rows))) for block in blocks], axis=1)


class _CuDNNWeights:
    """A Keras 3 LSTM/GRU cell whose weights are those of Keras 2's CuDNN layer.

    ``kernel``, ``recurrent_kernel`` and ``bias`` are the Keras views that Keras 3's cell and its
    cuDNN path compute with; the variables are ``cudnn_kernel``, ``cudnn_recurrent_kernel`` and
    ``cudnn_bias``, saved as ``kernel``, ``recurrent_kernel`` and ``bias`` in Keras 2's order.
    """

    gates = 4

    def build(self, input_shape):
        units, gates = self.units, self.gates
        self.cudnn_kernel = self.add_weight(
            shape=(input_shape[-1], gates * units), name="kernel", initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
        )
        self.cudnn_recurrent_kernel = self.add_weight(
            shape=(units, gates * units), name="recurrent_kernel", initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint,
        )
        self.cudnn_bias = self.add_weight(
            shape=(2 * gates * units,), name="bias", initializer=self.cudnn_bias_initializer(),
            regularizer=self.bias_regularizer, constraint=self.bias_constraint,
        )

    def cudnn_bias_initializer(self):
        return self.bias_initializer

    @property
    def kernel(self):
        return cudnn_kernel_as_keras(self.cudnn_kernel, self.gates)

    @property
    def recurrent_kernel(self):
        return cudnn_kernel_as_keras(self.cudnn_recurrent_kernel, self.gates)


class _CuDNNLSTMCell(_CuDNNWeights, _keras.layers.LSTMCell):
    gates = 4

    def cudnn_bias_initializer(self):
        if not self.unit_forget_bias:
            return self.bias_initializer

        # Keras 2: ones for the recurrent forget bias, so that the two forget biases add up to 1.
        def initializer(shape, dtype=None):
            units = self.units
            return _ops.concatenate([
                self.bias_initializer((5 * units,), dtype=dtype),
                _ops.ones((units,), dtype=dtype),
                self.bias_initializer((2 * units,), dtype=dtype),
            ])

        return initializer

    @property
    def bias(self):
        input_bias, recurrent_bias = _ops.split(self.cudnn_bias, 2)
        return input_bias + recurrent_bias


class _CuDNNGRUCell(_CuDNNWeights, _keras.layers.GRUCell):
    gates = 3

    @property
    def bias(self):
        # Keras 3's reset-after GRU: row 0 the input biases, row 1 the recurrent ones, as cuDNN.
        return _ops.reshape(self.cudnn_bias, (2, 3 * self.units))


class _CuDNNRNN:
    """What the two layers share: Keras 2's fixed arguments, config and missing masking."""

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False, stateful=False,
                 activity_regularizer=None, **kwargs):
        for name, value in _CUDNN_FIXED.items():
            if name in kwargs and kwargs.pop(name) != value:
                raise TypeError(f"{type(self).__name__} has no {name!r} argument (cuDNN always uses {value!r}).")
        warn_legacy(
            f"keras.layers.{type(self).__name__}",
            f"keras.layers.{self.keras3_name}",
            "Keras 3 uses cuDNN by itself when the arguments allow it.",
        )
        # The Keras 3 LSTM/GRU constructor makes its own cell; this layer brings the cuDNN one.
        _keras.layers.RNN.__init__(
            self, cell, return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, activity_regularizer=activity_regularizer, **kwargs,
        )
        self.input_spec = _keras.layers.InputSpec(ndim=3)
        self.use_cudnn = "auto"

    def call(self, sequences, initial_state=None, mask=None, training=False, **kwargs):
        if mask is not None:
            raise ValueError("Masking is not supported for CuDNN RNNs.")
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training, **kwargs)

    def get_config(self):
        cell = self.cell
        serialize = _keras.saving.serialize_keras_object
        config = {
            "units": cell.units,
            "kernel_initializer": serialize(cell.kernel_initializer),
            "recurrent_initializer": serialize(cell.recurrent_initializer),
            "bias_initializer": serialize(cell.bias_initializer),
            "kernel_regularizer": serialize(cell.kernel_regularizer),
            "recurrent_regularizer": serialize(cell.recurrent_regularizer),
            "bias_regularizer": serialize(cell.bias_regularizer),
            "activity_regularizer": serialize(self.activity_regularizer),
            "kernel_constraint": serialize(cell.kernel_constraint),
            "recurrent_constraint": serialize(cell.recurrent_constraint),
            "bias_constraint": serialize(cell.bias_constraint),
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
        }
        base = _keras.layers.Layer.get_config(self)
        return {**base, **config}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _cell_arguments(kwargs):
    names = ("kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer",
             "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
             "bias_constraint")
    return {name: kwargs.pop(name) for name in names if name in kwargs}


class _CuDNNLSTMLayer(_CuDNNRNN, _keras.layers.LSTM):
    keras3_name = "LSTM"

    def __init__(self, units, unit_forget_bias=True, **kwargs):
        cell = _CuDNNLSTMCell(
            units, unit_forget_bias=unit_forget_bias, dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True), name="cudnn_lstm_cell", **_cell_arguments(kwargs),
        )
        super().__init__(cell, **kwargs)

    def get_config(self):
        return {**super().get_config(), "unit_forget_bias": self.cell.unit_forget_bias}


class _CuDNNGRULayer(_CuDNNRNN, _keras.layers.GRU):
    keras3_name = "GRU"

    def __init__(self, units, **kwargs):
        cell = _CuDNNGRUCell(
            units, reset_after=True, dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True),
            name="cudnn_gru_cell", **_cell_arguments(kwargs),
        )
        super().__init__(cell, **kwargs)


def keras3_equivalent(layer):
    """A plain Keras 3 ``LSTM``/``GRU`` that computes what the built CuDNN `layer` computes.

    For files meant for plain Keras 3 (``keras-faq-compat convert``): the weights are converted
    as Keras 2's ``preprocess_weights_for_loading`` converted CuDNN weights (per-gate kernels,
    the two LSTM biases added), so the parameter count is Keras 3's.

    Args:
        layer: a built `CuDNNLSTM` or `CuDNNGRU`.

    Raises:
        ValueError: `layer` is not a built CuDNN layer of this module.
    """
    if not isinstance(layer, (_CuDNNLSTMLayer, _CuDNNGRULayer)) or not layer.built:
        raise ValueError(f"keras3_equivalent: {layer!r} is not a built CuDNNLSTM or CuDNNGRU layer.")
    config = layer.get_config()
    for name in ("name", "trainable", "dtype"):
        config.pop(name, None)
    cell = layer.cell
    kwargs = dict(name=layer.name, trainable=layer.trainable, dtype=layer.dtype_policy, **_CUDNN_FIXED)
    if isinstance(layer, _CuDNNLSTMLayer):
        twin = _keras.layers.LSTM(**config, **kwargs)
    else:
        twin = _keras.layers.GRU(reset_after=True, **config, **kwargs)
    twin.build((None, None, cell.cudnn_kernel.shape[0]))
    twin.set_weights([_ops.convert_to_numpy(w) for w in (cell.kernel, cell.recurrent_kernel, cell.bias)])
    return twin


# Keras 2's class names (what `legacy_layer_class` names the layers after and files carry).
_CuDNNLSTMLayer.__name__ = _CuDNNLSTMLayer.__qualname__ = "CuDNNLSTM"
_CuDNNGRULayer.__name__ = _CuDNNGRULayer.__qualname__ = "CuDNNGRU"

# With the Keras 2 layer arguments (``input_shape=``, ``batch_input_shape=``, ``weights=``, names
# ``cu_dnnlstm_1``, ...) and Keras 2's recurrent calling conventions.
CuDNNLSTM = legacy_layers.legacy_layer_class(_CuDNNLSTMLayer, "sequence", extra_mixins=(recurrent.Keras2RNN,))
CuDNNGRU = legacy_layers.legacy_layer_class(_CuDNNGRULayer, "sequence", extra_mixins=(recurrent.Keras2RNN,))
CuDNNLSTM.__doc__ = "Keras 2 ``CuDNNLSTM``: an LSTM with Keras 2's cuDNN weights (see the module docstring)."
CuDNNGRU.__doc__ = "Keras 2 ``CuDNNGRU``: a reset-after GRU with Keras 2's cuDNN weights (see the module docstring)."


__getattr__, __dir__ = _lazy.surface(__name__)
