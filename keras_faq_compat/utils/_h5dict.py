"""``keras.utils.io_utils.H5Dict`` (``h5dict``) and the in-memory HDF5 helpers of Keras 2.3.

Legacy API: ``H5Dict(path, mode='a')``, a dictionary-like view over an HDF5 file, an h5py group or
a Python dict, through which Keras 2.2 saved models (``h5dict`` is the same class);
``load_from_binary_h5py(load_function, stream)`` and ``save_to_binary_h5py(save_function,
stream)``.

Keras 3 replacement: h5py itself (``h5py.File``, ``group.attrs``); ``h5py.File(io.BytesIO(...))``
for in-memory files.

Difference from Keras 2: over a Python dict, numpy values are still stored pickled (as Keras 2
wrote them), but read back with an unpickler that builds numpy arrays and scalars only, so a
dict from elsewhere cannot run code.
"""

import io
import os
import pickle

import numpy as np

__all__ = [
    "H5Dict",
    "h5dict",
    "load_from_binary_h5py",
    "save_to_binary_h5py",
    "load_numpy_pickle",
    "HDF5_OBJECT_HEADER_LIMIT",
]

# The largest attribute HDF5 stores in an object header; longer lists are split over attributes.
HDF5_OBJECT_HEADER_LIMIT = 64512

_NUMPY_GLOBALS = {
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"),
    # Protocol 2 pickles written by Python 3 spell bytes objects as _codecs.encode(text, 'latin1').
    ("_codecs", "encode"),
}


def _h5py():
    import h5py

    return h5py


class _NumpyUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in _NUMPY_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to unpickle {module}.{name}: only numpy values are read")


def load_numpy_pickle(file, encoding="ASCII"):
    """Unpickle `file` allowing numpy arrays, numpy scalars and plain Python values only.

    Args:
        file: a binary file object.
        encoding: how Python 2 ``str`` objects are decoded (``'bytes'`` keeps them as bytes);
            default ``'ASCII'``.
    """
    return _NumpyUnpickler(file, encoding=encoding).load()


def _unpickle_numpy(data):
    return load_numpy_pickle(io.BytesIO(data))


def _is_numpy(value):
    return type(value).__module__ == np.__name__


