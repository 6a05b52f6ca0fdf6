"""Keras 2's attributes of layers, models and symbolic tensors (``keras.engine.base_layer``, ``network``).

Legacy API, on every Keras 2 layer class of this package: ``layer.input_shape`` and
``layer.output_shape`` (read from the layer's calls on symbolic tensors),
``get_input_shape_at(i)`` / ``get_output_shape_at(i)``, ``layer.updates`` and
``get_updates_for(inputs)`` (the state updates of a call: two for each call of a
``BatchNormalization``, none while the layer is not trainable), ``add_update(updates,
inputs=None)``, ``add_loss(losses, inputs=None)`` and ``get_losses_for(inputs)``, and
``compute_mask(inputs, mask=None)``; on models (`Keras2NetworkAttributes`) ``model.updates``,
``get_updates_for``, ``uses_learning_phase``, ``model._layers_by_depth``, ``_input_layers``,
``_output_layers`` and
``_make_train_function()`` / ``_make_predict_function()``; installed by the activation,
``x._uses_learning_phase`` on symbolic tensors and the graph node attributes ``node.outbound_layer``,
``inbound_layers``, ``node_indices``, ``tensor_indices``, ``input_shapes``, ``output_shapes``,
``input_masks``, ``output_masks`` and ``get_config()``.

Keras 3 replacement: ``layer.output.shape``; Keras 3 applies state updates itself inside ``call``
when training (there are no update ops); ``add_loss`` inside ``call``; ``training=`` arguments
instead of the learning phase; ``model.make_train_function()``.

Differences that remain:

* an update is a `StateUpdate` ``(variable, inputs)``: the variable the call on `inputs` updates
  when it trains, not an op to run (Keras 3 runs it itself; ``K.function(updates=...)`` does not
  take it); updates given to ``add_update`` are kept as given;
* a loss given to ``add_loss`` outside a layer call (a number or an eager tensor) is kept with the
  layer and listed in its ``losses`` and ``get_losses_for``, but a model's training loss does not
  include it (Keras 2 added it); losses that a call makes on symbolic tensors (activity
  regularizers) show in ``losses`` only while the model runs, as in Keras 3;
* ``_uses_learning_phase`` is worked out from the graph: a call uses the learning phase when its
  layer takes a ``training`` argument, it was not given one, and the layer depends on it (a dropout
  rate in (0, 1), an RNN with dropout, ``BatchNormalization``, noise layers, a model that does).
"""

import collections
import inspect

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras

__all__ = [
    "StateUpdate",
    "Keras2LayerAttributes",
    "Keras2NetworkAttributes",
    "keras_tensor_uses_learning_phase",
    "tensor_uses_learning_phase",
    "inputs_key",
    "is_symbolic",
    "updated_variables",
    "layer_uses_learning_phase",
    "KERAS2_NODE_ATTRIBUTES",
]

#: One Keras 2 state update: `variable` changes when the layer's call on `inputs` trains.
StateUpdate = collections.namedtuple("StateUpdate", ["variable", "inputs"])


def _to_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def inputs_key(inputs):
    """Keras 2's key of a call's inputs (``object_list_uid``): None for no inputs (unconditional).

    Args:
        inputs: a tensor, a list of tensors, or None.
    """
    if inputs is None or (isinstance(inputs, list) and not inputs):
        return None
    return ", ".join(str(abs(id(x))) for x in _to_list(inputs))


def is_symbolic(inputs):
    """Whether `inputs` holds a symbolic tensor (``keras.KerasTensor``).

    Args:
        inputs: a tensor or a nested structure of them.
    """
    return any(isinstance(x, _keras.KerasTensor) for x in _keras.tree.flatten(inputs))


def updated_variables(layer):
    """The variables Keras 2's call of `layer` updated with ``add_update`` when training (a list).

    Args:
        layer: a layer.
    """
    if isinstance(layer, _keras.layers.BatchNormalization):
        return [layer.moving_mean, layer.moving_variance]
    return []


def _kept(layer, kind):
    """``{inputs key: [values]}`` of the updates or losses kept with `layer` (read only)."""
    return vars(layer).get(f"_keras2_{kind}_by_inputs", {})


