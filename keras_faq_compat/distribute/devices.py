"""Which devices ``multi_gpu_model(model, gpus=...)`` runs its replicas on.

Legacy API: the ``gpus`` argument of ``keras.utils.multi_gpu_model`` (``None``:
every visible GPU; an integer N >= 2: ``/gpu:0`` to ``/gpu:N-1``; a list of
GPU ids).

TensorFlow 2 replacement: the ``devices`` argument of
``tf.distribute.MirroredStrategy``.

Behaviour difference: Keras 2 raised a `ValueError` when fewer GPUs existed
than asked for. Here the replicas run on the devices that do exist, with one
`LegacyAPIWarning` naming the requested and the used devices; with no GPU at
all, the logical CPU devices stand in for GPUs (configure several with
``tf.config.set_logical_device_configuration`` to get several replicas on a
CPU). ``KERAS_FAQ_COMPAT_STRICT=1`` in the environment restores Keras 2's
`ValueError`. ``gpus=1`` and one-element lists are refused as in Keras 2.
A ``TF_CONFIG`` naming several workers gets a warning that training stays on
this machine (`check_tf_config`) unless the activation started the
multi-worker strategy (`keras_faq_compat.distribute.multi_worker`).
"""

import os
import warnings

from keras_faq_compat._real import tf
from keras_faq_compat.deprecation import LegacyAPIWarning
from keras_faq_compat.distribute.cluster import parse_tf_config

__all__ = ["Placement", "resolve_devices", "strict_mode", "check_tf_config"]

STRICT_ENV = "KERAS_FAQ_COMPAT_STRICT"


def strict_mode():
    """Whether ``KERAS_FAQ_COMPAT_STRICT`` asks for Keras 2's errors."""
    return os.environ.get(STRICT_ENV, "").strip().lower() in ("1", "true", "yes", "on")


class Placement:
    """The outcome of `resolve_devices`.

    Args:
        requested: the devices ``gpus`` names, spelled as Keras 2 did
            (``"/gpu:0"``); empty for ``gpus=None`` on a machine without GPU.
        used: the devices the replicas run on (``"/gpu:1"``, ``"/cpu:0"``).
        tf_devices: the same devices as TensorFlow names them, for
            ``tf.distribute.MirroredStrategy(devices=...)``.
    """

    def __init__(self, requested, used, tf_devices):
        self.requested = list(requested)
        self.used = list(used)
        self.tf_devices = list(tf_devices)

    def __repr__(self):
        return f"Placement(requested={self.requested}, used={self.used})"


def _check_gpus(gpus):
    """Keras 2's argument rules; return the requested GPU ids, or None for "all"."""
    if gpus is None or (isinstance(gpus, int) and not isinstance(gpus, bool) and gpus == 0):
        return None
    if isinstance(gpus, bool) or not isinstance(gpus, (int, list, tuple)):
        raise ValueError(
            "multi_gpu_model: `gpus` must be None, an integer >= 2 or a list of at least two GPU "
            f"ids; received gpus={gpus!r}."
        )
    if isinstance(gpus, int):
        if gpus <= 1:
            raise ValueError(
                "For multi-gpu usage to be effective, call `multi_gpu_model` with `gpus >= 2`. "
                f"Received: `gpus={gpus}`"
            )
        return list(range(gpus))
    ids = list(gpus)
    if len(ids) <= 1:
        raise ValueError(
            "For multi-gpu usage to be effective, call `multi_gpu_model` with `len(gpus) >= 2`. "
            f"Received: `gpus={gpus}`"
        )
    for gpu_id in ids:
        if isinstance(gpu_id, bool) or not isinstance(gpu_id, int) or gpu_id < 0:
            raise ValueError(
                f"multi_gpu_model: each GPU id in `gpus` must be an integer >= 0; received gpus={gpus!r}."
            )
    if len(set(ids)) != len(ids):
        raise ValueError(f"multi_gpu_model: `gpus` lists a GPU id twice; received gpus={gpus!r}.")
    return ids


