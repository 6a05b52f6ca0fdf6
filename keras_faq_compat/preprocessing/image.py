"""``keras.preprocessing.image``: ``ImageDataGenerator``, its iterators and the image helpers.

Legacy API: Keras 2.2.4's and 2.3.1's ``keras.preprocessing.image`` (Keras-Preprocessing 1.0.5 and
1.1): ``ImageDataGenerator(...)`` with ``fit``, ``standardize``, ``get_random_transform``,
``apply_transform``, ``random_transform``, ``flow``, ``flow_from_directory``,
``flow_from_dataframe``; iterators with Keras 2's ``next()`` method; ``datagen.principal_components``
after a ZCA ``fit``; ``apply_affine_transform(x, ..., row_axis=0, col_axis=1, channel_axis=2)``,
``random_rotation`` / ``random_shift`` / ``random_shear`` / ``random_zoom``; ``load_img(path,
grayscale=False, color_mode='rgb', target_size=None, interpolation='nearest')``.

Keras 3 replacement: ``keras.utils.image_dataset_from_directory`` and the augmentation layers
(``keras.layers.RandomRotation``, ``RandomTranslation``, ``RandomZoom``, ...);
``keras.utils.load_img(path, color_mode='grayscale')``; ``next(iterator)``.

Keras 3 keeps a port of Keras-Preprocessing; this module serves it where it behaves the same and
restores Keras-Preprocessing's results where the port changed them:

* affine transforms turn about Keras-Preprocessing's centre (``size / 2 + 0.5``; the port uses
  ``size / 2 - 0.5``) and take the matrix in (row, column) order as it did (the port swaps the
  axes), so that a seed gives the same rotated, shifted, sheared and zoomed images as Keras 2;
* ``random_rotation`` / ``random_shift`` / ``random_shear`` / ``random_zoom`` pass on only
  `channel_axis`, as Keras-Preprocessing did: the centre is taken from the image's first two axes;
* ``brightness_range`` in a generator stretches each image to 0..255 before the shift, as
  Keras-Preprocessing did (the port keeps the image's range);
* ZCA whitening uses Keras-Preprocessing's matrix (``u / sqrt(s + zca_epsilon) u^T`` of the
  covariance), available as ``principal_components``;
* an image that cannot be read is reported with its path (Keras 3 names an in-memory buffer).

Remaining difference: ``interpolation_order`` and ``dtype`` (Keras 2.3.1) are taken under Keras 2.2.4
too.
"""

import inspect
import warnings

import numpy as np

from keras_faq_compat import _internals, _lazy
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf
from keras_faq_compat.deprecation import warn_legacy

__all__ = [
    "ImageDataGenerator",
    "NumpyArrayIterator",
    "DirectoryIterator",
    "DataFrameIterator",
    "load_img",
    "apply_affine_transform",
    "random_rotation",
    "random_shift",
    "random_shear",
    "random_zoom",
]

_image = _tf.keras.preprocessing.image


def _ndimage():
    """``scipy.ndimage``, or one ImportError naming the extra that installs it."""
    try:
        from scipy import ndimage
    except ImportError as error:
        raise ImportError(
            "keras.preprocessing.image: rotations, shifts, shears and zooms need SciPy, which is "
            "not installed; install it with `pip install keras-faq-compat[image]` (or `pip install scipy`)."
        ) from error
    return ndimage


def _scipy_linalg():
    """``scipy.linalg``, or one ImportError naming the extra that installs it."""
    try:
        from scipy import linalg
    except ImportError as error:
        raise ImportError(
            "keras.preprocessing.image: `zca_whitening` needs SciPy, which is not installed; "
            "install it with `pip install keras-faq-compat[image]` (or `pip install scipy`)."
        ) from error
    return linalg


