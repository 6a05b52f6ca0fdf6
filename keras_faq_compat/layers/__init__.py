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

__getattr__, __dir__ = _lazy.surface(__name__)