class H5Dict:
    """A dictionary-like view over an HDF5 file or group, or over a Python dict.

    Over HDF5, numpy values become datasets and other values attributes (lists of strings too
    long for one attribute are split over several); reading a missing key creates a group,
    except in read-only mode. Over a dict, a missing key creates a nested dict marked as a group.

    Args:
        path: a file path (str or path-like), an ``h5py.Group`` (or ``File``), or a dict.
        mode: the file mode, ``'a'``, ``'r'`` or ``'w'`` (a dict is emptied by ``'w'``);
            default ``'a'``.
    """

    def __init__(self, path, mode="a"):
        h5py = _h5py()
        self._is_file = False
        if isinstance(path, h5py.Group):
            self.data = path
        elif isinstance(path, (str, os.PathLike)):
            self.data = h5py.File(path, mode=mode)
            self._is_file = True
        elif isinstance(path, dict):
            self.data = path
            if mode == "w":
                self.data.clear()
            # Marks the dict as a group rather than a user value.
            self.data["_is_group"] = True
        else:
            raise TypeError(f"Required Group, str, Path or dict. Received: {type(path)}.")
        self.read_only = mode == "r"

    @staticmethod
    def is_supported_type(path):
        """Whether `path` can back an `H5Dict` (a group, a dict, a str or a path)."""
        return isinstance(path, (_h5py().Group, dict, str, os.PathLike))

    def _check_writable(self):
        if self.read_only:
            raise ValueError("Cannot set item in read-only mode.")

    def __setitem__(self, attr, val):
        self._check_writable()
        if isinstance(self.data, dict):
            if isinstance(attr, bytes):
                attr = attr.decode("utf-8")
            if _is_numpy(val):
                self.data[attr] = pickle.dumps(val)
                self.data[f"_{attr}_pickled"] = True
            else:
                self.data[attr] = val
            return
        if attr in self.data:
            raise KeyError(f'Cannot set attribute. Group with name "{attr}" exists.')
        if _is_numpy(val):
            dataset = self.data.create_dataset(attr, val.shape, dtype=val.dtype)
            dataset[()] = val
        elif isinstance(val, (list, tuple)):
            self._set_list(attr, val)
        else:
            self.data.attrs[attr] = val

    def _set_list(self, attr, val):
        too_long = [x for x in val if len(x) > HDF5_OBJECT_HEADER_LIMIT]
        if too_long:
            raise RuntimeError(
                "The following attributes cannot be saved to HDF5 file because they are larger "
                f"than {HDF5_OBJECT_HEADER_LIMIT} bytes: {', '.join(map(str, too_long))}"
            )
        if val and isinstance(val[0], str):
            val = [x.encode("utf-8") for x in val]
        array = np.asarray(val)
        chunks = 1
        parts = np.array_split(array, chunks)
        while any(part.nbytes > HDF5_OBJECT_HEADER_LIMIT for part in parts):
            chunks += 1
            parts = np.array_split(array, chunks)
        if chunks == 1:
            # A fixed-length bytes array, as h5py 2 stored Keras 2's lists (h5py 3 would store a
            # list as variable-length strings and read it back as str).
            self.data.attrs[attr] = array
            return
        for i, part in enumerate(parts):
            self.data.attrs[f"{attr}{i}"] = part

    def _new_group(self, attr):
        if self.read_only:
            raise ValueError("Cannot create group in read-only mode.")
        if isinstance(self.data, dict):
            group = {"_is_group": True}
            self.data[attr] = group
            return H5Dict(group)
        return H5Dict(self.data.create_group(attr))

    def __getitem__(self, attr):
        h5py = _h5py()
        if isinstance(self.data, dict):
            if isinstance(attr, bytes):
                attr = attr.decode("utf-8")
            if attr not in self.data:
                return self._new_group(attr)
            val = self.data[attr]
            if isinstance(val, dict) and val.get("_is_group"):
                return H5Dict(val)
            if f"_{attr}_pickled" in self.data:
                return _unpickle_numpy(val)
            return val
        if attr in self.data.attrs:
            val = self.data.attrs[attr]
            if _is_numpy(val) and getattr(val, "dtype", None) is not None and val.dtype.type is np.bytes_:
                val = val.tolist()
            return val
        if attr in self.data:
            val = self.data[attr]
            return np.asarray(val) if isinstance(val, h5py.Dataset) else H5Dict(val)
        if f"{attr}0" in self.data.attrs:
            values = []
            i = 0
            while f"{attr}{i}" in self.data.attrs:
                values.extend(x.decode("utf8") for x in self.data.attrs[f"{attr}{i}"])
                i += 1
            return values
        return self._new_group(attr)

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        return iter(self.data)

    def iter(self):
        """An iterator over the keys (Keras 2 name)."""
        return iter(self.data)

    def __getattr__(self, attr):
        if attr == "data":
            raise AttributeError(attr)
        value = getattr(self.data, attr)
        if not callable(value):
            return value

        def wrapped(*args, **kwargs):
            out = value(*args, **kwargs)
            return H5Dict(out) if isinstance(out, type(self.data)) else out

        return wrapped

    def close(self):
        """Flush the file; close it when this `H5Dict` opened it."""
        if isinstance(self.data, _h5py().Group) and self.data.id.valid:
            self.data.file.flush()
            if self._is_file:
                self.data.close()

    def update(self, *args, **kwargs):
        """``dict.update`` over a dict; an HDF5 view does not support it."""
        if isinstance(self.data, dict):
            self.data.update(*args, **kwargs)
            return
        raise NotImplementedError("H5Dict.update works over a dict only.")

    def __contains__(self, key):
        if isinstance(self.data, dict):
            return key in self.data
        return key in self.data or key in self.data.attrs

    def get(self, key, default=None):
        """``self[key]`` when `key` is present, else `default`."""
        return self[key] if key in self else default

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


h5dict = H5Dict


def load_from_binary_h5py(load_function, stream):
    """``load_function(h5py_file)`` for the HDF5 file image read from `stream`.

    Args:
        load_function: a function taking an open, read-only ``h5py.File``.
        stream: a file-like object whose ``read()`` returns the file's bytes.
    """
    with _h5py().File(io.BytesIO(stream.read()), "r") as f:
        return load_function(f)


def save_to_binary_h5py(save_function, stream):
    """``save_function(h5py_file)`` on an in-memory HDF5 file, then its bytes written to `stream`.

    Args:
        save_function: a function taking a writable ``h5py.File``; its result is returned.
        stream: a file-like object with ``write(bytes)``.
    """
    buffer = io.BytesIO()
    with _h5py().File(buffer, "w") as f:
        result = save_function(f)
    stream.write(buffer.getvalue())
    return result
