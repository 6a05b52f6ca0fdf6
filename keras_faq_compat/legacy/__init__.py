"""``keras.legacy``: what Keras 2 kept of Keras 1.

Legacy API: ``keras.legacy.interfaces`` (the decorators that converted Keras 1
argument names, with a warning) and ``keras.legacy.layers`` (``Highway``,
``MaxoutDense``, ``AtrousConvolution1D/2D``, ``Recurrent``,
``ConvRecurrent2D``).

Keras 3 replacement: the Keras 2 argument names, which Keras 3 kept; see each
module for the layers.
"""


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
