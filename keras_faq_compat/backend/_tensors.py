"""Keras 2 tensor functions of ``keras/backend/tensorflow_backend.py`` that Keras 3 dropped.

Legacy API: ``K.logsumexp``, ``K.identity``, ``K.is_tensor``, ``K.is_variable``,
``K.is_symbolic``, ``K.slice``, ``K.size``, ``K.get_variable_shape``,
``K.print_tensor``, ``K.control_dependencies``,
``K.normalize_batch_in_training`` and the ``K.py_all`` / ``py_any`` /
``py_sum`` / ``py_slice`` aliases of the builtins; and three that
``tf.keras.backend`` kept with other results: ``K.switch`` (Keras 2 expanded
and tiled a condition of lower rank; TensorFlow 2's ``tf.where`` only
broadcasts it from the right), ``K.batch_dot`` (Keras 2.2 summed two 2-D
inputs over any axes, 0 included; Keras 3 refuses axis 0) and
``K.is_keras_tensor`` (Keras 2 raised ``ValueError`` for what is not a tensor).

Keras 3 replacement: ``keras.ops`` (``logsumexp``, ``slice``, ``size``,
``copy``, ``where``, ``einsum``), ``tf.print``, ``keras.ops.moments`` +
``keras.ops.batch_normalization``; ``x.shape``; ``isinstance(x,
keras.KerasTensor)``.

Remaining difference: they run eagerly, or traced inside a ``tf.function``
(a layer's ``call``), never in a Keras 2 session graph; a model's variables
(``keras.Variable``) count as variables and tensors, as Keras 2's
``tf.Variable`` weights did.
"""

import builtins
import sys

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf
from keras_faq_compat.backend._common import legacy_function
from keras_faq_compat.backend._symbolic import graph_function, is_k_placeholder

__all__ = [
    "py_all",
    "py_any",
    "py_sum",
    "py_slice",
    "logsumexp",
    "identity",
    "is_tensor",
    "is_variable",
    "is_symbolic",
    "slice",
    "size",
    "get_variable_shape",
    "print_tensor",
    "control_dependencies",
    "normalize_batch_in_training",
    "switch",
    "batch_dot",
    "is_keras_tensor",
]

# Keras 2 shadowed these builtins with tensor functions (K.all, K.sum, ...)
# and kept the originals under these names for its own and users' code.
py_all = builtins.all
py_any = builtins.any
py_sum = builtins.sum
py_slice = builtins.slice


@legacy_function("keras.ops.logsumexp")
@graph_function
def logsumexp(x, axis=None, keepdims=False):
    """Legacy ``K.logsumexp(x, axis=None, keepdims=False)``: ``log(sum(exp(x)))``, computed stably.

    Args:
        x: a tensor or variable.
        axis: an int, a list of ints, or None (all axes); default None.
        keepdims: keep the reduced axes with length 1; default False.
    """
    return _keras.ops.logsumexp(x, axis=axis, keepdims=keepdims)


@legacy_function("keras.ops.copy (or tf.identity)")
@graph_function
def identity(x, name=None):
    """Legacy ``K.identity(x, name=None)``: a tensor with the content of `x`.

    Args:
        x: a tensor or variable (a variable's current value is copied).
        name: an optional op name; default None.
    """
    return _tf.identity(x, name=name)


@legacy_function("isinstance(x, keras.Variable)")
def is_variable(x):
    """Legacy ``K.is_variable(x)`` (Keras 2.3.1): True for TensorFlow and Keras 3 variables.

    Args:
        x: any object.
    """
    return isinstance(x, (_tf.Variable, _internals.keras_variable_class()))


@legacy_function("keras.ops.is_tensor")
def is_tensor(x):
    """Legacy ``K.is_tensor(x)``: True for tensors, variables and symbolic Keras tensors.

    Keras 2 answered True for ``K.variable(...)``, ``Input(...)`` and any
    TensorFlow tensor, False for numpy arrays and Python numbers.

    Args:
        x: any object.
    """
    return _is_tensor(x)


@legacy_function("isinstance(x, keras.KerasTensor)")
def is_symbolic(x):
    """Legacy ``K.is_symbolic(x)`` (Keras 2.3.1): True for graph tensors, False for eager values.

    The symbolic tensors are Keras 3's `keras.KerasTensor` (``Input(...)``,
    a layer's output) and TensorFlow graph tensors (inside a ``tf.function``).

    Args:
        x: any object.
    """
    if isinstance(x, _keras.KerasTensor):
        return True
    return isinstance(x, _tf.Tensor) and _tf.is_symbolic_tensor(x)


