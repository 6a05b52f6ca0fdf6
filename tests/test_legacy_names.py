"""The table of Keras 2 names: what it counts, what it serves, and what it refuses to serve."""

import importlib
import subprocess
import sys
import warnings

import numpy as np
import pytest

from keras_faq_compat import activation, legacy_names

# Public names that Keras 2.2.4's and 2.3.1's ``keras/`` folders define at module level (def, class,
# assignment), module by module, the Theano, CNTK and NumPy reference backends aside:
# ``python conformance/public_names.py --keras 2.2.4`` counts them from the sdist and compares
# them with the table.
DEFINED = {"2.2.4": 639, "2.3.1": 774}


def _resolve_legacy(path):
    module_name, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


@pytest.mark.parametrize("release", sorted(DEFINED))
def test_the_table_lists_every_public_name_keras_2_defines(release):
    rows = legacy_names.defined_names(release)
    assert len(rows) == DEFINED[release]
    assert len({row.path for row in rows}) == len(rows)
    for row in rows:
        assert legacy_names.is_legacy_module(row.module), row.path


@pytest.mark.parametrize("release", sorted(DEFINED))
def test_at_least_99_percent_of_each_release_is_restored_at_its_keras_2_path(release):
    rows = legacy_names.defined_names(release)
    failures = []
    with activation.activated(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for row in rows:
            if row.target is None:
                continue
            try:
                obj = _resolve_legacy(row.path)
            except Exception as e:  # noqa: BLE001 - collect them all for the message
                failures.append(f"{row.path}: {type(e).__name__}: {e}")
                continue
            if getattr(obj, "__keras_faq_compat_unrestored__", False):
                failures.append(f"{row.path}: served as not restored")
    unrestored = [row.path for row in rows if row.target is None]
    restored = len(rows) - len(unrestored) - len(failures)
    assert restored >= 0.99 * len(rows), (restored, len(rows), failures[:40], unrestored)


def test_every_unrestored_row_says_why_and_what_to_use():
    for row in legacy_names.NAMES:
        if row.target is None:
            assert row.replacement and row.difference, row.path


def test_an_unrestored_name_imports_but_raises_naming_the_replacement_when_used():
    with activation.activated():
        from keras.metrics import SensitivitySpecificityBase  # noqa: PLC0415 - the legacy import itself

        with pytest.raises(legacy_names.LegacyNameError, match=r"SensitivitySpecificityBase.*SensitivityAtSpecificity"):
            SensitivitySpecificityBase(0.5)
        from keras.layers.convolutional_recurrent import ConvRNN2D

        with pytest.raises(legacy_names.LegacyNameError, match="ConvLSTM2D"):

            class MyRNN(ConvRNN2D):
                pass


def test_modules_outside_the_table_are_not_importable_as_keras():
    with activation.activated():
        for name in ("keras.cli", "keras.cli.check", "keras.tf1", "keras.distribute",
                     "keras.activation", "keras.layers.legacy_layers", "keras.saving.hdf5_format"):
            with pytest.raises(ModuleNotFoundError):
                importlib.import_module(name)
        # Keras 3's own modules stay reachable for Keras itself.
        assert importlib.import_module("keras.ops").__name__ == "keras.ops"


def test_table_only_modules_import_without_the_activation_and_say_what_replaces_them():
    code = (
        "import sys\n"
        "import keras_faq_compat\n"
        "import keras_faq_compat.layers.core as core\n"
        "from keras_faq_compat.losses import cosine_proximity\n"
        "from keras_faq_compat.backend.tensorflow_backend import sum\n"
        "print(core.Dense.__name__)\n"
        "print('keras.layers' in core.__doc__)\n"
        "print([k for k in sys.modules if k.partition('.')[0] == 'keras'\n"
        "       and getattr(sys.modules[k], '__name__', '').startswith('keras_faq_compat')])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["Dense", "True", "[]"]


def test_plain_keras_3_lacks_the_aliases_the_table_restores():
    import keras

    for module, name in (("losses", "cosine_proximity"), ("losses", "logcosh"), ("initializers", "normal"),
                         ("constraints", "maxnorm"), ("layers", "ThresholdedReLU")):
        assert not hasattr(getattr(keras, module), name), (module, name)


def test_restored_aliases_compute_what_keras_2_computed():
    import keras_faq_compat as k

    y = np.array([[1.0, 2.0, 2.0]], "float32")
    p = np.array([[2.0, 1.0, 2.0]], "float32")
    cosine = float(np.sum(y * p) / (np.linalg.norm(y) * np.linalg.norm(p)))
    assert float(np.asarray(k.losses.cosine_proximity(y, p))[0]) == pytest.approx(-cosine, rel=1e-6)
    assert float(np.asarray(k.losses.logcosh(y, p))[0]) == pytest.approx(
        float(np.mean(np.log(np.cosh(p - y)))), rel=1e-5)
    init = k.initializers.normal()
    assert init.get_config()["stddev"] == pytest.approx(0.05)
    layer = k.layers.advanced_activations.ThresholdedReLU(theta=1.0)
    x = np.array([[-2.0, 0.5, 1.0, 1.5]], "float32")
    np.testing.assert_array_equal(np.asarray(layer(x)), [[0.0, 0.0, 0.0, 1.5]])
    assert k.layers.ThresholdedReLU.from_config(layer.get_config()).theta == 1.0


def test_keras_modules_injection_passes_the_compat_modules():
    import keras_faq_compat as k

    @k.applications.keras_modules_injection
    def family(weights=None, **kwargs):
        return kwargs

    given = family(weights=None)
    assert given["layers"] is k.layers and given["backend"] is k.backend
    assert family(layers="mine")["layers"] == "mine"


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_locally_connected_layers_compute_keras_2s_unshared_convolution(data_format):
    import keras_faq_compat as k

    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 5, 4, 3)).astype("float32")
    layer = k.layers.LocallyConnected2D(2, (2, 3), strides=(1, 1), data_format="channels_last")
    out = np.asarray(layer(x))
    kernel, bias = (np.asarray(w) for w in layer.get_weights())
    assert kernel.shape == (4 * 2, 2 * 3 * 3, 2) and bias.shape == (4, 2, 2)
    expected = np.zeros((2, 4, 2, 2), "float32")
    for i in range(4):
        for j in range(2):
            window = x[:, i:i + 2, j:j + 3, :].reshape(2, -1)
            expected[:, i, j, :] = window @ kernel[i * 2 + j] + bias[i, j]
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    seq = rng.normal(size=(2, 6, 3)).astype("float32")
    layer1 = k.layers.local.LocallyConnected1D(4, 3, strides=2)
    out1 = np.asarray(layer1(seq))
    kernel1, bias1 = (np.asarray(w) for w in layer1.get_weights())
    assert out1.shape == (2, 2, 4) and kernel1.shape == (2, 9, 4)
    for i in range(2):
        np.testing.assert_allclose(out1[:, i], seq[:, 2 * i:2 * i + 3].reshape(2, -1) @ kernel1[i] + bias1[i],
                                   rtol=1e-5, atol=1e-5)
    if data_format == "channels_first":
        first = k.layers.LocallyConnected2D(2, (2, 3), data_format="channels_first")
        assert first.compute_output_shape((None, 3, 5, 4)) == (None, 2, 4, 2)
    with pytest.raises(ValueError, match="only \"valid\""):
        k.layers.LocallyConnected2D(2, 3, padding="same")


