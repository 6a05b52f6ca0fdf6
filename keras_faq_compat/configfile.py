"""The Keras configuration file, ``$HOME/.keras/keras.json``, as Keras 2 read it.

Legacy API: Keras 2 read ``keras.json`` from ``$KERAS_HOME`` or
``$HOME/.keras`` (``/tmp/.keras`` when the home folder is not writable) with
the fields ``image_data_format``, ``epsilon``, ``floatx`` and ``backend``.

Keras 3 replacement: the same file and ``keras.config`` (``floatx()``,
``epsilon()``, ``image_data_format()``, ``backend()``).

Behaviour differences kept here: ``backend: "theano"`` or ``"cntk"`` runs on
TensorFlow with one `LegacyAPIWarning` (Keras 3 would refuse to import);
a file that is not JSON, or names a backend nobody knows, is one clear error
naming the file (Keras 3 silently ignores a malformed file).
"""

import contextlib
import json
import os

__all__ = [
    "KerasConfigError",
    "keras_dir",
    "config_path",
    "read_config",
    "legacy_backend_override",
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


def read_config(path=None):
    """Read and check ``keras.json``; return its fields merged over the defaults.

    Args:
        path: the file to read; default `config_path()`. A missing file gives
            the defaults, as in Keras 2.

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
    if backend not in LEGACY_BACKENDS + KERAS3_BACKENDS:
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


@contextlib.contextmanager
def legacy_backend_override():
    """Import Keras 3 on TensorFlow when ``keras.json`` names a Keras 2-only backend.

    Keras 3 picks its backend once, at import, from ``$KERAS_BACKEND`` or
    ``keras.json``. For the length of this context only, a ``theano`` or
    ``cntk`` file is overridden by ``KERAS_BACKEND=tensorflow`` (one
    `LegacyAPIWarning`); an invalid file raises `KerasConfigError` before
    Keras sees it. The environment is restored afterwards.
    """
    import sys

    if "keras" in sys.modules or os.environ.get("KERAS_BACKEND"):
        yield
        return
    config = read_config()
    backend = str(config["backend"]).lower()
    if backend not in LEGACY_BACKENDS:
        yield
        return
    from keras_faq_compat.deprecation import warn_legacy

    warn_legacy(
        f'keras.json "backend": "{backend}"',
        '"backend": "tensorflow" (Keras 3 has no Theano or CNTK backend)',
        detail=f"Running on TensorFlow; the file {config_path()} was left unchanged.",
        stacklevel=5,
    )
    os.environ["KERAS_BACKEND"] = "tensorflow"
    try:
        yield
    finally:
        os.environ.pop("KERAS_BACKEND", None)
