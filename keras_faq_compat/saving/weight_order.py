"""The order in which a Keras 2 file lists a layer's weights.

Legacy API: ``layer.weights`` of Keras 2 as ``save_weights`` wrote them.

Keras 3 replacement: ``layer.weights`` (the ``.weights.h5`` format matches
variables by object path, not by order).

Keras 2 listed the trainable weights first, then the non-trainable ones;
writing and reading a file both follow that order.
"""

__all__ = ["layer_weights"]


def layer_weights(layer):
    """A layer's weights in the order Keras 2 saved them (trainable first).

    Args:
        layer: a Keras 3 layer or model.
    """
    return list(layer.trainable_weights) + list(layer.non_trainable_weights)
