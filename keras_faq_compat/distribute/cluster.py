"""``TF_CONFIG`` and the cluster it describes, checked before TensorFlow starts.

Legacy API: a Keras 2 script run on every machine of a cluster described by
the standard ``TF_CONFIG`` environment variable (see
`keras_faq_compat.distribute.multi_worker`).

TensorFlow 2 replacement: ``tf.distribute.cluster_resolver.TFConfigClusterResolver``,
read by ``tf.distribute.MultiWorkerMirroredStrategy``.

Difference: TensorFlow reads ``TF_CONFIG`` without checking it and waits
forever for a missing worker; here the text is checked (one error naming
what is wrong), this task's port is checked to be free, and the wait for the
other workers is bounded. This module imports no TensorFlow, so these checks
run (and fail) before TensorFlow starts.
"""

import json
import os
import socket
import time

__all__ = [
    "ClusterConfig",
    "parse_tf_config",
    "hold_port",
    "seconds_from_env",
    "wait_for_peers",
    "TIMEOUT_ENV",
    "DEFAULT_TIMEOUT",
    "STARTUP_TIMEOUT_ENV",
    "DEFAULT_STARTUP_TIMEOUT",
]

# Seconds a collective operation may wait for a peer.
TIMEOUT_ENV = "KERAS_FAQ_COMPAT_WORKER_TIMEOUT"
DEFAULT_TIMEOUT = 120.0
# Seconds a worker waits at start-up for every other worker to listen.
STARTUP_TIMEOUT_ENV = "KERAS_FAQ_COMPAT_STARTUP_TIMEOUT"
DEFAULT_STARTUP_TIMEOUT = 600.0


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


def hold_port(config):
    """Listen on this task's port until the strategy takes it over.

    Returns the listening socket. Raises a clear error when the port is
    taken (TensorFlow would abort later). While the workers wait for each
    other (`wait_for_peers`), this socket is what the peers find.
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


def seconds_from_env(name=TIMEOUT_ENV, default=DEFAULT_TIMEOUT):
    """A positive number of seconds from environment variable `name`, or `default` when unset.

    Args:
        name: the variable; default `TIMEOUT_ENV`.
        default: the value when the variable is unset or empty.

    Raises:
        ValueError: the variable is set but is not a positive number.
    """
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


def wait_for_peers(config, timeout, poll=0.5):
    """Return once every other task of the cluster listens on its address.

    TensorFlow's strategy waits for every worker without a bound, blocking
    the whole interpreter (SIGTERM is ignored, no Python thread runs). Each
    worker therefore first waits here, listening on its own port
    (`hold_port`) so that the others find it, with a bound.

    Args:
        config: this process's `ClusterConfig`.
        timeout: seconds to wait for the peers.
        poll: seconds between two attempts; default 0.5.

    Raises:
        TimeoutError: a peer did not listen within `timeout` seconds; the
            message names it and `STARTUP_TIMEOUT_ENV`.
    """
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
