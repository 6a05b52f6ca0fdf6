"""Keras 2 weight values: conversion rules and layer matching (the weights stage of loading).

Legacy API: what ``keras.engine.saving.preprocess_weights_for_loading`` and
``load_weights_from_hdf5_group(_by_name)`` did in Keras 2.

Keras 3 replacement: ``model.load_weights('x.weights.h5')`` (matching by
object structure) and ``.keras`` files, which need none of this.

Weight conversions are the table `WEIGHT_RULES`: each rule looks at the
target layer and the file's origin (Keras version, backend) and returns the
converted values plus, per value, how the matching optimizer slots convert,
so that a restored optimizer keeps pointing the same way
(`optimizer_state`). Before a layer's values are read, every weight's
declared shape is checked against the layer (`DECLARED_SHAPE_RULES`), so a
file declaring a huge weight fails before its data is read.
"""

import re
import warnings

import numpy as np

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.saving.errors import LegacyFileError
from keras_faq_compat.saving.weight_order import layer_weights

__all__ = [
    "FileOrigin",
    "WEIGHT_RULES",
    "DECLARED_SHAPE_RULES",
    "convert_layer_weights",
    "declared_shape_fits",
    "load_layers_topological",
    "load_layers_by_name",
    "layer_weights",
]

# Keras 2's hard_sigmoid was clip(0.2 x + 0.5, 0, 1); Keras 3's is
# clip(x / 6 + 0.5, 0, 1). Scaling what feeds it by 1.2 gives the Keras 2
# function with a built-in Keras 3 activation (so plain Keras 3 loads it).
HARD_SIGMOID_SCALE = 1.2


class FileOrigin:
    """Where weight values come from: the Keras version and backend of a file.

    Args:
        keras_version: the file's ``keras_version`` attribute; default ``"1"``
            when absent, as Keras 2 assumed.
        backend: the file's ``backend`` attribute; default None.
        source: the file name, for messages; default ``"<file>"``.
    """

    def __init__(self, keras_version=None, backend=None, source="<file>"):
        self.keras_version = str(keras_version or "1")
        self.backend = backend
        self.source = source
        parts = re.findall(r"\d+", self.keras_version)[:3]
        self.version = tuple(int(p) for p in parts) + (0,) * (3 - len(parts))

    @property
    def legacy(self):
        """True for files written by Keras 1 or 2."""
        return self.version[0] < 3

    @property
    def accuracy_named(self):
        """True when the writer logged ``metrics=['accuracy']`` as ``accuracy``, not ``acc``.

        Keras 2.3 and tf.keras in TensorFlow 2 (``2.2.4-tf`` and later) did;
        Keras 2.0-2.2 did not.
        """
        if "-tf" in self.keras_version:
            return self.version >= (2, 2, 4)
        return self.version >= (2, 3, 0)


# --------------------------------------------------------------------------
# Weight rules: rule(layer, values, slot_fns, origin) -> (values, slot_fns).
# `slot_fns[i]` maps an optimizer slot of value i, given the slot's power
# (see OPTIMIZER_SLOTS), to the converted slot; None means unchanged.


def _class(layer):
    return layer.__class__.__name__


def _compose(first, second):
    if first is None:
        return second
    return lambda a, p: second(first(a, p), p)


def _rule_nested(layer, values, slot_fns, origin):
    # Wrappers and nested models: convert each inner layer's share.
    if isinstance(layer, _keras.layers.Bidirectional):
        half = len(values) // 2
        fw, ffw = convert_layer_weights(layer.forward_layer, values[:half], origin, slot_fns[:half])
        bw, fbw = convert_layer_weights(layer.backward_layer, values[half:], origin, slot_fns[half:])
        return fw + bw, ffw + fbw
    if isinstance(layer, _keras.layers.TimeDistributed):
        return convert_layer_weights(layer.layer, values, origin, slot_fns)
    if isinstance(layer, _keras.Model) and hasattr(layer, "layers"):
        out, out_fns = [], []
        for part in ("trainable_weights", "non_trainable_weights"):
            for sub in layer.layers:
                n = len(getattr(sub, part))
                if n:
                    v, f = convert_layer_weights(sub, values[:n], origin, slot_fns[:n])
                    out += v
                    out_fns += f
                    values, slot_fns = values[n:], slot_fns[n:]
        return out + list(values), out_fns + list(slot_fns)
    return values, slot_fns


