"""``keras.utils.data_utils``: ``Sequence``, ``get_file``, file hashes and the enqueuers.

Legacy API: ``keras.utils.Sequence`` (``__len__``, ``__getitem__``, ``on_epoch_end``),
``get_file(fname, origin, ..., cache_subdir='datasets')``, ``validate_file(fpath, file_hash,
algorithm='auto', chunk_size=65535)``, ``OrderedEnqueuer(sequence, use_multiprocessing=False,
shuffle=False)`` and ``GeneratorEnqueuer(generator, use_multiprocessing=False, wait_time=None,
random_seed=None)`` with ``start(workers=1, max_queue_size=10)``, ``get()``, ``stop()``,
``is_running()``, and the pool helpers ``init_pool``, ``get_index``, ``init_pool_generator``,
``next_sample``.

Keras 3 replacement: ``keras.utils.PyDataset`` (``workers``, ``use_multiprocessing`` and
``max_queue_size`` are its constructor arguments and ``fit`` runs the workers),
``keras.utils.get_file`` (which lays out extracted archives differently, see `get_file`);
``hashlib`` for file hashes.

The enqueuers work as in Keras 2.3: threads of a ``multiprocessing.pool.ThreadPool``, or with
``use_multiprocessing=True`` processes of a ``multiprocessing.Pool`` (the process start method is
Python's default; with ``spawn`` the sequence must be picklable). A generator copied into several
processes yields its batches once per process, as in Keras 2.
"""

import hashlib
import itertools
import multiprocessing
import os
import queue
import random
import shutil
import tarfile
import threading
import urllib.error
import urllib.request
import warnings
import zipfile
from contextlib import closing
from multiprocessing.pool import ThreadPool

import numpy as np

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.deprecation import warn_legacy

__all__ = [
    "Sequence",
    "get_file",
    "validate_file",
    "SequenceEnqueuer",
    "OrderedEnqueuer",
    "GeneratorEnqueuer",
    "init_pool",
    "get_index",
    "init_pool_generator",
    "next_sample",
]

Sequence = _keras.utils.Sequence

_RESULT_TIMEOUT = 30

# The sequences and generators of the running enqueuers, by uid: pool workers (threads, or
# processes given a copy at start-up) read their enqueuer's one from here.
_SHARED_SEQUENCES = {}
_uids = itertools.count()
_uid_lock = threading.Lock()


def _hash_file(fpath, algorithm="sha256", chunk_size=65535):
    """The hex digest of file `fpath`: SHA-256, or MD5 when `algorithm` is ``'md5'``.

    Args:
        fpath: the file.
        algorithm: ``'sha256'``, ``'md5'`` or ``'auto'`` (SHA-256); default ``'sha256'``.
        chunk_size: bytes read at a time; default 65535.
    """
    hasher = hashlib.md5() if algorithm == "md5" else hashlib.sha256()
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=65535):
    """Whether file `fpath` has the SHA-256 or MD5 hash `file_hash`.

    Args:
        fpath: the file.
        file_hash: the expected hex digest.
        algorithm: ``'sha256'``, ``'md5'``, or ``'auto'`` (SHA-256 for a 64-character hash,
            else MD5); default ``'auto'``.
        chunk_size: bytes read at a time; default 65535.
    """
    if algorithm == "sha256" or (algorithm == "auto" and len(file_hash) == 64):
        hasher = "sha256"
    else:
        hasher = "md5"
    return str(_hash_file(fpath, hasher, chunk_size)) == str(file_hash)


def _safe_members(archive, path):
    root = os.path.realpath(path)
    names = archive.getnames() if isinstance(archive, tarfile.TarFile) else archive.namelist()
    for name in names:
        target = os.path.realpath(os.path.join(root, name))
        if os.path.commonpath([root, target]) != root:
            raise ValueError(f"get_file: the archive member {name!r} would be written outside {path!r}.")


def _extract_archive(file_path, path=".", archive_format="auto"):
    """Extract a tar (plain, gz, bz2) or zip archive into `path`; False when it is neither.

    Args:
        file_path: the archive.
        path: the folder to extract into; default ``'.'``.
        archive_format: ``'auto'`` (tar, then zip), ``'tar'``, ``'zip'``, a list of them, or None
            (no extraction); default ``'auto'``.
    """
    if archive_format is None:
        return False
    if archive_format == "auto":
        archive_format = ["tar", "zip"]
    if isinstance(archive_format, str):
        archive_format = [archive_format]
    kinds = {"tar": (tarfile.is_tarfile, tarfile.open), "zip": (zipfile.is_zipfile, zipfile.ZipFile)}
    for kind in archive_format:
        is_kind, open_archive = kinds[kind]
        if not is_kind(file_path):
            continue
        with open_archive(file_path) as archive:
            _safe_members(archive, path)
            try:
                archive.extractall(path)
            except (tarfile.TarError, RuntimeError, KeyboardInterrupt):
                if os.path.isfile(path):
                    os.remove(path)
                elif os.path.exists(path):
                    shutil.rmtree(path)
                raise
        return True
    return False


