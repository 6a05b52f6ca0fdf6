"""``keras.metrics`` as Keras 2 code imports it.

Legacy API: the metric functions and aliases (``acc``-era ``binary_accuracy``, ``mse``, ``mae``,
``cosine_proximity``, ...), Keras 2.3's metric classes, ``clone_metric`` and ``clone_metrics``. The
names are rows of `keras_faq_compat.legacy_names`.

Keras 3 replacement: ``keras.metrics``.

Differences restored here: the accuracy functions return what Keras 2's did (``binary_accuracy``
averages the last axis, one value per sample; the top-k accuracies are the batch's mean, one
scalar), and take the tensors ``K.variable`` makes; ``serialize`` writes a function (or any object
with a ``__name__`` and no ``get_config``) as its name, and ``deserialize`` of a name returns the
``custom_objects`` entry of that name first, as Keras 2 did. ``sparse_categorical_accuracy`` drops
a last axis of size 1 from ``y_true`` where Keras 2 flattened it (the same for 2D predictions).
"""

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras

__all__ = [
    "Reduce",
    "clone_metric",
    "clone_metrics",
    "cosine_similarity",
    "binary_accuracy",
    "categorical_accuracy",
    "sparse_categorical_accuracy",
    "top_k_categorical_accuracy",
    "sparse_top_k_categorical_accuracy",
    "serialize",
    "deserialize",
]


# Keras 2.3's ``metrics_utils.Reduction`` values.
_SUM, _SUM_OVER_BATCH_SIZE, _WEIGHTED_MEAN = "sum", "sum_over_batch_size", "weighted_mean"


