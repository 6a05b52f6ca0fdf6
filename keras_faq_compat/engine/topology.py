"""``keras.engine.topology``: Keras 2.0/2.1's home of ``Layer``, ``Input``, ``Model``.

Legacy API: ``from keras.engine.topology import Layer, InputSpec, Input, Container``,
``preprocess_weights_for_loading``, ``load_weights_from_hdf5_group(_by_name)``.
Keras 3 replacement: ``keras.layers.Layer``, ``keras.layers.InputSpec``,
``keras.Input``, ``keras.Model``.
"""

from keras_faq_compat import _lazy

_TABLE = {
    "Layer": "keras_faq_compat.layers:Layer",
    "InputSpec": "keras_faq_compat.layers:InputSpec",
    "Input": "keras_faq_compat.layers:Input",
    "InputLayer": "keras_faq_compat.layers:InputLayer",
    "Model": "keras_faq_compat.engine.training:Model",
    "Container": "keras_faq_compat.engine.training:Model",
    "Network": "keras_faq_compat.engine.training:Model",
}
__getattr__, __dir__ = _lazy.lazy_attributes(__name__, _TABLE)
