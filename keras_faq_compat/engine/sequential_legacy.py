"""Keras 2 behaviour specific to ``Sequential`` (``pop``, early ``model.input``, ...).

Legacy API: ``Sequential.pop()`` (``TypeError`` on an empty model),
``model.input`` / ``model.output`` right after adding a first layer with an
input shape, a first layer with ``batch_size=`` / ``batch_input_shape=``
(stateful RNNs), ``predict_classes``, ``predict_proba``.

Keras 3 replacement: ``keras.Sequential`` starting with
``keras.Input(shape=..., batch_size=...)``; ``model.inputs[0]``;
``np.argmax(model.predict(x), axis=-1)`` or ``(model.predict(x) > 0.5)``.
"""

import warnings


from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.deprecation import warn_legacy

__all__ = ["LegacySequentialMixin"]


class LegacySequentialMixin:
    """Sequential-only Keras 2 behaviour; cooperates through ``super()``."""

    _keras2_name_prefix = "sequential"

    def add(self, layer, *args, **kwargs):
        """Add `layer` on top; a first layer with a Keras 2 batch input shape makes the input layer.

        Args:
            layer: a layer instance.
            *args, **kwargs: Keras 3 ``add`` arguments (``rebuild``).
        """
        batch_input_shape = getattr(layer, "_legacy_batch_input_shape", None)
        if not _internals.sequential_layers(self) and batch_input_shape is not None:
            # Keras 2 named the input of a Sequential after its first layer;
            # Keras 3's own path would drop the batch size stateful RNNs need.
            super().add(
                _keras.layers.InputLayer(
                    batch_shape=batch_input_shape,
                    dtype=layer.dtype_policy.variable_dtype if hasattr(layer, "dtype_policy") else None,
                    name=f"{layer.name}_input",
                ),
                *args,
                **kwargs,
            )
        return super().add(layer, *args, **kwargs)

    def pop(self, *args, **kwargs):
        """Remove the last layer; ``TypeError`` when there is none (as Keras 2)."""
        if not self.layers:
            raise TypeError("There are no layers in the model.")
        return super().pop(*args, **kwargs)

    @property
    def input(self):
        """The model's input tensor, available as soon as the input shape is known."""
        inputs = self.inputs
        return inputs[0] if len(inputs) == 1 else inputs

    @property
    def output(self):
        """The model's output tensor, available as soon as the input shape is known."""
        outputs = self.outputs
        return outputs[0] if len(outputs) == 1 else outputs

    def predict_proba(self, x, batch_size=None, verbose=0):
        """Legacy ``predict_proba``: `predict`, warning when outputs are not in [0, 1].

        Args:
            x: input data.
            batch_size: default None (32, or a stateful model's fixed batch size).
            verbose: default 0.
        """
        warn_legacy("Sequential.predict_proba", "Model.predict")
        preds = self.predict(x, batch_size=batch_size, verbose=verbose)
        if preds.min() < 0.0 or preds.max() > 1.0:
            warnings.warn(
                "Network returning invalid probability values. The last layer might not "
                "normalize predictions into probabilities (like softmax or sigmoid would).",
                UserWarning,
                stacklevel=2,
            )
        return preds

    def predict_classes(self, x, batch_size=None, verbose=0):
        """Legacy ``predict_classes``: class indices (argmax, or ``> 0.5`` for one output unit).

        Args:
            x: input data.
            batch_size: default None (32, or a stateful model's fixed batch size).
            verbose: default 0.
        """
        warn_legacy(
            "Sequential.predict_classes",
            "np.argmax(model.predict(x), axis=-1), or (model.predict(x) > 0.5).astype('int32') for one unit",
        )
        proba = self.predict(x, batch_size=batch_size, verbose=verbose)
        if proba.shape[-1] > 1:
            return proba.argmax(axis=-1)
        return (proba > 0.5).astype("int32")
