"""Keras 2.2 callbacks: legacy names, Keras 2 rules and files, Keras 2 arguments.

Each test exercises behaviour plain Keras 3 lacks: there, ``ModelCheckpoint``
refuses HDF5 names and ``period``, ``EarlyStopping('val_acc')`` cannot infer
its mode, ``ReduceLROnPlateau`` ignores ``epsilon``, ``TensorBoard`` refuses
``batch_size``, ``BaseLogger`` is gone, and callbacks get no Keras 2
``params`` or batch ``logs``.
"""

import os
import sys
import warnings

import h5py
import numpy as np
import pytest

from keras_faq_compat import callbacks as C
from keras_faq_compat._real import keras
from keras_faq_compat.callbacks import logs as legacy_logs
from keras_faq_compat.deprecation import LegacyAPIWarning, reset_warnings


@pytest.fixture(autouse=True)
def _fresh_legacy_warnings():
    reset_warnings()
    yield
    reset_warnings()


def _data(n=40, seed=0):
    rng = np.random.RandomState(seed)
    return rng.rand(n, 4).astype("float32"), rng.randint(0, 2, n)


def _model(learning_rate=0.01, metrics=("accuracy",)):
    """A plain Keras 3 model, compiled with Keras 3's metric names."""
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile(keras.optimizers.SGD(learning_rate), "sparse_categorical_crossentropy", metrics=list(metrics))
    return model


def _fit(model, callbacks, epochs=2, validation=True, **kwargs):
    x, y = _data()
    return model.fit(x, y, epochs=epochs, batch_size=10, verbose=0, callbacks=callbacks,
                     validation_split=0.25 if validation else 0.0, **kwargs)


def _drive(callback, model, values, key="val_accuracy"):
    """Run `callback` through epochs whose logs hold `values` under `key`."""
    callback.set_model(model)
    callback.set_params({"epochs": len(values), "steps": 1, "verbose": 0})
    model.stop_training = False
    callback.on_train_begin()
    for epoch, value in enumerate(values):
        callback.on_epoch_begin(epoch)
        callback.on_epoch_end(epoch, {"loss": 1.0, key: value})
        if model.stop_training:
            break
    callback.on_train_end()
    return epoch


# --- one lookup for every callback: acc / accuracy ----------------------------------------------


@pytest.mark.parametrize(
    "logs, name, expected",
    [
        ({"val_accuracy": 0.7}, "val_acc", 0.7),
        ({"val_acc": 0.6}, "val_accuracy", 0.6),
        ({"out_a_accuracy": 0.5}, "out_a_acc", 0.5),
        ({"learning_rate": 0.1}, "lr", 0.1),
        ({"crossentropy": 0.3}, "ce", 0.3),
        ({"loss": 1.0}, "val_acc", None),
        ({"saccade": 2.0}, "saccuracyde", None),
    ],
)
def test_lookup_resolves_keras2_and_keras3_spellings(logs, name, expected):
    assert legacy_logs.lookup(logs, name) == expected


def test_auto_mode_is_inferred_as_keras2_did():
    assert legacy_logs.infer_mode("val_acc") == "max"
    assert legacy_logs.infer_mode("val_accuracy") == "max"
    assert legacy_logs.infer_mode("fmeasure") == "max"
    assert legacy_logs.infer_mode("val_fmeasure") == "max"
    assert legacy_logs.infer_mode("val_loss") == "min"
    # Keras 3 raises for a name it cannot classify; Keras 2 minimised it.
    assert legacy_logs.infer_mode("val_my_error") == "min"
    assert legacy_logs.infer_mode("val_acc", mode="min") == "min"


# --- EarlyStopping ------------------------------------------------------------------------------


def test_early_stopping_on_val_acc_with_keras3_metric_names():
    # Learning rate 0: val accuracy never changes, so patience=1 stops
    # after the second epoch. Keras 3 raises: it cannot infer the mode.
    model = _model(learning_rate=0.0)
    history = _fit(model, [C.EarlyStopping(monitor="val_acc", patience=1)], epochs=20)
    assert len(history.history["loss"]) == 2


