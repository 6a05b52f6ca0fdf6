"""Keras 2 model and training configs translated to Keras 3 configs.

Legacy API: configs written by ``model.to_json()``, ``model.to_yaml()`` and
``model.save('x.h5')`` in Keras 2.0 to 2.4.

Keras 3 replacement: configs written by Keras 3 (``model.to_json()``,
``.keras`` files).

Each legacy quirk is one rule in a table below: `LAYER_RULES` (a Keras 2 layer
config becomes a Keras 3 layer config), `OPTIMIZER_RULES` and
`TRAINING_RULES`. A new quirk is one more entry (files of another writer,
such as tf.keras 2.x, add entries, not branches in the loading stages). Rules work on plain
dictionaries and leave configs written by Keras 3 unchanged, so the same
translation runs on every file.
"""

import copy

from keras_faq_compat import initializers as _initializers
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.losses import KERAS2_SHORT_NAMES
from keras_faq_compat.saving import tf_keras_config
from keras_faq_compat.saving.errors import LegacyFileError

__all__ = [
    "translate_model_config",
    "translate_layer_config",
    "translate_training_config",
    "translate_optimizer_config",
    "LAYER_RULES",
    "OPTIMIZER_RULES",
    "TRAINING_RULES",
    "NODE_RULES",
    "LegacyLambdaError",
    "spell_out_names",
    "translate_file_config",
]

# Keras 2 class names of layers that Keras 3 spells differently, with the
# argument values that make the Keras 3 layer compute the same thing.
RENAMED_LAYERS = {
    "Convolution1D": ("Conv1D", {}),
    "Convolution2D": ("Conv2D", {}),
    "Convolution3D": ("Conv3D", {}),
    "Deconvolution2D": ("Conv2DTranspose", {}),
    "Deconvolution3D": ("Conv3DTranspose", {}),
    "AtrousConvolution1D": ("Conv1D", {}),
    "AtrousConvolution2D": ("Conv2D", {}),
}

# Model class names: Keras 2.0-2.3 wrote "Model", 2.4 and Keras 3 "Functional".
MODEL_CLASSES = ("Model", "Functional", "Sequential")

# Layer arguments that Keras 2 saved and Keras 3 no longer takes (they had no
# effect on the computation in Keras 2 either, or Keras 3 chooses itself).
DROPPED_ARGUMENTS = {
    "LSTM": ("implementation",),
    "GRU": ("implementation",),
    "SimpleRNN": ("implementation",),
    "ConvLSTM2D": ("implementation",),
    "Embedding": ("input_length",),
    "Conv1D": ("input_length", "input_dim"),
}

# Keras 2.0-2.2 spelled this initializer distribution "normal" (a truncated
# normal); Keras 3 needs the explicit name.
INITIALIZER_DISTRIBUTIONS = {"normal": "truncated_normal"}


class LegacyLambdaError(LegacyFileError):
    """A Keras 2 `Lambda` layer carries marshalled Python bytecode."""


def _layer_class(layer):
    return layer.get("class_name")


# --------------------------------------------------------------------------
# Layer rules. Each takes (class_name, config, context) and returns the
# possibly changed (class_name, config). `context` holds ``safe_mode``.


def _rule_renamed_layer(class_name, config, context):
    if class_name in RENAMED_LAYERS:
        new_name, forced = RENAMED_LAYERS[class_name]
        config = dict(config, **forced)
        if class_name.startswith("Atrous") and "atrous_rate" in config:
            config["dilation_rate"] = config.pop("atrous_rate")
        class_name = new_name
    return class_name, config


def _rule_input_layer_shape(class_name, config, context):
    # Keras 2: InputLayer(batch_input_shape=...); Keras 3: batch_shape.
    if class_name == "InputLayer" and "batch_input_shape" in config:
        config = dict(config)
        config["batch_shape"] = config.pop("batch_input_shape")
        if config.get("sparse") is False:
            config.pop("sparse")
        config.pop("ragged", None)
    return class_name, config


def _rule_gru_reset_after(class_name, config, context):
    # GRU got `reset_after` in Keras 2.1.5 with default False; Keras 3's
    # default is True, which is a different cell.
    if class_name == "GRU" and "reset_after" not in config:
        config = dict(config, reset_after=False)
    return class_name, config


