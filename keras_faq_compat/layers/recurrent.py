"""Keras 2's recurrent layers: how ``RNN``, ``SimpleRNN``, ``GRU`` and ``LSTM`` are called.

Legacy API: ``keras.layers.recurrent`` of Keras 2.2: ``RNN(cell)`` with a cell that is any object with
``call`` and ``state_size`` (not only a layer), ``RNN([cell, cell])`` with the states of the stack as
one flat list (``StackedRNNCells(cells, reverse_state_order=...)``), ``layer(x, constants=c)`` for a
cell whose ``call`` takes ``constants``, ``layer([x, h0, c0])`` (initial states, then constants, as
extra inputs), ``layer.reset_states(values)``, ``layer.get_initial_state(x)`` (from a tensor),
``compute_output_shape`` as a list, ``SimpleRNN(implementation=...)`` (ignored with Keras 2's
warning), ``recurrent_initializer='identity'`` giving one identity matrix per gate.

Keras 3 replacement: ``keras.layers.RNN`` and friends, with ``initial_state=`` as a keyword,
``layer.reset_state()``/``layer.states[i].assign(...)``, ``get_initial_state(batch_size)``, nested
states per cell, and no ``constants`` (build a custom cell that reads them from its input).

Difference: the mixins here sit on the Keras 3 classes (`legacy_layers` assembles them), so a layer
still saves as the Keras 3 class; a stack of cells saved by them loads in plain Keras 3 with Keras 3's
nested states, and ``reverse_state_order`` is not saved (Keras 2 did not save it either).
"""

import functools
import inspect
import warnings

import numpy as np

from keras_faq_compat import _internals, _lazy
from keras_faq_compat import backend as _compat_backend
from keras_faq_compat._real import keras as _keras

__all__ = [
    "StackedRNNCells",
    "Keras2RNN",
    "Keras2RNNCellArgument",
    "Keras2SimpleRNNImplementation",
    "Keras2GRUImplementation",
    "Keras2ActivityRegularizer",
    "Keras2IdentityPerGate",
    "apply_identity_per_gate",
]

_ops = _keras.ops
_Layer = _keras.layers.Layer


def _has_arg(fn, name):
    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _to_list_or_none(value):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _sizes(state_size):
    return list(state_size) if isinstance(state_size, (list, tuple)) else [state_size]


def _call_cell(cell, inputs, states, **kwargs):
    # A layer goes through ``__call__`` (autocasting, names); any other object is called as Keras 2
    # called every cell: ``cell.call(inputs, states)``.
    if isinstance(cell, _Layer):
        output, new_states = cell(inputs, states, **kwargs)
    else:
        output, new_states = cell.call(inputs, states, **kwargs)
    return output, _to_list_or_none(new_states)


def _cell_kwargs(cell, training, constants):
    kwargs = {}
    if _has_arg(cell.call, "training"):
        kwargs["training"] = training
    if constants is not None and _has_arg(cell.call, "constants"):
        kwargs["constants"] = constants
    return kwargs


def _prepare_dropout_masks(cell, step_input, states, constants=None):
    """Make the dropout masks of `cell` (and of the cells of a stack) before the time loop.

    Keras 3 cells keep the masks they draw on the first step; drawn inside the loop they would
    belong to it. Keras 3's own RNN does this for its cells; here it is done for the cells of a
    Keras 2 stack, which Keras 3 does not know.
    """
    if isinstance(cell, StackedRNNCells):
        for inner, inner_states in zip(cell.cells, cell.split_states(states)):
            _prepare_dropout_masks(inner, step_input, inner_states, constants)
            step_input, _ = _call_cell(inner, step_input, inner_states, **_cell_kwargs(inner, False, constants))
    elif hasattr(cell, "get_dropout_mask") and hasattr(cell, "get_recurrent_dropout_mask"):
        cell.get_dropout_mask(step_input)
        cell.get_recurrent_dropout_mask(states[0])


def _reset_dropout_masks(cell):
    for inner in cell.cells if isinstance(cell, StackedRNNCells) else [cell]:
        if isinstance(inner, StackedRNNCells):
            _reset_dropout_masks(inner)
        elif hasattr(inner, "reset_dropout_mask") and hasattr(inner, "reset_recurrent_dropout_mask"):
            inner.reset_dropout_mask()
            inner.reset_recurrent_dropout_mask()