# Keras 1 kept one array per gate: GRU z, r, h and LSTM / ConvLSTM2D i, c, f, o
# (kernel, recurrent kernel, bias for each); Keras 2 concatenates the gates
# in the order z, r, h and i, f, c, o.
_KERAS1_GATES = {"GRU": (9, (0, 1, 2)), "LSTM": (12, (0, 2, 1, 3)), "ConvLSTM2D": (12, (0, 2, 1, 3))}

# Keras 1 convolution kernels: (layer class, data_format) -> axes of the
# transpose to the Keras 2 layout, or a function of the kernel.
_KERAS1_KERNELS = {
    ("Conv2D", "channels_first"): (2, 3, 1, 0),
    ("Conv2DTranspose", "channels_last"): (0, 1, 3, 2),
    ("Conv2DTranspose", "channels_first"): (2, 3, 0, 1),
    ("Conv3D", "channels_first"): (2, 3, 4, 1, 0),
}


def _keras1_conv1d(layer, kernel):
    # Keras 1 wrote (length, 1, input_dim, filters), Keras 1.1 (filters, input_dim, length, 1).
    if kernel.ndim != 4:
        return kernel
    if kernel.shape[:2] != (layer.kernel_size[0], 1) or kernel.shape[3] != layer.filters:
        kernel = np.transpose(kernel, (2, 3, 1, 0))
    return kernel[:, 0, :, :]


def _rule_keras1_layout(layer, values, slot_fns, origin):
    if origin.version[0] != 1 or not values:
        return values, slot_fns
    cls = _class(layer)
    values = list(values)
    count, order = _KERAS1_GATES.get(cls, (None, None))
    if len(values) == count:
        gates = [values[3 * g : 3 * g + 3] for g in range(len(order))]
        values = [np.concatenate([gates[g][part] for g in order], axis=-1) for part in range(3)]
        expected = tuple(layer.weights[0].shape)
        if cls == "ConvLSTM2D" and values[0].shape != expected:
            # A channels_first Keras 1 kernel: (filters, stack, rows, cols).
            values[0] = np.transpose(values[0], (2, 3, 1, 0))
            values[1] = np.transpose(values[1], (2, 3, 1, 0))
        # Keras 1 optimizer slots are not converted.
        return values, [_unconvertible] * 3
    kernel = values[0]
    if cls == "Conv1D":
        kernel = _keras1_conv1d(layer, kernel)
    axes = _KERAS1_KERNELS.get((cls, getattr(layer, "data_format", None)))
    if axes is not None and kernel.ndim == len(axes):
        kernel = np.transpose(kernel, axes)
    if kernel is values[0]:
        return values, slot_fns
    return [kernel] + values[1:], [_unconvertible] + list(slot_fns[1:])


