"""``keras.layers.embeddings``: the Keras 2 module of the ``Embedding`` layer.

Legacy API: ``Embedding(input_dim, output_dim, ..., input_length=None)``; ``layer.input_length``.
Keras 3 replacement: ``keras.layers.Embedding`` and ``keras.Input(shape=(length,))`` (Keras 3 drops
``input_length`` with a warning).
Difference restored here: as in Keras 2, ``input_length`` (an int, or a tuple for inputs of higher
rank) is checked against the input's shape when the layer is built, and a mismatch is a
``ValueError``. Not restored: the output's static shape does not take unknown lengths from
``input_length``; ``input_length`` is not in the layer's config (plain Keras 3 warns about it).
"""

from keras_faq_compat import _lazy

__all__ = []


class Keras2EmbeddingInputLength:
    """Keep Keras 2's ``input_length`` and check the input's shape against it when built.

    Args:
        input_length: the length of the input sequences (int, or tuple of ints and None);
            default None (no check).
    """

    def __init__(self, *args, input_length=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.input_length = input_length

    def build(self, input_shape=None):
        if self.input_length is not None and input_shape is not None:
            lengths = tuple(self.input_length) if isinstance(self.input_length, (list, tuple)) else (self.input_length,)
            given = tuple(input_shape)[1:]
            if len(lengths) != len(given) or any(
                want is not None and have is not None and want != have for want, have in zip(lengths, given)
            ):
                raise ValueError(
                    f"Embedding {self.name!r}: input_length is {self.input_length!r}, but the input has "
                    f"shape {tuple(input_shape)}."
                )
        super().build(input_shape)


__getattr__, __dir__ = _lazy.surface(__name__)
