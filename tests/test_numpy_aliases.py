"""NumPy names of the Keras 2 era (``np.float``, ``np.NaN``, ...) under the activation."""

import warnings

import numpy as np
import pytest

from keras_faq_compat import activation, deprecation, numpy_aliases

# The pattern of Keras 2.2.4's examples/conv_lstm.py (generate_movies), small.
CONV_LSTM = """
import numpy as np
from keras.models import Sequential
from keras.layers.convolutional_recurrent import ConvLSTM2D

def generate_movies(n_samples=4, n_frames=3):
    row = col = 8
    noisy = np.zeros((n_samples, n_frames, row, col, 1), dtype=np.float)
    shifted = np.zeros((n_samples, n_frames, row, col, 1),
                       dtype=np.float)
    return noisy, shifted

noisy, shifted = generate_movies()
print(noisy.dtype, shifted.shape)
"""


def _legacy_names_missing_from_numpy():
    return [name for name in numpy_aliases.ALIASES if name not in vars(np)]


def test_conv_lstm_example_runs_with_one_warning(run_script):
    proc = run_script(CONV_LSTM, compat_run=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["float64", "(4,", "3,", "8,", "8,", "1)"]
    lines = [line for line in proc.stderr.splitlines() if "LegacyAPIWarning: np.float " in line]
    assert len(lines) == 1, proc.stderr[-2000:]
    assert "use float (or np.float64" in lines[0]
    assert "script.py:8:" in lines[0]  # the script's first use


def test_plain_numpy_cannot_run_it(run_script):
    proc = run_script("import numpy as np\nnp.zeros(2, dtype=np.float)\n")
    assert proc.returncode != 0
    assert "AttributeError" in proc.stderr


def test_uninstall_restores_numpy_and_install_can_turn_them_off(run_script):
    proc = run_script("""
        import numpy as np
        import keras_faq_compat

        numpy_getattr = np.__getattr__
        keras_faq_compat.install()
        print(np.float is float, np.asscalar(np.array([3])) == 3, np.int is int)
        keras_faq_compat.uninstall()
        print(np.__getattr__ is numpy_getattr)
        for name in ("float", "asscalar", "int"):  # gone since NumPy 1.23 / 1.24
            try:
                getattr(np, name)
                print("present")
            except AttributeError:
                print("gone")
        keras_faq_compat.install(numpy_aliases=False)
        try:
            np.float
            print("present")
        except AttributeError:
            print("gone")
    """)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["True", "True", "True", "True", "gone", "gone", "gone", "gone"]


@pytest.mark.parametrize("value", ["0", "false", "off"])
def test_environment_switch_keeps_numpy_as_it_is(run_script, value):
    proc = run_script("import numpy as np\nprint(np.zeros(1, dtype=np.float).dtype)\n",
                      compat_run=True, env={numpy_aliases.ENV_SWITCH: value})
    assert proc.returncode == 1
    assert "AttributeError" in proc.stderr and "np.float" in proc.stderr
    assert "LegacyAPIWarning" not in proc.stderr


def test_values_are_those_numpy_1_gave():
    missing = _legacy_names_missing_from_numpy()
    assert "float" in missing and "asscalar" in missing  # NumPy >= 1.24
    with activation.activated(), warnings.catch_warnings():
        warnings.simplefilter("ignore", deprecation.LegacyAPIWarning)
        for name in missing:
            getattr(np, name)  # every name of the table resolves
        if "float" in missing:
            assert np.float is float and np.int is int and np.object is object
        if "float_" in missing:
            assert np.float_ is np.float64 and np.complex_ is np.complex128
            assert np.string_ is np.bytes_ and np.unicode_ is np.str_
            assert np.Inf == np.inf and np.NINF == -np.inf and np.isnan(np.NaN)
            assert str(np.NZERO) == "-0.0"
            assert np.int0 is np.intp and np.bool8 is np.bool_
            assert np.alltrue([True, False]) == np.False_ and np.sometrue([False, True])
            assert np.product([2, 3, 4]) == 24
            assert np.cumproduct([2, 3]).tolist() == [2, 6]
            assert np.round_(2.567, 1) == 2.6
            assert np.asfarray([1, 2]).dtype == np.float64
            assert np.asfarray([1], dtype=np.int8).dtype == np.float64
            assert np.asfarray([1], dtype=np.float32).dtype == np.float32
        if "asscalar" in missing:
            assert np.asscalar(np.array([2.5])) == 2.5
        if "in1d" in missing:
            assert np.in1d([[1, 2], [3, 4]], [2, 3]).tolist() == [False, True, True, False]
            assert np.in1d([1, 2], [2], invert=True).tolist() == [True, False]
        if "msort" in missing:
            assert np.msort(np.array([[3, 1], [1, 2]])).tolist() == [[1, 1], [3, 2]]


def test_names_numpy_still_defines_keep_numpy_values():
    with activation.activated():
        for name in numpy_aliases.ALIASES:
            if name in vars(np):
                assert getattr(np, name) is vars(np)[name]
        if "find_common_type" not in vars(np):
            # Other missing names still fail as NumPy says, with its message.
            with pytest.raises(AttributeError, match="find_common_type"):
                np.find_common_type  # noqa: B018 - not restored: NEP 50 changed its rules


def test_one_warning_per_name_naming_the_modern_spelling():
    if "float" in vars(np):
        pytest.skip("this NumPy still defines np.float")
    deprecation.reset_warnings()
    with activation.activated(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            np.zeros(1, dtype=np.float)
            np.int  # noqa: B018
    messages = [str(w.message) for w in caught if issubclass(w.category, deprecation.LegacyAPIWarning)]
    assert len(messages) == 2, messages
    assert messages[0].startswith("np.float is a legacy") and "np.float64" in messages[0]
    assert messages[1].startswith("np.int is a legacy") and "use int (or np.int64" in messages[1]
    assert all(w.filename == __file__ for w in caught)
