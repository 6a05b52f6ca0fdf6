"""HDF5 inputs streamed through fit / evaluate / predict, and Keras 2's ``shuffle='batch'``.

Plain Keras 3 has no ``HDF5Matrix``, reads an ``h5py.Dataset`` whole into
memory, and its ``shuffle='batch'`` shuffles rows inside each batch (not the
order of the batches); each test below fails there.
"""

import os
import subprocess
import sys
import textwrap

import h5py
import numpy as np
import pytest

import keras_faq_compat as keras
from keras_faq_compat.data.sources import BatchSource
from keras_faq_compat.data.sources import HDF5ReadError
from keras_faq_compat.data.sources import batch_shuffle_plan
from keras_faq_compat.utils.io_utils import HDF5Matrix

N = 100
FEATURES = 3


@pytest.fixture(autouse=True)
def _close_matrices():
    yield
    HDF5Matrix.close_all()


@pytest.fixture
def h5file(tmp_path):
    """Rows whose first feature is the row number; y = sum of the features."""
    path = str(tmp_path / "data.h5")
    x = np.zeros((N, FEATURES), "float32")
    x[:, 0] = np.arange(N)
    x[:, 1:] = np.random.default_rng(0).random((N, FEATURES - 1))
    with h5py.File(path, "w") as f:
        f["x"] = x
        f["x64"] = x.astype("float64")
        f["y"] = x.sum(axis=1, keepdims=True)
        f["w"] = np.linspace(0.5, 1.5, N).astype("float32")
        f["u8"] = (np.arange(N * FEATURES) % 251).astype("uint8").reshape(N, FEATURES)
    return path


