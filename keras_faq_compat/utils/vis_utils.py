"""``keras.utils.vis_utils``: ``plot_model`` and ``model_to_dot``.

Legacy API: ``plot_model(model, to_file='model.png', show_shapes=False, ...)``.
Keras 3 replacement: ``keras.utils.plot_model`` (same arguments; needs pydot
and graphviz).
"""

from keras_faq_compat._real import keras as _keras

__all__ = ["plot_model", "model_to_dot"]

plot_model = _keras.utils.plot_model
model_to_dot = _keras.utils.model_to_dot
