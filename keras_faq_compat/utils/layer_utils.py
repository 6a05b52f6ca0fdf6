"""``keras.utils.layer_utils``: parameter counts, summaries and weight conversions.

Legacy API: ``print_summary(model, line_length=None, positions=None, print_fn=None)``,
``count_params(weights)``, ``get_source_inputs(tensor, layer=None, node_index=None)``,
``convert_all_kernels_in_model(model)`` (Theano <-> TensorFlow kernels),
``convert_dense_weights_data_format(dense, previous_feature_map_shape,
target_data_format='channels_first')``.

Keras 3 replacement: ``model.summary(...)``, ``model.count_params()``,
``keras.utils.get_source_inputs``; set converted weights with ``layer.set_weights``.

Differences from Keras 2: `print_summary` prints Keras 3's table; `get_source_inputs` follows
Keras 3's graph, whatever `layer` and `node_index` say.
"""

import numpy as np

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.utils.conv_utils import convert_kernel

__all__ = [
    "print_summary",
    "count_params",
    "get_source_inputs",
    "convert_all_kernels_in_model",
    "convert_dense_weights_data_format",
]

# Keras 2 flipped the kernels of these classes only (no separable or depthwise ones).
_CONV_CLASSES = ("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose")


def print_summary(model, line_length=None, positions=None, print_fn=None):
    """Print `model`'s summary (Keras 2's ``print_summary``).

    Args:
        model: a Keras model.
        line_length: total line length; default None (Keras's default).
        positions: column positions; default None.
        print_fn: function used to print; default None (``print``).
    """
    model.summary(line_length=line_length, positions=positions, print_fn=print_fn)


def count_params(weights):
    """The number of scalars in `weights` (variables or arrays), each object counted once.

    Args:
        weights: an iterable of variables or arrays.
    """
    seen = set()
    total = 0
    for w in weights:
        if id(w) not in seen:
            seen.add(id(w))
            total += int(np.prod(w.shape))
    return total


def get_source_inputs(tensor, layer=None, node_index=None):
    """The input tensors `tensor` is computed from (a list), or `tensor` when it has no history.

    Args:
        tensor: a symbolic Keras tensor.
        layer: ignored (Keras 2's recursion hint); default None.
        node_index: ignored; default None.
    """
    return _keras.utils.get_source_inputs(tensor)


def convert_all_kernels_in_model(model):
    """Flip the kernels of `model`'s convolution layers between Theano and TensorFlow.

    Applied twice, the model is as before. Only ``Conv1D``, ``Conv2D``, ``Conv3D`` and
    ``Conv2DTranspose`` layers directly in ``model.layers`` are converted, as in Keras 2.

    Args:
        model: a built Keras model.
    """
    for layer in model.layers:
        if type(layer).__name__ in _CONV_CLASSES:
            layer.kernel.assign(convert_kernel(_keras.ops.convert_to_numpy(layer.kernel)))


def convert_dense_weights_data_format(dense, previous_feature_map_shape, target_data_format="channels_first"):
    """Reorder a ``Dense`` layer's kernel rows after its ``Flatten`` input changes data format.

    When a convnet's weights move from ``channels_last`` to ``channels_first`` (or back), the
    ``Dense`` layer after the last feature map's ``Flatten`` sees its inputs in another order.

    Args:
        dense: the ``Dense`` layer (kernel and bias).
        previous_feature_map_shape: the 3-int shape of the feature map before ``Flatten``, in the
            target format (``(512, 7, 7)`` for ``channels_first``).
        target_data_format: ``'channels_first'`` (converting from ``channels_last``) or
            ``'channels_last'``; default ``'channels_first'``.
    """
    assert target_data_format in {"channels_last", "channels_first"}
    kernel, bias = dense.get_weights()
    if target_data_format == "channels_first":
        c, h, w = previous_feature_map_shape
        source_shape, order = (h, w, c), (2, 0, 1)
    else:
        h, w, c = previous_feature_map_shape
        source_shape, order = (c, h, w), (1, 2, 0)
    units = kernel.shape[1]
    blocks = kernel.reshape(source_shape + (units,))
    kernel = np.transpose(blocks, order + (3,)).reshape(-1, units)
    dense.set_weights([kernel, bias])


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