def _keep(layer, kind, values, inputs):
    if values is None or (isinstance(values, list) and not values):
        return
    name = f"_keras2_{kind}_by_inputs"
    if name not in vars(layer):
        # Plain data, kept out of Keras's attribute tracking.
        object.__setattr__(layer, name, {})
    vars(layer)[name].setdefault(inputs_key(inputs), []).extend(_to_list(values))


def _updates_enabled(layer):
    return bool(layer.trainable or getattr(layer, "stateful", False))


def _with_sublayers(layer):
    return [layer] + [sub for sub in _internals.flatten_layers(layer, include_self=False)]


def _layer_updates(layer, key=...):
    """The updates kept with `layer` and its sublayers (all, or those of inputs `key`)."""
    found = []
    for each in _with_sublayers(layer):
        if not _updates_enabled(each):
            continue
        table = _kept(each, "updates")
        found += [u for k, values in table.items() if key is ... or k == key for u in values]
    return found


def _layer_losses(layer, key=...):
    found = []
    for each in _with_sublayers(layer):
        table = _kept(each, "losses")
        found += [x for k, values in table.items() if key is ... or k == key for x in values]
    return found


def _default_mask(layer, inputs, mask):
    # Keras 2's ``Layer.compute_mask``: a layer that does not support masking refuses a mask.
    if not layer.supports_masking:
        if mask is not None and (not isinstance(mask, list) or any(m is not None for m in mask)):
            raise TypeError(f"Layer {layer.name} does not support masking, but was passed an input_mask: {mask}")
        return None
    return mask


def _compute_mask(self, inputs, mask=None, **kwargs):
    """Keras 2's ``compute_mask(inputs, mask=None)`` (Keras 3 names the mask ``previous_mask``)."""
    mask = kwargs.pop("previous_mask", mask)
    if kwargs:
        raise TypeError(f"compute_mask() got unexpected keyword arguments {sorted(kwargs)}")
    return super(Keras2LayerAttributes, self).compute_mask(inputs, mask)


def _keras2_default_compute_mask(self, inputs, mask=None, **kwargs):
    mask = kwargs.pop("previous_mask", mask)
    if kwargs:
        raise TypeError(f"compute_mask() got unexpected keyword arguments {sorted(kwargs)}")
    return _default_mask(self, inputs, mask)


# Keras decides from this mark whether a layer supports masking: kept on the classes whose own
# ``compute_mask`` is Keras's default.
_keras2_default_compute_mask = _internals.mark_default(_keras2_default_compute_mask)


# Keyword arguments of a call whose tensors Keras 2 counted as inputs of the layer (RNNs, Bidirectional).
_INPUT_KEYWORDS = ("initial_state", "constants")


def _keras2_inputs(node):
    """What Keras 2 called the inputs of a call: its first argument, then the states and constants.

    Keras 3's node also lists the masks given by keyword; Keras 2 kept them apart.
    """
    args = _internals.node_call_args(node)
    if not args:
        return None
    kwargs = _internals.node_call_kwargs(node)
    extra = [x for key in _INPUT_KEYWORDS for x in _keras.tree.flatten(kwargs.get(key)) if is_symbolic(x)]
    if not extra:
        return args[0]
    return list(_keras.tree.flatten(args[0])) + extra


def _node_inputs(node):
    inputs = _keras2_inputs(node)
    if inputs is None:
        return list(node.input_tensors)
    return [x for x in _keras.tree.flatten(inputs) if isinstance(x, _keras.KerasTensor)]


def _node_shapes(node, which):
    tensors = _node_inputs(node) if which == "input" else node.output_tensors
    return [tuple(t.shape) for t in tensors]


def _single(values):
    return values[0] if len(values) == 1 else values


