"""`LegacyAPIWarning` and the warn-once helper used by every shim.

Each legacy API, on first use, emits one `LegacyAPIWarning` naming its
modern (Keras 3 / TensorFlow 2) replacement in one sentence. The category
subclasses `DeprecationWarning`, so the usual filters apply:
``warnings.simplefilter("ignore", LegacyAPIWarning)`` silences them all.
"""

import threading
import warnings

__all__ = ["LegacyAPIWarning", "warn_legacy", "reset_warnings"]


class LegacyAPIWarning(DeprecationWarning):
    """A legacy Keras 2 / TF1 API was used; the message names the new one."""


_seen = set()
_lock = threading.Lock()


def warn_legacy(api, replacement, detail="", stacklevel=3):
    """Warn once per process that `api` is legacy, naming its replacement.

    Args:
        api: the legacy name as user code spells it, e.g. ``"tf.Session"``.
        replacement: the modern way, e.g. ``"tf.function and eager execution"``.
        detail: an optional extra sentence (a behaviour difference).
        stacklevel: passed to `warnings.warn`; the default points at the
            caller of the shim that calls this function.
    """
    with _lock:
        if api in _seen:
            return
        _seen.add(api)
    message = f"{api} is a legacy Keras 2 API; use {replacement} instead."
    if detail:
        message = f"{message} {detail}"
    warnings.warn(message, LegacyAPIWarning, stacklevel=stacklevel)


def reset_warnings():
    """Forget which warnings were emitted (for tests)."""
    with _lock:
        _seen.clear()
