"""Batch reading of HDF5 data (``HDF5Matrix``, ``h5py.Dataset``) and arrays.

Legacy API: Keras 2 ``fit`` / ``evaluate`` / ``predict`` sliced ``HDF5Matrix``
objects batch by batch (``training_arrays.fit_loop``) and shuffled them with
``shuffle='batch'`` (``training_utils.batch_shuffle``).

Keras 3 replacement: a ``keras.utils.PyDataset`` (or a ``tf.data`` pipeline)
that reads the file batch by batch; Keras 3 itself reads an ``h5py.Dataset``
passed to ``fit`` / ``predict`` whole into memory.

A `BatchSource` holds the columns (x, y and sample-weight leaves), an epoch
plan (which rows make each batch) and reads one batch as numpy arrays. It
knows nothing about any Keras backend: `as_pydataset` wraps it for every
backend, `as_tf_dataset` for the TensorFlow backend (see that function for
why it exists).
"""

import ctypes
import os
import sys
import threading
import warnings

import numpy as np

from keras_faq_compat.utils.io_utils import HDF5Matrix

__all__ = [
    "BatchSource",
    "HDF5ReadError",
    "is_hdf5",
    "contains_hdf5",
    "batch_shuffle_plan",
]


class HDF5ReadError(OSError):
    """Reading a batch from an HDF5 file failed (file truncated, deleted, ...)."""


def _h5py_dataset_type():
    # Only look at h5py if the program imported it: an h5py.Dataset cannot
    # exist otherwise, and importing it costs time.
    h5py = sys.modules.get("h5py")
    return getattr(h5py, "Dataset", None)


def is_hdf5(x):
    """True for an `HDF5Matrix` or an ``h5py.Dataset``."""
    if isinstance(x, HDF5Matrix):
        return True
    dataset_type = _h5py_dataset_type()
    return dataset_type is not None and isinstance(x, dataset_type)


def flatten(struct):
    """Leaves of a nest of lists, tuples and dicts (dicts in sorted key order)."""
    if isinstance(struct, (list, tuple)):
        return [leaf for item in struct for leaf in flatten(item)]
    if isinstance(struct, dict):
        return [leaf for key in sorted(struct) for leaf in flatten(struct[key])]
    return [struct]


def pack_as(struct, leaves, lists_as_tuples=False):
    """Rebuild `struct`'s nesting around `leaves` (the inverse of `flatten`).

    Args:
        struct: the nest of lists, tuples and dicts to copy.
        leaves: the new leaves, in `flatten` order.
        lists_as_tuples: build tuples where `struct` has lists (tf.data
            would stack a list into one tensor); default False.
    """
    leaves = iter(leaves)

    def build(s):
        if isinstance(s, list):
            items = [build(item) for item in s]
            return tuple(items) if lists_as_tuples else items
        if isinstance(s, tuple):
            items = [build(item) for item in s]
            return type(s)(*items) if hasattr(s, "_fields") else tuple(items)
        if isinstance(s, dict):
            return {key: build(s[key]) for key in sorted(s)}
        return next(leaves)

    return build(struct)


def contains_hdf5(*structs):
    """True if any leaf of the given nests is HDF5 data."""
    return any(is_hdf5(leaf) for s in structs if s is not None for leaf in flatten(s))


def batch_shuffle_plan(num_samples, batch_size, rng=np.random):
    """Keras 2's ``shuffle='batch'``: the order of whole batches is shuffled.

    The rows inside each batch keep their order, and a last partial batch
    stays last.

    Args:
        num_samples: number of rows.
        batch_size: rows per batch.
        rng: a ``numpy.random`` module or ``RandomState``; default the global
            numpy generator, as Keras 2 used (so ``np.random.seed`` fixes it).

    Returns:
        A list of ``(start, stop)`` row ranges, one per batch, in epoch order.
    """
    full = num_samples // batch_size
    order = rng.permutation(full)
    plan = [(int(b) * batch_size, int(b) * batch_size + batch_size) for b in order]
    if full * batch_size < num_samples:
        plan.append((full * batch_size, num_samples))
    return plan