class Keras2LayerAttributes:
    """Keras 2's layer attributes on a Keras 3 layer class (listed before the Keras class).

    See the module docstring; each method follows Keras 2.2's ``Layer`` of the same name.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "compute_mask" in vars(cls):
            return
        mro = cls.__mro__
        below = mro[mro.index(Keras2LayerAttributes) + 1:]
        inherited = next((vars(k)["compute_mask"] for k in below if "compute_mask" in vars(k)), None)
        cls.compute_mask = _keras2_default_compute_mask if _internals.is_default(inherited) else _compute_mask

    def __call__(self, *args, **kwargs):
        outputs = super().__call__(*args, **kwargs)
        inputs = args[0] if args else kwargs.get("inputs")
        # Keras 2's BatchNormalization added its moving-average updates unless called with training=False.
        if kwargs.get("training") is not False and is_symbolic(inputs):
            variables = updated_variables(self)
            if variables:
                self.add_update([StateUpdate(v, inputs) for v in variables], inputs=inputs)
        return outputs

    def _keras2_shape(self, which):
        nodes = _internals.inbound_nodes(self)
        if not nodes:
            raise AttributeError(f"The layer has never been called and thus has no defined {which} shape.")
        shapes = {str(_node_shapes(node, which)) for node in nodes}
        if len(shapes) != 1:
            raise AttributeError(
                f'The layer "{self.name} has multiple inbound nodes, with different {which} shapes. Hence '
                f'the notion of "{which} shape" is ill-defined for the layer. '
                f"Use `get_{which}_shape_at(node_index)` instead."
            )
        return _single(_node_shapes(nodes[0], which))

    @property
    def input_shape(self):
        """The input shape tuple(s) of the layer's calls (AttributeError when they differ)."""
        return self._keras2_shape("input")

    @property
    def output_shape(self):
        """The output shape tuple(s) of the layer's calls (AttributeError when they differ)."""
        return self._keras2_shape("output")

    @property
    def input(self):
        """The input tensor(s) of the layer's first call, with its states and constants, without its masks."""
        nodes = _internals.inbound_nodes(self)
        inputs = _keras2_inputs(nodes[0]) if nodes else None
        return inputs if inputs is not None and is_symbolic(inputs) else super().input

    def _keras2_node(self, node_index, what):
        nodes = _internals.inbound_nodes(self)
        if not nodes:
            raise RuntimeError(f"The layer has never been called and thus has no defined {what}.")
        if not 0 <= node_index < len(nodes):
            raise ValueError(f"Asked to get {what} at node {node_index}, but the layer has only {len(nodes)} inbound nodes.")
        return nodes[node_index]

    def get_input_shape_at(self, node_index):
        """The input shape(s) of the layer's call number `node_index`.

        Args:
            node_index: index of the call (0: the first).
        """
        return _single(_node_shapes(self._keras2_node(node_index, "input shape"), "input"))

    def get_output_shape_at(self, node_index):
        """The output shape(s) of the layer's call number `node_index`.

        Args:
            node_index: index of the call (0: the first).
        """
        return _single(_node_shapes(self._keras2_node(node_index, "output shape"), "output"))

    def add_update(self, updates, inputs=None):
        """Keep `updates` with the layer, conditional on `inputs`.

        Args:
            updates: an update or a list of them.
            inputs: the input tensor(s) they depend on; default None (unconditional).
        """
        _keep(self, "updates", updates, inputs)

    @property
    def updates(self):
        """The Keras 2 state updates of the layer and its sublayers (none while not trainable)."""
        return _layer_updates(self)

    def get_updates_for(self, inputs):
        """The updates conditional on `inputs` (None: the unconditional ones).

        Args:
            inputs: input tensor(s) of a call, or None.
        """
        key = inputs_key(inputs)
        found = _layer_updates(self, key)
        # A Keras 2 wrapper: the inner layer's updates are those of the reshaped inputs.
        inner = vars(self).get("_input_map", {}).get(key)
        return found + (_layer_updates(self, inputs_key(inner)) if inner is not None else [])

    def add_loss(self, losses, inputs=None):
        """Add losses: inside ``call`` as Keras 3 does, otherwise kept with the layer (Keras 2).

        Args:
            losses: a loss or a list of them.
            inputs: the input tensor(s) they depend on; default None (unconditional).
        """
        if inputs is None and _internals.in_layer_call():
            return super().add_loss(losses)
        if any(isinstance(x, _keras.KerasTensor) for x in _to_list(losses)):
            # A symbolic loss has no value to keep: Keras 3's own error says what to do.
            return super().add_loss(losses)
        _keep(self, "losses", losses, inputs)

    @property
    def losses(self):
        """Keras 3's losses plus those kept by `add_loss` outside a call."""
        return super().losses + _layer_losses(self)

    def get_losses_for(self, inputs):
        """The losses conditional on `inputs` (None: the unconditional ones, with the weight regularizers').

        Args:
            inputs: input tensor(s) of a call, or None.
        """
        kept = _layer_losses(self, inputs_key(inputs))
        return kept + (super().losses if inputs is None else [])


