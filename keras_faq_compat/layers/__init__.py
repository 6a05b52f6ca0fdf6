"""``keras.layers`` as Keras 2.2 code imports it.

Legacy API: ``keras.layers.*`` and the old submodules (``keras.layers.core``,
``.recurrent``, ``.convolutional``, ``.pooling``, ``.normalization``,
``.embeddings``, ``.merge``, ``.wrappers``, ``.advanced_activations``,
``.noise``, ``.local``, ``.convolutional_recurrent``, ``.cudnn_recurrent``).

Keras 3 replacement: ``keras.layers`` (one flat namespace).

Layers Keras 3 has unchanged are served as they are; legacy constructor
arguments and names are restored by the classes listed in `_TABLE`.
"""

from keras_faq_compat import _lazy
from keras_faq_compat.layers.legacy_layers import LEGACY_LAYERS

_TABLE = {
    "Input": "keras_faq_compat.layers.input_layer:Input",
    # Keras 3 classes taking Keras 2 constructor arguments and names.
    **{name: "keras_faq_compat.layers.legacy_layers:" + name for name in LEGACY_LAYERS},
    # Keras 2 aliases Keras 3 dropped.
    "Convolution1D": "keras_faq_compat.layers.legacy_names:Convolution1D",
    "Convolution2D": "keras_faq_compat.layers.legacy_names:Convolution2D",
    "Convolution3D": "keras_faq_compat.layers.legacy_names:Convolution3D",
    "Deconvolution2D": "keras_faq_compat.layers.legacy_names:Deconvolution2D",
    "Deconvolution3D": "keras_faq_compat.layers.legacy_names:Deconvolution3D",
    "CuDNNLSTM": "keras_faq_compat.layers.legacy_names:CuDNNLSTM",
    "CuDNNGRU": "keras_faq_compat.layers.legacy_names:CuDNNGRU",
    "LocallyConnected1D": "keras_faq_compat.layers.legacy_names:LocallyConnected1D",
    "LocallyConnected2D": "keras_faq_compat.layers.legacy_names:LocallyConnected2D",
}
__getattr__, __dir__ = _lazy.lazy_attributes(__name__, _TABLE, fallback="layers")