def cache_folder(cache_subdir="datasets", cache_dir=None):
    """The folder `get_file` keeps `cache_subdir`'s files in (Keras 2's rule).

    Args:
        cache_subdir: the folder under `cache_dir`; default ``'datasets'``.
        cache_dir: default None: ``$KERAS_HOME``, else ``~/.keras``; ``/tmp/.keras`` when that is
            not writable.
    """
    if cache_dir is None:
        cache_dir = os.environ.get("KERAS_HOME") or _internals.keras_home()
    datadir_base = os.path.expanduser(cache_dir)
    if not os.access(datadir_base, os.W_OK):
        datadir_base = os.path.join("/tmp", ".keras")
    return os.path.join(datadir_base, cache_subdir)


def get_file(
    fname,
    origin,
    untar=False,
    md5_hash=None,
    file_hash=None,
    cache_subdir="datasets",
    hash_algorithm="auto",
    extract=False,
    archive_format="auto",
    cache_dir=None,
):
    """Download `origin` into the Keras cache as `fname` unless it is there already (Keras 2).

    Files go to ``cache_dir/cache_subdir/fname`` (``$KERAS_HOME`` or ``~/.keras``, then
    ``/tmp/.keras`` when that is not writable). With ``untar=True`` the download is
    ``fname + '.tar.gz'``, it is extracted into ``cache_subdir`` itself and ``cache_subdir/fname``
    is returned; with ``extract=True`` the archive is extracted beside the file and the file's
    path is returned. An absolute `fname` is used as it is. Keras 3's ``get_file`` extracts into
    ``<fname>_extracted`` folders and refuses paths as `fname` instead.

    Difference from Keras 2: a downloaded file whose hash does not match `file_hash` is removed
    and a ValueError raised; archive members that would land outside the folder are refused.

    Args:
        fname: the file name (or an absolute path).
        origin: the URL (``file://`` works too).
        untar: whether `origin` is a ``.tar.gz`` to extract (Keras 1 style); default False.
        md5_hash: the file's MD5 (use `file_hash`); default None.
        file_hash: the file's SHA-256 or MD5, checked when given; default None.
        cache_subdir: the folder under `cache_dir`; default ``'datasets'``.
        hash_algorithm: ``'md5'``, ``'sha256'`` or ``'auto'``; default ``'auto'``.
        extract: whether to extract the archive after downloading; default False.
        archive_format: see `_extract_archive`; default ``'auto'``.
        cache_dir: default None (``$KERAS_HOME`` or ``~/.keras``).
    """
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    datadir = cache_folder(cache_subdir, cache_dir)
    os.makedirs(datadir, exist_ok=True)
    fname = os.fspath(fname)
    if untar:
        untar_fpath = os.path.join(datadir, fname)
        fpath = untar_fpath + ".tar.gz"
    else:
        fpath = os.path.join(datadir, fname)

    download = not os.path.exists(fpath)
    if not download and file_hash is not None and not validate_file(fpath, file_hash, algorithm=hash_algorithm):
        print(
            f"A local file was found, but it seems to be incomplete or outdated because the "
            f"{hash_algorithm} file hash does not match the original value of {file_hash} so we "
            "will re-download the data."
        )
        download = True
    if download:
        print("Downloading data from", origin)
        _download(origin, fpath)
        if file_hash is not None and not validate_file(fpath, file_hash, algorithm=hash_algorithm):
            os.remove(fpath)
            raise ValueError(f"get_file: the file downloaded from {origin} does not have the hash {file_hash}.")

    if untar:
        if not os.path.exists(untar_fpath):
            _extract_archive(fpath, datadir, archive_format="tar")
        return untar_fpath
    if extract:
        _extract_archive(fpath, datadir, archive_format)
    return fpath


