"""Lambda bytecode this process wrote itself, which loading may run without ``safe_mode=False``.

Legacy API: Keras 2's ``load_model`` of a file with a ``Lambda`` layer, which
unmarshalled and ran the function's bytecode from the file.

Keras 3 replacement: ``keras.saving.load_model(..., safe_mode=False)``; by
default Keras 3 refuses lambdas.

Difference: running code found in a file needs ``safe_mode=False`` (the
package is safe by default), except for bytecode this same process put in
a file it saved: loading that runs only code the process already ran, so a
model saved and loaded again in one program (Keras 2 tests, checkpoints)
loads as in Keras 2. Only a digest of each function is kept, in memory, for
the life of the process.
"""

import hashlib

__all__ = ["lambda_codes", "remember", "is_trusted"]

_DIGESTS = set()


def _digest(code):
    return hashlib.sha256(str(code).encode("utf-8")).hexdigest()


def lambda_codes(config):
    """The bytecode strings of every Keras 3 ``__lambda__`` entry in `config`.

    Args:
        config: a model config (nested dictionaries and lists).
    """
    found = []
    stack = [config]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("class_name") == "__lambda__" and isinstance(item.get("config"), dict):
                found.append(item["config"].get("code"))
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return found


def remember(config):
    """Record the lambdas of a config this process is writing to a file.

    Args:
        config: the model config being saved.
    """
    _DIGESTS.update(_digest(code) for code in lambda_codes(config))


def is_trusted(code):
    """True if this process saved bytecode `code` itself.

    Args:
        code: the base64 text of a marshalled function.
    """
    return _digest(code) in _DIGESTS
