"""``tensor._keras_shape``: the static shape Keras 2 put on every symbolic tensor a layer made.

Legacy API: ``x._keras_shape`` (a tuple with ``None`` for unknown dimensions) on ``Input`` tensors
and layer outputs, which Keras 2 code and its own tests read; ``x._keras_history`` (``(layer,
node_index, tensor_index)``) is already on Keras 3's symbolic tensors.
Keras 3 replacement: ``x.shape`` (a tuple already) or ``keras.ops.shape(x)``.
Difference: only symbolic tensors (``keras.KerasTensor``) have it, under the activation; eager values
do not, as in Keras 2 with the TensorFlow backend.
"""

__all__ = ["keras_shape"]


def _keras_shape(tensor):
    return tuple(tensor.shape)


#: Installed on ``keras.KerasTensor`` by the activation.
keras_shape = property(_keras_shape, doc="Keras 2's static shape of a symbolic tensor: ``tuple(x.shape)``.")
