"""``keras.models.Sequential`` with Keras 2 behaviour.

Legacy API: ``keras.models.Sequential`` / ``keras.engine.sequential.Sequential``
(``add``, ``pop``, ``model.input`` right after the first layer, ``predict_classes``,
``predict_proba``, and every Keras 2 model method of `training.Model`).

Keras 3 replacement: ``keras.Sequential``.
"""

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.data.streaming import StreamingMixin
from keras_faq_compat.distribute.multi_worker import MultiWorkerTrainingMixin
from keras_faq_compat.engine.pickling import PicklingMixin
from keras_faq_compat.engine.sequential_legacy import LegacySequentialMixin
from keras_faq_compat.engine.training_legacy import LegacyTrainingMixin
from keras_faq_compat.layers.keras2_layer import Keras2NetworkAttributes
from keras_faq_compat.saving import class_identity
from keras_faq_compat.saving.model_methods import SavingMixin

__all__ = ["Sequential"]


# The mixins of `keras_faq_compat.engine.training.Model`, in its order, after
# the Sequential-only behaviour.
@class_identity.compat_model_class("keras.Sequential", "Sequential", loads=("Sequential",))
class Sequential(
    LegacySequentialMixin,
    SavingMixin,
    LegacyTrainingMixin,
    MultiWorkerTrainingMixin,
    StreamingMixin,
    PicklingMixin,
    Keras2NetworkAttributes,
    _keras.Sequential,
):
    """A Keras 2 Sequential model.

    Args:
        layers: layers to add, in order; default None.
        name: the model's name; default None (generated).
    """


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
