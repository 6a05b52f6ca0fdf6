"""ImageNet weights of the Keras 2 applications, taken from the local Keras cache.

Legacy API: ``VGG16(weights='imagenet')`` (and the nine other FAQ models),
which in Keras 2 used ``$KERAS_HOME/models/<file>`` when present (else
``~/.keras/models``, or ``/tmp/.keras/models`` when home is not writable) and
downloaded the file otherwise; ``decode_predictions`` with
``imagenet_class_index.json`` from the same folder.

Keras 3 replacement: ``keras.applications.VGG16(weights='imagenet')``, which
checks the cached file against a hash and downloads it again on mismatch.

Here nothing is downloaded: the file named as Keras 2 named it is loaded
from the cache when it is there; otherwise the call fails at once with one
error naming the file and the folder to put it in. The models are the
Keras 3 application models (same layers and weight files), returned as
compat models (``fit_generator``, ``predict_classes``, ... work on them).
"""

import functools
import inspect
import json
import os

import numpy as np

from keras_faq_compat import configfile
from keras_faq_compat._real import keras as _keras

__all__ = ["WEIGHT_FILES", "application", "weights_file", "decode_predictions", "cache_folder"]


def _standard(stem):
    return lambda args: f"{stem}_weights_tf_dim_ordering_tf_kernels{'' if args['include_top'] else '_notop'}.h5"


def _mobilenet(args):
    alpha_text = {1.0: "1_0", 0.75: "7_5", 0.5: "5_0", 0.25: "2_5"}.get(float(args["alpha"]))
    if alpha_text is None:
        raise ValueError(
            "MobileNet: ImageNet weights exist for alpha 0.25, 0.50, 0.75 or 1.0 only; "
            f"got alpha={args['alpha']!r}."
        )
    return f"mobilenet_{alpha_text}_{_rows(args)}_tf{'' if args['include_top'] else '_no_top'}.h5"


def _mobilenet_v2(args):
    rows = _rows(args)
    if rows not in (96, 128, 160, 192, 224):
        rows = 224
    return (
        f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{float(args['alpha'])}_{rows}"
        f"{'' if args['include_top'] else '_no_top'}.h5"
    )


def _nasnet(size):
    return lambda args: f"NASNet-{size}{'' if args['include_top'] else '-no-top'}.h5"


# Constructor -> (Keras 3 application module, Keras 2 weight file name from the arguments).
WEIGHT_FILES = {
    "Xception": ("xception", _standard("xception")),
    "VGG16": ("vgg16", _standard("vgg16")),
    "VGG19": ("vgg19", _standard("vgg19")),
    "ResNet50": ("resnet50", _standard("resnet50")),
    "InceptionV3": ("inception_v3", _standard("inception_v3")),
    "InceptionResNetV2": ("inception_resnet_v2", _standard("inception_resnet_v2")),
    "MobileNet": ("mobilenet", _mobilenet),
    "DenseNet121": ("densenet", _standard("densenet121")),
    "DenseNet169": ("densenet", _standard("densenet169")),
    "DenseNet201": ("densenet", _standard("densenet201")),
    "NASNetMobile": ("nasnet", _nasnet("mobile")),
    "NASNetLarge": ("nasnet", _nasnet("large")),
    "MobileNetV2": ("mobilenet_v2", _mobilenet_v2),
}

CLASS_INDEX_FILE = "imagenet_class_index.json"


def _rows(args):
    """The input height the weights were trained for (Keras 2: 224 when not given)."""
    shape = args.get("input_shape")
    if shape is None and args.get("input_tensor") is not None:
        shape = tuple(args["input_tensor"].shape)[1:]
    if shape is None:
        return 224
    row_axis = 0 if _keras.config.image_data_format() == "channels_last" else 1
    return shape[row_axis] if shape[row_axis] is not None else 224


