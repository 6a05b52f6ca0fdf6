"""Writing a file so that a failed save leaves the previous file intact.

Legacy API: ``model.save`` / ``save_weights`` of Keras 2, which wrote in
place (an interrupted save destroyed the previous file).

Keras 3 replacement: ``model.save`` (also writes in place).

Every file the compat layer saves goes to a temporary file in the target
folder that replaces the target (``os.replace``) only once complete.
"""

import contextlib
import os
import uuid

from keras_faq_compat import _internals

__all__ = ["atomic_path"]


@contextlib.contextmanager
def atomic_path(filepath, overwrite=True):
    """Yield a temporary path that replaces `filepath` on success.

    Args:
        filepath: the final path; its folder is created if missing.
        overwrite: when False and the file exists, ask as Keras 2 did;
            default True.

    Yields:
        The temporary path to write, or None when the user declined to
        overwrite (nothing is written then).
    """
    filepath = os.fspath(filepath)
    if not overwrite and os.path.exists(filepath):
        if not _internals.ask_to_proceed_with_overwrite(filepath):
            yield None
            return
    folder = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(folder, exist_ok=True)
    # A fresh name in the same folder (so the rename is atomic), created by
    # the writer itself so that it gets the usual permissions; the extension
    # stays last because Keras 3 picks its format from it.
    stem, ext = os.path.splitext(os.path.basename(filepath))
    tmp = os.path.join(folder, f".{stem}.{uuid.uuid4().hex[:12]}.tmp{ext}")
    try:
        yield tmp
        os.replace(tmp, filepath)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise
