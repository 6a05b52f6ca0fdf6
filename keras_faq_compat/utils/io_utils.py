"""``keras.utils.io_utils``: ``HDF5Matrix``, ``H5Dict`` (from `keras_faq_compat.utils._h5dict`).

Legacy API: ``HDF5Matrix(datapath, dataset, start=0, end=None, normalizer=None)``,
an array-like view of rows ``start:end`` of an HDF5 dataset, accepted by
``fit`` / ``evaluate`` / ``predict``.

Keras 3 replacement: none in Keras (``HDF5Matrix`` was removed); read the file
with h5py inside a ``keras.utils.PyDataset``.

Behaviour differences from Keras 2.2:

* the file is opened read-only (Keras 2 used h5py's old default mode ``'a'``);
* a missing file, a missing dataset (the error lists the datasets that
  exist) and ``start`` / ``end`` out of range are reported at construction,
  not on the first read;
* index lists and arrays may be in any order and may repeat (Keras 2 passed
  them to h5py, which needs increasing order); negative indices count from
  the end of the view, as in numpy;
* ``close()`` (or ``with HDF5Matrix(...) as m:``) releases this matrix's
  share of the file handle; the file closes when no matrix uses it any more.
"""

import os
import threading

import numpy as np

from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.utils._h5dict import H5Dict, h5dict, load_from_binary_h5py, save_to_binary_h5py

__all__ = [
    "HDF5Matrix",
    "ask_to_proceed_with_overwrite",
    "H5Dict",
    "h5dict",
    "load_from_binary_h5py",
    "save_to_binary_h5py",
]


def _h5py():
    try:
        import h5py
    except ImportError as e:  # pragma: no cover - h5py is a dependency
        raise ImportError("HDF5Matrix requires h5py: pip install h5py") from e
    return h5py


def dataset_names(group):
    """All dataset paths below an open h5py group, for error messages."""
    h5py = _h5py()
    names = []

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            names.append(name)

    group.visititems(visit)
    return names


