"""``keras.metrics`` as Keras 2 code imports it.

Legacy API: the metric functions and aliases (``acc``-era ``binary_accuracy``, ``mse``, ``mae``,
``cosine_proximity``, ...), Keras 2.3's metric classes, ``clone_metric`` and ``clone_metrics``. The
names are rows of `keras_faq_compat.legacy_names`.

Keras 3 replacement: ``keras.metrics``.
"""

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras

__all__ = ["clone_metric", "clone_metrics"]


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