def test_early_stopping_maximises_accuracy_and_honours_min_delta():
    model = _model()
    stopper = C.EarlyStopping(monitor="val_acc", patience=1, min_delta=0.05)
    # 0.52 is not better than 0.50 by more than min_delta: stop at epoch 1.
    assert _drive(stopper, model, [0.50, 0.52, 0.9]) == 1
    assert stopper.stopped_epoch == 1 and stopper.best == 0.50
    rising = C.EarlyStopping(monitor="val_acc", patience=1)
    assert _drive(rising, model, [0.5, 0.6, 0.7, 0.8]) == 3 and not model.stop_training


def test_early_stopping_baseline_can_stop_after_the_first_epoch():
    # Keras 2 stopped at once when the baseline was not reached; Keras 3
    # never stops at epoch 0.
    model = _model()
    stopper = C.EarlyStopping(monitor="val_loss", baseline=0.1, patience=0)
    assert _drive(stopper, model, [0.5, 0.05], key="val_loss") == 0
    assert model.stop_training


def test_restore_best_weights_only_when_training_stops_early():
    model = _model()
    stopper = C.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    stopper.set_model(model)
    stopper.set_params({"epochs": 2, "steps": 1, "verbose": 0})
    stopper.on_train_begin()
    best = model.get_weights()
    stopper.on_epoch_end(0, {"val_loss": 1.0})
    last = [w + 1.0 for w in best]
    model.set_weights(last)
    stopper.on_epoch_end(1, {"val_loss": 2.0})
    stopper.on_train_end()
    # Ran to the end without stopping: Keras 2 keeps the last weights
    # (Keras 3 would restore the first epoch's).
    np.testing.assert_allclose(model.get_weights()[0], last[0])
    stopper.on_epoch_end(2, {"val_loss": 2.0})
    stopper.on_epoch_end(3, {"val_loss": 2.0})
    assert model.stop_training
    np.testing.assert_allclose(model.get_weights()[0], best[0])


def test_monitor_that_never_appears_warns_once_per_epoch():
    model = _model()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = _fit(model, [C.EarlyStopping(monitor="val_acc")], epochs=3, validation=False)
    missing = [w for w in caught if issubclass(w.category, RuntimeWarning) and "`val_acc`" in str(w.message)]
    assert len(missing) == 3
    assert "Available metrics are:" in str(missing[0].message)
    assert len(history.history["loss"]) == 3


# --- ReduceLROnPlateau and LearningRateScheduler ------------------------------------------------


def test_reduce_lr_on_plateau_takes_epsilon_as_min_delta():
    model = _model(learning_rate=0.1)
    with pytest.warns(LegacyAPIWarning, match="`epsilon` argument is deprecated and will be removed, use `min_delta`"):
        reducer = C.ReduceLROnPlateau(monitor="val_acc", epsilon=0.5, patience=1, factor=0.5)
    assert reducer.min_delta == 0.5
    logs = [{"val_accuracy": 0.1}, {"val_accuracy": 0.4}]
    reducer.set_model(model)
    reducer.on_train_begin()
    for epoch, epoch_logs in enumerate(logs):
        reducer.on_epoch_end(epoch, epoch_logs)
    # +0.3 is below epsilon: no improvement, so the rate was halved, and the
    # rate is logged under Keras 2's name.
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.05)
    assert logs[1]["lr"] == pytest.approx(0.1)


def test_reduce_lr_on_plateau_reads_and_sets_a_keras2_optimizer_lr_variable():
    class Keras2Optimizer:  # Keras 2 code's own optimizer: only `lr`
        def __init__(self):
            self.lr = keras.Variable(1.0)

    class Holder:
        optimizer = Keras2Optimizer()

    reducer = C.ReduceLROnPlateau(monitor="val_loss", patience=1, factor=0.5)
    reducer.model = Holder()
    logs = [{"val_loss": 1.0}, {"val_loss": 2.0}]
    for epoch, epoch_logs in enumerate(logs):
        reducer.on_epoch_end(epoch, epoch_logs)
    assert float(keras.ops.convert_to_numpy(Holder.optimizer.lr)) == pytest.approx(0.5)
    assert logs[0]["lr"] == pytest.approx(1.0)