def _rule_embedding_dtype(class_name, config, context):
    # Keras 2.0 stored the *input* dtype (int32) as the Embedding's dtype;
    # in Keras 3 the dtype is the weights' dtype.
    if class_name == "Embedding" and str(config.get("dtype", "")).startswith(("int", "uint")):
        config = dict(config)
        config["dtype"] = "float32"
    return class_name, config


def _rule_dropped_arguments(class_name, config, context):
    names = DROPPED_ARGUMENTS.get(class_name, ())
    if any(name in config for name in names):
        config = {k: v for k, v in config.items() if k not in names}
    return class_name, config


def _rule_wrapped_layer(class_name, config, context):
    # Bidirectional / TimeDistributed hold a layer config of their own.
    # Keras 3 wrappers deserialize the inner layer in the Keras 3 format,
    # which locates a class by module (built-in) or registered name.
    for key in ("layer", "backward_layer"):
        inner = config.get(key)
        if isinstance(inner, dict) and "class_name" in inner:
            inner = translate_layer_config(inner, context)
            if "module" not in inner:
                inner = dict(inner)
                if _is_builtin_layer(inner["class_name"]):
                    inner.update(module="keras.layers", registered_name=None)
                else:
                    inner.update(module=None, registered_name=inner["class_name"])
            config = dict(config, **{key: inner})
    return class_name, config


def _is_builtin_layer(class_name):
    return isinstance(getattr(_keras.layers, class_name, None), type)


def _rule_nested_model(class_name, config, context):
    if class_name in MODEL_CLASSES:
        translated = translate_model_config({"class_name": class_name, "config": config}, context)
        return translated["class_name"], translated["config"]
    return class_name, config


def _rule_lambda_bytecode(class_name, config, context):
    if class_name != "Lambda":
        return class_name, config
    config = dict(config)
    function_type = config.pop("function_type", None)
    output_shape_type = config.pop("output_shape_type", None)
    for key in ("module", "output_shape_module"):
        config.pop(key, None)
    for key, kind in (("function", function_type), ("output_shape", output_shape_type)):
        value = config.get(key)
        if kind == "lambda" or (key == "function" and isinstance(value, (list, tuple))):
            parts = [value] if isinstance(value, str) else list(value)
            trusted = context.get("trusted", lambda code: False)
            if context.get("safe_mode", True) and not trusted(parts[0] if parts else None):
                raise LegacyLambdaError(
                    f"Lambda layer {config.get('name')!r} holds marshalled Python bytecode "
                    f"in its {key!r}; loading it runs code from the file. Pass "
                    "safe_mode=False to load it only if you trust the file, or rebuild "
                    "the layer in code and load the weights."
                )
            code, defaults, closure = (parts + [None, None])[:3]
            config[key] = {
                "class_name": "__lambda__",
                "config": {"code": code, "defaults": defaults, "closure": closure},
            }
    return class_name, config


def _rule_initializer_distribution(class_name, config, context):
    changed = {}
    for key, value in config.items():
        if (
            isinstance(value, dict)
            and value.get("class_name") == "VarianceScaling"
            and value.get("config", {}).get("distribution") in INITIALIZER_DISTRIBUTIONS
        ):
            inner = dict(value["config"])
            inner["distribution"] = INITIALIZER_DISTRIBUTIONS[inner["distribution"]]
            changed[key] = {"class_name": "VarianceScaling", "config": inner}
    if changed:
        config = dict(config, **changed)
    return class_name, config


def _rule_initializer_class_name(class_name, config, context):
    changed = {}
    for key, value in config.items():
        if key.endswith("initializer") and isinstance(value, dict) and isinstance(value.get("class_name"), str):
            name = _initializers.installed_class_name(value["class_name"])
            if name != value["class_name"]:
                changed[key] = dict(value, class_name=name)
    if changed:
        config = dict(config, **changed)
    return class_name, config


