"""``keras.engine.base_layer``: a Keras 2.2 module path of the engine classes.

Legacy API: ``from keras.engine.base_layer import ...`` (Layer, InputSpec, Input, InputLayer, Network).
Keras 3 replacement: ``keras.layers.Layer``, ``keras.layers.InputSpec``, ``keras.Input``, ``keras.Model``.
"""

from keras_faq_compat import _lazy

__getattr__, __dir__ = _lazy.surface(__name__)
