"""Training on several machines: ``TF_CONFIG`` and ``tf.distribute.MultiWorkerMirroredStrategy``.

Legacy API: a Keras 2 script that calls ``multi_gpu_model`` (or plain
``fit``), run on every machine of a cluster described by the standard
``TF_CONFIG`` environment variable.

TensorFlow 2 replacement: create ``tf.distribute.MultiWorkerMirroredStrategy()``
at program start-up, build and compile the model inside its ``scope()``, and
let only the chief write checkpoints and saved models.

What this layer does when ``TF_CONFIG`` names more than one worker
(``start_from_environment``, called by the activation before the script runs):

* ``TF_CONFIG`` is checked first (valid JSON, this task named in the
  cluster, this task's port free), with one clear error otherwise
  (`keras_faq_compat.distribute.cluster`, which imports no TensorFlow);
* the strategy is made before any TensorFlow operation (collective ops must
  be configured at program start-up) and set as the global strategy, so
  every model the script builds has its weights mirrored on all workers and
  ``fit`` runs through the strategy; ``multi_gpu_model`` returns a parallel
  model on the same strategy;
* ``fit`` on in-memory arrays, generators, ``Sequence`` objects,
  ``HDF5Matrix`` and h5py datasets splits each global batch across the
  workers (TensorFlow's automatic data sharding), so each sample is used
  once per epoch, provided every worker loads the same data; shuffled
  orders come from a seed the chief draws (`shared_rng`);
* the model is built from the input's element spec, so no worker loses a
  generator batch (`first_batch`), and the per-step logs are made to work
  under the strategy (`MultiWorkerTrainingMixin`);
* ``model.save``, ``save_weights`` and ``ModelCheckpoint`` write on the chief
  only; the other workers write to a temporary folder that is deleted
  (`chief_only`), as TensorFlow's multi-worker guide prescribes;
* collective operations time out (``KERAS_FAQ_COMPAT_WORKER_TIMEOUT``
  seconds, default 120), so a worker whose peer died ends with an error
  instead of waiting forever;
* at start-up each worker waits until every worker of the cluster listens
  on its address; one that does not within
  ``KERAS_FAQ_COMPAT_STARTUP_TIMEOUT`` seconds (default 600) stops the
  waiting worker before the script starts with an error naming the missing
  one, where TensorFlow would wait forever (ignoring SIGTERM).

Without ``TF_CONFIG`` (or with a one-worker cluster) nothing changes.
"""

import contextlib
import os
import shutil
import tempfile
import threading
import warnings

import numpy as np

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf
from keras_faq_compat.deprecation import LegacyAPIWarning
from keras_faq_compat.distribute import cluster, devices
from keras_faq_compat.distribute.first_batch import batch_for_build

__all__ = [
    "start_from_environment",
    "active_strategy",
    "is_chief",
    "chief_only",
    "strategy_of",
    "shared_rng",
    "MultiWorkerTrainingMixin",
]

_lock = threading.Lock()
_started = {"strategy": None, "config": None}
_redirecting = threading.local()


def start_from_environment():
    """Start ``MultiWorkerMirroredStrategy`` if ``TF_CONFIG`` names several workers.

    Call at program start-up, before any TensorFlow operation. Idempotent:
    the strategy is made once per process.

    Returns:
        The strategy, or None without a multi-worker ``TF_CONFIG``.

    Raises:
        ValueError: ``TF_CONFIG`` is invalid (see `cluster.parse_tf_config`)
            or a timeout variable is not a positive number.
        OSError: this task's port is already in use.
        TimeoutError: another worker did not start in time (see
            `cluster.wait_for_peers`).
    """
    with _lock:
        if _started["strategy"] is not None:
            return _started["strategy"]
        config = cluster.parse_tf_config()
        if config is None:
            return None
        timeout = cluster.seconds_from_env()
        start_up_timeout = cluster.seconds_from_env(cluster.STARTUP_TIMEOUT_ENV, cluster.DEFAULT_STARTUP_TIMEOUT)
        holder = cluster.hold_port(config)
        try:
            cluster.wait_for_peers(config, start_up_timeout)
        finally:
            holder.close()
        options = tf.distribute.experimental.CommunicationOptions(timeout_seconds=timeout)
        strategy = tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)
        # Every model the script builds is then made in the strategy's scope,
        # so its weights are mirrored on all workers and fit is distributed.
        tf.distribute.experimental_set_strategy(strategy)
        _started["strategy"], _started["config"] = strategy, config
        return strategy