def check_tf_config():
    """Read ``TF_CONFIG`` as ``MirroredStrategy`` would; warn that only this machine is used.

    ``tf.distribute.MirroredStrategy`` parses ``TF_CONFIG`` when it is made and
    then ignores it in eager code; a cluster of several workers would silently
    train one independent model per machine.

    Returns:
        The number of workers ``TF_CONFIG`` names (0 without a cluster of
        several workers).

    Raises:
        ValueError: ``TF_CONFIG`` is invalid (see
            `keras_faq_compat.distribute.cluster.parse_tf_config`).
    """
    try:
        config = parse_tf_config()
    except ValueError as e:
        raise ValueError(f"multi_gpu_model: {e}") from None
    workers = 0 if config is None else len(config.workers)
    if workers > 1:
        warnings.warn(
            f"TF_CONFIG describes a cluster of {workers} workers, but multi_gpu_model trains on this "
            "machine's devices only: each worker trains its own copy. To train across the machines "
            "on tf.distribute.MultiWorkerMirroredStrategy, start the script with "
            "`keras-faq-compat run` (or call keras_faq_compat.activation.install() before any "
            "TensorFlow operation).",
            LegacyAPIWarning,
            stacklevel=3,
        )
    return workers


def _short_name(logical_device):
    # '/device:GPU:1' -> '/gpu:1', the spelling of Keras 2's messages.
    kind, _, index = logical_device.name.rpartition("/")[2].partition(":")[2].partition(":")
    return f"/{kind.lower()}:{index}"


def resolve_devices(gpus):
    """The devices for ``multi_gpu_model(gpus=...)``.

    Args:
        gpus: None (every GPU), an integer >= 2, or a list of GPU ids.

    Returns:
        A `Placement`. A warning names requested and used devices when they
        differ.

    Raises:
        ValueError: `gpus` is 1, a one-element list or not an id list; or
            (``KERAS_FAQ_COMPAT_STRICT=1``) a requested GPU does not exist.
    """
    ids = _check_gpus(gpus)
    check_tf_config()
    gpu_devices = tf.config.list_logical_devices("GPU")
    cpu_devices = tf.config.list_logical_devices("CPU")
    if ids is None and len(gpu_devices) >= 2:
        ids = list(range(len(gpu_devices)))
    requested = [f"/gpu:{i}" for i in ids] if ids is not None else []
    available = [_short_name(d) for d in cpu_devices + gpu_devices]

    missing = ids is None or any(i >= len(gpu_devices) for i in ids)
    if missing and strict_mode():
        if ids is None:
            raise ValueError(
                "For multi-gpu usage to be effective, call `multi_gpu_model` with `gpus >= 2`. "
                f"Received: `gpus={len(gpu_devices)}`"
            )
        raise ValueError(
            f"To call `multi_gpu_model` with `gpus={gpus}`, we expect the following devices to be "
            f"available: {['/cpu:0'] + requested}. However this machine only has: {available}. "
            "Try reducing `gpus`."
        )

    # Without GPUs, logical CPU devices stand in for them, so that the same
    # code path (and its tests) runs on a CPU-only machine.
    pool = gpu_devices or cpu_devices
    if ids is None:
        chosen = list(pool)
    else:
        chosen = [pool[i] for i in ids if i < len(pool)]
        if not chosen:
            chosen = list(pool[: len(ids)])
    placement = Placement(requested, [_short_name(d) for d in chosen], [d.name for d in chosen])

    if placement.used != placement.requested:
        asked = ", ".join(requested) if requested else "every GPU (none found)"
        if len(chosen) == 1:
            how = "a single replica"
        else:
            how = f"{len(chosen)} replicas"
        warnings.warn(
            f"multi_gpu_model(gpus={gpus!r}) asked for {asked}, but this machine has "
            f"{', '.join(available)}: running {how} on {', '.join(placement.used)} instead. "
            f"Keras 2 raised ValueError here; set {STRICT_ENV}=1 to get that error.",
            LegacyAPIWarning,
            stacklevel=3,
        )
    return placement