class RowRecorder(keras.layers.Layer):
    """Identity layer that records the row ids (feature 0) of every batch it sees."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = []

    def call(self, inputs, training=None):
        self.seen.append((bool(training), np.asarray(inputs)[:, 0].astype(int).tolist()))
        return inputs

    def compute_output_shape(self, input_shape):
        # Without it Keras 3.3 traces `call` on a symbolic tensor at build time, which has no rows.
        return input_shape


def recording_model():
    recorder = RowRecorder()
    model = keras.models.Sequential([keras.layers.InputLayer(input_shape=(FEATURES,)), recorder, keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
    return model, recorder


def epochs_of(recorder, batches_per_epoch, training=True):
    rows = [ids for flag, ids in recorder.seen if flag == training]
    return [rows[i : i + batches_per_epoch] for i in range(0, len(rows), batches_per_epoch)]


def dense_model():
    # Feature 0 is the row number (up to 99): a small step keeps training finite.
    model = keras.models.Sequential([keras.layers.Dense(2, input_dim=FEATURES), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=1e-5), loss="mse")
    return model


# --- shuffle='batch' --------------------------------------------------------


def test_batch_shuffle_plan_is_keras2s():
    rng = np.random.RandomState(3)
    plan = batch_shuffle_plan(10, 3, rng)
    assert plan[-1] == (9, 10)  # the partial batch stays last
    assert sorted(plan[:-1]) == [(0, 3), (3, 6), (6, 9)]
    assert len({tuple(batch_shuffle_plan(1000, 10)) for _ in range(5)}) > 1


@pytest.mark.parametrize("kind", ["numpy", "hdf5matrix", "h5py"])
def test_fit_shuffle_batch_shuffles_batch_order_and_keeps_rows_in_order(h5file, kind):
    f = h5py.File(h5file, "r")
    if kind == "numpy":
        x, y = f["x"][:], f["y"][:]
    elif kind == "hdf5matrix":
        x, y = HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y")
    else:
        x, y = f["x"], f["y"]
    model, recorder = recording_model()
    np.random.seed(0)
    model.fit(x, y, batch_size=16, epochs=3, shuffle="batch", verbose=0)
    epochs = epochs_of(recorder, 7)
    assert len(epochs) == 3
    for batches in epochs:
        for ids in batches[:-1]:
            assert len(ids) == 16 and ids[0] % 16 == 0
            assert ids == list(range(ids[0], ids[0] + 16))  # rows inside a batch keep their order
        assert batches[-1] == list(range(96, 100))  # the partial batch comes last
        assert sorted(i for ids in batches for i in ids) == list(range(N))
    orders = [tuple(ids[0] for ids in batches) for batches in epochs]
    assert len(set(orders)) > 1 and orders[0] != tuple(range(0, 96, 16)) + (96,)
    f.close()


def test_shuffle_batch_order_follows_numpy_seed(h5file):
    orders = []
    for _ in range(2):
        model, recorder = recording_model()
        np.random.seed(42)
        model.fit(HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y"), batch_size=10, epochs=2, shuffle="batch", verbose=0)
        orders.append([ids for _, ids in recorder.seen])
    assert orders[0] == orders[1]


def test_shuffle_false_reads_sequentially(h5file):
    model, recorder = recording_model()
    model.fit(HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y"), batch_size=30, epochs=2, shuffle=False, verbose=0)
    expected = [list(range(s, min(s + 30, N))) for s in range(0, N, 30)]
    assert epochs_of(recorder, 4) == [expected, expected]


def test_default_shuffle_on_hdf5_works_and_gives_keras2s_hint(h5file):
    model, recorder = recording_model()
    with pytest.warns(UserWarning, match="shuffle='batch'"):
        model.fit(HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y"), batch_size=25, epochs=1, verbose=0)
    ids = [i for _, batch in recorder.seen for i in batch]
    assert sorted(ids) == list(range(N)) and ids != list(range(N))


# --- streaming ----------------------------------------------------------------


class ReadLog:
    """Records how many rows each read of an h5py dataset asks for."""

    def __init__(self, monkeypatch):
        self.rows = []
        log = self
        original_getitem = h5py.Dataset.__getitem__
        original_read_direct = h5py.Dataset.read_direct
        original_array = h5py.Dataset.__array__

        def getitem(ds, args, *rest, **kw):
            out = original_getitem(ds, args, *rest, **kw)
            log.rows.append(len(out) if np.ndim(out) else 1)
            return out

        def read_direct(ds, dest, source_sel=None, dest_sel=None):
            log.rows.append(len(dest) if source_sel is None else source_sel.stop - source_sel.start)
            return original_read_direct(ds, dest, source_sel, dest_sel)

        def array(ds, *args, **kw):
            log.rows.append(len(ds))
            return original_array(ds, *args, **kw)

        monkeypatch.setattr(h5py.Dataset, "__getitem__", getitem)
        monkeypatch.setattr(h5py.Dataset, "read_direct", read_direct)
        monkeypatch.setattr(h5py.Dataset, "__array__", array)


def test_predict_h5py_dataset_reads_batch_by_batch(h5file, monkeypatch):
    model = dense_model()
    f = h5py.File(h5file, "r")
    expected = model.predict(f["x"][:], verbose=0)
    log = ReadLog(monkeypatch)
    out = model.predict(f["x"], batch_size=20, verbose=0)
    np.testing.assert_allclose(out, expected, rtol=1e-6)
    assert log.rows and max(log.rows) <= 20
    f.close()


def test_fit_evaluate_hdf5matrix_read_batch_by_batch(h5file, monkeypatch):
    model = dense_model()
    x, y = HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y")
    log = ReadLog(monkeypatch)
    model.fit(x, y, batch_size=10, epochs=1, shuffle="batch", verbose=0)
    model.evaluate(x, y, batch_size=10, verbose=0)
    assert log.rows and max(log.rows) <= 10


def test_results_match_numpy(h5file):
    x, y, w = HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y"), HDF5Matrix(h5file, "w")
    model = dense_model()
    xn, yn, wn = x[:], y[:], w[:]
    np.testing.assert_allclose(model.evaluate(x, y, sample_weight=w, batch_size=7, verbose=0),
                               model.evaluate(xn, yn, sample_weight=wn, batch_size=7, verbose=0), rtol=1e-5)
    np.testing.assert_allclose(model.predict(x, batch_size=7, verbose=0), model.predict(xn, verbose=0), rtol=1e-5)
    np.testing.assert_allclose(model.test_on_batch(x, y, sample_weight=w), model.test_on_batch(xn, yn, sample_weight=wn), rtol=1e-5)
    np.testing.assert_allclose(model.predict_on_batch(x), model.predict_on_batch(xn), rtol=1e-5)
    before = model.get_weights()
    model.train_on_batch(x, y, sample_weight=w)
    after_hdf5 = model.get_weights()
    model.set_weights(before)
    model.train_on_batch(xn, yn, sample_weight=wn)
    for a, b in zip(after_hdf5, model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5)


def test_fit_with_sample_weight_matches_numpy(h5file):
    results = []
    for as_hdf5 in (True, False):
        keras.utils.set_random_seed(1)
        model = dense_model()
        x, y, w = HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y"), HDF5Matrix(h5file, "w")
        if not as_hdf5:
            x, y, w = x[:], y[:], w[:]
        history = model.fit(x, y, sample_weight=w, batch_size=10, epochs=2, shuffle=False, verbose=0)
        results.append(history.history["loss"])
    assert np.all(np.isfinite(results))
    np.testing.assert_allclose(results[0], results[1], rtol=1e-4)


def test_multiple_inputs_and_outputs(h5file):
    a = keras.layers.Input(shape=(FEATURES,))
    b = keras.layers.Input(shape=(FEATURES,))
    hidden = keras.layers.Dense(4)(keras.layers.concatenate([a, b]))
    model = keras.models.Model([a, b], [keras.layers.Dense(1)(hidden), keras.layers.Dense(1)(hidden)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=1e-5), loss="mse")
    x1, x2 = HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "x64")
    y1, y2 = HDF5Matrix(h5file, "y"), HDF5Matrix(h5file, "y")
    w = HDF5Matrix(h5file, "w")
    history = model.fit([x1, x2], [y1, y2], sample_weight=[w, w], batch_size=16, epochs=2, shuffle="batch", verbose=0)
    assert len(history.history["loss"]) == 2
    out = model.predict([x1, x2], batch_size=16, verbose=0)
    expected = model.predict([x1[:], x2[:].astype("float32")], verbose=0)
    for o, e in zip(out, expected):
        np.testing.assert_allclose(o, e, rtol=1e-5)
    loss = model.evaluate([x1, x2], [y1, y2], batch_size=16, verbose=0)
    np.testing.assert_allclose(loss, model.evaluate([x1[:], x2[:]], [y1[:], y2[:]], batch_size=16, verbose=0), rtol=1e-5)


def test_other_dtypes_are_cast_to_the_models_as_keras2_did(h5file):
    model = dense_model()
    f = h5py.File(h5file, "r")
    np.testing.assert_allclose(model.predict(f["x64"], verbose=0), model.predict(f["x"][:], verbose=0), rtol=1e-6)
    expected = model.predict(f["u8"][:].astype("float32"), verbose=0)
    np.testing.assert_allclose(model.predict(HDF5Matrix(h5file, "u8"), verbose=0), expected, rtol=1e-6)
    model.fit(f["u8"], f["y"], epochs=1, shuffle="batch", verbose=0)
    f.close()


def test_validation_split_takes_the_last_rows_unshuffled(h5file):
    model, recorder = recording_model()
    history = model.fit(HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y"), batch_size=10, epochs=2,
                        shuffle="batch", validation_split=0.2, verbose=0)
    assert len(history.history["val_loss"]) == 2
    train_ids = sorted(i for flag, ids in recorder.seen if flag for i in ids)
    val_batches = [ids for flag, ids in recorder.seen if not flag]
    assert train_ids == sorted(list(range(80)) * 2)
    assert val_batches == [list(range(80, 90)), list(range(90, 100))] * 2


def test_validation_data_from_hdf5(h5file):
    model = dense_model()
    x, y = HDF5Matrix(h5file, "x", end=80), HDF5Matrix(h5file, "y", end=80)
    xv, yv = HDF5Matrix(h5file, "x", start=80), HDF5Matrix(h5file, "y", start=80)
    history = model.fit(x, y, batch_size=10, epochs=2, shuffle="batch", validation_data=(xv, yv), verbose=0)
    val_loss = history.history["val_loss"][-1]
    np.testing.assert_allclose(val_loss, model.evaluate(xv[:], yv[:], verbose=0), rtol=1e-5)
    # numpy training data with HDF5 validation data
    history = model.fit(x[:], y[:], epochs=1, validation_data=(xv, yv), verbose=0)
    assert "val_loss" in history.history


def test_generator_of_hdf5matrix_slices(h5file):
    x, y = HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y")

    def batches():
        while True:
            for s in range(0, N, 20):
                yield x[s : s + 20], y[s : s + 20]

    model = dense_model()
    history = model.fit_generator(batches(), steps_per_epoch=5, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert np.isfinite(model.evaluate_generator(batches(), steps=5))
    assert model.predict_generator((b[0] for b in batches()), steps=5).shape == (N, 1)


# --- must survive -------------------------------------------------------------


def test_mismatched_lengths_name_both(h5file):
    model = dense_model()
    with pytest.raises(ValueError, match=r"x: 100, y: 60"):
        model.fit(HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y", end=60), shuffle="batch", verbose=0)


def test_file_truncated_while_training_gives_a_clear_error(h5file, monkeypatch):
    # One batch per read, so that reads happen after the truncation.
    monkeypatch.setattr("keras_faq_compat.data.sources._GROUP_BYTES", 1)
    model = dense_model()
    x, y = HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y")

    class Truncate(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 1:
                os.truncate(h5file, 4096)

    with pytest.raises(HDF5ReadError, match=r"data\.h5.*(truncated|shrank)"):
        model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0, callbacks=[Truncate()])


def test_file_deleted_while_training_finishes_from_the_open_file(h5file):
    model = dense_model()
    x, y = HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y")
    expected = model.predict(x[:], verbose=0)

    class Delete(keras.callbacks.Callback):
        def on_predict_batch_end(self, batch, logs=None):
            if batch == 0 and os.path.exists(h5file):
                os.remove(h5file)

    out = model.predict(x, batch_size=10, verbose=0, callbacks=[Delete()])
    assert not os.path.exists(h5file)
    np.testing.assert_allclose(out, expected, rtol=1e-6)


def test_read_error_reaches_the_caller_unwrapped(h5file, monkeypatch):
    model = dense_model()
    x = HDF5Matrix(h5file, "x")

    def broken(self, out, a, b):
        raise OSError("Can't read data (simulated)")

    monkeypatch.setattr("keras_faq_compat.data.sources._Column.read_into", broken)
    with pytest.raises(HDF5ReadError, match=r"rows 0:10 of dataset 'x' in .*data\.h5.*simulated"):
        model.predict(x, batch_size=10, verbose=0)


# --- memory -------------------------------------------------------------------


@pytest.mark.slow
def test_predict_peak_memory_does_not_grow_with_the_file(tmp_path):
    path = tmp_path / "big.h5"
    script = textwrap.dedent(
        f"""
        import resource, warnings
        warnings.simplefilter("ignore")
        import h5py, numpy as np
        rows, cols = 65536, 1024  # 256 MiB
        with h5py.File({str(path)!r}, "w") as f:
            d = f.create_dataset("x", (rows, cols), dtype="float32")
            for s in range(0, rows, 8192):
                d[s:s + 8192] = 1.0
        import keras_faq_compat as keras
        model = keras.models.Sequential([keras.layers.Dense(8, input_dim=cols)])
        f = h5py.File({str(path)!r}, "r")
        model.predict(f["x"][:2048], batch_size=2048, verbose=0)
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out = model.predict(f["x"], batch_size=2048, verbose=0)
        assert out.shape == (rows, 8)
        print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024)
        """
    )
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    growth_mb = float(proc.stdout.strip().splitlines()[-1])
    # Plain Keras 3 grows by more than the 256 MiB file here.
    assert growth_mb < 80, growth_mb


def test_pydataset_path_for_other_backends_keeps_keras2_batch_shuffle(h5file):
    # The backend-neutral path (what JAX / torch / numpy backends get).
    source = BatchSource(HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y"), batch_size=16, shuffle="batch")
    dataset = source.as_pydataset()
    assert isinstance(dataset, keras.utils.PyDataset) and len(dataset) == 7
    model, recorder = recording_model()
    np.random.seed(5)
    model.fit(dataset, epochs=2, shuffle=False, verbose=0)  # as StreamingMixin passes it
    epochs = epochs_of(recorder, 7)
    for batches in epochs:
        assert batches[-1] == list(range(96, 100))
        assert all(ids == list(range(ids[0], ids[0] + 16)) for ids in batches[:-1])
        assert sorted(i for ids in batches for i in ids) == list(range(N))
    assert [b[0] for b in epochs[0]] != [b[0] for b in epochs[1]]


def test_steps_per_epoch_keeps_drawing_batches_across_epochs(h5file):
    model, recorder = recording_model()
    history = model.fit(HDF5Matrix(h5file, "x"), HDF5Matrix(h5file, "y"), batch_size=20, epochs=3,
                        steps_per_epoch=4, shuffle="batch", verbose=0)
    assert len(history.history["loss"]) == 3
    assert len([ids for flag, ids in recorder.seen if flag]) == 12


def test_long_predict_in_chunks_is_one_run_for_callbacks(h5file, monkeypatch):
    # Outputs of 3 float32 per row: chunks of 30 rows, never one call.
    monkeypatch.setattr("keras_faq_compat.data.streaming._PREDICT_WHOLE_BYTES", 0)
    monkeypatch.setattr("keras_faq_compat.data.streaming._PREDICT_CHUNK_BYTES", 30 * 12)
    from keras_faq_compat.data import streaming

    chunks = []
    chunk_callbacks = streaming._ChunkCallbacks

    def counting(outer, first_batch):
        chunks.append(first_batch)
        return chunk_callbacks(outer, first_batch)

    monkeypatch.setattr(streaming, "_ChunkCallbacks", counting)
    events = []

    class Events(keras.callbacks.Callback):
        def on_predict_begin(self, logs=None):
            events.append("begin")

        def on_predict_batch_end(self, batch, logs=None):
            events.append(batch)

        def on_predict_end(self, logs=None):
            events.append("end")

    a = keras.layers.Input(shape=(FEATURES,))
    model = keras.models.Model(a, [keras.layers.Dense(1)(a), keras.layers.Dense(2)(a)])
    f = h5py.File(h5file, "r")
    expected = model.predict(f["x"][:], batch_size=10, verbose=0)
    log = ReadLog(monkeypatch)
    out = model.predict(f["x"], batch_size=10, verbose=0, callbacks=[Events()])
    assert max(log.rows) <= 10  # streamed, not read whole
    assert chunks == [0, 3, 6, 9]
    assert events == ["begin", *range(10), "end"]
    assert isinstance(out, list) and len(out) == 2
    for o, e in zip(out, expected):
        np.testing.assert_allclose(o, e, rtol=1e-6)
    assert model.predict(f["x"], batch_size=10, steps=4, verbose=0)[0].shape == (40, 1)
    f.close()
