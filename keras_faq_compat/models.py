"""``keras.models``: the Keras 2 model classes and the functions that load them.

Legacy API: ``keras.models.Model``, ``Sequential``, ``load_model``,
``model_from_json``, ``model_from_yaml``, ``model_from_config``,
``save_model``, ``clone_model``.

Keras 3 replacement: ``keras.Model``, ``keras.Sequential``,
``keras.models.load_model``, ``keras.models.model_from_json``,
``keras.models.clone_model``.

Loading gives back the compat classes, which enter
`keras_faq_compat.saving.class_identity` where they are defined: this module
imports them, so that ``from keras.models import load_model`` alone loads
a Keras 2 file as a compat model. Every name is a row of
`keras_faq_compat.legacy_names`; difference from Keras 2: YAML is read with
PyYAML's safe loader only.
"""

# Imported for their registration with class_identity; the names themselves
# are served from the table below.
from keras_faq_compat.engine import sequential as _sequential  # noqa: F401
from keras_faq_compat.engine import training as _training  # noqa: F401

# Names of this Keras 2 module (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
