"""TF1 names the Keras FAQ uses, restored on the ``tensorflow`` module by the activation.

Legacy API -> TensorFlow 2 replacement:

* ``tf.ConfigProto(intra_op_parallelism_threads=..., inter_op_parallelism_threads=...)``
  -> ``tf.config.threading.set_intra_op_parallelism_threads`` / ``..._inter_...``.
  Returns the real ``tf.compat.v1.ConfigProto`` message.
* ``tf.Session(graph=..., config=...)`` -> eager execution; the session object
  applies its config's thread counts (when TensorFlow's runtime has not started
  yet) and ``run()`` evaluates eager tensors and variables to numpy.
* ``tf.set_random_seed(seed)`` -> ``tf.random.set_seed(seed)``.
* ``tf.get_default_graph()`` -> no graph in TF2 eager code; returns a stand-in
  whose ``as_default()`` is a no-op context, which is what Keras 2 code that
  shares a model across threads needs.
* ``tf.device_scope(name)`` -> ``tf.device(name)`` (the FAQ's spelling).
* ``tf.global_variables_initializer()`` -> nothing: variables are initialised
  when created.
* ``tf.train.AdamOptimizer`` and the other TF1 ``tf.train.*Optimizer`` classes
  -> ``keras.optimizers``; they are ``tf.compat.v1.train``'s own classes, which
  Keras 2 code hands to ``keras.optimizers.TFOptimizer`` or ``compile``.

Behaviour difference: thread settings can only change before TensorFlow runs
its first operation; later they are kept as they are, with a warning.
"""

import contextlib
import warnings

from keras_faq_compat._real import tf
from keras_faq_compat.deprecation import LegacyAPIWarning, warn_legacy

__all__ = [
    "ConfigProto",
    "Session",
    "Graph",
    "set_random_seed",
    "get_default_graph",
    "device_scope",
    "global_variables_initializer",
    "apply_config",
    "TRAIN_OPTIMIZERS",
    "train_optimizer",
]

# TF1 ``tf.train`` optimizer classes that TF2 keeps only in ``tf.compat.v1.train``.
TRAIN_OPTIMIZERS = (
    "Optimizer",
    "GradientDescentOptimizer",
    "MomentumOptimizer",
    "AdadeltaOptimizer",
    "AdagradOptimizer",
    "AdagradDAOptimizer",
    "AdamOptimizer",
    "FtrlOptimizer",
    "ProximalAdagradOptimizer",
    "ProximalGradientDescentOptimizer",
    "RMSPropOptimizer",
)


def ConfigProto(*args, **kwargs):  # noqa: N802 - the legacy name
    """Legacy ``tf.ConfigProto``: the real ``tf.compat.v1.ConfigProto`` message.

    Args:
        *args, **kwargs: the ConfigProto fields (``intra_op_parallelism_threads``,
            ``inter_op_parallelism_threads``, ``allow_soft_placement``,
            ``log_device_placement``, ``gpu_options``, ...).
    """
    warn_legacy(
        "tf.ConfigProto",
        "tf.config.threading.set_intra_op_parallelism_threads / set_inter_op_parallelism_threads",
    )
    return tf.compat.v1.ConfigProto(*args, **kwargs)


def apply_config(config):
    """Apply a ``ConfigProto``'s thread counts and placement flags to TensorFlow 2.

    Args:
        config: a ``tf.compat.v1.ConfigProto`` or None (nothing to apply).
    """
    if config is None:
        return
    settings = (
        (config.intra_op_parallelism_threads, tf.config.threading.get_intra_op_parallelism_threads,
         tf.config.threading.set_intra_op_parallelism_threads),
        (config.inter_op_parallelism_threads, tf.config.threading.get_inter_op_parallelism_threads,
         tf.config.threading.set_inter_op_parallelism_threads),
    )
    for wanted, get, set_ in settings:
        if not wanted or get() == wanted:
            continue
        try:
            set_(wanted)
        except RuntimeError:
            warnings.warn(
                "The session config asks for a thread count that TensorFlow can no "
                "longer change (its runtime has already started); create the "
                "ConfigProto and Session before running any model.",
                LegacyAPIWarning,
                stacklevel=3,
            )
    if config.allow_soft_placement:
        tf.config.set_soft_device_placement(True)
    if config.log_device_placement:
        tf.debugging.set_log_device_placement(True)


