"""``keras.backend`` (``K``) as Keras 2 code uses it.

Legacy API: the Keras 2.2 backend module, ``from keras import backend as K``.

Keras 3 replacement: ``keras.config`` for the settings, ``keras.ops`` for the
tensor functions, ``tf.keras.backend`` for the Keras 2 functions Keras 3 still
keeps (``K.sum``, ``K.mean``, ...), which run unchanged on eager values;
``keras.Input`` and ``keras.Model`` for ``K.placeholder`` and ``K.function``.

Added here: ``backend()`` answers ``"tensorflow"``; ``set_session`` /
``get_session`` take and give a TF1-style `tf1.Session` whose config (thread
counts) is applied; ``clear_session`` also restarts Keras 2 layer numbering;
``function(inputs, outputs, updates)`` builds a callable over symbolic tensors
(placeholders, ``model.layers[3].output``) that returns a list of numpy arrays, with
``learning_phase()`` as an optional last input (0: test mode, 1: train mode);
``set_learning_phase`` fixes the phase for functions that do not take it as
an input. Keras 3 has no session graph to evaluate tensors in, so these run
a functional model over the same layers and graph nodes (``training=`` the
phase).
``in_train_phase`` / ``in_test_phase`` choose with the same phase (test mode
when none is given or fixed, as Keras 2's unfed learning phase).

The graph-era API (``K.placeholder``, ``K.variable``, ``K.gradients``,
``K.update``, ...) lives in ``_symbolic``, and the ``tf.keras.backend``
functions that also build graph nodes on symbolic tensors in ``_graph_ops``
(both served through the table of legacy names); ``function(inputs,
outputs, updates)`` evaluates such graphs as one traced Keras 3 model and
then applies the updates.

The Keras 2 functions Keras 3 dropped that still mean something eagerly, and
those whose ``tf.keras.backend`` port gives other results, live in five
private modules imported here, so that every one is a name of this module
(``keras.backend.tensorflow_backend`` and ``keras.backend.common`` are served
from it): ``_common`` (``image_dim_ordering``, ``normalize_data_format``,
``cast_to_floatx``, ``get_graph``, ...), ``_tensors`` (``logsumexp``,
``slice``, ``print_tensor``, ``normalize_batch_in_training``, ``switch``,
``batch_dot``, ...), ``_random`` (``random_normal``, ``random_binomial``, ...
and ``eval``, which draws them again),
``_convolutions`` (``local_conv1d`` / ``2d``, ``separable_conv1d``,
``conv3d_transpose``, and ``conv2d``, ``pool2d``, ... with ``channels_first``
on a CPU) and ``_nn`` (``binary_crossentropy``, ``ctc_decode``,
``resize_images``).
"""

from keras_faq_compat import _internals, _lazy
from keras_faq_compat import tf1 as _tf1
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf
from keras_faq_compat.backend import _common, _convolutions, _nn, _random, _symbolic, _tensors
from keras_faq_compat.backend._common import (
    cast_to_floatx,
    eager,
    get_graph,
    image_dim_ordering,
    manual_variable_initialization,
    normalize_data_format,
    set_image_dim_ordering,
    symbolic,
    v1_variable_initialization,
)
from keras_faq_compat.backend._convolutions import (
    conv1d,
    conv2d,
    conv2d_transpose,
    conv3d,
    conv3d_transpose,
    depthwise_conv2d,
    local_conv1d,
    local_conv2d,
    pool2d,
    pool3d,
    separable_conv1d,
    separable_conv2d,
)
from keras_faq_compat.backend._nn import binary_crossentropy, ctc_decode, resize_images
from keras_faq_compat.backend._random import (
    random_binomial,
    random_normal,
    random_uniform,
    truncated_normal,
)
from keras_faq_compat.backend._tensors import (
    batch_dot,
    control_dependencies,
    get_variable_shape,
    identity,
    is_keras_tensor,
    is_symbolic,
    is_tensor,
    is_variable,
    logsumexp,
    normalize_batch_in_training,
    print_tensor,
    py_all,
    py_any,
    py_slice,
    py_sum,
    size,
    slice,
    switch,
)
from keras_faq_compat.deprecation import warn_legacy as _warn_legacy