def test_reduce_lr_on_plateau_cooldown_and_min_lr():
    model = _model(learning_rate=0.1)
    reducer = C.ReduceLROnPlateau(monitor="val_acc", patience=1, factor=0.5, cooldown=2, min_lr=0.03)
    rates = []
    reducer.set_model(model)
    reducer.on_train_begin()
    for epoch in range(7):
        reducer.on_epoch_end(epoch, {"val_acc": 0.5})
        rates.append(round(float(model.optimizer.learning_rate.numpy()), 6))
    # Keras 2's counting: the cooldown epochs (2 and 3) count no patience,
    # and the rate never goes below min_lr.
    assert rates == [0.1, 0.05, 0.05, 0.03, 0.03, 0.03, 0.03]
    with pytest.raises(TypeError, match="patienc"):
        C.ReduceLROnPlateau(patienc=3)


def test_learning_rate_scheduler_one_argument_schedule_and_lr_in_history():
    model = _model(learning_rate=0.1)
    history = _fit(model, [C.LearningRateScheduler(lambda epoch: 0.01 * (epoch + 1))], epochs=2)
    assert history.history["lr"] == pytest.approx([0.01, 0.02])
    model2 = _model(learning_rate=0.1)
    history = _fit(model2, [C.LearningRateScheduler(lambda epoch, lr: lr / 2)], epochs=2)
    assert history.history["lr"] == pytest.approx([0.05, 0.025])


# --- CSVLogger ----------------------------------------------------------------------------------


def test_csv_logger_writes_keras2_columns(tmp_path):
    path = tmp_path / "log.csv"
    model = _model()
    _fit(model, [C.CSVLogger(str(path), separator=";")], epochs=2)
    _fit(model, [C.CSVLogger(str(path), separator=";", append=True)], epochs=1)
    lines = path.read_text().splitlines()
    assert lines[0] == "epoch;acc;loss;val_acc;val_loss"
    assert len(lines) == 4 and [line.split(";")[0] for line in lines[1:]] == ["0", "1", "0"]


def test_csv_logger_without_validation_invents_no_columns(tmp_path):
    path = tmp_path / "log.csv"
    _fit(_model(), [C.ReduceLROnPlateau(monitor="loss"), C.CSVLogger(str(path))], epochs=1, validation=False)
    assert path.read_text().splitlines()[0] == "epoch,acc,loss,lr"


# --- ModelCheckpoint ----------------------------------------------------------------------------


def _h5_attrs(path):
    with h5py.File(path, "r") as f:
        return set(f.attrs), set(f)


def test_checkpoint_template_with_val_acc_and_period_writes_keras2_hdf5(tmp_path):
    model = _model()
    template = str(tmp_path / "weights.{epoch:02d}-{val_acc:.2f}.hdf5")
    with pytest.warns(LegacyAPIWarning, match="period"):
        checkpoint = C.ModelCheckpoint(template, period=2)
    _fit(model, [checkpoint], epochs=4)
    names = sorted(os.listdir(tmp_path))
    assert [n[:10] for n in names] == ["weights.02", "weights.04"]
    attrs, groups = _h5_attrs(tmp_path / names[-1])
    assert {"model_config", "training_config", "keras_version", "backend"} <= attrs
    assert {"model_weights", "optimizer_weights"} <= groups
    loaded = keras.saving.load_model(str(tmp_path / names[-1]))
    x, _ = _data()
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-5)
    assert int(loaded.optimizer.iterations.numpy()) == int(model.optimizer.iterations.numpy())


def test_checkpoint_any_file_name_and_missing_folder_is_created(tmp_path):
    target = tmp_path / "a" / "b" / "model.ckpt"
    _fit(_model(), [C.ModelCheckpoint(str(target))], epochs=1)
    assert h5py.is_hdf5(target)
    assert sorted(os.listdir(target.parent)) == ["model.ckpt"]


def test_checkpoint_weights_only_in_keras2_weights_layout(tmp_path):
    model = _model()
    target = tmp_path / "w.h5"
    _fit(model, [C.ModelCheckpoint(str(target), save_weights_only=True)], epochs=1)
    attrs, groups = _h5_attrs(target)
    assert {"layer_names", "backend", "keras_version"} <= attrs and "model_config" not in attrs
    with h5py.File(target, "r") as f:
        layer_names = [n.decode() if isinstance(n, bytes) else n for n in f.attrs["layer_names"]]
        assert len(f[layer_names[0]].attrs["weight_names"]) == 2
    fresh = _model()
    fresh.load_weights(str(target))
    np.testing.assert_allclose(fresh.get_weights()[0], model.get_weights()[0])


