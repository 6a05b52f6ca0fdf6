"""The real Keras 3 and TensorFlow packages, captured before any activation.

While the activation is on, ``sys.modules["keras"]`` is this compat layer, so
the layer's own modules never write ``import keras``: they take the real
package from here. ``activation.install()`` imports this module before it
touches ``sys.modules``, so the references below are always the real ones.

Keras 3 chooses its backend once, at import, from ``keras.json``; a Keras 2
file that names ``theano`` or ``cntk`` would make that import fail, so for
the length of the import only, such a file is read as ``tensorflow``
(`configfile.legacy_backend_override` says why, with one warning).
"""

from keras_faq_compat import configfile as _configfile

with _configfile.legacy_backend_override():
    import keras  # noqa: E402

import tensorflow as tf  # noqa: E402

__all__ = ["keras", "tf"]