def _download(origin, fpath):
    progress = {}

    def report(count, block_size, total_size):
        if "bar" not in progress:
            progress["bar"] = _keras.utils.Progbar(None if total_size == -1 else total_size)
        else:
            progress["bar"].update(count * block_size)

    message = "URL fetch failure on {} : {} -- {}"
    try:
        try:
            urllib.request.urlretrieve(origin, fpath, report)
        except urllib.error.HTTPError as e:
            raise Exception(message.format(origin, e.code, e.msg)) from e
        except urllib.error.URLError as e:
            raise Exception(message.format(origin, e.errno, e.reason)) from e
    except (Exception, KeyboardInterrupt):
        if os.path.exists(fpath):
            os.remove(fpath)
        raise


def init_pool(seqs):
    """Pool initializer: the worker's copy of the shared sequences."""
    global _SHARED_SEQUENCES
    _SHARED_SEQUENCES = seqs


def get_index(uid, i):
    """Item `i` of the sequence of enqueuer `uid` (run by a pool worker)."""
    return _SHARED_SEQUENCES[uid][i]


def init_pool_generator(gens, random_seed=None):
    """Pool initializer for generators; each process seeds numpy with ``random_seed + its id``."""
    global _SHARED_SEQUENCES
    _SHARED_SEQUENCES = gens
    if random_seed is not None:
        np.random.seed((random_seed + multiprocessing.current_process().ident) % 2**32)


def next_sample(uid):
    """The next item of the generator of enqueuer `uid` (run by a pool worker)."""
    return next(_SHARED_SEQUENCES[uid])


class SequenceEnqueuer:
    """Base class of the enqueuers: workers fill a queue from a sequence or generator.

    ```python
    enqueuer = OrderedEnqueuer(sequence)
    enqueuer.start(workers=2, max_queue_size=10)
    batches = enqueuer.get()   # an endless generator for a Sequence
    for _ in range(steps):
        x, y = next(batches)
    enqueuer.stop()
    ```

    Args:
        sequence: what the workers read.
        use_multiprocessing: processes (True) or threads (False); default False.
    """

    def __init__(self, sequence, use_multiprocessing=False):
        warn_legacy(
            f"keras.utils.{type(self).__name__}",
            "a keras.utils.PyDataset(workers=..., use_multiprocessing=...) passed to fit",
        )
        self.sequence = sequence
        self.use_multiprocessing = use_multiprocessing
        with _uid_lock:
            self.uid = next(_uids)
        self.workers = 0
        self.executor_fn = None
        self.queue = None
        self.run_thread = None
        self.stop_signal = None

    def is_running(self):
        """Whether `start` was called and `stop` not yet."""
        return self.stop_signal is not None and not self.stop_signal.is_set()

    def start(self, workers=1, max_queue_size=10):
        """Start the workers.

        Args:
            workers: the number of threads or processes; default 1.
            max_queue_size: the most results waiting in the queue; default 10.
        """
        if self.use_multiprocessing:
            self.executor_fn = self._get_executor_init(workers)
        else:
            self.executor_fn = lambda _: ThreadPool(workers)
        self.workers = workers
        self.queue = queue.Queue(max_queue_size)
        self.stop_signal = threading.Event()
        self.run_thread = threading.Thread(target=self._run, daemon=True)
        self.run_thread.start()

    def _send_sequence(self):
        _SHARED_SEQUENCES[self.uid] = self.sequence

    def stop(self, timeout=None):
        """Stop the workers and wait for the feeding thread to end.

        Call it from the thread that called `start`.

        Args:
            timeout: the most seconds to wait for the thread; default None (no limit).
        """
        self.stop_signal.set()
        with self.queue.mutex:
            self.queue.queue.clear()
            self.queue.unfinished_tasks = 0
            self.queue.not_full.notify_all()
            self.queue.all_tasks_done.notify_all()
        self.run_thread.join(timeout)
        _SHARED_SEQUENCES[self.uid] = None

    def _run(self):
        raise NotImplementedError

    def _get_executor_init(self, workers):
        raise NotImplementedError

    def get(self):
        """A generator of the results, in the order of the queue (None results are skipped)."""
        raise NotImplementedError