def cache_folder():
    """The folder Keras 2 kept model files in: ``$KERAS_HOME/models`` (or ``~/.keras/models``)."""
    return os.path.join(configfile.keras_dir(), "models")


def weights_file(name, args):
    """The path of the cached ImageNet weights for constructor `name` called with `args`.

    Raises:
        FileNotFoundError: the file is not in the cache (nothing is downloaded).
    """
    filename = WEIGHT_FILES[name][1](args)
    folder = cache_folder()
    path = os.path.join(folder, filename)
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"{name}(weights='imagenet'): the ImageNet weights file {filename!r} is not in the Keras "
            f"cache folder {folder!r}. Nothing is downloaded: copy {filename} into {folder} (the file "
            "keras.applications downloads for this model), set KERAS_HOME to the folder that holds "
            "models/, or pass weights=None or weights='/path/to/file.h5'."
        )
    return path


@functools.lru_cache(maxsize=None)
def application(name):
    """The Keras 2 constructor `name` (``"VGG16"``): Keras 3's, with cached weights only.

    Args:
        name: a key of `WEIGHT_FILES`.
    """
    module, _ = WEIGHT_FILES[name]
    real = getattr(getattr(_keras.applications, module), name)
    signature = inspect.signature(real)

    @functools.wraps(real)
    def constructor(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        arguments = bound.arguments
        if arguments.get("weights") == "imagenet":
            if arguments.get("include_top") and arguments.get("classes", 1000) != 1000:
                raise ValueError(
                    f"{name}: if using `weights` as 'imagenet' with `include_top` as true, `classes` "
                    f"should be 1000; got classes={arguments['classes']!r}."
                )
            # A path makes Keras 3 load the file as it is (no hash check, no download).
            arguments["weights"] = weights_file(name, arguments)
        return _as_compat_model(real(**arguments))

    constructor.__doc__ = (
        f"Keras 2 ``keras.applications.{name}``: ``weights='imagenet'`` loads the Keras 2 weight file "
        f"from {'$KERAS_HOME'}/models and never downloads.\n\n" + (real.__doc__ or "")
    )
    return constructor


def _as_compat_model(model):
    from keras_faq_compat.engine.training import FunctionalModel

    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
    outputs = model.outputs[0] if len(model.outputs) == 1 else model.outputs
    return FunctionalModel(inputs=inputs, outputs=outputs, name=model.name)


def decode_predictions(preds, top=5):
    """Legacy ``decode_predictions``: the `top` ImageNet classes of each prediction.

    Reads ``imagenet_class_index.json`` from the Keras cache folder (never
    downloads it).

    Args:
        preds: array of shape ``(samples, 1000)``.
        top: how many classes per sample; default 5.

    Returns:
        one list per sample of ``(class_id, class_name, score)`` tuples, best first.
    """
    preds = np.asarray(preds)
    if preds.ndim != 2 or preds.shape[1] != 1000:
        raise ValueError(
            "`decode_predictions` expects a batch of predictions (i.e. a 2D array of shape "
            f"(samples, 1000)). Found array with shape: {preds.shape}"
        )
    path = os.path.join(cache_folder(), CLASS_INDEX_FILE)
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"decode_predictions: the class index file {CLASS_INDEX_FILE!r} is not in the Keras cache "
            f"folder {cache_folder()!r}. Nothing is downloaded: copy {CLASS_INDEX_FILE} into that folder."
        )
    with open(path, encoding="utf-8") as f:
        try:
            class_index = json.load(f)
        except ValueError as e:
            raise ValueError(f"decode_predictions: {path} is not valid JSON: {e}") from None
    results = []
    for pred in preds:
        best = pred.argsort()[-top:][::-1]
        results.append([tuple(class_index[str(i)]) + (float(pred[i]),) for i in best])
    return results


def __getattr__(name):
    # ``imagenet_weights.VGG16``: the table's target for every Keras 2 path of a constructor.
    if name in WEIGHT_FILES:
        return application(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
