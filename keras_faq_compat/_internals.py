"""The one owner of Keras and TensorFlow internals.

Every use in this package of ``keras.src``, ``tensorflow.python`` or a private
attribute (a name starting with ``_``) of a Keras or TensorFlow object is a
named function, constant or mixin of this module; the other modules use only
public Keras and TensorFlow APIs and these names (``tests/test_internals.py``
audits that). Each docstring names the Keras (and TensorFlow) versions the
internal it relies on was checked with, and ``tests/test_internals.py`` holds
a behaviour canary for each: what the function must do, not that a name
exists.

When a later Keras moves or renames one of these internals, the function
that needs it raises `KerasInternalsError`, naming the internal, the
installed Keras version and the compat function, instead of an
``AttributeError`` deep inside a legacy shim.

Checked with TensorFlow 2.16.2 / Keras 3.3.3 (the oldest supported pair) and
TensorFlow 2.21 / Keras 3.15.1, unless a docstring says otherwise.
"""

import importlib
import inspect
import re

from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf

__all__ = [
    "KerasInternalsError",
    "keras_home",
    "set_keras_home",
    "keras_variable_class",
    "scoped_custom_objects",
    "set_scoped_custom_objects",
    "json_default",
    "ask_to_proceed_with_overwrite",
    "legacy_config_scope",
    "safe_mode_scope",
    "model_from_legacy_config",
    "compile_args_from_training_config",
    "serialize_nested_config",
    "compile_config",
    "functional_class",
    "exported_symbol",
    "set_export_name",
    "model_strategy",
    "flatten_layers",
    "sequential_layers",
    "set_input_shape_argument",
    "batch_moments",
    "producing_operation",
    "QuietTrainableChangeMixin",
    "mark_default",
    "is_default",
    "OptimizerHooks",
    "learning_rate_variable",
    "variable_index",
    "optimized_variables",
    "optimizer_slots",
    "optimizer_scalars",
    "optimizer_strategy",
    "called_by_keras",
    "rebuild_optimizer",
    "epoch_iterator_dataset",
    "SymbolicBuildHook",
    "training_for_inner_layers",
    "node_init_patch_point",
    "current_device_scope",
    "initializers_get_patch_point",
    "tf1_random_seeds",
    "NodeOperationHook",
    "inbound_nodes",
    "tensor_history",
    "node_call_kwargs",
    "graph_nodes",
    "operations_by_depth",
    "keras_tensor_learning_phase_patch_point",
    "in_layer_call",
    "KERAS2_NODE_ATTRIBUTES",
    "keras2_node_attributes_patch_point",
    "keras_mask",
    "node_call_args",
]


class KerasInternalsError(RuntimeError):
    """An internal of Keras or TensorFlow that the compat layer relies on is gone."""


def _missing(what, user, cause=None):
    message = (
        f"keras_faq_compat.{user} relies on {what}, which Keras {_keras.__version__} "
        f"(TensorFlow {_tf.__version__}) does not have; this Keras release is not supported "
        "by this version of keras-faq-compat."
    )
    if cause is not None:
        message = f"{message} ({type(cause).__name__}: {cause})"
    return KerasInternalsError(message)


def _resolve(target, user):
    """The object at ``"package.module:Attr.attr"``, or `KerasInternalsError`.

    Args:
        target: the module path, a colon, and the attribute path inside it.
        user: the name of the function of this module that needs it (for
            the message).
    """
    module_name, _, attributes = target.partition(":")
    try:
        obj = importlib.import_module(module_name)
        for name in filter(None, attributes.split(".")):
            obj = getattr(obj, name)
    except (ImportError, AttributeError) as e:
        raise _missing(f"`{target}`", user, e) from None
    return obj


def _attribute(obj, name, user):
    """``getattr(obj, name)`` for a private attribute, or `KerasInternalsError`."""
    try:
        return getattr(obj, name)
    except AttributeError as e:
        raise _missing(f"`{type(obj).__name__}.{name}`", user, e) from None


def keras_home():
    """The folder Keras 3 caches downloads in: ``keras.utils.get_file``'s default.

    Keras 3 fixes it once, at its import, from ``$KERAS_HOME`` or ``~/.keras``
    (``/tmp/.keras`` when the home folder is not writable), in
    ``keras.src.backend.config._KERAS_DIR``. Checked with Keras 3.3.3 and 3.15.1.
    """
    config = _resolve("keras.src.backend.config:", "keras_home")
    return _attribute(config, "_KERAS_DIR", "keras_home")


def set_keras_home(path):
    """Point Keras 3's download cache (``datasets/``, ``models/``) at `path`.

    Keras 2 read ``$KERAS_HOME`` when the script first imported keras; Keras 3
    read it before the script's first line under the activation, so the
    activation moves it here. Checked with Keras 3.3.3 and 3.15.1.

    Args:
        path: the new folder (``$KERAS_HOME`` or ``~/.keras``).
    """
    config = _resolve("keras.src.backend.config:", "set_keras_home")
    _attribute(config, "_KERAS_DIR", "set_keras_home")
    config._KERAS_DIR = path


# ---------------------------------------------------------------------------
# Version matrix: what differs between Keras 3.3.3 (the oldest supported
# release, with TensorFlow 2.16.2) and later releases. Kept together so that
# raising the floor later is deleting this section's older branches.
# ---------------------------------------------------------------------------