__all__ = [
    "backend",
    "floatx",
    "set_floatx",
    "epsilon",
    "set_epsilon",
    "image_data_format",
    "set_image_data_format",
    "set_session",
    "get_session",
    "clear_session",
    "get_uid",
    "reset_uids",
    "function",
    "learning_phase",
    "set_learning_phase",
    "get_value",
    "set_value",
    "batch_get_value",
    "batch_set_value",
    "in_train_phase",
    "in_test_phase",
]
# The restored Keras 2 functions are listed once, in their own modules.
__all__ += _common.__all__ + _tensors.__all__ + _convolutions.__all__ + _nn.__all__ + _random.__all__

# Keras 2's name of the backend in use; its code and tests branch on it.
_BACKEND = "tensorflow"

floatx = _keras.config.floatx
set_floatx = _keras.config.set_floatx
epsilon = _keras.config.epsilon
set_epsilon = _keras.config.set_epsilon
image_data_format = _keras.config.image_data_format
set_image_data_format = _keras.config.set_image_data_format

_session = None
_uids = {}
# The phase set by `set_learning_phase` (0 or 1), or None: the Keras 2 default
# (a symbolic phase, fed per call, test mode when not fed).
_learning_phase = None


def backend():
    """The backend name. Keras 2 code compares it with ``"tensorflow"``."""
    return _keras.config.backend()


def set_session(session):
    """Legacy ``K.set_session(sess)``: apply the session's config to TensorFlow 2.

    Args:
        session: a `keras_faq_compat.tf1.Session` (or ``tf.compat.v1.Session``);
            its ``ConfigProto`` thread counts are applied.
    """
    global _session
    _warn_legacy("keras.backend.set_session", "tf.config (threading, devices); TF2 has no session")
    _session = session
    _tf1.apply_config(getattr(session, "_config", None))


def get_session():
    """Legacy ``K.get_session()``: the session given to `set_session`, or a new one."""
    global _session
    if _session is None:
        _session = _tf1.Session()
    return _session


def get_uid(prefix=""):
    """Keras 2's per-prefix counter: 1 for the first call with `prefix`, then 2, ...

    Args:
        prefix: the name prefix (a layer's snake-case class name); default ``""``.
    """
    _uids[prefix] = _uids.get(prefix, 0) + 1
    return _uids[prefix]


def reset_uids():
    """Restart every `get_uid` counter (as ``K.clear_session`` did in Keras 2)."""
    _uids.clear()


def clear_session():
    """Legacy ``K.clear_session()``: reset Keras state, layer numbering, learning phase and session."""
    global _session, _learning_phase
    _keras.backend.clear_session()
    reset_uids()
    _session = None
    _learning_phase = None


class LearningPhase:
    """Keras 2's learning-phase placeholder: an input of `function` fed 0 or 1."""

    name = "keras_learning_phase"

    def __repr__(self):
        return "<keras_learning_phase: feed 0 (test) or 1 (train) to a K.function>"


_LEARNING_PHASE = LearningPhase()


def learning_phase():
    """Legacy ``K.learning_phase()``.

    Returns the phase fixed by `set_learning_phase` (0 or 1) if any, else the
    learning-phase placeholder, to list among the inputs of `function` and
    feed 0 (test mode: dropout off, moving statistics) or 1 (train mode).
    """
    _warn_legacy("keras.backend.learning_phase", "the training=True/False argument of a model or layer call")
    if _learning_phase is not None:
        return _learning_phase
    return _LEARNING_PHASE


def set_learning_phase(value):
    """Legacy ``K.set_learning_phase(value)``: fix the phase for later `function` calls.

    Args:
        value: 0 (test) or 1 (train).
    """
    global _learning_phase
    _warn_legacy("keras.backend.set_learning_phase", "the training=True/False argument of a model or layer call")
    if value not in (0, 1):
        raise ValueError(f"K.set_learning_phase: expected 0 or 1, got {value!r}.")
    _learning_phase = int(value)


_PHASE_REPLACEMENT = "a Python `if training:` in a layer's call(inputs, training=None)"


def _phase_value(training):
    """The phase `in_train_phase` selects with: `training`, else the fixed phase, else 0."""
    if training is None or training is _LEARNING_PHASE:
        # Keras 2's learning-phase placeholder defaulted to 0 (test) when not fed.
        return _learning_phase if _learning_phase is not None else 0
    return training


