"""Mirrored weights and split batches on ``tf.distribute.MirroredStrategy``.

Legacy API: the weights shared between ``keras.utils.multi_gpu_model(model,
gpus)``'s result and ``model`` (the "template"), and the batch split across
the replicas (the model classes are in `keras_faq_compat.engine.parallel`).

TensorFlow 2 replacement: build and compile the model inside
``tf.distribute.MirroredStrategy(devices).scope()`` and call ``fit``.

* `get_strategy`: one strategy per device set; over CPU devices (the
  stand-ins for GPUs) the replicas reduce on one device instead of
  TensorFlow's collective ops, whose keys would clash between two parallel
  models over different device sets in one process;
* `mirror_variables`: the template's variables are re-created as mirrored
  variables of the strategy and handed back to the template's own
  ``keras.Variable`` objects, so both models hold the very same weights:
  training one trains the other, and ``model.save()`` on the template
  writes the trained weights;
* `split_batch`: one batch cut into contiguous per-replica parts.

Difference from Keras 2: the template's weights become mirrored variables
(Keras 2 kept one copy on the CPU); predicting, evaluating, saving and
loading weights on the template keep working, but training the template
itself on one device again needs a fresh template
(``keras.models.clone_model`` plus ``set_weights``).
"""

import numpy as np

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf
__all__ = ["get_strategy", "mirror_variables", "split_batch", "num_samples", "is_mirrored_on"]

_tree = _keras.tree

# Keras variable settings -> tf.Variable arguments (as Keras's TF backend maps them).
_AGGREGATION = {
    "none": tf.VariableAggregation.NONE,
    "sum": tf.VariableAggregation.SUM,
    "mean": tf.VariableAggregation.MEAN,
    "only_first_replica": tf.VariableAggregation.ONLY_FIRST_REPLICA,
}
_SYNCHRONIZATION = {
    "none": tf.VariableSynchronization.NONE,
    "on_read": tf.VariableSynchronization.ON_READ,
    "on_write": tf.VariableSynchronization.ON_WRITE,
    "auto": tf.VariableSynchronization.AUTO,
}

# One strategy per device set: a template moved twice between the same
# devices keeps its variables, and the optimizer state keyed on them.
_strategies = {}


def get_strategy(tf_devices):
    """The `tf.distribute.MirroredStrategy` over `tf_devices` (made once per device set).

    Args:
        tf_devices: TensorFlow device names, e.g. ``["/device:CPU:0", "/device:CPU:1"]``.
    """
    key = tuple(tf_devices)
    strategy = _strategies.get(key)
    if strategy is None:
        cross_device_ops = None
        if all("GPU" not in device.upper() for device in key):
            # TensorFlow's default (collective ops) numbers its groups per
            # strategy, so two strategies over different CPU device sets in
            # one process abort each other's collectives; reducing on one
            # device has no such keys.
            cross_device_ops = tf.distribute.ReductionToOneDevice()
        strategy = tf.distribute.MirroredStrategy(devices=list(key), cross_device_ops=cross_device_ops)
        _strategies[key] = strategy
    return strategy


def is_mirrored_on(value, strategy):
    """Whether `value` is a distributed value of `strategy`."""
    return isinstance(value, tf.distribute.DistributedValues) and value.distribute_strategy is strategy


def _models_in(model):
    """`model` and every model nested in it."""
    found, stack = [], [model]
    while stack:
        current = stack.pop()
        if isinstance(current, _keras.Model) and all(current is not m for m in found):
            found.append(current)
        stack.extend(getattr(current, "layers", ()))
    return found


def mirror_variables(model, strategy):
    """Give `model`'s weights mirrored storage on `strategy`, in place.

    Each ``keras.Variable`` of `model` keeps its identity (so layers, the
    template model and any model nesting it see the same object) but its
    value moves to a mirrored variable with one copy per replica, initialised
    from the current value.

    Args:
        model: a built Keras model (the template).
        strategy: the `tf.distribute.MirroredStrategy`.

    Returns:
        Whether any variable moved (then traced functions were reset).
    """
    moved = False
    for variable in model.variables:
        current = variable.value
        if current is None or is_mirrored_on(current, strategy):
            continue
        if _internals.variable_synchronization(variable) == "on_read":
            continue  # metric-like state: read-synchronised, not a weight
        initial = current.read_value() if hasattr(current, "read_value") else tf.identity(current)
        with strategy.scope():
            mirrored = tf.Variable(
                initial,
                dtype=current.dtype,
                trainable=variable.trainable,
                name=variable.name,
                aggregation=_AGGREGATION[_internals.variable_aggregation(variable)],
                synchronization=_SYNCHRONIZATION[_internals.variable_synchronization(variable)],
            )
        _internals.adopt_variable_storage(variable, mirrored)
        moved = True
    if moved:
        # Functions traced before captured the old storage.
        for nested in _models_in(model):
            nested.train_function = nested.test_function = nested.predict_function = None
    return moved


def num_samples(structure):
    """The length of the first batch dimension found in `structure`, or None."""
    for leaf in _tree.flatten(structure):
        if leaf is not None and getattr(leaf, "shape", None) is not None and len(leaf.shape):
            return int(leaf.shape[0])
    return None


def split_batch(batch, strategy):
    """Split one batch (a structure of arrays) into contiguous per-replica parts.

    Replica ``i`` gets rows ``[start_i, end_i)``; sizes differ by at most one
    and may be zero when the batch is smaller than the number of replicas.

    Args:
        batch: arrays, tensors or a nested structure of them (``None`` kept).
        strategy: the `tf.distribute.Strategy`.

    Returns:
        The same structure with ``PerReplica`` values as leaves.
    """
    n = num_samples(batch)
    replicas = strategy.num_replicas_in_sync
    if n is None or replicas == 1:
        return batch
    sizes = [n // replicas + (1 if i < n % replicas else 0) for i in range(replicas)]
    bounds = np.cumsum([0] + sizes)
    leaves = _tree.flatten(batch)
    present = [i for i, leaf in enumerate(leaves) if leaf is not None]
    tensors = [tf.convert_to_tensor(leaves[i]) for i in present]

    def part(context):
        i = context.replica_id_in_sync_group
        return tuple(t[bounds[i]:bounds[i + 1]] for t in tensors)

    distributed = strategy.experimental_distribute_values_from_function(part)
    out = list(leaves)
    for position, value in zip(present, distributed):
        out[position] = value
    return _tree.pack_sequence_as(batch, out)
