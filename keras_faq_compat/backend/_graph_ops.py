"""The ``K.*`` tensor functions Keras 3 keeps in ``tf.keras.backend``, also on symbolic tensors.

Legacy API: ``K.mean``, ``K.square``, ``K.concatenate``, ``K.spatial_2d_padding``,
``K.rnn``, ... (the Keras 2 functions that ``tf.keras.backend`` still has)
applied to a ``K.placeholder`` or a model's tensors, as Keras 2 code builds
losses and gradients; and ``K.int_shape``, ``K.ndim``, ``K.dtype``,
``K.is_sparse`` of such tensors.

Keras 3 replacement: ``keras.ops`` (which works on symbolic tensors).

Remaining difference: none in the numbers: on eager values each one is
``tf.keras.backend``'s function; given a symbolic tensor it is one node of
the Keras 3 graph that runs that same function when the graph is evaluated.
"""

from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf
from keras_faq_compat.backend._symbolic import graph_function, is_graph_tensor, tf_variable

__all__ = [
    "abs",
    "all",
    "any",
    "arange",
    "argmax",
    "argmin",
    "batch_flatten",
    "batch_normalization",
    "bias_add",
    "cast",
    "categorical_crossentropy",
    "clip",
    "concatenate",
    "cos",
    "ctc_batch_cost",
    "ctc_label_dense_to_sparse",
    "cumprod",
    "cumsum",
    "dot",
    "dropout",
    "elu",
    "equal",
    "exp",
    "expand_dims",
    "flatten",
    "foldl",
    "foldr",
    "gather",
    "greater",
    "greater_equal",
    "hard_sigmoid",
    "in_top_k",
    "l2_normalize",
    "less",
    "less_equal",
    "log",
    "map_fn",
    "max",
    "maximum",
    "mean",
    "min",
    "minimum",
    "not_equal",
    "one_hot",
    "ones_like",
    "permute_dimensions",
    "pow",
    "prod",
    "relu",
    "repeat",
    "repeat_elements",
    "reshape",
    "resize_volumes",
    "reverse",
    "rnn",
    "round",
    "shape",
    "sigmoid",
    "sign",
    "sin",
    "softmax",
    "softplus",
    "softsign",
    "sparse_categorical_crossentropy",
    "spatial_2d_padding",
    "spatial_3d_padding",
    "sqrt",
    "square",
    "squeeze",
    "stack",
    "std",
    "stop_gradient",
    "sum",
    "tanh",
    "temporal_padding",
    "tile",
    "to_dense",
    "transpose",
    "var",
    "zeros_like",
    "count_params",
    "int_shape",
    "ndim",
    "dtype",
    "is_sparse",
]

# Keras 3's ports of the Keras 2 functions (eager: TensorFlow ops on tensors).
_tfk = _tf.keras.backend

