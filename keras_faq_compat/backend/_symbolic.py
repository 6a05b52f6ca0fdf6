"""Keras 2's graph-era backend on Keras 3's symbolic tensors.

Legacy API: ``K.placeholder(shape=None, ndim=None, dtype=None, sparse=False,
name=None)``, ``K.is_placeholder``, every ``K.*`` operation applied to a
placeholder or a model's tensors (``K.mean(model.output[:, 0])``),
``K.gradients(loss, variables)``, ``K.stop_gradient``, and ``K.update`` /
``update_add`` / ``update_sub`` / ``moving_average_update`` with a symbolic
new value, which ``K.function(..., updates=...)`` applies.

Keras 3 replacement: ``keras.Input(batch_shape=...)``, ``keras.ops`` on
symbolic tensors, a ``keras.Model(inputs, outputs)``, ``tf.GradientTape``
and ``variable.assign`` in an eager loop.

Remaining difference: the graph is Keras 3's: a placeholder is a
``keras.KerasTensor`` made by ``keras.Input``, and each ``K.*`` call on a
symbolic tensor is one node (a ``keras.Operation`` running the Keras 2
function when the graph is evaluated). ``K.gradients`` is a node too: it runs
the sub-graph from the placeholders to the loss under a ``tf.GradientTape``
(so a gradient of a gradient works, as with TensorFlow 1); it differentiates
with respect to placeholders, model inputs and variables, not intermediate
tensors. ``K.variable`` gives a `Keras2Variable`, read when the graph runs
wherever it meets a symbolic tensor; but an expression of variables and
numbers alone (``K.mean(v)``, ``0.9 * v``) is computed when it is written,
as eager code is, so it holds the variables' values of that moment, and a
loss made only of variables has no graph for ``K.gradients`` (which refuses
it).
"""

import functools
import itertools
import weakref

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf

__all__ = [
    "Keras2Variable",
    "variable",
    "placeholder",
    "is_placeholder",
    "gradients",
    "Update",
    "update",
    "update_add",
    "update_sub",
    "moving_average_update",
]

# Keras 2's K.placeholder made TensorFlow placeholders, which were never
# Keras tensors (no `_keras_history`); keras.Input tensors were.
_PLACEHOLDERS = weakref.WeakValueDictionary()
# A Keras 3 graph needs unique operation names.
_NODE_NUMBERS = itertools.count(1)


def _node_name(prefix):
    return f"k_{prefix}_{next(_NODE_NUMBERS)}"


def is_graph_tensor(x):
    """Whether `x` is a node of a Keras 3 graph (a ``keras.KerasTensor``)."""
    return isinstance(x, _keras.KerasTensor)


def has_graph_tensor(args, kwargs=None):
    """Whether any (nested) argument is a ``keras.KerasTensor``."""
    return any(is_graph_tensor(x) for x in _keras.tree.flatten((args, kwargs or {})))


class GraphOperation(_keras.Operation):
    """A Keras 2 backend function as one node of a Keras 3 graph.

    Its output shape and dtype come from tracing the function on placeholders
    of the inputs' specs (Keras's default ``compute_output_spec``); it runs the
    function on the values when the graph is evaluated.

    Args:
        func: the Keras 2 function (eager: takes and returns tensors).
    """

    def __init__(self, func):
        super().__init__(name=_node_name(getattr(func, "__name__", "function")))
        self._func = func

    def call(self, *args, **kwargs):
        return self._func(*args, **kwargs)

    def compute_output_spec(self, *args, **kwargs):
        args, kwargs = _keras.tree.map_structure(_dense_spec, (args, kwargs))
        return super().compute_output_spec(*args, **kwargs)


def _dense_spec(x):
    # Keras 3 marks ``x * variable`` and ``x * 2.0`` sparse (an operand without a
    # `sparse` attribute counts as sparse); only a sparse placeholder is.
    if is_graph_tensor(x) and x.sparse and not is_k_placeholder(x):
        return _keras.KerasTensor(x.shape, dtype=x.dtype, name=x.name)
    return x


def graph_call(func, *args, **kwargs):
    """``func(*args, **kwargs)``, as a graph node when an argument is symbolic.

    A `variable` argument reaches `func` as the TensorFlow variable it holds
    (read when the graph is evaluated), which Keras 2's functions expect.
    """
    args, kwargs = _keras.tree.map_structure(tf_variable, (args, kwargs))
    if has_graph_tensor(args, kwargs):
        return GraphOperation(func)(*args, **kwargs)
    return func(*args, **kwargs)