def load_img(path, grayscale=False, color_mode="rgb", target_size=None, interpolation="nearest"):
    """Load an image file as a PIL image.

    Args:
        path: the image file.
        grayscale: Keras 2's older spelling of ``color_mode='grayscale'``; default False.
        color_mode: ``'grayscale'``, ``'rgb'`` or ``'rgba'``; default ``'rgb'``.
        target_size: ``(height, width)`` to resize to; default None (the file's size).
        interpolation: the resampling method when resizing; default ``'nearest'``.
    """
    if grayscale:
        warn_legacy("keras.preprocessing.image.load_img(grayscale=True)", "load_img(color_mode='grayscale')")
        color_mode = "grayscale"
    try:
        return _keras.utils.load_img(path, color_mode=color_mode, target_size=target_size, interpolation=interpolation)
    except (OSError, SyntaxError) as error:
        if isinstance(error, FileNotFoundError):
            raise
        raise OSError(f"keras.preprocessing.image.load_img: cannot read the image file {path!r}: {error}") from error


def _offset_center(matrix, rows, cols):
    # Keras-Preprocessing put the centre half a pixel past the middle; Keras 3 half a pixel before.
    o_r = float(rows) / 2 + 0.5
    o_c = float(cols) / 2 + 0.5
    offset = np.array([[1, 0, o_r], [0, 1, o_c], [0, 0, 1]])
    reset = np.array([[1, 0, -o_r], [0, 1, -o_c], [0, 0, 1]])
    return offset @ matrix @ reset


def apply_affine_transform(x, theta=0, tx=0, ty=0, shear=0, zx=1, zy=1, row_axis=0, col_axis=1, channel_axis=2,
                           fill_mode="nearest", cval=0.0, order=1):
    """`x` rotated, shifted, sheared and zoomed, as Keras-Preprocessing computed it.

    The matrix acts on (axis `row_axis`, axis `col_axis`) coordinates, about the point
    ``(shape / 2 + 0.5)`` of those axes.

    Args:
        x: a 3D array, one image.
        theta: rotation in degrees; default 0.
        tx: shift along `row_axis` in pixels; default 0.
        ty: shift along `col_axis` in pixels; default 0.
        shear: shear angle in degrees; default 0.
        zx: zoom along `row_axis`; default 1.
        zy: zoom along `col_axis`; default 1.
        row_axis: axis of the rows; default 0.
        col_axis: axis of the columns; default 1.
        channel_axis: axis of the channels; default 2.
        fill_mode: ``'constant'``, ``'nearest'``, ``'reflect'`` or ``'wrap'``; default ``'nearest'``.
        cval: the value outside the image with ``fill_mode='constant'``; default 0.
        order: the spline order of the interpolation; default 1.
    """
    parts = []
    if theta != 0:
        t = np.deg2rad(theta)
        parts.append(np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]]))
    if tx != 0 or ty != 0:
        parts.append(np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]]))
    if shear != 0:
        s = np.deg2rad(shear)
        parts.append(np.array([[1, -np.sin(s), 0], [0, np.cos(s), 0], [0, 0, 1]]))
    if zx != 1 or zy != 1:
        parts.append(np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]]))
    if not parts:
        return x
    ndimage = _ndimage()
    matrix = parts[0]
    for part in parts[1:]:
        matrix = matrix @ part
    matrix = _offset_center(matrix, x.shape[row_axis], x.shape[col_axis])
    channels = np.rollaxis(x, channel_axis, 0)
    out = np.stack(
        [ndimage.affine_transform(c, matrix[:2, :2], matrix[:2, 2], order=order, mode=fill_mode, cval=cval)
         for c in channels],
        axis=0,
    )
    return np.rollaxis(out, 0, channel_axis + 1)


