"""``keras.layers.wrappers``: Keras 2's ``TimeDistributed`` and ``Bidirectional``.

Legacy API: ``TimeDistributed(layer)`` applying `layer` to the ``(batch * time, ...)`` reshaped
input when the batch size is not fixed (so a wrapped ``BatchNormalization`` takes its statistics
over every time step of the batch), with ``td._input_map`` (Keras 2's key of the inputs ->
the reshaped inner input), the inner layer's ``updates`` / ``get_updates_for``, and the inner
layer's mask (a ``Masking`` or ``Embedding(mask_zero=True)`` inside) as the wrapper's mask;
``Bidirectional(rnn)`` whose ``forward_layer`` and ``backward_layer`` are of the wrapped layer's
own class (with Keras 2's ``add_update`` / ``add_loss``), which returns a list for
``merge_mode=None`` or ``return_state=True``, and which refuses an ``initial_state`` that is not a list of the states of
both directions, as Keras 2 did.

Keras 3 replacement: ``keras.layers.TimeDistributed`` (it applies the layer to each time step
separately) and ``keras.layers.Bidirectional``.

Differences that remain: ``td._input_map`` holds a symbolic tensor of the inner input's shape,
not the tensor the call computed; ``Bidirectional(..., constants=...)`` is not restored (Keras 3's
``RNN`` has no constants).
"""

import inspect

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.layers import legacy_layers
from keras_faq_compat.layers.keras2_layer import StateUpdate, inputs_key, is_symbolic, updated_variables

__all__ = ["TimeDistributed", "Bidirectional", "Keras2TimeDistributed", "Keras2Bidirectional"]


def _takes(layer, argument):
    try:
        return argument in inspect.signature(layer.call).parameters
    except (TypeError, ValueError):
        return False


class Keras2TimeDistributed:
    """Keras 2's ``TimeDistributed``: one call of the inner layer on the reshaped batch.

    Used when the shape after the time axis is known and the inner layer is not stateful (its
    batch size then matters, and the time steps are looped over as Keras 3 always does; Keras 2
    looped whenever the batch size was fixed).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Keras 2's key of the call's inputs -> the inner input (a symbolic tensor of its shape).
        object.__setattr__(self, "_input_map", {})

    def __call__(self, inputs, *args, **kwargs):
        outputs = super().__call__(inputs, *args, **kwargs)
        if is_symbolic(inputs) and len(inputs.shape) >= 2:
            inner = _keras.KerasTensor((None,) + tuple(inputs.shape[2:]), dtype=inputs.dtype)
            self._input_map[inputs_key(inputs)] = inner
            # The inner layer's state updates, conditional on the inner input as in Keras 2.
            if kwargs.get("training") is not False:
                variables = updated_variables(self.layer)
                if variables and hasattr(self.layer, "add_update"):
                    self.layer.add_update([StateUpdate(v, inner) for v in variables], inputs=inner)
        return outputs

    def call(self, inputs, training=None, mask=None):
        inner_shape = tuple(inputs.shape[2:])
        if getattr(self.layer, "stateful", False) or any(d is None for d in inner_shape):
            return super().call(inputs, training=training, mask=mask)
        ops = _keras.ops
        timesteps = inputs.shape[1] if inputs.shape[1] is not None else ops.shape(inputs)[1]
        kwargs = {}
        if mask is not None and _takes(self.layer, "mask"):
            kwargs["mask"] = ops.reshape(mask, (-1,) + tuple(mask.shape[2:]))
        if _takes(self.layer, "training"):
            kwargs["training"] = training
        outputs = self.layer.call(ops.reshape(inputs, (-1,) + inner_shape), **kwargs)
        return ops.reshape(outputs, (-1, timesteps) + tuple(outputs.shape[1:]))

    def compute_mask(self, inputs, mask=None):
        # Keras 2 asked the inner layer (a Masking or mask_zero Embedding makes one); the mask
        # layers of Keras work on any rank, so the time axis needs no reshaping here.
        if getattr(self.layer, "stateful", False):
            return mask
        output_mask = self.layer.compute_mask(inputs, mask)
        if output_mask is None and mask is not None:
            # The inner layer keeps no mask: one entry per time step, as Keras 2 gave.
            output_mask = mask
            for _ in range(2, len(mask.shape)):
                output_mask = _keras.ops.any(output_mask, axis=-1)
        return output_mask


class Keras2Bidirectional:
    """Keras 2's ``Bidirectional``: inner layers of the wrapped class, a list for ``merge_mode=None``."""

    def __init__(self, layer, *args, **kwargs):
        given_backward = kwargs.get("backward_layer")
        if given_backward is None and len(args) >= 3:
            given_backward = args[2]
        super().__init__(layer, *args, **kwargs)
        # Keras 3 rebuilds the inner layers from their configs, which gives Keras 3's classes.
        cls = type(layer)
        if type(self.forward_layer) is not cls:
            self._keras2_replace("forward_layer", cls)
        if given_backward is None and type(self.backward_layer) is not cls:
            self._keras2_replace("backward_layer", cls)

    def _keras2_replace(self, name, cls):
        config = getattr(self, name).get_config()
        delattr(self, name)
        setattr(self, name, cls.from_config(config))

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        if not self.return_state:
            return super().compute_output_shape(sequences_shape, initial_state_shape)
        # Keras 3.15 fails to join the outputs and the states (a list) here.
        output_shape, *state_shapes = self.forward_layer.compute_output_shape(sequences_shape)
        output_shape = list(output_shape)
        if self.merge_mode == "concat":
            output_shape[-1] *= 2
        outputs = (tuple(output_shape),) * (2 if self.merge_mode is None else 1)
        return outputs + tuple(tuple(s) for s in state_shapes) * 2

    def __call__(self, inputs, *args, initial_state=None, constants=None, **kwargs):
        if constants is not None:
            raise TypeError(
                "Bidirectional(...)(inputs, constants=...) is not restored by keras_faq_compat: "
                "Keras 3's RNN layers take no constants; give them to the cell another way."
            )
        if initial_state is not None:
            states = list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
            if len(states) % 2:
                raise ValueError(
                    "When passing `initial_state` to a Bidirectional RNN, the state should be a list "
                    f"containing the states of the underlying RNNs. Found: {initial_state}"
                )
            kwargs["initial_state"] = states
        outputs = super().__call__(inputs, *args, **kwargs)
        # Keras 2 returned a list for several outputs (merge_mode=None, return_state=True).
        if isinstance(outputs, tuple):
            outputs = list(outputs)
        return outputs


TimeDistributed = legacy_layers.legacy_layer_class(_keras.layers.TimeDistributed, extra_mixins=(Keras2TimeDistributed,))
Bidirectional = legacy_layers.legacy_layer_class(_keras.layers.Bidirectional, extra_mixins=(Keras2Bidirectional,))


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
