"""``keras.preprocessing.image``: ``ImageDataGenerator``, its iterators and the image file helpers.

Legacy API: ``ImageDataGenerator(...).flow(...)`` / ``.flow_from_directory(...)`` whose iterators have
Keras 2's ``next()`` method; ``load_img(path, grayscale=False, color_mode='rgb', target_size=None,
interpolation='nearest')``.
Keras 3 replacement: ``keras.utils.image_dataset_from_directory`` and the augmentation layers;
``keras.utils.load_img(path, color_mode='grayscale')``; ``next(iterator)``.
Differences: none in the images; the generator and iterators are Keras 3's port of
Keras-Preprocessing (its rotations follow the exact image centre, so pixels of a rotated image may
differ from Keras-Preprocessing 1.0.5's).
"""

import inspect

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf
from keras_faq_compat.deprecation import warn_legacy

__all__ = ["ImageDataGenerator", "NumpyArrayIterator", "DirectoryIterator", "load_img"]

_image = _tf.keras.preprocessing.image


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
    return _keras.utils.load_img(path, color_mode=color_mode, target_size=target_size, interpolation=interpolation)


class NumpyArrayIterator(_image.NumpyArrayIterator):
    """Keras 3's ``NumpyArrayIterator`` with Keras 2's ``next()``."""

    def next(self):
        """The next batch (Keras 2's spelling of ``next(iterator)``)."""
        return self.__next__()


class DirectoryIterator(_image.DirectoryIterator):
    """Keras 3's ``DirectoryIterator`` with Keras 2's ``next()``."""

    def next(self):
        """The next batch (Keras 2's spelling of ``next(iterator)``)."""
        return self.__next__()


class ImageDataGenerator(_image.ImageDataGenerator):
    """Keras 3's ``ImageDataGenerator`` whose iterators have Keras 2's ``next()``.

    Args: those of ``tf.keras.preprocessing.image.ImageDataGenerator``.
    """

    def flow(self, x, *args, **kwargs):
        """Batches of ``(x, y)`` from arrays; the arguments of Keras 3's ``flow``."""
        arguments = _arguments(_image.ImageDataGenerator.flow, self, x, *args, **kwargs)
        return NumpyArrayIterator(
            image_data_generator=self, data_format=self.data_format, dtype=self.dtype, **arguments
        )

    def flow_from_directory(self, directory, *args, **kwargs):
        """Batches of images from the folders of `directory`; the arguments of Keras 3's ``flow_from_directory``."""
        arguments = _arguments(_image.ImageDataGenerator.flow_from_directory, self, directory, *args, **kwargs)
        return DirectoryIterator(
            image_data_generator=self, data_format=self.data_format, dtype=self.dtype, **arguments
        )


def _arguments(method, *args, **kwargs):
    """The arguments of a call of `method`, by name, without ``self``, defaults filled in."""
    bound = inspect.signature(method).bind(*args, **kwargs)
    bound.apply_defaults()
    arguments = dict(bound.arguments)
    arguments.pop("self")
    return arguments


__getattr__, __dir__ = _lazy.surface(__name__)
