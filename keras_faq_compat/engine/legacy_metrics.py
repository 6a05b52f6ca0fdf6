"""Keras 2 compile-time metrics: their names in the logs and how weighted metrics average.

Legacy API: ``compile(metrics=['mse'], weighted_metrics=['mse'])`` logged as
``mean_squared_error`` and ``weighted_mean_squared_error`` (``output2_weighted_...`` per output),
and a weighted metric's batch value was Keras 2's weighted loss, ``mean(values * w) / mean(w != 0)``.

Keras 3 replacement: the logs name a metric as given (``mse``), prefix ``weighted_`` only when the
same name is also an unweighted metric of that output, and a weighted metric is the weighted mean
``sum(values * w) / sum(w)``.

Keras 2.2's stateful metrics were layers with ``stateful = True`` whose call returned the running
value (updating their own variables through ``add_update``) and whose ``reset_states()`` ran at
the start of each epoch and evaluation; Keras 3 takes a ``keras.metrics.Metric`` instead.

`keras2_metrics` rewrites the compile arguments: a short alias becomes the long name Keras 2 logged
(Keras 3 resolves both), each weighted metric function becomes a `WeightedMean`, named with the
``weighted_`` prefix, and a stateful metric layer becomes a `StatefulLayerMetric`. Remaining differences: a weighted ``'acc'`` keeps Keras 3's naming and
weighted mean; a weighted metric is written to saved files as Keras 3's ``MeanMetricWrapper``
(plain Keras 3 loads it, with its own weighting).
"""

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.losses import KERAS2_SHORT_NAMES
from keras_faq_compat.utils import losses_utils

__all__ = ["KERAS2_METRIC_NAMES", "WeightedMean", "StatefulLayerMetric", "keras2_metrics"]

# Keras 2.2's ``keras.metrics`` aliases -> the function ``__name__`` its logs used.
KERAS2_METRIC_NAMES = KERAS2_SHORT_NAMES

# Keras 3 picks binary / categorical / sparse accuracy from the targets: these stay strings.
_ACCURACY = ("acc", "accuracy", "crossentropy", "ce")


class WeightedMean(_keras.metrics.MeanMetricWrapper):
    """A weighted metric as Keras 2 computed it: per batch ``mean(fn * w) / mean(w != 0)``,
    averaged over the batches by their size.

    Args:
        fn: the metric function ``fn(y_true, y_pred)``.
        name: the metric's name (``weighted_mean_squared_error``).
        dtype: its dtype; default None (the float type).
        **kwargs: passed to `fn` at each call.
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(fn, name=name, dtype=dtype, **kwargs)
        # Kept here too: Keras 3 keeps them in private attributes.
        self.metric_fn = fn
        self.metric_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        ops = _keras.ops
        values = ops.cast(self.metric_fn(y_true, y_pred, **self.metric_kwargs), self.dtype)
        if sample_weight is None:
            batch_value = ops.mean(values)
        else:
            weights = ops.cast(sample_weight, self.dtype)
            # Keras 2 first averaged the values over the axes the weights do not have.
            values, _, weights = losses_utils.squeeze_or_expand_dimensions(values, None, weights)
            extra_axes = tuple(range(len(weights.shape), len(values.shape)))
            if extra_axes:
                values = ops.mean(values, axis=extra_axes)
            nonzero = ops.mean(ops.cast(ops.not_equal(weights, 0), self.dtype))
            batch_value = ops.divide_no_nan(ops.mean(values * weights), nonzero)
        batch_size = ops.cast(ops.shape(values)[0] if len(values.shape) else 1, self.dtype)
        return _keras.metrics.Mean.update_state(self, batch_value, sample_weight=batch_size)


# Saved files name Keras 3's class, so plain Keras 3 loads them.
WeightedMean.__name__ = WeightedMean.__qualname__ = "MeanMetricWrapper"
WeightedMean.__module__ = "keras.metrics"


class StatefulLayerMetric(_keras.metrics.Metric):
    """A Keras 2.2 stateful metric layer as a Keras 3 metric: its result is the value the layer's
    last call returned; resetting the metric calls the layer's ``reset_states()``.

    Args:
        layer: the layer (``stateful = True``, ``layer(y_true, y_pred)``, ``reset_states()``).
    """

    def __init__(self, layer):
        super().__init__(name=layer.name)
        self.layer = layer
        self.value = self.add_variable(shape=(), initializer="zeros", name="value")

    def update_state(self, y_true, y_pred, sample_weight=None):
        self.value.assign(_keras.ops.cast(self.layer(y_true, y_pred), self.value.dtype))

    def result(self):
        # A copy: a reference to the variable would be read after the next reset.
        return _keras.ops.copy(self.value)

    def reset_state(self):
        if hasattr(self.layer, "reset_states"):
            self.layer.reset_states()
        self.value.assign(0.0)


def _function_name(metric):
    return getattr(metric, "__name__", None) or type(metric).__name__


def _one(metric, weighted):
    if isinstance(metric, str):
        if metric in _ACCURACY:
            return metric
        name = KERAS2_METRIC_NAMES.get(metric, metric)
        if not weighted:
            return name
        fn = _keras.metrics.get(name)
        if isinstance(fn, _keras.metrics.Metric):
            # Keras 3 resolves ``'mean_squared_error'`` to a metric class: weight its function.
            fn = getattr(_keras.losses, name, None) or getattr(_keras.metrics, name, None)
            if fn is None or isinstance(fn, type):
                return metric
        return WeightedMean(fn, name="weighted_" + name)
    if isinstance(metric, _keras.layers.Layer) and getattr(metric, "stateful", False):
        return StatefulLayerMetric(metric)
    if weighted and callable(metric) and not isinstance(metric, (_keras.metrics.Metric, type)):
        return WeightedMean(metric, name="weighted_" + _function_name(metric))
    return metric


def keras2_metrics(metrics, weighted=False):
    """`metrics` as ``compile`` arguments that log Keras 2's names (and weighting).

    Args:
        metrics: None, a list of metrics, or a dict of output name -> metric or list of metrics.
        weighted: these are ``weighted_metrics``; default False.
    """
    if metrics is None:
        return None
    if isinstance(metrics, dict):
        return {output: keras2_metrics(value, weighted) for output, value in metrics.items()}
    if isinstance(metrics, (list, tuple)):
        return [keras2_metrics(value, weighted) if isinstance(value, (list, tuple)) else _one(value, weighted) for value in metrics]
    return _one(metrics, weighted)
