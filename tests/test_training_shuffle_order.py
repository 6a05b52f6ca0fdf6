"""``fit(shuffle=True)`` on NumPy arrays: each epoch's batches in Keras 2's order.

Keras 2's ``fit`` shuffled one index array in place with ``np.random.shuffle`` at each epoch, so a
script's ``np.random.seed`` fixed the batches (and, with Keras 2's initial weights, the whole run).
Keras 3 shuffles with TensorFlow's generator: the same script trains on other batches each run.
"""

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# The same model trained twice: by fit(shuffle=True), and by one fit per epoch over the rows in the
# order Keras 2 drew (np.random.shuffle of one index array). SGD without momentum on batches of 4
# depends on the order of the batches, so the weights agree only if the orders do.
SCRIPT = """
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import SGD

x = np.linspace(-1, 1, 40, dtype="float32").reshape(20, 2)
y = (x[:, :1] * 3.0 - x[:, 1:] ** 2).astype("float32")

def model():
    np.random.seed(5)
    m = Sequential([Dense(3, activation="tanh", input_dim=2), Dense(1)])
    m.compile(SGD(lr=0.5), "mse")
    return m

shuffled = model()
np.random.seed(11)
shuffled.fit(x, y, batch_size=4, epochs=3, verbose=0)

ordered = model()
np.random.seed(11)
index = np.arange(20)
for epoch in range(3):
    np.random.shuffle(index)
    ordered.fit(x[index], y[index], batch_size=4, epochs=1, verbose=0, shuffle=False)

same = all(np.array_equal(a, b) for a, b in zip(shuffled.get_weights(), ordered.get_weights()))
print("keras2-order", same)
print("first-kernel", float(shuffled.get_weights()[0][0, 0]))
"""


def test_fit_shuffles_numpy_arrays_in_keras_2_order(run_script):
    proc = run_script(SCRIPT, compat_run=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "keras2-order True" in proc.stdout, proc.stdout


def test_np_random_seed_alone_fixes_a_training_run(run_script):
    runs = [run_script(SCRIPT, compat_run=True) for _ in range(2)]
    for proc in runs:
        assert proc.returncode == 0, proc.stderr[-3000:]
    kernels = [line for proc in runs for line in proc.stdout.splitlines() if line.startswith("first-kernel")]
    assert len(kernels) == 2 and kernels[0] == kernels[1]
