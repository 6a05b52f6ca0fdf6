"""``keras-faq-compat convert OLD NEW.keras``: a Keras 2 file as a native Keras 3 file.

Legacy API: Keras 2 ``.h5`` model files, ``to_json()`` / ``to_yaml()`` configs
(with ``--weights`` for a ``save_weights`` file).

Keras 3 replacement: the ``.keras`` file this writes; plain Keras 3 loads it
(``keras.saving.load_model``) without this package and predicts the same.
"""

import os
import sys

__all__ = ["add_arguments", "main"]


def add_arguments(parser):
    """Options of ``convert``.

    Args:
        parser: the ``argparse`` sub-parser.
    """
    parser.add_argument("source", help="Keras 2 file: OLD.h5 / .hdf5 (full model), OLD.json or OLD.yaml")
    parser.add_argument("target", help="the native Keras 3 file to write, NEW.keras")
    parser.add_argument(
        "--weights",
        metavar="WEIGHTS.h5",
        help="a Keras 2 save_weights file to load into a model built from a JSON/YAML config",
    )
    parser.add_argument(
        "--no-compile",
        action="store_true",
        help="do not keep the training config and optimizer state of an .h5 model",
    )
    parser.add_argument(
        "--unsafe",
        action="store_true",
        help="allow legacy Lambda layers holding Python bytecode (runs code from the file)",
    )


def _build(args):
    # keras.models: the loading functions with the model classes they give back.
    from keras_faq_compat import models  # lazy: import cost

    source = args.source
    lower = source.lower()
    if lower.endswith((".json", ".yaml", ".yml")):
        with open(source, encoding="utf-8") as f:
            text = f.read()
        if lower.endswith(".json"):
            model = models.model_from_json(text)
        else:
            model = models.model_from_yaml(text)
        if args.weights:
            model.load_weights(args.weights)
        else:
            print(f"note: {source} holds no weights; the converted model has fresh weights.", file=sys.stderr)
        return model
    if args.weights:
        raise ValueError("--weights only applies to a JSON or YAML source.")
    return models.load_model(source, compile=not args.no_compile, safe_mode=not args.unsafe)


def _without_cudnn_layers(model):
    """`model`, or a copy whose CuDNN layers are the plain Keras 3 LSTM/GRU they compute.

    A ``CuDNNLSTM``/``CuDNNGRU`` keeps Keras 2's cuDNN weight layout, which plain Keras 3 has no class
    for; the copy shares every other layer (and its weights) with `model`. Its optimizer starts
    afresh: the slots of a cuDNN bias have the other layout's shape.
    """
    import keras  # lazy: import cost

    from keras_faq_compat.layers import cudnn_recurrent  # lazy: import cost

    cudnn = (cudnn_recurrent.CuDNNLSTM, cudnn_recurrent.CuDNNGRU)
    if not any(isinstance(layer, cudnn) for layer in model.layers):
        return model
    copy = keras.models.clone_model(
        model, clone_function=lambda layer: cudnn_recurrent.keras3_equivalent(layer) if isinstance(layer, cudnn) else layer
    )
    if getattr(model, "optimizer", None) is not None and model.compiled:
        copy.compile_from_config(model.get_compile_config())
        print("note: CuDNN layers became LSTM/GRU layers; the optimizer state starts afresh.", file=sys.stderr)
    return copy


def main(args):
    """Convert; exit status 0 on success, 1 with one error line otherwise."""
    import warnings

    from keras_faq_compat import saving  # lazy: import cost
    from keras_faq_compat.deprecation import LegacyAPIWarning

    if not args.target.endswith(".keras"):
        print(f"convert: the target must end in .keras, got {args.target!r}", file=sys.stderr)
        return 1
    if not os.path.exists(args.source):
        print(f"convert: no such file: {args.source!r}", file=sys.stderr)
        return 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LegacyAPIWarning)
            model = _without_cudnn_layers(_build(args))
            saving.save_model(model, args.target)
    except (OSError, ValueError, TypeError) as e:
        print(f"convert: {e}", file=sys.stderr)
        return 1
    print(f"wrote {args.target} ({model.__class__.__name__}, {model.count_params()} parameters)")
    return 0