LAYER_RULES = [
    ("Keras 1 layer names", _rule_renamed_layer),
    ("InputLayer batch_input_shape", _rule_input_layer_shape),
    ("GRU without reset_after", _rule_gru_reset_after),
    ("Embedding dtype was the input dtype", _rule_embedding_dtype),
    ("arguments Keras 3 dropped", _rule_dropped_arguments),
    ("Bidirectional/TimeDistributed inner layer", _rule_wrapped_layer),
    ("nested Model/Sequential", _rule_nested_model),
    ("Lambda with marshalled bytecode", _rule_lambda_bytecode),
    ("VarianceScaling distribution 'normal'", _rule_initializer_distribution),
    ("initializer class names of this Keras", _rule_initializer_class_name),
    *tf_keras_config.TF_KERAS_LAYER_RULES,
]


def translate_layer_config(layer, context=None):
    """Translate one Keras 2 layer config (``{"class_name", "config", ...}``).

    Args:
        layer: the layer dictionary; not modified.
        context: options of the translation (``safe_mode``); default None.

    Returns:
        A new dictionary with the same keys (``name``, ``inbound_nodes`` of a
        functional layer are kept).
    """
    context = context or {}
    class_name = _layer_class(layer)
    config = layer.get("config", {})
    for _, rule in LAYER_RULES:
        class_name, config = rule(class_name, config, context)
    result = dict(layer)
    result["class_name"] = class_name
    result["config"] = config
    return result


# --------------------------------------------------------------------------
# Model-level rules.


def translate_file_config(model_config, source, context=None):
    """`translate_model_config`, with every error naming `source` (the translate stage of loading).

    Args:
        model_config: the decoded model config.
        source: the file (or ``model_from_json``), for messages.
        context: options of the translation: ``safe_mode`` (default True)
            and ``trusted`` (code -> True if Lambda bytecode may run in safe
            mode); default None.

    Raises:
        LegacyFileError: naming `source`, when the config is not a Keras
            model config.
        LegacyLambdaError: naming `source`, for Lambda bytecode that safe
            mode refuses.
    """
    try:
        return translate_model_config(model_config, context)
    except LegacyLambdaError as e:
        raise LegacyLambdaError(f"{source}: {e}") from None
    except ValueError as e:
        raise LegacyFileError(f"{source}: not a Keras model config ({e}).") from None
    except (TypeError, AttributeError, KeyError, IndexError) as e:
        raise LegacyFileError(f"{source}: not a Keras model config ({type(e).__name__}: {e}).") from None


def _sequential_layers(config):
    # Keras 2.0 to 2.2.2 wrote a Sequential config as the bare list of layers.
    if isinstance(config, list):
        return {"name": None, "layers": config}
    return dict(config)


def _first_layer_input(layers):
    """Move a Keras 2 first layer's ``batch_input_shape`` into an InputLayer."""
    if not layers or _layer_class(layers[0]) == "InputLayer":
        return layers
    first = dict(layers[0])
    first_config = dict(first.get("config", {}))
    batch_shape = first_config.pop("batch_input_shape", None)
    if batch_shape is None:
        return layers
    dtype = first_config.get("dtype") or "float32"
    if _layer_class(first) == "Embedding":
        # The input of an Embedding is integer indices.
        dtype = dtype if str(dtype).startswith(("int", "uint")) else "int32"
    input_layer = {
        "class_name": "InputLayer",
        "config": {"batch_shape": list(batch_shape), "dtype": dtype, "name": None},
    }
    first["config"] = first_config
    return [input_layer, first] + list(layers[1:])


def translate_model_config(model_config, context=None):
    """Translate a Keras 2 model config (``{"class_name", "config"}``) for Keras 3.

    Args:
        model_config: the decoded ``model_config`` / JSON / YAML dictionary;
            not modified.
        context: options of the translation (``safe_mode``); default None.

    Returns:
        A new dictionary ``{"class_name", "config"}`` that Keras 3 builds.

    Raises:
        ValueError: when the dictionary is not a model config.
    """
    context = context or {}
    if not isinstance(model_config, dict) or "class_name" not in model_config:
        raise ValueError(
            "expected a mapping with 'class_name' and "
            f"'config', got {type(model_config).__name__}"
            + (f" with keys {sorted(model_config)}" if isinstance(model_config, dict) else "")
        )
    class_name = model_config["class_name"]
    config = copy.deepcopy(model_config.get("config"))
    if class_name == "Sequential":
        config = _sequential_layers(config)
        layers = [translate_layer_config(layer, context) for layer in config.get("layers", [])]
        layers = [_strip_batch_input_shape(layer) for layer in _first_layer_input(layers)]
        for layer in layers:
            if _layer_class(layer) == "InputLayer" and layer["config"].get("name") is None:
                layer["config"].pop("name")
        config["layers"] = layers
        config.setdefault("name", None)
    elif class_name in ("Model", "Functional"):
        if not isinstance(config, dict) or "layers" not in config:
            raise ValueError(f"a {class_name} model config without 'layers'")
        config = dict(config)
        config["layers"] = [
            _translate_nodes(_strip_batch_input_shape(translate_layer_config(layer, context)))
            for layer in config["layers"]
        ]
        class_name = "Functional"
    else:
        return translate_layer_config(model_config, context)
    return {"class_name": class_name, "config": config}


