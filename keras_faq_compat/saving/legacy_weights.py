"""Keras 2 weight values: conversion rules, layer matching, optimizer state.

Legacy API: what ``keras.engine.saving.preprocess_weights_for_loading``,
``load_weights_from_hdf5_group(_by_name)`` and the optimizer part of
``load_model`` did in Keras 2.

Keras 3 replacement: ``model.load_weights('x.weights.h5')`` (matching by
object structure) and ``.keras`` files, which need none of this.

Weight conversions are the table `WEIGHT_RULES`: each rule looks at the
target layer and the file's origin (Keras version, backend) and returns the
converted values plus, per value, how the matching optimizer slots convert,
so that a restored optimizer keeps pointing the same way.
"""

import re
import warnings

import numpy as np

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras

__all__ = [
    "FileOrigin",
    "WEIGHT_RULES",
    "OPTIMIZER_SLOTS",
    "load_layers_topological",
    "load_layers_by_name",
    "restore_optimizer_state",
    "layer_weights",
]

# Keras 2's hard_sigmoid was clip(0.2 x + 0.5, 0, 1); Keras 3's is
# clip(x / 6 + 0.5, 0, 1). Scaling what feeds it by 1.2 gives the Keras 2
# function with a built-in Keras 3 activation (so plain Keras 3 loads it).
HARD_SIGMOID_SCALE = 1.2

# Keras 2 trained with the trainable weights sorted by name before 2.0.6.
NAME_SORTED_BEFORE = (2, 0, 6)


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


def layer_weights(layer):
    """A layer's weights in the order Keras 2 saved them (trainable first)."""
    return list(layer.trainable_weights) + list(layer.non_trainable_weights)


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
    raise _SlotMismatch("CuDNN optimizer slots cannot be converted")


class _SlotMismatch(ValueError):
    pass


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