def keras_version():
    """The installed Keras release as a tuple of ints, e.g. ``(3, 3, 3)``.

    A development suffix (``3.16.0.dev2026...``) is dropped. Public in every
    Keras 3 release (``keras.__version__``).
    """
    return tuple(int(n) for n in re.match(r"(\d+)\.(\d+)\.?(\d*)", _keras.__version__).groups() if n)


def keras_variable_class():
    """The class of which every Keras variable is an instance, on every backend.

    Keras 3.15: ``keras.Variable`` itself. In Keras 3.3 ``keras.Variable``
    is a subclass of the backend's variable class that only direct calls create
    (a layer's weights are not instances of it); the common base is
    ``keras.src.backend.common.variables.KerasVariable``. Checked with Keras
    3.3.3 and 3.15.1.
    """
    common = _resolve("keras.src.backend.common.variables:", "keras_variable_class")
    return getattr(common, "KerasVariable", _keras.Variable)


def variable_synchronization(variable):
    """A ``keras.Variable``'s TensorFlow synchronization mode: ``"auto"``, ``"on_read"``, ...

    Keras 3.10 and later: the public ``keras.Variable.synchronization``
    (metric state is ``"on_read"``). Keras 3.3 to 3.9 had no such setting and
    made every ``tf.Variable`` with TensorFlow's default, ``"auto"``, which is
    what is returned there. Checked with Keras 3.3.3 and 3.15.1.

    Args:
        variable: a ``keras.Variable``.
    """
    return getattr(variable, "synchronization", "auto")


def adopt_variable_storage(variable, storage):
    """Make the ``tf.Variable`` `storage` the value of the ``keras.Variable`` `variable`.

    The Keras object keeps its identity (layers, models and optimizer slots
    that hold it see the new storage), which is how ``multi_gpu_model``
    hands a template's weights to a ``MirroredStrategy``. Keras 3.10 and
    later: ``Variable._initialize(tf_variable)`` adopts a ``tf.Variable`` as
    it is. Keras 3.3 to 3.9: ``_initialize`` always made a new
    ``tf.Variable`` from the value (which would copy the mirrored variable
    onto one device), so the storage is set as ``Variable._value``, what the
    later ``_initialize`` does. Checked with Keras 3.3.3 and 3.15.1.

    Args:
        variable: a built ``keras.Variable`` (TensorFlow backend).
        storage: a ``tf.Variable`` (or distributed variable) of the same
            shape and dtype.
    """
    if keras_version() >= (3, 10):
        _attribute(variable, "_initialize", "adopt_variable_storage")(storage)
    else:
        _attribute(variable, "_value", "adopt_variable_storage")
        variable._value = storage
    if getattr(variable, "_value", None) is not storage:
        raise _missing("`Variable._initialize` adopting a tf.Variable", "adopt_variable_storage")


def trainer_compute_loss(compute_loss, x, y, y_pred, sample_weight, training):
    """Call Keras's ``Model.compute_loss`` with `training` where it takes one.

    Keras 3.4 and later: ``compute_loss(x, y, y_pred, sample_weight,
    training=...)``. Keras 3.3 had no `training` argument (the loss was the
    same in training and evaluation), so it is not passed there. Checked
    with Keras 3.3.3 and 3.15.1.

    Args:
        compute_loss: the bound method to call (e.g. ``super().compute_loss``).
        x, y, y_pred, sample_weight: as ``Model.compute_loss``.
        training: whether this is the training step's loss.
    """
    if keras_version() >= (3, 4):
        return compute_loss(x, y, y_pred, sample_weight, training=training)
    return compute_loss(x, y, y_pred, sample_weight)


def variable_aggregation(variable):
    """The ``tf.distribute`` aggregation of a ``keras.Variable``: ``"none"``, ``"mean"``, ...

    Keras 3.8 and later: the public ``keras.Variable.aggregation``, which
    Keras also gives its ``tf.Variable`` (``"none"`` unless a layer asks
    otherwise). Keras 3.3 to 3.7 reported ``"mean"`` by default but made
    every ``tf.Variable`` without an aggregation, so TensorFlow used
    ``"none"``: each replica updates its own copy, without a merge call
    (which TensorFlow refuses inside ``tf.cond``, where a BatchNormalization
    layer of ``multi_gpu_model`` updates its moving statistics); that is
    what is returned there. Checked with Keras 3.3.3 and 3.15.1.

    Args:
        variable: a ``keras.Variable``.
    """
    if keras_version() < (3, 8):
        return "none"
    return variable.aggregation