def test_the_readme_tables_are_generated_from_the_table():
    import pathlib

    from keras_faq_compat.cli import api_tables

    readme = pathlib.Path(__file__).resolve().parent.parent / "README.md"
    if not readme.exists():
        pytest.skip("README.md is not beside the tests (installed package)")
    text = readme.read_text(encoding="utf-8")
    assert api_tables.replace_section(text, api_tables.markdown()) == text, (
        "README.md's tables of Keras 2 names are out of date: "
        "python -m keras_faq_compat.cli.api_tables --write")


def test_keras_2_constraint_names_are_accepted_by_layers():
    import keras_faq_compat as k
    from keras_faq_compat._real import keras as real

    with pytest.raises(ValueError):
        real.layers.Dense(3, kernel_constraint="maxnorm")
    layer = k.layers.Dense(3, kernel_constraint="maxnorm", bias_constraint="nonneg")
    assert isinstance(layer.kernel_constraint, real.constraints.MaxNorm)
    assert isinstance(layer.bias_constraint, real.constraints.NonNeg)


def test_keras_2_3_reduce_metric_loss_wrapper_and_positive_cosine_similarity():
    import keras_faq_compat as k
    from keras_faq_compat._real import keras as real

    assert not hasattr(real.metrics, "Reduce") and not hasattr(real.metrics, "cosine_similarity")
    mean = k.metrics.Reduce("sum_over_batch_size", "m")
    mean.update_state([1.0, 3.0, 5.0, 7.0])
    assert float(mean.result()) == 4.0
    weighted = k.metrics.Reduce("weighted_mean", "w")
    weighted.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1, 1, 0, 0])
    assert float(weighted.result()) == 2.0
    total = k.metrics.Reduce("sum", "s")
    total.update_state([1.0, 2.0])
    assert float(total.result()) == 3.0
    y, p = np.array([[1.0, 0.0]]), np.array([[1.0, 1.0]])
    assert float(np.asarray(k.metrics.cosine_similarity(y, p))[0]) == pytest.approx(2 ** -0.5)
    wrapper = k.losses.LossFunctionWrapper(k.losses.mse, name="w")
    assert float(wrapper(np.ones((2, 3)), np.zeros((2, 3)))) == pytest.approx(1.0)
