"""``keras.utils.multi_gpu_utils``: ``multi_gpu_model``.

Legacy API: ``multi_gpu_model(model, gpus=None, cpu_merge=True, cpu_relocation=False)``
(removed from TensorFlow in 2.4).

Keras 3 replacement: build and compile the model inside
``tf.distribute.MirroredStrategy().scope()`` and call ``fit`` as usual.

Behaviour differences from Keras 2:

* the replicas are run by ``tf.distribute.MirroredStrategy``
  (the model: `keras_faq_compat.engine.parallel`; its weights:
  `keras_faq_compat.distribute.mirrored`): one copy of each weight per
  device, kept equal on every update, instead of one copy on the CPU;
  ``cpu_merge`` and ``cpu_relocation`` are accepted and have no effect (the
  strategy places the weights and merges the outputs itself; the returned
  model still shares its weights with ``model``, even with
  ``cpu_relocation=True``, where Keras 2 trained a fresh clone);
* when ``TF_CONFIG`` names several workers and the script runs under the
  activation (``keras-faq-compat run``), the replicas are this machine's
  devices on every worker, run by ``tf.distribute.MultiWorkerMirroredStrategy``
  (`keras_faq_compat.distribute.multi_worker`);
* with fewer GPUs than asked for, the replicas run on the devices that exist
  (logical CPU devices stand in for GPUs on a machine without one), with a
  warning; ``KERAS_FAQ_COMPAT_STRICT=1`` restores Keras 2's `ValueError`
  (`keras_faq_compat.distribute.devices`).
"""

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.distribute import devices, multi_worker
from keras_faq_compat.engine.parallel import make_parallel_model

__all__ = ["multi_gpu_model"]


def multi_gpu_model(model, gpus=None, cpu_merge=True, cpu_relocation=False):
    """Legacy ``multi_gpu_model``: a data-parallel model sharing `model`'s weights.

    Each global batch given to ``fit``, ``evaluate``, ``predict`` or the
    ``*_on_batch`` methods is split across the replicas; gradients are
    combined so that training matches training on one device. Save the
    template `model` (as Keras 2 advised) or the returned model.

    Args:
        model: the template Keras model (built or not).
        gpus: None (every visible GPU), an integer >= 2, or a list of at
            least two GPU ids; default None.
        cpu_merge: Keras 2's choice of device for merging outputs; accepted,
            no effect; default True.
        cpu_relocation: Keras 2's option to rebuild the model on the CPU;
            accepted, no effect; default False.

    Returns:
        A compat `Model` whose replicas run on the chosen devices; its
        ``placement`` attribute names the requested and used devices.

    Raises:
        ValueError: `gpus` is 1, a one-element list or not a valid value;
            or, with ``KERAS_FAQ_COMPAT_STRICT=1``, fewer GPUs exist than
            requested (Keras 2's error); or the ``TF_CONFIG`` environment
            variable is set but is not a JSON object.
        TypeError: `model` is not a Keras model.
    """
    warn_legacy(
        "keras.utils.multi_gpu_model",
        "tf.distribute.MirroredStrategy (build and compile the model inside strategy.scope())",
    )
    if not isinstance(model, _keras.Model):
        raise TypeError(f"multi_gpu_model: `model` must be a Keras model; received {type(model).__name__}.")
    for name, value in (("cpu_merge", cpu_merge), ("cpu_relocation", cpu_relocation)):
        if not isinstance(value, (bool, int)):
            raise ValueError(f"multi_gpu_model: `{name}` must be True or False; received {value!r}.")
    strategy = multi_worker.active_strategy()
    if strategy is not None:
        return make_parallel_model(model, multi_worker.placement_for(gpus, strategy), strategy)
    placement = devices.resolve_devices(gpus)
    return make_parallel_model(model, placement)


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