class OrderedEnqueuer(SequenceEnqueuer):
    """Reads a `Sequence` with several workers and yields its items in order, epoch after epoch.

    After each epoch it calls ``sequence.on_epoch_end()`` and starts again (in a new shuffled
    order when `shuffle`).

    Args:
        sequence: a `keras.utils.Sequence` (anything with ``__len__`` and ``__getitem__``).
        use_multiprocessing: processes (True) or threads (False); default False.
        shuffle: whether each epoch reads the items in a new random order; default False.
    """

    def __init__(self, sequence, use_multiprocessing=False, shuffle=False):
        super().__init__(sequence, use_multiprocessing)
        self.shuffle = shuffle
        self.end_of_epoch_signal = threading.Event()

    def _get_executor_init(self, workers):
        return lambda seqs: multiprocessing.Pool(workers, initializer=init_pool, initargs=(seqs,))

    def _wait_queue(self):
        with self.queue.all_tasks_done:
            while self.queue.unfinished_tasks and not self.stop_signal.is_set():
                self.queue.all_tasks_done.wait(0.1)

    def _run(self):
        while True:
            indices = list(range(len(self.sequence)))
            # A new pool each epoch: worker processes get the sequence as on_epoch_end left it.
            self._send_sequence()
            if self.shuffle:
                random.shuffle(indices)
            with closing(self.executor_fn(_SHARED_SEQUENCES)) as executor:
                for i in indices:
                    if self.stop_signal.is_set():
                        return
                    future = executor.apply_async(get_index, (self.uid, i))
                    future.idx = i
                    self.queue.put(future, block=True)
                self._wait_queue()
                if self.stop_signal.is_set():
                    return
            self.sequence.on_epoch_end()
            self.end_of_epoch_signal.set()

    def join_end_of_epoch(self):
        """Wait (at most 30 s) until the workers finished an epoch (Keras 2.3)."""
        self.end_of_epoch_signal.wait(timeout=_RESULT_TIMEOUT)
        self.end_of_epoch_signal.clear()

    def get(self):
        """An endless generator of the sequence's items, in order.

        An exception raised by ``sequence[i]`` stops the enqueuer and is raised here.
        """
        try:
            while self.is_running():
                future = self.queue.get(block=True)
                try:
                    inputs = future.get(timeout=_RESULT_TIMEOUT)
                except multiprocessing.TimeoutError:
                    warnings.warn(
                        f"The input {future.idx} could not be retrieved. "
                        "It could be because a worker has died.",
                        UserWarning,
                    )
                    inputs = self.sequence[future.idx]
                finally:
                    self.queue.task_done()
                if inputs is not None:
                    yield inputs
        except Exception:
            self.stop()
            raise


class GeneratorEnqueuer(SequenceEnqueuer):
    """Reads a Python generator with several workers; the order is not kept.

    A finite generator ends `get` once its last items are yielded. With threads and more than
    one worker the generator must be thread-safe (a ``RuntimeError`` says so otherwise).

    Args:
        sequence: a generator.
        use_multiprocessing: processes (True) or threads (False); default False.
        wait_time: ignored, with a warning (Keras 2.2 slept this long between reads); default None.
        random_seed: numpy seed of the worker processes (plus each one's process id);
            default None.
    """

    def __init__(self, sequence, use_multiprocessing=False, wait_time=None, random_seed=None):
        super().__init__(sequence, use_multiprocessing)
        self.random_seed = random_seed
        if wait_time is not None:
            warnings.warn("`wait_time` is not used anymore.", DeprecationWarning, stacklevel=2)

    def _get_executor_init(self, workers):
        seed = self.random_seed
        return lambda gens: multiprocessing.Pool(workers, initializer=init_pool_generator, initargs=(gens, seed))

    def _run(self):
        self._send_sequence()
        with closing(self.executor_fn(_SHARED_SEQUENCES)) as executor:
            while not self.stop_signal.is_set():
                self.queue.put(executor.apply_async(next_sample, (self.uid,)), block=True)

    def _remaining(self):
        pending = []
        while True:
            try:
                pending.append(self.queue.get_nowait())
            except queue.Empty:
                break
        for future in pending:
            future.wait()
        return [future.get() for future in pending if future.successful()]

    def get(self):
        """A generator of the generator's items, as the workers produce them."""
        try:
            while self.is_running():
                future = self.queue.get(block=True)
                try:
                    inputs = future.get(timeout=_RESULT_TIMEOUT)
                except multiprocessing.TimeoutError:
                    warnings.warn(
                        "An input could not be retrieved. It could be because a worker has died. "
                        "We do not have any information on the lost sample.",
                        UserWarning,
                    )
                    continue
                self.queue.task_done()
                if inputs is not None:
                    yield inputs
        except StopIteration:
            # The generator is exhausted: what other workers read before that still counts.
            for inputs in self._remaining():
                if inputs is not None:
                    yield inputs
        except Exception as e:
            self.stop()
            if "generator already executing" in str(e):
                raise RuntimeError(
                    "Your generator is NOT thread-safe. Keras requires a thread-safe generator when "
                    "`use_multiprocessing=False, workers > 1`."
                ) from e
            raise



# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
