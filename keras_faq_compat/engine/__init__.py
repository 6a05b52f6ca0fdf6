"""``keras.engine``: where Keras 2 code reached for ``Model``, ``Layer``, ``Input``.

Legacy API: ``keras.engine`` (``Layer``, ``InputSpec``, ``Input``, ``Model``),
``keras.engine.topology``, ``keras.engine.training``, ``keras.engine.sequential``,
``keras.engine.base_layer``, ``keras.engine.input_layer``, ``keras.engine.saving``.

Keras 3 replacement: ``keras.Model``, ``keras.Sequential``, ``keras.layers.Layer``,
``keras.layers.InputSpec``, ``keras.Input``.
"""

from keras_faq_compat import _lazy

__getattr__, __dir__ = _lazy.surface(__name__)
