"""Keras 2 names of logged quantities, for every callback that reads ``logs``.

Legacy API: monitors and templates spelled as Keras 2.2 logged them
(``acc``, ``val_acc``, ``ce``, ``lr``), and the Keras 2 rule for the ``auto``
mode of ``EarlyStopping``, ``ReduceLROnPlateau`` and ``ModelCheckpoint``.

Keras 3 replacement: the names given in ``compile(metrics=...)``
(``accuracy`` stays ``accuracy``) and ``learning_rate``; Keras 3 infers the
mode from the metric object and raises when it cannot.

Keras 2.2 logged ``metrics=['accuracy']`` as ``acc`` and
``metrics=['crossentropy']`` as ``ce``; Keras 3 logs the name as written.
Every callback of this package looks monitored names up with `lookup`, so
either spelling finds the value whichever one the model logged.
"""

import math

from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.engine.legacy_logs import LOG_NAME_PAIRS

__all__ = [
    "lookup",
    "legacy_aliases",
    "with_aliases",
    "keras2_name",
    "infer_mode",
    "is_improvement",
    "metric_names",
]

# (Keras 2.2 name, Keras 3 name) of a metric; also matched as the suffix of an
# output-prefixed or ``val_`` name (``val_acc``, ``dense_1_acc``).
# The accuracy pair is the one `History` also carries (`engine.legacy_logs`).
_METRIC_ALIASES = LOG_NAME_PAIRS + (("ce", "crossentropy"),)
# (Keras 2.2 name, Keras 3 name) matched as the whole key only.
_KEY_ALIASES = (("lr", "learning_rate"),)


def _swap_suffix(name, old, new):
    if name == old:
        return new
    if name.endswith("_" + old):
        return name[: -len(old)] + new
    return None


def legacy_aliases(name):
    """The other spellings of a logged name (``'val_acc'`` -> ``['val_accuracy']``).

    Args:
        name: a key of the ``logs`` dict, in either spelling.

    Returns:
        A list of the other spellings, empty when the name has none.
    """
    aliases = []
    for k2, k3 in _KEY_ALIASES:
        if name == k2:
            aliases.append(k3)
        elif name == k3:
            aliases.append(k2)
    for k2, k3 in _METRIC_ALIASES:
        for old, new in ((k2, k3), (k3, k2)):
            swapped = _swap_suffix(name, old, new)
            if swapped is not None:
                aliases.append(swapped)
    return aliases


def lookup(logs, name):
    """The value of `name` in `logs`, under its own or a legacy spelling.

    Args:
        logs: the ``logs`` dict given to a callback (or None).
        name: the monitored name as the user wrote it (``'val_acc'``).

    Returns:
        The value, or None when neither spelling was logged.
    """
    if not logs:
        return None
    if name in logs:
        return logs[name]
    for alias in legacy_aliases(name):
        if alias in logs:
            warn_legacy(f"the logged name {name!r}", f"{alias!r} (the name this model logs)")
            return logs[alias]
    return None


def with_aliases(logs):
    """A copy of `logs` in which every value is also under its other spellings.

    Used to fill file-name templates such as ``'{epoch:02d}-{val_acc:.2f}.h5'``;
    keys already logged keep their own value.
    """
    filled = dict(logs or {})
    for key, value in (logs or {}).items():
        for alias in legacy_aliases(key):
            filled.setdefault(alias, value)
    return filled


def keras2_name(key):
    """The Keras 2.2 spelling of a logged name (``'val_accuracy'`` -> ``'val_acc'``)."""
    for k2, k3 in _KEY_ALIASES:
        if key == k3:
            return k2
    for k2, k3 in _METRIC_ALIASES:
        swapped = _swap_suffix(key, k3, k2)
        if swapped is not None:
            return swapped
    return key


def _metric_direction(model, monitor):
    """``'up'``/``'down'`` as a Keras 3 metric of `model` declares it, else None."""
    wanted = {monitor[4:] if monitor.startswith("val_") else monitor}
    wanted.update(legacy_aliases(next(iter(wanted))))
    pending = list(getattr(model, "metrics", None) or [])
    while pending:
        metric = pending.pop()
        inner = getattr(metric, "metrics", None)
        if isinstance(inner, (list, tuple)):
            pending.extend(inner)
        if getattr(metric, "name", None) in wanted:
            direction = getattr(metric, "_direction", None)
            if direction in ("up", "down"):
                return direction
    return None


def infer_mode(monitor, mode="auto", model=None):
    """``'min'`` or ``'max'`` for `monitor`, as Keras 2 inferred it in ``auto`` mode.

    Keras 2 maximised every name containing ``acc`` (``val_acc``,
    ``val_accuracy``, ``dense_1_acc``) or ``fmeasure`` and minimised all
    others. Where Keras 2's rule says nothing and the model has a Keras 3
    metric of that name with a declared direction (``auc``, ``precision``),
    that direction is used instead of Keras 2's blind ``min``. Unlike Keras 3,
    an unknown name never raises.

    Args:
        monitor: the monitored name.
        mode: ``'auto'``, ``'min'`` or ``'max'``; anything else is treated as
            ``'auto'`` (the caller warns, as Keras 2 did).
        model: the model being trained, or None.
    """
    if mode in ("min", "max"):
        return mode
    if "acc" in monitor or "fmeasure" in monitor:
        return "max"
    if model is not None and _metric_direction(model, monitor) == "up":
        return "max"
    return "min"


def is_improvement(current, best, mode, min_delta=0.0):
    """Whether `current` beats `best` by more than `min_delta` in `mode`.

    `best` None (nothing seen yet) always counts as beaten; NaN never beats.
    """
    current = float(current)
    if math.isnan(current):
        return False
    if best is None:
        return True
    if mode == "max":
        return current - abs(min_delta) > best
    return current + abs(min_delta) < best


def metric_names(model):
    """The names a training epoch of `model` logs (``['loss', 'acc']``), or None.

    None when the model cannot tell yet (not compiled or not built).
    """
    get_result = getattr(model, "get_metrics_result", None)
    if get_result is None:
        return None
    try:
        names = list(get_result())
    except Exception:  # noqa: BLE001 - metrics not built: the names are unknown.
        return None
    # Keras 3.3 returns the names sorted (``accuracy`` before ``loss``); Keras 2
    # and later Keras 3 releases keep the order of ``model.metrics``: loss first.
    order = []
    for metric in getattr(model, "metrics", None) or ():
        inner = getattr(metric, "metrics", None) if metric.name == "compile_metrics" else None
        order.extend([metric.name] if inner is None else [sub.name for sub in inner])
    rank = {name: i for i, name in enumerate(order)}
    return sorted(names, key=lambda name: rank.get(name, len(order)))