@legacy_function("keras.ops.slice")
@graph_function
def slice(x, start, size):  # noqa: A001 - the Keras 2 name
    """Legacy ``K.slice(x, start, size)``: ``x[start[0]:start[0] + size[0], ...]``.

    Args:
        x: a tensor.
        start: a list, tuple or 1-D int tensor, one start index per axis.
        size: the same, one length per axis (-1: to the end).

    Raises:
        ValueError: when `start` or `size` does not have one entry per axis.
    """
    x_shape = _int_shape(x)
    if x_shape is not None and x_shape[0] is not None:
        len_start = _int_shape(start)[0] if _is_tensor(start) else len(start)
        len_size = _int_shape(size)[0] if _is_tensor(size) else len(size)
        if not (len(x_shape) == len_start == len_size):
            raise ValueError("The dimension and the size of indices should match.")
    return _tf.slice(x, start, size)


@legacy_function("keras.ops.size")
@graph_function
def size(x, name=None):
    """Legacy ``K.size(x, name=None)`` (Keras 2.3.1): the number of elements, an int32 scalar tensor.

    Args:
        x: a tensor or variable.
        name: an optional op name; default None.
    """
    return _tf.size(x, name=name)


@legacy_function("x.shape")
def get_variable_shape(x):
    """Legacy ``K.get_variable_shape(x)``: the shape of a variable as a tuple of ints.

    Args:
        x: a variable (or tensor).
    """
    return _int_shape(x)


@legacy_function("tf.print")
@graph_function
def print_tensor(x, message=""):
    """Legacy ``K.print_tensor(x, message='')``: print `message` and the value; return `x`.

    Keras 2.3.1 prints to standard output when the value is computed: at
    once in eager code, at every step inside a ``tf.function``.

    Args:
        x: a tensor.
        message: printed before the value; default ``''``.

    Returns:
        a tensor identical to `x`, to be used in place of `x`.
    """
    op = _tf.print(message, x, output_stream=sys.stdout)
    with _tf.control_dependencies([op] if op is not None else []):
        return _tf.identity(x)


@legacy_function("tf.control_dependencies (eager code runs in order without it)")
def control_dependencies(control_inputs):
    """Legacy ``K.control_dependencies(control_inputs)`` (Keras 2.3.1): ``tf.control_dependencies``.

    In eager code the operations have already run when the block starts
    (callables among `control_inputs` are called); inside a ``tf.function``
    the block's operations run after them, as in a Keras 2 graph.

    Args:
        control_inputs: a list of operations, tensors or callables, or None.
    """
    return _tf.control_dependencies(control_inputs)


@legacy_function("keras.ops.moments then keras.ops.batch_normalization")
@graph_function
def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=1e-3):
    """Legacy ``K.normalize_batch_in_training``: normalise `x` by its batch statistics.

    Keras 3 has no single call for it (``keras.ops.moments`` then
    ``keras.ops.batch_normalization``). The variance is the biased (population)
    one, as Keras 2.3.1 computes it on TensorFlow 2; Keras 2.2.4 on
    TensorFlow 1 returned the unbiased variance for 4-D inputs normalised over
    ``[0, 1, 2]`` or ``[0, 2, 3]`` (its fused kernel); `normed` is the same.

    Args:
        x: the input tensor.
        gamma: the scale, shaped as the non-reduced axes, or None (1).
        beta: the offset, shaped as the non-reduced axes, or None (0).
        reduction_axes: the axes to take the statistics over, e.g. ``[0, 1, 2]``.
        epsilon: added to the variance; default 1e-3.

    Returns:
        a tuple ``(normed, mean, variance)``; `mean` and `variance` have the
        non-reduced axes only.
    """
    x = _tf.convert_to_tensor(x)
    ndim = x.shape.rank
    axes = [axis % ndim for axis in reduction_axes]
    mean, var = _tf.nn.moments(x, axes, keepdims=False)
    if sorted(axes) == list(range(ndim))[:-1]:
        # Only the last axis is kept: the statistics broadcast as they are.
        normed = _tf.nn.batch_normalization(x, mean, var, beta, gamma, epsilon)
        return normed, mean, var
    target_shape = _tf.stack([1 if axis in axes else _tf.shape(x)[axis] for axis in range(ndim)])

    def broadcast(value):
        return None if value is None else _tf.reshape(value, target_shape)

    normed = _tf.nn.batch_normalization(
        x, broadcast(mean), broadcast(var), broadcast(beta), broadcast(gamma), epsilon
    )
    return normed, mean, var


