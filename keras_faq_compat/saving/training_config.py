"""Compiling a loaded model from its Keras 2 training config (the compile stage of loading).

Legacy API: the ``training_config`` part of Keras 2's ``load_model``
(``model.compile(**training_config)``).

Keras 3 replacement: ``model.compile`` from the ``compile_config`` of a
``.keras`` file.

The config has the Keras 2 spelling; `legacy_config.translate_training_config`
turns it into Keras 3 arguments (metrics that Keras 3 lacks are left out
with a warning), and the model is compiled inside the user's custom-object
scopes. Any error names the file.
"""

import warnings

from keras_faq_compat import _internals
from keras_faq_compat.saving import legacy_config
from keras_faq_compat.saving.errors import LegacyFileError
from keras_faq_compat.saving.scopes import custom_scope

__all__ = ["compile_model"]


def compile_model(model, training_config, custom_objects=None, source="<file>"):
    """Compile `model` as its file's training config says.

    Args:
        model: the freshly built model.
        training_config: the decoded ``training_config`` dictionary.
        custom_objects: name -> class or function (losses, metrics,
            optimizers); default None.
        source: the file name, for messages; default "<file>".

    Raises:
        LegacyFileError: the training config cannot be used; the message
            names `source`.
    """
    try:
        config, dropped = legacy_config.translate_training_config(training_config)
        config.setdefault("loss_weights", None)
        with custom_scope(custom_objects):
            args = _internals.compile_args_from_training_config(config, custom_objects)
            model.compile(**args)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as e:
        raise LegacyFileError(
            f"{source}: the training config cannot compile the model ({type(e).__name__}: {e}); "
            "load_model(..., compile=False) loads the model without it."
        ) from e
    if dropped:
        warnings.warn(
            f"{source}: Keras 2 metrics {dropped} do not exist in Keras 3 and were left out.",
            stacklevel=4,
        )
