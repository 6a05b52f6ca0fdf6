"""The Keras configuration file, ``$HOME/.keras/keras.json``, as Keras 2 read it.

Legacy API: Keras 2 read ``keras.json`` from ``$KERAS_HOME`` or
``$HOME/.keras`` (``/tmp/.keras`` when the home folder is not writable) with
the fields ``image_data_format``, ``epsilon``, ``floatx`` and ``backend``.

Keras 3 replacement: the same file and ``keras.config`` (``floatx()``,
``epsilon()``, ``image_data_format()``, ``backend()``).

Behaviour differences kept here: ``backend: "theano"`` or ``"cntk"`` (in
the file or in ``$KERAS_BACKEND``) runs on TensorFlow with one
`LegacyAPIWarning` (Keras 3 would refuse to import); a file that is not
JSON, or names a backend nobody knows, is one clear error naming the file
(Keras 3 silently ignores a malformed file).

When the file is read: Keras 2 read it, and ``$KERAS_HOME`` /
``$KERAS_BACKEND``, when the program first imported keras. Keras 3 does the
same for itself, but under the activation real Keras is imported before the
script's first line, so a script that sets ``os.environ['KERAS_HOME']`` or
writes ``keras.json`` before ``import keras`` would get the earlier values.
The activation therefore calls `apply_legacy_config` when the script first
uses ``keras``: what changed since Keras 3 read its configuration (the
file's ``floatx``, ``epsilon``, ``image_data_format``, the folder of
downloads) is applied through ``keras.config``, and ``uninstall()`` undoes it
with `restore_legacy_config`. Without the activation, the file is read when
this package first needs real Keras, which is when Keras 3 itself reads it.

Remaining difference: the backend is chosen when Keras 3 is imported (at
activation under ``keras-faq-compat run``); a script that asks for another
Keras 3 backend later gets one warning and keeps the running one.
"""

import contextlib
import json
import os
import sys

__all__ = [
    "KerasConfigError",
    "keras_dir",
    "config_path",
    "read_config",
    "legacy_backend_override",
    "apply_legacy_config",
    "restore_legacy_config",
]

LEGACY_BACKENDS = ("theano", "cntk")
KERAS3_BACKENDS = ("tensorflow", "jax", "torch", "numpy", "openvino")
DEFAULTS = {
    "image_data_format": "channels_last",
    "epsilon": 1e-07,
    "floatx": "float32",
    "backend": "tensorflow",
}
_FLOAT_TYPES = ("float16", "bfloat16", "float32", "float64")
_DATA_FORMATS = ("channels_last", "channels_first")
_SETTINGS = ("floatx", "epsilon", "image_data_format")

# What Keras 3 read when it was imported: the fields of the file and the
# folder, recorded by `legacy_backend_override`; `apply_legacy_config`
# applies only what differs from it.
_read_by_keras = None


class KerasConfigError(ValueError):
    """``keras.json`` cannot be used; the message names the file."""


def keras_dir():
    """The folder Keras 2 used for its data (``keras.json``, ``datasets/``, ``models/``).

    ``$KERAS_HOME`` when set; otherwise ``~/.keras``, or ``/tmp/.keras`` when the
    home folder is not writable, as Keras 2 did.
    """
    if "KERAS_HOME" in os.environ:
        return os.environ["KERAS_HOME"]
    base = os.path.expanduser("~")
    if not os.access(base, os.W_OK):
        base = "/tmp"
    return os.path.join(base, ".keras")


def config_path():
    """The path of ``keras.json`` in `keras_dir()`."""
    return os.path.join(keras_dir(), "keras.json")


