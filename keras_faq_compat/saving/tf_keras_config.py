"""Config rules for files written by tf.keras in TensorFlow 2.0 to 2.15.

Legacy API: configs that ``model.save('x.h5')``, ``model.to_json()`` and
``model.save('x.keras')`` of tf.keras 2.x wrote (``keras_version`` 2.2.4-tf
to 2.15.0).

Keras 3 replacement: configs written by Keras 3.

tf.keras configs differ from standalone Keras 2.2 configs by arguments
Keras 3 dropped (``time_major``), options it spells another way
(``reduction='auto'``, ``Custom>Adam``), initializer configs with a
``dtype`` and metrics serialized as objects (``MeanMetricWrapper`` holding a
function's name). Each quirk is one rule here; `legacy_config` runs them
with its own tables, on every file, and they leave Keras 3 configs as they
are. Remaining difference: ``time_major=True`` has no Keras 3 equivalent
and gives one clear error.
"""

__all__ = [
    "TF_KERAS_LAYER_RULES",
    "TF_KERAS_TRAINING_RULES",
    "TF_KERAS_LOSS_NAMES",
    "METRIC_FUNCTION_CLASSES",
    "TF_KERAS_OPTIMIZER_KEYS",
]

_RECURRENT = ("LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D")

# Loss aliases of tf.keras 2.x (``keras.losses.bce``...) that Keras 3 lost.
TF_KERAS_LOSS_NAMES = {
    "bce": "binary_crossentropy",
    "BCE": "binary_crossentropy",
    "huber_loss": "huber",
}

# tf.keras saved ``metrics=['accuracy']`` (and metric functions) as a
# ``MeanMetricWrapper`` whose ``fn`` is the function's name; Keras 3 leaves
# that name a string. The metric classes computing the same mean.
METRIC_FUNCTION_CLASSES = {
    "accuracy": "Accuracy",
    "binary_accuracy": "BinaryAccuracy",
    "categorical_accuracy": "CategoricalAccuracy",
    "sparse_categorical_accuracy": "SparseCategoricalAccuracy",
    "top_k_categorical_accuracy": "TopKCategoricalAccuracy",
    "sparse_top_k_categorical_accuracy": "SparseTopKCategoricalAccuracy",
    "binary_crossentropy": "BinaryCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "mean_squared_error": "MeanSquaredError",
    "mean_absolute_error": "MeanAbsoluteError",
    "mean_absolute_percentage_error": "MeanAbsolutePercentageError",
    "mean_squared_logarithmic_error": "MeanSquaredLogarithmicError",
    "hinge": "Hinge",
    "squared_hinge": "SquaredHinge",
    "categorical_hinge": "CategoricalHinge",
    "kl_divergence": "KLDivergence",
    "kullback_leibler_divergence": "KLDivergence",
    "poisson": "Poisson",
    "cosine_similarity": "CosineSimilarity",
    "logcosh": "LogCoshError",
    "log_cosh": "LogCoshError",
}

# Optimizer config keys of tf.keras 2.11+ that no Keras 3 optimizer takes
# (Keras 3 compiles the whole train step, not the optimizer alone).
TF_KERAS_OPTIMIZER_KEYS = ("is_legacy_optimizer", "jit_compile")

# ``reduction`` values of tf.keras loss objects, in Keras 3 spelling.
_REDUCTIONS = {"auto": "sum_over_batch_size", "sum_over_batch_size": "sum_over_batch_size"}


# --------------------------------------------------------------------------
# Layer rules: (class_name, config, context) -> (class_name, config).


def _rule_time_major(class_name, config, context):
    # Every tf.keras 2.x RNN config carries ``time_major`` (default False);
    # Keras 3 only reads batch-major sequences.
    if class_name not in _RECURRENT or "time_major" not in config:
        return class_name, config
    if config["time_major"]:
        raise ValueError(
            f"layer {config.get('name')!r} ({class_name}) was saved with time_major=True, "
            "which Keras 3 does not support; rebuild it batch-major and load the weights"
        )
    return class_name, {k: v for k, v in config.items() if k != "time_major"}


