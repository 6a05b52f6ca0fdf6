"""``keras.legacy.interfaces``: Keras 1 argument names, converted with a warning.

Legacy API: Keras 2.0-2.3 accepted the Keras 1 spelling of most layer and
model arguments (``Dense(output_dim=10, init='normal', W_regularizer=...)``,
``Convolution2D(64, 3, 3, border_mode='same', subsample=(2, 2),
dim_ordering='th')``, ``fit_generator(samples_per_epoch=...,
nb_val_samples=..., nb_worker=..., pickle_safe=...)``, ...), converted it to
the Keras 2 spelling and warned ``Update your `Dense` call to the Keras 2
API: `Dense(units=10, ...)```. Each ``legacy_*_support`` decorator here does
that for one constructor or method, with Keras 2's rules, warning text
(a `UserWarning`) and errors.

Keras 3 replacement: the Keras 2 names the warning prints, which Keras 3
kept (``units``, ``kernel_initializer``, ``padding``, ``strides``,
``data_format``, ``epochs``, ``steps_per_epoch``, ...).

Difference that remains: the warning is Keras 2's `UserWarning`, emitted on
every converted call as Keras 2 did, not a once-only `LegacyAPIWarning`.
"""

import functools
import inspect
import warnings

import numpy as np

__all__ = [
    "generate_legacy_interface",
    "generate_legacy_method_interface",
    "raise_duplicate_arg_error",
    "legacy_dense_support",
    "legacy_dropout_support",
    "embedding_kwargs_preprocessor",
    "legacy_embedding_support",
    "legacy_pooling1d_support",
    "legacy_prelu_support",
    "legacy_gaussiannoise_support",
    "recurrent_args_preprocessor",
    "legacy_recurrent_support",
    "legacy_gaussiandropout_support",
    "legacy_pooling2d_support",
    "legacy_pooling3d_support",
    "legacy_global_pooling_support",
    "legacy_upsampling1d_support",
    "legacy_upsampling2d_support",
    "legacy_upsampling3d_support",
    "conv1d_args_preprocessor",
    "legacy_conv1d_support",
    "conv2d_args_preprocessor",
    "legacy_conv2d_support",
    "separable_conv2d_args_preprocessor",
    "legacy_separable_conv2d_support",
    "deconv2d_args_preprocessor",
    "legacy_deconv2d_support",
    "conv3d_args_preprocessor",
    "legacy_conv3d_support",
    "batchnorm_args_preprocessor",
    "convlstm2d_args_preprocessor",
    "legacy_convlstm2d_support",
    "legacy_batchnorm_support",
    "zeropadding2d_args_preprocessor",
    "legacy_zeropadding2d_support",
    "legacy_zeropadding3d_support",
    "legacy_cropping2d_support",
    "legacy_cropping3d_support",
    "legacy_spatialdropout1d_support",
    "legacy_spatialdropoutNd_support",
    "legacy_lambda_support",
    "generator_methods_args_preprocessor",
    "legacy_generator_methods_support",
    "legacy_model_constructor_support",
    "legacy_input_support",
    "add_weight_args_preprocessing",
    "legacy_add_weight_support",
    "get_updates_arg_preprocessing",
    "legacy_get_updates_support",
]

# Keras 1's ``dim_ordering`` values and the Keras 2 ``data_format`` they mean.
_DIM_ORDERING = {"dim_ordering": {"tf": "channels_last", "th": "channels_first", "default": None}}
_DATA_FORMAT = [("dim_ordering", "data_format")]

# The Keras 1 names of a weighted layer's kernel and bias arguments.
_KERNEL_AND_BIAS = [
    ("init", "kernel_initializer"),
    ("W_regularizer", "kernel_regularizer"),
    ("b_regularizer", "bias_regularizer"),
    ("W_constraint", "kernel_constraint"),
    ("b_constraint", "bias_constraint"),
    ("bias", "use_bias"),
]
_CONV_MOVES = [("nb_filter", "filters"), ("subsample", "strides"), ("border_mode", "padding")]


def _shown(value):
    """One argument as Keras 2's warning prints it."""
    if isinstance(value, str):
        return f'"{value}"'
    text = "array" if isinstance(value, np.ndarray) else str(value)
    return text if len(text) <= 10 else text[:10] + "..."


