"""``keras.engine.training_arrays``: Keras 2's array loops, run by the model's own methods.

Legacy API: ``fit_loop(model, f, ins, ...)``, ``test_loop(model, f, ins, ...)``,
``predict_loop(model, f, ins, ...)``, where `ins` is the flat list Keras 2 fed its backend function:
the inputs, then (fit and test) the targets and the sample weights of each output, and optionally
a learning-phase value at the end. Both Keras 2.2.4's argument names (``f``, ``ins``, ``val_f``,
``val_ins``, ``callback_metrics``) and 2.3.1's (``fit_function``, ``fit_inputs``, ``val_function``,
``val_inputs``, ``validation_freq``) are taken.

Keras 3 replacement: ``model.fit`` / ``model.evaluate`` / ``model.predict`` with the arrays.

Differences that remain: Keras 3 has no backend training function to run, so `f` / `val_f` are not
called: the loops split `ins` by the model's numbers of inputs and outputs and call the model's
Keras 2 ``fit`` / ``evaluate`` / ``predict``, which compute what Keras 2's functions computed;
`out_labels` and `callback_metrics` are not needed (the logs take the model's metric names).
"""

from keras_faq_compat.deprecation import warn_legacy

__all__ = ["fit_loop", "test_loop", "predict_loop"]


def _is_learning_phase(value):
    # Keras 2 appended a bare 0/1 (or a 0-d array) for the learning phase.
    return getattr(value, "ndim", 0) == 0


def _split(model, ins, with_targets):
    if ins is None:
        raise TypeError("the loop needs its list of input arrays (`ins`; `fit_inputs` in Keras 2.3's fit_loop).")
    ins = list(ins)
    while ins and _is_learning_phase(ins[-1]):
        ins.pop()
    n_in = len(model.inputs)
    x = ins[:n_in]
    if not with_targets:
        return x, None, None
    n_out = len(model.outputs)
    y = ins[n_in : n_in + n_out]
    weights = ins[n_in + n_out : n_in + 2 * n_out] or None
    return x, y, weights


def _one_or_list(arrays):
    if arrays is None:
        return None
    return arrays[0] if len(arrays) == 1 else list(arrays)


def _legacy_names(kwargs, pairs):
    # Keras 2.2.4 spelled some arguments differently; take either spelling.
    values = {}
    for old, new in pairs:
        if old in kwargs:
            values[new] = kwargs.pop(old)
    kwargs.pop("callback_metrics", None)
    if kwargs:
        raise TypeError(f"unexpected keyword arguments: {sorted(kwargs)}")
    return values


def fit_loop(
    model,
    fit_function=None,
    fit_inputs=None,
    out_labels=None,
    batch_size=None,
    epochs=100,
    verbose=1,
    callbacks=None,
    val_function=None,
    val_inputs=None,
    shuffle=True,
    initial_epoch=0,
    steps_per_epoch=None,
    validation_steps=None,
    validation_freq=1,
    **kwargs,
):
    """Train `model` on the flat Keras 2 input list `fit_inputs`; returns its ``History``.

    Args:
        model: a compiled model.
        fit_function: Keras 2's training function (``f`` in 2.2.4); not called.
        fit_inputs: inputs + targets + sample weights (``ins`` in 2.2.4).
        out_labels: Keras 2's names of the function's outputs; not needed; default None.
        batch_size: samples per batch; default None (Keras 3's 32 unless `steps_per_epoch`).
        epochs: the epoch to stop after; default 100.
        verbose: 0, 1 or 2; default 1.
        callbacks: a list of callbacks; default None.
        val_function: Keras 2's validation function (``val_f``); not called; default None.
        val_inputs: validation inputs + targets + sample weights (``val_ins``); default None.
        shuffle: True, False or ``"batch"``; default True.
        initial_epoch: the epoch to start from; default 0.
        steps_per_epoch: batches per epoch; default None.
        validation_steps: validation batches; default None.
        validation_freq: validate every N epochs, or on the listed epochs; default 1.
    """
    warn_legacy("keras.engine.training_arrays.fit_loop", "model.fit(x, y, ...)")
    legacy = _legacy_names(kwargs, [("f", "fit_function"), ("ins", "fit_inputs"), ("val_f", "val_function"), ("val_ins", "val_inputs")])
    fit_inputs = legacy.get("fit_inputs", fit_inputs)
    val_inputs = legacy.get("val_inputs", val_inputs)
    x, y, weights = _split(model, fit_inputs, True)
    validation_data = None
    if val_inputs:
        val_x, val_y, val_weights = _split(model, val_inputs, True)
        validation_data = (_one_or_list(val_x), _one_or_list(val_y))
        if val_weights is not None:
            validation_data += (_one_or_list(val_weights),)
    return model.fit(
        _one_or_list(x),
        _one_or_list(y),
        batch_size=batch_size,
        epochs=epochs,
        verbose=verbose,
        callbacks=callbacks,
        validation_data=validation_data,
        shuffle=shuffle,
        sample_weight=_one_or_list(weights),
        initial_epoch=initial_epoch,
        steps_per_epoch=steps_per_epoch,
        validation_steps=validation_steps,
        validation_freq=validation_freq,
    )


def test_loop(model, f=None, ins=None, batch_size=None, verbose=0, steps=None, callbacks=None):
    """Evaluate `model` on the flat Keras 2 list `ins`: the loss, or a list of loss and metrics.

    Args:
        model: a compiled model.
        f: Keras 2's test function; not called.
        ins: inputs + targets + sample weights.
        batch_size: samples per batch; default None.
        verbose: 0 or 1; default 0.
        steps: batches to evaluate; default None.
        callbacks: a list of callbacks (Keras 2.3); default None.
    """
    warn_legacy("keras.engine.training_arrays.test_loop", "model.evaluate(x, y, ...)")
    x, y, weights = _split(model, ins, True)
    return model.evaluate(
        _one_or_list(x),
        _one_or_list(y),
        batch_size=batch_size,
        verbose=verbose,
        sample_weight=_one_or_list(weights),
        steps=steps,
        callbacks=callbacks,
    )


def predict_loop(model, f=None, ins=None, batch_size=32, verbose=0, steps=None, callbacks=None):
    """Predict with `model` on the flat Keras 2 list `ins`: an array, or a list per output.

    Args:
        model: a model.
        f: Keras 2's predict function; not called.
        ins: the inputs (and optionally a learning-phase value).
        batch_size: samples per batch; default 32.
        verbose: 0 or 1; default 0.
        steps: batches to predict; default None.
        callbacks: a list of callbacks (Keras 2.3); default None.
    """
    warn_legacy("keras.engine.training_arrays.predict_loop", "model.predict(x, ...)")
    x, _, _ = _split(model, ins, False)
    if steps is not None:
        # Keras 2 took `steps` alone; Keras 3 still slices the arrays by a batch size.
        batch_size = None
    return model.predict(_one_or_list(x), batch_size=batch_size, verbose=verbose, steps=steps, callbacks=callbacks)


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
