"""The data-parallel model classes behind ``multi_gpu_model``.

Legacy API: the model returned by ``keras.utils.multi_gpu_model(model, gpus)``
(`keras_faq_compat.utils.multi_gpu_utils`): it shares its weights with
``model`` (the "template"), splits each batch across the replicas and merges
their results.

TensorFlow 2 replacement: build and compile the model inside
``tf.distribute.MirroredStrategy(devices).scope()`` and call ``fit``.

How it is built (the strategy, mirrored weights and split batches come from
`keras_faq_compat.distribute.mirrored`):

* the parallel model is a compat functional model (input -> template ->
  output) made under the strategy's scope, so that Keras 3 runs ``fit``,
  ``evaluate`` and ``predict`` through the strategy, splitting every global
  batch across the replicas; its class is `ParallelModel`, the compat
  functional model plus `DataParallelMixin`;
* ``train_on_batch``, ``test_on_batch`` and ``predict_on_batch`` split their
  batch too (Keras 3 hands each replica the whole batch), and the first two
  return the metrics over the whole batch (Keras 3 averages the replicas'
  own values);
* each replica's loss gradient is weighted by its share of the global batch,
  so a final partial batch, or a batch smaller than the number of replicas,
  trains exactly as on one device (Keras 3 averages the replicas' mean
  losses, which over-weights the samples of a short replica); when every
  batch of a ``fit`` on in-memory arrays splits evenly, Keras's weighting is
  already exact and the replicas skip exchanging their batch sizes;
* after each training step, non-trainable float weights (BatchNormalization's
  moving statistics, which each replica updates from its own part of the
  batch) are set on every replica to their average weighted by the parts'
  sizes, so all replicas and the template keep one value, as Keras 2's
  single copy did; a replica with an empty part (a batch smaller than the
  number of replicas) runs in inference mode and does not count.

Differences from Keras 2: per-batch logs seen by callbacks during ``fit``
average the replicas' values as Keras 3 does (epoch logs and ``History`` are
exact); the template's weights become mirrored variables (see `mirrored`).
A template without inputs (an unbuilt ``Sequential`` or a subclassed model)
gives a parallel model that is itself subclassed (`DeferredParallelModel`):
it is built by its first batch, and to save it, save the template. Loss
functions that already return one value per batch (instead of one per
sample) are not re-weighted.
"""

import numpy as np

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf
from keras_faq_compat.distribute.first_batch import batch_for_build
from keras_faq_compat.distribute.mirrored import get_strategy, is_mirrored_on, mirror_variables, num_samples, split_batch
from keras_faq_compat.engine.training import FunctionalModel, Model
from keras_faq_compat.saving import class_identity

__all__ = ["DataParallelMixin", "ParallelModel", "DeferredParallelModel", "make_parallel_model"]

_tree = _keras.tree


# Keras 2's positional order of ``fit``'s first arguments.
_FIT_ARGUMENTS = ("x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split")


def _is_arrays(x):
    leaves = [leaf for leaf in _tree.flatten(x) if leaf is not None] if x is not None else []
    return bool(leaves) and all(isinstance(leaf, (np.ndarray, tf.Tensor)) for leaf in leaves)


def _equal_parts(x, batch_size, validation_split, steps_per_epoch, replicas):
    """Whether ``fit`` on in-memory arrays gives only full batches that split evenly."""
    if steps_per_epoch is not None or not _is_arrays(x):
        return False
    batch_size = batch_size or 32
    n = num_samples(x)
    if n is None:
        return False
    # Keras 3 keeps the first floor(n * (1 - split)) samples for training.
    n = int(np.floor(n * (1.0 - validation_split))) if validation_split else n
    return n % batch_size == 0 and batch_size % replicas == 0


def _is_distributed(batch):
    return any(isinstance(leaf, tf.distribute.DistributedValues) for leaf in _tree.flatten(batch))


def _splitting_batches(function, model, predicting=False):
    """Wrap a Keras step function so that raw batches are split across replicas.

    ``fit``/``evaluate``/``predict`` feed Keras's functions distributed
    batches already; ``train_on_batch`` and friends feed the whole batch,
    which Keras 3 would give in full to every replica. Their logs are then
    read from the metrics across all replicas (a step's own logs average the
    replicas' values, which over-weights a short replica).
    """
    strategy = model._parallel_strategy

    def split_all(batches):
        for batch in batches:
            yield batch if _is_distributed(batch) else split_batch(batch, strategy)

    def run(data):
        if isinstance(data, (tf.data.Iterator, tf.distribute.DistributedIterator)):
            return function(data)
        if predicting:
            return function(list(split_all(data)))
        function(split_all(data))
        return model.get_metrics_result()

    return run