class Reduce(_keras.metrics.Metric):
    """Keras 2.3's base of the reducing metrics: a running sum, or a (weighted) mean, of values.

    Args:
        reduction: ``"sum"``, ``"sum_over_batch_size"`` or ``"weighted_mean"``.
        name: the metric's name.
        dtype: the result's dtype; default None (the float type).
    """

    def __init__(self, reduction, name, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if reduction not in (_SUM, _SUM_OVER_BATCH_SIZE, _WEIGHTED_MEAN):
            raise NotImplementedError(f"reduction [{reduction}] not implemented")
        self.reduction = reduction
        self.total = self.add_variable(shape=(), initializer="zeros", name="total")
        if reduction != _SUM:
            self.count = self.add_variable(shape=(), initializer="zeros", name="count")

    def update_state(self, values, sample_weight=None):
        ops = _keras.ops
        values = ops.cast(values, self.dtype)
        if sample_weight is not None:
            sample_weight = ops.broadcast_to(ops.cast(sample_weight, self.dtype), ops.shape(values))
            values = values * sample_weight
        self.total.assign_add(ops.sum(values))
        if self.reduction == _SUM:
            return
        if self.reduction == _WEIGHTED_MEAN and sample_weight is not None:
            self.count.assign_add(ops.sum(sample_weight))
        else:
            self.count.assign_add(ops.cast(ops.size(values), self.dtype))

    def result(self):
        if self.reduction == _SUM:
            return _keras.ops.copy(self.total)
        return _keras.ops.divide_no_nan(self.total, self.count)

    def get_config(self):
        return {"reduction": self.reduction, "name": self.name, "dtype": self.dtype}


def cosine_similarity(y_true, y_pred, axis=-1):
    """Keras 2.3's metric: the cosine of the angle between `y_true` and `y_pred` (positive).

    Args:
        y_true, y_pred: tensors of the same shape.
        axis: the axis along which the cosine is taken; default -1.
    """
    ops = _keras.ops
    y_true = _keras.utils.normalize(ops.convert_to_tensor(y_true), axis=axis)
    y_pred = _keras.utils.normalize(ops.convert_to_tensor(y_pred), axis=axis)
    return ops.sum(y_true * y_pred, axis=axis)


def clone_metric(metric):
    """A fresh copy of `metric` if it is a stateful metric object, else `metric` itself.

    Args:
        metric: a ``keras.metrics.Metric`` or a metric function.
    """
    if isinstance(metric, _keras.metrics.Metric):
        return type(metric).from_config(metric.get_config())
    return metric


def clone_metrics(metrics):
    """`clone_metric` over a list or dict of metrics (None stays None).

    Args:
        metrics: a list, a dict of metrics, or None.
    """
    if metrics is None:
        return None
    if isinstance(metrics, dict):
        return {key: clone_metric(value) for key, value in metrics.items()}
    return [clone_metric(metric) for metric in metrics]


def _value(x):
    # A tf.Variable (what K.variable makes) lacks the ``ndim`` that Keras 3's ops read: use its value.
    return _keras.ops.copy(_keras.ops.convert_to_tensor(x))


def binary_accuracy(y_true, y_pred):
    """The fraction of the last axis where the rounded `y_pred` equals `y_true`, per sample.

    Args:
        y_true, y_pred: tensors of the same shape.
    """
    ops = _keras.ops
    y_true, y_pred = _value(y_true), _value(y_pred)
    equal = ops.equal(ops.cast(y_true, y_pred.dtype), ops.round(y_pred))
    return ops.mean(ops.cast(equal, _keras.config.floatx()), axis=-1)


def categorical_accuracy(y_true, y_pred):
    """1 where the largest `y_pred` is at the index of the largest `y_true`, else 0, per sample.

    Args:
        y_true: one-hot labels.
        y_pred: the predictions, of the same shape.
    """
    ops = _keras.ops
    equal = ops.equal(ops.argmax(_value(y_true), axis=-1), ops.argmax(_value(y_pred), axis=-1))
    return ops.cast(equal, _keras.config.floatx())


def _class_ids(y_true, y_pred):
    y_true = _value(y_true)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = _keras.ops.squeeze(y_true, -1)
    return y_true


def sparse_categorical_accuracy(y_true, y_pred):
    """1 where the largest `y_pred` is at the class index `y_true`, else 0, per sample.

    Args:
        y_true: class indices, of shape ``(samples,)`` or ``(samples, 1)``.
        y_pred: the predictions, ``(samples, classes)``.
    """
    ops = _keras.ops
    y_pred = _value(y_pred)
    floatx = _keras.config.floatx()
    y_true = ops.cast(_class_ids(y_true, y_pred), floatx)
    return ops.cast(ops.equal(y_true, ops.cast(ops.argmax(y_pred, axis=-1), floatx)), floatx)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """The fraction of the batch whose one-hot `y_true` class is among the `k` largest `y_pred`.

    Args:
        y_true: one-hot labels, ``(samples, classes)``.
        y_pred: the predictions, of the same shape.
        k: how many of the largest predictions count; default 5.
    """
    ops = _keras.ops
    targets = ops.argmax(_value(y_true), axis=-1)
    hits = ops.in_top_k(targets, _value(y_pred), k)
    return ops.mean(ops.cast(hits, _keras.config.floatx()), axis=-1)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    """The fraction of the batch whose class index `y_true` is among the `k` largest `y_pred`.

    Args:
        y_true: class indices, of shape ``(samples,)`` or ``(samples, 1)``.
        y_pred: the predictions, ``(samples, classes)``.
        k: how many of the largest predictions count; default 5.
    """
    ops = _keras.ops
    y_pred = _value(y_pred)
    targets = ops.cast(ops.reshape(_class_ids(y_true, y_pred), (-1,)), "int32")
    hits = ops.in_top_k(targets, y_pred, k)
    return ops.mean(ops.cast(hits, _keras.config.floatx()), axis=-1)


def serialize(metric):
    """A metric's serialized form: a function's (or nameable object's) name, else Keras 3's config.

    Args:
        metric: a metric function, object, or None.
    """
    if not isinstance(metric, _keras.metrics.Metric) and not hasattr(metric, "get_config"):
        name = getattr(metric, "__name__", None)
        if isinstance(name, str):
            return name
    return _keras.metrics.serialize(metric)


def deserialize(config, custom_objects=None):
    """The metric `config` describes: a name (looked up in `custom_objects` first) or a config.

    Args:
        config: a metric name or a serialized config.
        custom_objects: user metrics by name; default None.
    """
    if isinstance(config, str) and custom_objects and config in custom_objects:
        return custom_objects[config]
    return _keras.metrics.deserialize(config, custom_objects=custom_objects)


__getattr__, __dir__ = _lazy.surface(__name__)