def read_config(path=None, check_backend=True):
    """Read and check ``keras.json``; return its fields merged over the defaults.

    Args:
        path: the file to read; default `config_path()`. A missing file gives
            the defaults, as in Keras 2.
        check_backend: whether an unknown ``backend`` is an error; False when
            ``$KERAS_BACKEND`` overrides the file, as it did in Keras 2.
            Default True.

    Raises:
        KerasConfigError: the file is not a JSON object, names an unknown
            backend, or has a bad ``floatx``, ``epsilon`` or
            ``image_data_format``; the message names the file.
    """
    path = path or config_path()
    config = dict(DEFAULTS)
    if not os.path.exists(path):
        return config
    try:
        with open(path, encoding="utf-8") as f:
            loaded = json.load(f)
    except (OSError, ValueError) as e:
        raise KerasConfigError(f"Keras config file {path} is not valid JSON: {e}") from None
    if not isinstance(loaded, dict):
        raise KerasConfigError(
            f"Keras config file {path} must hold a JSON object, not {type(loaded).__name__}."
        )
    config.update(loaded)
    backend = str(config["backend"]).lower()
    if check_backend and backend not in LEGACY_BACKENDS + KERAS3_BACKENDS:
        raise KerasConfigError(
            f"Keras config file {path} names an unknown backend {config['backend']!r}; "
            f"expected one of {', '.join(KERAS3_BACKENDS + LEGACY_BACKENDS)}."
        )
    if config["floatx"] not in _FLOAT_TYPES:
        raise KerasConfigError(
            f"Keras config file {path} has floatx={config['floatx']!r}; "
            f"expected one of {', '.join(_FLOAT_TYPES)}."
        )
    if config["image_data_format"] not in _DATA_FORMATS:
        raise KerasConfigError(
            f"Keras config file {path} has image_data_format="
            f"{config['image_data_format']!r}; expected one of {', '.join(_DATA_FORMATS)}."
        )
    if not isinstance(config["epsilon"], (int, float)) or isinstance(config["epsilon"], bool):
        raise KerasConfigError(
            f"Keras config file {path} has epsilon={config['epsilon']!r}; expected a number."
        )
    return config


def _read_leniently(path):
    try:
        return read_config(path, check_backend=False)
    except KerasConfigError:
        return dict(DEFAULTS)


def _requested_backend(config):
    """The backend Keras 2 would load: ``$KERAS_BACKEND`` over the file's."""
    return (os.environ.get("KERAS_BACKEND") or str(config["backend"])).lower()


def _warn_legacy_backend(backend, stacklevel):
    from keras_faq_compat.deprecation import warn_legacy

    warn_legacy(
        f'the "{backend}" backend',
        'the TensorFlow backend ("backend": "tensorflow" in keras.json, or no KERAS_BACKEND)',
        detail=(f"Keras 3 has no Theano or CNTK backend: running on TensorFlow; "
                f"{config_path()} and $KERAS_BACKEND were left unchanged."),
        stacklevel=stacklevel,
    )


@contextlib.contextmanager
def legacy_backend_override():
    """Import Keras 3 on TensorFlow when the Keras 2 configuration names a Keras 2-only backend.

    Keras 3 picks its backend once, at import, from ``$KERAS_BACKEND`` or
    ``keras.json``. For the length of this context only, a ``theano`` or
    ``cntk`` backend (file or variable) is replaced by
    ``KERAS_BACKEND=tensorflow`` (one `LegacyAPIWarning`); an invalid file
    raises `KerasConfigError` before Keras sees it. The environment is
    restored afterwards, and what Keras read is recorded for
    `apply_legacy_config`.
    """
    global _read_by_keras

    path = config_path()
    if "keras" in sys.modules:  # imported before this package: it read the file then
        _read_by_keras = dict(_read_leniently(path), keras_dir=keras_dir())
        yield
        return
    config = read_config(path, check_backend=not os.environ.get("KERAS_BACKEND"))
    backend = _requested_backend(config)
    read = dict(config, keras_dir=keras_dir())
    if backend not in LEGACY_BACKENDS:
        yield
        _read_by_keras = read
        return
    _warn_legacy_backend(backend, stacklevel=5)
    previous = os.environ.get("KERAS_BACKEND")
    os.environ["KERAS_BACKEND"] = "tensorflow"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("KERAS_BACKEND", None)
        else:
            os.environ["KERAS_BACKEND"] = previous
    _read_by_keras = read


