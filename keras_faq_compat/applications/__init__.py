"""``keras.applications``: the ten Keras 2 model families of the FAQ.

Legacy API: ``keras.applications.VGG16`` (and ``Xception``, ``VGG19``, ``ResNet50``,
``InceptionV3``, ``InceptionResNetV2``, ``MobileNet``, ``DenseNet121/169/201``,
``NASNetMobile``, ``NASNetLarge``, ``MobileNetV2``), and the modules
``keras.applications.<name>`` with ``preprocess_input`` / ``decode_predictions``.
Keras 3 replacement: ``keras.applications`` (downloads and hash-checks the weights).
Difference: ``weights='imagenet'`` takes the Keras 2 weight file from
``$KERAS_HOME/models`` and never downloads (see `imagenet_weights`).
"""

from keras_faq_compat import _lazy
from keras_faq_compat.applications.imagenet_weights import WEIGHT_FILES

_TABLE = {
    name: f"keras_faq_compat.applications.{module}:{name}" for name, (module, _) in WEIGHT_FILES.items()
}
__getattr__, __dir__ = _lazy.lazy_attributes(__name__, _TABLE, fallback="applications")