def _sequential_plan(num_samples, batch_size):
    return [(s, min(s + batch_size, num_samples)) for s in range(0, num_samples, batch_size)]


def _leaf_name(leaf):
    if isinstance(leaf, HDF5Matrix):
        return f"dataset {leaf.dataset!r} in {leaf.datapath!r}"
    filename = getattr(getattr(leaf, "file", None), "filename", "?")
    return f"dataset {getattr(leaf, 'name', '?')!r} in {filename!r}"


class _Column:
    """Rows ``lo:hi`` of one leaf, read as numpy arrays of one dtype."""

    def __init__(self, leaf, lo, hi, dtype):
        self.leaf = leaf
        self.normalizer = None
        if isinstance(leaf, HDF5Matrix):
            self.dataset, self.offset = leaf.data, leaf.start + lo
            self.normalizer = leaf.normalizer
            self.row_shape = leaf.shape[1:]
            source_dtype = leaf.dtype
        elif is_hdf5(leaf):
            self.dataset, self.offset = leaf, lo
            self.row_shape = tuple(leaf.shape[1:])
            source_dtype = leaf.dtype
        else:
            self.dataset = None
            self.array = np.asarray(leaf)[lo:hi]
            self.row_shape = self.array.shape[1:]
            source_dtype = self.array.dtype
        self.dtype = np.dtype(dtype) if dtype is not None else np.dtype(source_dtype)
        self.length = hi - lo
        self._fd, self._file_size = _file_handle(self.dataset)

    def check_file(self):
        """Raise if the HDF5 file shrank since the column was made.

        HDF5 reads past the end of a truncated file as zeros, without an
        error; a smaller file is the sign of it.
        """
        if self._fd is None:
            return
        try:
            size = os.fstat(self._fd).st_size
        except OSError as e:
            raise OSError(f"the file can no longer be read ({e})") from e
        if size < self._file_size:
            raise OSError(
                f"the file shrank from {self._file_size} to {size} bytes while in use (truncated)"
            )

    def read(self, a, b):
        """Rows ``a:b`` of the column."""
        out = np.empty((b - a,) + tuple(self.row_shape), self.dtype)
        self.read_into(out, a, b)
        return out

    def read_into(self, out, a, b):
        """Rows ``a:b`` of the column, written into `out` (``b - a`` rows)."""
        if self.dataset is None:
            out[...] = self.array[a:b]
            return
        lo, hi = self.offset + a, self.offset + b
        if self.normalizer is not None:
            out[...] = self.normalizer(self.dataset[lo:hi])
        elif b > a:
            try:
                # HDF5 converts the stored type to the buffer's while reading.
                self.dataset.read_direct(out, np.s_[lo:hi])
            except TypeError:
                out[...] = self.dataset[lo:hi]

    def take(self, rows):
        """Rows at the increasing, distinct positions `rows`."""
        if self.dataset is None:
            return self.array[rows].astype(self.dtype, copy=False)
        block = self.dataset[(rows + self.offset).tolist()]
        if self.normalizer is not None:
            block = self.normalizer(block)
        return np.asarray(block).astype(self.dtype, copy=False)


def _file_handle(dataset):
    """The OS file descriptor and current size of an h5py dataset's file."""
    if dataset is None:
        return None, None
    try:
        fd = dataset.file.id.get_vfd_handle()
        if not isinstance(fd, int):
            return None, None
        return fd, os.fstat(fd).st_size
    except Exception:  # other HDF5 drivers (core, family, ...): no single fd
        return None, None


_trim_lock = threading.Lock()
_malloc_trim = []


def _release_freed_memory():
    """Give freed heap pages back to the OS (glibc only; a no-op elsewhere).

    Batches are allocated in one thread and freed in another; glibc then
    keeps the freed megabytes in per-thread arenas, and the peak resident
    size grows by several batches. Trimming every few batches keeps the peak
    at a handful of batches.
    """
    with _trim_lock:
        if not _malloc_trim:
            trim = None
            if sys.platform.startswith("linux"):
                try:
                    trim = ctypes.CDLL("libc.so.6").malloc_trim
                    trim.argtypes = [ctypes.c_size_t]
                except (OSError, AttributeError):
                    trim = None
            _malloc_trim.append(trim)
    if _malloc_trim[0] is not None:
        _malloc_trim[0](0)


