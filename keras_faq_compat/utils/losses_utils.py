"""``keras.utils.losses_utils`` (Keras 2.3): loss reductions and sample weighting.

Legacy API: ``Reduction`` (``NONE``, ``SUM``, ``SUM_OVER_BATCH_SIZE``, ``all()``,
``validate(key)``), ``squeeze_or_expand_dimensions(y_pred, y_true=None, sample_weight=None)``,
``reduce_weighted_loss(weighted_losses, reduction)``, ``broadcast_weights(values,
sample_weight)``, ``compute_weighted_loss(losses, sample_weight=None, reduction=..., name=None)``.

Keras 3 replacement: a loss's ``reduction=`` argument (the same strings, ``'sum'``,
``'sum_over_batch_size'``, ``None`` for none) and ``sample_weight`` of the loss call.

The functions take and return backend tensors (``keras.ops``); `name` is accepted and unused.
"""

from keras_faq_compat._real import keras as _keras

__all__ = [
    "Reduction",
    "squeeze_or_expand_dimensions",
    "reduce_weighted_loss",
    "broadcast_weights",
    "compute_weighted_loss",
]

_ops = _keras.ops


class Reduction:
    """The names of the ways a loss is reduced (Keras 2.3).

    * ``NONE``: the weighted losses, unreduced;
    * ``SUM``: their sum;
    * ``SUM_OVER_BATCH_SIZE``: their sum over their number of elements.
    """

    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"

    @classmethod
    def all(cls):
        """The three reduction names."""
        return (cls.NONE, cls.SUM, cls.SUM_OVER_BATCH_SIZE)

    @classmethod
    def validate(cls, key):
        """Raise ValueError unless `key` is a reduction name."""
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}.")


def _rank(x):
    return len(_ops.shape(x))


def squeeze_or_expand_dimensions(y_pred, y_true=None, sample_weight=None):
    """Make the ranks of `y_pred`, `y_true` and `sample_weight` agree on the last axis.

    A last axis of size 1 is squeezed from `y_pred` or `y_true` when their ranks differ by one;
    `sample_weight` is then squeezed or expanded by one axis to match `y_pred` (a scalar weight
    stays a scalar).

    Args:
        y_pred: the predictions.
        y_true: the labels; default None.
        sample_weight: the weights; default None.

    Returns:
        ``(y_pred, y_true)`` without `sample_weight`, else ``(y_pred, y_true, sample_weight)``.
    """
    if y_true is not None:
        pred_rank, true_rank = _rank(y_pred), _rank(y_true)
        if pred_rank - true_rank == 1 and _ops.shape(y_pred)[-1] == 1:
            y_pred = _ops.squeeze(y_pred, -1)
        elif true_rank - pred_rank == 1 and _ops.shape(y_true)[-1] == 1:
            y_true = _ops.squeeze(y_true, -1)
    if sample_weight is None:
        return y_pred, y_true
    pred_rank, weight_rank = _rank(y_pred), _rank(sample_weight)
    if weight_rank != 0:
        if pred_rank == 0 and weight_rank == 1:
            y_pred = _ops.expand_dims(y_pred, -1)
        elif weight_rank - pred_rank == 1:
            sample_weight = _ops.squeeze(sample_weight, -1)
        elif pred_rank - weight_rank == 1:
            sample_weight = _ops.expand_dims(sample_weight, -1)
    return y_pred, y_true, sample_weight


def reduce_weighted_loss(weighted_losses, reduction=Reduction.SUM_OVER_BATCH_SIZE):
    """`weighted_losses` reduced by `reduction` (a `Reduction` name); default its mean."""
    if reduction == Reduction.NONE:
        return weighted_losses
    loss = _ops.sum(weighted_losses)
    if reduction == Reduction.SUM_OVER_BATCH_SIZE:
        loss = loss / _ops.cast(_ops.size(weighted_losses), loss.dtype)
    return loss


def broadcast_weights(values, sample_weight):
    """`sample_weight` expanded and repeated to the shape of `values`.

    Args:
        values: the tensor the weights apply to.
        sample_weight: weights of rank at most ``values``'s, whose axes are 1 or match.
    """
    weights_shape = tuple(_ops.shape(sample_weight))
    values_shape = tuple(_ops.shape(values))
    if weights_shape == values_shape:
        return sample_weight
    weights_rank, values_rank = len(weights_shape), len(values_shape)
    if weights_rank > values_rank:
        raise ValueError(f"Incompatible shapes: `values` {values_shape} vs `sample_weight` {weights_shape}")
    for axis in range(weights_rank, values_rank):
        sample_weight = _ops.expand_dims(sample_weight, axis)
    for axis in range(weights_rank):
        w, v = weights_shape[axis], values_shape[axis]
        if w is not None and v is not None and w != v:
            if w != 1:
                raise ValueError(f"Incompatible shapes: `values` {values_shape} vs `sample_weight` {weights_shape}")
            sample_weight = _ops.repeat(sample_weight, v, axis=axis)
    return sample_weight


def compute_weighted_loss(losses, sample_weight=None, reduction=Reduction.SUM_OVER_BATCH_SIZE, name=None):
    """`losses` times `sample_weight`, reduced, in the dtype of `losses` (Keras 2.3).

    Args:
        losses: a tensor of shape ``(batch_size, d1, ... dN)``.
        sample_weight: a scalar, or weights broadcastable to `losses`; default None (1).
        reduction: a `Reduction` name; default ``SUM_OVER_BATCH_SIZE``.
        name: unused (Keras 2's op name scope); default None.
    """
    Reduction.validate(reduction)
    if sample_weight is None:
        sample_weight = 1.0
    floatx = _keras.config.floatx()
    input_dtype = _keras.backend.standardize_dtype(losses.dtype) if hasattr(losses, "dtype") else floatx
    losses = _ops.cast(losses, floatx)
    sample_weight = _ops.cast(sample_weight, floatx)
    losses, _, sample_weight = squeeze_or_expand_dimensions(losses, None, sample_weight)
    sample_weight = broadcast_weights(losses, sample_weight)
    loss = reduce_weighted_loss(sample_weight * losses, reduction)
    return _ops.cast(loss, input_dtype)


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