def reduce_gradients_across_replicas(optimizer):
    """Make `optimizer` sum its gradients over the replicas before updating mirrored weights.

    Keras 3.5 and later do this already. Keras 3.3 and 3.4 summed the
    gradients only where ``tf.distribute`` updates variables without a
    merge call (collective ops on GPUs): with a ``MirroredStrategy`` that
    reduces on one device (the stand-in for GPUs on CPUs) each replica
    applied its own gradient to its own copy, and the copies drifted apart.
    There the optimizer's ``_backend_update_step`` is replaced on this
    instance by the Keras 3.5 order: sum in the replica context, then
    update each variable through the strategy. Checked with Keras 3.3.3
    and 3.15.1 (where this does nothing).

    Args:
        optimizer: a built or unbuilt Keras optimizer (TensorFlow backend).

    Returns:
        `optimizer`.
    """
    if keras_version() >= (3, 5):
        return optimizer
    all_reduce = _attribute(optimizer, "_all_reduce_sum_gradients", "reduce_gradients_across_replicas")
    strategy = _attribute(optimizer, "_distribution_strategy", "reduce_gradients_across_replicas")
    merge_call = _resolve("tensorflow:__internal__.distribute.interim.maybe_merge_call", "reduce_gradients_across_replicas")

    def update_variables(distribution, grads_and_vars, learning_rate):
        for grad, var in grads_and_vars:
            distribution.extended.update(
                var, lambda v, g, lr: optimizer.update_step(g, v, lr), args=(grad, learning_rate), group=False
            )

    def backend_update_step(grads, trainable_variables, learning_rate):
        # Keras 3.3's public `keras.Variable` is not the class of its variables.
        variables = [v if isinstance(v, _tf.Variable) else v.value for v in trainable_variables]
        merge_call(update_variables, strategy, all_reduce(list(zip(grads, variables))), learning_rate)

    object.__setattr__(optimizer, "_backend_update_step", backend_update_step)
    return optimizer


def loss_scaled_for_replicas():
    """Whether Keras divides each replica's loss by the number of replicas under ``tf.distribute``.

    Keras 3.8 and later do (``keras.src.losses.loss.scale_loss_for_distribution``)
    and sum the replicas' gradients, which gives the gradient of the mean
    loss; Keras 3.3 to 3.7 did not. Checked with Keras 3.3.3 and 3.15.1.
    """
    return keras_version() >= (3, 8)


# --- end of the version-matrix section ---


# --------------------------------------------------------------------------
# Saving: Keras 3's own reader and writer of Keras 2 style (legacy) configs.


def json_default(obj):
    """``json.dumps``'s `default` for the values Keras configs hold.

    NumPy scalars and arrays, ``tf.TensorShape``, dtypes, ``__name__``-d
    callables: what Keras 3's legacy HDF5 writer accepts
    (``keras.src.legacy.saving.json_utils.get_json_type``). Keras 3.3-3.16.

    Args:
        obj: the value ``json`` cannot encode itself.
    """
    return _resolve("keras.src.legacy.saving.json_utils:get_json_type", "json_default")(obj)


def ask_to_proceed_with_overwrite(path):
    """Ask on the terminal whether to overwrite `path`, as Keras 2 did; True to go on.

    ``keras.src.utils.io_utils.ask_to_proceed_with_overwrite``. Keras 3.3-3.16.

    Args:
        path: the file that exists.
    """
    ask = _resolve("keras.src.utils.io_utils:ask_to_proceed_with_overwrite", "ask_to_proceed_with_overwrite")
    return bool(ask(path))


def legacy_config_scope():
    """Context manager: ``get_config`` and serialisation write Keras 2 style configs.

    ``keras.src.legacy.saving.saving_options.keras_option_scope(use_legacy_config=True)``:
    ``{"class_name", "config"}`` without Keras 3's ``module`` and
    ``registered_name`` keys, as Keras 3's legacy HDF5 writer does.
    Keras 3.3-3.16.
    """
    scope = _resolve("keras.src.legacy.saving.saving_options:keras_option_scope", "legacy_config_scope")
    return scope(use_legacy_config=True)


def safe_mode_scope(safe_mode):
    """Context manager: Keras 3 deserialisation refuses lambdas unless `safe_mode` is False.

    ``keras.src.saving.serialization_lib.SafeModeScope``. Keras 3.3-3.16.

    Args:
        safe_mode: True to refuse lambdas (Keras 3's default), False to allow them.
    """
    return _resolve("keras.src.saving.serialization_lib:SafeModeScope", "safe_mode_scope")(safe_mode)


def model_from_legacy_config(config, custom_objects=None):
    """A model built from a Keras 2 style ``{"class_name", "config"}``, by Keras 3's legacy loader.

    ``keras.src.legacy.saving.saving_utils.model_from_config``. Keras 3.3-3.16.

    Args:
        config: the model config.
        custom_objects: name -> class or function; default None.
    """
    build = _resolve("keras.src.legacy.saving.saving_utils:model_from_config", "model_from_legacy_config")
    return build(config, custom_objects=custom_objects)


def compile_args_from_training_config(training_config, custom_objects=None):
    """``model.compile`` keyword arguments from a Keras 2 style ``training_config``.

    ``keras.src.legacy.saving.saving_utils.compile_args_from_training_config``.
    Keras 3.3-3.16.

    Args:
        training_config: the decoded ``training_config`` of an HDF5 file.
        custom_objects: name -> class or function; default None.
    """
    user = "compile_args_from_training_config"
    make = _resolve("keras.src.legacy.saving.saving_utils:compile_args_from_training_config", user)
    return make(training_config, custom_objects)


def serialize_nested_config(config):
    """A compile config with each loss and metric serialised as Keras 3's HDF5 writer does.

    ``keras.src.legacy.saving.saving_utils._serialize_nested_config``; use it
    inside `legacy_config_scope` for Keras 2 style entries. Keras 3.3-3.16.

    Args:
        config: a dict of compile arguments (see `compile_config`).
    """
    return _resolve("keras.src.legacy.saving.saving_utils:_serialize_nested_config", "serialize_nested_config")(config)


