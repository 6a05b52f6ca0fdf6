"""SavedModel directories written by tf.keras 2.x, loaded as trainable Keras models.

Legacy API: ``model.save('dir')`` / ``save_format='tf'`` of tf.keras in
TensorFlow 2.x (``saved_model.pb``, ``keras_metadata.pb``, ``variables/``),
and ``keras.models.load_model('dir')``.

Keras 3 replacement: ``keras.layers.TFSMLayer('dir')``, which only runs the
saved functions (inference, no training, no Keras layers).

The model is rebuilt from the Keras metadata (the root object's
``model_config`` and ``training_config``, translated like an HDF5 file's),
its weights are read from the checkpoint in ``variables/``
(``layer_with_weights-<i>/<attribute>``, the i-th layer with weights) and
go through the same weight stage, and the optimizer state is restored
(TF 2.2-2.10 slots named after their weight, or the variables of the TF
2.11+ optimizers in order). Remaining differences: a directory without
Keras metadata (written by ``tf.saved_model.save``) cannot be rebuilt and
gives one error naming ``TFSMLayer``; the saved functions themselves are
not used.
"""

import json
import os

import numpy as np

from keras_faq_compat import initializers
from keras_faq_compat._real import tf as _tf
from keras_faq_compat.engine import training_legacy
from keras_faq_compat.saving import build, legacy_config, legacy_weights, optimizer_state, training_config
from keras_faq_compat.saving import trusted_code, tf_keras_zip
from keras_faq_compat.saving.errors import LegacyFileError
from keras_faq_compat.saving.scopes import custom_scope
from keras_faq_compat.saving.weight_order import layer_weights

__all__ = ["is_saved_model_dir", "read_keras_metadata", "load_model"]

_VALUE = "/.ATTRIBUTES/VARIABLE_VALUE"
_SLOT = "/.OPTIMIZER_SLOT/optimizer/"


def is_saved_model_dir(path):
    """True for a directory holding ``saved_model.pb``.

    Args:
        path: a path (or anything else, which is not one).
    """
    return isinstance(path, (str, os.PathLike)) and os.path.isfile(os.path.join(path, "saved_model.pb"))


def _varint(data, i):
    shift = result = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, i


def _fields(data):
    # The protobuf wire format: (field number, value) pairs.
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        number, kind = key >> 3, key & 7
        if kind == 0:
            value, i = _varint(data, i)
        elif kind == 2:
            size, i = _varint(data, i)
            value, i = data[i : i + size], i + size
            if i > len(data):
                raise ValueError("a field runs past the end")
        elif kind in (1, 5):
            size = 8 if kind == 1 else 4
            value, i = data[i : i + size], i + size
        else:
            raise ValueError(f"wire type {kind}")
        yield number, value


