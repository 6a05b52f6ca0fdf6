"""``keras.engine.training_utils``: the data and compile helpers of Keras 2's training loop.

Legacy API: ``make_batches``, ``batch_shuffle``, ``check_num_samples``, ``standardize_input_data``,
``standardize_single_array``, ``standardize_sample_or_class_weights``,
``standardize_sample_weights``, ``standardize_class_weights``, ``standardize_weights``,
``check_array_length_consistency``, ``check_loss_and_target_compatibility``, ``collect_metrics``
(Keras 2.2), ``weighted_masked_objective``, ``iter_sequence_infinite``, and Keras 2.3's
``is_sequence``, ``is_generator_or_sequence``, ``should_run_validation``,
``get_static_batch_size``, ``get_input_shape_and_dtype``, ``check_generator_arguments``,
``get_loss_function``, ``prepare_loss_functions``, ``prepare_loss_weights``,
``prepare_sample_weights``, ``get_output_sample_weight_and_mode``,
``collect_per_output_metric_info``, ``get_metric_name``, ``get_metric_function``,
``call_metric_function``. Libraries built on Keras 2 (and Keras 2's own tests) called them directly.

Keras 3 replacement: none of them is public; ``Model.fit`` / ``evaluate`` / ``predict`` and
``Model.compile`` do this work themselves (``keras.utils.PyDataset`` for sequences,
``keras.losses.get`` / ``keras.metrics.get`` for identifiers).

Differences that remain:

* where Keras 2.2.4 and 2.3.1 differ, the 2.3.1 behaviour is kept: ``standardize_weights``
  multiplies ``sample_weight`` by the ``class_weight`` weights (2.2.4 warned and ignored
  ``class_weight``), and ``weighted_masked_objective`` divides by ``mean(mask) + epsilon``;
* ``get_output_sample_weight_and_mode`` returns a ``keras.KerasTensor`` where Keras 2 made a graph
  placeholder; ``call_metric_function`` returns the metric's result (Keras 2.3.1 returned None,
  its docstring promised the result);
* metric and loss identifiers resolve through this package's ``keras.metrics`` / ``keras.losses``
  first, so Keras 2 names (``'mse'``, ``'cosine_proximity'``) give Keras 2's functions.
"""

import collections.abc
import copy
import functools
import inspect
import warnings

import numpy as np

from keras_faq_compat._real import keras as _keras
from keras_faq_compat import metrics as _metrics
from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.losses import LossFunctionWrapper

__all__ = [
    "batch_shuffle",
    "call_metric_function",
    "check_array_length_consistency",
    "check_generator_arguments",
    "check_loss_and_target_compatibility",
    "check_num_samples",
    "collect_metrics",
    "collect_per_output_metric_info",
    "get_input_shape_and_dtype",
    "get_loss_function",
    "get_metric_function",
    "get_metric_name",
    "get_output_sample_weight_and_mode",
    "get_static_batch_size",
    "is_generator_or_sequence",
    "is_sequence",
    "iter_sequence_infinite",
    "make_batches",
    "prepare_loss_functions",
    "prepare_loss_weights",
    "prepare_sample_weights",
    "should_run_validation",
    "standardize_class_weights",
    "standardize_input_data",
    "standardize_sample_or_class_weights",
    "standardize_sample_weights",
    "standardize_single_array",
    "standardize_weights",
    "weighted_masked_objective",
]

_REPLACEMENT = "Model.fit / evaluate / predict and Model.compile, which do this themselves"


def _legacy(fn):
    api = f"keras.engine.training_utils.{fn.__name__}"

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        warn_legacy(api, _REPLACEMENT)
        return fn(*args, **kwargs)

    return wrapper


def _is_tensor(x):
    # Keras 2's K.is_tensor: backend tensors, variables and symbolic tensors, not numpy arrays.
    return _keras.ops.is_tensor(x) or isinstance(x, (_keras.KerasTensor, _keras.Variable))


def _is_dataframe(x):
    # pandas is optional: recognise a DataFrame by its class name, as Keras 2 did.
    return x.__class__.__name__ == "DataFrame"


# -- batches ---------------------------------------------------------------------------


@_legacy
def make_batches(size, batch_size):
    """Split ``range(size)`` into ``(start, stop)`` pairs of `batch_size` (the last may be short).

    Args:
        size: the number of samples.
        batch_size: the number of samples per batch.

    Returns:
        A list of ``(start, stop)`` tuples: ``make_batches(10, 3)`` is
        ``[(0, 3), (3, 6), (6, 9), (9, 10)]``.
    """
    starts = range(0, size, batch_size)
    return [(start, min(size, start + batch_size)) for start in starts]