def compile_config(model):
    """The arguments `model` was last compiled with, as a new dict; None when not compiled.

    Keras 3's trainer keeps them in ``model._compile_config`` (a
    ``SerializableDict``); the public ``get_compile_config()`` returns them
    serialised the Keras 3 way, not as the objects given. Keras 3.3-3.16.

    Args:
        model: a Keras model.
    """
    if not getattr(model, "compiled", False):
        return None
    return dict(_attribute(_attribute(model, "_compile_config", "compile_config"), "config", "compile_config"))


# --------------------------------------------------------------------------
# Model classes and their export names.


def functional_class():
    """Keras 3's functional model class (``keras.Model(inputs, outputs)`` makes one).

    ``keras.src.models.functional.Functional``, which Keras does not export.
    Keras 3.3-3.16.
    """
    return _resolve("keras.src.models.functional:Functional", "functional_class")


def legacy_dataframe_iterator_class():
    """Keras 3's port of Keras-Preprocessing's ``DataFrameIterator`` (what ``flow_from_dataframe`` returns).

    ``keras.src.legacy.preprocessing.image.DataFrameIterator``, which Keras does
    not export (``tf.keras.preprocessing.image`` lists the other iterators).
    Keras 3.3-3.16.
    """
    return _resolve("keras.src.legacy.preprocessing.image:DataFrameIterator", "legacy_dataframe_iterator_class")


def exported_symbol(export_name):
    """The object Keras exports as `export_name` (e.g. ``"keras.Model"``), or None.

    ``keras.src.api_export.get_symbol_from_name``. Keras 3.3-3.16.

    Args:
        export_name: the public dotted name.
    """
    return _resolve("keras.src.api_export:get_symbol_from_name", "exported_symbol")(export_name)


def set_export_name(cls, export_name):
    """Make Keras serialise `cls` as the exported `export_name`; return the previous name.

    Keras's serialiser names an object's class from its table of exported
    symbols (``keras.src.api_export.REGISTERED_OBJS_TO_NAMES``, object ->
    name); loading still resolves the name to Keras's own class.
    Keras 3.3-3.16.

    Args:
        cls: the class.
        export_name: e.g. ``"keras.Model"``; None removes `cls` from the table.

    Returns:
        The name `cls` had in the table before, or None: pass it back to undo.
    """
    table = _resolve("keras.src.api_export:REGISTERED_OBJS_TO_NAMES", "set_export_name")
    previous = table.get(cls)
    if export_name is None:
        table.pop(cls, None)
    else:
        table[cls] = export_name
    return previous


# --------------------------------------------------------------------------
# Models and layers.


def model_strategy(model):
    """The ``tf.distribute`` strategy `model` was made under, or None (the default one).

    Keras 3's TensorFlow trainer records it at construction in
    ``model._distribute_strategy`` and runs ``fit``/``evaluate``/``predict``
    through it. Keras 3.3-3.16 (TensorFlow backend).

    Args:
        model: a Keras model (anything else gives None).
    """
    if not isinstance(model, _keras.Model):
        return None
    try:
        return model._distribute_strategy
    except AttributeError as e:
        raise _missing("`Model._distribute_strategy`", "model_strategy", e) from None


def flatten_layers(layer, include_self=True):
    """`layer` (unless `include_self` is False) and every layer nested in it, depth first, each once.

    ``Layer._flatten_layers``. Keras 3.3-3.16.

    Args:
        layer: a layer or model.
        include_self: yield `layer` itself first; default True.
    """
    flatten = _attribute(layer, "_flatten_layers", "flatten_layers")
    return list(flatten(include_self=include_self, recursive=True))


def sequential_layers(model):
    """All layers of a ``Sequential``, its ``InputLayer`` first when it has one.

    ``Sequential._layers`` (the public ``layers`` leaves the input layer out).
    Keras 3.3-3.16.

    Args:
        model: a ``keras.Sequential``.
    """
    return list(_attribute(model, "_layers", "sequential_layers"))


def set_input_shape_argument(layer, shape):
    """Record a layer's constructor ``input_shape``, which ``Sequential.add`` turns into its input.

    Keras 3 keeps it as ``layer._input_shape_arg``; ``keras.Sequential``
    reads it when the layer is added first. Keras 3.3-3.16.

    Args:
        layer: the layer (not yet added).
        shape: the shape without the batch dimension.
    """
    object.__setattr__(layer, "_input_shape_arg", tuple(shape))


def batch_moments(layer, inputs, mask=None):
    """``(mean, variance)`` of `inputs` over the batch, as `layer` (a BatchNormalization) computes them in training.

    ``BatchNormalization._moments`` (which honours `mask` and the layer's
    ``synchronized`` option). Keras 3.3-3.16.

    Args:
        layer: a ``keras.layers.BatchNormalization``.
        inputs: the inputs, cast to the compute dtype.
        mask: the inputs' mask; default None.
    """
    return _attribute(layer, "_moments", "batch_moments")(inputs, mask)


def producing_operation(tensor):
    """The layer (operation) whose call made the symbolic `tensor` (``InputLayer`` for an input), or None.

    ``KerasTensor._keras_history.operation``. Keras 3.3-3.16.

    Args:
        tensor: a ``keras.KerasTensor`` of a functional model; anything
            else gives None.
    """
    history = getattr(tensor, "_keras_history", None)
    return None if history is None else history.operation