_FLIPPED_KERNEL_LAYERS = ("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "ConvLSTM2D")


def _flip_spatial(kernel):
    # A Theano convolution is a true convolution: the kernel is mirrored on
    # every spatial axis compared with TensorFlow's cross-correlation.
    index = tuple([slice(None, None, -1)] * (kernel.ndim - 2) + [slice(None), slice(None)])
    return np.copy(kernel[index])


def _rule_theano_kernels(layer, values, slot_fns, origin):
    if origin.backend != "theano" or _class(layer) not in _FLIPPED_KERNEL_LAYERS or not values:
        return values, slot_fns
    values, slot_fns = list(values), list(slot_fns)
    expected = tuple(layer.weights[0].shape)
    count = 2 if _class(layer) == "ConvLSTM2D" else 1
    for i in range(count):
        kernel = values[i]
        if kernel.shape != expected and kernel.ndim == 4:
            # Theano's channels-first kernel layout (filters, stack, rows, cols).
            kernel = np.transpose(kernel, (2, 3, 1, 0))
        values[i] = _flip_spatial(kernel)
        slot_fns[i] = _compose(slot_fns[i], lambda a, p: _flip_spatial(np.asarray(a)))
    return values, slot_fns


def _split_gates(kernel, n_gates):
    return np.hsplit(kernel, n_gates)


def _rule_cudnn(layer, values, slot_fns, origin):
    # CuDNNLSTM/CuDNNGRU weights (bias of 2 * gates * units) into LSTM/GRU, as
    # Keras 2 converted them: input kernels were stored in Fortran order per
    # gate, recurrent kernels transposed per gate.
    cls = _class(layer)
    if cls not in ("LSTM", "GRU") or len(values) != 3:
        return values, slot_fns
    units = values[1].shape[0]
    gates = 4 if cls == "LSTM" else 3
    if values[2].shape != (2 * gates * units,):
        return values, slot_fns
    if cls == "GRU" and not layer.cell.reset_after:
        raise ValueError(
            f"{origin.source}: layer {layer.name!r} holds CuDNNGRU weights, which only "
            "GRU(reset_after=True, recurrent_activation='sigmoid') can use."
        )
    kernel = np.hstack([k.T.reshape(k.shape, order="F") for k in _split_gates(values[0], gates)])
    recurrent = np.hstack([k.T for k in _split_gates(values[1], gates)])
    if cls == "LSTM":
        bias = np.sum(np.split(values[2], 2), axis=0)
    else:
        bias = values[2].reshape(2, -1)
    # The optimizer slots of the CuDNN layout do not convert one to one.
    return [kernel, recurrent, bias], [_unconvertible] * 3


def _unconvertible(array, power):
    raise ValueError("CuDNN optimizer slots cannot be converted")


def _is_hard_sigmoid(fn):
    return fn is _keras.activations.hard_sigmoid or getattr(fn, "__name__", "") == "hard_sigmoid"


def _rule_hard_sigmoid(layer, values, slot_fns, origin):
    if not origin.legacy or not values:
        return values, slot_fns
    cls = _class(layer)
    cell = getattr(layer, "cell", None)
    columns = None
    if cls in ("LSTM", "GRU") and cell is not None and _is_hard_sigmoid(cell.recurrent_activation):
        units = cell.units
        # Gates through the recurrent activation: LSTM i, f, o; GRU z, r.
        gates = (0, 1, 3) if cls == "LSTM" else (0, 1)
        n_gates = 4 if cls == "LSTM" else 3
        scale = np.ones(n_gates * units, dtype="float32")
        for g in gates:
            scale[g * units : (g + 1) * units] = HARD_SIGMOID_SCALE
        columns = scale
    elif _is_hard_sigmoid(getattr(layer, "activation", None)) and hasattr(layer, "kernel"):
        columns = np.float32(HARD_SIGMOID_SCALE)
    if columns is None:
        return values, slot_fns
    values, slot_fns = list(values), list(slot_fns)
    count = 3 if cls in ("LSTM", "GRU") else 2
    for i in range(min(count, len(values))):
        values[i] = (values[i] * columns).astype(values[i].dtype)
        slot_fns[i] = _compose(
            slot_fns[i], lambda a, p, c=columns: (np.asarray(a) * c**p).astype(np.asarray(a).dtype)
        )
    return values, slot_fns


def _rule_normalization_statistics(layer, values, slot_fns, origin):
    # tf.keras 2.x saved the adapted mean and variance of a Normalization
    # over all axes as scalars; Keras 3 may keep them with shape (1,).
    if _class(layer) != "Normalization":
        return values, slot_fns
    shapes = [tuple(v.shape) for v in layer_weights(layer)]
    if len(shapes) != len(values):
        return values, slot_fns
    return [
        np.reshape(v, shape) if np.shape(v) != shape and np.size(v) == int(np.prod(shape)) else v
        for v, shape in zip(values, shapes)
    ], slot_fns


WEIGHT_RULES = [
    ("Bidirectional/TimeDistributed/nested model", _rule_nested),
    ("tf.keras Normalization statistics as scalars", _rule_normalization_statistics),
    ("Keras 1 per-gate RNN weights and kernel layouts", _rule_keras1_layout),
    ("Theano convolution kernels", _rule_theano_kernels),
    ("CuDNNLSTM/CuDNNGRU weights", _rule_cudnn),
    ("Keras 2 hard_sigmoid", _rule_hard_sigmoid),
]


def convert_layer_weights(layer, values, origin, slot_fns=None):
    """Apply `WEIGHT_RULES` to the values a file holds for `layer`.

    Args:
        layer: the Keras 3 layer that receives them.
        values: list of numpy arrays in Keras 2 order.
        origin: a `FileOrigin`.
        slot_fns: optimizer slot converters so far; default None.

    Returns:
        ``(values, slot_fns)``.
    """
    values = list(values)
    slot_fns = list(slot_fns) if slot_fns is not None else [None] * len(values)
    for _, rule in WEIGHT_RULES:
        values, slot_fns = rule(layer, values, slot_fns, origin)
    return values, slot_fns


# --------------------------------------------------------------------------
# Declared shapes, checked before any value is read. A file's weight may
# differ in shape from the layer's variable only as a conversion rule above
# changes it; anything else (a hostile file declaring a huge kernel) is
# refused before its data is read.


def _same_shape(expected, declared):
    return expected == declared


def _same_size(expected, declared):
    # Layout conversions: Theano kernels, CuDNN kernels, CuDNNGRU's bias.
    return int(np.prod(expected)) == int(np.prod(declared))


def _cudnn_lstm_bias(expected, declared):
    # CuDNNLSTM kept two biases per gate; LSTM keeps their sum.
    return len(expected) == 1 and len(declared) == 1 and declared[0] == 2 * expected[0]


DECLARED_SHAPE_RULES = [
    ("the layer's own shape", _same_shape),
    ("a layout conversion (Theano or CuDNN kernels, CuDNNGRU bias)", _same_size),
    ("CuDNNLSTM's double bias", _cudnn_lstm_bias),
]


def declared_shape_fits(expected, declared):
    """True if a file's weight of shape `declared` can become a variable of shape `expected`.

    Args:
        expected: the variable's shape.
        declared: the shape the file declares for the weight.
    """
    expected, declared = tuple(expected), tuple(declared)
    return any(rule(expected, declared) for _, rule in DECLARED_SHAPE_RULES)


def _shape_message(layer, var, name, shape, origin):
    return (
        f"{origin.source}: layer {layer.name!r} ({_class(layer)}) weight {var.path!r} has shape "
        f"{tuple(var.shape)} but the saved weight {name!r} has shape {tuple(shape)}"
    )


def _declared_shapes_fit(layer, variables, saved, origin, skip_mismatch):
    misfits = [(var, w) for var, w in zip(variables, saved) if not declared_shape_fits(var.shape, w.shape)]
    for var, weight in misfits:
        message = _shape_message(layer, var, weight.name, weight.shape, origin)
        if not skip_mismatch:
            raise LegacyFileError(message + " (checked before reading the file's data).")
        # The conversion rules need all of a layer's values: skip the layer.
        warnings.warn(
            f"Skipping loading of weights of layer {layer.name!r} due to mismatch in shape: {message}.",
            stacklevel=5,
        )
    return not misfits


# --------------------------------------------------------------------------
# Matching layers to the file. The file's weights come as objects with
# ``name``, ``shape`` (declared, nothing read) and ``read()``
# (`hdf5_format.SavedWeight`). Messages keep Keras 2's wording.


def _assign(layer, variables, values, names, origin, options, record):
    for var, value, name in zip(variables, values, names):
        target = tuple(var.shape)
        if options.reshape and tuple(value.shape) != target and value.size == int(np.prod(target)):
            value = np.reshape(value, target)  # Keras 2's reshape=True: same size, another shape
        if target != tuple(value.shape):
            message = _shape_message(layer, var, name, value.shape, origin)
            if options.skip_mismatch:
                warnings.warn(f"Skipping loading of weight {name!r} due to mismatch in shape: {message}.", stacklevel=5)
                continue
            raise LegacyFileError(message + ".")
        var.assign(value)
        record[id(var)] = name


class LoadOptions:
    """How saved weights meet the model's (Keras 2's ``load_weights`` options).

    Args:
        skip_mismatch: warn and skip what does not fit; default False.
        reshape: reshape a weight of the right size but another shape;
            default False.
    """

    def __init__(self, skip_mismatch=False, reshape=False):
        self.skip_mismatch = skip_mismatch
        self.reshape = reshape


def load_layers_topological(model, file_layers, origin, skip_mismatch=False, reshape=False):
    """Load by order: the n-th layer with weights gets the n-th saved one.

    Args:
        model: the model receiving the weights.
        file_layers: list of ``(layer_name, [saved weight, ...])`` in file
            order (`hdf5_format.SavedWeight` or anything with ``name``,
            ``shape`` and ``read()``).
        origin: a `FileOrigin`.
        skip_mismatch: warn and skip weights whose shape does not fit;
            default False.
        reshape: reshape weights of the right size but another shape;
            default False.

    Returns:
        ``(record, slot_record)``: for each loaded variable (by ``id``), its
        name in the file, and its optimizer slot converter.
    """
    options = LoadOptions(skip_mismatch, reshape)
    layers = [layer for layer in model.layers if layer_weights(layer)]
    saved = [(name, weights) for name, weights in file_layers if weights]
    if len(layers) != len(saved):
        raise LegacyFileError(
            f"{origin.source}: you are trying to load weights of {len(saved)} layers into a model "
            f"with {len(layers)} layers with weights (file: {', '.join(n for n, _ in saved)}; model: "
            f"{', '.join(layer.name for layer in layers)}). Load by name with "
            "load_weights(path, by_name=True) if only some layers match."
        )
    record, slot_record = {}, {}
    for layer, (name, weights) in zip(layers, saved):
        _load_layer(layer, name, weights, origin, options, record, slot_record)
    return record, slot_record


def _load_layer(layer, name, saved, origin, options, record, slot_record):
    """Assign saved layer `name`'s weights to `layer`, or skip or refuse a mismatch."""
    variables = layer_weights(layer)
    if len(saved) != len(variables):
        message = (
            f"{origin.source}: layer {layer.name!r} ({_class(layer)}) expects {len(variables)} "
            f"weights, but the saved layer {name!r} holds {len(saved)} weights"
        )
        if options.skip_mismatch:
            warnings.warn(
                f"Skipping loading of weights of layer {layer.name!r} due to mismatch in number of weights: {message}.",
                stacklevel=4,
            )
            return
        raise LegacyFileError(message + ".")
    if not _declared_shapes_fit(layer, variables, saved, origin, options.skip_mismatch):
        return
    values, slot_fns = convert_layer_weights(layer, [w.read() for w in saved], origin)
    _assign(layer, variables, values, [w.name for w in saved], origin, options, record)
    # Preprocessing layers (Normalization) derive what they compute from
    # their adapted variables, as Keras 3's own weight loading makes them.
    finalize = getattr(layer, "finalize_state", None)
    if callable(finalize):
        finalize()
    for var, fn in zip(variables, slot_fns):
        slot_record[id(var)] = fn


def load_layers_by_name(model, file_layers, origin, skip_mismatch=False, reshape=False):
    """Load each saved layer into every model layer of the same name.

    Layers of the model without a saved counterpart keep their values, as in
    Keras 2. Arguments and result as in `load_layers_topological`.
    """
    options = LoadOptions(skip_mismatch, reshape)
    index = {}
    for layer in model.layers:
        index.setdefault(layer.name, []).append(layer)
    record, slot_record = {}, {}
    for name, weights in file_layers:
        for layer in index.get(name, []):
            _load_layer(layer, name, weights, origin, options, record, slot_record)
    return record, slot_record