class StackedRNNCells(_Layer):
    """Keras 2's ``StackedRNNCells``: cells run one after the other as one cell, with flat states.

    The states are one flat list, ``[h1, c1, h2, c2]`` for two LSTM cells (Keras 3 nests them per
    cell), in reverse cell order with `reverse_state_order`.

    Args:
        cells: list of cells (layers or any objects with ``call`` and ``state_size``).
        reverse_state_order: list the states of the last cell first, as Keras 2.1 did (with Keras
            2's warning); default False.
        **kwargs: layer arguments (``name``, ...).
    """

    def __init__(self, cells, reverse_state_order=False, **kwargs):
        for cell in cells:
            if not hasattr(cell, "call"):
                raise ValueError(f"StackedRNNCells: all cells must have a `call` method; received cells: {cells}")
            if not hasattr(cell, "state_size"):
                raise ValueError(
                    f"StackedRNNCells: all cells must have a `state_size` attribute; received cells: {cells}"
                )
        if reverse_state_order:
            warnings.warn(
                "`reverse_state_order=True` in `StackedRNNCells` will soon be deprecated. Please update "
                "the code to work with the natural order of states if you rely on the RNN states, "
                "eg `RNN(return_state=True)`."
            )
        super().__init__(**kwargs)
        self.cells = list(cells)
        self.reverse_state_order = reverse_state_order

    def _ordered_cells(self):
        return self.cells[::-1] if self.reverse_state_order else self.cells

    @property
    def state_size(self):
        sizes = []
        for cell in self._ordered_cells():
            sizes += _sizes(cell.state_size)
        return tuple(sizes)

    @property
    def output_size(self):
        last = self.cells[-1]
        if getattr(last, "output_size", None) is not None:
            return last.output_size
        return _sizes(last.state_size)[0]

    def split_states(self, states):
        """The flat `states` as one list per cell, in cell order."""
        states = list(states)
        nested = []
        for cell in self._ordered_cells():
            count = len(_sizes(cell.state_size))
            nested.append(states[:count])
            states = states[count:]
        return nested[::-1] if self.reverse_state_order else nested

    def get_initial_state(self, batch_size=None):
        initial = []
        for cell in self._ordered_cells():
            get_initial_state = getattr(cell, "get_initial_state", None)
            if get_initial_state is not None:
                initial += _to_list_or_none(get_initial_state(batch_size=batch_size))
            else:
                initial += [_ops.zeros((batch_size, d), dtype=self.compute_dtype) for d in _sizes(cell.state_size)]
        return initial

    def call(self, inputs, states, constants=None, training=None):
        new_nested = []
        for cell, cell_states in zip(self.cells, self.split_states(states)):
            inputs, cell_states = _call_cell(cell, inputs, cell_states, **_cell_kwargs(cell, training, constants))
            new_nested.append(cell_states)
        if self.reverse_state_order:
            new_nested = new_nested[::-1]
        return inputs, [state for cell_states in new_nested for state in cell_states]

    def build(self, input_shape):
        constants_shape = []
        if isinstance(input_shape, list):
            input_shape, constants_shape = input_shape[0], list(input_shape[1:])
        for cell in self.cells:
            if isinstance(cell, _Layer) and not cell.built:
                if constants_shape and _has_arg(cell.call, "constants"):
                    cell.build([tuple(input_shape)] + constants_shape)
                else:
                    cell.build(tuple(input_shape))
                cell.built = True
            output_dim = getattr(cell, "output_size", None)
            if output_dim is None:
                output_dim = _sizes(cell.state_size)[0]
            input_shape = (input_shape[0], output_dim)

    def get_config(self):
        cells = [_keras.saving.serialize_keras_object(cell) for cell in self.cells]
        return {**super().get_config(), "cells": cells}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cells = [
            _keras.saving.deserialize_keras_object(cell, custom_objects=custom_objects) for cell in config.pop("cells")
        ]
        return cls(cells, **config)