def apply_legacy_config(keras_module=None, stacklevel=1):
    """Apply the Keras 2 configuration as it is now, where it differs from what Keras 3 read.

    Reads ``$KERAS_HOME`` / ``$HOME``, ``keras.json`` and ``$KERAS_BACKEND``
    as Keras 2 did at ``import keras``. The file's ``floatx``, ``epsilon`` and
    ``image_data_format`` are set through ``keras.config`` where they differ
    from the values Keras 3 read at its own import (a value the program set
    through ``keras.config`` since then is kept when the file still says
    what Keras read); downloads (``keras.utils.get_file``, ``datasets``) go to
    the new folder. A ``theano`` or ``cntk`` backend gives one
    `LegacyAPIWarning`; another Keras 3 backend than the running one gives
    one warning and the running backend stays. A folder without
    ``keras.json`` gets one with the values in use, as Keras 2 wrote it.

    Args:
        keras_module: the real Keras package; default the one of
            `keras_faq_compat._real`.
        stacklevel: the frame the warnings point at, counted from the
            caller of this function (1, the default, is the caller).

    Returns:
        A list of ``(setter, previous value)`` pairs for
        `restore_legacy_config`.

    Raises:
        KerasConfigError: the file is invalid; the message names it.
    """
    # keras_faq_compat._real imports this module before Keras, to choose how Keras is imported.
    if keras_module is None:
        from keras_faq_compat._real import keras as keras_module  # lazy: loaded before keras
    from keras_faq_compat import _internals  # lazy: loaded before keras

    config = read_config(check_backend=not os.environ.get("KERAS_BACKEND"))
    before = _read_by_keras or dict(DEFAULTS, keras_dir=_internals.keras_home())
    backend = _requested_backend(config)
    running = keras_module.config.backend()
    if backend in LEGACY_BACKENDS:
        _warn_legacy_backend(backend, stacklevel=stacklevel + 3)
    elif backend != running and backend in KERAS3_BACKENDS:
        from keras_faq_compat.deprecation import warn_legacy

        warn_legacy(
            f'choosing the "{backend}" backend after start-up',
            f"KERAS_BACKEND={backend} in the environment of `keras-faq-compat run` "
            "or before the first import of keras",
            detail=f"Keras 3 picks its backend once, when it is imported; this run stays on {running}.",
            stacklevel=stacklevel + 2,
        )
    undo = []
    for field in _SETTINGS:
        if config[field] == before.get(field):
            continue
        getter = getattr(keras_module.config, field)
        setter = getattr(keras_module.config, f"set_{field}")
        undo.append((setter, getter()))
        setter(config[field])
    folder = keras_dir()
    _write_default_file(folder, keras_module)
    if os.path.abspath(os.path.expanduser(folder)) != os.path.abspath(
            os.path.expanduser(_internals.keras_home())):
        undo.append((_internals.set_keras_home, _internals.keras_home()))
        _internals.set_keras_home(folder)
    return undo


def _write_default_file(folder, keras_module):
    """Leave a ``keras.json`` with the values in use where none is, as Keras 2 and 3 do."""
    path = os.path.join(folder, "keras.json")
    if os.path.exists(path):
        return
    values = {
        "floatx": keras_module.config.floatx(),
        "epsilon": keras_module.config.epsilon(),
        "backend": keras_module.config.backend(),
        "image_data_format": keras_module.config.image_data_format(),
    }
    try:
        os.makedirs(folder, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps(values, indent=4))
    except OSError:  # a read-only folder: Keras 2 went on without the file too
        pass


def restore_legacy_config(undo):
    """Undo `apply_legacy_config`: put back each value it changed.

    Args:
        undo: the list `apply_legacy_config` returned.
    """
    for setter, previous in reversed(list(undo)):
        setter(previous)