class QuietTrainableChangeMixin:
    """Mixin for a Keras model: no "trainable changed, compile again" warning at ``fit``.

    Keras warns from ``Trainer._warn_if_trainable_state_changed`` when
    ``trainable`` changed after ``compile``; a model that keeps Keras 2's
    compile-time snapshot of the trainable weights needs no recompilation.
    List it before the Keras class. Keras 3.15-3.16; Keras 3.3 has no such
    warning (the mixin then does nothing).
    """

    def _warn_if_trainable_state_changed(self):
        pass


# --------------------------------------------------------------------------
# Callbacks.


def mark_default(method):
    """Decorate a `keras.callbacks.Callback` hook as not overridden.

    Keras dispatches batch ends asynchronously for callbacks that override
    no batch hook, and recognises the base class's hooks by this mark
    (``keras.src.utils.python_utils.default``; Keras 3.15-3.16). Keras 3.3
    has the mark but reads it only on layer methods (``build``,
    ``compute_mask``), so there it changes nothing for callbacks.

    Args:
        method: the hook function.
    """
    return _resolve("keras.src.utils.python_utils:default", "mark_default")(method)


def is_default(method):
    """Whether a callback hook still is the one marked by `mark_default` (not overridden).

    ``keras.src.utils.python_utils.is_default``. Keras 3.3-3.16.

    Args:
        method: a bound or plain hook.
    """
    return bool(_resolve("keras.src.utils.python_utils:is_default", "is_default")(method))


# --------------------------------------------------------------------------
# Optimizers.


class OptimizerHooks:
    """Mixin for a ``keras.optimizers.Optimizer`` subclass: two steps of Keras's update, overridable.

    * ``_legacy_clip_gradients(grads)`` receives the gradients after Keras's
      own clipping (``Optimizer._clip_gradients``: ``clipnorm``,
      ``global_clipnorm`` or ``clipvalue``) and returns the ones to apply;
    * ``_legacy_learning_rate(learning_rate)`` receives the learning rate of
      the current step (``Optimizer._get_current_learning_rate``, where
      Keras applies a schedule) and returns the one to use.

    Both default to no change. List the mixin before the Keras optimizer
    class. Keras 3.3-3.16.
    """

    def _clip_gradients(self, grads):
        return self._legacy_clip_gradients(super()._clip_gradients(grads))

    def _legacy_clip_gradients(self, grads):
        return grads

    def _get_current_learning_rate(self):
        return self._legacy_learning_rate(super()._get_current_learning_rate())

    def _legacy_learning_rate(self, learning_rate):
        return learning_rate


def learning_rate_variable(optimizer):
    """The optimizer's base learning rate: the variable ``K.set_value`` changes, or its schedule.

    ``optimizer._learning_rate`` (the public ``learning_rate`` is the value of
    the current step). Keras 3.3-3.16.

    Args:
        optimizer: a ``keras.optimizers.Optimizer``.
    """
    return _attribute(optimizer, "_learning_rate", "learning_rate_variable")


def variable_index(optimizer, variable):
    """The position of model `variable` in a built optimizer's per-variable slot lists.

    ``Optimizer._get_variable_index``. Keras 3.3-3.16.

    Args:
        optimizer: a built ``keras.optimizers.Optimizer``.
        variable: one of the variables it was built for.
    """
    return _attribute(optimizer, "_get_variable_index", "variable_index")(variable)


def optimized_variables(optimizer):
    """The model variables a built optimizer was built for, in the order of its slot lists.

    ``Optimizer._trainable_variables`` (what ``apply(grads)`` without
    variables updates). Keras 3.3-3.16.

    Args:
        optimizer: a built ``keras.optimizers.Optimizer``.
    """
    return list(_attribute(optimizer, "_trainable_variables", "optimized_variables"))


# Keras 3 optimizer class -> its per-variable slot lists, in the order Keras 2
# saved the same slots (SGD: moments; Adam: m, v, vhat; ...).
_OPTIMIZER_SLOTS = {
    "SGD": ("momentums",),
    "RMSprop": ("_velocities",),
    "Adagrad": ("_accumulators",),
    "Adadelta": ("_accumulated_grads", "_accumulated_delta_vars"),
    "Adam": ("_momentums", "_velocities", "_velocity_hats"),
    "Adamax": ("_m", "_u"),
    "Nadam": ("_momentums", "_velocities"),
}


def _keras_optimizer_name(optimizer):
    for cls in type(optimizer).__mro__:
        if cls.__name__ in _OPTIMIZER_SLOTS and cls.__module__.startswith("keras."):
            return cls.__name__
    return None


def optimizer_slots(optimizer):
    """The per-variable state of a built optimizer, slot by slot, in Keras 2's order.

    One list per slot (Adam: first moments, second moments, AMSGrad maxima),
    each in the order of the optimizer's variables (see `variable_index`);
    an empty list for a slot the optimizer does not keep (SGD without
    momentum, Adam without ``amsgrad``). Keras 3.3-3.16 (SGD, RMSprop,
    Adagrad, Adadelta, Adam, Adamax, Nadam).

    Args:
        optimizer: a built ``keras.optimizers.Optimizer``.

    Returns:
        The list of slot lists, or None for another optimizer class.
    """
    name = _keras_optimizer_name(optimizer)
    if name is None:
        return None
    return [list(getattr(optimizer, attr, None) or []) for attr in _OPTIMIZER_SLOTS[name]]