class Graph:
    """Stand-in for a TF1 ``tf.Graph`` in eager TensorFlow 2 code."""

    def as_default(self):
        """A no-op context: TF2 code runs eagerly, with no graph to enter."""
        return contextlib.nullcontext(self)

    def finalize(self):
        """Does nothing (a TF1 graph refused new ops after this)."""

    def get_operations(self):
        """No graph operations exist in eager code: an empty list."""
        return []


_DEFAULT_GRAPH = Graph()


def get_default_graph():
    """Legacy ``tf.get_default_graph()``: the process-wide `Graph` stand-in."""
    warn_legacy("tf.get_default_graph", "eager execution (no graph is needed)")
    return _DEFAULT_GRAPH


class Session:
    """Legacy ``tf.Session``: holds a config, applied to TF2's runtime.

    Args:
        target: ignored (TF1 distributed runtime address); default ``""``.
        graph: a graph from `get_default_graph` or None.
        config: a ``ConfigProto`` or None; its thread counts are applied.
    """

    def __init__(self, target="", graph=None, config=None):
        warn_legacy("tf.Session", "eager execution and tf.function")
        self.target = target
        self.graph = graph if graph is not None else _DEFAULT_GRAPH
        self._config = config
        self._closed = False
        apply_config(config)

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Evaluate eager tensors and variables in `fetches` to numpy values.

        Args:
            fetches: a tensor, variable, or nested structure of them.
            feed_dict: not supported in eager code; must be None or empty.
            options, run_metadata: ignored.
        """
        if feed_dict:
            raise NotImplementedError(
                "tf.Session.run(feed_dict=...) has no eager equivalent; call the "
                "Keras model or a tf.function with the values instead."
            )

        def value(t):
            if t is None:
                return None
            return t.numpy() if hasattr(t, "numpy") else t

        return tf.nest.map_structure(value, fetches)

    def as_default(self):
        """A context in which this session is the default (no-op in TF2)."""
        return contextlib.nullcontext(self)

    def close(self):
        """Close the session (nothing to release in TF2)."""
        self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def set_random_seed(seed):
    """Legacy ``tf.set_random_seed(seed)``: ``tf.random.set_seed(seed)``.

    Args:
        seed: integer seed for TensorFlow's global random generator.
    """
    warn_legacy("tf.set_random_seed", "tf.random.set_seed (or keras.utils.set_random_seed)")
    tf.random.set_seed(seed)


def device_scope(device_name):
    """Legacy ``tf.device_scope(name)`` as the FAQ spells it: ``tf.device(name)``.

    Layer calls made inside it while building a functional model run on that
    device when the model runs (see `keras_faq_compat.distribute.device_scopes`).

    Args:
        device_name: a device string such as ``"/gpu:0"`` or ``"/cpu:0"``.
    """
    warn_legacy(
        "tf.device_scope",
        "tf.device",
        "Under the compat layer, layer calls of a functional model made inside it run on that "
        "device when the model runs.",
    )
    if not isinstance(device_name, (str, tf.DeviceSpec)) and device_name is not None:
        raise ValueError(
            f"tf.device_scope: `device_name` must be a device string such as '/gpu:0'; "
            f"received {device_name!r}."
        )
    return tf.device(device_name)


def global_variables_initializer():
    """Legacy ``tf.global_variables_initializer()``: nothing to run in TF2."""
    warn_legacy(
        "tf.global_variables_initializer", "nothing (TF2 variables are initialised on creation)"
    )
    return None


def train_optimizer(name):
    """The TF1 optimizer class ``tf.train.<name>``: ``tf.compat.v1.train.<name>`` itself.

    The real class, so that ``isinstance`` checks and Keras 2's
    ``TFOptimizer`` see a TF1 optimizer; it runs eagerly in TensorFlow 2.

    Args:
        name: one of `TRAIN_OPTIMIZERS` (``"AdamOptimizer"``).
    """
    if name not in TRAIN_OPTIMIZERS:
        raise AttributeError(f"tf.train.{name} is not a TF1 optimizer class restored by keras_faq_compat.")
    return getattr(tf.compat.v1.train, name)
