"""``keras.backend`` (``K``) as Keras 2 code uses it.

Legacy API: the Keras 2.2 backend module, ``from keras import backend as K``.

Keras 3 replacement: ``keras.config`` for the settings, ``keras.ops`` for the
tensor functions, ``tf.keras.backend`` for the Keras 2 functions Keras 3 still
keeps (``K.sum``, ``K.mean``, ``K.placeholder``, ...), which are re-exported
here unchanged.

Added here: ``backend()`` answers ``"tensorflow"``; ``set_session`` /
``get_session`` take and give a TF1-style `tf1.Session` whose config (thread
counts) is applied; ``clear_session`` also restarts Keras 2 layer numbering.
"""

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf

__all__ = [
    "backend",
    "floatx",
    "set_floatx",
    "epsilon",
    "set_epsilon",
    "image_data_format",
    "set_image_data_format",
    "set_session",
    "get_session",
    "clear_session",
    "get_uid",
    "reset_uids",
]

floatx = _keras.config.floatx
set_floatx = _keras.config.set_floatx
epsilon = _keras.config.epsilon
set_epsilon = _keras.config.set_epsilon
image_data_format = _keras.config.image_data_format
set_image_data_format = _keras.config.set_image_data_format

_session = None
_uids = {}


def backend():
    """The backend name. Keras 2 code compares it with ``"tensorflow"``."""
    return _keras.config.backend()


def set_session(session):
    """Legacy ``K.set_session(sess)``: apply the session's config to TensorFlow 2.

    Args:
        session: a `keras_faq_compat.tf1.Session` (or ``tf.compat.v1.Session``);
            its ``ConfigProto`` thread counts are applied.
    """
    from keras_faq_compat import tf1
    from keras_faq_compat.deprecation import warn_legacy

    global _session
    warn_legacy("keras.backend.set_session", "tf.config (threading, devices); TF2 has no session")
    _session = session
    tf1.apply_config(getattr(session, "_config", None))


def get_session():
    """Legacy ``K.get_session()``: the session given to `set_session`, or a new one."""
    from keras_faq_compat import tf1

    global _session
    if _session is None:
        _session = tf1.Session()
    return _session


def get_uid(prefix=""):
    """Keras 2's per-prefix counter: 1 for the first call with `prefix`, then 2, ...

    Args:
        prefix: the name prefix (a layer's snake-case class name); default ``""``.
    """
    _uids[prefix] = _uids.get(prefix, 0) + 1
    return _uids[prefix]


def reset_uids():
    """Restart every `get_uid` counter (as ``K.clear_session`` did in Keras 2)."""
    _uids.clear()


def clear_session():
    """Legacy ``K.clear_session()``: reset Keras state, layer numbering and the session."""
    global _session
    _keras.backend.clear_session()
    reset_uids()
    _session = None


def _legacy_backend():
    # Keras 3 keeps the Keras 2 backend functions for tf.keras; serve them
    # unchanged rather than rewriting them.
    return _tf.keras.backend


_fallback_getattr, _fallback_dir = _lazy.lazy_attributes(__name__, {}, fallback="backend")


def __getattr__(name):
    try:
        return getattr(_legacy_backend(), name)
    except AttributeError:
        return _fallback_getattr(name)


def __dir__():
    return sorted(set(__all__) | set(dir(_legacy_backend())) | set(_fallback_dir()))