def optimizer_scalars(optimizer):
    """The optimizer's scalar state Keras 2 saved, by a word of its Keras 2 name.

    ``"iterations"``: the step counter; ``"m_schedule"``: Nadam's product of
    momentum factors (``Nadam._u_product``). Keras 3.3-3.16.

    Args:
        optimizer: a built ``keras.optimizers.Optimizer``.
    """
    scalars = {"iterations": optimizer.iterations}
    if _keras_optimizer_name(optimizer) == "Nadam":
        scalars["m_schedule"] = _attribute(optimizer, "_u_product", "optimizer_scalars")
    return scalars


def optimizer_strategy(optimizer):
    """The ``tf.distribute`` strategy a Keras optimizer was made under; its variables must belong to it.

    Keras's TensorFlow optimizer records it in ``_distribution_strategy``.
    Keras 3.3-3.16 (TensorFlow backend).

    Args:
        optimizer: a ``keras.optimizers.Optimizer``.
    """
    return _attribute(optimizer, "_distribution_strategy", "optimizer_strategy")


def rebuild_optimizer(optimizer, variables):
    """Build a built optimizer again for other model `variables`: new slots, same step count and rate.

    Replaces the optimizer's tracked variables (``Optimizer._variables``,
    the store of its ``_tracker``, set under ``keras.src.utils.tracking.DotNotTrackScope``)
    by its step counter (``iterations``) and
    learning rate variable (``_learning_rate``), forgets the variable
    positions (``_trainable_variables_indices``) and calls ``build(variables)``. The
    old slot variables live on in training functions already traced with
    them. Keras 3.3-3.16.

    Args:
        optimizer: a built ``keras.optimizers.Optimizer``.
        variables: the model variables to build it for.
    """
    user = "rebuild_optimizer"
    # `iterations` is public (a property over `_iterations` in later releases, an attribute in Keras 3.3).
    kept = {id(optimizer.iterations), id(_attribute(optimizer, "_learning_rate", user))}
    tracker = _attribute(optimizer, "_tracker", user)
    is_variable, _ = tracker.config["variables"]
    # A new list, not one emptied in place: TensorFlow's list wrapper would
    # mark the optimizer as not checkpointable after a deletion (and compare
    # variables, which fails while tracing).
    fresh = [v for v in _attribute(optimizer, "_variables", user) if id(v) in kept]
    with _resolve("keras.src.utils.tracking:DotNotTrackScope", user)():
        optimizer._variables = fresh
    store = _attribute(optimizer, "_variables", user)
    tracker.config["variables"] = (is_variable, store)
    tracker.stored_ids["variables"] = {id(v) for v in store}
    _attribute(optimizer, "_trainable_variables_indices", user).clear()
    optimizer.built = False
    optimizer.build(list(variables))


def called_by_keras(method_name):
    """Whether Keras itself (a ``keras.src`` module) called the running method `method_name`.

    Walks the Python stack from the caller of this function past the frames
    of `method_name` (a subclass's override calling ``super()``) and checks
    the module of the first other frame: ``keras.src.saving.serialization_lib``
    when ``keras.saving.serialize_keras_object`` / ``.keras`` saving asks an
    object for its ``get_config()``, ``keras.src.legacy.saving`` for Keras's
    HDF5 writer. Keras 3.3-3.16.

    Args:
        method_name: the name of the method asking (``"get_config"``).
    """
    frame = inspect.currentframe().f_back
    while frame is not None and frame.f_code.co_name == method_name:
        frame = frame.f_back
    if frame is None:
        return False
    module = frame.f_globals.get("__name__", "")
    return module == "keras.src" or module.startswith("keras.src.")


# --------------------------------------------------------------------------
# Variables and distribution.


def epoch_iterator_dataset(iterator):
    """The distributed dataset behind the epoch iterator Keras's TensorFlow trainer builds, or None.

    ``TFEpochIterator._distributed_dataset``; None for another iterator.
    Keras 3.3-3.16 (TensorFlow backend).

    Args:
        iterator: what Keras passes to ``_maybe_symbolic_build``.
    """
    return getattr(iterator, "_distributed_dataset", None)


class SymbolicBuildHook:
    """Mixin for a Keras model: how ``fit``/``evaluate`` build it before the first step, overridable.

    Keras's TensorFlow trainer builds a model that is not built yet from one
    batch (``Trainer._maybe_symbolic_build(iterator=None, data_batch=None)``;
    under a distribution strategy it reads that batch from `iterator`).
    Override ``_compat_symbolic_build(iterator=None, data_batch=None)`` and
    call ``super()._compat_symbolic_build(...)`` to reach Keras's. List the
    mixin before the Keras class. Keras 3.15-3.16; Keras 3.3 builds models
    another way and never calls it.
    """

    def _maybe_symbolic_build(self, iterator=None, data_batch=None):
        return self._compat_symbolic_build(iterator=iterator, data_batch=data_batch)

    def _compat_symbolic_build(self, iterator=None, data_batch=None):
        return super()._maybe_symbolic_build(iterator=iterator, data_batch=data_batch)


