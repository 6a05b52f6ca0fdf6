"""``keras.models.Sequential`` with Keras 2 behaviour.

Legacy API: ``keras.models.Sequential`` / ``keras.engine.sequential.Sequential``
(``add``, ``pop``, ``model.input`` right after the first layer, ``predict_classes``,
``predict_proba``, and every Keras 2 model method of `training.Model`).

Keras 3 replacement: ``keras.Sequential``.
"""

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.engine.sequential_legacy import LegacySequentialMixin
from keras_faq_compat.engine.training import LEGACY_MIXINS

__all__ = ["Sequential"]


class Sequential(LegacySequentialMixin, *LEGACY_MIXINS, _keras.Sequential):
    """A Keras 2 Sequential model.

    Args:
        layers: layers to add, in order; default None.
        name: the model's name; default None (generated).
    """


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