@tf.custom_gradient
def _scale_gradient(value, factor):
    """Identity on `value` whose gradient is multiplied by `factor`."""

    def grad(upstream):
        return upstream * factor, tf.zeros_like(factor)

    return tf.identity(value), grad


class DataParallelMixin(_internals.SymbolicBuildHook):
    """What makes a compat model data-parallel over its strategy (see the module docstring).

    Cooperates through ``super()`` with the compat model classes.
    """

    def _init_parallel(self, template, strategy, placement):
        # Plain attributes: Keras must not track them (the template is
        # already a layer of this model, and a functional model is locked).
        object.__setattr__(self, "_parallel_template", template)
        object.__setattr__(self, "_parallel_strategy", strategy)
        object.__setattr__(self, "placement", placement)

    # Whether every training batch of the current call splits into equal
    # parts: then Keras's own weighting is already exact, and the extra
    # exchange of batch sizes between replicas is skipped. Read when the
    # training function is traced.
    _parallel_equal_parts = False

    def _expect_equal_parts(self, equal):
        if equal != self._parallel_equal_parts:
            object.__setattr__(self, "_parallel_equal_parts", equal)
            self.train_function = None

    def fit(self, *args, **kwargs):
        """Keras 2 ``fit``; batches are split across the replicas (arguments as ``Model.fit``)."""
        given = dict(zip(_FIT_ARGUMENTS, args), **kwargs)
        self._expect_equal_parts(
            _equal_parts(
                given.get("x"),
                given.get("batch_size"),
                given.get("validation_split") or 0.0,
                given.get("steps_per_epoch"),
                self._parallel_strategy.num_replicas_in_sync,
            )
        )
        return super().fit(*args, **kwargs)

    def train_on_batch(self, x, *args, **kwargs):
        """Keras 2 ``train_on_batch``; the batch is split across the replicas."""
        n = num_samples(x) if _is_arrays(x) else None
        self._expect_equal_parts(n is not None and n % self._parallel_strategy.num_replicas_in_sync == 0)
        return super().train_on_batch(x, *args, **kwargs)

    @property
    def template(self):
        """The model whose weights this model trains."""
        return self._parallel_template

    def _adopt_template_weights(self):
        """Move the template's weights onto this model's strategy if needed."""
        if not self._parallel_template.built:
            return
        if mirror_variables(self._parallel_template, self._parallel_strategy):
            optimizer = getattr(self, "optimizer", None)
            if optimizer is not None and optimizer.built:
                raise RuntimeError(
                    "multi_gpu_model: the template model's weights were moved to other devices by "
                    "another multi_gpu_model call after this parallel model started training; "
                    "call multi_gpu_model again for these devices."
                )
            self.train_function = self.test_function = self.predict_function = None

    def compile(self, optimizer="rmsprop", *args, **kwargs):
        """Keras 2 ``compile``, run under the strategy so the optimizer's state is mirrored.

        Args:
            optimizer: as in ``Model.compile``; an optimizer instance made
                outside the strategy is re-made from its config inside it.
            *args, **kwargs: the other ``compile`` arguments.
        """
        if "optimizer" in kwargs:
            optimizer = kwargs.pop("optimizer")
        strategy = self._parallel_strategy
        if isinstance(optimizer, _keras.optimizers.Optimizer) and (
            _internals.optimizer_strategy(optimizer) is not strategy
        ):
            # Keras's TF optimizer keeps the strategy it was made under and
            # refuses variables of another one.
            with strategy.scope():
                optimizer = type(optimizer).from_config(optimizer.get_config())
        with strategy.scope():
            result = super().compile(optimizer, *args, **kwargs)
        _internals.reduce_gradients_across_replicas(self.optimizer)
        return result

    # Set while Keras traces `train_step`: Keras before 3.4 calls
    # `compute_loss` without `training` from both steps.
    _parallel_in_train_step = False

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=None):
        """The compiled loss; while training, its gradient is weighted by this replica's share.

        Keras 3 gives each replica's mean loss the weight 1/replicas; the
        gradient here gets weight (replica samples / global batch) instead,
        which equals the gradient of the global batch's mean loss. The loss
        value itself (what ``fit`` logs) is unchanged.

        Args:
            training: whether this is the training step's loss; default
                None means "inside ``train_step``".
        """
        if training is None:
            training = self._parallel_in_train_step
        loss = _internals.trainer_compute_loss(super().compute_loss, x, y, y_pred, sample_weight, training)
        if loss is None:
            return loss
        if loss.shape.rank:
            # Keras returns the unreduced (empty) loss of a part known to
            # have no samples; its mean over the batch would be NaN.
            loss = tf.reduce_sum(loss)
        # Keras before 3.8 does not divide a replica's loss by the number of
        # replicas, so its gradient (summed over replicas) needs the share
        # even when the parts are equal.
        scaled_by_keras = _internals.loss_scaled_for_replicas()
        if not training or (self._parallel_equal_parts and scaled_by_keras):
            return loss
        context = tf.distribute.get_replica_context()
        if context is None or context.num_replicas_in_sync == 1:
            return loss
        first = next(leaf for leaf in _tree.flatten(x) if leaf is not None)
        local = tf.cast(tf.shape(first)[0], loss.dtype)
        total = context.all_reduce(tf.distribute.ReduceOp.SUM, local)
        replicas = context.num_replicas_in_sync if scaled_by_keras else 1
        share = tf.math.divide_no_nan(local * replicas, total)
        return _scale_gradient(loss, share)

    def _run_replica_part(self, run, inputs, training):
        """Run the template on this replica's part of the batch.

        A replica whose part is empty runs the template in inference mode:
        in training mode, batch statistics of no samples are NaN, and so
        would be the gradients of BatchNormalization's weights, even though
        the part has no samples to learn from.
        """
        context = tf.distribute.get_replica_context()
        if (
            training is not True
            or context is None
            or context.num_replicas_in_sync == 1
            or not _has_batch_statistics(self._parallel_template)
        ):
            return run(training)
        first = next(leaf for leaf in _tree.flatten(inputs) if leaf is not None)
        return tf.cond(tf.shape(first)[0] > 0, lambda: run(True), lambda: run(False))

    def train_step(self, data):
        """Keras's training step, then one value per replica for the moving statistics."""
        object.__setattr__(self, "_parallel_in_train_step", True)
        try:
            logs = super().train_step(data)
        finally:
            object.__setattr__(self, "_parallel_in_train_step", False)
        context = tf.distribute.get_replica_context()
        if context is None or context.num_replicas_in_sync == 1:
            return logs
        state = [
            v for v in self.non_trainable_variables
            if v.dtype.startswith("float") and is_mirrored_on(v.value, self._parallel_strategy)
        ]
        if not state:
            return logs
        x = data[0] if isinstance(data, (list, tuple)) else data
        first = next(leaf for leaf in _tree.flatten(x) if leaf is not None)
        local = tf.shape(first)[0]
        # An empty part may have left NaN statistics: it gets weight 0 and
        # its value is dropped before weighting (0 * NaN is NaN).
        weighted = [
            tf.where(local > 0, tf.cast(local, v.dtype) * tf.convert_to_tensor(v), tf.zeros(v.shape, v.dtype))
            for v in state
        ]
        sums = context.all_reduce(tf.distribute.ReduceOp.SUM, [tf.cast(local, "float32")] + weighted)
        total = sums[0]
        for v, summed in zip(state, sums[1:]):
            v.assign(tf.math.divide_no_nan(summed, tf.cast(total, v.dtype)))
        return logs

    def _compat_symbolic_build(self, iterator=None, data_batch=None):
        # Keras 3 reads a first batch and averages it over the replicas to
        # learn its shapes: a generator loses batches, and parts of unequal
        # size fail (see first_batch).
        if iterator is not None and data_batch is None:
            data_batch = batch_for_build(iterator, self._parallel_strategy)
        return super()._compat_symbolic_build(data_batch=data_batch)

    def make_train_function(self, force=False):
        self._adopt_template_weights()
        if self.train_function is None or force:
            super().make_train_function(force=True)
            self.train_function = _splitting_batches(self.train_function, self)
        return self.train_function

    def make_test_function(self, force=False):
        self._adopt_template_weights()
        if self.test_function is None or force:
            super().make_test_function(force=True)
            self.test_function = _splitting_batches(self.test_function, self)
        return self.test_function

    def make_predict_function(self, force=False):
        self._adopt_template_weights()
        if self.predict_function is None or force:
            super().make_predict_function(force=True)
            self.predict_function = _splitting_batches(self.predict_function, self, predicting=True)
        return self.predict_function


