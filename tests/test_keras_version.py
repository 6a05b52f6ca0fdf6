"""``keras.__version__`` under the activation: Keras 2 for legacy checks, Keras 3 for TensorFlow."""

import os
import subprocess
import sys

from keras_faq_compat import activation
from keras_faq_compat._real import keras as real_keras

CHECKS = """
import warnings
warnings.simplefilter("ignore", DeprecationWarning)
from distutils.version import LooseVersion
import keras
branches = [
    LooseVersion(keras.__version__) >= "2.1.5",
    keras.__version__.startswith("2."),
    int(keras.__version__.split(".")[0]) < 3,
]
print("keras2" if all(branches) else "keras3", keras.__version__)
"""

TF_KERAS = """
import numpy as np
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit(np.zeros((4, 2)), np.zeros((4, 1)), verbose=0)
print(type(model).__module__.split(".")[0], tf.keras.__version__ == keras.version())
"""


def test_legacy_checks_take_keras_2_branch_and_tf_keras_still_works(run_script):
    proc = run_script(CHECKS + TF_KERAS, compat_run=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["keras2", activation.LEGACY_KERAS_VERSION, "keras", "True"]


def test_tf_keras_loaded_before_the_check(run_script):
    proc = run_script("import keras\n" + TF_KERAS + CHECKS, compat_run=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["keras", "True", "keras2", activation.LEGACY_KERAS_VERSION]


def test_plain_keras_takes_the_keras_3_branch(run_script):
    proc = run_script(CHECKS)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["keras3", real_keras.__version__]


def test_tensorflow_and_keras_code_read_the_real_version():
    with activation.activated():
        import keras

        assert keras.__version__ == activation.LEGACY_KERAS_VERSION
        for reader in ("tensorflow.python.util.lazy_loader", "keras.src.saving", "keras_faq_compat.x"):
            scope = {"__name__": reader, "keras": keras}
            exec("version = keras.__version__", scope)  # noqa: S102 - code "in" that module
            assert scope["version"] == real_keras.__version__, reader
        assert keras.version() == real_keras.__version__


def test_doctor_keeps_the_real_versions(tmp_path):
    env = dict(os.environ, KERAS_HOME=str(tmp_path), TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([sys.executable, "-m", "keras_faq_compat", "doctor"],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    assert any(line.startswith("Keras") and real_keras.__version__ in line for line in lines)
    assert any("keras.__version__" in line and activation.LEGACY_KERAS_VERSION in line for line in lines)