def _untuple(value):
    # tf.keras wrote tuples in its metadata as {"class_name": "__tuple__", "items": [...]}.
    if isinstance(value, dict):
        if value.get("class_name") == "__tuple__" and "items" in value:
            return [_untuple(v) for v in value["items"]]
        return {k: _untuple(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_untuple(v) for v in value]
    return value


def read_keras_metadata(path):
    """The root object's metadata of a tf.keras SavedModel directory.

    ``keras_metadata.pb`` is a ``SavedMetadata`` message: repeated nodes
    (field 1), each with its path (field 3) and JSON metadata (field 5).

    Args:
        path: the SavedModel directory.

    Raises:
        LegacyFileError: no Keras metadata, or damaged metadata; the message
            names the directory.
    """
    source = os.fspath(path)
    metadata_file = os.path.join(source, "keras_metadata.pb")
    if not os.path.isfile(metadata_file):
        raise LegacyFileError(
            f"{source}: a SavedModel without Keras metadata (no keras_metadata.pb), so no Keras model can be "
            "rebuilt from it; run its saved functions with keras.layers.TFSMLayer(path, "
            "call_endpoint='serving_default') (inference only)."
        )
    with open(metadata_file, "rb") as f:
        data = f.read()
    try:
        for number, node in _fields(data):
            fields = dict(_fields(node)) if number == 1 else {}
            if fields.get(3) == b"root":
                return _untuple(json.loads(fields.get(5, b"{}").decode("utf-8")))
    except (ValueError, IndexError, UnicodeDecodeError) as e:
        raise LegacyFileError(f"{source}: keras_metadata.pb is damaged ({e}).") from None
    raise LegacyFileError(f"{source}: keras_metadata.pb is damaged (no root object).")


class _CheckpointWeight:
    """One checkpoint variable with the interface of `hdf5_format.SavedWeight`."""

    def __init__(self, reader, key, shape):
        self.name = key
        self.shape = tuple(shape)
        self._reader, self._key = reader, key + _VALUE

    def read(self):
        return np.asarray(self._reader.get_tensor(self._key))


def _object_graph(reader):
    """The checkpoint's object graph: per node, ``(children, variable key)``.

    ``_CHECKPOINTABLE_OBJECT_GRAPH`` is a ``TrackableObjectGraph`` message:
    nodes (field 1), each with children (field 1: node id 1, local name 2)
    and attributes (field 2: name 1, checkpoint key 3).
    """
    nodes = []
    for number, node in _fields(reader.get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH")):
        if number != 1:
            continue
        children, key = {}, None
        for field, value in _fields(node):
            if field == 1:
                child = dict(_fields(value))
                children[child.get(2, b"").decode("utf-8")] = child.get(1, 0)
            elif field == 2:
                attribute = dict(_fields(value))
                if attribute.get(1) == b"VARIABLE_VALUE":
                    key = attribute.get(3, b"").decode("utf-8")
        nodes.append((children, key))
    return nodes


def _layer_keys(nodes, index):
    """``{attribute path: checkpoint key}`` of the variables under ``layer_with_weights-<index>``.

    A variable reached first by another path (``variables/0``) keeps that
    key; the object graph gives it under the layer's path as well.
    """
    start = nodes[0][0].get(f"layer_with_weights-{index}") if nodes else None
    found, stack, seen = {}, [(start, "")] if start is not None else [], set()
    while stack:
        node, path = stack.pop()
        if node in seen or node >= len(nodes):
            continue
        seen.add(node)
        children, key = nodes[node]
        if key and key.endswith(_VALUE):
            found[path] = key[: -len(_VALUE)]
        for name, child in children.items():
            stack.append((child, f"{path}/{name}" if path else name))
    return found


def _match(variable, keys):
    # Checkpoint keys name the attribute path (``cell/kernel``,
    # ``forward_layer/cell/bias``); the variable's own name is the last part.
    name = variable.path.rsplit("/", 1)[-1]
    found = [k for k in keys if k.rsplit("/", 1)[-1] == name]
    if len(found) > 1:
        for side in ("forward", "backward"):
            if side in variable.path:
                found = [k for k in found if side in k]
    return found[0] if len(found) == 1 else None


def _file_layers(model, reader, shapes, source):
    layers = [layer for layer in model.layers if layer_weights(layer)]
    try:
        nodes = _object_graph(reader)
    except (ValueError, IndexError, UnicodeDecodeError, _tf.errors.OpError) as e:
        raise LegacyFileError(f"{source}: the checkpoint's object graph is damaged ({e}).") from None
    result = []
    for index, layer in enumerate(layers):
        keys = _layer_keys(nodes, index)
        if not keys:
            raise LegacyFileError(
                f"{source}: the checkpoint in variables/ has no weights for layer {layer.name!r} "
                f"(layer_with_weights-{index}); the directory is damaged or not of this model."
            )
        weights = []
        for variable in layer_weights(layer):
            attribute = _match(variable, keys)
            if attribute is None:
                raise LegacyFileError(
                    f"{source}: no checkpoint value for weight {variable.path!r} of layer {layer.name!r}."
                )
            weights.append(_CheckpointWeight(reader, keys[attribute], shapes[keys[attribute] + _VALUE]))
        result.append((layer.name, weights))
    return result


class _Slot:
    def __init__(self, name, value):
        self.name, self.value, self.shape = name, value, np.shape(value)

    def read(self):
        return self.value


def _restore_optimizer(model, reader, shapes, origin, record, slot_record, source):
    optimizer_keys = {k[: -len(_VALUE)]: k for k in shapes if k.endswith(_VALUE)}
    step = next((optimizer_keys[k] for k in ("optimizer/_iterations", "optimizer/iter") if k in optimizer_keys), None)
    numbered = sorted(
        (int(k.rsplit("/", 1)[-1]), k) for k in optimizer_keys if k.startswith("optimizer/_variables/")
        and k.rsplit("/", 1)[-1].isdigit()
    )
    if numbered:  # the TF 2.11+ optimizers: their variables in order
        values = [reader.get_tensor(step) if step else np.int64(0)]
        values += [np.asarray(reader.get_tensor(optimizer_keys[k])) for i, k in numbered if i > 0]
        tf_keras_zip.restore_interleaved_optimizer(model, values, source)
        return
    # TF 2.2-2.10: ``<weight>/.OPTIMIZER_SLOT/optimizer/<slot>``, named as
    # the HDF5 files name them (``Adam/<weight>/<slot>``).
    saved = [_Slot("optimizer/iter", reader.get_tensor(step))] if step else []
    for key in sorted(optimizer_keys):
        if _SLOT in key:
            weight, slot = key.split(_SLOT)
            saved.append(_Slot(f"optimizer/{weight}/{slot}", np.asarray(reader.get_tensor(optimizer_keys[key]))))
    if saved:
        optimizer_state.restore_optimizer_state(model, saved, origin, record, slot_record)
    else:
        model.optimizer.build(model.trainable_variables)


def load_model(path, custom_objects=None, compile=True, safe_mode=True):
    """Rebuild a tf.keras SavedModel directory as a compat model.

    Args:
        path: the directory.
        custom_objects: name -> class or function; default None.
        compile: compile from the saved training config and restore the
            optimizer state; default True.
        safe_mode: refuse Python lambdas in the config; default True.

    Raises:
        LegacyFileError: no Keras metadata (naming ``keras.layers.TFSMLayer``),
            damaged metadata, or no readable ``variables/``; the message
            names the directory.
    """
    source = os.fspath(path)
    metadata = read_keras_metadata(source)
    model_config = metadata.get("model_config")
    if not isinstance(model_config, dict):
        raise LegacyFileError(f"{source}: keras_metadata.pb holds no model config (a subclassed model?).")
    prefix = os.path.join(source, "variables", "variables")
    if not os.path.isfile(prefix + ".index"):
        raise LegacyFileError(f"{source}: a SavedModel without its variables/ (no variables/variables.index).")
    try:
        reader = _tf.train.load_checkpoint(prefix)
        shapes = reader.get_variable_to_shape_map()
    except (_tf.errors.OpError, ValueError) as e:
        raise LegacyFileError(f"{source}: variables/ cannot be read ({type(e).__name__}: {e}).") from None
    origin = legacy_weights.FileOrigin(metadata.get("keras_version"), metadata.get("backend"), source)
    context = {"safe_mode": safe_mode, "trusted": trusted_code.is_trusted}
    with custom_scope(custom_objects):
        translated = legacy_config.translate_file_config(model_config, source, context)
        # The file's weights replace every initial value.
        with initializers.values_replaced_by_file():
            model = build.build(translated, custom_objects, safe_mode, source)
        record, slot_record = legacy_weights.load_layers_topological(
            model, _file_layers(model, reader, shapes, source), origin
        )
        if not compile or not isinstance(metadata.get("training_config"), dict):
            return model
        training_config.compile_model(model, metadata["training_config"], custom_objects, source)
        training_legacy.ACCURACY_NAMED_MODELS.add(model)  # tf.keras 2.x said 'accuracy'
        _restore_optimizer(model, reader, shapes, origin, record, slot_record, source)
    return model