def active_strategy():
    """The strategy `start_from_environment` started in this process, or None."""
    return _started["strategy"]


def is_chief():
    """Whether this process writes files: True unless a multi-worker strategy runs here on a non-chief."""
    config = _started["config"]
    return config is None or config.is_chief


@contextlib.contextmanager
def chief_only(filepath):
    """Yield where to write `filepath`: itself on the chief, a throw-away path elsewhere.

    Under a multi-worker strategy every worker must run the same saving code
    (reading mirrored weights may take part in collective operations), but
    only the chief may write the file; the others write into a temporary
    folder deleted afterwards, so no two processes write the same file.

    Args:
        filepath: the path the script asked for (or an open file object,
            yielded unchanged).
    """
    if is_chief() or getattr(_redirecting, "active", False) or not isinstance(filepath, (str, os.PathLike)):
        yield filepath
        return
    folder = tempfile.mkdtemp(prefix="keras-faq-compat-worker-")
    _redirecting.active = True
    try:
        yield os.path.join(folder, os.path.basename(os.fspath(filepath)) or "model")
    finally:
        _redirecting.active = False
        shutil.rmtree(folder, ignore_errors=True)


def _as_vectors(logs):
    """Step logs as one-element vectors.

    Keras reduces a multi-worker step's logs with ``strategy.reduce("MEAN",
    axis=0)``, which needs a batch dimension; a scalar log fails with
    ``Invalid reduction dimension 0``.
    """

    def vector(value):
        if isinstance(value, tf.Tensor) and value.shape.rank == 0:
            return tf.reshape(value, [1])
        return value

    return _keras.tree.map_structure(vector, logs)


def _is_arrays(x):
    leaves = [leaf for leaf in _keras.tree.flatten(x) if leaf is not None] if x is not None else []
    return bool(leaves) and all(isinstance(leaf, np.ndarray) for leaf in leaves)


def _shared_seed(strategy):
    """A shuffling seed drawn on the chief and the same on every worker."""
    local = int(np.random.randint(0, 2**31 - 1))

    def chief_value():
        context = tf.distribute.get_replica_context()
        # Replica 0 runs on the chief (the first task of the cluster).
        return tf.where(context.replica_id_in_sync_group == 0, tf.constant(local, tf.int64), tf.constant(0, tf.int64))

    # Traced: run eagerly, a multi-worker strategy warns of its overhead.
    values = tf.function(lambda: strategy.run(chief_value))()
    return int(strategy.reduce("SUM", values, axis=None))


def strategy_of(model):
    """The multi-worker strategy `model` runs under, or None (one machine)."""
    strategy = _internals.model_strategy(model)
    return strategy if _is_multi_worker(strategy) else None


def shared_rng(strategy):
    """A NumPy ``RandomState`` seeded by the chief, alike on every worker.

    Every worker must call it at the same point of the script (it runs a
    collective operation).
    """
    return np.random.RandomState(_shared_seed(strategy))


def _as_shuffled_dataset(strategy, x, y, kwargs):
    """``fit``'s in-memory arrays as a dataset shuffled alike on every worker."""
    kwargs = dict(kwargs)
    sample_weight = kwargs.pop("sample_weight", None)
    batch_size = kwargs.pop("batch_size", None) or 32
    split = kwargs.pop("validation_split", 0.0) or 0.0
    n = int(_keras.tree.flatten(x)[0].shape[0])
    if split and kwargs.get("validation_data") is None:
        # The last fraction, before shuffling, as Keras does.
        n_train = int(np.floor(n * (1.0 - split)))
        head = lambda s: None if s is None else _keras.tree.map_structure(lambda a: a[:n_train], s)  # noqa: E731
        tail = lambda s: None if s is None else _keras.tree.map_structure(lambda a: a[n_train:], s)  # noqa: E731
        validation = (tail(x), tail(y)) if sample_weight is None else (tail(x), tail(y), tail(sample_weight))
        kwargs["validation_data"] = validation
        x, y, sample_weight = head(x), head(y), head(sample_weight)
        n = n_train
    parts = (x,) if y is None else (x, y) if sample_weight is None else (x, y, sample_weight)
    dataset = tf.data.Dataset.from_tensor_slices(parts if len(parts) > 1 else x)
    dataset = dataset.shuffle(n, seed=_shared_seed(strategy), reshuffle_each_iteration=True)
    kwargs["shuffle"] = False
    return dataset.batch(batch_size), None, kwargs


