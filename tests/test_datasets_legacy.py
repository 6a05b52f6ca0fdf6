"""``keras.datasets`` reads Keras 2's cache, gives Keras 2's splits, and names a missing file."""

import io
import pickle
import tarfile

import numpy as np
import pytest

from keras_faq_compat.datasets import boston_housing, cifar10, imdb, mnist, reuters


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty ``$KERAS_HOME/datasets``."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    folder = tmp_path / "datasets"
    folder.mkdir()
    return folder


def _ragged(lengths, start=1):
    out = np.empty(len(lengths), dtype=object)
    out[:] = [list(range(start, start + n)) for n in lengths]
    return out


def test_a_missing_file_without_network_names_the_file_and_the_folder(cache, monkeypatch):
    monkeypatch.setattr(mnist, "ORIGIN", (cache / "nowhere" / "mnist.npz").as_uri())
    with pytest.raises(FileNotFoundError) as error:
        mnist.load_data()
    message = str(error.value)
    assert "mnist.npz" in message and str(cache) in message and "place it" in message
    assert not (cache / "mnist.npz").exists()


def test_a_cached_file_with_another_hash_is_used_not_deleted(cache):
    x = np.arange(2 * 28 * 28, dtype="uint8").reshape(2, 28, 28)
    np.savez(cache / "mnist.npz", x_train=x, y_train=np.array([3, 4], "uint8"), x_test=x[:1], y_test=np.array([5], "uint8"))
    with pytest.warns(UserWarning, match="hash"):
        (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert x_train.shape == (2, 28, 28) and y_train.tolist() == [3, 4] and y_test.tolist() == [5]
    assert (cache / "mnist.npz").exists()


def test_imdb_maxlen_filters_both_sets_then_splits_at_the_training_count_as_keras_2(cache):
    # Lengths 2, 10, 3 in training and 2, 2, 2 in test; with the start mark, maxlen=5 keeps 2 + 3.
    np.savez(cache / "imdb.npz", x_train=_ragged([2, 10, 3]), y_train=np.array([1, 0, 1]),
             x_test=_ragged([2, 2, 2]), y_test=np.array([0, 0, 0]))
    with pytest.warns(UserWarning, match="hash"):
        (x_train, y_train), (x_test, y_test) = imdb.load_data(maxlen=5)
    # Keras 3 gives 2 and 3: it filters each set on its own.
    assert (len(x_train), len(x_test)) == (3, 2)
    assert all(s[0] == 1 and len(s) < 5 for s in list(x_train) + list(x_test))
    assert y_train.tolist().count(0) == 1  # one test review moved into the training set


def test_imdb_and_reuters_take_keras_1s_nb_words_and_mark_the_rest_out_of_vocabulary(cache):
    np.savez(cache / "imdb.npz", x_train=_ragged([3, 4]), y_train=np.array([1, 0]), x_test=_ragged([2]),
             y_test=np.array([1]))
    np.savez(cache / "reuters.npz", x=_ragged([3, 4, 5, 2, 6]), y=np.arange(5))
    with pytest.warns(UserWarning, match="nb_words"):
        (x_train, _), _ = imdb.load_data(nb_words=6)
    assert all(max(s) <= 5 and 2 in s for s in x_train)  # indices 4.. plus 3 >= 6 became oov_char 2
    with pytest.warns(UserWarning, match="nb_words"):
        (x_train, y_train), (x_test, y_test) = reuters.load_data(nb_words=6, test_split=0.4)
    assert (len(x_train), len(x_test)) == (3, 2) and sorted(y_train.tolist() + y_test.tolist()) == [0, 1, 2, 3, 4]
    with pytest.raises(TypeError, match="unrecognized"):
        reuters.load_data(nb_word=6)


def test_boston_housing_split_follows_test_split_and_seed(cache):
    x = np.arange(20 * 13, dtype="float64").reshape(20, 13)
    np.savez(cache / "boston_housing.npz", x=x, y=np.arange(20.0))
    with pytest.warns(UserWarning, match="hash"):
        (x_train, y_train), (x_test, y_test) = boston_housing.load_data(test_split=0.25, seed=3)
    order = np.arange(20)
    np.random.RandomState(3).shuffle(order)
    assert y_train.tolist() == order[:15].tolist() and y_test.tolist() == order[15:].tolist()
    np.testing.assert_array_equal(x_test, x[order[15:]])


def _cifar10_archive(path, per_batch=2):
    rng = np.random.default_rng(0)
    with tarfile.open(path, "w:gz") as tar:
        for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
            batch = {b"data": rng.integers(0, 255, (per_batch, 3072)).astype("uint8"),
                     b"labels": list(range(per_batch))}
            data = pickle.dumps(batch, protocol=2)
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_cifar10_reads_keras_2s_cache_layout_channels_last(cache):
    _cifar10_archive(cache / "cifar-10-batches-py.tar.gz")
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    assert x_train.shape == (10, 32, 32, 3) and x_train.dtype == np.uint8
    assert y_train.shape == (10, 1) and x_test.shape == (2, 32, 32, 3) and y_test.shape == (2, 1)
    assert (cache / "cifar-10-batches-py" / "test_batch").exists()
    # Keras 3 caches it as cifar-10-batches-py-target: nothing of that name was made or looked for.
    assert not list(cache.glob("*target*"))
