"""The dataset files of ``keras.datasets``: found in the Keras cache, downloaded, or named when missing.

Keras 2's loaders called ``get_file``, which, with no network, failed with a bare
"URL fetch failure". Here a file that is neither in the cache nor downloadable is one
`FileNotFoundError` naming the file, the folder to place it in and where to get it; a cached file
whose hash is neither Keras 2's nor Keras 3's is used with a warning (Keras 2 downloaded it again,
and lost it when offline).
"""

import io
import os
import warnings
import zipfile

import numpy as np

from keras_faq_compat.utils import data_utils
from keras_faq_compat.utils._h5dict import load_numpy_pickle

# Where Keras 3 (and tf.keras 2.x) download the datasets; Keras 2's S3 buckets are gone.
MIRROR = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def cached_file(api, fname, origin, hashes=(), cache_subdir="datasets", untar=False):
    """The path of dataset file `fname` in the Keras cache, downloaded from `origin` if it is not there.

    Args:
        api: the loader, for the message (``'keras.datasets.mnist.load_data'``).
        fname: the file name in the cache (with `untar`, the folder the archive holds).
        origin: the URL of the file.
        hashes: the hashes a cached file may have (Keras 3's, then Keras 2's); default none
            (the file is not checked).
        cache_subdir: the folder under ``$KERAS_HOME``; default ``'datasets'``.
        untar: `fname` is the folder of the archive ``fname + '.tar.gz'``, extracted beside it.
    """
    folder = data_utils.cache_folder(cache_subdir)
    target = os.path.join(folder, fname)
    archive = target + ".tar.gz" if untar else target
    if untar and os.path.isdir(target):
        return target
    if os.path.exists(archive):
        if hashes and not any(data_utils.validate_file(archive, h) for h in hashes):
            # Keras 2 downloaded the file again, deleting the cached one when that failed.
            warnings.warn(
                f"{api}: {archive} does not have the hash of the published dataset; it is used as it is. "
                f"Delete it to download the dataset from {origin} again.",
                stacklevel=3,
            )
        return data_utils.get_file(fname, origin, untar=untar, cache_subdir=cache_subdir)
    try:
        return data_utils.get_file(fname, origin, untar=untar, file_hash=hashes[0] if hashes else None,
                                   cache_subdir=cache_subdir)
    except Exception as error:  # noqa: BLE001 - every failure to fetch becomes the one message below
        name = os.path.basename(archive)
        raise FileNotFoundError(
            f"{api}: the dataset file {name} is not in {folder}, and it could not be downloaded from "
            f"{origin} ({error}). Without network access, download {origin} elsewhere and place it "
            f"in {folder} as {name}."
        ) from error


def load_npz(path):
    """The arrays of ``.npz`` file `path`, by name; object arrays are unpickled as numpy values only.

    Args:
        path: the ``.npz`` file.
    """
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            with archive.open(member) as f:
                data = io.BytesIO(f.read())
            try:
                value = np.lib.format.read_array(data, allow_pickle=False)
            except ValueError:
                # An object array (ragged sequences): a pickle after the .npy header.
                data.seek(0)
                version = np.lib.format.read_magic(data)
                if version == (1, 0):
                    np.lib.format.read_array_header_1_0(data)
                else:
                    np.lib.format.read_array_header_2_0(data)
                value = load_numpy_pickle(data, encoding="latin1")
            arrays[member[:-4] if member.endswith(".npy") else member] = value
    return arrays
