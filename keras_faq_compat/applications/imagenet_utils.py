"""``keras.applications.imagenet_utils``: ``preprocess_input``, ``decode_predictions``.

Legacy API: ``keras.applications.imagenet_utils.preprocess_input(x, data_format=None,
mode='caffe')`` and ``decode_predictions(preds, top=5)``.
Keras 3 replacement: ``keras.applications.imagenet_utils`` (``decode_predictions``
downloads ``imagenet_class_index.json`` when it is not cached).
Difference: ``decode_predictions`` reads the class index from ``$KERAS_HOME/models``
only and names the file when it is missing.
"""

from keras_faq_compat import _lazy

__getattr__, __dir__ = _lazy.lazy_attributes(
    __name__,
    {"decode_predictions": "keras_faq_compat.applications.imagenet_weights:decode_predictions"},
    fallback="applications.imagenet_utils",
)