WEIGHT_RULES = [
    ("Bidirectional/TimeDistributed/nested model", _rule_nested),
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
# Matching layers to the file.


def _assign(layer, variables, values, names, origin, skip_mismatch, record):
    for var, value, name in zip(variables, values, names):
        if tuple(var.shape) != tuple(value.shape):
            message = (
                f"{origin.source}: weight {name!r} has shape {tuple(value.shape)} but layer "
                f"{layer.name!r} ({_class(layer)}) expects {tuple(var.shape)} for {var.path!r}"
            )
            if skip_mismatch:
                warnings.warn(f"Skipping loading of a weight: {message}.", stacklevel=4)
                continue
            raise ValueError(message + ".")
        var.assign(value)
        record[id(var)] = name


def _convert_and_assign(layer, group_values, origin, skip_mismatch, record, slot_record):
    names, values = group_values
    variables = layer_weights(layer)
    values, slot_fns = convert_layer_weights(layer, values, origin)
    _assign(layer, variables, values, names, origin, skip_mismatch, record)
    for var, fn in zip(variables, slot_fns):
        slot_record[id(var)] = fn


def load_layers_topological(model, file_layers, origin, skip_mismatch=False):
    """Load by order: the n-th layer with weights gets the n-th saved one.

    Args:
        model: the model receiving the weights.
        file_layers: list of ``(layer_name, (weight_names, values))`` in
            file order.
        origin: a `FileOrigin`.
        skip_mismatch: warn and skip weights whose shape does not fit;
            default False.

    Returns:
        ``(record, slot_record)``: for each loaded variable (by ``id``), its
        name in the file, and its optimizer slot converter.
    """
    layers = [layer for layer in model.layers if layer_weights(layer)]
    saved = [(name, data) for name, data in file_layers if data[0]]
    if len(layers) != len(saved):
        raise ValueError(
            f"{origin.source}: the file holds weights for {len(saved)} layers "
            f"({', '.join(n for n, _ in saved)}) but the model has {len(layers)} layers "
            f"with weights ({', '.join(layer.name for layer in layers)}). Load by name with "
            "load_weights(path, by_name=True) if only some layers match."
        )
    record, slot_record = {}, {}
    for layer, (name, data) in zip(layers, saved):
        _load_layer(layer, name, data, origin, skip_mismatch, record, slot_record)
    return record, slot_record


def _load_layer(layer, name, data, origin, skip_mismatch, record, slot_record):
    """Assign saved layer `name`'s `data` to `layer`, or skip or refuse a count mismatch."""
    expected = len(layer_weights(layer))
    if len(data[0]) != expected:
        message = (
            f"{origin.source}: saved layer {name!r} holds {len(data[0])} weights but "
            f"layer {layer.name!r} ({_class(layer)}) has {expected}"
        )
        if skip_mismatch:
            warnings.warn(f"Skipping layer: {message}.", stacklevel=4)
            return
        raise ValueError(message + ".")
    _convert_and_assign(layer, data, origin, skip_mismatch, record, slot_record)


def load_layers_by_name(model, file_layers, origin, skip_mismatch=False):
    """Load each saved layer into every model layer of the same name.

    Layers of the model without a saved counterpart keep their values, as in
    Keras 2. Arguments and result as in `load_layers_topological`.
    """
    index = {}
    for layer in model.layers:
        index.setdefault(layer.name, []).append(layer)
    record, slot_record = {}, {}
    for name, data in file_layers:
        for layer in index.get(name, []):
            _load_layer(layer, name, data, origin, skip_mismatch, record, slot_record)
    return record, slot_record


# --------------------------------------------------------------------------
# Optimizer state.

# Per optimizer class: the power of each per-weight slot list, in the order
# Keras 2 saved them (the order of `_internals.optimizer_slots`). The power
# says how a slot changes when its weight is scaled by s: s ** power (a
# moment of the gradient scales by 1/s, a squared gradient by 1/s**2).
OPTIMIZER_SLOTS = {
    "SGD": (1,),
    "RMSprop": (-2,),
    "Adagrad": (-2,),
    "Adadelta": (-2, 2),
    "Adam": (-1, -2, -2),
    "Adamax": (-1, -1),
    "Nadam": (-1, -2),
}


def _legacy_param_orders(params, record, origin):
    by_layer = list(params)
    by_name = sorted(params, key=lambda v: record.get(id(v), v.path))
    if origin.version < NAME_SORTED_BEFORE:
        return [by_name, by_layer]
    return [by_layer, by_name]


def restore_optimizer_state(model, names, values, origin, record, slot_record):
    """Put saved optimizer weights into ``model.optimizer``.

    Files written by Keras 3 hold ``optimizer.variables`` in order. Keras 2
    files hold scalars (``iterations``) and per-weight lists whose weight
    order was the trainable weights sorted by name (before 2.0.6) or in
    layer order; both are tried and the one whose shapes fit is used.

    Args:
        model: a compiled model whose weights were just loaded.
        names: the saved optimizer weight names.
        values: the saved values (numpy arrays).
        origin: a `FileOrigin`.
        record: variable id -> weight name in the file.
        slot_record: variable id -> slot converter.

    Returns:
        True when the state was restored; False (after a warning) otherwise.
    """
    optimizer = model.optimizer
    params = list(model.trainable_variables)
    optimizer.build(params)
    if not origin.legacy:
        return _restore_keras3_state(optimizer, names, values, origin)

    class_name = optimizer.__class__.__name__
    slot_lists = _internals.optimizer_slots(optimizer)
    powers = OPTIMIZER_SLOTS.get(class_name)
    if slot_lists is None or powers is None:
        return _fresh(origin, f"restoring Keras 2 {class_name} state is not supported")
    slots = list(zip(slot_lists, powers))
    scalars = [(n, v) for n, v in zip(names, values) if np.ndim(v) == 0]
    arrays = [np.asarray(v) for v in values if np.ndim(v) > 0]
    n = len(params)
    if n == 0 or len(arrays) % n or len(arrays) // n > len(slots):
        return _fresh(origin, f"{len(arrays)} saved arrays for {n} trainable weights")
    lists = [arrays[i * n : (i + 1) * n] for i in range(len(arrays) // n)]
    for order in _legacy_param_orders(params, record, origin):
        fits = True
        for (slot_vars, _), saved in zip(slots, lists):
            if not slot_vars:
                continue  # Keras 2 kept placeholders (momentum=0, amsgrad=False)
            if any(tuple(p.shape) != a.shape for p, a in zip(order, saved)):
                fits = False
                break
        if fits:
            break
    else:
        return _fresh(origin, "the saved optimizer weights do not match the model's weights")
    try:
        pending = []
        for (slot_vars, power), saved in zip(slots, lists):
            if not slot_vars:
                continue
            for param, value in zip(order, saved):
                fn = slot_record.get(id(param))
                if fn is not None:
                    value = fn(value, power)
                pending.append((slot_vars[_internals.variable_index(optimizer, param)], value))
    except _SlotMismatch as e:
        return _fresh(origin, str(e))
    for var, value in pending:
        var.assign(value)
    for name, value in scalars:
        for word, variable in _internals.optimizer_scalars(optimizer).items():
            if word in name:
                variable.assign(np.asarray(value).astype(variable.dtype))
    return True


def _short_name(path):
    return path.rsplit("/", 1)[-1].split(":")[0]


def _restore_keras3_state(optimizer, names, values, origin):
    # Files written from Keras 3 hold ``optimizer.variables`` in order. The
    # scalars depend on the configuration (a learning-rate schedule has no
    # learning_rate variable), so they are matched by name, the per-weight
    # slots by order.
    arrays = [np.asarray(v) for v in values if np.ndim(v) > 0]
    targets = [v for v in optimizer.variables if len(v.shape)]
    if len(arrays) != len(targets) or any(tuple(t.shape) != a.shape for t, a in zip(targets, arrays)):
        return _fresh(origin, "the saved optimizer weights do not fit this optimizer")
    scalars = {_short_name(n): v for n, v in zip(names, values) if np.ndim(v) == 0}
    for var in optimizer.variables:
        if not len(var.shape) and _short_name(var.path) in scalars:
            var.assign(np.asarray(scalars[_short_name(var.path)]).astype(var.dtype))
    for var, value in zip(targets, arrays):
        var.assign(value)
    return True


def _fresh(origin, reason):
    warnings.warn(
        f"{origin.source}: optimizer state not restored ({reason}); training resumes "
        "with a freshly initialized optimizer.",
        stacklevel=3,
    )
    return False
