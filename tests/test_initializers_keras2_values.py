"""Keras 2's initial weights: the values Keras 2.2/2.3 drew for the same ``np.random.seed``.

Keras 2's TensorFlow backend gave each unseeded random op the op seed ``np.random.randint(10e6)``
and ran TF1's stateful random ops; ``Orthogonal`` was numpy's SVD of numpy normals. The references
here are computed the way Keras 2 computed them, with TensorFlow's TF1 graph API in a session.
Plain Keras 3 seeds from Python's ``random`` and uses other kernels: none of these values match.
"""

import math

import numpy as np
import pytest

import keras_faq_compat as compat
from keras_faq_compat import initializers

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# A Keras 2 script: seed numpy, build a model, print its weights; then the same draws made with
# TF1's graph API (what Keras 2's TensorFlow backend ran), in the order Keras 2 built the weights.
SCRIPT = """
import math
import numpy as np
import tensorflow as tf
from keras.models import Sequential
from keras.layers import Dense, LSTM, Embedding, Conv1D

np.random.seed(7)
model = Sequential([
    Embedding(10, 4, input_length=2),
    LSTM(3, return_sequences=True),
    Conv1D(2, 2, kernel_initializer="he_normal"),
    Dense(2, kernel_initializer="lecun_uniform"),
])
weights = model.get_weights()

np.random.seed(7)
with tf.Graph().as_default():
    draws = []
    draws.append(tf.compat.v1.random_uniform((10, 4), -0.05, 0.05, seed=np.random.randint(10e6)))
    limit = math.sqrt(3.0 / ((4 + 12) / 2.0))
    draws.append(tf.compat.v1.random_uniform((4, 12), -limit, limit, seed=np.random.randint(10e6)))
    u, _, v = np.linalg.svd(np.random.normal(0.0, 1.0, (3, 12)), full_matrices=False)
    recurrent = u if u.shape == (3, 12) else v
    stddev = math.sqrt(2.0 / 6) / 0.87962566103423978
    draws.append(tf.compat.v1.truncated_normal((2, 3, 2), 0.0, stddev, seed=np.random.randint(10e6)))
    limit = math.sqrt(3.0 / 2)
    draws.append(tf.compat.v1.random_uniform((2, 2), -limit, limit, seed=np.random.randint(10e6)))
    with tf.compat.v1.Session() as session:
        embedding, kernel, conv, dense = session.run(draws)

print("embedding", np.array_equal(weights[0], embedding))
print("lstm_kernel", np.array_equal(weights[1], kernel))
print("lstm_recurrent", np.array_equal(weights[2], recurrent.astype("float32")))
print("conv_kernel", np.array_equal(weights[4], conv))
print("dense_kernel", np.array_equal(weights[6], dense))
"""