def in_train_phase(x, alt, training=None):
    """Legacy ``K.in_train_phase(x, alt, training=None)``: `x` in train mode, `alt` otherwise.

    Keras 3 replacement: a Python ``if training:`` in a layer's ``call(inputs,
    training=None)``.

    Args:
        x: what to return in train mode: a tensor, or a callable returning one
            (only the chosen callable is called).
        alt: what to return otherwise, same shape as `x`; tensor or callable.
        training: 0/1, a bool, a scalar tensor (chosen with ``tf.cond``), or
            None for the phase fixed by `set_learning_phase`, else test mode
            (Keras 2's learning phase when no value was fed); default None.
    """
    _warn_legacy("keras.backend.in_train_phase", _PHASE_REPLACEMENT)
    return _in_train_phase(x, alt, training)


def _in_train_phase(x, alt, training):
    training = _phase_value(training)
    if training is True or (type(training) is int and training == 1):
        return x() if callable(x) else x
    if training is False or (type(training) is int and training == 0):
        return alt() if callable(alt) else alt
    # A tensor (or numpy) phase: chosen at run time, as Keras 2's K.switch did.
    return _tf.keras.backend.switch(_tf.convert_to_tensor(training), x, alt)


def in_test_phase(x, alt, training=None):
    """Legacy ``K.in_test_phase(x, alt, training=None)``: `x` in test mode, `alt` otherwise.

    Args:
        x: what to return in test mode (tensor or callable).
        alt: what to return in train mode (tensor or callable).
        training: as for `in_train_phase`; default None.
    """
    _warn_legacy("keras.backend.in_test_phase", _PHASE_REPLACEMENT)
    return _in_train_phase(alt, x, training)


