"""Optimizer state of a Keras 2 file (the last stage of loading).

Legacy API: the ``optimizer_weights`` group that Keras 2's ``load_model``
put back into the compiled model's optimizer.

Keras 3 replacement: ``.keras`` files restore ``optimizer.variables``.

Keras 2 files hold scalars (``iterations``) and per-weight slot lists whose
weight order was the trainable weights sorted by name (before 2.0.6) or in
layer order; files written from Keras 3 hold ``optimizer.variables`` in
order. When the saved state does not fit, a warning says so and training
resumes with a fresh optimizer, as a Keras 2 user would see it. Declared
shapes are checked before any value is read.
"""

import warnings

import numpy as np

from keras_faq_compat import _internals
from keras_faq_compat.saving.errors import LegacyFileError

__all__ = ["OPTIMIZER_SLOTS", "restore_optimizer_state"]

# Keras 2 trained with the trainable weights sorted by name before 2.0.6.
NAME_SORTED_BEFORE = (2, 0, 6)


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


def restore_optimizer_state(model, saved, origin, record, slot_record):
    """Put saved optimizer weights into ``model.optimizer``.

    Args:
        model: a compiled model whose weights were just loaded.
        saved: the file's optimizer weights (`hdf5_format.SavedWeight`, or
            anything with ``name``, ``shape`` and ``read()``).
        origin: the file's origin (``legacy``, ``version``, ``source``; see
            `legacy_weights.FileOrigin`).
        record: variable id -> weight name in the file.
        slot_record: variable id -> slot converter.

    Returns:
        True when the state was restored; False (after a warning) otherwise.

    Raises:
        LegacyFileError: a weight declares a shape no variable of the model
            could have (checked before reading).
    """
    params = list(model.trainable_variables)
    _check_declared_shapes(saved, params, origin)
    names = [w.name for w in saved]
    values = [w.read() for w in saved]
    optimizer = model.optimizer
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
    named = _tf_keras_slots(class_name, params, names, values, record)
    if named is not None:
        return _restore_named(optimizer, named, slots, scalars, slot_record, origin)
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
    except ValueError as e:  # a converter of the weights stage that cannot convert
        return _fresh(origin, str(e))
    for var, value in pending:
        var.assign(value)
    _restore_scalars(optimizer, scalars)
    return True


def _restore_scalars(optimizer, scalars):
    for name, value in scalars:
        name = _scalar_name(name)
        for word, variable in _internals.optimizer_scalars(optimizer).items():
            if word in name:
                variable.assign(np.asarray(value).astype(variable.dtype))


def _scalar_name(name):
    # tf.keras 2.x called the step counter ``Adam/iter:0`` (TF 2.0-2.10) and
    # ``iteration:0`` (the optimizers of TF 2.11+).
    if _short_name(name) in ("iter", "iteration"):
        return "iterations"
    return name


# tf.keras 2.x slot names, per Keras 3 optimizer class: slot word -> the
# position of its list in `OPTIMIZER_SLOTS`. TF 2.0-2.10 named a slot
# ``Adam/<weight>/m:0`` (``training/Adam/...`` in graph mode), the
# optimizers of TF 2.11+ ``Adam/m/<weight>:0``; both words are listed.
TF_KERAS_SLOT_WORDS = {
    "SGD": {"momentum": 0, "m": 0},
    "RMSprop": {"rms": 0, "velocity": 0},
    "Adagrad": {"accumulator": 0},
    "Adadelta": {"accum_grad": 0, "accum_var": 1, "accumulated_grad": 0, "accumulated_delta_var": 1},
    "Adam": {"m": 0, "v": 1, "vhat": 2},
    "Adamax": {"m": 0, "v": 1, "u": 1},
    "Nadam": {"m": 0, "v": 1},
}


def _weight_path(name):
    path = name[len("training/") :] if name.startswith("training/") else name
    return path.rsplit(":", 1)[0] if ":" in path.rsplit("/", 1)[-1] else path


def _tf_keras_slots(class_name, params, names, values, record):
    """``[(param, slot position, value)]`` when every saved slot names a model weight, else None.

    Files of tf.keras 2.x name each slot after its weight, so slots are
    matched by name, whatever order the file and the model list them in.
    """
    words = TF_KERAS_SLOT_WORDS.get(class_name)
    by_path = {_weight_path(record[id(p)]): p for p in params if id(p) in record}
    if not words or not by_path:
        return None
    found = []
    for name, value in zip(names, values):
        if np.ndim(value) == 0:
            continue
        parts = _weight_path(name).split("/")[1:]  # without the optimizer's name
        match = None
        if len(parts) > 1 and parts[-1] in words and "/".join(parts[:-1]) in by_path:
            match = (by_path["/".join(parts[:-1])], words[parts[-1]])
        elif len(parts) > 1 and parts[0] in words and "/".join(parts[1:]) in by_path:
            match = (by_path["/".join(parts[1:])], words[parts[0]])
        if match is None:
            return None
        found.append((match[0], match[1], np.asarray(value)))
    return found or None


def _restore_named(optimizer, named, slots, scalars, slot_record, origin):
    pending = []
    for param, position, value in named:
        slot_vars, power = slots[position] if position < len(slots) else ([], None)
        if not slot_vars:
            return _fresh(origin, f"the file keeps a slot this optimizer has not ({value.shape})")
        fn = slot_record.get(id(param))
        try:
            value = fn(value, power) if fn is not None else value
        except ValueError as e:  # a converter of the weights stage that cannot convert
            return _fresh(origin, str(e))
        var = slot_vars[_internals.variable_index(optimizer, param)]
        if tuple(var.shape) != np.shape(value):
            return _fresh(origin, f"a saved slot of shape {np.shape(value)} for a weight of shape {tuple(var.shape)}")
        pending.append((var, value))
    for var, value in pending:
        var.assign(value)
    _restore_scalars(optimizer, scalars)
    return True


def _check_declared_shapes(saved, params, origin):
    # Every slot has the size of one weight of the model (in the file's
    # layout, at most twice: CuDNNLSTM's bias); scalars and Keras 2's
    # one-element placeholders are small.
    largest = max([int(np.prod(p.shape)) for p in params] or [1])
    for weight in saved:
        size = int(np.prod(weight.shape))
        if size > max(2 * largest, 1):
            raise LegacyFileError(
                f"{origin.source}: optimizer weight {weight.name!r} has shape {tuple(weight.shape)}, "
                f"larger than any weight of the model could need ({2 * largest} values at most); "
                "the file is damaged or not for this model (checked before reading its data)."
            )


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
