"""``keras.metrics`` as Keras 2 code imports it.

Legacy API: the metric functions and aliases (``acc``-era ``binary_accuracy``, ``mse``, ``mae``,
``cosine_proximity``, ...), Keras 2.3's metric classes, ``clone_metric`` and ``clone_metrics``. The
names are rows of `keras_faq_compat.legacy_names`.

Keras 3 replacement: ``keras.metrics``.
"""

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras

__all__ = ["Reduce", "clone_metric", "clone_metrics", "cosine_similarity"]


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
            return _keras.ops.convert_to_tensor(self.total)
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


__getattr__, __dir__ = _lazy.surface(__name__)
