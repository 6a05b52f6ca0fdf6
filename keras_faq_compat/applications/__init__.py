"""``keras.applications``: the ten Keras 2 model families of the FAQ.

Legacy API: ``keras.applications.VGG16`` (and ``Xception``, ``VGG19``, ``ResNet50``,
``InceptionV3``, ``InceptionResNetV2``, ``MobileNet``, ``DenseNet121/169/201``,
``NASNetMobile``, ``NASNetLarge``, ``MobileNetV2``), and the modules
``keras.applications.<name>`` with ``preprocess_input`` / ``decode_predictions``.
Keras 3 replacement: ``keras.applications`` (downloads and hash-checks the weights).
Difference: ``weights='imagenet'`` takes the Keras 2 weight file from
``$KERAS_HOME/models`` and never downloads (see `imagenet_weights`).
"""

import functools

from keras_faq_compat import _lazy

__all__ = ["keras_modules_injection"]


def keras_modules_injection(base_fun):
    """Keras 2.2.4's decorator: call a ``keras_applications`` function with this layer's modules.

    Keras 2 passed ``backend``, ``layers``, ``models`` and ``utils`` to the separate
    ``keras_applications`` package this way; the compat modules are passed the same way, unless the
    caller gives its own.

    Args:
        base_fun: the function to wrap.
    """
    from keras_faq_compat import backend, layers, models, utils

    @functools.wraps(base_fun)
    def wrapper(*args, **kwargs):
        for key, module in (("backend", backend), ("layers", layers), ("models", models), ("utils", utils)):
            kwargs.setdefault(key, module)
        return base_fun(*args, **kwargs)

    return wrapper


__getattr__, __dir__ = _lazy.surface(__name__)
