"""``keras.preprocessing.image`` gives Keras-Preprocessing 1.1's images, where Keras 3's port differs.

The expected arrays were computed once with Keras-Preprocessing 1.1.2 on the same inputs and seeds.
"""

import sys

import numpy as np
import pytest

from keras_faq_compat._real import tf as real_tf
from keras_faq_compat.preprocessing import image

_port = real_tf.keras.preprocessing.image

# A 4 x 5 gray ramp: asymmetric, so a transform about the wrong centre or axes shows.
_RAMP = np.arange(20, dtype="float32").reshape(4, 5, 1) * 10 + 5

_AUGMENTED_RAMP = np.array([
    [0.0, 0.0, 0.0, 0.0, 0.0],
    [0.0, 37.3363, 69.8125, 102.2887, 0.0],
    [51.0895, 83.5657, 116.042, 148.5182, 180.9945],
    [0.0, 129.7952, 162.2715, 0.0, 0.0],
])


def _augmenting_generator(module):
    return module.ImageDataGenerator(rotation_range=40, width_shift_range=0.2, height_shift_range=0.2,
                                     shear_range=15, zoom_range=0.3, fill_mode="constant")


def test_seeded_augmentation_gives_keras_preprocessing_images():
    out = _augmenting_generator(image).random_transform(_RAMP, seed=7)
    np.testing.assert_allclose(out[..., 0], _AUGMENTED_RAMP, atol=1e-3)
    assert not np.allclose(_augmenting_generator(_port).random_transform(_RAMP, seed=7)[..., 0], _AUGMENTED_RAMP,
                           atol=1e-3)


def test_rotation_turns_about_keras_preprocessings_centre():
    # Keras 2.2.4's own expectation (tests/integration_tests/preprocessing/image_test.py).
    x = np.ones((3, 3, 3))
    rotated = np.array([[[0.0] * 3, [0.0] * 3, [1.0] * 3], [[0.0] * 3, [1.0] * 3, [1.0] * 3],
                        [[0.0] * 3, [0.0] * 3, [1.0] * 3]])
    generator = image.ImageDataGenerator(rotation_range=90, fill_mode="constant")
    np.testing.assert_allclose(generator.apply_transform(x, {"theta": 45}), rotated)
    np.testing.assert_allclose(image.apply_affine_transform(x, theta=45, channel_axis=2, fill_mode="constant"), rotated)
    assert not np.allclose(_port.apply_affine_transform(x, theta=45, row_axis=0, col_axis=1, channel_axis=2,
                                                        fill_mode="constant"), rotated)


def test_random_rotation_takes_its_centre_from_the_first_two_axes_as_keras_2_did():
    expected = np.array([
        [0.0, 22.2699, 26.9038, 0.0, 0.0],
        [68.4151, 73.0491, 77.683, 82.317, 86.9509],
        [119.1943, 123.8283, 128.4622, 133.0962, 0.0],
        [0.0, 0.0, 0.0, 183.8754, 0.0],
    ])
    channels_first = np.moveaxis(_RAMP, 2, 0)
    np.random.seed(3)
    np.testing.assert_allclose(image.random_rotation(channels_first, 60, fill_mode="constant")[0], expected, atol=1e-3)
    np.random.seed(3)
    assert not np.allclose(_port.random_rotation(channels_first, 60, fill_mode="constant")[0], expected, atol=1e-3)


def test_brightness_range_stretches_the_image_to_0_255_as_keras_2_did():
    expected = np.array([[0, 10, 20, 32, 42], [53, 64, 74, 85, 96], [107, 117, 128, 139, 149],
                         [160, 171, 182, 192, 204]], dtype="float32")
    out = image.ImageDataGenerator(brightness_range=(0.8, 0.8)).random_transform(_RAMP, seed=1)
    np.testing.assert_array_equal(out[..., 0], expected)
    assert not np.array_equal(_port.ImageDataGenerator(brightness_range=(0.8, 0.8)).random_transform(_RAMP)[..., 0],
                              expected)


def test_zca_whitening_uses_keras_preprocessings_matrix_as_principal_components():
    # A large epsilon: where Keras 3 adds it (to the singular values of the data) then matters.
    x = np.arange(24, dtype="float32").reshape(6, 2, 2, 1) % 7
    expected = np.array([[0.5197, -0.0285, 0.0779, 0.1729], [-0.0285, 0.4892, -0.0494, 0.1091],
                         [0.0779, -0.0494, 0.4998, 0.0202], [0.1729, 0.1091, 0.0202, 0.6683]])
    with pytest.warns(UserWarning, match="zca_whitening"):
        generator = image.ImageDataGenerator(zca_whitening=True, zca_epsilon=0.5)
    generator.fit(x)
    np.testing.assert_allclose(generator.principal_components, expected, atol=1e-4)
    flat = (x[0] - generator.mean).reshape(1, -1) @ expected
    np.testing.assert_allclose(generator.standardize(x[0].copy()).reshape(1, -1), flat, atol=1e-3)
    with pytest.warns(UserWarning, match="zca_whitening"):
        port = _port.ImageDataGenerator(zca_whitening=True, zca_epsilon=0.5)
    port.fit(x)
    assert not np.allclose(port.zca_whitening_matrix, expected, atol=1e-4)