def _get_updates_for(layer, inputs):
    method = getattr(layer, "get_updates_for", None)
    return list(method(inputs)) if method is not None else []


class Keras2NetworkAttributes:
    """Keras 2's ``Network`` attributes on a Keras 3 model class (listed before the Keras class)."""

    def _keras2_graph_updates(self):
        nodes = {id(node) for node in _internals.graph_nodes(self)}
        updates = []
        for layer in self.layers:
            # Updates of the calls made inside this model's graph, then the unconditional ones.
            for node in _internals.inbound_nodes(layer):
                if id(node) in nodes:
                    updates += _get_updates_for(layer, list(node.input_tensors))
            updates += _get_updates_for(layer, None)
        return updates

    def add_update(self, updates, inputs=None):
        """Keep `updates` with the model, conditional on `inputs`.

        Args:
            updates: an update or a list of them.
            inputs: the input tensor(s) they depend on; default None (unconditional).
        """
        _keep(self, "updates", updates, inputs)

    @property
    def updates(self):
        """The Keras 2 state updates of the calls inside the model (none while it is not trainable)."""
        if not _updates_enabled(self):
            return []
        return self._keras2_graph_updates() + [u for v in _kept(self, "updates").values() for u in v]

    def get_updates_for(self, inputs):
        """The updates conditional on `inputs`: for the inputs of a call of the model, its graph's updates.

        Args:
            inputs: input tensor(s), or None (the unconditional updates).
        """
        if not _updates_enabled(self):
            return []
        key = inputs_key(inputs)
        kept = list(_kept(self, "updates").get(key, []))
        if key is None:
            return kept + [u for layer in self.layers for u in _get_updates_for(layer, None)]
        calls = [inputs_key(list(node.input_tensors)) for node in _internals.inbound_nodes(self)]
        if key in calls:
            nodes = {id(node) for node in _internals.graph_nodes(self)}
            for layer in self.layers:
                for node in _internals.inbound_nodes(layer):
                    if id(node) in nodes:
                        kept += _get_updates_for(layer, list(node.input_tensors))
        return kept

    def get_losses_for(self, inputs):
        """The losses conditional on `inputs` (None: Keras 3's losses, which are unconditional).

        Args:
            inputs: input tensor(s), or None.
        """
        return list(self.losses) if inputs is None else []

    @property
    def uses_learning_phase(self):
        """Whether an output of the model depends on the learning phase (Keras 2's ``Network``)."""
        try:
            outputs = _keras.tree.flatten(self.outputs)
        except (AttributeError, ValueError):
            return False
        return any(tensor_uses_learning_phase(x) for x in outputs)

    @property
    def _input_layers(self):
        """The input layers of the model, in the order of its inputs."""
        return [_internals.tensor_history(x).operation for x in _keras.tree.flatten(self.inputs)]

    @property
    def _output_layers(self):
        """The layers that make the model's outputs, in their order."""
        return [_internals.tensor_history(x).operation for x in _keras.tree.flatten(self.outputs)]

    @property
    def _layers_by_depth(self):
        """``{depth: [layer, ...]}`` of the model's graph, 0 for the output layers."""
        return _internals.operations_by_depth(self)

    def _make_train_function(self):
        """Keras 2's name of ``make_train_function()`` (needs a compiled model)."""
        if not getattr(self, "compiled", False):
            raise RuntimeError("You must compile your model before using it.")
        self.make_train_function()

    def _make_predict_function(self):
        """Keras 2's name of ``make_predict_function()``."""
        self.make_predict_function()

    def _make_test_function(self):
        """Keras 2's name of ``make_test_function()`` (needs a compiled model)."""
        if not getattr(self, "compiled", False):
            raise RuntimeError("You must compile your model before using it.")
        self.make_test_function()


# -- the learning phase of symbolic tensors --------------------------------------------------


# The Keras layers whose call read Keras 2's learning phase.
_LEARNING_PHASE_LAYERS = tuple(
    getattr(_keras.layers, name)
    for name in (
        "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
        "GaussianDropout", "AlphaDropout", "BatchNormalization", "RNN",
    )
)


def _wrapped_layers(layer):
    if hasattr(layer, "forward_layer") and hasattr(layer, "backward_layer"):
        return [layer.forward_layer, layer.backward_layer]
    if isinstance(layer, _keras.layers.Wrapper):
        return [layer.layer]
    return None


