"""``keras.utils.io_utils.HDF5Matrix``: Keras 2's interface (gone from Keras 3)."""

import os
import pathlib

import h5py
import numpy as np
import pytest

from keras_faq_compat.utils.io_utils import HDF5Matrix


@pytest.fixture
def h5file(tmp_path):
    path = tmp_path / "data.h5"
    with h5py.File(path, "w") as f:
        f["x"] = np.arange(100 * 3, dtype="float64").reshape(100, 3)
        f["group/y"] = np.arange(100, dtype="int16")
    yield str(path)
    HDF5Matrix.close_all()


def test_import_paths_give_the_class():
    import keras_faq_compat.utils as utils

    assert utils.HDF5Matrix is HDF5Matrix
    assert utils.io_utils.HDF5Matrix is HDF5Matrix


def test_shape_dtype_ndim_size_len(h5file):
    m = HDF5Matrix(h5file, "x", start=10, end=50)
    assert m.shape == (40, 3)
    assert m.dtype == np.float64
    assert m.ndim == 2
    assert m.size == 120
    assert len(m) == 40


def test_indexing_is_offset_by_start_and_bounded_by_end(h5file):
    full = np.arange(300, dtype="float64").reshape(100, 3)
    m = HDF5Matrix(h5file, "x", start=10, end=50)
    np.testing.assert_array_equal(m[0], full[10])
    np.testing.assert_array_equal(m[np.int64(3)], full[13])
    np.testing.assert_array_equal(m[-1], full[49])
    np.testing.assert_array_equal(m[2:5], full[12:15])
    np.testing.assert_array_equal(m[:], full[10:50])
    np.testing.assert_array_equal(m[35:], full[45:50])
    np.testing.assert_array_equal(m[::10], full[10:50:10])
    np.testing.assert_array_equal(m[[1, 4]], full[[11, 14]])
    np.testing.assert_array_equal(m[np.array([4, 1, 4])], full[[14, 11, 14]])
    np.testing.assert_array_equal(m[2:5, 1], full[12:15, 1])
    np.testing.assert_array_equal(np.asarray(m), full[10:50])
    with pytest.raises(IndexError):
        m[40]
    with pytest.raises(IndexError):
        m[[0, 40]]
    with pytest.raises(IndexError):
        m[np.array([39, 41])]


def test_normalizer_applies_to_every_read_and_sets_dtype(h5file):
    m = HDF5Matrix(h5file, "group/y", normalizer=lambda a: (a / 2).astype("float32"))
    assert m.dtype == np.float32
    assert m[3] == 1.5
    np.testing.assert_array_equal(m[4:6], np.array([2.0, 2.5], "float32"))
    np.testing.assert_array_equal(m[[10, 2]], np.array([5.0, 1.0], "float32"))


def test_file_handles_are_shared_per_path_and_closable(h5file):
    a = HDF5Matrix(h5file, "x")
    b = HDF5Matrix(h5file, "group/y", start=5)
    shared = a.data.file
    assert shared.id == b.data.file.id
    assert HDF5Matrix.refs[os.path.abspath(h5file)].id == shared.id
    a.close()
    assert b[0] == 5  # still open for the other matrix
    b.close()
    assert not shared.id.valid
    assert HDF5Matrix.refs == {}
    with HDF5Matrix(h5file, "x") as c:
        assert c[0][0] == 0
        again = c.data.file
    assert not again.id.valid


def test_missing_file_is_named(tmp_path):
    missing = str(tmp_path / "nope.h5")
    with pytest.raises(FileNotFoundError, match="nope.h5"):
        HDF5Matrix(missing, "x")


def test_not_an_hdf5_file_is_named(tmp_path):
    path = tmp_path / "text.h5"
    path.write_text("not hdf5")
    with pytest.raises(OSError, match="text.h5"):
        HDF5Matrix(str(path), "x")


def test_missing_dataset_lists_the_datasets_that_exist(h5file):
    with pytest.raises(KeyError) as info:
        HDF5Matrix(h5file, "features")
    message = str(info.value)
    assert "features" in message and "group/y" in message and "x" in message
    assert HDF5Matrix.refs == {}  # the failed matrix did not keep the file open


@pytest.mark.parametrize(
    "start, end, words",
    [(-1, None, "start=-1"), (0, 101, "end=101"), (60, 40, "before start"), (101, None, "start=101")],
)
def test_start_end_out_of_range_or_reversed(h5file, start, end, words):
    with pytest.raises(ValueError, match=words):
        HDF5Matrix(h5file, "x", start=start, end=end)


def test_path_like_accepted(h5file):
    m = HDF5Matrix(pathlib.Path(h5file), "x")
    assert m.shape == (100, 3)
