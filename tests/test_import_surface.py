"""The Keras 2.2 import surface: every path old code imports resolves, lazily."""

import importlib
import types
import warnings

import pytest

from keras_faq_compat import activation

LEGACY_MODULES = [
    "keras.models", "keras.layers", "keras.layers.core", "keras.layers.recurrent",
    "keras.layers.convolutional", "keras.layers.pooling", "keras.layers.normalization",
    "keras.layers.embeddings", "keras.layers.merge", "keras.layers.wrappers",
    "keras.layers.advanced_activations", "keras.layers.noise", "keras.layers.cudnn_recurrent",
    "keras.utils", "keras.utils.io_utils", "keras.utils.multi_gpu_utils", "keras.utils.np_utils",
    "keras.utils.generic_utils", "keras.utils.data_utils", "keras.utils.layer_utils",
    "keras.utils.vis_utils", "keras.utils.conv_utils", "keras.backend", "keras.callbacks",
    "keras.optimizers", "keras.losses", "keras.metrics", "keras.initializers",
    "keras.regularizers", "keras.constraints", "keras.activations", "keras.preprocessing",
    "keras.preprocessing.image", "keras.preprocessing.sequence", "keras.preprocessing.text",
    "keras.datasets", "keras.datasets.mnist", "keras.datasets.cifar10", "keras.engine",
    "keras.engine.topology", "keras.engine.training", "keras.engine.sequential",
    "keras.engine.saving", "keras.engine.base_layer", "keras.engine.input_layer",
] + [f"keras.applications.{m}" for m in (
    "xception", "vgg16", "vgg19", "resnet50", "inception_v3", "inception_resnet_v2",
    "mobilenet", "densenet", "nasnet", "mobilenet_v2")]

LEGACY_NAMES = [
    ("keras.utils", "multi_gpu_model"), ("keras.utils", "CustomObjectScope"),
    ("keras.utils", "Sequence"), ("keras.utils", "to_categorical"), ("keras.utils", "HDF5Matrix"),
    ("keras.utils.io_utils", "HDF5Matrix"), ("keras.utils.multi_gpu_utils", "multi_gpu_model"),
    ("keras.engine.topology", "Layer"), ("keras.engine.topology", "InputSpec"),
    ("keras.engine", "Model"), ("keras.layers", "CuDNNLSTM"), ("keras.layers", "Convolution2D"),
    ("keras.models", "load_model"), ("keras.models", "model_from_yaml"),
    ("keras.backend", "set_session"), ("keras.backend", "get_session"),
    ("keras.applications.vgg16", "preprocess_input"), ("keras.applications.vgg16", "decode_predictions"),
    ("keras.applications.densenet", "DenseNet121"), ("keras.applications.nasnet", "NASNetMobile"),
]


def test_every_legacy_module_imports_under_the_activation():
    with activation.activated():
        for name in LEGACY_MODULES:
            module = importlib.import_module(name)
            assert module.__name__.startswith("keras_faq_compat"), name


def test_legacy_paths_are_missing_in_plain_keras():
    # The modules above are what Keras 3 dropped: the test is not vacuous.
    for name in ("keras.layers.core", "keras.engine.topology", "keras.utils.io_utils",
                 "keras.utils.multi_gpu_utils", "keras.utils.np_utils"):
        with pytest.raises(ImportError):
            importlib.import_module(name)


@pytest.mark.parametrize("module, name", LEGACY_NAMES)
def test_legacy_names_resolve_never_attribute_error(module, name):
    with activation.activated(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        obj = getattr(importlib.import_module(module), name)
        # Restored, and served by the compat layer wherever Keras 3 lacks the name at that path.
        assert not getattr(obj, "__keras_faq_compat_unrestored__", False), (module, name)
        assert callable(obj) or isinstance(obj, types.ModuleType), (module, name, obj)


def test_keras3_names_are_served_unchanged():
    import keras

    import keras_faq_compat as compat

    assert compat.ops is keras.ops
    assert compat.layers.Conv2D is keras.layers.Conv2D or issubclass(compat.layers.Conv2D, keras.layers.Conv2D)
    assert compat.utils.to_categorical is keras.utils.to_categorical
    with pytest.raises(AttributeError):
        compat.no_such_name_anywhere