# A functional model with extra behaviour only: written to files as one.
@class_identity.compat_model_class("keras.Model", "Functional")
class ParallelModel(DataParallelMixin, FunctionalModel):
    """The data-parallel model of a built template: input -> template -> output.

    Made by `make_parallel_model`; behaves as the compat functional model it
    is (``summary``, ``save``, ``layers``), with training split over the
    strategy's replicas.
    """

    def call(self, inputs, training=None, mask=None, **kwargs):
        def run(mode):
            # Keras 3.16 takes each layer's `training` from the outer call's
            # context, not from this argument.
            with _internals.training_for_inner_layers(mode):
                return super(ParallelModel, self).call(inputs, training=mode, mask=mask, **kwargs)

        return self._run_replica_part(run, inputs, training)


class DeferredParallelModel(DataParallelMixin, Model):
    """The data-parallel model of a template without inputs yet; built by its first batch.

    Args:
        template: the model to run on every replica.
        name: the model's name; default None.
    """

    def __init__(self, template, name=None):
        super().__init__(name=name)
        self._deferred_template = template

    def call(self, inputs, training=None):
        def run(mode):
            return self._deferred_template(inputs, training=mode)

        return self._run_replica_part(run, inputs, training)


def _has_batch_statistics(model):
    # Layers that keep non-trainable float state (BatchNormalization's
    # moving statistics) compute batch statistics in training mode.
    return any(
        not v.trainable and v.dtype.startswith("float") for v in model.non_trainable_variables
    )


