"""Keras 2's ``keras.losses`` / ``keras.metrics`` functions and the metric names in the logs.

Plain Keras 3 refuses a loss class without ``from_config``, returns one accuracy per element (or
per sample for top-k), serializes a function as a dict, has no ``metrics.logcosh``, logs
``compile(metrics=['mse'])`` as ``mse``, averages weighted metrics as ``sum(v*w)/sum(w)`` and takes
a ``class_weight`` that misses a class, and fails on sample weights given for some outputs by
name; every test checks the Keras 2 behaviour.
"""

import json

import numpy as np
import pytest
import tensorflow as tf

from keras_faq_compat import losses, metrics
from keras_faq_compat.utils.generic_utils import custom_object_scope

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class FractionLoss:
    """A Keras 2 style loss class: state, ``get_config``, no ``from_config``."""

    def __init__(self, fraction):
        self.fraction = fraction

    def __call__(self, y_true, y_pred):
        return self.fraction * losses.mse(y_true, y_pred)

    def get_config(self):
        return {"fraction": self.fraction}


def test_a_loss_class_without_from_config_deserializes():
    with custom_object_scope({"FractionLoss": FractionLoss}):
        restored = losses.deserialize(losses.serialize(FractionLoss(0.3)))
        assert isinstance(restored, FractionLoss) and restored.fraction == 0.3
        restored = losses.get({"class_name": "FractionLoss", "config": {"fraction": 0.5}})
        assert isinstance(restored, FractionLoss) and restored.fraction == 0.5

def test_accuracy_functions_return_keras_2_shapes_from_variables():
    y_true = tf.Variable(np.eye(7)[[0, 1, 2, 3, 4, 5]], dtype="float32")
    y_pred = tf.Variable(np.random.default_rng(0).random((6, 7)), dtype="float32")
    assert tuple(metrics.binary_accuracy(y_true, y_pred).shape) == (6,)
    assert tuple(metrics.categorical_accuracy(y_true, y_pred).shape) == (6,)
    labels = tf.Variable(np.arange(6, dtype="float32"))
    assert tuple(metrics.sparse_categorical_accuracy(labels, y_pred).shape) == (6,)
    assert tuple(metrics.logcosh(y_true, y_pred).shape) == (6,)


@pytest.mark.parametrize("labels", [[[1], [0]], [1, 0]])
def test_top_k_accuracies_are_the_batch_mean(labels):
    y_pred = tf.Variable([[0.3, 0.2, 0.1], [0.1, 0.2, 0.7]])
    one_hot = tf.Variable([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    sparse = tf.Variable(np.array(labels, dtype="float32"))
    for k, expected in ((3, 1.0), (2, 0.5), (1, 0.0)):
        assert float(metrics.top_k_categorical_accuracy(one_hot, y_pred, k=k)) == expected
        assert float(metrics.sparse_top_k_categorical_accuracy(sparse, y_pred, k=k)) == expected


def test_metric_serialize_writes_a_name_and_deserialize_reads_custom_objects():
    class Named:
        __name__ = "mock_metric"

    assert metrics.serialize(Named()) == "mock_metric"
    assert metrics.serialize(metrics.categorical_accuracy) == "categorical_accuracy"
    assert metrics.deserialize("mock_metric", custom_objects={"mock_metric": True}) is True


def test_history_uses_keras_2_metric_names_and_weighting(run_script, tmp_path):
    result = run_script(
        """
        import json
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense

        rng = np.random.RandomState(0)
        x, y = rng.rand(64, 3), rng.rand(64, 2)
        w = np.where(np.arange(64) % 2, 1.0, 10.0)
        model = Sequential([Dense(2, input_shape=(3,))])
        model.compile(loss="mse", optimizer="sgd", metrics=["mse"], weighted_metrics=["mse"])
        h = model.fit(x, y, sample_weight=w, batch_size=16, epochs=2, verbose=0).history
        scores = model.evaluate(x, y, sample_weight=w, verbose=0)
        try:
            model.fit(x, np.eye(2)[np.arange(64) % 2], epochs=0, class_weight={0: 1.0})
            refused = None
        except ValueError as error:
            refused = str(error)
        from keras.layers import Input
        from keras.models import Model

        inputs = Input(shape=(5,))
        hidden = Dense(5)(inputs)
        two = Model(inputs, [Dense(1, name="output1")(hidden), Dense(1, name="output2")(hidden)])
        two.compile(loss="mse", optimizer="sgd", metrics={"output1": ["mse"], "output2": ["mse"]},
                    weighted_metrics={"output2": ["mse"]})
        # Weights for one output only, as Keras 2 took them.
        h2 = two.fit(np.ones((1, 5)), {"output1": np.array([0]), "output2": np.array([1])},
                     sample_weight={"output2": np.array([5])}, verbose=0).history
        print(json.dumps({"history": h, "names": model.metrics_names, "scores": scores, "refused": refused,
                          "two": h2}))
        """,
        compat_run=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    h = out["history"]
    assert out["names"] == ["loss", "mean_squared_error", "weighted_mean_squared_error"]
    # Keras 2's weighted metric is the weighted loss: mean(v * w) / mean(w != 0).
    np.testing.assert_allclose(h["loss"], h["weighted_mean_squared_error"], rtol=1e-5)
    assert h["mean_squared_error"] != h["weighted_mean_squared_error"]
    loss, unweighted, weighted = out["scores"]
    assert loss == pytest.approx(weighted, rel=1e-5) and loss != pytest.approx(unweighted, rel=1e-3)
    assert out["refused"] is not None and "[1]" in out["refused"]
    two = out["two"]
    assert two["output2_weighted_mean_squared_error"][0] == pytest.approx(5 * two["output2_mean_squared_error"][0], rel=1e-5)
