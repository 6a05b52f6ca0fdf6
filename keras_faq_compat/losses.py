"""``keras.losses`` and ``keras.objectives`` as Keras 2 code imports them.

Legacy API: the loss functions and their short aliases (``mse``, ``mae``, ``mape``, ``msle``, ``kld``,
``cosine``, ``cosine_proximity``, ``logcosh``, ``kullback_leibler_divergence``), Keras 2.3's loss
classes and ``is_categorical_crossentropy``. The names are rows of `keras_faq_compat.legacy_names`.

Keras 3 replacement: ``keras.losses`` (``mean_squared_error``, ``cosine_similarity``, ``log_cosh``,
``kl_divergence``, ...), which compute what Keras 2's functions computed.

Difference restored here: ``deserialize`` (and ``get`` of a config) rebuilds a user loss class that
has ``get_config`` but no ``from_config`` as Keras 2 did, by calling the class with its config
(Keras 3 raises TypeError).
"""

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras

__all__ = ["LossFunctionWrapper", "is_categorical_crossentropy", "deserialize", "get"]

#: Keras 2's short loss/metric aliases -> the function ``__name__`` Keras 2 logged and saved them under.
KERAS2_SHORT_NAMES = {
    "mse": "mean_squared_error",
    "MSE": "mean_squared_error",
    "mae": "mean_absolute_error",
    "MAE": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error",
    "MAPE": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "MSLE": "mean_squared_logarithmic_error",
}


class LossFunctionWrapper(_keras.losses.Loss):
    """Keras 2.3's loss class around a loss function ``fn(y_true, y_pred, **kwargs)``.

    Args:
        fn: the loss function.
        reduction: how the per-sample losses are reduced; default ``"sum_over_batch_size"``.
        name: the loss's name; default None.
        **kwargs: passed to `fn` at each call.
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, **kwargs):
        super().__init__(reduction=reduction, name=name)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = {k: (_keras.ops.convert_to_numpy(v) if _keras.ops.is_tensor(v) else v)
                  for k, v in self._fn_kwargs.items()}
        return {**super().get_config(), **config}


def is_categorical_crossentropy(loss):
    """Whether `loss` is categorical cross-entropy, in any of the forms Keras 2.3 accepted.

    Args:
        loss: a loss object, function or name.
    """
    if isinstance(loss, _keras.losses.CategoricalCrossentropy):
        return True
    if isinstance(loss, _keras.losses.Loss):
        # Keras 3 does not export LossFunctionWrapper; its instances keep the function as `fn`.
        fn = getattr(loss, "fn", None)
        return fn is _keras.losses.categorical_crossentropy
    return getattr(loss, "__name__", None) == "categorical_crossentropy" or loss == "categorical_crossentropy"


def deserialize(name, custom_objects=None):
    """The loss a name or a serialized config describes.

    Args:
        name: a loss name (``'mse'``), or a config dict as ``serialize`` writes it.
        custom_objects: user losses by name; default None (the custom objects in scope still apply).
    """
    if isinstance(name, dict):
        key = name.get("registered_name") or name.get("class_name")
        cls = _keras.saving.get_registered_object(key, custom_objects=custom_objects) if key else None
        if isinstance(cls, type) and not hasattr(cls, "from_config"):
            # Keras 2 built such a class from its config's keyword arguments.
            return cls(**(name.get("config") or {}))
    return _keras.losses.deserialize(name, custom_objects=custom_objects)


def get(identifier):
    """The loss `identifier` names: None, a name, a config dict, or a callable (returned as it is).

    Args:
        identifier: what to resolve.

    Raises:
        ValueError: `identifier` is none of these.
    """
    if isinstance(identifier, dict):
        return deserialize(identifier)
    return _keras.losses.get(identifier)


__getattr__, __dir__ = _lazy.surface(__name__)