def _has_inputs(model):
    try:
        return bool(model.inputs)
    except (AttributeError, ValueError):
        return False


def make_parallel_model(template, placement, strategy=None):
    """The data-parallel model of `template` over the devices of `placement`.

    Args:
        template: a Keras model (built or not).
        placement: a `keras_faq_compat.distribute.devices.Placement`.
        strategy: the strategy to run on; default None makes (or reuses) a
            `tf.distribute.MirroredStrategy` over the placement's devices.
    """
    if strategy is None:
        strategy = get_strategy(placement.tf_devices)
    if _has_inputs(template):
        mirror_variables(template, strategy)
        # Made under the scope: Keras 3 then runs fit/evaluate/predict
        # through the strategy (a model keeps the strategy it was made in).
        with strategy.scope(), tf.device(None):
            inputs = [
                _keras.Input(batch_shape=tensor.shape, dtype=tensor.dtype, name=f"{_input_name(tensor, i)}")
                for i, tensor in enumerate(template.inputs)
            ]
            outputs = _tree.flatten(template(inputs if len(inputs) > 1 else inputs[0]))
            # The outputs keep the template's output names (as Keras 2's
            # merge layers did), so ``compile(loss={name: ...})`` still works.
            outputs = [
                _keras.layers.Identity(name=name)(output)
                for name, output in zip(_output_names(template), outputs)
            ]
            parallel = ParallelModel(inputs, outputs if len(outputs) > 1 else outputs[0])
    else:
        with strategy.scope(), tf.device(None):
            parallel = DeferredParallelModel(template)
    parallel._init_parallel(template, strategy, placement)
    return parallel


def _output_names(model):
    names, seen = [], {}
    for index, tensor in enumerate(model.outputs):
        operation = _internals.producing_operation(tensor)
        name = operation.name if operation is not None else f"output_{index}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name)
    # Repeated names (a siamese template) get suffixes _1, _2, ...
    counters = {}
    for i, name in enumerate(names):
        if seen[name] > 1:
            counters[name] = counters.get(name, 0) + 1
            names[i] = f"{name}_{counters[name]}"
    return names


def _input_name(tensor, index):
    name = getattr(tensor, "name", None) or f"input_{index}"
    return name.split(":")[0]
