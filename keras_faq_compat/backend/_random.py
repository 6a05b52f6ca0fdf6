"""Keras 2's random tensors, drawn again each time ``K.eval`` evaluates them.

Legacy API: ``K.random_normal``, ``K.random_uniform``, ``K.truncated_normal``,
``K.random_binomial`` and ``K.eval``. In a Keras 2 graph a random tensor was
an operation: every ``K.eval(r)`` ran it and gave a new sample.

Keras 3 replacement: ``keras.random.normal`` / ``uniform`` /
``truncated_normal`` / ``binomial`` with a ``keras.random.SeedGenerator``
(a new sample per call), and ``keras.ops.convert_to_numpy`` for ``K.eval``.

Remaining difference: an eager tensor is a value, so only ``K.eval`` of the
random tensor itself draws a new sample (the tensor keeps its first one);
expressions built from it (``K.eval(r * 2)``) keep their values. Inside a
``tf.function`` (a layer's ``call``) each run draws anew, as in Keras 2.
"""

import weakref

import numpy as np

from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf
from keras_faq_compat.backend._common import legacy_function

__all__ = ["random_normal", "random_uniform", "truncated_normal", "random_binomial", "eval"]

# id(tensor) -> (weak reference to it, a function drawing a new sample like it).
_draws = {}


def _redrawn_by_eval(tensor, draw):
    """Return `tensor`, remembering that `K.eval` of it calls `draw` for a new sample."""
    if not _tf.executing_eagerly():
        return tensor
    key = id(tensor)
    # The entry goes when the tensor does, before its id can be reused.
    _draws[key] = (weakref.ref(tensor, lambda _, key=key: _draws.pop(key, None)), draw)
    return tensor


def _seed(seed):
    # Keras 2 drew the op seed from numpy's global generator, so that
    # np.random.seed fixes the samples.
    return np.random.randint(10e6) if seed is None else seed


@legacy_function("keras.random.normal(shape, mean, stddev, seed=keras.random.SeedGenerator(...))")
def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Legacy ``K.random_normal``: samples of a normal distribution.

    Args:
        shape: a tuple of ints.
        mean: the distribution's mean; default 0.0.
        stddev: its standard deviation; default 1.0.
        dtype: the float type; default ``keras.config.floatx()``.
        seed: an int op-level seed; default a draw from numpy's global generator.
    """
    dtype, seed = dtype or _keras.config.floatx(), _seed(seed)

    def draw():
        return _tf.random.normal(shape, mean=mean, stddev=stddev, dtype=dtype, seed=seed)

    return _redrawn_by_eval(draw(), draw)


@legacy_function("keras.random.uniform(shape, minval, maxval, seed=keras.random.SeedGenerator(...))")
def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Legacy ``K.random_uniform``: samples of a uniform distribution over ``[minval, maxval)``.

    Args:
        shape: a tuple of ints.
        minval: the lower bound; default 0.0.
        maxval: the upper bound (excluded); default 1.0.
        dtype: the float type; default ``keras.config.floatx()``.
        seed: an int op-level seed; default a draw from numpy's global generator.
    """
    dtype, seed = dtype or _keras.config.floatx(), _seed(seed)

    def draw():
        return _tf.random.uniform(shape, minval=minval, maxval=maxval, dtype=dtype, seed=seed)

    return _redrawn_by_eval(draw(), draw)


@legacy_function("keras.random.truncated_normal(shape, mean, stddev, seed=keras.random.SeedGenerator(...))")
def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Legacy ``K.truncated_normal``: normal samples, those beyond two standard deviations drawn again.

    Args:
        shape: a tuple of ints.
        mean: the distribution's mean; default 0.0.
        stddev: its standard deviation before truncation; default 1.0.
        dtype: the float type; default ``keras.config.floatx()``.
        seed: an int op-level seed; default a draw from numpy's global generator.
    """
    dtype, seed = dtype or _keras.config.floatx(), _seed(seed)

    def draw():
        return _tf.random.truncated_normal(shape, mean=mean, stddev=stddev, dtype=dtype, seed=seed)

    return _redrawn_by_eval(draw(), draw)


@legacy_function("keras.random.binomial(shape, counts=1, probabilities=p, seed=...)")
def random_binomial(shape, p=0.0, dtype=None, seed=None):
    """Legacy ``K.random_binomial(shape, p=0.0, dtype=None, seed=None)``: 1 with probability `p`, else 0.

    Args:
        shape: a tuple of ints.
        p: the probability of a 1, ``0 <= p <= 1``; default 0.0.
        dtype: the float type of the result; default ``keras.config.floatx()``.
        seed: an int op-level seed; default a draw from numpy's global
            generator, so that ``np.random.seed`` fixes the result as in Keras 2.
    """
    dtype, seed = dtype or _keras.config.floatx(), _seed(seed)

    def draw():
        return _tf.where(
            _tf.random.uniform(shape, dtype=dtype, seed=seed) <= p,
            _tf.ones(shape, dtype=dtype),
            _tf.zeros(shape, dtype=dtype),
        )

    return _redrawn_by_eval(draw(), draw)


@legacy_function("keras.ops.convert_to_numpy")
def eval(x):  # noqa: A001 - the Keras 2 name
    """Legacy ``K.eval(x)``: the value of a tensor or variable as a numpy array.

    A tensor made by `random_normal`, `random_uniform`, `truncated_normal` or
    `random_binomial` gives a new sample at each call, as Keras 2's graph did.

    Args:
        x: a tensor (sparse ones are made dense), a variable (Keras 3's
            included) or a number.
    """
    entry = _draws.get(id(x))
    if entry is not None and entry[0]() is x:
        x = entry[1]()
    if isinstance(x, _tf.SparseTensor):
        x = _tf.sparse.to_dense(x)
    return _keras.ops.convert_to_numpy(x)
