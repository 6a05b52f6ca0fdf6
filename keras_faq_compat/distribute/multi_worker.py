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
  cluster, this task's port free), with one clear error otherwise;
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
import json
import os
import shutil
import socket
import tempfile
import threading

from keras_faq_compat import _internals

__all__ = [
    "ClusterConfig",
    "parse_tf_config",
    "start_from_environment",
    "active_strategy",
    "is_chief",
    "chief_only",
    "strategy_of",
    "shared_rng",
    "MultiWorkerTrainingMixin",
]

TIMEOUT_ENV = "KERAS_FAQ_COMPAT_WORKER_TIMEOUT"
DEFAULT_TIMEOUT = 120.0
STARTUP_TIMEOUT_ENV = "KERAS_FAQ_COMPAT_STARTUP_TIMEOUT"
DEFAULT_STARTUP_TIMEOUT = 600.0

_lock = threading.Lock()
_started = {"strategy": None, "config": None}
_redirecting = threading.local()


class ClusterConfig:
    """What ``TF_CONFIG`` says about the cluster and this process's task.

    Args:
        workers: the addresses of the training tasks (``chief`` first, then
            ``worker``), as ``"host:port"``.
        task_type: this process's task type (``"chief"`` or ``"worker"``).
        task_index: this process's index within its task type.
        position: this process's index in `workers`.
    """

    def __init__(self, workers, task_type, task_index, position):
        self.workers = list(workers)
        self.task_type = task_type
        self.task_index = task_index
        self.position = position

    @property
    def address(self):
        """This process's own ``"host:port"``."""
        return self.workers[self.position]

    @property
    def is_chief(self):
        """The chief writes files: task ``chief``, or ``worker`` 0 when there is no chief."""
        return self.position == 0

    def __repr__(self):
        return f"ClusterConfig({self.task_type}:{self.task_index} of {self.workers})"


def parse_tf_config(text=None):
    """Read ``TF_CONFIG`` (or `text`) and check it.

    Args:
        text: the JSON text; default None reads the ``TF_CONFIG`` environment
            variable.

    Returns:
        A `ClusterConfig` when the cluster has more than one training task
        (``chief`` plus ``worker``), else None (one machine: nothing changes).

    Raises:
        ValueError: the text is not a JSON object, its ``cluster`` is not a
            mapping of task types to address lists, or its ``task`` does not
            name a task of the cluster.
    """
    if text is None:
        text = os.environ.get("TF_CONFIG", "")
    if not text.strip():
        return None
    try:
        config = json.loads(text)
    except ValueError as e:
        raise ValueError(f"the TF_CONFIG environment variable is not valid JSON ({e}): {text[:120]!r}") from None
    if not isinstance(config, dict):
        raise ValueError(f"TF_CONFIG must be a JSON object; received {text[:120]!r}.")
    cluster = config.get("cluster") or {}
    if not isinstance(cluster, dict) or not all(
        isinstance(v, list) and all(isinstance(a, str) for a in v) for v in cluster.values()
    ):
        raise ValueError(
            'TF_CONFIG["cluster"] must map task types to lists of "host:port" addresses; '
            f"received {cluster!r}."
        )
    chiefs = list(cluster.get("chief") or ())
    workers = list(cluster.get("worker") or ())
    if len(chiefs) > 1:
        raise ValueError(f'TF_CONFIG["cluster"]["chief"] names {len(chiefs)} tasks; at most one is allowed.')
    if len(chiefs) + len(workers) <= 1:
        return None
    task = config.get("task")
    if not isinstance(task, dict):
        raise ValueError(
            'TF_CONFIG names a cluster of several workers but no "task" saying which one this '
            'process is; add e.g. "task": {"type": "worker", "index": 0}.'
        )
    task_type, index = task.get("type"), task.get("index", 0)
    if task_type not in ("chief", "worker"):
        raise ValueError(
            f'TF_CONFIG["task"]["type"] is {task_type!r}; a training process must be "chief" or "worker".'
        )
    tasks = chiefs if task_type == "chief" else workers
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(tasks):
        raise ValueError(
            f'TF_CONFIG["task"] names {task_type} {index!r}, but the cluster lists {len(tasks)} '
            f"{task_type} task(s) (valid indices: 0 to {len(tasks) - 1})."
        )
    address = tasks[index]
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f'TF_CONFIG: the address {address!r} of {task_type} {index} is not "host:port".')
    position = index if task_type == "chief" else len(chiefs) + index
    return ClusterConfig(chiefs + workers, task_type, index, position)