def test_flow_from_directory_batches_follow_keras_preprocessing(tmp_path):
    for label in ("a", "b"):
        (tmp_path / label).mkdir()
        for i in range(2):
            image.array_to_img(np.repeat(_RAMP + 10 * i, 3, axis=2)).save(tmp_path / label / f"{i}.png")
    iterator = _augmenting_generator(image).flow_from_directory(str(tmp_path), (4, 5), color_mode="grayscale",
                                                                batch_size=4, shuffle=False, seed=7)
    port = _augmenting_generator(_port).flow_from_directory(str(tmp_path), (4, 5), color_mode="grayscale",
                                                            batch_size=4, shuffle=False, seed=7)
    batch_x, batch_y = iterator.next()
    port_x, _ = next(port)
    assert batch_x.shape == (4, 4, 5, 1) and batch_y.tolist() == [[1, 0], [1, 0], [0, 1], [0, 1]]
    assert not np.allclose(batch_x, port_x)
    # Same transform as the generator draws for the seed of the first batch.
    np.random.seed(7)
    params = _augmenting_generator(image).get_random_transform(_RAMP.shape)
    ramp_file = image.img_to_array(image.load_img(str(tmp_path / "a" / "0.png"), color_mode="grayscale"))
    np.testing.assert_allclose(batch_x[0], _augmenting_generator(image).apply_transform(ramp_file, params), atol=1e-4)


def test_an_unreadable_image_in_a_folder_is_reported_with_its_path(tmp_path):
    (tmp_path / "a").mkdir()
    image.array_to_img(np.ones((4, 4, 3))).save(tmp_path / "a" / "good.png")
    (tmp_path / "a" / "bad.jpg").write_bytes(b"\xff\xd8 not really a JPEG")
    iterator = image.ImageDataGenerator().flow_from_directory(str(tmp_path), (4, 4), batch_size=2, shuffle=False)
    with pytest.raises(OSError, match=r"bad\.jpg"):
        iterator.next()
    with pytest.raises(Exception) as port_error:
        next(_port.ImageDataGenerator().flow_from_directory(str(tmp_path), (4, 4), batch_size=2, shuffle=False))
    assert "bad.jpg" not in str(port_error.value)


def test_flow_from_dataframe_iterator_has_next_and_reads_the_listed_files(tmp_path):
    pandas = pytest.importorskip("pandas")
    for name, value in (("x.png", 51), ("y.png", 204)):
        image.array_to_img(np.full((4, 4, 3), value), scale=False).save(tmp_path / name)
    frame = pandas.DataFrame({"filename": ["y.png", "x.png"], "class": ["dog", "cat"]})
    with pytest.warns(DeprecationWarning, match="has_ext"):
        iterator = image.ImageDataGenerator(rescale=1 / 255.0).flow_from_dataframe(
            frame, str(tmp_path), target_size=(4, 4), batch_size=2, shuffle=False, has_ext=True)
    batch_x, batch_y = iterator.next()
    np.testing.assert_allclose(batch_x[:, 0, 0, 0], [0.8, 0.2], atol=0.01)
    assert batch_y.tolist() == [[0, 1], [1, 0]]
    assert isinstance(iterator, image.Iterator)


def test_flow_from_dataframe_without_pandas_names_the_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now fails as if not installed
    with pytest.raises(ImportError, match="pip install pandas"):
        image.ImageDataGenerator().flow_from_dataframe(object(), "folder")


def test_an_unreadable_image_read_by_index_is_reported_with_its_path(tmp_path):
    (tmp_path / "a").mkdir()
    image.array_to_img(np.ones((4, 4, 3))).save(tmp_path / "a" / "good.png")
    good = (tmp_path / "a" / "good.png").read_bytes()
    (tmp_path / "a" / "truncated.png").write_bytes(good[: len(good) // 2])
    iterator = image.ImageDataGenerator().flow_from_directory(str(tmp_path), (4, 4), batch_size=1, shuffle=False)
    assert iterator[0][0].shape == (1, 4, 4, 3)
    with pytest.raises(OSError, match=r"truncated\.png"):
        iterator[1]