abs = graph_function(_tfk.abs)
all = graph_function(_tfk.all)
any = graph_function(_tfk.any)
arange = graph_function(_tfk.arange)
argmax = graph_function(_tfk.argmax)
argmin = graph_function(_tfk.argmin)
batch_flatten = graph_function(_tfk.batch_flatten)
batch_normalization = graph_function(_tfk.batch_normalization)
bias_add = graph_function(_tfk.bias_add)
cast = graph_function(_tfk.cast)
categorical_crossentropy = graph_function(_tfk.categorical_crossentropy)
clip = graph_function(_tfk.clip)
count_params = graph_function(_tfk.count_params)
concatenate = graph_function(_tfk.concatenate)
cos = graph_function(_tfk.cos)
ctc_batch_cost = graph_function(_tfk.ctc_batch_cost)
ctc_label_dense_to_sparse = graph_function(_tfk.ctc_label_dense_to_sparse)
cumprod = graph_function(_tfk.cumprod)
cumsum = graph_function(_tfk.cumsum)
dot = graph_function(_tfk.dot)
dropout = graph_function(_tfk.dropout)
elu = graph_function(_tfk.elu)
equal = graph_function(_tfk.equal)
exp = graph_function(_tfk.exp)
expand_dims = graph_function(_tfk.expand_dims)
flatten = graph_function(_tfk.flatten)
foldl = graph_function(_tfk.foldl)
foldr = graph_function(_tfk.foldr)
gather = graph_function(_tfk.gather)
greater = graph_function(_tfk.greater)
greater_equal = graph_function(_tfk.greater_equal)
hard_sigmoid = graph_function(_tfk.hard_sigmoid)
in_top_k = graph_function(_tfk.in_top_k)
l2_normalize = graph_function(_tfk.l2_normalize)
less = graph_function(_tfk.less)
less_equal = graph_function(_tfk.less_equal)
log = graph_function(_tfk.log)
map_fn = graph_function(_tfk.map_fn)
max = graph_function(_tfk.max)
maximum = graph_function(_tfk.maximum)
mean = graph_function(_tfk.mean)
min = graph_function(_tfk.min)
minimum = graph_function(_tfk.minimum)
not_equal = graph_function(_tfk.not_equal)
one_hot = graph_function(_tfk.one_hot)
ones_like = graph_function(_tfk.ones_like)
permute_dimensions = graph_function(_tfk.permute_dimensions)
pow = graph_function(_tfk.pow)
prod = graph_function(_tfk.prod)
relu = graph_function(_tfk.relu)
repeat = graph_function(_tfk.repeat)
repeat_elements = graph_function(_tfk.repeat_elements)
reshape = graph_function(_tfk.reshape)
resize_volumes = graph_function(_tfk.resize_volumes)
reverse = graph_function(_tfk.reverse)
rnn = graph_function(_tfk.rnn)
round = graph_function(_tfk.round)
shape = graph_function(_tfk.shape)
sigmoid = graph_function(_tfk.sigmoid)
sign = graph_function(_tfk.sign)
sin = graph_function(_tfk.sin)
softmax = graph_function(_tfk.softmax)
softplus = graph_function(_tfk.softplus)
softsign = graph_function(_tfk.softsign)
sparse_categorical_crossentropy = graph_function(_tfk.sparse_categorical_crossentropy)
spatial_2d_padding = graph_function(_tfk.spatial_2d_padding)
spatial_3d_padding = graph_function(_tfk.spatial_3d_padding)
sqrt = graph_function(_tfk.sqrt)
square = graph_function(_tfk.square)
squeeze = graph_function(_tfk.squeeze)
stack = graph_function(_tfk.stack)
std = graph_function(_tfk.std)
stop_gradient = graph_function(_tfk.stop_gradient)
sum = graph_function(_tfk.sum)
tanh = graph_function(_tfk.tanh)
temporal_padding = graph_function(_tfk.temporal_padding)
tile = graph_function(_tfk.tile)
to_dense = graph_function(_tfk.to_dense)
transpose = graph_function(_tfk.transpose)
var = graph_function(_tfk.var)
zeros_like = graph_function(_tfk.zeros_like)


def int_shape(x):
    """Legacy ``K.int_shape(x)``: the static shape as a tuple (None for unknown sizes).

    Args:
        x: a tensor, variable or symbolic tensor.
    """
    if is_graph_tensor(x):
        return tuple(x.shape)
    return _tfk.int_shape(tf_variable(x))


def ndim(x):
    """Legacy ``K.ndim(x)``: the number of axes, an int.

    Args:
        x: a tensor, variable or symbolic tensor.
    """
    if is_graph_tensor(x):
        return len(x.shape)
    return _tfk.ndim(tf_variable(x))


def dtype(x):
    """Legacy ``K.dtype(x)``: the dtype's name (``'float32'``).

    Args:
        x: a tensor, variable or symbolic tensor.
    """
    if is_graph_tensor(x):
        return _keras.backend.standardize_dtype(x.dtype)
    return _tfk.dtype(tf_variable(x))


def is_sparse(x):
    """Legacy ``K.is_sparse(x)``: whether `x` is a sparse tensor.

    Args:
        x: a tensor, variable or symbolic tensor.
    """
    if is_graph_tensor(x):
        return bool(x.sparse)
    return _tfk.is_sparse(tf_variable(x))
