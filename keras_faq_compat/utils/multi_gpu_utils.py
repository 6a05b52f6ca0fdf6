"""``keras.utils.multi_gpu_utils``: ``multi_gpu_model``.

Legacy API: ``multi_gpu_model(model, gpus=None, cpu_merge=True, cpu_relocation=False)``.
Keras 3 replacement: build and compile the model inside
``tf.distribute.MirroredStrategy().scope()``.
"""

from keras_faq_compat import _lazy

__all__ = ["multi_gpu_model"]

multi_gpu_model = _lazy.not_implemented(
    "keras.utils.multi_gpu_model", "the multi-GPU issue"
)