# Bytes read between two trims.
_TRIM_EVERY_BYTES = 32 * 2**20
# Small batches are read several at a time, up to this many bytes: each
# read is one hand-over of the GIL between the tf.data thread and the
# model's thread, which costs up to the interpreter's switch interval (5 ms).
_GROUP_BYTES = 8 * 2**20


class BatchSource:
    """Batches of ``(x, y, sample_weight)`` read from HDF5 data and arrays.

    Args:
        x: input data: an array-like, `HDF5Matrix` or ``h5py.Dataset``, or
            a list / tuple / dict of them.
        y: target data, the same kinds; default None.
        sample_weight: sample weights, the same kinds; default None.
        batch_size: rows per batch; default 32.
        shuffle: False (rows in order), ``'batch'`` (Keras 2: the order of
            whole batches is shuffled, each batch read as one slice) or True
            (every row shuffled; each batch is read row by row, much slower
            on HDF5); default False.
        lo: first row used; default 0.
        hi: one past the last row used; default None (all rows).
        x_dtypes: dtypes to cast the flattened `x` leaves to, or None for
            the Keras 2 rule (every input cast to ``floatx``, as the Keras 2
            input placeholders did); default None.
        floatx: the float dtype; default ``'float32'``.
        buffers: a `_BufferPool` to share between sources read one after
            the other; default None (a pool of its own).
        rng: what draws each epoch's shuffled order: a ``numpy.random``
            ``RandomState``, or None (default) for NumPy's global generator,
            as Keras 2 used (so ``np.random.seed`` fixes it). Workers of a
            cluster pass generators seeded alike, so that they agree on the
            order.
    """

    def __init__(
        self,
        x,
        y=None,
        sample_weight=None,
        batch_size=32,
        shuffle=False,
        lo=0,
        hi=None,
        x_dtypes=None,
        floatx="float32",
        buffers=None,
        rng=None,
    ):
        if batch_size is None:
            batch_size = 32
        if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        if shuffle not in (True, False, "batch"):
            raise ValueError(f"shuffle must be True, False or 'batch', got {shuffle!r}")
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.rng = np.random if rng is None else rng
        self.structure = (x,) if y is None and sample_weight is None else (
            (x, y) if sample_weight is None else (x, y, sample_weight)
        )
        self.num_x = len(flatten(x))
        leaves = flatten(self.structure)
        if any(leaf is None for leaf in leaves):
            raise ValueError("fit / evaluate / predict got None among the arrays of x, y or sample_weight")
        lengths = [len(leaf) for leaf in leaves]
        n = lengths[0]
        if len(set(lengths)) > 1:
            roles = ["x"] * self.num_x + ["y"] * len(flatten(y)) + ["sample_weight"] * len(
                flatten(sample_weight)
            )
            detail = ", ".join(f"{role}: {length}" for role, length in zip(roles, lengths))
            raise ValueError(
                f"All arrays (x, y, sample_weight) must have the same number of samples; got {detail}"
            )
        hi = n if hi is None else hi
        if not 0 <= lo <= hi <= n:
            raise ValueError(f"rows {lo}:{hi} out of range for {n} samples")
        self.num_samples = hi - lo
        dtypes = self._target_dtypes(leaves, x_dtypes, floatx)
        self.columns = [_Column(leaf, lo, hi, dt) for leaf, dt in zip(leaves, dtypes)]
        self.plan = _sequential_plan(self.num_samples, self.batch_size)
        row_bytes = sum(c.dtype.itemsize * int(np.prod(c.row_shape)) for c in self.columns)
        self.group_size = max(1, min(len(self.plan), _GROUP_BYTES // max(1, row_bytes * self.batch_size)))
        self._owns_buffers = buffers is None
        self._buffers = _BufferPool() if buffers is None else buffers
        self._plans = {}
        self._order = None
        self._plans_lock = threading.Lock()
        self._epochs = 0
        self.error = None
        self._bytes_since_trim = 0
        if shuffle is True and any(c.dataset is not None for c in self.columns):
            warnings.warn(
                "shuffle=True on HDF5 data reads every batch row by row (slow); "
                "pass shuffle='batch', as Keras 2 advised, to read each batch as one slice "
                "and shuffle the order of the batches.",
                UserWarning,
                stacklevel=4,
            )

    def _target_dtypes(self, leaves, x_dtypes, floatx):
        # Keras 2 fed every input and target through a placeholder of the
        # model's dtype (floatx unless declared otherwise); sample weights
        # were floatx.
        num_y = len(flatten(self.structure[1])) if len(self.structure) > 1 else 0
        out = []
        for i, leaf in enumerate(leaves):
            dtype = np.dtype(leaf.dtype) if hasattr(leaf, "dtype") else np.asarray(leaf[:1]).dtype
            if i < self.num_x:
                declared = x_dtypes[i] if x_dtypes is not None and i < len(x_dtypes) else None
                if declared is not None:
                    out.append(np.dtype(declared))
                else:
                    out.append(np.dtype(floatx) if dtype.kind in "fiub" else dtype)
            elif i < self.num_x + num_y:
                out.append(np.dtype(floatx) if dtype.kind == "f" else dtype)
            else:
                out.append(np.dtype(floatx))
        return out

    def release(self):
        """Drop the reusable buffers and past plans once reading is over.

        TensorFlow may keep the dataset's functions (and so this source)
        alive after ``fit`` / ``predict`` return; this keeps that cheap.
        """
        if self._owns_buffers:
            self._buffers.clear()
        with self._plans_lock:
            self._plans.clear()

    @property
    def num_batches(self):
        """Batches per epoch."""
        return len(self.plan)

    def new_epoch(self):
        """Draw the next epoch's batch plan (the rows of each batch, in order).

        Returns:
            The plan's id, for `read_flat`. The last few plans are kept, so
            that an iterator created ahead of time (Keras creates the next
            epoch's iterator as soon as one ends) keeps a consistent epoch.
        """
        if self.shuffle == "batch":
            plan = batch_shuffle_plan(self.num_samples, self.batch_size, self.rng)
        elif self.shuffle:
            # Keras 2 shuffled one index array in place each epoch, so each epoch's order is the
            # previous one shuffled: the same draws give the same orders as Keras 2.
            if self._order is None:
                self._order = np.arange(self.num_samples)
            self.rng.shuffle(self._order)
            perm = self._order.copy()
            plan = [perm[s:e] for s, e in _sequential_plan(self.num_samples, self.batch_size)]
        else:
            plan = _sequential_plan(self.num_samples, self.batch_size)
        with self._plans_lock:
            self._epochs += 1
            self._plans[self._epochs] = plan
            for old in [k for k in self._plans if k <= self._epochs - 4]:
                del self._plans[old]
            self.plan = plan
            return np.int64(self._epochs)

    def read_flat(self, position, epoch=None):
        """The arrays of batch `position` of plan `epoch` (default: the latest), flattened."""
        return self.read_group(position, epoch, group_size=1)[:-1]

    def read_group(self, group, epoch=None, group_size=None):
        """Batches ``group * group_size`` on of plan `epoch`, stacked, flattened.

        Returns:
            One array per column holding the rows of those batches one after
            the other, then the int64 array of the batch sizes.
        """
        group_size = group_size or self.group_size
        with self._plans_lock:
            plan = self.plan if epoch is None else self._plans[int(epoch)]
        first = int(group) * group_size
        entries = plan[first : first + group_size]
        sizes = [(e[1] - e[0]) if isinstance(e, tuple) else len(e) for e in entries]
        outs = [self._buffers.get((sum(sizes),) + tuple(c.row_shape), c.dtype) for c in self.columns]
        pos = 0
        for entry, size in zip(entries, sizes):
            try:
                for column in self.columns:
                    column.check_file()
                if isinstance(entry, tuple):
                    for column, out in zip(self.columns, outs):
                        column.read_into(out[pos : pos + size], *entry)
                else:
                    rows, inverse = np.unique(entry, return_inverse=True)
                    for column, out in zip(self.columns, outs):
                        out[pos : pos + size] = column.take(rows)[inverse]
            except Exception as e:
                self.error = self._read_error(entry, e)
                raise self.error from e
            pos += size
        self._bytes_since_trim += sum(a.nbytes for a in outs)
        if self._bytes_since_trim >= _TRIM_EVERY_BYTES:
            self._bytes_since_trim = 0
            _release_freed_memory()
        return outs + [np.asarray(sizes, dtype=np.int64)]

    def _read_error(self, entry, exc):
        rows = f"{entry[0]}:{entry[1]}" if isinstance(entry, tuple) else f"{len(entry)} shuffled rows"
        names = "; ".join(_leaf_name(c.leaf) for c in self.columns if c.dataset is not None)
        err = HDF5ReadError(
            f"Reading rows {rows} of {names or 'the input arrays'} failed: "
            f"{exc}"
        )
        return err

    def batch(self, position):
        """Batch `position` as ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``."""
        return self.pack(self.read_flat(position))

    def pack(self, flat, lists_as_tuples=False):
        """Nest flat arrays (or tensors) back into the ``(x, y, sw)`` structure."""
        return tuple(pack_as(self.structure, flat, lists_as_tuples))

    def read_all(self):
        """Every row at once, packed like `batch` (for ``train_on_batch`` & co.)."""
        saved = self.plan
        self.plan = [(0, self.num_samples)]
        try:
            return self.batch(0)
        finally:
            self.plan = saved

    def specs(self):
        """``(dtype, shape with batch dim None)`` of each flattened column."""
        return [(c.dtype, (None,) + tuple(c.row_shape)) for c in self.columns]

    def as_pydataset(self):
        """A ``keras.utils.PyDataset`` over this source (any Keras backend)."""
        return _make_pydataset(self)

    def as_tf_dataset(self, repeat=False, across_workers=False):
        """A ``tf.data.Dataset`` over this source (TensorFlow backend).

        Keras 3 runs a ``PyDataset`` on TensorFlow through
        ``tf.data.Dataset.from_generator``, which costs about 20 ms per
        16 MB batch here: predicting a 1 GiB file took 2.5 s that way and
        0.8 s through this pipeline (a ``py_function`` per read of one or
        more batches, whose arrays become tensors without a copy, prefetched
        by tf.data on its own thread while the model computes).

        Args:
            repeat: repeat epochs (each one reshuffled) without end, for
                ``fit(..., steps_per_epoch=N)``; default False.
            across_workers: the dataset feeds a multi-worker strategy;
                default False. Then TensorFlow's data sharding is allowed:
                every worker reads every global batch, in the same order
                when the workers' `rng` agree, and keeps its own part of it.
                (Reading only that part would save reading, but tf.data's
                file sharding cannot apply to a Python reader.)
        """
        from keras_faq_compat._real import tf

        specs = self.specs()
        dtypes = [tf.as_dtype(dt) for dt, _ in specs]

        num_batches = self.num_batches
        group_size = self.group_size
        num_groups = -(-num_batches // group_size)

        def epoch_groups(_):
            epoch = tf.numpy_function(self.new_epoch, [], tf.int64, stateful=True)
            return tf.data.Dataset.range(num_groups).map(lambda g: (epoch, g))

        def read_tensors(group, epoch):
            arrays = self.read_group(int(group), int(epoch))
            return [_to_tensor_without_copy(tf, a) for a in arrays]

        def read(epoch, group):
            flat = tf.py_function(read_tensors, [group, epoch], dtypes + [tf.int64])
            for tensor, (_, shape) in zip(flat, specs):
                tensor.set_shape(shape)
            flat[-1].set_shape((None,))
            return tuple(flat)

        def split(*flat):
            arrays, sizes = flat[:-1], flat[-1]
            ends = tf.cumsum(sizes)
            bounds = tf.data.Dataset.from_tensor_slices((ends - sizes, ends))
            return bounds.map(lambda lo, hi: self.pack([a[lo:hi] for a in arrays], lists_as_tuples=True))

        ds = tf.data.Dataset.from_tensors(0)
        ds = ds.repeat() if repeat else ds
        ds = ds.flat_map(epoch_groups)
        # Big batches: one read ahead overlaps reading with the model, and
        # each more would hold another batch of memory. Small batches (read
        # several per group): two groups ahead absorb stalls of the reading
        # thread on a busy machine for a few megabytes.
        if group_size > 1:
            ds = ds.map(read).prefetch(2).flat_map(split).prefetch(2)
        else:
            ds = ds.map(read).prefetch(1).flat_map(split)
        if not repeat:
            ds = ds.apply(tf.data.experimental.assert_cardinality(num_batches))
        options = tf.data.Options()
        options.autotune.enabled = False
        options.threading.private_threadpool_size = 1
        # On one machine there is nothing to shard; OFF also spares
        # TensorFlow's warning that it cannot shard by file.
        policy = tf.data.experimental.AutoShardPolicy
        options.experimental_distribute.auto_shard_policy = policy.DATA if across_workers else policy.OFF
        options.experimental_external_state_policy = tf.data.experimental.ExternalStatePolicy.IGNORE
        return ds.with_options(options)


# TensorFlow aborts the process on a tensor whose buffer is less aligned.
_TENSOR_ALIGNMENT = 64


def _aligned_empty(shape, dtype):
    """``np.empty(shape, dtype)`` whose data starts on a `_TENSOR_ALIGNMENT` boundary."""
    dtype = np.dtype(dtype)
    nbytes = int(np.prod(shape)) * dtype.itemsize
    raw = np.empty(nbytes + _TENSOR_ALIGNMENT, np.uint8)
    start = (-raw.ctypes.data) % _TENSOR_ALIGNMENT
    return raw[start : start + nbytes].view(dtype).reshape(shape)


class _BufferPool:
    """Reuses batch buffers that nothing refers to any more.

    A batch handed to TensorFlow without a copy stays referenced (through
    its DLPack capsule) until TensorFlow frees the tensor, so a buffer whose
    only reference is the pool's is free to refill. Reusing buffers keeps
    the resident size at the batches in flight: fresh allocations of a few
    megabytes each, freed from another thread, otherwise pile up in glibc's
    per-thread arenas.

    Args:
        per_shape: buffers kept for each shape and dtype; default 8.
    """

    def __init__(self, per_shape=8):
        self.per_shape = per_shape
        self._pools = {}
        self._lock = threading.Lock()

    def get(self, shape, dtype):
        """An aligned, uninitialized array of `shape` and `dtype`."""
        key = (tuple(shape), np.dtype(dtype).str)
        with self._lock:
            pool = self._pools.setdefault(key, [])
            for buffer in pool:
                # References: the pool's list, `buffer`, getrefcount's argument.
                if sys.getrefcount(buffer) <= 3:
                    return buffer
            buffer = _aligned_empty(shape, dtype)
            if len(pool) < self.per_shape:
                pool.append(buffer)
            return buffer

    def clear(self):
        """Forget every buffer (those still in use live on until released)."""
        with self._lock:
            self._pools.clear()


def _to_tensor_without_copy(tf, array):
    """A CPU tensor sharing `array`'s memory (DLPack), or a copy if it cannot.

    A ``numpy_function`` copies what it returns into a new tensor; sharing
    the batch instead saves one pass over every byte read.
    """
    shareable = (
        array.flags.c_contiguous
        and array.ctypes.data % _TENSOR_ALIGNMENT == 0
        and array.dtype.kind in "fiu"
        and hasattr(array, "__dlpack__")
    )
    if shareable:
        try:
            return tf.experimental.dlpack.from_dlpack(array.__dlpack__())
        except Exception:  # a TensorFlow without DLPack, or a dtype it lacks
            pass
    return tf.convert_to_tensor(array)


def _make_pydataset(source):
    from keras_faq_compat._real import keras

    class HDF5PyDataset(keras.utils.PyDataset):
        """The batches of a `BatchSource`, reshuffled at each epoch's end."""

        def __init__(self):
            super().__init__()
            self.source = source
            source.new_epoch()

        def __len__(self):
            return source.num_batches

        def __getitem__(self, index):
            if index >= source.num_batches:
                raise IndexError(index)
            return source.batch(index)

        def on_epoch_end(self):
            source.new_epoch()

    return HDF5PyDataset()