def test_checkpoint_save_best_only_maximises_val_acc(tmp_path):
    model = _model()
    checkpoint = C.ModelCheckpoint(str(tmp_path / "best.{epoch:02d}.h5"), monitor="val_acc", save_best_only=True)
    _drive(checkpoint, model, [0.5, 0.7, 0.6, 0.8])
    assert sorted(os.listdir(tmp_path)) == ["best.01.h5", "best.02.h5", "best.04.h5"]


def test_checkpoint_keeps_keras3_arguments(tmp_path):
    model = _model()
    checkpoint = C.ModelCheckpoint(str(tmp_path / "m.{epoch}-{batch}.keras"), save_freq=3)
    _fit(model, [checkpoint], epochs=1, validation=False)
    assert sorted(os.listdir(tmp_path)) == ["m.1-3.keras"]
    threshold = C.ModelCheckpoint(str(tmp_path / "t.h5"), monitor="val_acc", save_best_only=True,
                                  initial_value_threshold=0.65)
    _drive(threshold, model, [0.6, 0.7])
    assert threshold.best == 0.7 and (tmp_path / "t.h5").exists()
    with pytest.raises(ValueError, match="not both"):
        C.ModelCheckpoint("x.h5", period=2, save_freq=10)


def test_failed_checkpoint_never_replaces_the_good_file(tmp_path, monkeypatch):
    from keras_faq_compat.callbacks import model_checkpoint

    target = tmp_path / "model.h5"
    model = _model()
    checkpoint = C.ModelCheckpoint(str(target))
    _fit(model, [checkpoint], epochs=1)
    good = target.read_bytes()

    def half_then_fail(model, path, weights_only):
        with open(path, "wb") as f:
            f.write(good[: len(good) // 2])
        raise OSError("disk full")

    monkeypatch.setattr(model_checkpoint, "write_model_file", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        _fit(model, [checkpoint], epochs=1)
    assert target.read_bytes() == good
    assert os.listdir(tmp_path) == ["model.h5"]


def test_checkpoint_template_key_missing_from_logs(tmp_path):
    model = _model()
    seen = []
    track = C.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch))
    with pytest.raises(KeyError, match=r"\{val_acc\}.*validation data"):
        _fit(model, [track, C.ModelCheckpoint(str(tmp_path / "w.{val_acc:.2f}.h5"))], validation=False)
    # The error comes at the end of the first epoch, before any file.
    assert seen == [0] and os.listdir(tmp_path) == []
    with pytest.warns(RuntimeWarning, match="names oops"), pytest.raises(KeyError, match="oops"):
        _fit(model, [C.ModelCheckpoint(str(tmp_path / "w.{oops}.h5"))])


def test_checkpoint_folder_not_writable_fails_before_training(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    seen = []
    track = C.LambdaCallback(on_epoch_begin=lambda epoch, logs: seen.append(epoch))
    with pytest.raises(NotADirectoryError, match="file.txt"):
        _fit(_model(), [C.ModelCheckpoint(str(blocker / "ckpt" / "w.h5")), track], epochs=1)
    assert seen == []


def _unwritable_folder(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if not os.access(folder, os.W_OK):
        return folder
    # Permissions do not bind root: use a read-only system folder instead.
    candidate = "/sys/keras_faq_compat_checkpoints"
    try:
        os.makedirs(candidate)
    except OSError:
        return candidate
    os.rmdir(candidate)
    pytest.skip("no unwritable folder available for this user")


def test_checkpoint_permission_error_names_the_folder(tmp_path):
    folder = str(_unwritable_folder(tmp_path))
    with pytest.raises(PermissionError, match="cannot write checkpoints into folder"):
        _fit(_model(), [C.ModelCheckpoint(os.path.join(folder, "w.{epoch}.h5"))], epochs=1)


def test_terminate_on_nan_leaves_the_best_checkpoint_intact(tmp_path):
    target = tmp_path / "best.h5"
    model = _model()
    checkpoint = C.ModelCheckpoint(str(target), monitor="loss", save_best_only=True, save_weights_only=True)
    _fit(model, [checkpoint], epochs=1, validation=False)
    good = target.read_bytes()
    model.optimizer.learning_rate = 1e38
    x, y = _data()
    history = model.fit(x * 1e20, y, epochs=5, batch_size=10, verbose=0,
                        callbacks=[C.TerminateOnNaN(), checkpoint])
    assert len(history.history["loss"]) == 1 and not np.isfinite(history.history["loss"][0])
    assert target.read_bytes() == good


def test_checkpoint_of_compat_sequential_resumes_with_load_model(tmp_path):
    from keras_faq_compat.layers import Dense
    from keras_faq_compat.models import Sequential, load_model

    model = Sequential([Dense(2, activation="softmax", input_dim=4)])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    target = tmp_path / "ckpt.{epoch:02d}-{val_acc:.2f}.hdf5"
    _fit(model, [C.ModelCheckpoint(str(target), monitor="val_acc", period=2)], epochs=2)
    (name,) = os.listdir(tmp_path)
    assert name.startswith("ckpt.02-")
    loaded = load_model(str(tmp_path / name))
    assert int(loaded.optimizer.iterations.numpy()) == int(model.optimizer.iterations.numpy()) == 6
    x, _ = _data()
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-5)
    for slot_loaded, slot_trained in zip(loaded.optimizer.variables, model.optimizer.variables):
        np.testing.assert_allclose(np.asarray(slot_loaded), np.asarray(slot_trained), rtol=1e-6)


# --- Keras 2 custom callbacks, History, BaseLogger, ProgbarLogger, LambdaCallback -----------------


def test_keras2_style_custom_callback():
    class Keras2Callback(C.Callback):
        def __init__(self, model):
            self.model = model  # Keras 3: AttributeError, `model` is read-only.
            self.batches = []

        def on_train_begin(self, logs=None):
            self.params_seen = dict(self.params)

        def on_batch_end(self, batch, logs=None):
            self.batches.append((batch, logs["batch"], logs["loss"]))

    model = _model()
    callback = Keras2Callback(model)
    assert callback.model is model and callback.validation_data is None
    _fit(model, [callback], epochs=1, validation=False)
    assert {"batch_size", "epochs", "steps", "samples", "verbose", "do_validation", "metrics"} <= set(
        callback.params_seen)
    assert callback.params_seen["metrics"][:1] == ["loss"] and "accuracy" in callback.params_seen["metrics"]
    assert [b[:2] for b in callback.batches] == [(0, 0), (1, 1), (2, 2), (3, 3)]


def test_batch_logs_carry_size_when_fit_passes_keras2_params():
    sizes = []
    callback = C.LambdaCallback(on_batch_end=lambda batch, logs: sizes.append(logs["size"]))
    model = _model()
    x, y = _data(n=25)
    callbacks = keras.callbacks.CallbackList([callback], add_history=True, model=model, epochs=1, steps=3,
                                             verbose=0, batch_size=10, samples=25, do_validation=False)
    model.fit(x, y, batch_size=10, epochs=1, verbose=0, callbacks=callbacks)
    assert sizes == [10, 10, 5]
    assert callback.params["samples"] == 25 and callback.params["metrics"] == ["loss", "accuracy"]


def test_lambda_callback_keras2_batch_hooks_with_positional_logs():
    seen = []
    callback = C.LambdaCallback(on_batch_begin=lambda batch, logs: seen.append(("begin", logs["batch"])),
                                on_batch_end=lambda batch, logs: seen.append(("end", logs["batch"])))
    _fit(_model(), [callback], epochs=1, validation=False)
    assert seen[:3] == [("begin", 0), ("end", 0), ("begin", 1)] and len(seen) == 8


def test_history_restarts_each_fit_and_has_keras2_names():
    model = _model()
    history = C.History()
    _fit(model, [history], epochs=2)
    assert history.history["val_acc"] == history.history["val_accuracy"]
    _fit(model, [history], epochs=1)
    assert len(history.history["loss"]) == 1 and history.epoch == [0]


def test_base_logger_and_progbar_logger_accept_keras2_arguments():
    base = C.BaseLogger(stateful_metrics=["accuracy"])
    with pytest.warns(LegacyAPIWarning, match="ProgbarLogger"):
        progbar = C.ProgbarLogger(count_mode="samples", stateful_metrics=["accuracy"])
    model = _model()
    history = _fit(model, [base, progbar], epochs=1, validation=False)
    assert base.seen == 4
    assert base.totals["loss"] / base.seen == pytest.approx(history.history["loss"][-1], rel=1e-5)
    assert base.totals["accuracy"] == pytest.approx(history.history["accuracy"][-1])
    with pytest.raises(ValueError, match="count_mode"):
        C.ProgbarLogger(count_mode="batches")


# --- TensorBoard --------------------------------------------------------------------------------


def test_tensorboard_keras2_arguments_one_warning_and_event_files(tmp_path):
    pytest.importorskip("tensorboard")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        board = C.TensorBoard(log_dir=str(tmp_path), histogram_freq=1, batch_size=16, write_graph=True,
                              write_grads=True, write_images=False, embeddings_freq=0,
                              embeddings_layer_names=["e"], embeddings_data=np.zeros((2, 4)), update_freq="epoch")
    legacy = [w for w in caught if issubclass(w.category, LegacyAPIWarning)]
    assert len(legacy) == 1
    assert "batch_size, write_grads, embeddings_layer_names, embeddings_data" in str(legacy[0].message)
    _fit(_model(), [board], epochs=1)
    events = [name for name in os.listdir(tmp_path / "train") if name.startswith("events.out.tfevents")]
    assert events


def test_tensorboard_histograms_without_validation_data_raise_as_keras2(tmp_path):
    pytest.importorskip("tensorboard")
    board = C.TensorBoard(log_dir=str(tmp_path), histogram_freq=1)
    with pytest.raises(ValueError, match="validation_data must be provided"):
        _fit(_model(), [board], epochs=1, validation=False)


def test_tensorboard_update_freq_counts_samples_as_keras2():
    pytest.importorskip("tensorboard")
    board = C.TensorBoard(log_dir="unused", update_freq=96)
    board.set_params({"epochs": 1, "steps": 1, "verbose": 0})
    assert board.update_freq == 3  # 96 samples at fit's default batch of 32
    board.set_params({"epochs": 1, "steps": 1, "verbose": 0, "batch_size": 8})
    assert board.update_freq == 12


def test_tensorboard_without_the_package_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorboard", None)
    with pytest.raises(ImportError, match=r"pip install keras-faq-compat\[tensorboard\]"):
        C.TensorBoard(log_dir="unused")


# --- under the activation -----------------------------------------------------------------------


def test_legacy_import_paths_give_the_compat_callbacks():
    from keras_faq_compat import activation

    with activation.activated():
        from keras.callbacks import EarlyStopping, ModelCheckpoint
        import keras.callbacks

        assert ModelCheckpoint is C.ModelCheckpoint and EarlyStopping is C.EarlyStopping
        assert keras.callbacks.BaseLogger is C.BaseLogger
        assert keras.callbacks.CallbackList is not None


@pytest.mark.slow
def test_keras2_script_with_callbacks_runs_unchanged(run_script, tmp_path):
    result = run_script(
        """
        import os
        import numpy as np
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.callbacks import (CSVLogger, EarlyStopping, ModelCheckpoint, ReduceLROnPlateau,
                                     TensorBoard)

        model = Sequential()
        model.add(Dense(8, activation='relu', input_dim=4))
        model.add(Dense(1, activation='sigmoid'))
        model.compile(optimizer='sgd', loss='binary_crossentropy', metrics=['accuracy'])
        x, y = np.random.rand(100, 4), np.random.randint(2, size=(100, 1))
        callbacks = [
            ModelCheckpoint('ckpt/weights.{epoch:02d}-{val_acc:.2f}.hdf5', monitor='val_acc', period=2),
            EarlyStopping(monitor='val_acc', patience=10),
            ReduceLROnPlateau(monitor='val_acc', epsilon=1e-4, patience=10),
            TensorBoard(log_dir='./logs', histogram_freq=0, batch_size=32, write_graph=True,
                        write_grads=False, write_images=False),
            CSVLogger('training.log'),
        ]
        hist = model.fit(x, y, epochs=4, validation_split=0.2, callbacks=callbacks, verbose=0)
        print(sorted(n[:10] for n in os.listdir('ckpt')))
        print(open('training.log').readline().strip())
        print(len(hist.history['val_acc']))
        """,
        compat_run=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert lines[-3:] == ["['weights.02', 'weights.04']", "epoch,acc,loss,lr,val_acc,val_loss", "4"]
    assert os.path.isdir(tmp_path / "logs" / "train")
