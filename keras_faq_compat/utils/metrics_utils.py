"""``keras.utils.metrics_utils`` (Keras 2.3): confusion-matrix updates and metric helpers.

Legacy API: ``NEG_INF``, ``Reduction``, ``ConfusionMatrix``, ``AUCCurve``,
``AUCSummationMethod``, ``update_confusion_matrix_variables(variables_to_update, y_true, y_pred,
thresholds=0.5, top_k=None, class_id=None, sample_weight=None)``, ``weighted_assign_add``,
``filter_top_k``, ``to_list``, ``assert_thresholds_range``, ``parse_init_thresholds``,
``update_state_wrapper``, ``result_wrapper``.

Keras 3 replacement: the built-in ``keras.metrics`` (``Precision``, ``Recall``, ``AUC``,
``TruePositives``, ...) and ``keras.ops`` inside a custom metric's ``update_state``.

Differences from Keras 2: there is no graph to add update ops to, so the variables are updated
when `update_confusion_matrix_variables` / `weighted_assign_add` run (they return the updated
variables); `update_state_wrapper` calls ``metric.add_update`` only on objects that have it, and
`result_wrapper` returns the result without tagging it.
"""

from enum import Enum

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.utils import losses_utils

__all__ = [
    "NEG_INF",
    "Reduction",
    "ConfusionMatrix",
    "AUCCurve",
    "AUCSummationMethod",
    "update_state_wrapper",
    "result_wrapper",
    "filter_top_k",
    "to_list",
    "assert_thresholds_range",
    "parse_init_thresholds",
    "weighted_assign_add",
    "update_confusion_matrix_variables",
]

_ops = _keras.ops

NEG_INF = -1e10


class Reduction:
    """The names of the ways a metric reduces its values: ``SUM``, ``SUM_OVER_BATCH_SIZE``,
    ``WEIGHTED_MEAN`` (sum of weighted values over the sum of weights)."""

    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"
    WEIGHTED_MEAN = "weighted_mean"


class ConfusionMatrix(Enum):
    """The keys of `update_confusion_matrix_variables`' variables."""

    TRUE_POSITIVES = "tp"
    FALSE_POSITIVES = "fp"
    TRUE_NEGATIVES = "tn"
    FALSE_NEGATIVES = "fn"


class AUCCurve(Enum):
    """The curve an AUC is computed under: ``ROC`` or ``PR``."""

    ROC = "ROC"
    PR = "PR"

    @staticmethod
    def from_str(key):
        """``AUCCurve.PR`` for ``'pr'``/``'PR'``, ``AUCCurve.ROC`` for ``'roc'``/``'ROC'``."""
        if key in ("pr", "PR"):
            return AUCCurve.PR
        if key in ("roc", "ROC"):
            return AUCCurve.ROC
        raise ValueError(f'Invalid AUC curve value "{key}".')


class AUCSummationMethod(Enum):
    """The Riemann sum of an AUC: ``INTERPOLATION``, ``MAJORING`` or ``MINORING``."""

    INTERPOLATION = "interpolation"
    MAJORING = "majoring"
    MINORING = "minoring"

    @staticmethod
    def from_str(key):
        """The member for ``'interpolation'``, ``'majoring'`` or ``'minoring'`` (or capitalized)."""
        for member in AUCSummationMethod:
            if key in (member.value, member.value.capitalize()):
                return member
        raise ValueError(f'Invalid AUC summation method value "{key}".')


def update_state_wrapper(update_state_fn):
    """Wrap a metric's ``update_state`` (Keras 2.3 decorator): the call's result is returned,
    and given to ``metric_obj.add_update`` when the metric has that method."""

    def decorated(metric_obj, *args, **kwargs):
        update_op = update_state_fn(*args, **kwargs)
        add_update = getattr(metric_obj, "add_update", None)
        if callable(add_update):
            add_update(update_op)
        return update_op

    return decorated


def result_wrapper(result_fn):
    """Wrap a metric's ``result`` (Keras 2.3 decorator): the result as a tensor."""

    def decorated(metric_obj, *args, **kwargs):
        return _ops.convert_to_tensor(result_fn(*args, **kwargs))

    return decorated


def filter_top_k(x, k):
    """`x` with all but the `k` largest values of its last axis set to `NEG_INF`."""
    _, indices = _ops.top_k(x, k, sorted=False)
    mask = _ops.sum(_ops.one_hot(indices, _ops.shape(x)[-1], dtype=x.dtype), axis=-2)
    return x * mask + NEG_INF * (1 - mask)


