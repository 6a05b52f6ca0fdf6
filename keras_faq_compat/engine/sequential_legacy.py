"""Keras 2 behaviour specific to ``Sequential`` (``pop``, early ``model.input``, ...).

Legacy API: ``Sequential.pop()``, ``model.input`` / ``model.output`` right after
``add``, ``predict_classes``, ``predict_proba``.

Keras 3 replacement: ``keras.Sequential`` with an ``keras.Input`` first layer;
``np.argmax(model.predict(x), axis=-1)``.
"""

__all__ = ["LegacySequentialMixin"]


class LegacySequentialMixin:
    """Sequential-only Keras 2 behaviour; cooperates through ``super()``."""
