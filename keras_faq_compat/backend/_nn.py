"""Keras 2 neural-network and image functions whose ``tf.keras.backend`` ports give other numbers.

Legacy API: ``K.binary_crossentropy(target, output, from_logits=False)``,
``K.ctc_decode(y_pred, input_length, greedy=True, beam_width=100,
top_paths=1)`` and ``K.resize_images(x, height_factor, width_factor,
data_format, interpolation='nearest')``.

Keras 3 replacement: ``keras.losses.binary_crossentropy``,
``keras.ops.ctc_decode``, ``keras.layers.UpSampling2D`` /
``keras.ops.image.resize``.

Remaining difference: none in the numbers. Keras 2 computed the binary
crossentropy of probabilities through logits (``log(p / (1 - p))`` of the
clipped output), where Keras 3's port adds ``epsilon`` inside the logarithms;
it decoded CTC to a dense tensor as wide as the longest decoded sequence
(Keras 3's port pads to the number of time steps); it resized images with
TensorFlow 1's ``resize_bilinear`` / ``resize_nearest_neighbor`` (corner
aligned, no half-pixel offset), where TensorFlow 2's ``tf.image.resize``
samples at pixel centres.
"""

from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf
from keras_faq_compat.backend._common import check_data_format, legacy_function
from keras_faq_compat.backend._symbolic import graph_function

__all__ = ["binary_crossentropy", "ctc_decode", "resize_images"]


@legacy_function("keras.losses.binary_crossentropy")
@graph_function
def binary_crossentropy(target, output, from_logits=False):
    """Legacy ``K.binary_crossentropy(target, output, from_logits=False)``, element-wise.

    Args:
        target: a tensor of targets, the shape of `output`.
        output: probabilities, or logits when `from_logits` is True.
        from_logits: whether `output` holds logits; default False
            (probabilities, clipped to ``[epsilon, 1 - epsilon]``).
    """
    output = _tf.convert_to_tensor(output)
    target = _tf.cast(target, output.dtype)
    if not from_logits:
        epsilon = _tf.constant(_keras.config.epsilon(), output.dtype)
        output = _tf.clip_by_value(output, epsilon, 1 - epsilon)
        output = _tf.math.log(output / (1 - output))
    return _tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)


@legacy_function("keras.ops.ctc_decode")
@graph_function
def ctc_decode(y_pred, input_length, greedy=True, beam_width=100, top_paths=1, merge_repeated=False):
    """Legacy ``K.ctc_decode``: the best paths of a softmax output, as dense label tensors.

    Args:
        y_pred: ``(samples, time_steps, num_categories)`` probabilities, the
            blank label last.
        input_length: ``(samples,)`` int tensor, each sequence's length.
        greedy: best-path decoding; default True (False: beam search).
        beam_width: the beam search's width; default 100.
        top_paths: how many paths the beam search returns; default 1.
        merge_repeated: Keras 2.3.1's argument: the beam search merges
            repeated labels of its beams; default False (Keras 2.2.4 on
            TensorFlow 1 merged them).

    Returns:
        a pair: a list of `top_paths` int tensors ``(samples,
        longest_decoded_length)`` padded with -1, and the ``(samples,
        top_paths)`` log probabilities (greedy: the negative sum of the best
        path's logits).
    """
    y_pred = _tf.math.log(_tf.transpose(y_pred, perm=[1, 0, 2]) + _keras.config.epsilon())
    input_length = _tf.cast(input_length, _tf.int32)
    if greedy:
        decoded, log_prob = _tf.nn.ctc_greedy_decoder(inputs=y_pred, sequence_length=input_length)
    else:
        decoded, log_prob = _tf.compat.v1.nn.ctc_beam_search_decoder(
            inputs=y_pred,
            sequence_length=input_length,
            beam_width=beam_width,
            top_paths=top_paths,
            merge_repeated=merge_repeated,
        )
    # Each sparse result is as wide as its longest decoded sequence, and stays so.
    return [_tf.sparse.to_dense(path, default_value=-1) for path in decoded], log_prob


@legacy_function("keras.layers.UpSampling2D or keras.ops.image.resize")
@graph_function
def resize_images(x, height_factor, width_factor, data_format, interpolation="nearest"):
    """Legacy ``K.resize_images``: enlarge the rows and columns of a 4-D tensor by integer factors.

    Args:
        x: a 4-D tensor, ``(batch, rows, cols, channels)`` or, for
            ``channels_first``, ``(batch, channels, rows, cols)``.
        height_factor: a positive int.
        width_factor: a positive int.
        data_format: ``'channels_first'``, ``'channels_last'`` or None
            (``keras.config.image_data_format()``).
        interpolation: ``'nearest'`` or ``'bilinear'``; default ``'nearest'``.

    Raises:
        ValueError: for another `data_format` or `interpolation`.
    """
    data_format = check_data_format(data_format)
    # TensorFlow 1's kernels, without the half-pixel offset of TensorFlow 2's tf.image.resize.
    if interpolation == "nearest":
        resize = _tf.raw_ops.ResizeNearestNeighbor
    elif interpolation == "bilinear":
        resize = _tf.raw_ops.ResizeBilinear
    else:
        raise ValueError('interpolation should be one of "nearest" or "bilinear".')
    x = _tf.convert_to_tensor(x)
    rows, cols = (2, 3) if data_format == "channels_first" else (1, 2)
    if x.shape[rows] is not None and x.shape[cols] is not None:
        # Static sizes keep the result's static shape inside a tf.function.
        size = [x.shape[rows] * height_factor, x.shape[cols] * width_factor]
    else:
        size = _tf.shape(x)[rows : cols + 1] * _tf.constant([height_factor, width_factor])
    if data_format == "channels_first":
        x = _tf.transpose(x, (0, 2, 3, 1))
    x = resize(images=x, size=size, align_corners=False, half_pixel_centers=False)
    if data_format == "channels_first":
        x = _tf.transpose(x, (0, 3, 1, 2))
    return x