# Recurrent layers that Keras 2 called as ``layer(x, initial_state=[h, c])``
# and saved with the states appended to the node's inputs.
_RECURRENT_LAYERS = ("LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM2D")


def _tensor_ref(inbound):
    # A Keras 3 serialized tensor; its shape is a placeholder that the
    # functional loader replaces by the output of the named layer.
    return {
        "class_name": "__keras_tensor__",
        "config": {"shape": [1], "dtype": "float32", "keras_history": list(inbound[:3])},
    }


def _node_initial_state(layer):
    if _layer_class(layer) not in _RECURRENT_LAYERS:
        return layer
    nodes = layer.get("inbound_nodes") or []
    if not any(isinstance(node, list) and len(node) > 1 for node in nodes):
        return layer
    new_nodes = []
    for node in nodes:
        if not isinstance(node, list) or len(node) < 2:
            new_nodes.append(node)
            continue
        kwargs = dict(node[0][3]) if len(node[0]) > 3 else {}
        kwargs["initial_state"] = [_tensor_ref(inbound) for inbound in node[1:]]
        new_nodes.append({"args": [_tensor_ref(node[0])], "kwargs": kwargs})
    return dict(layer, inbound_nodes=new_nodes)


NODE_RULES = [
    ("RNN initial_state saved as extra inputs", _node_initial_state),
]


def _translate_nodes(layer):
    for _, rule in NODE_RULES:
        layer = rule(layer)
    return layer


def _strip_batch_input_shape(layer):
    # Only an InputLayer carries a shape in Keras 3; Keras 2 also stored it on
    # the layer that created the input.
    if _layer_class(layer) != "InputLayer" and "batch_input_shape" in layer.get("config", {}):
        layer = dict(layer)
        layer["config"] = {k: v for k, v in layer["config"].items() if k != "batch_input_shape"}
    return layer


# --------------------------------------------------------------------------
# Optimizer rules: (Keras 2 argument, function(value, config) -> updates).


def _opt_lr(value, config):
    return {"learning_rate": value}


def _opt_decay(value, config):
    # Keras 2: lr / (1 + decay * iterations), the InverseTimeDecay schedule.
    if not value:
        return {}
    rate = config.get("learning_rate", config.get("lr"))
    if isinstance(rate, dict):
        return {}
    return {
        "learning_rate": {
            "module": "keras.optimizers.schedules",
            "registered_name": None,
            "class_name": "InverseTimeDecay",
            "config": {
                "initial_learning_rate": rate,
                "decay_steps": 1,
                "decay_rate": value,
                "staircase": False,
            },
        }
    }


def _opt_schedule_decay(value, config):
    # Nadam's `schedule_decay` has no Keras 3 argument; Keras 3 Nadam uses
    # its own fixed 0.004 momentum schedule, as Keras 2's default did.
    return {}


OPTIMIZER_RULES = [
    ("lr", _opt_lr),
    ("decay", _opt_decay),
    ("schedule_decay", _opt_schedule_decay),
]

OPTIMIZER_CLASS_NAMES = {
    "sgd": "SGD",
    "rmsprop": "RMSprop",
    "adagrad": "Adagrad",
    "adadelta": "Adadelta",
    "adam": "Adam",
    "adamax": "Adamax",
    "nadam": "Nadam",
}