def _is_multi_worker(strategy):
    return strategy is not None and strategy is _started["strategy"]


class MultiWorkerTrainingMixin(_internals.SymbolicBuildHook):
    """Makes Keras's ``fit``/``evaluate`` run under the multi-worker strategy.

    A no-op for a model not made under the strategy started by
    `start_from_environment` (so without ``TF_CONFIG`` nothing changes).
    Cooperates through ``super()``; how Keras builds the model before the
    first step is overridden through `_internals.SymbolicBuildHook`.
    """

    def fit(self, x=None, y=None, *args, **kwargs):
        """Keras ``fit``; under the multi-worker strategy, arrays are shuffled alike on every worker.

        Each worker keeps its part of every global batch (TensorFlow's
        automatic sharding), so every worker must order the samples the same
        way: in-memory arrays with ``shuffle=True`` become a dataset shuffled
        with a seed drawn by the chief (from NumPy's global generator, as
        Keras 2 shuffled) and shared by all workers, reshuffled every epoch.
        A worker that stops answering ends ``fit`` with a `RuntimeError`.
        """
        strategy = _internals.model_strategy(self)
        if not _is_multi_worker(strategy):
            return super().fit(x, y, *args, **kwargs)
        if not args and _is_arrays(x) and kwargs.get("shuffle", True) is True and kwargs.get("steps_per_epoch") is None:
            x, y, kwargs = _as_shuffled_dataset(strategy, x, y, kwargs)
        try:
            return super().fit(x, y, *args, **kwargs)
        except (tf.errors.UnavailableError, tf.errors.DeadlineExceededError) as e:
            config = _started["config"]
            first_line = str(e.message).strip().splitlines()[0] if e.message else type(e).__name__
            raise RuntimeError(
                f"fit stopped: a worker of the {len(config.workers)}-worker cluster in TF_CONFIG stopped "
                f"answering (it may have died or be unreachable), so this worker "
                f"({config.task_type} {config.task_index}, {config.address}) cannot go on. "
                f"TensorFlow reported: {first_line}"
            ) from e

    def _compat_symbolic_build(self, iterator=None, data_batch=None):
        strategy = _internals.model_strategy(self)
        if not _is_multi_worker(strategy) or iterator is None or data_batch is not None:
            return super()._compat_symbolic_build(iterator=iterator, data_batch=data_batch)
        # Keras reads a first batch and averages it over the replicas to
        # learn its shapes, which a multi-worker strategy refuses, and a
        # generator would lose batches (see first_batch).
        return super()._compat_symbolic_build(data_batch=batch_for_build(iterator, strategy))

    def train_step(self, data):
        logs = super().train_step(data)
        if _is_multi_worker(_internals.model_strategy(self)):
            logs = _as_vectors(logs)
        return logs

    def test_step(self, data):
        logs = super().test_step(data)
        if _is_multi_worker(_internals.model_strategy(self)):
            logs = _as_vectors(logs)
        return logs


def _short_name(device):
    # '/job:worker/replica:0/task:1/device:CPU:0' -> '/cpu:0', as Keras 2 spelled devices.
    kind, _, index = device.rpartition("/")[2].partition(":")[2].partition(":")
    return f"/{kind.lower()}:{index}"


def placement_for(gpus, strategy):
    """The `Placement` of ``multi_gpu_model(gpus=...)`` on the multi-worker `strategy`.

    The strategy runs one replica per local GPU (or one on the CPU) on every
    worker, whatever `gpus` asks; a warning says so when they differ.

    Args:
        gpus: the ``gpus`` argument (checked by Keras 2's rules).
        strategy: the running multi-worker strategy.
    """
    ids = devices._check_gpus(gpus)
    local = list(strategy.extended.worker_devices)
    requested = [f"/gpu:{i}" for i in ids] if ids is not None else []
    used = [_short_name(d) for d in local]
    config = _started["config"]
    if used != requested:
        warnings.warn(
            f"multi_gpu_model(gpus={gpus!r}): TF_CONFIG names {len(config.workers)} workers, so training "
            f"runs on tf.distribute.MultiWorkerMirroredStrategy with {strategy.num_replicas_in_sync} "
            f"replicas in all; on this worker: {', '.join(used)}.",
            LegacyAPIWarning,
            stacklevel=3,
        )
    return devices.Placement(requested, used, local)