StackedRNNCells.__module__ = "keras.layers"


def apply_identity_per_gate(cell):
    """Give `cell`'s recurrent kernel Keras 2's identity: one identity matrix per gate.

    Keras 2's ``Identity`` initializer filled a ``(units, gates * units)`` matrix with identity
    blocks side by side; Keras 3's puts a single one in the first block. Cells of a stack are
    visited too.

    Args:
        cell: a recurrent cell, built (others are left alone).
    """
    for inner in getattr(cell, "cells", None) or [cell]:
        if inner is not cell:
            apply_identity_per_gate(inner)
            continue
        initializer = getattr(cell, "recurrent_initializer", None)
        kernel = getattr(cell, "recurrent_kernel", None)
        if not isinstance(initializer, _keras.initializers.Identity) or not isinstance(
            kernel, _internals.keras_variable_class()
        ):
            continue
        if len(kernel.shape) != 2:
            continue
        rows, columns = kernel.shape
        if columns % rows:
            raise ValueError(f"Identity matrix initializer: the long side of {tuple(kernel.shape)} is not a multiple of the short side.")
        value = initializer.gain * np.concatenate([np.identity(rows)] * (columns // rows), axis=1)
        kernel.assign(value.astype(kernel.dtype))


class Keras2IdentityPerGate:
    """A cell whose ``recurrent_initializer='identity'`` gives one identity matrix per gate (Keras 2)."""

    def build(self, input_shape):
        # One named argument: Keras records it as the cell's build config.
        super().build(input_shape)
        apply_identity_per_gate(self)


class Keras2ActivityRegularizer:
    """``activity_regularizer=`` kept: Keras 3's ``SimpleRNN`` and ``ConvLSTM2D`` take it and drop it."""

    def __init__(self, *args, activity_regularizer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity_regularizer = _keras.regularizers.get(activity_regularizer)


class Keras2SimpleRNNImplementation:
    """``SimpleRNN(implementation=...)``: accepted and dropped with Keras 2's warning."""

    def __init__(self, *args, **kwargs):
        if "implementation" in kwargs:
            kwargs.pop("implementation")
            warnings.warn(
                "The `implementation` argument in `SimpleRNN` has been deprecated. "
                "Please remove it from your layer call."
            )
        super().__init__(*args, **kwargs)


@functools.lru_cache(maxsize=None)
def _gru_forwards_implementation():
    # Keras 3.3's GRU (unlike its LSTM and later releases' GRU) does not pass
    # `implementation` on to its cell and refuses it as an unknown argument.
    return "implementation" in inspect.getsource(_keras.layers.GRU.__init__)


class Keras2GRUImplementation:
    """``GRU(implementation=1 or 2)`` on every Keras 3 release: the cell computes in that mode."""

    def __init__(self, *args, **kwargs):
        if "implementation" not in kwargs or _gru_forwards_implementation():
            super().__init__(*args, **kwargs)
            return
        implementation = kwargs.pop("implementation")
        super().__init__(*args, **kwargs)
        self.cell.implementation = implementation


class Keras2RNNCellArgument:
    """``RNN(cell)`` as Keras 2 took it: a list of cells is a Keras 2 `StackedRNNCells`.

    ``from_config`` turns a stack that Keras 3 deserialized back into a Keras 2 one.
    """

    def __init__(self, cell, *args, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        super().__init__(cell, *args, **kwargs)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        objects = {"StackedRNNCells": StackedRNNCells, **(custom_objects or {})}
        cell = _keras.saving.deserialize_keras_object(config.pop("cell"), custom_objects=objects)
        if isinstance(cell, _keras.layers.StackedRNNCells):
            cell = StackedRNNCells(cell.cells)
        return cls(cell, **config)


class Keras2RNN:
    """Keras 2's calling conventions on a Keras 3 recurrent layer (see the module docstring).

    Args (on top of the layer's own):
        num_constants: how many of the extra inputs of ``layer([x, ...])`` are constants (what
            Keras 2's config saved once the layer was called with ``constants``); default None.
    """

    def __init__(self, *args, **kwargs):
        num_constants = kwargs.pop("num_constants", None)
        super().__init__(*args, **kwargs)
        # Plain data, kept out of Keras's attribute tracking.
        object.__setattr__(self, "_keras2_num_constants", num_constants)

    # -- calling ---------------------------------------------------------------------------------

    def __call__(self, inputs, initial_state=None, constants=None, **kwargs):
        inputs, initial_state, constants = self._keras2_standardize(inputs, initial_state, constants)
        if constants is not None:
            object.__setattr__(self, "_keras2_num_constants", len(constants))
            kwargs["constants"] = constants
        if initial_state is not None:
            kwargs["initial_state"] = initial_state
        return super().__call__(inputs, **kwargs)

    def _keras2_standardize(self, inputs, initial_state, constants):
        # ``layer([x, state..., constant...])``: Keras 2's extra inputs.
        if isinstance(inputs, (list, tuple)):
            if initial_state is not None or constants is not None:
                raise ValueError(
                    f"Layer {self.name!r}: pass the initial states and constants either in the list of "
                    "inputs or as `initial_state=` / `constants=`, not both."
                )
            inputs = list(inputs)
            count = self._keras2_num_constants
            if count:
                constants = inputs[-count:]
                inputs = inputs[:-count]
            if len(inputs) > 1:
                initial_state = inputs[1:]
            inputs = inputs[0]
        return inputs, _to_list_or_none(initial_state), _to_list_or_none(constants)

    def call(self, sequences, initial_state=None, mask=None, training=False, constants=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        plain_cell = isinstance(self.cell, _Layer) and not isinstance(self.cell, StackedRNNCells)
        if constants is None and plain_cell:
            # Keras 3's own loop (and its cuDNN path for LSTM and GRU).
            return super().call(sequences, initial_state=initial_state, mask=mask, training=training)
        return self._keras2_loop(sequences, initial_state, mask, training, constants)

    def _keras2_loop(self, sequences, initial_state, mask, training, constants):
        # Keras 2's RNN.call: any cell, constants after the states, flat states of a stack.
        timesteps = sequences.shape[1]
        if self.unroll and timesteps is None:
            raise ValueError(f"Layer {self.name!r}: cannot unroll a RNN if the time dimension is undefined.")
        if initial_state is None:
            if self.stateful:
                initial_state = self.states
            else:
                initial_state = self.get_initial_state(batch_size=_ops.shape(sequences)[0])
        initial_state = [_ops.convert_to_tensor(s, dtype=self.compute_dtype) for s in _to_list_or_none(initial_state)]
        if len(initial_state) != len(self.state_size):
            raise ValueError(
                f"Layer has {len(self.state_size)} states but was passed {len(initial_state)} initial states."
            )
        if constants is not None and not _has_arg(self.cell.call, "constants"):
            raise ValueError("RNN cell does not support constants")
        count = len(constants or ())
        kwargs = {"training": training} if _has_arg(self.cell.call, "training") else {}

        def step(inputs, states):
            states = list(states)
            if count:
                states, step_constants = states[:-count], states[-count:]
                output, new_states = _call_cell(self.cell, inputs, states, constants=step_constants, **kwargs)
            else:
                output, new_states = _call_cell(self.cell, inputs, states, **kwargs)
            return output, new_states

        _prepare_dropout_masks(self.cell, sequences[:, 0], initial_state, constants)
        try:
            last_output, outputs, states = _compat_backend.rnn(
                step,
                sequences,
                initial_state,
                constants=constants,
                go_backwards=self.go_backwards,
                mask=mask,
                unroll=self.unroll,
                input_length=timesteps,
                zero_output_for_mask=self.zero_output_for_mask,
                return_all_outputs=self.return_sequences,
            )
        finally:
            _reset_dropout_masks(self.cell)
        states = list(states)
        if self.stateful:
            for variable, state in zip(self.states, states):
                variable.assign(_ops.cast(state, variable.dtype))
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return [output] + states
        return output

    # -- shapes and building ---------------------------------------------------------------------

    def build(self, sequences_shape, initial_state_shape=None, constants_shape=None):
        if isinstance(sequences_shape, list) and sequences_shape and isinstance(sequences_shape[0], (list, tuple)):
            sequences_shape = sequences_shape[0]  # Keras 2 built with the shapes of all inputs
        if constants_shape is not None and isinstance(self.cell, _Layer) and not self.cell.built:
            step_shape = (sequences_shape[0],) + tuple(sequences_shape[2:])
            shapes = list(constants_shape) if isinstance(constants_shape, list) else [constants_shape]
            self.cell.build([step_shape] + [tuple(s) for s in shapes])
            self.cell.built = True
        super().build(tuple(sequences_shape), initial_state_shape)
        if isinstance(self.cell, _Layer):
            apply_identity_per_gate(self.cell)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None, constants_shape=None):
        # Keras 2: one shape per state, a list with `return_state`.
        if isinstance(sequences_shape, list) and sequences_shape and isinstance(sequences_shape[0], (list, tuple)):
            sequences_shape = sequences_shape[0]
        sizes = _sizes(self.cell.state_size)
        if not all(isinstance(size, int) and size > 0 for size in sizes):
            # A cell whose states are not vectors (ConvLSTM2D's): its layer knows their shapes.
            shapes = super().compute_output_shape(tuple(sequences_shape), initial_state_shape)
            return list(shapes) if self.return_state else shapes
        output_dim = getattr(self.cell, "output_size", None)
        if output_dim is None:
            output_dim = sizes[0]
        batch = sequences_shape[0]
        if self.return_sequences:
            output_shape = (batch, sequences_shape[1], output_dim)
        else:
            output_shape = (batch, output_dim)
        if self.return_state:
            return [output_shape] + [(batch, dim) for dim in sizes]
        return output_shape

    def get_initial_state(self, inputs=None, batch_size=None):
        """Zero states: from a tensor of inputs (Keras 2) or for `batch_size` (Keras 3).

        Args:
            inputs: a batch of input sequences, symbolic or not; or (as Keras 3 calls it) the batch
                size.
            batch_size: the batch size; default None.
        """
        if inputs is not None and len(getattr(inputs, "shape", ())) >= 2:
            # Keras 2's way: zeros shaped from the tensor, so a symbolic batch size works.
            zeros = _ops.sum(_ops.zeros_like(inputs), axis=tuple(range(1, len(inputs.shape))))
            zeros = _ops.expand_dims(zeros, -1)
            return [_ops.tile(zeros, [1, dim]) for dim in _sizes(self.cell.state_size)]
        if inputs is not None:
            batch_size = inputs
        if isinstance(self.cell, _Layer):
            return super().get_initial_state(batch_size)
        return [_ops.zeros((batch_size, dim), dtype=self.compute_dtype) for dim in _sizes(self.cell.state_size)]

    # -- states ----------------------------------------------------------------------------------

    def reset_states(self, states=None):
        """Zero the states, or set them to `states` (one numpy array, or a list with one per state).

        Raises:
            AttributeError: the layer is not stateful.
            ValueError: the layer does not know its batch size yet, or `states` does not fit.
        """
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        if self.states is None:
            raise ValueError(
                f"Layer {self.name!r}: if a RNN is stateful, it needs to know its batch size. Specify the "
                "batch size of your input tensors (`batch_input_shape=` on the first layer of a "
                "Sequential model, `batch_shape=` on the Input layers of a functional one)."
            )
        if states is None:
            self.reset_state()
            return
        values = _to_list_or_none(states)
        if len(values) != len(self.states):
            raise ValueError(
                f"Layer {self.name} expects {len(self.states)} states, but it received {len(values)} "
                f"state values. Input received: {states}"
            )
        for index, (value, variable) in enumerate(zip(values, self.states)):
            value = np.asarray(value)
            if value.shape != tuple(variable.shape):
                raise ValueError(
                    f"State {index} is incompatible with layer {self.name}: expected shape="
                    f"{tuple(variable.shape)}, found shape={value.shape}"
                )
            variable.assign(value.astype(variable.dtype))

    def get_config(self):
        config = super().get_config()
        if self._keras2_num_constants is not None:
            config["num_constants"] = self._keras2_num_constants
        return config


__getattr__, __dir__ = _lazy.surface(__name__)