def translate_optimizer_config(optimizer_config):
    """Translate a Keras 2 ``optimizer_config`` (``lr``, ``decay``, ...).

    Args:
        optimizer_config: ``{"class_name", "config"}`` or a string name.

    Returns:
        ``{"class_name", "config"}`` that ``keras.optimizers.deserialize`` takes.
    """
    if isinstance(optimizer_config, str):
        return {
            "class_name": OPTIMIZER_CLASS_NAMES.get(optimizer_config.lower(), optimizer_config),
            "config": {},
        }
    class_name = tf_keras_config.optimizer_class_name(optimizer_config["class_name"])
    class_name = OPTIMIZER_CLASS_NAMES.get(class_name.lower(), class_name)
    config = dict(optimizer_config.get("config", {}))
    for key in tf_keras_config.TF_KERAS_OPTIMIZER_KEYS:
        config.pop(key, None)
    for key, rule in OPTIMIZER_RULES:
        if key in config:
            value = config.pop(key)
            config.update(rule(value, dict(config, **{key: value})))
    return {"class_name": class_name, "config": config}


# --------------------------------------------------------------------------
# Loss and metric names.

# Keras 2 metric spellings that Keras 3 no longer resolves.
METRIC_NAMES = {
    "acc": "accuracy",
    "ce": "crossentropy",
    "fmeasure": None,  # Keras 2.0.4 batch-wise F-measure, removed in 2.0.5
    "fbeta_score": None,
    "precision": "Precision",
    "recall": "Recall",
}

LOSS_NAMES = {
    **KERAS2_SHORT_NAMES,
    **tf_keras_config.TF_KERAS_LOSS_NAMES,
    "cosine": "cosine_similarity",
    "cosine_proximity": "cosine_similarity",
    "kld": "kl_divergence",
    "KLD": "kl_divergence",
    "kullback_leibler_divergence": "kl_divergence",
    "logcosh": "log_cosh",
}


def _map_names(value, table, dropped):
    if isinstance(value, str):
        if value in table:
            if table[value] is None:
                dropped.append(value)
            return table[value]
        return value
    if isinstance(value, dict) and "class_name" not in value:
        return {k: _map_names(v, table, dropped) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        mapped = [_map_names(v, table, dropped) for v in value]
        return [v for v in mapped if v is not None]
    return value


def _train_loss(config, dropped):
    if config.get("loss") is not None:
        config["loss"] = _map_names(config["loss"], LOSS_NAMES, dropped)


def _train_metrics(config, dropped):
    # Metrics may be loss functions too ("mae"), which Keras 3 only resolves
    # by their long names.
    table = dict(LOSS_NAMES, **METRIC_NAMES)
    for key in ("metrics", "weighted_metrics"):
        if config.get(key) is not None:
            config[key] = _map_names(config[key], table, dropped) or None


def _train_optimizer(config, dropped):
    if config.get("optimizer_config") is not None:
        config["optimizer_config"] = translate_optimizer_config(config["optimizer_config"])


def _train_sample_weight_mode(config, dropped):
    # Keras 3 infers the sample weight mode from the data.
    config.pop("sample_weight_mode", None)


TRAINING_RULES = [
    *tf_keras_config.TF_KERAS_TRAINING_RULES,
    ("loss short names", _train_loss),
    ("metric short names", _train_metrics),
    ("optimizer lr/decay", _train_optimizer),
    ("sample_weight_mode", _train_sample_weight_mode),
]


def translate_training_config(training_config):
    """Translate a Keras 2 ``training_config``.

    Args:
        training_config: the decoded dictionary; not modified.

    Returns:
        ``(config, dropped)``: the new dictionary and the names of Keras 2
        metrics that Keras 3 cannot compute (the caller warns about them).
    """
    config = copy.deepcopy(training_config)
    dropped = []
    for _, rule in TRAINING_RULES:
        rule(config, dropped)
    return config, dropped


def spell_out_names(training_config):
    """Replace short loss/metric names by the long ones every Keras resolves.

    Keras 3's own HDF5 loader fails on ``"mse"``; a file written with
    ``"mean_squared_error"`` loads in Keras 2, Keras 3 and here.

    Args:
        training_config: a training config dictionary; not modified.
    """
    config = dict(training_config)
    dropped = []
    _train_loss(config, dropped)
    _train_metrics(config, dropped)
    return config