@_legacy
def batch_shuffle(index_array, batch_size):
    """Shuffle `index_array` by whole batches, for data read in order (HDF5 datasets).

    The full batches change places while each keeps its indices in order; the indices past the
    last full batch stay at the end. Draws from ``np.random``.

    Args:
        index_array: a 1D numpy array of sample indices.
        batch_size: the number of indices per batch.

    Returns:
        The shuffled indices, as a new 1D numpy array.
    """
    full = (len(index_array) // batch_size) * batch_size
    batches = index_array[:full].reshape((-1, batch_size))
    np.random.shuffle(batches)
    return np.append(batches.flatten(), index_array[full:])


@_legacy
def check_num_samples(ins, batch_size=None, steps=None, steps_name="steps"):
    """The number of samples in `ins`, or None when the loop runs by `steps`.

    Args:
        ins: the list of arrays (or tensors) the loop feeds.
        batch_size: the batch size, or None; default None.
        steps: the number of batches, or None; default None.
        steps_name: the public argument's name for messages; default ``"steps"``.

    Raises:
        ValueError: when both `steps` and `batch_size` are given, or when `ins` is empty or holds
            symbolic tensors and `steps` is not given.
    """
    if steps is not None and batch_size is not None:
        raise ValueError("If " + steps_name + " is set, the `batch_size` must be None.")
    if not ins or any(_is_tensor(x) for x in ins):
        if steps is None:
            raise ValueError(
                "If your data is in the form of symbolic tensors, you should specify the `"
                + steps_name
                + "` argument (instead of the `batch_size` argument, because symbolic tensors "
                "are expected to produce batches of input data)."
            )
        return None
    # A bare learning-phase value has no shape: Keras 2 counted nothing then.
    return int(ins[0].shape[0]) if hasattr(ins[0], "shape") else None


@_legacy
def iter_sequence_infinite(seq):
    """Yield the batches of `seq` (a ``keras.utils.Sequence``) in order, over and over.

    Args:
        seq: an object with ``__len__`` and ``__getitem__``, or any iterable.
    """
    while True:
        yield from seq


# -- inputs and targets ------------------------------------------------------------------


@_legacy
def standardize_single_array(x):
    """`x` with a trailing axis added to a 1D array; tensors need a static batch size.

    Args:
        x: a numpy array, a tensor, or None.
    """
    if x is None:
        return None
    if _is_tensor(x):
        shape = tuple(x.shape) if x.shape is not None else None
        if shape is None or shape[0] is None:
            raise ValueError(
                "When feeding symbolic tensors to a model, we expect the tensors to have a static "
                "batch size. Got tensor with shape: %s" % str(shape)
            )
        return x
    if x.ndim == 1:
        return np.expand_dims(x, 1)
    return x


def _as_array_list(data, names):
    if isinstance(data, dict):
        try:
            return [data[name].values if _is_dataframe(data[name]) else data[name] for name in names]
        except KeyError as e:
            raise ValueError(
                'No data provided for "' + e.args[0] + '". Need data for each key in: ' + str(names)
            ) from None
    if isinstance(data, list):
        if data and isinstance(data[0], list):
            return [np.asarray(d) for d in data]
        if data and len(names) == 1 and isinstance(data[0], (float, int)):
            return [np.asarray(data)]
        return [d.values if _is_dataframe(d) else d for d in data]
    return [data.values if _is_dataframe(data) else data]


def _check_count(data, names, prefix):
    if len(data) == len(names):
        return data
    if data and hasattr(data[0], "shape"):
        raise ValueError(
            "Error when checking model " + prefix + ": the list of Numpy arrays that you are "
            "passing to your model is not the size the model expected. Expected to see "
            + str(len(names)) + " array(s), but instead got the following list of "
            + str(len(data)) + " arrays: " + str(data)[:200] + "..."
        )
    if len(names) > 1:
        raise ValueError(
            "Error when checking model " + prefix + ": you are passing a list as input to your "
            "model, but the model expects a list of " + str(len(names)) + " Numpy arrays "
            "instead. The list you passed was: " + str(data)[:200]
        )
    if len(data) == 1 and not hasattr(data[0], "shape"):
        raise TypeError(
            "Error when checking model " + prefix + ": data should be a Numpy array, or "
            "list/dict of Numpy arrays. Found: " + str(data)[:200] + "..."
        )
    return [np.asarray(data)]


def _check_shape(array, name, shape, check_batch_axis, prefix):
    if array.ndim != len(shape):
        raise ValueError(
            "Error when checking " + prefix + ": expected " + name + " to have "
            + str(len(shape)) + " dimensions, but got array with shape " + str(array.shape)
        )
    got = array.shape if check_batch_axis else array.shape[1:]
    want = shape if check_batch_axis else shape[1:]
    # A None or 0 expected dimension takes any size.
    if any(ref and ref != dim for dim, ref in zip(got, want)):
        raise ValueError(
            "Error when checking " + prefix + ": expected " + name + " to have shape "
            + str(want) + " but got array with shape " + str(got)
        )


@_legacy
def standardize_input_data(data, names, shapes=None, check_batch_axis=True, exception_prefix=""):
    """Turn user data into one array per name, in the order of `names`, checking shapes.

    Args:
        data: one array, a list of arrays, a dict from name to array (pandas DataFrames are
            taken by their ``values``), or None.
        names: the model's input (or output) names.
        shapes: the expected shapes, one per name (None entries are not checked); default None.
        check_batch_axis: also compare the first axis; default True.
        exception_prefix: what is checked, for messages (``"input"``, ``"target"``);
            default ``""``.

    Returns:
        A list of arrays (1D arrays get a trailing axis), one per name; ``[None, ...]`` when
        `data` is None.

    Raises:
        ValueError: when an array is missing, there are too many or too few, or a shape does not
            match; the message names the input.
        TypeError: when a single name gets something that is not an array.
    """
    if not names:
        if data is not None and hasattr(data, "__len__") and len(data):
            raise ValueError(
                "Error when checking model " + exception_prefix + ": expected no data, but got:", data
            )
        return []
    if data is None:
        return [None] * len(names)
    arrays = [standardize_single_array(x) for x in _as_array_list(data, names)]
    arrays = _check_count(arrays, names, exception_prefix)
    if shapes:
        for array, name, shape in zip(arrays, names, shapes):
            if shape is not None and not _is_tensor(array):
                _check_shape(array, name, shape, check_batch_axis, exception_prefix)
    return arrays


@_legacy
def check_array_length_consistency(inputs, targets, weights=None):
    """Check that all inputs, targets and sample weights have the same number of samples.

    Args:
        inputs: list of input arrays, or None.
        targets: list of target arrays, or None.
        weights: list of sample weight arrays, or None; default None.

    Raises:
        ValueError: naming which arrays disagree.
    """

    def lengths(arrays):
        # None (no arrays, or a missing one) counts as 0 samples.
        if arrays is None:
            return {0}
        return {0 if a is None else int(a.shape[0]) for a in arrays}

    set_x, set_y, set_w = lengths(inputs), lengths(targets), lengths(weights)
    if len(set_x) > 1:
        raise ValueError(
            "All input arrays (x) should have the same number of samples. Got array shapes: "
            + str([x.shape for x in inputs])
        )
    if len(set_y) > 1:
        raise ValueError(
            "All target arrays (y) should have the same number of samples. Got array shapes: "
            + str([y.shape for y in targets])
        )
    n_x, n_y, n_w = (min(s) if s else None for s in (set_x, set_y, set_w))
    if set_x and set_y and n_x != n_y:
        raise ValueError(
            "Input arrays should have the same number of samples as target arrays. Found "
            + str(n_x) + " input samples and " + str(n_y) + " target samples."
        )
    if len(set_w) > 1:
        raise ValueError(
            "All sample_weight arrays should have the same number of samples. Got array shapes: "
            + str([w.shape for w in weights])
        )
    if set_y and set_w and n_y != n_w:
        raise ValueError(
            "Sample_weight arrays should have the same number of samples as target arrays. Got "
            + str(n_y) + " input samples and " + str(n_w) + " target samples."
        )


# -- losses ---------------------------------------------------------------------------------


def _compat_module(name):
    import importlib

    return importlib.import_module(f"keras_faq_compat.{name}")


def _loss_fn_of(loss):
    """The plain function behind `loss` (a function or a function-wrapping ``Loss``), or None."""
    if isinstance(loss, _keras.losses.Loss):
        return getattr(loss, "fn", None)
    return loss if callable(loss) else None


def _is_loss(loss, fn_name, loss_class):
    if isinstance(loss, loss_class):
        return True
    fn = _loss_fn_of(loss)
    return fn is not None and (fn is getattr(_keras.losses, fn_name) or getattr(fn, "__name__", None) == fn_name)


_SAME_SHAPE_LOSSES = (
    ("mean_squared_error", "MeanSquaredError"),
    ("binary_crossentropy", "BinaryCrossentropy"),
    ("categorical_crossentropy", "CategoricalCrossentropy"),
)

_TO_CATEGORICAL_HINT = (
    "`categorical_crossentropy` expects targets to be binary matrices (1s and 0s) of shape "
    "(samples, classes). If your targets are integer classes, you can convert them to the "
    "expected format via:\n```\nfrom keras.utils import to_categorical\n"
    "y_binary = to_categorical(y_int)\n```\n\nAlternatively, you can use the loss function "
    "`sparse_categorical_crossentropy` instead, which does expect integer targets."
)


@_legacy
def check_loss_and_target_compatibility(targets, loss_fns, output_shapes):
    """Reject targets that cannot fit their loss: Keras 2's early, readable errors.

    Categorical cross-entropy wants one-hot targets (last axis not 1); mean squared error and the
    cross-entropies want targets of the output's shape.

    Args:
        targets: list of target arrays (None entries are skipped).
        loss_fns: list of losses (functions or ``keras.losses.Loss`` objects), one per output.
        output_shapes: list of the outputs' shapes (None dimensions are not checked).

    Raises:
        ValueError: naming the target's shape, the output's shape and the loss.
    """
    for y, loss, shape in zip(targets, loss_fns, output_shapes):
        if y is None or loss is None:
            continue
        if _is_loss(loss, "categorical_crossentropy", _keras.losses.CategoricalCrossentropy) and y.shape[-1] == 1:
            raise ValueError(
                "You are passing a target array of shape " + str(y.shape)
                + " while using as loss `categorical_crossentropy`. " + _TO_CATEGORICAL_HINT
            )
        for fn_name, class_name in _SAME_SHAPE_LOSSES:
            if _is_loss(loss, fn_name, getattr(_keras.losses, class_name)):
                break
        else:
            continue
        for target_dim, out_dim in zip(y.shape[1:], shape[1:]):
            if out_dim is not None and target_dim != out_dim:
                name = getattr(loss, "name", None) or getattr(_loss_fn_of(loss), "__name__", fn_name)
                raise ValueError(
                    "A target array with shape " + str(y.shape) + " was passed for an output of "
                    "shape " + str(shape) + " while using as loss `" + name + "`. This loss "
                    "expects targets to have the same shape as the output."
                )


@_legacy
def weighted_masked_objective(fn):
    """Wrap ``fn(y_true, y_pred)`` into ``weighted(y_true, y_pred, weights, mask=None)``.

    The wrapped function multiplies the per-sample (or per-timestep) scores by `mask` (rescaled
    by the mean of the mask, so that the loss stays proportional to the unmasked samples) and by
    `weights` (rescaled by the fraction of non-zero weights), then returns their mean.

    Args:
        fn: the loss function, or None (then None is returned).
    """
    if fn is None:
        return None
    ops = _keras.ops

    def weighted(y_true, y_pred, weights, mask=None):
        score = fn(y_true, y_pred)
        if mask is not None:
            mask = ops.cast(mask, score.dtype)
            score = score * mask
            score = score / (ops.mean(mask) + _keras.config.epsilon())
        if weights is not None:
            score_rank, weight_rank = len(score.shape), len(weights.shape)
            if score_rank > weight_rank:
                score = ops.mean(score, axis=list(range(weight_rank, score_rank)))
            weights = ops.cast(weights, score.dtype)
            score = score * weights
            score = score / ops.mean(ops.cast(ops.not_equal(weights, 0), score.dtype))
        return ops.mean(score)

    return weighted


# -- sample and class weights ----------------------------------------------------------------


@_legacy
def standardize_sample_or_class_weights(x_weight, output_names, weight_type):
    """Map the user's `sample_weight` or `class_weight` to one entry per model output.

    Args:
        x_weight: None, one weight (array or dict) for a single output, a list with one entry
            per output, or a dict from output name to entry.
        output_names: the model's output names.
        weight_type: ``"sample_weight"`` or ``"class_weight"``, for messages.

    Raises:
        ValueError: for a list of the wrong length.
        TypeError: for a multi-output model given neither a list nor a dict.
    """
    if x_weight is None or len(x_weight) == 0:
        return [None for _ in output_names]
    if len(output_names) == 1:
        if isinstance(x_weight, list) and len(x_weight) == 1:
            return x_weight
        if isinstance(x_weight, dict) and output_names[0] in x_weight:
            return [x_weight[output_names[0]]]
        return [x_weight]
    if isinstance(x_weight, list):
        if len(x_weight) != len(output_names):
            raise ValueError(
                "Provided `" + weight_type + "` was a list of " + str(len(x_weight))
                + " elements, but the model has " + str(len(output_names)) + " outputs. You "
                "should provide one `" + weight_type + "`array per model output."
            )
        return x_weight
    if isinstance(x_weight, dict):
        return [x_weight.get(name) for name in output_names]
    raise TypeError(
        "The model has multiple outputs, so `" + weight_type + "` should be either a list or a "
        "dict. Provided `" + weight_type + "` type not understood: " + str(x_weight)
    )


@_legacy
def standardize_class_weights(class_weight, output_names):
    """`standardize_sample_or_class_weights` for `class_weight`."""
    return standardize_sample_or_class_weights(class_weight, output_names, "class_weight")


@_legacy
def standardize_sample_weights(sample_weight, output_names):
    """`standardize_sample_or_class_weights` for `sample_weight`."""
    return standardize_sample_or_class_weights(sample_weight, output_names, "sample_weight")


def _check_sample_weight_rank(y, sample_weight, sample_weight_mode):
    if sample_weight_mode is not None:
        if sample_weight_mode != "temporal":
            raise ValueError(
                '"sample_weight_mode should be None or "temporal". Found: ' + str(sample_weight_mode)
            )
        if len(y.shape) < 3:
            raise ValueError(
                "Found a sample_weight array for an input with shape " + str(y.shape) + ". "
                'Timestep-wise sample weighting (use of sample_weight_mode="temporal") is '
                "restricted to outputs that are at least 3D, i.e. that have a time dimension."
            )
        if sample_weight is not None and len(sample_weight.shape) != 2:
            raise ValueError(
                "Found a sample_weight array with shape " + str(sample_weight.shape) + ". In order "
                "to use timestep-wise sample weighting, you should pass a 2D sample_weight array."
            )
    elif sample_weight is not None and len(sample_weight.shape) != 1:
        raise ValueError(
            "Found a sample_weight array with shape " + str(sample_weight.shape) + ". In order to "
            "use timestep-wise sample weights, you should specify "
            'sample_weight_mode="temporal" in compile(). If you just mean to use sample-wise '
            "weights, make sure your sample_weight array is 1D."
        )
    if sample_weight is not None:
        if len(sample_weight.shape) > len(y.shape):
            raise ValueError(
                "Found a sample_weight with shape" + str(sample_weight.shape) + ".Expected "
                "sample_weight with rank less than or equal to " + str(len(y.shape))
            )
        if y.shape[: sample_weight.ndim] != sample_weight.shape:
            raise ValueError(
                "Found a sample_weight array with shape " + str(sample_weight.shape) + " for an "
                "input with shape " + str(y.shape) + ". sample_weight cannot be broadcast."
            )


def _class_sample_weight(y, class_weight):
    if len(y.shape) > 2:
        raise ValueError("`class_weight` not supported for 3+ dimensional targets.")
    if len(y.shape) == 2 and y.shape[1] > 1:
        classes = np.argmax(y, axis=1)
    elif len(y.shape) == 2:
        classes = np.reshape(y, y.shape[0])
    else:
        classes = y
    weights = np.asarray([class_weight[c] for c in classes if c in class_weight])
    if len(weights) != len(classes):
        # Python scalars, so that the message reads as Keras 2's did under NumPy 2 too.
        missing = set(np.asarray(classes).tolist()) - set(class_weight.keys())
        raise ValueError(
            "`class_weight` must contain all classes in the data. The classes %s exist in the "
            "data but not in `class_weight`." % missing
        )
    return weights


@_legacy
def standardize_weights(y, sample_weight=None, class_weight=None, sample_weight_mode=None):
    """One weight per sample (or per timestep) for targets `y`, from the user's weights.

    Args:
        y: the target array of one output.
        sample_weight: a 1D array (2D with ``"temporal"``), or None; default None.
        class_weight: a dict from class index to weight, or None; default None.
        sample_weight_mode: None or ``"temporal"``; default None.

    Returns:
        `sample_weight`, the class weights of `y`'s classes, their product when both are given
        (Keras 2.3; Keras 2.2.4 ignored `class_weight` then), or ones.

    Raises:
        ValueError: for a mode other than None/"temporal", weights of the wrong rank or shape,
            or a class of `y` missing from `class_weight`.
    """
    _check_sample_weight_rank(y, sample_weight, sample_weight_mode)
    class_sample_weight = _class_sample_weight(y, class_weight) if isinstance(class_weight, dict) else None
    if sample_weight is not None and class_sample_weight is not None:
        return sample_weight * class_sample_weight
    if sample_weight is not None:
        return sample_weight
    if class_sample_weight is not None:
        return class_sample_weight
    shape = (y.shape[0],) if sample_weight_mode is None else (y.shape[0], y.shape[1])
    return np.ones(shape, dtype=_keras.config.floatx())


# -- metrics -------------------------------------------------------------------------------


@_legacy
def collect_metrics(metrics, output_names):
    """Keras 2.2's per-output lists of metrics.

    Args:
        metrics: a list (every output gets all of them), a dict from output name to a metric or
            list of metrics, or None.
        output_names: the model's output names.

    Returns:
        One list of metrics per output.

    Raises:
        TypeError: for anything but a list or a dict.
    """
    if not metrics:
        return [[] for _ in output_names]
    if isinstance(metrics, list):
        return [copy.copy(metrics) for _ in output_names]
    if isinstance(metrics, dict):
        return [_as_list(metrics.get(name, [])) for name in output_names]
    raise TypeError(
        "Type of `metrics` argument not understood. Expected a list or dictionary, found: " + str(metrics)
    )


def _as_list(x):
    return x if isinstance(x, list) else [x]


def _get_metric(metric):
    # Keras 2 resolved a name to the function of that name in keras.metrics; Keras 3's
    # `metrics.get` gives objects and knows fewer names.
    if isinstance(metric, str):
        function = getattr(_compat_module("metrics"), metric, None)
        if callable(function) and not inspect.isclass(function):
            return function
    return _keras.metrics.get(metric)


@_legacy
def get_metric_name(metric, weighted=False):
    """The name a metric gets in the logs: the string given to ``compile``, else its own name.

    Args:
        metric: a metric name, function or ``keras.metrics.Metric``.
        weighted: whether it is a weighted metric (kept for the Keras 2 signature); default
            False.
    """
    if isinstance(metric, str):
        return metric
    metric = _get_metric(metric)
    return metric.name if hasattr(metric, "name") else metric.__name__


@_legacy
def get_metric_function(metric, output_shape=None, loss_fn=None):
    """The metric function for `metric`; ``'acc'``/``'ce'`` follow the output and the loss.

    ``'accuracy'``/``'acc'`` is binary accuracy for a one-unit output or a binary cross-entropy
    loss, sparse categorical accuracy for a sparse categorical cross-entropy loss, else
    categorical accuracy; ``'crossentropy'``/``'ce'`` picks the cross-entropy the same way.

    Args:
        metric: a metric name, function or object.
        output_shape: the output's shape; default None.
        loss_fn: the output's loss; default None.
    """
    if metric not in ("accuracy", "acc", "crossentropy", "ce"):
        return _get_metric(metric)
    sparse = _is_loss(loss_fn, "sparse_categorical_crossentropy", _keras.losses.SparseCategoricalCrossentropy)
    binary = _is_loss(loss_fn, "binary_crossentropy", _keras.losses.BinaryCrossentropy)
    kind = "binary" if output_shape[-1] == 1 or binary else "sparse_categorical" if sparse else "categorical"
    suffix = "accuracy" if metric in ("accuracy", "acc") else "crossentropy"
    # Keras 2's functions (its accuracies keep one value per sample), as Keras 2 returned them.
    return getattr(_metrics, f"{kind}_{suffix}")


@_legacy
def collect_per_output_metric_info(metrics, output_names, output_shapes, loss_fns, is_weighted=False):
    """Keras 2.3's per-output ordered dicts from metric name to stateful metric.

    Args:
        metrics: a list (every output gets all of them; cloned per output when there are
            several), a list of lists (one per output), a dict from output name to metrics, or
            None.
        output_names: the model's output names.
        output_shapes: the outputs' shapes.
        loss_fns: the outputs' losses.
        is_weighted: whether these are weighted metrics; default False.

    Returns:
        A list of ``OrderedDict`` (one per output) from metric name to a ``keras.metrics.Metric``
        (functions are wrapped in ``keras.metrics.MeanMetricWrapper``).

    Raises:
        ValueError: for a list of lists of the wrong length, or unknown output names.
        TypeError: for anything else.
    """
    if not metrics:
        return [{} for _ in output_names]
    clone = _compat_module("metrics").clone_metric
    if isinstance(metrics, list):
        if any(isinstance(m, list) for m in metrics):
            if len(metrics) != len(output_names):
                raise ValueError(
                    "When passing a list of lists as `metrics`, it should have one entry per model "
                    "output. The model has " + str(len(output_names)) + " outputs, but you passed "
                    "metrics=" + str(metrics)
                )
            nested = [_as_list(m) for m in metrics]
        elif len(output_names) > 1:
            nested = [[clone(m) for m in metrics] for _ in output_names]
        else:
            nested = [metrics]
    elif isinstance(metrics, collections.abc.Mapping):
        _compat_module("utils.generic_utils").check_for_unexpected_keys("metrics", metrics, output_names)
        nested = [_as_list(metrics.get(name, [])) for name in output_names]
    else:
        raise TypeError(
            "Type of `metrics` argument not understood. Expected a list or dictionary, found: " + str(metrics)
        )
    per_output = []
    for output_metrics, shape, loss_fn in zip(nested, output_shapes, loss_fns):
        named = collections.OrderedDict()
        for metric in output_metrics:
            name = get_metric_name(metric, is_weighted)
            fn = get_metric_function(metric, output_shape=shape, loss_fn=loss_fn)
            if not isinstance(fn, _keras.metrics.Metric):
                fn = _keras.metrics.MeanMetricWrapper(fn, name=name)
            named[name] = fn
        per_output.append(named)
    return per_output


@_legacy
def call_metric_function(metric_fn, y_true, y_pred=None, weights=None, mask=None):
    """Update the stateful `metric_fn` with one batch and return its result.

    Args:
        metric_fn: a ``keras.metrics.Metric``.
        y_true: the targets (or, without `y_pred`, the values of a ``Mean`` metric).
        y_pred: the predictions; default None.
        weights: sample weights; default None.
        mask: a mask, multiplied into the weights; default None.
    """
    ops = _keras.ops
    if mask is not None:
        mask = ops.cast(mask, y_pred.dtype)
        if weights is None:
            weights = mask
        else:
            weights = ops.cast(weights, y_pred.dtype)
            # Line the weights up with the mask's rank, as Keras 2.3's losses_utils did.
            if len(weights.shape) == len(mask.shape) + 1 and weights.shape[-1] == 1:
                weights = ops.squeeze(weights, -1)
            elif len(weights.shape) + 1 == len(mask.shape):
                weights = ops.expand_dims(weights, -1)
            weights = weights * mask
    if y_pred is not None:
        metric_fn.update_state(y_true, y_pred, sample_weight=weights)
    else:
        metric_fn.update_state(y_true, sample_weight=weights)
    return metric_fn.result()


# -- compile-time preparation (Keras 2.3) -------------------------------------------------


def _get_loss(identifier):
    if isinstance(identifier, str):
        function = getattr(_compat_module("losses"), identifier, None)
        if callable(function) and not inspect.isclass(function):
            return function
    return _keras.losses.get(identifier)


@_legacy
def get_loss_function(loss):
    """The ``keras.losses.Loss`` for a ``compile`` loss: names and functions are wrapped.

    Args:
        loss: a ``Loss`` object, a callable object, a function, a name, a config dict, or None.

    Returns:
        `loss` itself for a ``Loss``, None or a callable without ``__name__``; otherwise a
        ``Loss`` named after the function, with reduction ``"sum_over_batch_size"`` and the
        function as its ``fn`` attribute.
    """
    if loss is None or isinstance(loss, _keras.losses.Loss):
        return loss
    if isinstance(loss, collections.abc.Mapping):
        loss = _keras.losses.get(loss)
        if isinstance(loss, _keras.losses.Loss):
            return loss
    if callable(loss) and not hasattr(loss, "__name__"):
        return loss
    fn = _get_loss(loss)
    return LossFunctionWrapper(fn, reduction="sum_over_batch_size", name=fn.__name__)


@_legacy
def prepare_loss_functions(loss, output_names):
    """One loss object per output, from the ``compile`` `loss` argument.

    Args:
        loss: a name, function or ``Loss`` (every output), a list (one per output) or a dict
            from output name to loss (a missing output gets None, with a warning).
        output_names: the model's output names.

    Raises:
        ValueError: for unknown dict keys or a list of the wrong length.
    """
    if isinstance(loss, collections.abc.Mapping):
        _compat_module("utils.generic_utils").check_for_unexpected_keys("loss", loss, output_names)
        functions = []
        for name in output_names:
            if name not in loss:
                warnings.warn(
                    "Output {0} missing from loss dictionary. We assume this was done on purpose. "
                    "The fit and evaluate APIs will not be expecting any data to be passed to "
                    "{0}.".format(name),
                    stacklevel=2,
                )
            functions.append(get_loss_function(loss.get(name)))
        return functions
    if isinstance(loss, str):
        return [get_loss_function(loss) for _ in output_names]
    if isinstance(loss, collections.abc.Sequence):
        if len(loss) != len(output_names):
            raise ValueError(
                "When passing a list as loss, it should have one entry per model outputs. The "
                "model has {} outputs, but you passed loss={}".format(len(output_names), loss)
            )
        return [get_loss_function(item) for item in loss]
    return [get_loss_function(loss) for _ in output_names]


@_legacy
def prepare_loss_weights(output_names, loss_weights=None):
    """One loss weight (a float) per output.

    Args:
        output_names: the model's output names.
        loss_weights: None (all 1.0), a list (one per output) or a dict from output name to
            weight (missing outputs get 1.0); default None.

    Raises:
        ValueError: for unknown dict keys or a list of the wrong length.
        TypeError: for anything else.
    """
    if loss_weights is None:
        return [1.0] * len(output_names)
    if isinstance(loss_weights, collections.abc.Mapping):
        _compat_module("utils.generic_utils").check_for_unexpected_keys("loss_weights", loss_weights, output_names)
        return [loss_weights.get(name, 1.0) for name in output_names]
    if isinstance(loss_weights, list):
        if len(loss_weights) != len(output_names):
            raise ValueError(
                "When passing a list as loss_weights, it should have one entry per model output. "
                "The model has " + str(len(output_names)) + " outputs, but you passed "
                "loss_weights=" + str(loss_weights)
            )
        return loss_weights
    raise TypeError(
        "Could not interpret loss_weights argument: " + str(loss_weights) + " - expected a list of dicts."
    )


@_legacy
def get_output_sample_weight_and_mode(skip_target_weighing_indices, sample_weight_mode, output_name, output_index):
    """The symbolic sample weights and the weight mode of one output.

    Args:
        skip_target_weighing_indices: indices of the outputs that take no sample weights.
        sample_weight_mode: None or ``"temporal"``.
        output_name: the output's name (the tensor is named ``<name>_sample_weights``).
        output_index: the output's index.

    Returns:
        ``(None, None)`` for a skipped output, else a ``keras.KerasTensor`` of shape ``(None,)``
        (``(None, None)`` when temporal) and the mode.
    """
    if output_index in skip_target_weighing_indices:
        return None, None
    temporal = sample_weight_mode == "temporal"
    weight = _keras.KerasTensor(
        (None, None) if temporal else (None,),
        dtype=_keras.config.floatx(),
        name=output_name + "_sample_weights",
    )
    return weight, "temporal" if temporal else None


@_legacy
def prepare_sample_weights(output_names, sample_weight_mode, skip_target_weighing_indices):
    """The symbolic sample weights and weight modes of every output.

    Args:
        output_names: the model's output names.
        sample_weight_mode: None/``"temporal"`` for every output, a list (one per output) or a
            dict from output name to mode.
        skip_target_weighing_indices: indices of the outputs that take no sample weights.

    Returns:
        ``(sample_weights, sample_weight_modes)``, one entry per output.

    Raises:
        ValueError: for unknown or missing dict keys, or a list of the wrong length.
    """
    if isinstance(sample_weight_mode, dict):
        unknown = set(sample_weight_mode.keys()) - set(output_names)
        if unknown:
            raise ValueError(
                'Unknown entry in sample_weight_mode dictionary: "' + str(unknown) + '". Only '
                "expected the following keys: " + str(output_names)
            )
        for i, name in enumerate(output_names):
            if i not in skip_target_weighing_indices and name not in sample_weight_mode:
                raise ValueError("Output missing from sample_weight_modes dictionary")
        modes = [sample_weight_mode.get(name) for name in output_names]
    elif isinstance(sample_weight_mode, list):
        if len(sample_weight_mode) != len(output_names):
            raise ValueError(
                "When passing a list as sample_weight_mode, it should have one entry per model "
                "output. The model has " + str(len(output_names)) + " outputs, but you passed "
                + str(len(sample_weight_mode)) + "sample_weight_modes"
            )
        modes = list(sample_weight_mode)
    else:
        modes = [sample_weight_mode] * len(output_names)
    pairs = [
        get_output_sample_weight_and_mode(skip_target_weighing_indices, mode, name, i)
        for i, (name, mode) in enumerate(zip(output_names, modes))
    ]
    return [weight for weight, _ in pairs], [mode for _, mode in pairs]


# -- generators and validation (Keras 2.3) ----------------------------------------------------


@_legacy
def check_generator_arguments(y=None, sample_weight=None, validation_split=None):
    """Reject the ``fit`` arguments that a generator or ``Sequence`` input cannot take.

    Raises:
        ValueError: when `y` or `sample_weight` is given, or `validation_split` is set.
    """
    if y is not None:
        raise ValueError(
            "`y` argument is not supported when data isa generator or Sequence instance. Instead "
            "pass targets as the second element of the generator."
        )
    if sample_weight is not None:
        raise ValueError(
            "`sample_weight` argument is not supported when data isa generator or Sequence "
            "instance. Instead pass sample weights as the third element of the generator."
        )
    if validation_split:
        raise ValueError(
            "If your data is in the form of a Python generator, you cannot use `validation_split`."
        )


_SEQUENCE_API = ("__getitem__", "__len__", "on_epoch_end", "__iter__")


@_legacy
def is_sequence(seq):
    """Whether `seq` follows the ``keras.utils.Sequence`` API.

    True for a ``keras.utils.Sequence`` / ``PyDataset``, an object with ``use_sequence_api``
    set, or one with ``__getitem__``, ``__len__``, ``on_epoch_end`` and ``__iter__``.

    Args:
        seq: any object.
    """
    if isinstance(seq, _keras.utils.PyDataset) or getattr(seq, "use_sequence_api", False):
        return True
    return all(hasattr(seq, name) for name in _SEQUENCE_API)


@_legacy
def is_generator_or_sequence(x):
    """Whether `x` is a Python generator or follows the ``Sequence`` API."""
    return inspect.isgenerator(x) or is_sequence(x)


@_legacy
def should_run_validation(validation_freq, epoch):
    """Whether to validate after 0-based `epoch`, given ``fit``'s `validation_freq`.

    Args:
        validation_freq: an int N (every N epochs) or a container of 1-based epoch numbers.
        epoch: the 0-based index of the epoch just finished.

    Raises:
        ValueError: for an int below 1, or something that is neither an int nor a container.
    """
    epoch_number = epoch + 1
    if isinstance(validation_freq, int):
        if validation_freq < 1:
            raise ValueError("`validation_freq` can not be less than 1.")
        return epoch_number % validation_freq == 0
    if not isinstance(validation_freq, collections.abc.Container):
        raise ValueError(
            "`validation_freq` must be an Integer or `collections.Container` (e.g. list, tuple, etc.)"
        )
    return epoch_number in validation_freq


def _declared_input(layer):
    """``(batch_input_shape, dtype)`` a layer was declared with, or None."""
    if isinstance(layer, _keras.layers.InputLayer):
        return tuple(layer.batch_shape), layer.dtype
    shape = getattr(layer, "_legacy_batch_input_shape", None)
    if shape is not None:
        return tuple(shape), layer.dtype
    return None


def _graph_inputs(model):
    try:
        return model.inputs
    except (AttributeError, ValueError):
        return None


@_legacy
def get_input_shape_and_dtype(layer):
    """``(batch_input_shape, dtype)`` of a layer or model, or ``(None, None)`` when not declared.

    A model answers for its input (Keras 2 read its innermost first layer): a built
    Sequential or functional model gives its first input's shape; an unbuilt Sequential asks its
    first layer, which knows its shape when it is an input layer or was made with
    ``input_shape=`` / ``batch_input_shape=``.

    Args:
        layer: a layer or a model.

    Raises:
        ValueError: for an empty Sequential or functional model.
    """
    while isinstance(layer, _keras.Sequential) or (isinstance(layer, _keras.Model) and _graph_inputs(layer)):
        if not layer.layers:
            raise ValueError("An empty Model cannot be used as a Layer.")
        inputs = _graph_inputs(layer)
        if inputs:
            return tuple(inputs[0].shape), inputs[0].dtype
        layer = layer.layers[0]
    return _declared_input(layer) or (None, None)


@_legacy
def get_static_batch_size(layer):
    """The fixed batch size a layer or model was declared with, or None.

    Args:
        layer: a layer or a model.
    """
    shape, _ = get_input_shape_and_dtype(layer)
    return shape[0] if shape is not None else None


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