@legacy_function("keras.ops.where (or tf.cond for a scalar condition)")
@graph_function
def switch(condition, then_expression, else_expression):
    """Legacy ``K.switch(condition, then_expression, else_expression)``: choose by `condition`.

    A scalar condition chooses one whole expression (``tf.cond``: only the
    chosen callable is called); a tensor condition chooses element-wise. A
    condition of lower rank than the expressions applies to their leading
    axes: shape ``(4,)`` selects whole rows of ``(4, 3, 2)`` expressions.

    Args:
        condition: a scalar or tensor (cast to bool).
        then_expression: a tensor, or a callable returning one.
        else_expression: a tensor of the same shape, or a callable returning one.

    Raises:
        ValueError: when `condition` has a higher rank than the expressions.
    """
    condition = _tf.convert_to_tensor(condition)
    if condition.dtype != _tf.bool:
        condition = _tf.cast(condition, _tf.bool)
    if not condition.shape.rank:
        return _tf.keras.backend.switch(condition, then_expression, else_expression)
    if callable(then_expression):
        then_expression = then_expression()
    if callable(else_expression):
        else_expression = else_expression()
    then_expression = _tf.convert_to_tensor(then_expression)
    else_expression = _tf.convert_to_tensor(else_expression)
    cond_ndim = condition.shape.rank
    expr_ndim = then_expression.shape.rank
    if cond_ndim > expr_ndim:
        raise ValueError(
            "Rank of `condition` should be less than or equal to rank of `then_expression` and "
            f"`else_expression`. ndim(condition)={cond_ndim}, ndim(then_expression)={expr_ndim}"
        )
    # TensorFlow 1's tf.where picked rows with a 1-D condition; Keras 2 made any
    # lower-rank condition the expressions' shape by trailing 1s and tiling.
    cond_shape = _tf.concat([_tf.shape(condition), [1] * (expr_ndim - cond_ndim)], axis=0)
    condition = _tf.reshape(condition, cond_shape)
    expr_shape = _tf.shape(then_expression)
    condition = _tf.tile(condition, _tf.where(expr_shape > cond_shape, expr_shape, _tf.ones_like(expr_shape)))
    return _tf.where(condition, then_expression, else_expression)


@legacy_function("keras.ops.einsum (or keras.ops.matmul)")
@graph_function
def batch_dot(x, y, axes=None):
    """Legacy ``K.batch_dot(x, y, axes=None)``: the dot product of each pair of samples.

    For two 2-D inputs Keras 2.2 took any pair of axes: ``axes=1`` (or
    ``(1, 1)``) sums over the features, ``(32, 1)`` for ``(32, 20)`` inputs;
    ``axes=0`` sums over the first axis, ``(20, 1)``; ``(0, 1)`` and ``(1, 0)``
    pair the axes crosswise. Other ranks are Keras 3's (Keras 2.3's) rule.

    Args:
        x: a tensor or variable with ``ndim >= 2``.
        y: a tensor or variable with ``ndim >= 2``.
        axes: an int, a pair of ints, or None (the last axis of `x` with the
            last but one of `y`, or the last one of a 2-D `y`); default None.

    Returns:
        a tensor; a 1-D result gets a trailing axis of length 1.
    """
    if isinstance(axes, int):
        axes = (axes, axes)
    x_ndim = _tf.keras.backend.ndim(x)
    y_ndim = _tf.keras.backend.ndim(y)
    if x_ndim == 2 and y_ndim == 2 and axes is not None and not builtins.any(isinstance(a, (list, tuple)) for a in axes):
        x_axis, y_axis = (axis % 2 for axis in axes)
        if x_axis == y_axis:
            output = _tf.reduce_sum(_tf.multiply(x, y), x_axis)
        else:
            output = _tf.reduce_sum(_tf.multiply(_tf.transpose(x), y), y_axis)
        return _tf.expand_dims(output, 1)
    return _tf.keras.backend.batch_dot(x, y, axes=axes)


@legacy_function("isinstance(x, keras.KerasTensor)")
def is_keras_tensor(x):
    """Legacy ``K.is_keras_tensor(x)``: True for ``Input(...)`` and the outputs of layers.

    Args:
        x: a tensor: a variable, a plain TensorFlow tensor, a `K.placeholder`
            and the result of a ``K.*`` function give False.

    Raises:
        ValueError: when `x` is not a tensor at all (a numpy array, a number).
    """
    if not _is_tensor(x):
        raise ValueError(
            f"Unexpectedly found an instance of type `{type(x)}`. Expected a symbolic tensor instance."
        )
    # Keras 2 marked the outputs of layers (and Input) with `_keras_history`;
    # its K.placeholder and K.* functions made plain TensorFlow tensors.
    if not isinstance(x, _keras.KerasTensor) or is_k_placeholder(x):
        return False
    return isinstance(_internals.producing_operation(x), _keras.layers.Layer)


def _is_tensor(x):
    return _tf.is_tensor(x) or isinstance(x, (_tf.Variable, _internals.keras_variable_class(), _keras.KerasTensor))


def _int_shape(x):
    return _tf.keras.backend.int_shape(x)
