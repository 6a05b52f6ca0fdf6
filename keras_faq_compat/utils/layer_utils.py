"""``keras.utils.layer_utils``: ``print_summary``, ``count_params``.

Legacy API: ``print_summary(model, line_length=None, positions=None, print_fn=None)``,
``count_params(weights)``.
Keras 3 replacement: ``model.summary(...)``, ``model.count_params()``.
"""

import numpy as np

__all__ = ["print_summary", "count_params"]


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
    """The total number of scalars in `weights` (a list of variables or arrays)."""
    return int(sum(np.prod(w.shape) for w in weights))
