"""Keras 2 generator methods: ``fit_generator``, ``evaluate_generator``, ``predict_generator``.

Plain Keras 3 has none of these methods, takes no ``class_weight`` with a
generator, runs an endless generator forever when ``steps_per_epoch`` is
missing, and stops quietly (or with TensorFlow's wrapped error) when a
generator ends early or yields a malformed batch; each test below fails there.
"""

import numpy as np
import pytest

from keras_faq_compat import backend as K
from keras_faq_compat import callbacks as K_callbacks
from keras_faq_compat.layers import Dense
from keras_faq_compat.models import Sequential
from keras_faq_compat.utils import Sequence


@pytest.fixture
def model():
    K.clear_session()
    m = Sequential([Dense(3, activation="softmax", input_dim=4)])
    m.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
    return m


def batches(n=None, size=8, bad_at=None, bad=None, weights=False):
    rng = np.random.RandomState(0)
    i = 0
    while n is None or i < n:
        if i == bad_at:
            yield bad
        else:
            x, y = rng.rand(size, 4), np.eye(3)[rng.randint(0, 3, size)]
            yield (x, y, np.ones(size)) if weights else (x, y)
        i += 1


class Batches(Sequence):
    """A Keras 2 style Sequence (no super().__init__ call, as old code wrote it)."""

    def __init__(self, n=4):
        self.n = n
        self.epochs_ended = 0
        self.seen = []

    def __len__(self):
        return self.n

    def __getitem__(self, index):
        self.seen.append(index)
        rng = np.random.RandomState(index)
        return rng.rand(8, 4), np.eye(3)[rng.randint(0, 3, 8)]

    def on_epoch_end(self):
        self.epochs_ended += 1


def test_fit_generator_keras2_signature_with_validation_generator(model):
    history = model.fit_generator(
        batches(), 5, 2, verbose=0, validation_data=batches(weights=True), validation_steps=2,
        max_queue_size=4, workers=1, use_multiprocessing=False, initial_epoch=0,
    )
    assert len(history.history["loss"]) == 2
    assert {"val_loss", "val_acc", "acc"} <= set(history.history)


def test_fit_generator_counts_exactly_steps_per_epoch_times_epochs_batches(model):
    drawn = []

    def counted(n):
        for i, batch in enumerate(batches(n=n)):
            drawn.append(i)
            yield batch

    seen = []

    class Steps(K_callbacks.Callback):
        def on_batch_end(self, batch, logs=None):
            seen.append(batch)

    # 3 x 2 = 6 batches: the generator holds exactly that many and must end with none left.
    gen = counted(6)
    history = model.fit_generator(gen, steps_per_epoch=3, epochs=2, verbose=0, workers=1, callbacks=[Steps()])
    assert seen == [0, 1, 2, 0, 1, 2]
    assert len(history.history["loss"]) == 2
    assert drawn == [0, 1, 2, 3, 4, 5]
    with pytest.raises(StopIteration):
        next(gen)


def test_missing_steps_per_epoch_on_a_plain_generator_is_keras2_error(model):
    with pytest.raises(ValueError, match="`steps_per_epoch=None` is only valid for a generator based on the `keras.utils.Sequence`"):
        model.fit_generator(batches(), epochs=1)
    with pytest.raises(ValueError, match="`validation_steps=None`"):
        model.fit_generator(batches(), 2, validation_data=batches())
    with pytest.raises(ValueError, match="`steps=None`"):
        model.evaluate_generator(batches())


def test_sequence_gives_its_length_and_sees_epoch_ends(model):
    seq = Batches(n=4)
    history = model.fit_generator(seq, epochs=2, verbose=0, workers=2, shuffle=False)
    assert len(history.history["loss"]) == 2
    assert seq.epochs_ended >= 2
    assert sorted(set(seq.seen)) == [0, 1, 2, 3]
    result = model.evaluate_generator(Batches(n=3))
    assert isinstance(result, list) and len(result) == 2


def test_class_weight_with_a_generator_weights_the_loss(model):
    x, y = np.random.RandomState(1).rand(8, 4), np.eye(3)[[0, 0, 0, 0, 1, 1, 2, 2]]

    def repeat():
        while True:
            yield x, y

    weights = model.get_weights()
    plain = model.fit_generator(repeat(), 1, verbose=0).history["loss"][0]
    model.set_weights(weights)
    weighted = model.fit_generator(repeat(), 1, verbose=0, class_weight={0: 0.0, 1: 0.0, 2: 4.0}).history["loss"][0]
    model.set_weights(weights)
    expected = model.evaluate(x, y, sample_weight=np.array([0, 0, 0, 0, 0, 0, 4.0, 4.0]), verbose=0)[0]
    assert weighted == pytest.approx(expected, rel=1e-5)
    assert weighted != pytest.approx(plain, rel=1e-3)


def test_sample_weight_batches_are_used(model):
    gen = ((np.ones((4, 4)), np.eye(3)[[0, 1, 2, 0]], np.zeros(4)) for _ in range(10))
    assert model.evaluate_generator(gen, steps=2)[0] == 0.0