class _TrainingForInnerLayers:
    def __init__(self, training):
        self.training = training
        self.context = None

    def __enter__(self):
        get = _resolve("keras.src.backend.common.global_state:get_global_attribute", "training_for_inner_layers")
        self.context = get("current_call_ctx", None)
        if self.context is not None:
            self.previous = getattr(self.context, "training", None)
            self.context.training = self.training
        return self

    def __exit__(self, *exc):
        if self.context is not None:
            self.context.training = self.previous
        return False


def training_for_inner_layers(training):
    """Context manager: layers called inside it (nested models too) run with `training`.

    For a model's own ``call``: Keras 3.15 and earlier pass ``Functional.call``'s
    `training` to every layer; Keras 3.16 takes it from the call context of
    the outermost ``Layer.__call__`` instead (``current_call_ctx`` of
    ``keras.src.backend.common.global_state``), which this sets for the
    block. Outside a layer call it does nothing. Keras 3.3-3.16.

    Args:
        training: True, False, or None (inherit).
    """
    return _TrainingForInnerLayers(training)


def node_init_patch_point():
    """``(owner, attribute)``: the constructor of Keras's graph node, run at each layer call on symbolic tensors.

    ``keras.src.ops.node.Node.__init__`` (the activation wraps it to record
    device scopes). Keras 3.3-3.16.
    """
    return _resolve("keras.src.ops.node:Node", "node_init_patch_point"), "__init__"


def initializers_get_patch_point():
    """``(owner, attribute)``: the function every Keras layer resolves its initializer arguments with.

    ``keras.src.initializers.get`` (called as ``initializers.get(...)`` by the
    layers' constructors); the activation puts Keras 2's initializers there.
    Keras 3.3-3.16.
    """
    return _resolve("keras.src.initializers:", "initializers_get_patch_point"), "get"


def tf1_random_seeds(op_seed):
    """``(seed, seed2)``: the two seeds TensorFlow gives a random op whose op-level seed is `op_seed`.

    TF1 and TF2 share the rule (``tensorflow.python.framework.random_seed.get_seed``):
    the global seed of ``tf.random.set_seed`` (TF1: the graph's seed) or a
    fixed default, and `op_seed`. TensorFlow 2.16-2.21.

    Args:
        op_seed: an int.
    """
    get_seed = _resolve("tensorflow.python.framework.random_seed:get_seed", "tf1_random_seeds")
    return get_seed(op_seed)


def current_device_scope():
    """The device of the innermost ``tf.device`` scope in effect (eager code), or ``""``.

    TensorFlow has no public reader of it; the eager context keeps it
    (``tensorflow.python.eager.context.context().device_name``).
    TensorFlow 2.16-2.21.
    """
    if not _tf.executing_eagerly():
        return ""
    context = _resolve("tensorflow.python.eager.context:context", "current_device_scope")
    return context().device_name or ""


class NodeOperationHook:
    """Mixin for a Keras functional model: wrap the operation run for each graph node.

    Override ``_wrap_node_operation(operation, node)`` to return what runs
    instead of `operation` (a callable that behaves like it); the default is
    `operation` itself. Keras's ``Function._get_operation_for_node``.
    List the mixin before the Keras class. Keras 3.15-3.16; Keras 3.3 runs
    ``node.operation`` directly and never calls it.
    """

    def _get_operation_for_node(self, node):
        return self._wrap_node_operation(super()._get_operation_for_node(node), node)

    def _wrap_node_operation(self, operation, node):
        return operation


def scoped_custom_objects():
    """The ``{name: object}`` of the custom-object scopes entered now (Keras 3's scope dict).

    Keras 3 keeps the objects of the innermost ``keras.saving.CustomObjectScope`` in the global
    attribute ``custom_objects_scope_dict`` of ``keras.src.backend.common.global_state``.
    Checked with Keras 3.3.3 and 3.15.1.
    """
    state = _resolve("keras.src.backend.common.global_state:", "scoped_custom_objects")
    return state.get_global_attribute("custom_objects_scope_dict", {})


def set_scoped_custom_objects(objects):
    """Make `objects` the custom objects in scope (what entering a Keras 3 scope does).

    Args:
        objects: ``{name: class or function}``; a copy is kept.
    """
    state = _resolve("keras.src.backend.common.global_state:", "set_scoped_custom_objects")
    state.set_global_attribute("custom_objects_scope_dict", dict(objects))


def keras_tensor_shape_patch_point():
    """``(owner, attribute)``: where Keras 2's ``tensor._keras_shape`` goes on Keras 3's symbolic tensors.

    ``keras.KerasTensor._keras_shape``: a name Keras 3 does not define (the activation adds it and
    `uninstall()` removes it). Keras 3.3-3.16.
    """
    owner = _keras.KerasTensor
    if "_keras_shape" in vars(owner):
        raise RuntimeError(f"Keras {_keras.__version__} defines KerasTensor._keras_shape itself; review the patch.")
    return owner, "_keras_shape"


# --------------------------------------------------------------------------
# Keras 2 layer, node and model attributes (keras_faq_compat.layers.keras2_layer).


def inbound_nodes(operation):
    """The graph nodes of `operation`'s calls on symbolic tensors, oldest first (a new list).

    ``Operation._inbound_nodes``. Keras 3.3-3.16.

    Args:
        operation: a layer or model.
    """
    return list(_attribute(operation, "_inbound_nodes", "inbound_nodes"))


