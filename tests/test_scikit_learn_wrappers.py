"""``keras.wrappers.scikit_learn``: Keras 2's ``KerasClassifier`` / ``KerasRegressor``.

Keras 3 has no ``keras.wrappers.scikit_learn`` (its ``SKLearnClassifier`` takes other arguments),
and scikit-learn 1.6+ refuses an estimator without ``__sklearn_tags__``; each test below fails on
plain Keras 3.
"""

import ast
import sys
import textwrap

import numpy as np
import pytest

from keras_faq_compat import backend as K
from keras_faq_compat.deprecation import LegacyAPIWarning
from keras_faq_compat.layers import Dense
from keras_faq_compat.models import Sequential
from keras_faq_compat.wrappers.scikit_learn import BaseWrapper, KerasClassifier, KerasRegressor

from conftest import run_python

INPUT_DIM = 5
NUM_CLASSES = 3


@pytest.fixture(autouse=True)
def _fresh_session():
    K.clear_session()
    yield


def _data(n=40, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.rand(n, INPUT_DIM).astype("float32")
    y = rng.randint(0, NUM_CLASSES, n)
    y[:NUM_CLASSES] = np.arange(NUM_CLASSES)  # every class present
    return x, y


def build_clf(hidden=4, loss="categorical_crossentropy", metrics=("accuracy",)):
    model = Sequential()
    model.add(Dense(hidden, activation="relu", input_dim=INPUT_DIM))
    model.add(Dense(NUM_CLASSES, activation="softmax"))
    model.compile(optimizer="adam", loss=loss, metrics=list(metrics))
    return model


def build_reg(hidden=4):
    model = Sequential()
    model.add(Dense(hidden, activation="relu", input_dim=INPUT_DIM))
    model.add(Dense(1))
    model.compile(optimizer="sgd", loss="mean_squared_error")
    return model


class CallableClf:
    def __call__(self, hidden=4):
        return build_clf(hidden)


class SubclassClf(KerasClassifier):
    def __call__(self, hidden=4):
        return build_clf(hidden)


class CallableReg:
    def __call__(self, hidden=4):
        return build_reg(hidden)


class SubclassReg(KerasRegressor):
    def __call__(self, hidden=4):
        return build_reg(hidden)


def _classifier(kind, **sk_params):
    if kind == "function":
        return KerasClassifier(build_fn=build_clf, **sk_params)
    if kind == "callable":
        return KerasClassifier(build_fn=CallableClf(), **sk_params)
    return SubclassClf(build_fn=None, **sk_params)


def _regressor(kind, **sk_params):
    if kind == "function":
        return KerasRegressor(build_fn=build_reg, **sk_params)
    if kind == "callable":
        return KerasRegressor(build_fn=CallableReg(), **sk_params)
    return SubclassReg(build_fn=None, **sk_params)


KINDS = ["function", "callable", "subclass"]


# -- classifier -------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_classifier_with_string_labels_for_each_build_fn_kind(kind):
    x, y = _data()
    names = np.array(["dog", "cat", "bird"])
    labels = names[y]
    clf = _classifier(kind, hidden=3, epochs=2, batch_size=8, verbose=0)
    history = clf.fit(x, labels)

    # sk_params reached build_fn and fit; integer targets became one-hot for
    # categorical_crossentropy (Keras 3 would refuse the 1-D targets).
    assert clf.model.layers[0].units == 3
    assert history.epoch == [0, 1] and history.params["epochs"] == 2
    assert clf.classes_.tolist() == ["bird", "cat", "dog"] and clf.n_classes_ == 3

    proba = clf.model.predict(x)
    expected = clf.classes_[proba.argmax(axis=-1)]
    predicted = clf.predict(x)
    assert predicted.shape == (len(x),)
    np.testing.assert_array_equal(predicted, expected)
    np.testing.assert_allclose(clf.predict_proba(x), proba, rtol=1e-6)
    assert clf.score(x, labels) == pytest.approx(np.mean(expected == labels), abs=1e-6)


def test_classifier_with_one_hot_targets_keeps_them():
    x, y = _data()
    one_hot = np.eye(NUM_CLASSES)[y]
    clf = KerasClassifier(build_clf, epochs=1, verbose=0)
    clf.fit(x, one_hot)
    assert clf.classes_.tolist() == [0, 1, 2] and clf.n_classes_ == NUM_CLASSES
    np.testing.assert_array_equal(clf.predict(x), clf.model.predict(x).argmax(axis=-1))
    with pytest.raises(ValueError, match=r"Invalid shape for y: \(40, 3, 1\)"):
        clf.fit(x, one_hot[..., None])


def test_score_one_hot_encodes_a_test_set_without_the_last_class():
    x, y = _data()
    clf = KerasClassifier(build_clf, epochs=1, verbose=0)
    clf.fit(x, y)
    keep = y < NUM_CLASSES - 1
    expected = np.mean(clf.predict(x[keep]) == y[keep])
    assert clf.score(x[keep], y[keep]) == pytest.approx(expected, abs=1e-6)


def test_binary_sigmoid_predict_proba_has_two_columns():
    x, y = _data()
    y = y % 2

    def build_binary():
        model = Sequential([Dense(1, activation="sigmoid", input_dim=INPUT_DIM)])
        model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
        return model

    clf = KerasClassifier(build_binary, epochs=1, verbose=0)
    clf.fit(x, np.array(["no", "yes"])[y])
    p = clf.model.predict(x)
    np.testing.assert_allclose(clf.predict_proba(x), np.hstack([1 - p, p]), rtol=1e-6)
    # Keras 2 kept the column of the one output unit.
    expected = clf.classes_[(p > 0.5).astype("int32")]
    np.testing.assert_array_equal(clf.predict(x), expected)
    assert expected.shape == (len(x), 1)


def test_score_needs_an_accuracy_metric_with_keras2_message():
    x, y = _data()
    clf = KerasClassifier(build_clf, metrics=(), epochs=1, verbose=0)
    clf.fit(x, y)
    with pytest.raises(ValueError, match=r"not configured to compute accuracy\. You should pass "
                                         r'`metrics=\["accuracy"\]` to the `model\.compile\(\)` method'):
        clf.score(x, y)
    clf = KerasClassifier(build_clf, metrics=("acc",), epochs=1, verbose=0)
    clf.fit(x, y)
    assert clf.score(x, y) == pytest.approx(np.mean(clf.predict(x) == y), abs=1e-6)


def test_sample_weight_reaches_the_model():
    x, y = _data()
    built = []

    def build():
        model = Sequential([Dense(NUM_CLASSES, activation="softmax", input_dim=INPUT_DIM)])
        model.compile(optimizer="sgd", loss="categorical_crossentropy")
        built.append([w.copy() for w in model.get_weights()])
        return model

    clf = KerasClassifier(build, epochs=2, verbose=0)
    clf.fit(x, y, sample_weight=np.zeros(len(x)))
    for before, after in zip(built[0], clf.model.get_weights()):
        np.testing.assert_array_equal(before, after)


# -- regressor --------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_regressor_for_each_build_fn_kind(kind):
    x, _ = _data()
    y = x.sum(axis=1)
    reg = _regressor(kind, hidden=3, epochs=2, batch_size=8, verbose=0)
    history = reg.fit(x, y)
    assert reg.model.layers[0].units == 3 and len(history.epoch) == 2

    raw = reg.model.predict(x)
    preds = reg.predict(x)
    assert raw.shape == (len(x), 1) and preds.shape == (len(x),)
    np.testing.assert_allclose(preds, raw[:, 0], rtol=1e-6)
    assert reg.predict(x[:1]).shape == (1,)  # Keras 2.3.1's squeeze of the last axis only
    mse = np.mean((raw[:, 0] - y) ** 2)
    assert reg.score(x, y) == pytest.approx(-mse, rel=1e-4)


def test_predictions_of_no_samples_are_empty_arrays_as_in_keras_2():
    # Keras 2.3.1's test_regression_predict_shape_correct_num_test_0; Keras 3's predict fails here.
    x, y = _data()
    reg = KerasRegressor(build_fn=build_reg, epochs=1, batch_size=8, verbose=0)
    reg.fit(x, x.sum(axis=1))
    assert reg.predict(x[:0]).shape == (0,)
    clf = KerasClassifier(build_fn=build_clf, epochs=1, batch_size=8, verbose=0)
    clf.fit(x, y)
    assert clf.predict(x[:0]).shape == (0,) and clf.predict_proba(x[:0]).shape == (0, NUM_CLASSES)


# -- parameters -------------------------------------------------------------------


def test_unknown_parameter_is_a_keras2_value_error():
    with pytest.raises(ValueError, match="^hiddden is not a legal parameter$"):
        KerasClassifier(build_clf, hiddden=3)
    clf = KerasRegressor(build_reg, epochs=1)
    with pytest.raises(ValueError, match="^optimizer is not a legal parameter$"):
        clf.set_params(optimizer="adam")
    with pytest.raises(ValueError, match="^width is not a legal parameter$"):
        SubclassReg(hidden=2, width=3)
    # The arguments of build_fn and of the model's fit / predict / evaluate are legal.
    clf = KerasClassifier(build_clf, hidden=2, epochs=1, batch_size=4, verbose=0, shuffle=False, steps=None)
    assert clf.sk_params["shuffle"] is False


def test_nb_epoch_in_sk_params_is_accepted_and_ignored_as_keras2_did():
    from keras_faq_compat import deprecation

    deprecation.reset_warnings()
    x, y = _data()
    with pytest.warns(LegacyAPIWarning, match="nb_epoch"):
        clf = KerasClassifier(build_clf, nb_epoch=3, verbose=0)
    assert len(clf.fit(x, y).epoch) == 1
    # A Keras 1 name given to fit itself is converted by the model.
    with pytest.warns(UserWarning, match="`nb_epoch` argument in `fit` has been renamed `epochs`"):
        history = clf.fit(x, y, nb_epoch=2)
    assert len(history.epoch) == 2


def test_fit_arguments_win_over_sk_params():
    x, y = _data()
    clf = KerasClassifier(build_clf, epochs=3, batch_size=8, verbose=0)
    history = clf.fit(x, y, epochs=1, batch_size=40)
    assert len(history.epoch) == 1 and history.params["steps"] == 1


def test_get_set_params_and_filter_sk_params():
    clf = KerasClassifier(build_clf, hidden=2, epochs=1, verbose=0)
    assert clf.get_params() == {"build_fn": build_clf, "hidden": 2, "epochs": 1, "verbose": 0}
    assert clf.set_params(hidden=5, batch_size=16) is clf
    assert clf.sk_params == {"hidden": 5, "epochs": 1, "verbose": 0, "batch_size": 16}
    assert clf.filter_sk_params(build_clf) == {"hidden": 5}
    assert clf.filter_sk_params(Sequential.fit, {"epochs": 4}) == {"epochs": 4, "verbose": 0, "batch_size": 16}
    assert issubclass(KerasClassifier, BaseWrapper) and issubclass(KerasRegressor, BaseWrapper)


def test_wrappers_work_without_sklearn(tmp_path):
    # Keras 3 itself imports scikit-learn when it is installed: block it instead.
    proc = run_python(
        """
        import sys
        sys.modules["sklearn"] = None
        import numpy as np
        from keras_faq_compat.layers import Dense
        from keras_faq_compat.models import Sequential
        from keras_faq_compat.wrappers.scikit_learn import KerasClassifier

        def build():
            model = Sequential([Dense(2, activation="softmax", input_dim=3)])
            model.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
            return model

        clf = KerasClassifier(build, epochs=1, verbose=0)
        clf.fit(np.random.rand(8, 3), np.array(["a", "b"] * 4))
        print(set(clf.predict(np.random.rand(4, 3)).tolist()) <= {"a", "b"})
        """,
        script=str(tmp_path / "no_sklearn.py"),
        cwd=str(tmp_path),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().splitlines()[-1] == "True"


def test_sklearn_tags_without_sklearn_name_the_extra(monkeypatch):
    clf = KerasClassifier(build_clf)
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.utils", None)
    with pytest.raises(ImportError, match=r"pip install keras-faq-compat\[sklearn\]"):
        clf.__sklearn_tags__()


# -- with scikit-learn ------------------------------------------------------------


def test_clone_keeps_every_parameter_even_lists():
    base = pytest.importorskip("sklearn.base")
    clf = SubclassClf(hidden=2, epochs=1, callbacks=[])
    copy = base.clone(clf)
    assert type(copy) is SubclassClf and copy is not clf
    assert copy.get_params() == {"build_fn": None, "hidden": 2, "epochs": 1, "callbacks": []}
    assert base.is_classifier(clf) and base.is_regressor(KerasRegressor(build_reg))


def test_grid_search_over_epochs_batch_size_and_a_build_fn_argument():
    model_selection = pytest.importorskip("sklearn.model_selection")
    x, y = _data()
    grid = model_selection.GridSearchCV(
        KerasClassifier(build_clf, verbose=0),
        param_grid=[
            {"hidden": [2], "epochs": [1], "batch_size": [8]},
            {"hidden": [3], "epochs": [2], "batch_size": [20]},
        ],
        cv=2,
    )
    grid.fit(x, y)
    assert len(grid.cv_results_["params"]) == 2
    assert set(grid.best_params_) == {"hidden", "epochs", "batch_size"}
    best = grid.best_estimator_
    assert isinstance(best.model, Sequential)
    assert best.model.layers[0].units == grid.best_params_["hidden"]
    assert len(best.model.history.epoch) == grid.best_params_["epochs"]
    assert best.model.history.params["steps"] == -(-len(x) // grid.best_params_["batch_size"])
    assert grid.score(x, y) == pytest.approx(np.mean(best.predict(x) == y), abs=1e-6)


def test_cross_val_score_and_pipeline():
    model_selection = pytest.importorskip("sklearn.model_selection")
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    x, y = _data()
    scores = model_selection.cross_val_score(KerasClassifier(build_clf, epochs=1, verbose=0), x, y, cv=2)
    assert scores.shape == (2,) and np.all((scores >= 0) & (scores <= 1))

    target = x.sum(axis=1)
    pipe = Pipeline([("scale", StandardScaler()), ("reg", KerasRegressor(build_reg, epochs=1, verbose=0))])
    pipe.fit(x, target)
    scaled = StandardScaler().fit(x).transform(x)
    np.testing.assert_allclose(pipe.predict(x), pipe.named_steps["reg"].model.predict(scaled)[:, 0], rtol=1e-5)
    mse = model_selection.cross_val_score(
        KerasRegressor(build_reg, epochs=1, verbose=0), x, target, cv=2, scoring="neg_mean_squared_error")
    assert mse.shape == (2,) and np.all(mse < 0)


MNIST_SKLEARN_WRAPPER = """
'''Keras 2.2.4's examples/mnist_sklearn_wrapper.py, on the small random data in digits.npz.'''
from __future__ import print_function

import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation, Flatten
from keras.layers import Conv2D, MaxPooling2D
from keras.wrappers.scikit_learn import KerasClassifier
from keras import backend as K
from sklearn.model_selection import GridSearchCV

num_classes = 10
img_rows, img_cols = 12, 12

with np.load('digits.npz') as f:
    (x_train, y_train), (x_test, y_test) = (f['x_train'], f['y_train']), (f['x_test'], f['y_test'])

if K.image_data_format() == 'channels_first':
    x_train = x_train.reshape(x_train.shape[0], 1, img_rows, img_cols)
    x_test = x_test.reshape(x_test.shape[0], 1, img_rows, img_cols)
    input_shape = (1, img_rows, img_cols)
else:
    x_train = x_train.reshape(x_train.shape[0], img_rows, img_cols, 1)
    x_test = x_test.reshape(x_test.shape[0], img_rows, img_cols, 1)
    input_shape = (img_rows, img_cols, 1)

x_train = x_train.astype('float32')
x_test = x_test.astype('float32')
x_train /= 255
x_test /= 255

y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)


def make_model(dense_layer_sizes, filters, kernel_size, pool_size):
    model = Sequential()
    model.add(Conv2D(filters, kernel_size, padding='valid', input_shape=input_shape))
    model.add(Activation('relu'))
    model.add(Conv2D(filters, kernel_size))
    model.add(Activation('relu'))
    model.add(MaxPooling2D(pool_size=pool_size))
    model.add(Dropout(0.25))
    model.add(Flatten())
    for layer_size in dense_layer_sizes:
        model.add(Dense(layer_size))
        model.add(Activation('relu'))
    model.add(Dropout(0.5))
    model.add(Dense(num_classes))
    model.add(Activation('softmax'))
    model.compile(loss='categorical_crossentropy', optimizer='adadelta', metrics=['accuracy'])
    return model

dense_size_candidates = [[8, 8]]
my_classifier = KerasClassifier(make_model, batch_size=16, verbose=0)
validator = GridSearchCV(my_classifier,
                         param_grid={'dense_layer_sizes': dense_size_candidates,
                                     'epochs': [1, 2],
                                     'filters': [2],
                                     'kernel_size': [3],
                                     'pool_size': [2]},
                         scoring='neg_log_loss',
                         cv=2,
                         n_jobs=1)
validator.fit(x_train, y_train)

print('The parameters of the best model are: ')
print(validator.best_params_)

best_model = validator.best_estimator_.model
metric_names = best_model.metrics_names
metric_values = best_model.evaluate(x_test, y_test, verbose=0)
for metric, value in zip(metric_names, metric_values):
    print(metric, ': ', value)
"""


def test_mnist_sklearn_wrapper_example_runs_unchanged(tmp_path):
    pytest.importorskip("sklearn")
    rng = np.random.RandomState(0)
    np.savez(
        tmp_path / "digits.npz",
        x_train=rng.randint(0, 256, (40, 12, 12)).astype("uint8"),
        y_train=np.arange(40) % 10,
        x_test=rng.randint(0, 256, (10, 12, 12)).astype("uint8"),
        y_test=np.arange(10),
    )
    script = tmp_path / "mnist_sklearn_wrapper.py"
    script.write_text(textwrap.dedent(MNIST_SKLEARN_WRAPPER))
    proc = run_python(script=str(script), cwd=str(tmp_path), compat_run=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    lines = proc.stdout.strip().splitlines()
    assert lines[0] == "The parameters of the best model are: "
    best = ast.literal_eval(lines[1])
    assert set(best) == {"dense_layer_sizes", "epochs", "filters", "kernel_size", "pool_size"}
    assert best["dense_layer_sizes"] == [8, 8] and best["epochs"] in (1, 2)
    # Keras 2.2's metric names.
    assert [line.split(" :")[0] for line in lines[2:]] == ["loss", "acc"]