# Keras-Preprocessing's random_* gave apply_affine_transform only `channel_axis`; their
# `row_axis` / `col_axis` arguments are accepted and, as there, not used.
def random_rotation(x, rg, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                    interpolation_order=1):
    """`x` rotated by a random angle in ``[-rg, rg]`` degrees.

    Args:
        x: a 3D array, one image.
        rg: the largest angle, in degrees.
        row_axis, col_axis: accepted and not used, as in Keras 2.
        channel_axis: axis of the channels; default 0.
        fill_mode, cval, interpolation_order: as in `apply_affine_transform`.
    """
    theta = np.random.uniform(-rg, rg)
    return apply_affine_transform(x, theta=theta, channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_shift(x, wrg, hrg, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                 interpolation_order=1):
    """`x` shifted by random fractions of its height and width.

    Args:
        x: a 3D array, one image.
        wrg: the largest shift, as a fraction of the width (axis `col_axis`).
        hrg: the largest shift, as a fraction of the height (axis `row_axis`).
        row_axis: axis of the rows; default 1.
        col_axis: axis of the columns; default 2.
        channel_axis: axis of the channels; default 0.
        fill_mode, cval, interpolation_order: as in `apply_affine_transform`.
    """
    h, w = x.shape[row_axis], x.shape[col_axis]
    tx = np.random.uniform(-hrg, hrg) * h
    ty = np.random.uniform(-wrg, wrg) * w
    return apply_affine_transform(x, tx=tx, ty=ty, channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_shear(x, intensity, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                 interpolation_order=1):
    """`x` sheared by a random angle in ``[-intensity, intensity]`` degrees.

    Args:
        x: a 3D array, one image.
        intensity: the largest shear angle, in degrees.
        row_axis, col_axis: accepted and not used, as in Keras 2.
        channel_axis: axis of the channels; default 0.
        fill_mode, cval, interpolation_order: as in `apply_affine_transform`.
    """
    shear = np.random.uniform(-intensity, intensity)
    return apply_affine_transform(x, shear=shear, channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_zoom(x, zoom_range, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                interpolation_order=1):
    """`x` zoomed by random factors drawn from `zoom_range`, one per axis.

    Args:
        x: a 3D array, one image.
        zoom_range: ``(lower, upper)`` zoom factors.
        row_axis, col_axis: accepted and not used, as in Keras 2.
        channel_axis: axis of the channels; default 0.
        fill_mode, cval, interpolation_order: as in `apply_affine_transform`.
    """
    if len(zoom_range) != 2:
        raise ValueError(f"random_zoom: `zoom_range` should be a tuple or list of two floats; got {zoom_range!r}.")
    if zoom_range[0] == 1 and zoom_range[1] == 1:
        zx, zy = 1, 1
    else:
        zx, zy = np.random.uniform(zoom_range[0], zoom_range[1], 2)
    return apply_affine_transform(x, zx=zx, zy=zy, channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def _unreadable_file(filepaths):
    """The first of `filepaths` that PIL cannot read, or None."""
    from PIL import Image

    for path in filepaths:
        try:
            with Image.open(path) as img:
                img.load()
        except Exception:  # noqa: BLE001 - any failure of PIL marks the file as the bad one
            return path
    return None


def _named_error(filepaths, error):
    """`error` of reading a batch, as an OSError naming the unreadable file of `filepaths` (or `error`)."""
    bad = _unreadable_file(filepaths)
    if bad is None:
        return error
    return OSError(f"keras.preprocessing.image: cannot read the image file {bad!r}: {error}")


class _ReportsBadFiles:
    """Batches of files whose unreadable image is named by its path, as Keras 2's ``load_img`` named it."""

    def __getitem__(self, idx):
        try:
            return super().__getitem__(idx)
        except (OSError, SyntaxError) as error:
            order = self.index_array if self.index_array is not None else range(self.n)
            batch = order[self.batch_size * idx:self.batch_size * (idx + 1)]
            raise _named_error([self.filepaths[j] for j in batch], error) from error

    def __next__(self):
        try:
            return super().__next__()
        except (OSError, SyntaxError) as error:
            # The batch drawn is not known here: the first unreadable file of all is named.
            raise _named_error(self.filepaths, error) from error

    def next(self):
        """The next batch (Keras 2's spelling of ``next(iterator)``)."""
        return self.__next__()


class NumpyArrayIterator(_image.NumpyArrayIterator):
    """Keras 3's ``NumpyArrayIterator`` with Keras 2's ``next()``."""

    def next(self):
        """The next batch (Keras 2's spelling of ``next(iterator)``)."""
        return self.__next__()


class DirectoryIterator(_ReportsBadFiles, _image.DirectoryIterator):
    """Keras 3's ``DirectoryIterator`` with Keras 2's ``next()``; an unreadable image is named by its path."""


class DataFrameIterator(_ReportsBadFiles, _internals.legacy_dataframe_iterator_class()):
    """Keras 3's ``DataFrameIterator`` (Keras-Preprocessing 1.1's) with Keras 2's ``next()``."""


class ImageDataGenerator(_image.ImageDataGenerator):
    """Keras 2's ``ImageDataGenerator``: Keras-Preprocessing's transforms and ZCA, iterators with ``next()``.

    Args: those of Keras 2.3.1's ``ImageDataGenerator`` (Keras 2.2.4's plus ``interpolation_order``
    and ``dtype``).
    """

    # Keras 3's `standardize` reads `zca_whitening_matrix`; Keras 2 code reads and sets
    # `principal_components`: one attribute under both names.
    @property
    def zca_whitening_matrix(self):
        return getattr(self, "principal_components", None)

    @zca_whitening_matrix.setter
    def zca_whitening_matrix(self, value):
        self.principal_components = value

    def fit(self, x, augment=False, rounds=1, seed=None):
        """Compute the featurewise statistics and ZCA matrix of sample images `x`, as Keras 2 did.

        Args:
            x: sample images, a rank-4 array.
            augment: fit on randomly transformed copies; default False.
            rounds: with `augment`, the passes over `x`; default 1.
            seed: seed of NumPy's global generator; default None.
        """
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4:
            raise ValueError(f"ImageDataGenerator.fit: `x` should have rank 4; got an array of shape {x.shape}.")
        if x.shape[self.channel_axis] not in {1, 3, 4}:
            warnings.warn(
                f"ImageDataGenerator.fit: expected images with 1, 3 or 4 channels on axis {self.channel_axis} "
                f"(data_format={self.data_format!r}); got an array of shape {x.shape}.",
                stacklevel=2,
            )
        if seed is not None:
            np.random.seed(seed)
        x = np.copy(x)
        if self.rescale:
            x *= self.rescale
        if augment:
            x = np.stack([self.random_transform(image) for _ in range(rounds) for image in x]).astype(self.dtype)
        stats_axes = (0, self.row_axis, self.col_axis)
        broadcast = [1, 1, 1]
        broadcast[self.channel_axis - 1] = x.shape[self.channel_axis]
        if self.featurewise_center:
            self.mean = np.reshape(np.mean(x, axis=stats_axes), broadcast)
            x -= self.mean
        if self.featurewise_std_normalization:
            self.std = np.reshape(np.std(x, axis=stats_axes), broadcast)
            x /= self.std + 1e-6
        if self.zca_whitening:
            # Keras-Preprocessing's matrix: from SciPy's SVD of the covariance, epsilon inside the root.
            flat = x.reshape(x.shape[0], -1)
            sigma = flat.T @ flat / flat.shape[0]
            u, s, _ = _scipy_linalg().svd(sigma)
            self.principal_components = (u * (1.0 / np.sqrt(s[np.newaxis] + self.zca_epsilon))) @ u.T

    def apply_transform(self, x, transform_parameters):
        """`x` transformed by `transform_parameters`, as Keras-Preprocessing applied them.

        Args:
            x: a 3D array, one image.
            transform_parameters: a dict with any of ``theta``, ``tx``, ``ty``, ``shear``, ``zx``,
                ``zy``, ``flip_horizontal``, ``flip_vertical``, ``channel_shift_intensity``,
                ``brightness``.
        """
        row, col, channel = self.row_axis - 1, self.col_axis - 1, self.channel_axis - 1
        p = transform_parameters
        x = apply_affine_transform(
            x, p.get("theta", 0), p.get("tx", 0), p.get("ty", 0), p.get("shear", 0), p.get("zx", 1), p.get("zy", 1),
            row_axis=row, col_axis=col, channel_axis=channel, fill_mode=self.fill_mode, cval=self.cval,
            order=self.interpolation_order,
        )
        if p.get("channel_shift_intensity") is not None:
            x = _image.apply_channel_shift(x, p["channel_shift_intensity"], channel)
        if p.get("flip_horizontal", False):
            x = np.flip(x, col)
        if p.get("flip_vertical", False):
            x = np.flip(x, row)
        if p.get("brightness") is not None:
            # Keras-Preprocessing stretched the image to 0..255 first (array_to_img's scale=True).
            x = _image.apply_brightness_shift(x, p["brightness"], True)
        return x

    def flow(self, x, *args, **kwargs):
        """Batches of ``(x, y)`` from arrays; the arguments of Keras 2's ``flow``."""
        arguments = _arguments(_image.ImageDataGenerator.flow, self, x, *args, **kwargs)
        return NumpyArrayIterator(
            image_data_generator=self, data_format=self.data_format, dtype=self.dtype, **arguments
        )

    def flow_from_directory(self, directory, *args, **kwargs):
        """Batches of images from the class folders of `directory`; the arguments of Keras 2's ``flow_from_directory``."""
        arguments = _arguments(_image.ImageDataGenerator.flow_from_directory, self, directory, *args, **kwargs)
        return DirectoryIterator(
            image_data_generator=self, data_format=self.data_format, dtype=self.dtype, **arguments
        )

    def flow_from_dataframe(self, dataframe, *args, **kwargs):
        """Batches of the images a pandas data frame lists; the arguments of Keras 2.3.1's ``flow_from_dataframe``.

        ``has_ext``, ``sort`` and ``drop_duplicates`` (Keras-Preprocessing 1.0.x) are taken with a
        warning and not used, and ``class_mode='other'`` is read as ``'raw'``, as in Keras 2.3.1.
        """
        try:
            import pandas  # noqa: F401 - the data frame's own package, which the iterator uses
        except ImportError as error:
            raise ImportError(
                "ImageDataGenerator.flow_from_dataframe needs pandas, which is not installed; "
                "install it with `pip install pandas`."
            ) from error
        arguments = _arguments(_image.ImageDataGenerator.flow_from_dataframe, self, dataframe, *args, **kwargs)
        extra = arguments.pop("kwargs")
        for name, why in _DROPPED_DATAFRAME_ARGUMENTS.items():
            if name in extra:
                extra.pop(name)
                warnings.warn(f"flow_from_dataframe: `{name}` is deprecated and not used: {why}.",
                              DeprecationWarning, stacklevel=2)
        if extra:
            raise TypeError(f"flow_from_dataframe: unexpected arguments {sorted(extra)}.")
        if arguments["class_mode"] == "other":
            warnings.warn("flow_from_dataframe: `class_mode='other'` is deprecated; use `class_mode='raw'`.",
                          DeprecationWarning, stacklevel=2)
            arguments["class_mode"] = "raw"
        return DataFrameIterator(
            arguments.pop("dataframe"), arguments.pop("directory"), self,
            data_format=self.data_format, dtype=self.dtype, **arguments,
        )


_DROPPED_DATAFRAME_ARGUMENTS = {
    "has_ext": "the file names in the data frame must be the names on disk",
    "sort": "with shuffle=False the batches follow the data frame's order",
    "drop_duplicates": "use the data frame's drop_duplicates method",
}


def _arguments(method, *args, **kwargs):
    """The arguments of a call of `method`, by name, without ``self``, defaults filled in."""
    bound = inspect.signature(method).bind(*args, **kwargs)
    bound.apply_defaults()
    arguments = dict(bound.arguments)
    arguments.pop("self")
    return arguments


__getattr__, __dir__ = _lazy.surface(__name__)
