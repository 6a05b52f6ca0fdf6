"""``keras.json`` as Keras 2 read it: legacy backends, settings, errors naming the file."""

import json
import os

import pytest

from keras_faq_compat import configfile

CHECK = """
from keras import backend as K
print(K.backend(), K.floatx(), K.epsilon(), K.image_data_format())
"""


def _write_config(folder, **fields):
    path = folder / "keras.json"
    path.write_text(json.dumps(fields))
    return path


def test_theano_backend_runs_on_tensorflow_with_one_warning(run_script, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    _write_config(home, backend="theano", floatx="float64", epsilon=1e-5,
                  image_data_format="channels_first")
    proc = run_script(CHECK, compat_run=True, env={"KERAS_HOME": str(home)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["tensorflow", "float64", "1e-05", "channels_first"]
    assert proc.stderr.count("LegacyAPIWarning") == 1
    assert "theano" in proc.stderr
    # The user's file is left as it was.
    assert json.loads((home / "keras.json").read_text())["backend"] == "theano"


def test_plain_keras_cannot_start_on_a_theano_config(run_script, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    _write_config(home, backend="theano")
    proc = run_script("import keras\n", env={"KERAS_HOME": str(home)})
    assert proc.returncode != 0


@pytest.mark.parametrize("content, message", [
    ("{not json", "is not valid JSON"),
    ('{"backend": "mxnet"}', "unknown backend 'mxnet'"),
    ('["a list"]', "must hold a JSON object"),
    ('{"floatx": "float8"}', "floatx='float8'"),
])
def test_bad_config_is_one_clear_error_naming_the_file(run_script, tmp_path, content, message):
    home = tmp_path / "home"
    home.mkdir()
    (home / "keras.json").write_text(content)
    proc = run_script(CHECK, compat_run=True, env={"KERAS_HOME": str(home)})
    assert proc.returncode != 0
    assert str(home / "keras.json") in proc.stderr
    assert message in proc.stderr


def test_read_config_defaults_when_absent(tmp_path):
    assert configfile.read_config(str(tmp_path / "absent.json")) == configfile.DEFAULTS


def test_keras_home_and_unwritable_home_fallback(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    assert configfile.keras_dir() == str(tmp_path / "kh")
    monkeypatch.delenv("KERAS_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert configfile.keras_dir() == str(tmp_path / ".keras")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if p == str(tmp_path) else real_access(p, mode))
    assert configfile.keras_dir() == "/tmp/.keras"
