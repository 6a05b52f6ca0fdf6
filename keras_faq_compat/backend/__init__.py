"""``keras.backend`` (``K``) as Keras 2 code uses it.

Legacy API: the Keras 2.2 backend module, ``from keras import backend as K``.

Keras 3 replacement: ``keras.config`` for the settings, ``keras.ops`` for the
tensor functions, ``tf.keras.backend`` for the Keras 2 functions Keras 3 still
keeps (``K.sum``, ``K.mean``, ``K.placeholder``, ...), which are re-exported
here unchanged.

Added here: ``backend()`` answers ``"tensorflow"``; ``set_session`` /
``get_session`` take and give a TF1-style `tf1.Session` whose config (thread
counts) is applied; ``clear_session`` also restarts Keras 2 layer numbering;
``function(inputs, outputs)`` builds a callable over the symbolic tensors of a
model (``model.layers[3].output``) that returns a list of numpy arrays, with
``learning_phase()`` as an optional last input (0: test mode, 1: train mode);
``set_learning_phase`` fixes the phase for functions that do not take it as
an input. Keras 3 has no graph to evaluate tensors in, so these run a
functional sub-model over the same layers (``training=`` the phase).
``in_train_phase`` / ``in_test_phase`` choose with the same phase (test mode
when none is given or fixed, as Keras 2's unfed learning phase).

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

from keras_faq_compat import _lazy
from keras_faq_compat import tf1 as _tf1
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf
from keras_faq_compat.backend import _common, _convolutions, _nn, _random, _tensors
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
    eval,
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
        outputs: list of symbolic outputs (or a single one).
    """

    def __init__(self, inputs, outputs):
        self._phase_index = None
        tensors = []
        for index, value in enumerate(inputs):
            # After ``K.set_learning_phase(v)``, ``K.learning_phase()`` is the
            # int v; in an input list it still marks the phase's slot.
            if value is _LEARNING_PHASE or (isinstance(value, int) and value in (0, 1)):
                self._phase_index = index
            else:
                tensors.append(value)
        self._single_output = not isinstance(outputs, (list, tuple))
        outputs = [outputs] if self._single_output else list(outputs)
        self._n_inputs = len(inputs)
        # A plain Keras 3 functional model over the same layers: it shares
        # their weights, so later training shows up in the function's results.
        self._model = _keras.Model(inputs=tensors, outputs=outputs)

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
        results = self._model(values, training=bool(phase))
        if not isinstance(results, (list, tuple)):
            results = [results]
        return [_keras.ops.convert_to_numpy(r) for r in results]


def function(inputs, outputs, updates=None, **kwargs):
    """Legacy ``K.function(inputs, outputs, updates=None)``.

    Args:
        inputs: list (or tuple) of symbolic tensors of a model, e.g.
            ``[model.layers[0].input, K.learning_phase()]``.
        outputs: list of symbolic tensors of the same model.
        updates: must be None or empty: Keras 3 has no graph updates; train
            with ``model.train_on_batch`` instead.
        **kwargs: Keras 2 accepted and ignored ``name``.

    Returns:
        a callable taking a list of values (one per input; 0 or 1 for the
        learning phase) and returning a list of numpy arrays.
    """
    kwargs.pop("name", None)
    if kwargs:
        raise ValueError(f"K.function: unexpected arguments {sorted(kwargs)}.")
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("`inputs` to a TensorFlow backend function should be a list or tuple.")
    if updates:
        raise ValueError(
            "K.function: `updates` are not supported (Keras 3 has no graph to run them in); "
            "use model.train_on_batch or an optimizer to change variables."
        )
    _warn_legacy("keras.backend.function", "a keras.Model(inputs, outputs) called with training=True/False")
    return Function(inputs, outputs)


def get_value(x):
    """Legacy ``K.get_value(x)``: the numpy value of a variable or tensor.

    ``tf.keras.backend.get_value`` does not know Keras 3 variables (such as
    ``model.optimizer.lr``); this one does.

    Args:
        x: a Keras 3 variable, a TensorFlow tensor or variable, or a number.
    """
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