def layer_uses_learning_phase(layer):
    """Whether a call of `layer` without a ``training`` argument depends on the learning phase.

    Args:
        layer: a layer or model.
    """
    if isinstance(layer, _keras.Model):
        return Keras2NetworkAttributes.uses_learning_phase.fget(layer)
    inner = _wrapped_layers(layer)
    if inner is not None:
        return any(layer_uses_learning_phase(each) for each in inner)
    if isinstance(layer, _LEARNING_PHASE_LAYERS):
        if isinstance(layer, _keras.layers.RNN):
            return (getattr(layer, "dropout", 0) or 0) + (getattr(layer, "recurrent_dropout", 0) or 0) > 0
        rate = getattr(layer, "rate", None)
        return 0 < rate < 1 if isinstance(rate, (int, float)) else True
    # Keras 3's own layers take `training` more often than Keras 2's read the learning phase
    # (``Dense.call(inputs, training=None)``); a user's layer takes it when it needs it.
    if type(layer).call.__module__.partition(".")[0] == "keras":
        return False
    try:
        return "training" in inspect.signature(layer.call).parameters
    except (TypeError, ValueError):
        return False


def _producing_node(tensor):
    history = _internals.tensor_history(tensor)
    if history is None or history.operation is None:
        return None
    nodes = _internals.inbound_nodes(history.operation)
    return nodes[history.node_index] if history.node_index < len(nodes) else None


def tensor_uses_learning_phase(tensor):
    """Keras 2's ``tensor._uses_learning_phase``: a call on the way to `tensor` depends on the learning phase.

    Args:
        tensor: a symbolic tensor (anything else gives False).
    """
    seen = set()
    pending = [tensor]
    while pending:
        node = _producing_node(pending.pop())
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if node.input_tensors and _internals.node_call_kwargs(node).get("training") is None:
            if layer_uses_learning_phase(node.operation):
                return True
        pending.extend(node.input_tensors)
    return False


#: Installed on ``keras.KerasTensor`` by the activation.
keras_tensor_uses_learning_phase = property(
    tensor_uses_learning_phase, doc="Keras 2's flag: the tensor depends on the learning phase."
)


# -- Keras 2's graph node attributes ------------------------------------------------------------


def _histories(node):
    return [_internals.tensor_history(t) for t in node.input_tensors]


def _node_masks(node, which):
    tensors = node.input_tensors if which == "input" else node.output_tensors
    if which == "input" and not tensors:
        # Keras 2's input node listed its tensor as the input too.
        tensors = node.output_tensors
    return [_internals.keras_mask(t) for t in tensors]


def _node_input_shapes(node):
    # Keras 2's input node listed its tensor as the input too.
    return _node_shapes(node, "input") if node.input_tensors else _node_shapes(node, "output")


def _node_config(node):
    """Keras 2's ``Node.get_config()``: the names of the layers it joins and the indices of its inputs."""
    return {
        "outbound_layer": node.operation.name if node.operation is not None else None,
        "inbound_layers": [h.operation.name if h.operation is not None else None for h in _histories(node)],
        "node_indices": [h.node_index for h in _histories(node)],
        "tensor_indices": [h.tensor_index for h in _histories(node)],
    }


#: Installed on Keras's graph node class by the activation (Keras 2's ``Node`` attributes).
KERAS2_NODE_ATTRIBUTES = {
    "outbound_layer": property(lambda node: node.operation, doc="The layer whose call made the node."),
    "inbound_layers": property(
        lambda node: [h.operation for h in _histories(node)], doc="The layers that made the node's inputs."
    ),
    "node_indices": property(
        lambda node: [h.node_index for h in _histories(node)], doc="For each input, the node of its layer that made it."
    ),
    "tensor_indices": property(
        lambda node: [h.tensor_index for h in _histories(node)], doc="For each input, its index in that node's outputs."
    ),
    "input_shapes": property(_node_input_shapes, doc="The shape tuples of the node's inputs."),
    "output_shapes": property(lambda node: _node_shapes(node, "output"), doc="The shape tuples of the node's outputs."),
    "input_masks": property(lambda node: _node_masks(node, "input"), doc="The masks of the node's inputs (None: no mask)."),
    "output_masks": property(lambda node: _node_masks(node, "output"), doc="The masks of the node's outputs."),
    "get_config": _node_config,
}
