"""``keras.engine``: where Keras 2 code reached for ``Model``, ``Layer``, ``Input``.

Legacy API: ``keras.engine`` (``Layer``, ``InputSpec``, ``Input``, ``Model``),
``keras.engine.topology``, ``keras.engine.training``, ``keras.engine.sequential``,
``keras.engine.base_layer``, ``keras.engine.input_layer``, ``keras.engine.saving``.

Keras 3 replacement: ``keras.Model``, ``keras.Sequential``, ``keras.layers.Layer``,
``keras.layers.InputSpec``, ``keras.Input``.
"""

from keras_faq_compat import _lazy

_TABLE = {
    "Model": "keras_faq_compat.engine.training:Model",
    "Sequential": "keras_faq_compat.engine.sequential:Sequential",
    "Layer": "keras_faq_compat.layers:Layer",
    "InputSpec": "keras_faq_compat.layers:InputSpec",
    "Input": "keras_faq_compat.layers:Input",
    "InputLayer": "keras_faq_compat.layers:InputLayer",
}
__getattr__, __dir__ = _lazy.lazy_attributes(__name__, _TABLE)