def _keras2_call(object_name, args, kwargs):
    """The converted call, as Keras 2's warning spells it: ```Dense(units=10)```."""
    parts = [_shown(value) for value in args]
    parts += [f"{name}={_shown(value)}" for name, value in kwargs.items()]
    return f"`{object_name}({', '.join(parts)})`"


def _converted_value(table, value):
    try:
        return table.get(value, value)
    except TypeError:  # an unhashable value is never a Keras 1 spelling
        return value


def generate_legacy_interface(
    allowed_positional_args=None,
    conversions=None,
    preprocessor=None,
    value_conversions=None,
    object_type="class",
):
    """Make a decorator that converts Keras 1 arguments of a function to Keras 2's.

    The decorated function receives the Keras 2 arguments. When anything was
    converted, a `UserWarning` ``Update your `<name>` call to the Keras 2
    API: `<name>(<the converted call>)``` is emitted.

    Args:
        allowed_positional_args: names of the positional arguments the
            function takes after ``self``; more raise `TypeError`. Default
            None: no check.
        conversions: ``(keras1_name, keras2_name)`` keyword renames, in
            order; a call giving both names raises `TypeError`. Default None.
        preprocessor: ``f(args, kwargs) -> (args, kwargs, converted)`` run
            first, for conversions that are not renames (``converted`` lists
            what it changed; non-empty means the warning is emitted). Default
            None.
        value_conversions: ``{keras1_name: {keras1_value: keras2_value}}``,
            applied before the renames. Default None.
        object_type: ``"class"`` (the function is a constructor; the warning
            names the class of ``self``) or ``"method"`` (it names the
            function). Default ``"class"``.
    """
    check_positional = allowed_positional_args is not None
    allowed = list(allowed_positional_args or [])
    renames = list(conversions or [])
    values = dict(value_conversions or {})

    def convert(object_name, args, kwargs, stacklevel=2):
        # Returns the Keras 2 (args, kwargs) of a call whose first argument is
        # `self`; the warning points `stacklevel` frames above this function.
        converted = []
        if preprocessor is not None:
            args, kwargs, converted = preprocessor(args, kwargs)
            converted = list(converted)
        if check_positional and len(args) > len(allowed) + 1:
            raise TypeError(
                f"`{object_name}` can accept only {len(allowed)} positional arguments "
                f"{tuple(allowed)}, but you passed the following positional arguments: {list(args[1:])}"
            )
        for key, table in values.items():
            if key in kwargs:
                kwargs[key] = _converted_value(table, kwargs[key])
        for old_name, new_name in renames:
            if old_name not in kwargs:
                continue
            value = kwargs.pop(old_name)
            if new_name in kwargs:
                raise_duplicate_arg_error(old_name, new_name)
            kwargs[new_name] = value
            converted.append((new_name, old_name))
        if converted:
            call = _keras2_call(object_name, args[1:], kwargs)
            warnings.warn(
                f"Update your `{object_name}` call to the Keras 2 API: {call}", stacklevel=stacklevel + 1
            )
        return args, kwargs

    def legacy_support(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            object_name = type(args[0]).__name__ if object_type == "class" else func.__name__
            # The preprocessors' own warnings point four frames up: the caller.
            args, kwargs = convert(object_name, args, kwargs, stacklevel=2)
            return func(*args, **kwargs)

        wrapper._original_function = func
        # Keras 3 reads a layer constructor's signature with
        # `inspect.getfullargspec`, which does not follow `__wrapped__`.
        wrapper.__signature__ = inspect.signature(func)
        return wrapper

    # For a caller that converts without decorating (a class whose public
    # name is not its Python name): ``convert(name, (self, *args), kwargs)``.
    legacy_support.convert = convert
    return legacy_support


generate_legacy_method_interface = functools.partial(generate_legacy_interface, object_type="method")


def raise_duplicate_arg_error(old_arg, new_arg):
    """Raise Keras 2's `TypeError` for a call giving both `old_arg` (Keras 1) and `new_arg`."""
    raise TypeError(
        f"For the `{new_arg}` argument, the layer received both the legacy keyword argument "
        f"`{old_arg}` and the Keras 2 keyword argument `{new_arg}`. Stick to the latter!"
    )


# -- core layers -------------------------------------------------------------

legacy_dense_support = generate_legacy_interface(
    allowed_positional_args=["units"], conversions=[("output_dim", "units")] + _KERNEL_AND_BIAS
)

legacy_dropout_support = generate_legacy_interface(
    allowed_positional_args=["rate", "noise_shape", "seed"], conversions=[("p", "rate")]
)

legacy_spatialdropout1d_support = generate_legacy_interface(
    allowed_positional_args=["rate"], conversions=[("p", "rate")]
)

legacy_spatialdropoutNd_support = generate_legacy_interface(  # noqa: N816 (Keras 2's name)
    allowed_positional_args=["rate"],
    conversions=[("p", "rate")] + _DATA_FORMAT,
    value_conversions=_DIM_ORDERING,
)

legacy_lambda_support = generate_legacy_interface(allowed_positional_args=["function", "output_shape"])


def embedding_kwargs_preprocessor(args, kwargs):
    """Drop Keras 1's ``Embedding(dropout=...)``, with Keras 2's warning."""
    if "dropout" in kwargs:
        kwargs.pop("dropout")
        warnings.warn(
            "The `dropout` argument is no longer support in `Embedding`. You can apply a "
            "`keras.layers.SpatialDropout1D` layer right after the `Embedding` layer to get the same behavior.",
            stacklevel=4,
        )
    return args, kwargs, []


legacy_embedding_support = generate_legacy_interface(
    allowed_positional_args=["input_dim", "output_dim"],
    conversions=[
        ("init", "embeddings_initializer"),
        ("W_regularizer", "embeddings_regularizer"),
        ("W_constraint", "embeddings_constraint"),
    ],
    preprocessor=embedding_kwargs_preprocessor,
)

legacy_prelu_support = generate_legacy_interface(
    allowed_positional_args=["alpha_initializer"], conversions=[("init", "alpha_initializer")]
)

legacy_gaussiannoise_support = generate_legacy_interface(
    allowed_positional_args=["stddev"], conversions=[("sigma", "stddev")]
)

legacy_gaussiandropout_support = generate_legacy_interface(
    allowed_positional_args=["rate"], conversions=[("p", "rate")]
)


def batchnorm_args_preprocessor(args, kwargs):
    """Keras 1's ``BatchNormalization(mode=0)``: dropped; other modes raise `TypeError`."""
    if len(args) > 1:
        raise TypeError(
            "The `BatchNormalization` layer does not accept positional arguments. Use keyword arguments instead."
        )
    converted = []
    if "mode" in kwargs:
        if kwargs.pop("mode") != 0:
            raise TypeError(
                "The `mode` argument of `BatchNormalization` no longer exists. "
                "`mode=1` and `mode=2` are no longer supported."
            )
        converted.append(("mode", None))
    return args, kwargs, converted


legacy_batchnorm_support = generate_legacy_interface(
    allowed_positional_args=[],
    conversions=[("beta_init", "beta_initializer"), ("gamma_init", "gamma_initializer")],
    preprocessor=batchnorm_args_preprocessor,
)

# -- pooling, up-sampling, padding, cropping ---------------------------------

legacy_pooling1d_support = generate_legacy_interface(
    allowed_positional_args=["pool_size", "strides", "padding"],
    conversions=[("pool_length", "pool_size"), ("stride", "strides"), ("border_mode", "padding")],
)

legacy_pooling2d_support = generate_legacy_interface(
    allowed_positional_args=["pool_size", "strides", "padding"],
    conversions=[("border_mode", "padding")] + _DATA_FORMAT,
    value_conversions=_DIM_ORDERING,
)

legacy_pooling3d_support = generate_legacy_interface(
    allowed_positional_args=["pool_size", "strides", "padding"],
    conversions=[("border_mode", "padding")] + _DATA_FORMAT,
    value_conversions=_DIM_ORDERING,
)

legacy_global_pooling_support = generate_legacy_interface(conversions=_DATA_FORMAT, value_conversions=_DIM_ORDERING)

legacy_upsampling1d_support = generate_legacy_interface(
    allowed_positional_args=["size"], conversions=[("length", "size")]
)

legacy_upsampling2d_support = generate_legacy_interface(
    allowed_positional_args=["size"], conversions=_DATA_FORMAT, value_conversions=_DIM_ORDERING
)

legacy_upsampling3d_support = generate_legacy_interface(
    allowed_positional_args=["size"], conversions=_DATA_FORMAT, value_conversions=_DIM_ORDERING
)

_PAD_KEYS = {"top_pad", "bottom_pad", "left_pad", "right_pad"}


def _padding_from_dict(padding):
    return (
        (padding.get("top_pad", 0), padding.get("bottom_pad", 0)),
        (padding.get("left_pad", 0), padding.get("right_pad", 0)),
    )


def zeropadding2d_args_preprocessor(args, kwargs):
    """Keras 1's ``ZeroPadding2D(padding={'top_pad': ..., ...})`` as nested tuples, with Keras 2's warning."""
    padding = kwargs.get("padding")
    if isinstance(padding, dict):
        if set(padding) <= _PAD_KEYS:
            kwargs["padding"] = _padding_from_dict(padding)
            warnings.warn(
                "The `padding` argument in the Keras 2 API no longeraccepts dict types. You can now input "
                "argument as: `padding=(top_pad, bottom_pad, left_pad, right_pad)`.",
                stacklevel=4,
            )
    elif len(args) == 2 and isinstance(args[1], dict) and set(args[1]) <= _PAD_KEYS:
        args = (args[0], _padding_from_dict(args[1]))
        warnings.warn(
            "The `padding` argument in the Keras 2 API no longeraccepts dict types. You can now input "
            "argument as: `padding=((top_pad, bottom_pad), (left_pad, right_pad))`",
            stacklevel=4,
        )
    return args, kwargs, []


legacy_zeropadding2d_support = generate_legacy_interface(
    allowed_positional_args=["padding"],
    conversions=_DATA_FORMAT,
    value_conversions=_DIM_ORDERING,
    preprocessor=zeropadding2d_args_preprocessor,
)

legacy_zeropadding3d_support = generate_legacy_interface(
    allowed_positional_args=["padding"], conversions=_DATA_FORMAT, value_conversions=_DIM_ORDERING
)

legacy_cropping2d_support = generate_legacy_interface(
    allowed_positional_args=["cropping"], conversions=_DATA_FORMAT, value_conversions=_DIM_ORDERING
)

legacy_cropping3d_support = generate_legacy_interface(
    allowed_positional_args=["cropping"], conversions=_DATA_FORMAT, value_conversions=_DIM_ORDERING
)

# -- recurrent layers --------------------------------------------------------

_FORGET_BIAS_IGNORED = (
    "The `forget_bias_init` argument has been ignored. Use `unit_forget_bias=True` instead to initialize with ones."
)


def _forget_bias_init(kwargs, converted):
    # Keras 1's forget_bias_init='one' is Keras 2's unit_forget_bias=True;
    # any other initializer is dropped.
    if "forget_bias_init" not in kwargs:
        return
    if kwargs.pop("forget_bias_init") == "one":
        kwargs["unit_forget_bias"] = True
        converted.append(("forget_bias_init", "unit_forget_bias"))
    else:
        warnings.warn(_FORGET_BIAS_IGNORED, stacklevel=5)


def recurrent_args_preprocessor(args, kwargs):
    """``forget_bias_init`` and ``input_dim`` / ``input_length`` of Keras 1's recurrent layers."""
    converted = []
    _forget_bias_init(kwargs, converted)
    if "input_dim" in kwargs:
        input_length = kwargs.pop("input_length", None)
        kwargs["input_shape"] = (input_length, kwargs.pop("input_dim"))
        converted.append(("input_dim", "input_shape"))
        warnings.warn(
            "The `input_dim` and `input_length` arguments in recurrent layers are deprecated. "
            "Use `input_shape` instead.",
            stacklevel=4,
        )
    return args, kwargs, converted


legacy_recurrent_support = generate_legacy_interface(
    allowed_positional_args=["units"],
    conversions=[
        ("output_dim", "units"),
        ("init", "kernel_initializer"),
        ("inner_init", "recurrent_initializer"),
        ("inner_activation", "recurrent_activation"),
        ("W_regularizer", "kernel_regularizer"),
        ("b_regularizer", "bias_regularizer"),
        ("U_regularizer", "recurrent_regularizer"),
        ("dropout_W", "dropout"),
        ("dropout_U", "recurrent_dropout"),
        ("consume_less", "implementation"),
    ],
    value_conversions={"consume_less": {"cpu": 0, "mem": 1, "gpu": 2}},
    preprocessor=recurrent_args_preprocessor,
)

# -- convolutions ------------------------------------------------------------

_INT_KERNEL_AND_STRIDES = (
    "It seems that you are using the Keras 2 and you are passing both `kernel_size` and `strides` as integer "
    "positional arguments. For safety reasons, this is disallowed. Pass `strides` as a keyword argument instead."
)


def _refuse_ambiguous_positionals(kwargs):
    if any(key in kwargs for key in ("padding", "strides", "data_format")):
        raise ValueError(_INT_KERNEL_AND_STRIDES)


def conv1d_args_preprocessor(args, kwargs):
    """Keras 1's ``Convolution1D(input_dim=, input_length=)`` as ``input_shape``."""
    converted = []
    if "input_dim" in kwargs:
        length = kwargs.pop("input_length", None)
        kwargs["input_shape"] = (length, kwargs.pop("input_dim"))
        converted.append(("input_shape", "input_dim"))
    return args, kwargs, converted


legacy_conv1d_support = generate_legacy_interface(
    allowed_positional_args=["filters", "kernel_size"],
    conversions=[
        ("nb_filter", "filters"),
        ("filter_length", "kernel_size"),
        ("subsample_length", "strides"),
        ("border_mode", "padding"),
    ]
    + _KERNEL_AND_BIAS,
    preprocessor=conv1d_args_preprocessor,
)


def conv2d_args_preprocessor(args, kwargs):
    """Keras 1's ``Convolution2D(nb_filter, nb_row, nb_col)`` as ``(filters, (nb_row, nb_col))``."""
    converted = []
    if len(args) > 4:
        raise TypeError("Layer can receive at most 3 positional arguments.")
    if len(args) == 4:
        if isinstance(args[2], int) and isinstance(args[3], int):
            _refuse_ambiguous_positionals(kwargs)
            args = [args[0], args[1], (args[2], args[3])]
            converted.append(("kernel_size", "nb_row/nb_col"))
    elif len(args) == 3:
        if isinstance(args[2], int) and "nb_col" in kwargs:
            args = [args[0], args[1], (args[2], kwargs.pop("nb_col"))]
            converted.append(("kernel_size", "nb_row/nb_col"))
    elif len(args) in (1, 2) and "nb_row" in kwargs and "nb_col" in kwargs:
        kernel_size = (kwargs.pop("nb_row"), kwargs.pop("nb_col"))
        if len(args) == 2:
            args = [args[0], args[1], kernel_size]
        else:
            kwargs["kernel_size"] = kernel_size
        converted.append(("kernel_size", "nb_row/nb_col"))
    return args, kwargs, converted


legacy_conv2d_support = generate_legacy_interface(
    allowed_positional_args=["filters", "kernel_size"],
    conversions=_CONV_MOVES + _DATA_FORMAT + _KERNEL_AND_BIAS,
    value_conversions=_DIM_ORDERING,
    preprocessor=conv2d_args_preprocessor,
)


def separable_conv2d_args_preprocessor(args, kwargs):
    """Keras 1's ``SeparableConvolution2D(init=)`` for both kernels, then `conv2d_args_preprocessor`."""
    converted = []
    if "init" in kwargs:
        init = kwargs.pop("init")
        kwargs["depthwise_initializer"] = init
        kwargs["pointwise_initializer"] = init
        converted.append(("init", "depthwise_initializer/pointwise_initializer"))
    args, kwargs, more = conv2d_args_preprocessor(args, kwargs)
    return args, kwargs, converted + more


legacy_separable_conv2d_support = generate_legacy_interface(
    allowed_positional_args=["filters", "kernel_size"],
    conversions=_CONV_MOVES
    + _DATA_FORMAT
    + [("b_regularizer", "bias_regularizer"), ("b_constraint", "bias_constraint"), ("bias", "use_bias")],
    value_conversions=_DIM_ORDERING,
    preprocessor=separable_conv2d_args_preprocessor,
)


def deconv2d_args_preprocessor(args, kwargs):
    """Keras 1's ``Deconvolution2D(..., output_shape)``: the output shape is dropped (Keras 2 infers it)."""
    converted = []
    if len(args) == 5 and isinstance(args[4], tuple):
        args = args[:-1]
        converted.append(("output_shape", None))
    if "output_shape" in kwargs:
        kwargs.pop("output_shape")
        converted.append(("output_shape", None))
    args, kwargs, more = conv2d_args_preprocessor(args, kwargs)
    return args, kwargs, converted + more


legacy_deconv2d_support = generate_legacy_interface(
    allowed_positional_args=["filters", "kernel_size"],
    conversions=_CONV_MOVES + _DATA_FORMAT + _KERNEL_AND_BIAS,
    value_conversions=_DIM_ORDERING,
    preprocessor=deconv2d_args_preprocessor,
)

_KERNEL_DIMS = ("kernel_dim1", "kernel_dim2", "kernel_dim3")


def conv3d_args_preprocessor(args, kwargs):
    """Keras 1's ``Convolution3D(nb_filter, kernel_dim1, kernel_dim2, kernel_dim3)`` as a ``kernel_size`` tuple."""
    converted = []
    if len(args) > 5:
        raise TypeError("Layer can receive at most 4 positional arguments.")
    if len(args) == 5:
        if all(isinstance(x, int) for x in args[2:5]):
            args = [args[0], args[1], tuple(args[2:5])]
            converted.append(("kernel_size", "kernel_dim*"))
    elif len(args) == 4 and isinstance(args[3], int):
        if isinstance(args[2], int):
            _refuse_ambiguous_positionals(kwargs)
        if "kernel_dim3" in kwargs:
            args = [args[0], args[1], (args[2], args[3], kwargs.pop("kernel_dim3"))]
            converted.append(("kernel_size", "kernel_dim*"))
    elif len(args) == 3:
        if "kernel_dim2" in kwargs and "kernel_dim3" in kwargs:
            args = [args[0], args[1], (args[2], kwargs.pop("kernel_dim2"), kwargs.pop("kernel_dim3"))]
            converted.append(("kernel_size", "kernel_dim*"))
    elif len(args) in (1, 2) and all(key in kwargs for key in _KERNEL_DIMS):
        kernel_size = tuple(kwargs.pop(key) for key in _KERNEL_DIMS)
        if len(args) == 2:
            args = [args[0], args[1], kernel_size]
            converted.append(("kernel_size", "kernel_dim*"))
        else:
            kwargs["kernel_size"] = kernel_size
            converted.append(("kernel_size", "nb_row/nb_col"))
    return args, kwargs, converted


legacy_conv3d_support = generate_legacy_interface(
    allowed_positional_args=["filters", "kernel_size"],
    conversions=_CONV_MOVES + _DATA_FORMAT + _KERNEL_AND_BIAS,
    value_conversions=_DIM_ORDERING,
    preprocessor=conv3d_args_preprocessor,
)


def convlstm2d_args_preprocessor(args, kwargs):
    """``forget_bias_init`` as in `recurrent_args_preprocessor`, then `conv2d_args_preprocessor`."""
    converted = []
    _forget_bias_init(kwargs, converted)
    args, kwargs, more = conv2d_args_preprocessor(args, kwargs)
    return args, kwargs, converted + more


legacy_convlstm2d_support = generate_legacy_interface(
    allowed_positional_args=["filters", "kernel_size"],
    conversions=_CONV_MOVES
    + _DATA_FORMAT
    + [
        ("init", "kernel_initializer"),
        ("inner_init", "recurrent_initializer"),
        ("W_regularizer", "kernel_regularizer"),
        ("U_regularizer", "recurrent_regularizer"),
        ("b_regularizer", "bias_regularizer"),
        ("inner_activation", "recurrent_activation"),
        ("dropout_W", "dropout"),
        ("dropout_U", "recurrent_dropout"),
        ("bias", "use_bias"),
    ],
    value_conversions=_DIM_ORDERING,
    preprocessor=convlstm2d_args_preprocessor,
)

# -- models, inputs, weights, optimizers -------------------------------------

_KERAS1_GENERATOR_ARGS = {"samples_per_epoch", "val_samples", "nb_epoch", "nb_val_samples", "nb_worker"}


def generator_methods_args_preprocessor(args, kwargs):
    """Keras 1's ``samples_per_epoch`` as ``steps_per_epoch``, and Keras 2's warning on the changed meaning.

    As in Keras 2, the number of samples becomes a number of batches by
    dividing by the generator's ``batch_size`` when it has one (Keras's image
    iterators), and is taken as the number of batches otherwise.
    """
    converted = []
    if len(args) < 3 and "samples_per_epoch" in kwargs:
        samples = kwargs.pop("samples_per_epoch")
        generator = args[1] if len(args) > 1 else kwargs["generator"]
        batch_size = getattr(generator, "batch_size", None)
        kwargs["steps_per_epoch"] = samples // batch_size if batch_size is not None else samples
        converted.append(("samples_per_epoch", "steps_per_epoch"))
    if _KERAS1_GENERATOR_ARGS.intersection(kwargs):
        warnings.warn(
            "The semantics of the Keras 2 argument `steps_per_epoch` is not the same as the Keras 1 argument "
            "`samples_per_epoch`. `steps_per_epoch` is the number of batches to draw from the generator at each "
            "epoch. Basically steps_per_epoch = samples_per_epoch/batch_size. Similarly "
            "`nb_val_samples`->`validation_steps` and `val_samples`->`steps` arguments have changed. Update your "
            "method calls accordingly.",
            stacklevel=4,
        )
    return args, kwargs, converted


legacy_generator_methods_support = generate_legacy_method_interface(
    allowed_positional_args=["generator", "steps_per_epoch", "epochs"],
    conversions=[
        ("samples_per_epoch", "steps_per_epoch"),
        ("val_samples", "steps"),
        ("nb_epoch", "epochs"),
        ("nb_val_samples", "validation_steps"),
        ("nb_worker", "workers"),
        ("pickle_safe", "use_multiprocessing"),
        ("max_q_size", "max_queue_size"),
    ],
    preprocessor=generator_methods_args_preprocessor,
)

legacy_model_constructor_support = generate_legacy_interface(
    allowed_positional_args=None, conversions=[("input", "inputs"), ("output", "outputs")]
)

legacy_input_support = generate_legacy_interface(allowed_positional_args=None, conversions=[("input_dtype", "dtype")])


def add_weight_args_preprocessing(args, kwargs):
    """Keras 1's ``add_weight(shape, name, ...)`` order: a leading shape (and a name after it) as keywords."""
    if len(args) > 1 and isinstance(args[1], (tuple, list)):
        kwargs["shape"] = args[1]
        args = (args[0],) + tuple(args[2:])
        if len(args) > 1 and isinstance(args[1], str):
            kwargs["name"] = args[1]
            args = (args[0],) + tuple(args[2:])
    return args, kwargs, []


legacy_add_weight_support = generate_legacy_interface(
    allowed_positional_args=["name", "shape"], preprocessor=add_weight_args_preprocessing
)


def get_updates_arg_preprocessing(args, kwargs):
    """Keras 2.0's ``get_updates(params, constraints, loss)`` as Keras 2.1's ``get_updates(loss, params)``.

    The constraints are dropped: since Keras 2.1 they belong to the variables.
    """
    if len(args) > 4:
        raise TypeError("`get_update` call received more arguments than expected.")
    if len(args) == 4:
        optimizer, params, _constraints, loss = args
        kwargs["loss"] = loss
        kwargs["params"] = params
        return [optimizer], kwargs, []
    if len(args) == 3 and isinstance(args[1], (list, tuple)):
        if not isinstance(args[2], dict) or "loss" not in kwargs:
            raise TypeError(
                "`get_updates(params, constraints, loss=loss)` expects a dict of constraints and the `loss` keyword."
            )
        kwargs["params"] = args[1]
        return [args[0]], kwargs, []
    return args, kwargs, []


legacy_get_updates_support = generate_legacy_interface(
    allowed_positional_args=None, conversions=[], preprocessor=get_updates_arg_preprocessing
)


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