class HDF5Matrix:
    """Rows ``start:end`` of an HDF5 dataset, usable instead of a numpy array.

    ```python
    x_data = HDF5Matrix('input/file.hdf5', 'data')
    model.predict(x_data)
    ```

    Nothing is read at construction except the first row (to learn the
    shape and dtype after `normalizer`). Indexing reads only the rows asked
    for. ``fit`` / ``evaluate`` / ``predict`` of compat models stream the
    matrix batch by batch.

    Files are shared per path: every matrix on the same file uses one open
    ``h5py.File`` (``HDF5Matrix.refs[path]``), as in Keras 2.

    Args:
        datapath: path of the HDF5 file (str or path-like).
        dataset: name of the dataset in that file (``'data'``,
            ``'group/data'``).
        start: first row of the view; default 0.
        end: one past the last row; default None (the dataset's length).
        normalizer: function applied to every block of rows read (e.g.
            ``lambda x: x / 255.``); default None.
    """

    # Keras 2 exposed the shared handles as ``HDF5Matrix.refs``: path -> File.
    refs = {}
    _users = {}
    _lock = threading.Lock()

    def __init__(self, datapath, dataset, start=0, end=None, normalizer=None):
        warn_legacy(
            "keras.utils.io_utils.HDF5Matrix",
            "a keras.utils.PyDataset that reads the file with h5py batch by batch",
        )
        self.datapath = os.fspath(datapath)
        self._key = os.path.abspath(self.datapath)
        self._closed = True
        file = self._acquire(self._key, self.datapath)
        self._closed = False
        try:
            if dataset not in file or not isinstance(file[dataset], _h5py().Dataset):
                existing = dataset_names(file)
                raise KeyError(
                    f"HDF5Matrix: file {self.datapath!r} has no dataset {dataset!r}; "
                    f"datasets in the file: {', '.join(existing) if existing else '(none)'}"
                )
            self.data = file[dataset]
            self.dataset = dataset
            if not self.data.shape:
                raise ValueError(
                    f"HDF5Matrix: dataset {dataset!r} in {self.datapath!r} is a scalar; "
                    "it needs at least one dimension (the samples)"
                )
            total = self.data.shape[0]
            self.start, self.end = _check_range(start, end, total, self.datapath, dataset)
            self.normalizer = normalizer
            if self.end > self.start:
                first = self.data[self.start : self.start + 1]
                if normalizer is not None:
                    first = np.asarray(normalizer(first))
                self._base_shape = tuple(first.shape[1:])
                self._base_dtype = first.dtype
            else:
                self._base_shape = tuple(self.data.shape[1:])
                self._base_dtype = self.data.dtype
        except BaseException:
            self.close()
            raise

    @classmethod
    def _acquire(cls, key, shown_path):
        h5py = _h5py()
        with cls._lock:
            file = cls.refs.get(key)
            if file is None or not file.id.valid:
                if not os.path.exists(shown_path):
                    raise FileNotFoundError(f"HDF5Matrix: no such file: {shown_path!r}")
                try:
                    file = h5py.File(shown_path, "r")
                except OSError as e:
                    raise OSError(
                        f"HDF5Matrix: cannot open {shown_path!r} as an HDF5 file: {e}"
                    ) from e
                cls.refs[key] = file
                cls._users[key] = 0
            cls._users[key] += 1
            return file

    def close(self):
        """Release this matrix's share of the file; the last one closes it."""
        cls = type(self)
        with cls._lock:
            if self._closed:
                return
            self._closed = True
            cls._users[self._key] -= 1
            if cls._users[self._key] <= 0:
                file = cls.refs.pop(self._key, None)
                cls._users.pop(self._key, None)
                if file is not None and file.id.valid:
                    file.close()

    @classmethod
    def close_all(cls):
        """Close every file opened by any `HDF5Matrix`."""
        with cls._lock:
            for file in cls.refs.values():
                if file.id.valid:
                    file.close()
            cls.refs.clear()
            cls._users.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __len__(self):
        return self.end - self.start

    @property
    def shape(self):
        """The numpy-style shape: ``(end - start,) + row shape``."""
        return (self.end - self.start,) + self._base_shape

    @property
    def dtype(self):
        """The numpy dtype of what indexing returns (after `normalizer`)."""
        return self._base_dtype

    @property
    def ndim(self):
        """The number of dimensions (rank)."""
        return len(self.shape)

    @property
    def size(self):
        """The number of elements."""
        return int(np.prod(self.shape))

    def __repr__(self):
        return (
            f"HDF5Matrix({self.datapath!r}, {self.dataset!r}, start={self.start}, "
            f"end={self.end}, shape={self.shape}, dtype={self.dtype})"
        )

    def __array__(self, dtype=None, copy=None):
        out = self[:]
        return out if dtype is None else out.astype(dtype, copy=False)

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def read_rows(self, lo, hi):
        """Rows ``lo:hi`` of the view (relative to `start`), normalized."""
        return self._finish(self.data[self.start + lo : self.start + hi])

    def _finish(self, block):
        if self.normalizer is not None:
            return self.normalizer(block)
        return block

    def __getitem__(self, key):
        rest = ()
        if isinstance(key, tuple):
            key, rest = (key[0], key[1:]) if key else (slice(None), ())
        out = self._rows(key)
        if not rest:
            return out
        if isinstance(key, (int, np.integer)):
            return np.asarray(out)[rest]
        return np.asarray(out)[(slice(None),) + rest]

    def _rows(self, key):
        n = len(self)
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            i = int(key)
            if i < 0:
                i += n
            if not 0 <= i < n:
                raise IndexError(f"HDF5Matrix index {int(key)} out of range for length {n}")
            return self._finish(self.data[self.start + i])
        if isinstance(key, slice):
            lo, hi, step = key.indices(n)
            if step == 1:
                return self.read_rows(lo, max(lo, hi))
            return self._take(np.arange(lo, hi, step))
        if key is Ellipsis:
            return self.read_rows(0, n)
        idx = np.asarray(key)
        if idx.dtype == bool:
            if idx.shape != (n,):
                raise IndexError(f"HDF5Matrix boolean index of shape {idx.shape} for length {n}")
            idx = np.flatnonzero(idx)
        if idx.ndim != 1 or (idx.size and not np.issubdtype(idx.dtype, np.integer)):
            raise IndexError(
                f"HDF5Matrix indices must be an int, a slice or a 1-D list of ints; got {key!r}"
            )
        return self._take(idx.astype(np.int64))

    def _take(self, idx):
        n = len(self)
        idx = np.where(idx < 0, idx + n, idx)
        if idx.size and (idx.min() < 0 or idx.max() >= n):
            raise IndexError(f"HDF5Matrix index out of range for length {n}")
        uniq, inverse = np.unique(idx, return_inverse=True)
        if uniq.size == 0:
            block = np.empty((0,) + self.data.shape[1:], self.data.dtype)
        else:
            # h5py reads a list only in increasing order without repeats.
            block = self.data[(uniq + self.start).tolist()]
        block = self._finish(block)
        return block if np.array_equal(uniq, idx) else np.asarray(block)[inverse]


def _check_range(start, end, total, path, dataset):
    where = f"dataset {dataset!r} in {path!r} ({total} rows)"
    if not isinstance(start, (int, np.integer)) or isinstance(start, bool):
        raise TypeError(f"HDF5Matrix: start must be an int, got {start!r}")
    if end is None:
        end = total
    elif not isinstance(end, (int, np.integer)) or isinstance(end, bool):
        raise TypeError(f"HDF5Matrix: end must be an int or None, got {end!r}")
    start, end = int(start), int(end)
    if not 0 <= start <= total:
        raise ValueError(f"HDF5Matrix: start={start} is out of range for {where}")
    if not 0 <= end <= total:
        raise ValueError(f"HDF5Matrix: end={end} is out of range for {where}")
    if end < start:
        raise ValueError(f"HDF5Matrix: end={end} is before start={start} for {where}")
    return start, end


def ask_to_proceed_with_overwrite(filepath):
    """Ask on the terminal whether to overwrite `filepath`; True to proceed.

    Args:
        filepath: the file that would be overwritten.
    """
    read = _input_function()
    answer = read(f"[WARNING] {filepath} already exists - overwrite? [y/n]").strip().lower()
    while answer not in ("y", "n"):
        answer = read('Enter "y" (overwrite) or "n" (cancel).').strip().lower()
    if answer == "n":
        return False
    print("[TIP] Next time specify overwrite=True!")
    return True


def _input_function():
    # Keras 2 read the answer through six.moves.input, which old test suites patch.
    try:
        import six
    except ImportError:
        return input
    return six.moves.input


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