def tf_variable(x):
    """The TensorFlow variable a `Keras2Variable` holds; anything else as it is."""
    return x.value if isinstance(x, Keras2Variable) else x


def graph_function(func):
    """Decorator: `func` builds a graph node when given symbolic tensors, and runs eagerly otherwise.

    Args:
        func: a Keras 2 backend function taking tensors.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return graph_call(func, *args, **kwargs)

    return wrapper


class Keras2Variable(_keras.Variable):
    """A Keras 3 variable that behaves as Keras 2's TensorFlow 1 variables did in a graph.

    * hashable (by identity), so it can key a dict (Keras 2.0's
      ``constraints = {param: ...}``);
    * arithmetic with a symbolic tensor builds a graph node that reads the
      variable when the graph is evaluated (a ``tf.Variable`` would be read
      once, when the expression is written);
    * ``v += x`` gives a new tensor ``v + x`` and leaves `v` unchanged, as
      in TensorFlow 1 (TensorFlow 2's variables refuse it).

    Arithmetic with eager values is Keras 3's: computed at once.
    """

    __hash__ = object.__hash__

    def _symbolic(self, op, other, reverse=False):
        return op(other, self) if reverse else op(self, other)

    def __add__(self, other):
        return self._symbolic(_keras.ops.add, other) if is_graph_tensor(other) else super().__add__(other)

    def __radd__(self, other):
        return self._symbolic(_keras.ops.add, other, True) if is_graph_tensor(other) else super().__radd__(other)

    def __sub__(self, other):
        return self._symbolic(_keras.ops.subtract, other) if is_graph_tensor(other) else super().__sub__(other)

    def __rsub__(self, other):
        if is_graph_tensor(other):
            return self._symbolic(_keras.ops.subtract, other, True)
        return super().__rsub__(other)

    def __mul__(self, other):
        return self._symbolic(_keras.ops.multiply, other) if is_graph_tensor(other) else super().__mul__(other)

    def __rmul__(self, other):
        if is_graph_tensor(other):
            return self._symbolic(_keras.ops.multiply, other, True)
        return super().__rmul__(other)

    def __truediv__(self, other):
        return self._symbolic(_keras.ops.divide, other) if is_graph_tensor(other) else super().__truediv__(other)

    def __rtruediv__(self, other):
        if is_graph_tensor(other):
            return self._symbolic(_keras.ops.divide, other, True)
        return super().__rtruediv__(other)

    def __pow__(self, other):
        return self._symbolic(_keras.ops.power, other) if is_graph_tensor(other) else super().__pow__(other)

    def __matmul__(self, other):
        return self._symbolic(_keras.ops.matmul, other) if is_graph_tensor(other) else super().__matmul__(other)

    def __rmatmul__(self, other):
        if is_graph_tensor(other):
            return self._symbolic(_keras.ops.matmul, other, True)
        return super().__rmatmul__(other)

    # TensorFlow 1 had no in-place operators on variables: `v += x` rebound v to v + x.
    def __iadd__(self, other):
        return self.__add__(other)

    def __isub__(self, other):
        return self.__sub__(other)

    def __imul__(self, other):
        return self.__mul__(other)

    def __itruediv__(self, other):
        return self.__truediv__(other)


def variable(value, dtype=None, name=None, constraint=None):
    """Legacy ``K.variable(value, dtype=None, name=None, constraint=None)``: a `Keras2Variable`.

    Keras 3 replacement: ``keras.Variable(value, dtype=...)``.

    Args:
        value: a numpy array, number, tensor or scipy sparse matrix (which
            gives a ``tf.SparseTensor``, as Keras 2's TensorFlow backend did).
        dtype: default ``K.floatx()``.
        name: the variable's name; default None.
        constraint: a projection applied after an optimizer step; default None.

    Raises:
        TypeError: for an unknown `dtype`.
    """
    if hasattr(value, "tocoo"):
        return _tf.keras.backend.variable(value, dtype=dtype, name=name)
    # TensorFlow's TypeError for an unknown dtype, as Keras 2 raised it.
    dtype = _tf.as_dtype(dtype or _keras.config.floatx()).name
    result = Keras2Variable(_tf.cast(value, dtype) if _tf.is_tensor(value) else value, dtype=dtype, name=name)
    if constraint is not None:
        result.constraint = constraint
    return result


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    """Legacy ``K.placeholder``: a symbolic input, fed by `K.function`.

    Keras 3 replacement: ``keras.Input(batch_shape=shape, dtype=dtype)``.

    Args:
        shape: the full shape, batch axis included, ``None`` for unknown
            sizes (``(None, 3)``); or None when `ndim` is given.
        ndim: the number of axes, all of unknown size, when `shape` is None.
        dtype: default ``K.floatx()``; ``'string'`` is accepted.
        sparse: a sparse placeholder; default False.
        name: the tensor's name; default None.

    Raises:
        ValueError: when neither `shape` nor `ndim` is given.
    """
    if shape is None:
        if ndim is None:
            raise ValueError("K.placeholder: give `shape` (with None for unknown sizes) or `ndim`.")
        shape = (None,) * int(ndim)
    tensor = _keras.Input(
        batch_shape=tuple(shape), dtype=dtype or _keras.config.floatx(), sparse=sparse, name=name
    )
    _PLACEHOLDERS[id(tensor)] = tensor
    return tensor


def is_k_placeholder(x):
    """Whether `x` was made by `placeholder` (not by ``keras.Input``)."""
    return _PLACEHOLDERS.get(id(x)) is x


def is_placeholder(x):
    """Legacy ``K.is_placeholder(x)``: True for `placeholder` and ``Input`` tensors.

    Args:
        x: any object.
    """
    return isinstance(_internals.producing_operation(x), _keras.layers.InputLayer)


def graph_inputs(tensors):
    """The placeholders and ``Input`` tensors that the symbolic `tensors` depend on, in a stable order.

    Args:
        tensors: a list of ``keras.KerasTensor``.
    """
    found, seen, visited = [], set(), set()
    stack = list(reversed(tensors))
    while stack:
        tensor = stack.pop()
        if id(tensor) in visited:
            continue
        visited.add(id(tensor))
        history = _internals.tensor_history(tensor)
        if history is None or history.operation is None:
            continue
        if isinstance(history.operation, _keras.layers.InputLayer):
            if id(tensor) not in seen:
                seen.add(id(tensor))
                found.append(tensor)
            continue
        node = _internals.inbound_nodes(history.operation)[history.node_index]
        stack.extend(reversed(node.input_tensors))
    return found


def _watchable(variable):
    # A Keras 3 variable wraps the TensorFlow variable that a tape watches.
    if isinstance(variable, _internals.keras_variable_class()):
        return variable.value
    return variable


def _is_variable(x):
    # Keras 3.3's keras.Variable is not the class of a layer's weights; the common base is.
    return isinstance(x, (_tf.Variable, _internals.keras_variable_class()))


class _Gradients(_keras.Operation):
    """The gradients of a symbolic loss, as one graph node.

    Its inputs are the placeholders the loss depends on; its call runs the
    sub-graph to the loss on their values under a ``tf.GradientTape``.

    Args:
        loss: the symbolic loss.
        sources: the placeholders (``Input`` tensors) of `loss`.
        targets: per gradient, ``("input", index into sources)`` or
            ``("variable", variable)``.
    """

    def __init__(self, loss, sources, targets):
        super().__init__(name=_node_name("gradients"))
        self._model = _keras.Model(sources, [loss])
        self._targets = targets

    def call(self, *values):
        values = [_tf.convert_to_tensor(value) for value in values]
        watched = [values[ref] if kind == "input" else _watchable(ref) for kind, ref in self._targets]
        with _tf.GradientTape(persistent=False, watch_accessed_variables=False) as tape:
            for item in watched:
                tape.watch(item)
            loss = self._model(list(values))
            if isinstance(loss, (list, tuple)):
                loss = loss[0]
        return tape.gradient(loss, watched)


def gradients(loss, variables):
    """Legacy ``K.gradients(loss, variables)``: the gradients of a symbolic `loss`, as symbolic tensors.

    A gradient with respect to something `loss` does not depend on is None,
    as in Keras 2; a non-scalar `loss` is summed first (TensorFlow's rule).

    Args:
        loss: a symbolic scalar made from placeholders or model tensors.
        variables: a placeholder, model input or variable, or a list of them.

    Returns:
        a list with one symbolic tensor (or None) per entry of `variables`.

    Raises:
        ValueError: for an eager `loss`, or an entry of `variables` that is
            an intermediate tensor or not a tensor.
    """
    if not is_graph_tensor(loss):
        raise ValueError(
            "K.gradients: `loss` is not a symbolic tensor (it was computed eagerly, e.g. from "
            "K.variable values only), so there is no graph to differentiate; build it from "
            "K.placeholder or model tensors, or compute gradients with tf.GradientTape."
        )
    if not isinstance(variables, (list, tuple)):
        variables = [variables]
    sources = graph_inputs([loss])
    targets, results = [], []
    for index, item in enumerate(variables):
        if is_graph_tensor(item):
            if not isinstance(_internals.producing_operation(item), _keras.layers.InputLayer):
                raise ValueError(
                    f"K.gradients: variables[{index}] is an intermediate symbolic tensor ({item.name}); "
                    "only gradients with respect to placeholders, model inputs and variables are supported "
                    "(Keras 3 way: a tf.GradientTape watching that value)."
                )
            position = next((i for i, source in enumerate(sources) if source is item), None)
            # A placeholder the loss does not depend on: Keras 2 gave None.
            results.append(None if position is None else len(targets))
            if position is not None:
                targets.append(("input", position))
        elif _is_variable(item):
            results.append(len(targets))
            targets.append(("variable", item))
        else:
            raise ValueError(
                f"K.gradients: variables[{index}] must be a variable, a placeholder or a model input, "
                f"got {type(item).__name__}."
            )
    if not targets:
        return [None] * len(results)
    if not sources:
        raise ValueError("K.gradients: `loss` depends on no placeholder or model input.")
    outputs = _Gradients(loss, sources, targets)(*sources)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    outputs = list(outputs)
    # A variable the loss does not depend on traces to a None gradient.
    return [None if slot is None else outputs[slot] for slot in results]


class Update:
    """A Keras 2 update op: change a variable when a `K.function` that lists it runs.

    `K.function` computes `values` with its outputs (before any update), then
    calls `apply` with their values, in the order of its `updates`.

    Args:
        variable: the variable to change.
        value: the new value (or the increment); symbolic or eager.
        kind: ``"assign"``, ``"add"`` or ``"sub"``.
    """

    def __init__(self, variable, value, kind="assign"):
        if not _is_variable(variable):
            raise TypeError(f"K.update: the first argument must be a variable, got {type(variable).__name__}.")
        self.variable = variable
        self.values = [value]
        self.kind = kind

    def apply(self, value):
        """Change the variable with `value`, the computed new value (or increment)."""
        value = _tf.cast(value, self.variable.dtype)
        if self.kind == "add":
            self.variable.assign_add(value)
        elif self.kind == "sub":
            self.variable.assign_sub(value)
        else:
            self.variable.assign(value)

    def __repr__(self):
        return f"<K.update ({self.kind}) of {getattr(self.variable, 'name', self.variable)}>"


def _deferred(value):
    # Keras 2's update functions only built an op, run later by K.function;
    # inside a layer's call or a traced function the change happens in place.
    if has_graph_tensor((value,)):
        return True
    return _tf.executing_eagerly() and not _internals.in_layer_call()


def update(x, new_x):
    """Legacy ``K.update(x, new_x)``: an update assigning `new_x` to variable `x` (see `Update`).

    Inside a layer's ``call`` or a ``tf.function`` it assigns at once, as
    ``tf.keras.backend.update`` does.

    Args:
        x: a variable.
        new_x: its new value, same shape (symbolic or not).
    """
    if _deferred(new_x):
        return Update(x, new_x, "assign")
    return _tf.keras.backend.update(tf_variable(x), new_x)


def update_add(x, increment):
    """Legacy ``K.update_add(x, increment)``: an update adding `increment` to `x` (see `update`).

    Args:
        x: a variable.
        increment: a tensor of `x`'s shape.
    """
    if _deferred(increment):
        return Update(x, increment, "add")
    return _tf.keras.backend.update_add(tf_variable(x), increment)


def update_sub(x, decrement):
    """Legacy ``K.update_sub(x, decrement)``: an update subtracting `decrement` from `x` (see `update`).

    Args:
        x: a variable.
        decrement: a tensor of `x`'s shape.
    """
    if _deferred(decrement):
        return Update(x, decrement, "sub")
    return _tf.keras.backend.update_sub(tf_variable(x), decrement)


def _moving_average(x, value, momentum):
    momentum = _tf.cast(momentum, x.dtype)
    return x - (x - _tf.cast(value, x.dtype)) * (1 - momentum)


def moving_average_update(x, value, momentum):
    """Legacy ``K.moving_average_update(x, value, momentum)``: ``x <- x * momentum + value * (1 - momentum)``.

    An update (see `update`), without Keras 2.2.4's zero-debiasing.

    Args:
        x: a variable.
        value: a tensor of `x`'s shape.
        momentum: a float.
    """
    if _deferred(value):
        return Update(x, graph_call(_moving_average, x, value, momentum), "assign")
    return _tf.keras.backend.moving_average_update(tf_variable(x), value, momentum)