def to_list(x):
    """`x` if it is a list, else ``[x]`` (a tuple is one item)."""
    return x if isinstance(x, list) else [x]


def assert_thresholds_range(thresholds):
    """Raise ValueError for thresholds that are None or outside ``[0, 1]``."""
    invalid = [t for t in thresholds or () if t is None or t < 0 or t > 1]
    if invalid:
        raise ValueError(f"Threshold values must be in [0, 1]. Invalid values: {invalid}")


def parse_init_thresholds(thresholds, default_threshold=0.5):
    """`thresholds` checked and as a list; ``[default_threshold]`` when None."""
    if thresholds is not None:
        assert_thresholds_range(to_list(thresholds))
    return to_list(default_threshold if thresholds is None else thresholds)


def weighted_assign_add(label, pred, weights, var):
    """Add to `var`, per threshold row, the (weighted) count of places where `label` and `pred`
    (boolean, ``(thresholds, n)``) are both true; return `var`."""
    both = _ops.cast(_ops.logical_and(label, pred), _keras.config.floatx())
    if weights is not None:
        both = both * weights
    var.assign_add(_ops.cast(_ops.sum(both, axis=1), var.dtype))
    return var


def update_confusion_matrix_variables(
    variables_to_update, y_true, y_pred, thresholds=0.5, top_k=None, class_id=None, sample_weight=None
):
    """Add the true/false positives/negatives of one batch to their variables, per threshold.

    A prediction is positive when above the threshold; ``y_true`` is read as booleans.

    Args:
        variables_to_update: ``{ConfusionMatrix member: variable of shape (len(thresholds),)}``.
        y_true: the labels, of the shape of `y_pred`.
        y_pred: predictions in ``[0, 1]``.
        thresholds: a float or a list of them; default 0.5.
        top_k: keep only the `top_k` largest predictions of the last axis; default None.
        class_id: use only this index of the last axis; default None.
        sample_weight: weights broadcastable to `y_true`; default None.

    Returns:
        The list of updated variables (None when `variables_to_update` is None).
    """
    if variables_to_update is None:
        return None
    members = list(ConfusionMatrix)
    if not any(key in members for key in variables_to_update):
        raise ValueError(
            "Please provide at least one valid confusion matrix variable to update. Valid variable "
            f'key options are: "{members}". Received: "{variables_to_update.keys()}"'
        )
    invalid = [key for key in variables_to_update if key not in members]
    if invalid:
        raise ValueError(f'Invalid keys: {invalid}. Valid variable key options are: "{members}"')

    floatx = _keras.config.floatx()
    y_true = _ops.cast(y_true, floatx)
    y_pred = _ops.cast(y_pred, floatx)
    if sample_weight is None:
        y_pred, y_true = losses_utils.squeeze_or_expand_dimensions(y_pred, y_true=y_true)
    else:
        sample_weight = _ops.cast(sample_weight, floatx)
        y_pred, y_true, sample_weight = losses_utils.squeeze_or_expand_dimensions(
            y_pred, y_true=y_true, sample_weight=sample_weight
        )
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        y_true = y_true[..., class_id]
        y_pred = y_pred[..., class_id]

    thresholds = _ops.convert_to_tensor(to_list(thresholds), dtype=floatx)
    predictions = _ops.reshape(y_pred, (1, -1))
    pred_is_pos = _ops.greater(predictions, _ops.expand_dims(thresholds, 1))
    label_is_pos = _ops.broadcast_to(_ops.reshape(_ops.cast(y_true, "bool"), (1, -1)), _ops.shape(pred_is_pos))
    weights = None
    if sample_weight is not None:
        weights = _ops.reshape(losses_utils.broadcast_weights(y_pred, sample_weight), (1, -1))

    pairs = {
        ConfusionMatrix.TRUE_POSITIVES: (label_is_pos, pred_is_pos),
        ConfusionMatrix.FALSE_NEGATIVES: (label_is_pos, _ops.logical_not(pred_is_pos)),
        ConfusionMatrix.FALSE_POSITIVES: (_ops.logical_not(label_is_pos), pred_is_pos),
        ConfusionMatrix.TRUE_NEGATIVES: (_ops.logical_not(label_is_pos), _ops.logical_not(pred_is_pos)),
    }
    return [
        weighted_assign_add(label, pred, weights, variables_to_update[key])
        for key, (label, pred) in pairs.items()
        if key in variables_to_update
    ]


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
