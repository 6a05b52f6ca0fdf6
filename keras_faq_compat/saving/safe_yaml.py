"""YAML model configs read with PyYAML's safe loader only.

Legacy API: ``model.to_yaml()`` and ``keras.models.model_from_yaml(s)``;
Keras 2 read YAML with ``yaml.load`` (it ran any Python the file named).

Keras 3 replacement: none (YAML was removed); use ``model.to_json()``.

Behaviour difference: only the tags of PyYAML's ``SafeLoader`` plus
``!!python/tuple`` (which Keras 2 wrote for shapes, read as a list) are
understood; any other ``!!python/...`` tag is refused before anything is
built, so nothing in the file is executed.
"""

import json

import yaml

from keras_faq_compat import _internals

__all__ = ["load_yaml_config", "dump_yaml_config", "UnsafeYAMLError"]

_TUPLE_TAG = "tag:yaml.org,2002:python/tuple"


class UnsafeYAMLError(ValueError):
    """A YAML config carries a tag that would construct arbitrary objects."""


class _KerasSafeLoader(yaml.SafeLoader):
    """SafeLoader plus the harmless ``!!python/tuple`` Keras 2 wrote."""


def _construct_tuple(loader, node):
    return loader.construct_sequence(node, deep=True)


def _refuse(loader, tag_suffix, node):
    raise UnsafeYAMLError(
        f"refused YAML tag {node.tag!r} at line {node.start_mark.line + 1}: it would "
        "create Python objects or run code; only plain YAML and !!python/tuple are "
        "read from a model config."
    )


_KerasSafeLoader.add_constructor(_TUPLE_TAG, _construct_tuple)
_KerasSafeLoader.add_multi_constructor("tag:yaml.org,2002:python/", _refuse)
_KerasSafeLoader.add_multi_constructor("!", _refuse)


def load_yaml_config(text, source="<string>"):
    """Parse a YAML model config safely.

    Args:
        text: the YAML text (str or bytes).
        source: the file name or description, used in error messages;
            default ``"<string>"``.

    Returns:
        The decoded mapping. A file to which Keras 2 appended ``to_yaml()``
        twice has each key twice; as with PyYAML, the last value wins.

    Raises:
        UnsafeYAMLError: the text carries a code-running tag.
        ValueError: the text is not YAML or not a mapping.
    """
    try:
        data = yaml.load(text, Loader=_KerasSafeLoader)  # noqa: S506 (safe subclass)
    except UnsafeYAMLError as e:
        raise UnsafeYAMLError(f"{source}: {e}") from None
    except yaml.YAMLError as e:
        raise ValueError(f"{source}: not a valid YAML model config ({e}).") from None
    if not isinstance(data, dict):
        raise ValueError(f"{source}: a YAML model config must be a mapping, got {type(data).__name__}.")
    return data


def dump_yaml_config(config, **kwargs):
    """Dump a config as plain YAML (no Python tags), as ``to_yaml`` returns it.

    Args:
        config: a JSON-serializable mapping (tuples become lists).
        **kwargs: passed to ``yaml.safe_dump``.
    """
    plain = json.loads(json.dumps(config, default=_internals.json_default))
    kwargs.setdefault("default_flow_style", False)
    return yaml.safe_dump(plain, **kwargs)
