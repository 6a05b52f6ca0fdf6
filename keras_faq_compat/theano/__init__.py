"""A small stand-in for ``theano``, for Keras 2 code that configured the Theano backend.

Legacy API: ``THEANO_FLAGS=device=gpu,floatX=float32`` in the environment, and
``theano.config.device`` / ``theano.config.floatX`` set in code (the Keras FAQ,
"How can I run Keras on GPU?").

Keras 3 / TF2 replacement: ``tf.config.set_visible_devices`` for the device
and ``keras.config.set_floatx`` for the float type.

Behaviour differences: there is no Theano; the flags choose which TensorFlow
device is visible (``cpu`` hides every GPU; ``gpu``/``gpuN``/``cudaN`` keeps
GPU N, or stays on the CPU with a warning when there is no such GPU) and the
Keras float type. Other flags are accepted and ignored with one warning.
Devices can only be chosen before TensorFlow starts its runtime.
"""

import os
import re
import warnings

__all__ = ["config", "apply_flags", "apply_flags_from_environment"]
__version__ = "1.0.5"


def _set_device(value):
    from keras_faq_compat._real import tf
    from keras_faq_compat.deprecation import LegacyAPIWarning, warn_legacy

    warn_legacy("theano.config.device / THEANO_FLAGS device", "tf.config.set_visible_devices")
    value = str(value).strip().lower()
    match = re.fullmatch(r"(cpu|gpu|cuda)(\d*)", value)
    if match is None:
        raise ValueError(
            f"Theano device {value!r} is not understood; use 'cpu', 'gpu', 'gpuN' or 'cudaN'."
        )
    kind, index = match.group(1), match.group(2)
    gpus = tf.config.list_physical_devices("GPU")
    if kind == "cpu":
        visible = []
    else:
        index = int(index) if index else 0
        if index >= len(gpus):
            warnings.warn(
                f"Theano device {value!r} asks for GPU {index}, but TensorFlow sees "
                f"{len(gpus)} GPU(s); running on the CPU.",
                LegacyAPIWarning,
                stacklevel=4,
            )
            visible = []
        else:
            visible = [gpus[index]]
    if not gpus or list(tf.config.get_visible_devices("GPU")) == visible:
        return
    try:
        tf.config.set_visible_devices(visible, "GPU")
    except RuntimeError:
        warnings.warn(
            f"Theano device {value!r} came after TensorFlow started; the visible "
            "devices were left unchanged. Set it before building any model.",
            LegacyAPIWarning,
            stacklevel=4,
        )


def _set_floatx(value):
    from keras_faq_compat._real import keras
    from keras_faq_compat.deprecation import warn_legacy

    warn_legacy("theano.config.floatX / THEANO_FLAGS floatX", "keras.config.set_floatx")
    keras.config.set_floatx(str(value))


class _Config:
    """``theano.config``: ``device`` and ``floatX`` act on TensorFlow and Keras."""

    def __init__(self):
        object.__setattr__(self, "_values", {"device": "cpu", "floatX": "float32"})

    def __getattr__(self, name):
        values = object.__getattribute__(self, "_values")
        if name == "floatX":
            from keras_faq_compat._real import keras

            return keras.config.floatx()
        try:
            return values[name]
        except KeyError:
            raise AttributeError(f"theano.config has no option {name!r}") from None

    def __setattr__(self, name, value):
        if name == "device":
            _set_device(value)
        elif name == "floatX":
            _set_floatx(value)
        else:
            from keras_faq_compat.deprecation import warn_legacy

            warn_legacy(f"theano.config.{name}", "TensorFlow's own settings",
                        detail="This Theano option has no effect here.")
        self._values[name] = value


config = _Config()


def apply_flags(flags):
    """Apply a ``THEANO_FLAGS`` string such as ``"device=gpu,floatX=float32"``.

    Args:
        flags: comma-separated ``name=value`` pairs.
    """
    for item in filter(None, (part.strip() for part in flags.split(","))):
        name, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"THEANO_FLAGS entry {item!r} is not of the form name=value.")
        setattr(config, name.strip(), value.strip())


def apply_flags_from_environment():
    """Apply ``$THEANO_FLAGS`` if it is set (the activation calls this)."""
    flags = os.environ.get("THEANO_FLAGS")
    if flags:
        apply_flags(flags)