def _rule_attention_score_mode(class_name, config, context):
    # 'dot' is Keras 3's default; spelled out, the legacy deserializer
    # mistakes it for the function ``keras.layers.dot``.
    if class_name in ("Attention", "AdditiveAttention") and config.get("score_mode") == "dot":
        config = {k: v for k, v in config.items() if k != "score_mode"}
    return class_name, config


def _initializer_without_dtype(value):
    inner = value.get("config")
    if isinstance(inner, dict) and "dtype" in inner:
        return dict(value, config={k: v for k, v in inner.items() if k != "dtype"})
    return value


def _rule_initializer_dtype(class_name, config, context):
    # TF 2.0-2.2 wrote ``GlorotUniform(dtype='float32')``; Keras 3
    # initializers take no dtype (the variable has one).
    changed = {}
    for key, value in config.items():
        if key.endswith("initializer") and isinstance(value, dict) and isinstance(value.get("config"), dict):
            new = _initializer_without_dtype(value)
            if new is not value:
                changed[key] = new
    if changed:
        config = dict(config, **changed)
    return class_name, config


def _rule_batch_normalization_axis(class_name, config, context):
    # tf.keras 2.x kept a BatchNormalization axis as a list ([3]); Keras 3's
    # BatchNormalization takes one int.
    axis = config.get("axis")
    if class_name == "BatchNormalization" and isinstance(axis, list) and len(axis) == 1:
        config = dict(config, axis=axis[0])
    return class_name, config


TF_KERAS_LAYER_RULES = [
    ("tf.keras RNN time_major", _rule_time_major),
    ("tf.keras Attention score_mode 'dot'", _rule_attention_score_mode),
    ("tf.keras initializer dtype", _rule_initializer_dtype),
    ("tf.keras BatchNormalization axis as a list", _rule_batch_normalization_axis),
]


# --------------------------------------------------------------------------
# Training rules: (config, dropped) -> None, changing `config` in place.


def _metric_object(value):
    if isinstance(value, list):
        return [_metric_object(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "class_name" not in value:
        return {k: _metric_object(v) for k, v in value.items()}
    if value.get("class_name") != "MeanMetricWrapper":
        return value
    inner = dict(value.get("config") or {})
    fn = inner.pop("fn", None)
    if not isinstance(fn, str):
        return value
    target = METRIC_FUNCTION_CLASSES.get(fn)
    if target is None:
        # A metric function of another name: Keras 3 resolves the name.
        return fn
    # The wrapper's own name stays what the user compiled with ('acc').
    return {"class_name": target, "config": {k: v for k, v in inner.items() if k in ("name", "dtype")}}


def _train_metric_objects(config, dropped):
    for key in ("metrics", "weighted_metrics"):
        if config.get(key) is not None:
            config[key] = _metric_object(config[key])


def _loss_reduction(value):
    if isinstance(value, list):
        return [_loss_reduction(v) for v in value]
    if isinstance(value, dict) and "class_name" not in value:
        return {k: _loss_reduction(v) for k, v in value.items()}
    if isinstance(value, dict) and isinstance(value.get("config"), dict):
        reduction = value["config"].get("reduction")
        if reduction in _REDUCTIONS and reduction != _REDUCTIONS[reduction]:
            return dict(value, config=dict(value["config"], reduction=_REDUCTIONS[reduction]))
    return value


def _train_loss_reduction(config, dropped):
    # tf.keras losses defaulted to reduction='auto', which Keras 3 dropped.
    if config.get("loss") is not None:
        config["loss"] = _loss_reduction(config["loss"])


TF_KERAS_TRAINING_RULES = [
    ("tf.keras MeanMetricWrapper with a function name", _train_metric_objects),
    ("tf.keras loss reduction 'auto'", _train_loss_reduction),
]


def optimizer_class_name(class_name):
    """The Keras 3 class name for a tf.keras optimizer class name.

    tf.keras 2.11+ serialised its new optimizers as ``Custom>Adam``.

    Args:
        class_name: the saved ``class_name``.
    """
    if isinstance(class_name, str) and class_name.startswith("Custom>"):
        return class_name[len("Custom>") :]
    return class_name
