"""``keras.json``, ``$KERAS_HOME``, ``$HOME`` and ``$KERAS_BACKEND`` read at the script's ``import keras``."""

import json
import os

from keras_faq_compat import activation, configfile
from keras_faq_compat._real import keras as real_keras

# Set up a Keras home the way a Keras 2 script did, then import keras.
SETUP = """
import json, os, sys
folder = sys.argv[1]
{variable}
os.makedirs(os.path.join(folder, ".keras"), exist_ok=True)
keras_dir = os.environ.get("KERAS_HOME") or os.path.join(folder, ".keras")
os.makedirs(keras_dir, exist_ok=True)
with open(os.path.join(keras_dir, "keras.json"), "w") as f:
    json.dump({{"image_data_format": "channels_first", "floatx": "float64",
               "epsilon": 0.0001, "backend": "tensorflow"}}, f)
"""

PRINT = """
from keras import backend as K
print(K.image_data_format(), K.floatx(), K.epsilon())
"""


def _home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    return str(home)


def test_keras_home_set_in_the_script_is_read_at_import(run_script, tmp_path):
    code = SETUP.format(variable='os.environ["KERAS_HOME"] = os.path.join(folder, "kh")') + PRINT
    proc = run_script(code, compat_run=True, args=[_home(tmp_path)])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["channels_first", "float64", "0.0001"]


def test_home_set_in_the_script_is_read_at_import(run_script, tmp_path):
    code = SETUP.format(variable='os.environ.pop("KERAS_HOME", None); os.environ["HOME"] = folder') + PRINT
    proc = run_script(code, compat_run=True, args=[_home(tmp_path)])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["channels_first", "float64", "0.0001"]


def test_first_use_by_a_submodule_import_and_downloads_folder(run_script, tmp_path):
    source = tmp_path / "data.txt"
    source.write_text("legacy")
    code = SETUP.format(variable='os.environ["KERAS_HOME"] = os.path.join(folder, "kh")') + f"""
from keras.layers import Conv2D
print(Conv2D(2, 3).data_format)
from keras.utils.data_utils import get_file
print(get_file("data.txt", origin={source.as_uri()!r}))
"""
    home = _home(tmp_path)
    proc = run_script(code, compat_run=True, args=[home])
    assert proc.returncode == 0, proc.stderr[-2000:]
    words = proc.stdout.split()  # get_file also prints "Downloading data from ..."
    data_format, downloaded = words[0], words[-1]
    assert data_format == "channels_first"
    assert downloaded == os.path.join(home, "kh", "datasets", "data.txt")


def test_new_keras_home_gets_a_keras_json_as_keras_2_wrote_it(run_script, tmp_path):
    code = """
        import os, sys
        os.environ["KERAS_HOME"] = sys.argv[1]
        import keras
        keras.backend.floatx()
    """
    folder = tmp_path / "new_home"
    proc = run_script(code, compat_run=True, args=[str(folder)])
    assert proc.returncode == 0, proc.stderr[-2000:]
    written = json.loads((folder / "keras.json").read_text())
    assert written == {"floatx": "float32", "epsilon": 1e-07, "backend": "tensorflow",
                       "image_data_format": "channels_last"}


def test_theano_backend_set_in_the_script_gives_one_warning_and_tensorflow(run_script, tmp_path):
    code = """
        import os
        os.environ["KERAS_BACKEND"] = "theano"
        import keras
        from keras import backend as K
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(1, input_dim=2)])
        print(K.backend(), model.predict(__import__("numpy").zeros((1, 2)), verbose=0).shape)
    """
    proc = run_script(code, compat_run=True, env={"KERAS_HOME": _home(tmp_path)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["tensorflow", "(1,", "1)"]
    warnings = [line for line in proc.stderr.splitlines() if "LegacyAPIWarning" in line and "backend is" in line]
    assert len(warnings) == 1, proc.stderr[-2000:]
    assert '"theano" backend' in warnings[0] and "script.py:4:" in warnings[0]


def test_plain_keras_cannot_start_with_the_theano_variable(run_script, tmp_path):
    proc = run_script("import os\nos.environ['KERAS_BACKEND'] = 'theano'\nimport keras\n",
                      env={"KERAS_HOME": _home(tmp_path)})
    assert proc.returncode != 0


def test_bad_file_written_by_the_script_is_one_error_naming_it(run_script, tmp_path):
    code = """
        import os, sys
        os.environ["KERAS_HOME"] = sys.argv[1]
        os.makedirs(sys.argv[1])
        with open(os.path.join(sys.argv[1], "keras.json"), "w") as f:
            f.write('{"floatx": "float8"}')
        from keras import backend as K
    """
    folder = tmp_path / "bad"
    proc = run_script(code, compat_run=True, args=[str(folder)])
    assert proc.returncode == 1
    assert str(folder / "keras.json") in proc.stderr and "floatx='float8'" in proc.stderr
    assert 'script.py", line 7' in proc.stderr


def test_install_applies_at_first_use_and_uninstall_restores(monkeypatch, tmp_path):
    before = (real_keras.config.floatx(), real_keras.config.image_data_format())
    activation.install()
    try:
        folder = tmp_path / "kh"
        folder.mkdir()
        (folder / "keras.json").write_text(json.dumps({"floatx": "float16"}))
        monkeypatch.setenv("KERAS_HOME", str(folder))
        assert real_keras.config.floatx() == before[0]  # not read yet
        import keras

        assert keras.backend.floatx() == "float16"
        assert real_keras.config.image_data_format() == before[1]  # unchanged in the file
        from keras_faq_compat import _internals

        assert _internals.keras_home() == str(folder)
    finally:
        activation.uninstall()
    assert real_keras.config.floatx() == before[0]
    assert _internals.keras_home() != str(folder)


def test_value_set_through_keras_config_stays_while_the_file_is_unchanged():
    before = real_keras.config.epsilon()
    real_keras.config.set_epsilon(0.5)
    try:
        undo = configfile.apply_legacy_config()
        assert real_keras.config.epsilon() == 0.5
        configfile.restore_legacy_config(undo)
    finally:
        real_keras.config.set_epsilon(before)


def test_internals_keras_home_canary(tmp_path):
    from keras_faq_compat import _internals

    old = _internals.keras_home()
    _internals.set_keras_home(str(tmp_path))
    try:
        # Keras 3's own download helper follows it.
        source = tmp_path / "f.txt"
        source.write_text("x")
        path = real_keras.utils.get_file("f.txt", origin=source.as_uri())
        assert path == str(tmp_path / "datasets" / "f.txt")
    finally:
        _internals.set_keras_home(old)
