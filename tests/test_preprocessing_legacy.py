"""Keras 2's ``keras.preprocessing`` spellings that Keras 3's port dropped."""

import numpy as np
import pytest

from keras_faq_compat._real import tf as real_tf
from keras_faq_compat.preprocessing import image, sequence
from keras_faq_compat.utils import device_names


def test_iterators_have_keras_2s_next_method():
    x = np.random.default_rng(0).random((6, 8, 8, 3))
    generator = image.ImageDataGenerator(horizontal_flip=True)
    assert not hasattr(real_tf.keras.preprocessing.image.ImageDataGenerator().flow(x), "next")
    batch_x, batch_y = generator.flow(x, np.arange(6), batch_size=3, shuffle=False).next()
    assert batch_x.shape == (3, 8, 8, 3)
    assert list(batch_y) == [0, 1, 2]


def test_flow_from_directory_iterator_has_next(tmp_path):
    rng = np.random.default_rng(1)
    for label in ("a", "b"):
        (tmp_path / label).mkdir()
        for i in range(2):
            image.array_to_img(rng.random((8, 8, 3)) * 255).save(tmp_path / label / f"{i}.png")
    batch_x, batch_y = image.ImageDataGenerator().flow_from_directory(str(tmp_path), (4, 4), batch_size=2).next()
    assert batch_x.shape == (2, 4, 4, 3) and batch_y.shape == (2, 2)


def test_load_img_takes_keras_2s_grayscale_keyword(tmp_path):
    path = tmp_path / "x.png"
    image.array_to_img(np.random.default_rng(2).random((6, 5, 3)) * 255).save(path)
    with pytest.raises(TypeError):
        real_tf.keras.preprocessing.image.load_img(str(path), grayscale=True)
    loaded = image.load_img(str(path), grayscale=True, target_size=(3, 4))
    assert loaded.mode == "L" and loaded.size == (4, 3)


def test_remove_long_seq_keeps_the_shorter_sequences_and_their_labels():
    assert not hasattr(real_tf.keras.preprocessing.sequence, "_remove_long_seq")
    assert sequence._remove_long_seq(5, [[1, 2, 3], [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5]], ["a", "b", "c"]) == (
        [[1, 2, 3]], ["a"])


@pytest.mark.parametrize("name, short", [("/job:localhost/replica:0/task:0/device:GPU:1", "/gpu:1"),
                                         ("/device:CPU:0", "/cpu:0"), ("/cpu:0", "/cpu:0")])
def test_normalize_device_name_gives_keras_2s_short_names(name, short):
    assert device_names.normalize_device_name(name) == short
