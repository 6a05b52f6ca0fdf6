"""Pre-trained models: Keras 2 module paths, weights from the local Keras cache only.

Plain Keras 3 checks a cached weight file against its hash and downloads it
again on a mismatch (so a locally written file is never used offline), and a
missing file means a network download; the tests below fail there.
"""

import json
import os

import h5py
import numpy as np
import pytest

from keras_faq_compat._real import keras


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    os.makedirs(tmp_path / "models")
    return tmp_path


def _write_keras2_weights(model, path):
    from keras.src.legacy.saving import legacy_h5_format

    with h5py.File(path, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, model)


@pytest.mark.slow
def test_imagenet_weights_come_from_the_cache_under_the_keras2_file_name(keras_home):
    from keras_faq_compat.applications.mobilenet import MobileNet

    reference = keras.applications.MobileNet(alpha=0.25, input_shape=(128, 128, 3), weights=None, include_top=False)
    rng = np.random.RandomState(0)
    for variable in reference.weights:
        variable.assign(rng.rand(*variable.shape).astype("float32"))
    _write_keras2_weights(reference, keras_home / "models" / "mobilenet_2_5_128_tf_no_top.h5")
    model = MobileNet(alpha=0.25, input_shape=(128, 128, 3), weights="imagenet", include_top=False)
    for a, b in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert hasattr(model, "predict_generator")  # a compat model


@pytest.mark.parametrize(
    "module, name, kwargs, filename",
    [
        ("vgg16", "VGG16", {}, "vgg16_weights_tf_dim_ordering_tf_kernels.h5"),
        ("vgg19", "VGG19", {"include_top": False}, "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5"),
        ("resnet50", "ResNet50", {}, "resnet50_weights_tf_dim_ordering_tf_kernels.h5"),
        ("inception_v3", "InceptionV3", {"include_top": False}, "inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5"),
        ("xception", "Xception", {}, "xception_weights_tf_dim_ordering_tf_kernels.h5"),
        ("inception_resnet_v2", "InceptionResNetV2", {}, "inception_resnet_v2_weights_tf_dim_ordering_tf_kernels.h5"),
        ("mobilenet", "MobileNet", {"alpha": 0.5, "input_shape": (160, 160, 3)}, "mobilenet_5_0_160_tf.h5"),
        ("densenet", "DenseNet169", {"include_top": False}, "densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5"),
        ("nasnet", "NASNetMobile", {}, "NASNet-mobile.h5"),
        ("nasnet", "NASNetLarge", {"include_top": False}, "NASNet-large-no-top.h5"),
        ("mobilenet_v2", "MobileNetV2", {"alpha": 0.35, "input_shape": (96, 96, 3)}, "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96.h5"),
    ],
)
def test_missing_weights_fail_at_once_naming_file_and_folder(keras_home, module, name, kwargs, filename):
    import importlib

    constructor = getattr(importlib.import_module(f"keras_faq_compat.applications.{module}"), name)
    with pytest.raises(FileNotFoundError) as info:
        constructor(weights="imagenet", **kwargs)
    message = str(info.value)
    assert repr(filename) in message and str(keras_home / "models") in message


def test_every_module_decodes_from_the_cache_only(keras_home):
    import importlib

    for module in ("xception", "vgg16", "vgg19", "resnet50", "inception_v3", "inception_resnet_v2",
                   "mobilenet", "densenet", "nasnet", "mobilenet_v2"):
        mod = importlib.import_module(f"keras_faq_compat.applications.{module}")
        assert callable(mod.preprocess_input)
        with pytest.raises(FileNotFoundError, match="imagenet_class_index.json.*Nothing is downloaded"):
            mod.decode_predictions(np.zeros((1, 1000)))


def test_decode_predictions_reads_the_cached_class_index(keras_home):
    from keras_faq_compat.applications.vgg16 import decode_predictions

    preds = np.zeros((1, 1000))
    preds[0, 2], preds[0, 7] = 0.9, 0.1
    with pytest.raises(FileNotFoundError, match="imagenet_class_index.json"):
        decode_predictions(preds)
    index = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
    (keras_home / "models" / "imagenet_class_index.json").write_text(json.dumps(index))
    top = decode_predictions(preds, top=2)
    assert top == [[("n00000002", "class_2", pytest.approx(0.9)), ("n00000007", "class_7", pytest.approx(0.1))]]
    with pytest.raises(ValueError, match=r"shape \(samples, 1000\)"):
        decode_predictions(np.zeros((1, 10)))