class Function:
    """What `function` returns: call it with a list of input values.

    Args:
        inputs: list of symbolic inputs (and optionally the learning phase).
        outputs: list of symbolic outputs (or a single one); variables and
            other eager values are read at each call.
        updates: list of `K.update` results, ``(variable, new_value)`` pairs
            and ``optimizer.get_updates`` results; default None.
        name: accepted, as Keras 2 did; default None.
        **session_kwargs: Keras 2's ``tf.Session.run`` arguments: ``fetches``
            (more updates, whose values are not returned), ``feed_dict``
            (placeholder -> value, read at each call), ``options`` and
            ``run_metadata`` (with ``options.output_partition_graphs`` the
            graph is written to ``run_metadata.partition_graphs``).
    """

    def __init__(self, inputs, outputs, updates=None, name=None, **session_kwargs):
        fetches = session_kwargs.pop("fetches", None)
        feed_dict = session_kwargs.pop("feed_dict", None)
        self._options = session_kwargs.pop("options", None)
        self._run_metadata = session_kwargs.pop("run_metadata", None)
        if session_kwargs:
            raise ValueError(
                f"K.function: unexpected arguments {sorted(session_kwargs)} (Keras 2 took `fetches`, "
                "`feed_dict`, `options` and `run_metadata` besides inputs, outputs, updates and name)."
            )
        self._phase_index = None
        tensors = []
        for index, value in enumerate(inputs):
            # After ``K.set_learning_phase(v)``, ``K.learning_phase()`` is the
            # int v; in an input list it still marks the phase's slot.
            if value is _LEARNING_PHASE or (isinstance(value, int) and value in (0, 1)):
                self._phase_index = index
            elif not _symbolic.is_graph_tensor(value):
                raise TypeError(
                    f"K.function: inputs[{index}] is not a symbolic tensor (a K.placeholder, a model's "
                    f"input or a layer's output), got {type(value).__name__}."
                )
            else:
                tensors.append(value)
        self._feed_dict = feed_dict if feed_dict is not None else {}
        self._feeds = list(self._feed_dict)
        self._placeholders = tensors + self._feeds
        self._n_inputs = len(inputs)
        outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        self._updates = _updates_list(list(updates or []) + list(fetches or []))
        # Every symbolic value (the outputs, then the updates' values) is an
        # output of one model, so all are computed together, from the
        # variables as they were before any update.
        symbolic = []
        self._outputs = [_slot(value, symbolic) for value in outputs]
        self._update_slots = [[_slot(value, symbolic) for value in u.values] for u in self._updates]
        self._model = _graph_model(self._placeholders, symbolic) if symbolic else None
        # Keras 2 ran a function as one TensorFlow graph; a traced function
        # also lets TensorFlow share the forward pass that K.gradients repeats.
        self._graph = _tf.function(self._run, reduce_retracing=True)

    def __call__(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise TypeError("`inputs` should be a list or tuple.")
        if len(inputs) != self._n_inputs:
            raise ValueError(
                f"K.function: expected {self._n_inputs} input values (one per symbolic input given "
                f"to K.function), got {len(inputs)}."
            )
        values = list(inputs)
        phase = _learning_phase or 0
        if self._phase_index is not None:
            phase = values.pop(self._phase_index)
        if phase not in (0, 1, True, False):
            raise ValueError(f"K.function: the learning phase must be fed 0 or 1, got {phase!r}.")
        values += [self._feed_dict[tensor] for tensor in self._feeds]
        values = [_feed(index, value, tensor) for index, (value, tensor) in enumerate(zip(values, self._placeholders))]
        results = []
        if self._model is not None:
            results = self._graph(values, bool(phase))
            if not isinstance(results, (list, tuple)):
                results = [results]
            if self._run_metadata is not None:
                self._write_metadata(values, phase)

        def value_of(slot):
            kind, ref = slot
            return results[ref] if kind == "graph" else ref

        outputs = [_keras.ops.convert_to_numpy(value_of(slot)) for slot in self._outputs]
        for update, slots in zip(self._updates, self._update_slots):
            update.apply(*[value_of(slot) for slot in slots])
        return outputs

    def _run(self, values, training):
        return self._model(values, training=training)

    def _write_metadata(self, values, phase):
        # A TensorFlow 1 session wrote the graphs it ran when the run options asked for them.
        self._run_metadata.Clear()
        if self._options is None or not getattr(self._options, "output_partition_graphs", False):
            return
        graph = self._graph.get_concrete_function(values, bool(phase)).graph
        self._run_metadata.partition_graphs.add().CopyFrom(graph.as_graph_def())


def _slot(value, symbolic):
    """Where `Function` finds `value` at a call: ``("graph", index)`` into `symbolic`, or the value itself."""
    if _symbolic.is_graph_tensor(value):
        symbolic.append(value)
        return ("graph", len(symbolic) - 1)
    return ("value", value)


def _feed(index, value, tensor):
    """`value` as a tensor of the placeholder's dtype (as a TensorFlow 1 feed converted it), shape checked."""
    if _tf.is_tensor(value) or isinstance(value, _internals.keras_variable_class()):
        value = _tf.cast(value, tensor.dtype)
    else:
        value = _tf.convert_to_tensor(value, dtype=tensor.dtype)
    shape = tuple(value.shape)
    expected = tuple(tensor.shape)
    if len(shape) != len(expected) or any(e is not None and e != s for e, s in zip(expected, shape)):
        raise ValueError(
            f"K.function: inputs[{index}] has shape {shape}, but the tensor it feeds "
            f"({tensor.name}) has shape {expected}."
        )
    return value


def _updates_list(updates):
    """Keras 2's `updates` as objects with ``values`` and ``apply(*values)`` (see `_symbolic.Update`)."""
    result = []
    for index, item in enumerate(updates):
        if isinstance(item, (list, tuple)) and len(item) == 2:
            item = _symbolic.Update(*item)
        if not (hasattr(item, "values") and callable(getattr(item, "apply", None))):
            raise ValueError(
                f"K.function: `updates` entry {index} is a {type(item).__name__}; expected a "
                "(variable, new_value) pair, a K.update / K.update_add / K.update_sub result, or an "
                "entry of what optimizer.get_updates(loss, params) returns."
            )
        result.append(item)
    return result


def _graph_model(inputs, outputs):
    """A Keras 3 model from the placeholders `inputs` to the symbolic `outputs`, with K.function's errors."""
    known = {id(t) for t in inputs}
    missing = [t for t in _symbolic.graph_inputs(outputs) if id(t) not in known]

    def missing_input():
        return ValueError(
            f"K.function: the outputs depend on {missing[0].name!r} (shape {tuple(missing[0].shape)}), "
            "which is not among `inputs`: list every placeholder the outputs are computed from."
        )

    try:
        # A plain Keras 3 functional model over the same layers: it shares
        # their weights, so later training shows up in the function's results.
        model = _keras.Model(inputs=inputs, outputs=outputs)
    except ValueError as error:
        if missing:
            raise missing_input() from error
        raise
    # Keras 3.3 builds a model from placeholders that miss one (it fails only when run). Inputs
    # that are intermediate tensors make their own sources "missing": Keras checked those.
    sources = {id(t) for t in _symbolic.graph_inputs(inputs)}
    if missing and all(id(t) in sources for t in inputs):
        raise missing_input()
    return model


def function(inputs, outputs, updates=None, **kwargs):
    """Legacy ``K.function(inputs, outputs, updates=None, **kwargs)``.

    Args:
        inputs: list (or tuple) of symbolic tensors: ``K.placeholder`` s,
            model inputs and layer outputs, and optionally
            ``K.learning_phase()``.
        outputs: list of symbolic tensors computed from `inputs` (variables
            are read at each call).
        updates: list of ``(variable, new_value)`` pairs, `K.update` /
            `K.update_add` / `K.update_sub` results and what
            ``optimizer.get_updates`` returns; applied after the outputs
            are computed, in order, once per call; default None.
        **kwargs: ``name`` and Keras 2's session arguments (see `Function`).

    Returns:
        a callable taking a list of values (one per input; 0 or 1 for the
        learning phase) and returning a list of numpy arrays.
    """
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("`inputs` to a TensorFlow backend function should be a list or tuple.")
    _warn_legacy("keras.backend.function", "a keras.Model(inputs, outputs) called with training=True/False")
    return Function(inputs, outputs, updates=updates, **kwargs)


def eval(x):  # noqa: A001 - the Keras 2 name
    """Legacy ``K.eval(x)``: the numpy value of a tensor or variable; a `K.update` is applied first.

    Args:
        x: a tensor or variable (random tensors are drawn again, see
            ``backend._random.eval``), or a `K.update` result.

    Raises:
        ValueError: for a symbolic tensor computed from placeholders, which
            need values (Keras 2: "You must feed a value"); use `function`.
    """
    if isinstance(x, _symbolic.Update):
        Function([], [], updates=[x])([])
        return _keras.ops.convert_to_numpy(x.variable)
    if _symbolic.is_graph_tensor(x):
        raise ValueError(
            f"K.eval: {x.name} is computed from placeholders or model inputs, which need values; "
            "evaluate it with K.function(inputs, [x])(values)."
        )
    return _random.eval(x)


def get_value(x):
    """Legacy ``K.get_value(x)``: the numpy value of a variable or tensor.

    ``tf.keras.backend.get_value`` does not know Keras 3 variables (such as
    ``model.optimizer.lr``); this one does.

    Args:
        x: a Keras 3 variable, a TensorFlow tensor or variable, or a number.

    Raises:
        ValueError: for a symbolic tensor (it needs its placeholders' values: use `function`).
    """
    if _symbolic.is_graph_tensor(x):
        raise ValueError(
            f"K.get_value: {x.name} is computed from placeholders or model inputs, which need values; "
            "evaluate it with K.function(inputs, [x])(values)."
        )
    return _keras.ops.convert_to_numpy(x)


def set_value(x, value):
    """Legacy ``K.set_value(x, value)``: assign `value` to variable `x`.

    Args:
        x: a Keras 3 or TensorFlow variable (``model.optimizer.lr``).
        value: a number or numpy array of `x`'s shape.
    """
    if not hasattr(x, "assign"):
        raise TypeError(f"K.set_value: expected a variable, got {type(x).__name__}.")
    x.assign(_keras.ops.cast(value, x.dtype))


def batch_get_value(xs):
    """Legacy ``K.batch_get_value(xs)``: the numpy values of a list of variables."""
    return [get_value(x) for x in xs]


def batch_set_value(tuples):
    """Legacy ``K.batch_set_value([(variable, value), ...])``."""
    for x, value in tuples:
        set_value(x, value)


__getattr__, __dir__ = _lazy.surface(__name__)