def _hold_port(config):
    """Listen on this task's port until the strategy takes it over.

    Returns the listening socket. Raises a clear error when the port is
    taken (TensorFlow would abort later). While the workers wait for each
    other (`_wait_for_peers`), this socket is what the peers find.
    """
    host, _, port = config.address.rpartition(":")
    holder = socket.socket(socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET, socket.SOCK_STREAM)
    try:
        # TensorFlow's server listens on every interface.
        holder.bind(("::" if holder.family == socket.AF_INET6 else "0.0.0.0", int(port)))
        holder.listen(16)
    except OSError as e:
        holder.close()
        raise OSError(
            e.errno,
            f"TF_CONFIG: port {port} of this task ({config.task_type} {config.task_index}, "
            f"{config.address}) is already in use; choose a free port for it in TF_CONFIG on every worker",
        ) from None
    return holder


def _timeout(name=TIMEOUT_ENV, default=DEFAULT_TIMEOUT):
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise ValueError(f"{name} must be a positive number of seconds; received {text!r}.")
    return value


def _listening(address):
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=2.0):
            return True
    except OSError:
        return False


def _wait_for_peers(config, timeout, poll=0.5):
    """Return once every other task of the cluster listens on its address.

    TensorFlow's strategy waits for every worker without a bound, blocking
    the whole interpreter (SIGTERM is ignored, no Python thread runs). Each
    worker therefore first waits here, listening on its own port
    (`_hold_port`) so that the others find it, with a bound.

    Args:
        config: this process's `ClusterConfig`.
        timeout: seconds to wait for the peers.
        poll: seconds between two attempts; default 0.5.

    Raises:
        TimeoutError: a peer did not listen within `timeout` seconds; the
            message names it and `STARTUP_TIMEOUT_ENV`.
    """
    import time

    deadline = time.monotonic() + timeout
    waiting = [i for i in range(len(config.workers)) if i != config.position]
    while True:
        waiting = [i for i in waiting if not _listening(config.workers[i])]
        if not waiting:
            return
        if time.monotonic() >= deadline:
            names = ", ".join(f"task {i} ({config.workers[i]})" for i in waiting)
            raise TimeoutError(
                f"TF_CONFIG: {names} of the {len(config.workers)}-worker cluster did not start within "
                f"{timeout:g} s ({STARTUP_TIMEOUT_ENV}), so this worker ({config.task_type} "
                f"{config.task_index}, {config.address}) stops before the script. Start every worker "
                "with the same cluster in TF_CONFIG"
            )
        time.sleep(poll)


def start_from_environment():
    """Start ``MultiWorkerMirroredStrategy`` if ``TF_CONFIG`` names several workers.

    Call at program start-up, before any TensorFlow operation. Idempotent:
    the strategy is made once per process.

    Returns:
        The strategy, or None without a multi-worker ``TF_CONFIG``.

    Raises:
        ValueError: ``TF_CONFIG`` is invalid (see `parse_tf_config`) or a
            timeout variable is not a positive number.
        OSError: this task's port is already in use.
        TimeoutError: another worker did not start in time (see
            `_wait_for_peers`).
    """
    with _lock:
        if _started["strategy"] is not None:
            return _started["strategy"]
        config = parse_tf_config()
        if config is None:
            return None
        timeout = _timeout()
        start_up_timeout = _timeout(STARTUP_TIMEOUT_ENV, DEFAULT_STARTUP_TIMEOUT)
        holder = _hold_port(config)
        try:
            _wait_for_peers(config, start_up_timeout)
        finally:
            holder.close()
        from keras_faq_compat._real import tf

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
    from keras_faq_compat._real import keras as _keras
    from keras_faq_compat._real import tf

    def vector(value):
        if isinstance(value, tf.Tensor) and value.shape.rank == 0:
            return tf.reshape(value, [1])
        return value

    return _keras.tree.map_structure(vector, logs)


def _is_arrays(x):
    from keras_faq_compat._real import keras as _keras

    import numpy as np

    leaves = [leaf for leaf in _keras.tree.flatten(x) if leaf is not None] if x is not None else []
    return bool(leaves) and all(isinstance(leaf, np.ndarray) for leaf in leaves)


def _shared_seed(strategy):
    """A shuffling seed drawn on the chief and the same on every worker."""
    import numpy as np

    from keras_faq_compat._real import tf

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
    import numpy as np

    return np.random.RandomState(_shared_seed(strategy))


def _as_shuffled_dataset(strategy, x, y, kwargs):
    """``fit``'s in-memory arrays as a dataset shuffled alike on every worker."""
    import numpy as np

    from keras_faq_compat._real import keras as _keras
    from keras_faq_compat._real import tf

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
        from keras_faq_compat._real import tf

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
        from keras_faq_compat.distribute.first_batch import batch_for_build

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
    import warnings

    from keras_faq_compat.deprecation import LegacyAPIWarning
    from keras_faq_compat.distribute import devices

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