def tensor_history(tensor):
    """``(operation, node_index, tensor_index)`` of a symbolic tensor, or None for anything else.

    ``KerasTensor._keras_history`` (`operation` is None for a bare ``KerasTensor``). Keras 3.3-3.16.

    Args:
        tensor: any object.
    """
    return getattr(tensor, "_keras_history", None)


def node_call_kwargs(node):
    """The keyword arguments of the layer call that made graph `node` (``{"training": True}``, ...).

    ``Node.arguments.kwargs``. Keras 3.3-3.16.

    Args:
        node: a node of ``inbound_nodes(layer)``.
    """
    return dict(_attribute(_attribute(node, "arguments", "node_call_kwargs"), "kwargs", "node_call_kwargs"))


def _graph_of(model):
    # A Sequential keeps its graph in a Functional it builds (None before it has an input).
    functional = getattr(model, "_functional", model) if isinstance(model, _keras.Sequential) else model
    return functional


def graph_nodes(model):
    """The graph nodes of a functional model's own graph (a list), empty when it has none.

    ``Function._nodes`` (of ``Sequential._functional`` for a Sequential) holds their keys,
    ``make_node_key(operation, node_index)`` of ``keras.src.ops.function``; the nodes are found
    through ``Function._operations``. Keras 3.3-3.16.

    Args:
        model: a functional or Sequential model.
    """
    functional = _graph_of(model)
    keys = getattr(functional, "_nodes", None)
    if not keys:
        return []
    make_key = _resolve("keras.src.ops.function:make_node_key", "graph_nodes")
    return [
        node
        for operation in _attribute(functional, "_operations", "graph_nodes")
        for index, node in enumerate(_attribute(operation, "_inbound_nodes", "graph_nodes"))
        if make_key(operation, index) in keys
    ]


def operations_by_depth(model):
    """``{depth: [layer, ...]}`` of a functional model's graph (0: the output layers), ``{}`` when it has none.

    ``Function._operations_by_depth``. Keras 3.3-3.16.

    Args:
        model: a functional or Sequential model.
    """
    functional = _graph_of(model)
    return dict(getattr(functional, "_operations_by_depth", None) or {})


def keras_tensor_learning_phase_patch_point():
    """``(owner, attribute)``: where Keras 2's ``tensor._uses_learning_phase`` goes on Keras 3's symbolic tensors.

    ``keras.KerasTensor._uses_learning_phase``: a name Keras 3 does not define. Keras 3.3-3.16.
    """
    owner = _keras.KerasTensor
    if "_uses_learning_phase" in vars(owner):
        raise RuntimeError(f"Keras {_keras.__version__} defines KerasTensor._uses_learning_phase; review the patch.")
    return owner, "_uses_learning_phase"


def in_layer_call():
    """Whether code runs inside a layer's ``__call__`` (its ``build`` or ``call``).

    Keras keeps the call context of the outermost ``Layer.__call__`` in the global attribute
    ``current_call_ctx`` of ``keras.src.backend.common.global_state`` (None outside). Keras 3.3-3.16.
    """
    get = _resolve("keras.src.backend.common.global_state:get_global_attribute", "in_layer_call")
    return get("current_call_ctx", None) is not None


#: Keras 2's attributes of a graph node, which Keras 3's ``Node`` does not define.
KERAS2_NODE_ATTRIBUTES = (
    "outbound_layer", "inbound_layers", "node_indices", "tensor_indices",
    "input_shapes", "output_shapes", "input_masks", "output_masks", "get_config",
)


def keras2_node_attributes_patch_point():
    """``(owner, names)``: Keras's graph node class and the Keras 2 node attributes the activation adds to it.

    ``keras.src.ops.node.Node`` with the names of `KERAS2_NODE_ATTRIBUTES`. Keras 3.3-3.16.
    """
    owner = _resolve("keras.src.ops.node:Node", "keras2_node_attributes_patch_point")
    defined = [name for name in KERAS2_NODE_ATTRIBUTES if hasattr(owner, name)]
    if defined:
        raise RuntimeError(f"Keras {_keras.__version__} defines Node.{defined[0]} itself; review the patch.")
    return owner, KERAS2_NODE_ATTRIBUTES


def keras_mask(tensor):
    """The Keras mask carried by `tensor` (a symbolic or eager tensor), or None.

    ``keras.src.backend.common.masking.get_keras_mask`` where Keras has it
    (later than 3.3, up to 3.16); Keras 3.3 kept the mask in the tensor's
    ``_keras_mask`` attribute, which that function reads on TensorFlow.
    Checked with Keras 3.3.3 and 3.15.1.

    Args:
        tensor: a tensor.
    """
    try:
        masking = importlib.import_module("keras.src.backend.common.masking")
    except ImportError:
        return getattr(tensor, "_keras_mask", None)
    return _attribute(masking, "get_keras_mask", "keras_mask")(tensor)


def node_call_args(node):
    """The positional arguments of the layer call that made graph `node` (a tuple).

    ``Node.arguments.args``. Keras 3.3-3.16.

    Args:
        node: a node of ``inbound_nodes(layer)``.
    """
    return tuple(_attribute(_attribute(node, "arguments", "node_call_args"), "args", "node_call_args"))