def test_a_keras_2_script_starts_from_keras_2_weights(run_script):
    proc = run_script(SCRIPT, compat_run=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split() == [
        "embedding", "True", "lstm_kernel", "True", "lstm_recurrent", "True", "conv_kernel", "True",
        "dense_kernel", "True",
    ]


@pytest.fixture
def global_seed():
    """``tf.set_random_seed(1234)`` as a Keras 2 script calls it (TF1: the graph's seed); unset after."""
    import tensorflow as tf

    tf.random.set_seed(1234)
    yield 1234
    tf.random.set_seed(None)


def test_seeded_initializers_give_keras_2_values_at_each_call(global_seed):
    import tensorflow as tf

    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(global_seed)
        ops = [
            tf.compat.v1.random_normal((3, 4), 1.0, 0.5, seed=11),
            tf.compat.v1.random_uniform((3, 4), -2.0, 3.0, seed=12),
            tf.compat.v1.truncated_normal((3, 4), 0.0, 0.05, seed=13),
        ]
        with tf.compat.v1.Session() as session:
            normal, uniform, truncated = session.run(ops)
    made = [
        initializers.RandomNormal(1.0, 0.5, seed=11),
        initializers.RandomUniform(-2.0, 3.0, seed=12),
        initializers.TruncatedNormal(seed=13),
    ]
    for initializer, expected in zip(made, [normal, uniform, truncated]):
        for _ in range(2):
            assert np.array_equal(np.asarray(initializer((3, 4))), expected)


def test_unseeded_initializers_follow_np_random_seed_and_draw_anew_per_weight():
    glorot = initializers.GlorotUniform()
    np.random.seed(3)
    first, second = np.asarray(glorot((5, 5))), np.asarray(glorot((5, 5)))
    np.random.seed(3)
    assert np.array_equal(np.asarray(initializers.GlorotUniform()((5, 5))), first)
    assert not np.array_equal(first, second)
    limit = math.sqrt(3.0 / 5)
    assert np.abs(first).max() <= limit


def test_orthogonal_is_keras_2s_svd_of_numpy_normals_and_reseeds_numpy():
    q = np.asarray(initializers.Orthogonal(gain=2.0, seed=5)((4, 6)))
    np.random.seed(5)
    u, _, v = np.linalg.svd(np.random.normal(0.0, 1.0, (4, 6)), full_matrices=False)
    assert np.allclose(q, 2.0 * v, atol=1e-6)
    assert np.allclose(q @ q.T, 4.0 * np.eye(4), atol=1e-5)


def test_variance_scaling_normal_is_keras_2s_truncated_normal(global_seed):
    import tensorflow as tf

    vs = initializers.VarianceScaling(scale=2.0, mode="fan_out", distribution="normal", seed=21)
    with tf.Graph().as_default():
        tf.compat.v1.set_random_seed(global_seed)
        op = tf.compat.v1.truncated_normal((6, 4), 0.0, math.sqrt(2.0 / 4) / 0.87962566103423978, seed=21)
        with tf.compat.v1.Session() as session:
            expected = session.run(op)
    assert np.array_equal(np.asarray(vs((6, 4))), expected)
    assert vs.get_config()["distribution"] == "truncated_normal"


@pytest.mark.parametrize("name", ["GlorotUniform", "HeNormal", "LecunNormal", "Orthogonal", "RandomUniform", "VarianceScaling"])
def test_keras_2_initializers_save_as_keras_3_classes(name):
    import keras

    instance = getattr(initializers, name)()
    config = compat.initializers.serialize(instance)
    assert config["module"] == "keras.initializers"
    assert config["config"]["seed"] is None
    plain = keras.initializers.deserialize(config)
    assert type(plain).__module__.startswith("keras.src.initializers")
    assert type(plain).__name__ == type(instance).__name__
    again = initializers.deserialize(config)
    assert type(again) is type(instance)


LOAD_SCRIPT = """
import numpy as np
from keras.models import Sequential, load_model, model_from_json
from keras.layers import LSTM, Dense

model = Sequential([LSTM(16, input_shape=(3, 4)), Dense(2)])
model.save("m.h5")
x = np.random.rand(2, 3, 4).astype("float32")
expected = model.predict(x)

# Building from the file moves numpy's generator on as building the model in code does (Keras 2
# ran every initializer at load too) ...
np.random.seed(9)
model_from_json(model.to_json())
after_build = np.random.rand()
np.random.seed(9)
svd = np.linalg.svd
def refuse(*args, **kwargs):
    raise AssertionError("an initial value was computed for a weight the file replaces")
np.linalg.svd = refuse
loaded = load_model("m.h5")
np.linalg.svd = svd
print("same-draws", np.random.rand() == after_build)
print("same-predictions", np.allclose(loaded.predict(x), expected, atol=1e-6))
"""


def test_load_model_draws_as_keras_2_but_computes_no_discarded_initial_values(run_script):
    proc = run_script(LOAD_SCRIPT, compat_run=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split()[-4:] == ["same-draws", "True", "same-predictions", "True"], proc.stdout
