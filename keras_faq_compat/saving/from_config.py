"""Models from configs: ``model_from_config``, ``model_from_json``, ``model_from_yaml``.

Legacy API: ``keras.models.model_from_config`` / ``model_from_json`` /
``model_from_yaml`` of Keras 2 (configs of Keras 2.0 to 2.4).

Keras 3 replacement: ``keras.models.model_from_json``; YAML was removed.

Each runs the translate and build stages of loading (`legacy_config`, then
`build`) on the decoded config. Differences from Keras 2: YAML is read with
a safe loader only; a ``Lambda`` with bytecode needs ``safe_mode=False``
(`build_model`) unless this process saved it.
"""

import json

from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.saving import build, legacy_config, trusted_code
from keras_faq_compat.saving.safe_yaml import load_yaml_config

__all__ = ["build_model", "model_from_config", "model_from_json", "model_from_yaml"]


def build_model(model_config, custom_objects=None, safe_mode=True, source="<config>"):
    """Build a compat model from a Keras 2 or Keras 3 model config.

    Args:
        model_config: the decoded ``{"class_name", "config"}`` mapping.
        custom_objects: name -> class or function; default None.
        safe_mode: refuse legacy ``Lambda`` bytecode; default True.
        source: file name or description for messages; default "<config>".

    Returns:
        The uncompiled model (`Sequential` / functional `Model` of the
        compat layer for those configs).
    """
    context = {"safe_mode": safe_mode, "trusted": trusted_code.is_trusted}
    translated = legacy_config.translate_file_config(model_config, source, context)
    return build.build(translated, custom_objects, safe_mode, source)


def model_from_config(config, custom_objects=None):
    """Instantiate a model from a Keras 2 (or Keras 3) config dictionary.

    Args:
        config: ``{"class_name", "config"}``.
        custom_objects: name -> class or function; default None.
    """
    return build_model(config, custom_objects, source="model_from_config")


def model_from_json(json_string, custom_objects=None):
    """Build a model from ``to_json()`` output, Keras 2.0 to 3.

    Args:
        json_string: the JSON text.
        custom_objects: name -> class or function; default None.
    """
    try:
        config = json.loads(json_string)
    except (TypeError, ValueError) as e:
        raise ValueError(f"model_from_json: not valid JSON ({e}).") from None
    return build_model(config, custom_objects, source="model_from_json")


def model_from_yaml(yaml_string, custom_objects=None):
    """Build a model from ``to_yaml()`` output (safe YAML loading only).

    Args:
        yaml_string: the YAML text.
        custom_objects: name -> class or function; default None.
    """
    warn_legacy("keras.models.model_from_yaml", "model.to_json() / keras.models.model_from_json")
    config = load_yaml_config(yaml_string, source="model_from_yaml")
    return build_model(config, custom_objects, source="model_from_yaml")