def test_generator_that_ends_early_names_the_counts(model):
    with pytest.raises(ValueError, match=r"fit_generator: the generator stopped after 7 batches.*steps_per_epoch=5 x 2 epochs asks for 10"):
        model.fit_generator(batches(n=7), steps_per_epoch=5, epochs=2, verbose=0)


@pytest.mark.parametrize(
    "bad, shown",
    [
        (np.zeros((8, 4)), r"Batch 3 was: ndarray of shape \(8, 4\)"),
        ((np.zeros((8, 4)),), r"Batch 3 was: tuple of length 1 \(ndarray of shape \(8, 4\)\)"),
        ((np.zeros((8, 4)), np.zeros((5, 3))), r"batch 3 mixes arrays with different numbers of samples \(\[5, 8\]\)"),
        ((None, np.zeros((8, 3))), r"batch 3 has no x"),
    ],
)
def test_malformed_batch_names_what_was_yielded(model, bad, shown):
    with pytest.raises(ValueError, match="fit_generator: .*" + shown):
        model.fit_generator(batches(bad_at=3, bad=bad), steps_per_epoch=5, epochs=1, verbose=0)


def test_malformed_first_batch_and_sequence_item(model):
    with pytest.raises(ValueError, match="Batch 0 was: 'oops'"):
        model.fit_generator(iter(["oops"] * 3), steps_per_epoch=1, verbose=0)

    class Broken(Batches):
        def __getitem__(self, index):
            return [np.zeros((2, 4))] * 4

    with pytest.raises(ValueError, match=r"Batch \d was: list of length 4"):
        model.evaluate_generator(Broken())


def test_predict_generator_takes_x_or_x_y_batches(model):
    x = np.random.rand(8, 4)
    bare = model.predict_generator(iter([x, x]), steps=2)
    pairs = model.predict_generator(batches(size=8), steps=3)
    assert bare.shape == (16, 3) and pairs.shape == (24, 3)
    np.testing.assert_allclose(bare[:8], model.predict(x), rtol=1e-5)
    with pytest.raises(ValueError, match="predict_generator: the generator stopped after 1 batches"):
        model.predict_generator(iter([x]), steps=2)


def test_on_batch_results_line_up_with_keras2_metrics_names(model):
    x, y = np.random.rand(8, 4), np.eye(3)[np.random.randint(0, 3, 8)]
    loss, acc = model.train_on_batch(x, y)
    assert np.isscalar(loss) and 0.0 <= acc <= 1.0
    # Keras 2 code zips the two; Keras 3 says ['loss', 'compile_metrics'].
    logs = dict(zip(model.metrics_names, model.test_on_batch(x, y)))
    assert set(logs) == {"loss", "acc"}
    assert logs["acc"] == pytest.approx(model.evaluate(x, y, verbose=0, return_dict=True)["accuracy"])


def test_fit_generator_goes_through_fit_so_history_has_keras2_names(model):
    history = model.fit_generator(batches(), steps_per_epoch=2, verbose=0)
    assert history.history["acc"] == history.history["accuracy"]


# -- workers reading a plain generator, as Keras 2's GeneratorEnqueuer did -------------------------


def _recording(log, n=None):
    """A plain (not thread-safe) generator of numbered batches that logs who read each one."""
    import os
    import threading

    i = 0
    while n is None or i < n:
        log.append((os.getpid(), threading.current_thread().name, i))
        yield np.full((2, 4), float(i)), np.eye(3)[[0, 1]]
        i += 1


def test_a_plain_generator_is_read_by_worker_threads_taking_turns_in_order(model):
    log = []
    model.fit_generator(_recording(log), steps_per_epoch=4, epochs=2, verbose=0, workers=3)
    names = {name for _, name, _ in log}
    # Keras 3 reads in the calling thread and TensorFlow's; Keras 2 in its workers.
    assert names and all(name.startswith("keras_generator_worker_") for name in names), names
    log.clear()
    predictions = model.predict_generator(_recording(log), steps=6, workers=2)
    first = model.predict(np.full((2, 4), 0.0), verbose=0)
    np.testing.assert_allclose(predictions[:2], first, rtol=1e-5)
    assert [i for _, _, i in log][:6] == list(range(6))


def test_workers_0_leaves_the_generator_to_the_calling_thread(model):
    log = []
    model.fit_generator(_recording(log), steps_per_epoch=2, verbose=0, workers=0)
    assert not any(name.startswith("keras_generator_worker_") for _, name, _ in log)


def test_use_multiprocessing_runs_a_copy_of_the_generator_in_each_worker_process(tmp_path, model):
    import os

    def by_process():
        while True:
            with open(tmp_path / str(os.getpid()), "a") as f:
                f.write("x")
            yield np.ones((2, 4)), np.eye(3)[[0, 1]]

    with pytest.warns(UserWarning, match="duplicate your data"):
        model.fit_generator(by_process(), steps_per_epoch=4, verbose=0, workers=2, use_multiprocessing=True)
    readers = {int(p.name) for p in tmp_path.iterdir()}
    assert readers and os.getpid() not in readers
