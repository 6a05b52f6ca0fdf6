"""``keras.layers.core``: the Keras 2 module of ``Dense``, ``Lambda``, ``Dropout``, ``Reshape``, ...

Legacy API: ``from keras.layers.core import Dense, Lambda, ...``; ``Lambda.from_config(layer.get_config())``
of a layer made from a Python lambda or a function defined inside another function.
Keras 3 replacement: ``keras.layers`` (one flat namespace); ``Lambda.from_config(config, safe_mode=False)``;
functions defined at module level, which Keras 3 serializes by name.

Differences restored here:

* Keras 2 marshalled every function of a ``Lambda``; Keras 3 marshals only lambdas and names the
  others, so a function nested in another one, or defined in the script being run, could not be
  found again. Here such a function is marshalled like a lambda (the config stays in Keras 3's format: plain Keras 3 loads it with
  ``safe_mode=False``).
* A config holding only bytecode of lambdas that this process made ``Lambda`` layers from is
  rebuilt without ``safe_mode=False`` (running it runs nothing the process did not already have),
  and the rebuilt functions see the globals of the originals (``K``, ``np``, ... of the user's
  module). Other bytecode, from a file or another process, still needs ``safe_mode=False``.
"""

import binascii
import codecs
import marshal
import types

from keras_faq_compat import _lazy
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.utils.generic_utils import func_dump, func_load

__all__ = []

# Marshalled code of every function a Lambda layer was made with here -> that function's globals.
_LIVE_GLOBALS = {}

_FUNCTION_KEYS = ("function", "output_shape", "mask")


def _marshalled(fn):
    """Whether `fn` is marshalled: Keras 3 cannot find it by name (a lambda, a nested function, or one of a script)."""
    return isinstance(fn, types.FunctionType) and (
        fn.__name__ == "<lambda>" or "<locals>" in fn.__qualname__ or fn.__module__ == "__main__"
    )


def _code_bytes(entry):
    """The raw marshal bytes of a ``__lambda__`` config entry, or None for any other entry."""
    if not (isinstance(entry, dict) and entry.get("class_name") == "__lambda__"):
        return None
    code = entry.get("config", {}).get("code") if isinstance(entry.get("config"), dict) else None
    try:
        return codecs.decode(code.encode("ascii"), "base64")
    except (AttributeError, UnicodeEncodeError, binascii.Error, ValueError):
        return None


class Keras2LambdaRoundTrip:
    """``Lambda`` that marshals nested functions and rebuilds this process's own configs safely.

    Args:
        function: the function the layer applies.
        output_shape: its output shape, or a function of the input shape; default None.
        mask: a mask, or a function computing it; default None.
        arguments: keyword arguments passed to `function`; default None.
        **kwargs: other layer arguments.
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        for fn in (function, output_shape, mask):
            if _marshalled(fn):
                _LIVE_GLOBALS[marshal.dumps(fn.__code__)] = fn.__globals__
        if isinstance(output_shape, list) and all(d is None or isinstance(d, int) for d in output_shape):
            # A config read back from JSON gives a list, which Keras 3.3's Lambda cannot add to the
            # batch axis (later Keras releases convert it).
            output_shape = tuple(output_shape)
        super().__init__(function, output_shape=output_shape, mask=mask, arguments=arguments, **kwargs)
        # Plain data kept out of Keras's attribute tracking; Keras 3 stores it privately.
        object.__setattr__(self, "_keras2_output_shape", output_shape)

    def get_config(self):
        config = super().get_config()
        for key, fn in (("function", self.function), ("output_shape", self._keras2_output_shape), ("mask", self.mask)):
            if key in config and _marshalled(fn) and fn.__name__ != "<lambda>":
                code, defaults, closure = func_dump(fn)
                config[key] = {"class_name": "__lambda__", "config": {"code": code, "defaults": defaults, "closure": closure}}
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        """Rebuild a ``Lambda`` from `config`.

        Args:
            config: the layer's config (``layer.get_config()``).
            custom_objects: names of custom functions; default None.
            safe_mode: refuse Python bytecode; default None: refuse it unless all of it is the
                code of functions this process made ``Lambda`` layers from.
        """
        codes = [_code_bytes(config.get(key)) for key in _FUNCTION_KEYS if _code_bytes(config.get(key)) is not None]
        if safe_mode is not None or not codes or not all(code in _LIVE_GLOBALS for code in codes):
            return super().from_config(config, custom_objects=custom_objects, safe_mode=safe_mode)
        config = dict(config)
        for key in _FUNCTION_KEYS:
            if key not in config:
                continue
            entry = config[key]
            code = _code_bytes(entry)
            if code is not None:
                inner = entry["config"]
                config[key] = func_load(inner["code"], inner.get("defaults"), inner.get("closure"), globs=_LIVE_GLOBALS[code])
            elif isinstance(entry, (dict, str)):
                config[key] = _keras.saving.deserialize_keras_object(entry, custom_objects=custom_objects)
        if isinstance(config.get("output_shape"), list) and all(
            isinstance(dim, (int, type(None))) for dim in config["output_shape"]
        ):
            config["output_shape"] = tuple(config["output_shape"])
        if "arguments" in config:
            config["arguments"] = _keras.saving.deserialize_keras_object(config["arguments"], custom_objects=custom_objects)
        return cls(**config)


__getattr__, __dir__ = _lazy.surface(__name__)
