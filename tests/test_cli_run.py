"""``keras-faq-compat run``: legacy scripts run unchanged, as under ``python SCRIPT``."""

import os
import subprocess
import sys

SCRIPT = """
import sys
print("ARGV", sys.argv)
print("NAME", __name__)
print("FILE", __file__)
print("PATH0", sys.path[0])
import keras
from keras.utils.np_utils import to_categorical  # a Keras 2 path
import tensorflow as tf
tf.set_random_seed(1)
tf.set_random_seed(2)
print("COMPAT", getattr(keras, "__keras_faq_compat_alias__", False))
"""


def test_script_sees_what_python_gives_it(run_script, tmp_path):
    proc = run_script(SCRIPT, args=["a", "-m", "--flag"], compat_run=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in proc.stdout.splitlines() if " " in line)
    script = str(tmp_path / "script.py")
    assert lines["ARGV"] == repr([script, "a", "-m", "--flag"])
    assert lines["NAME"] == "__main__"
    assert lines["FILE"] == script
    assert lines["PATH0"] == str(tmp_path)
    assert lines["COMPAT"] == "True"
    # One hint per legacy API, naming the replacement, pointing at the script.
    assert proc.stderr.count("LegacyAPIWarning: tf.set_random_seed") == 1
    assert "tf.random.set_seed" in proc.stderr
    assert f"{script}:10" in proc.stderr


def test_plain_python_cannot_run_it(run_script):
    # Without the compat layer the same script fails: the test above is not vacuous.
    proc = run_script(SCRIPT)
    assert proc.returncode != 0
    assert "keras.utils.np_utils" in proc.stderr or "No module named" in proc.stderr


def test_exit_code_passes_through(run_script):
    proc = run_script("import sys\nimport keras\nsys.exit(3)\n", compat_run=True)
    assert proc.returncode == 3


def test_exception_traceback_points_at_script_lines(run_script, tmp_path):
    proc = run_script("import keras\n\ndef f():\n    raise ValueError('boom')\n\nf()\n",
                      name="broken.py", compat_run=True)
    assert proc.returncode == 1
    err = proc.stderr
    assert "Traceback (most recent call last):" in err
    assert f'File "{tmp_path / "broken.py"}", line 6, in <module>' in err
    assert f'File "{tmp_path / "broken.py"}", line 4, in f' in err
    assert "ValueError: boom" in err
    tb = err[err.index("Traceback"):]
    assert "runpy" not in tb and "keras_faq_compat/cli" not in tb


def test_missing_script_is_exit_2_with_message(tmp_path):
    missing = tmp_path / "nope.py"
    proc = subprocess.run([sys.executable, "-m", "keras_faq_compat", "run", str(missing)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert str(missing) in proc.stderr and "No such file" in proc.stderr


def test_run_module(tmp_path):
    pkg = tmp_path / "oldpkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "train.py").write_text(
        "import sys\nfrom keras.engine.topology import Layer\n"
        "print('MOD', __name__, sys.argv[1:])\n"
    )
    env = dict(os.environ, PYTHONPATH=str(tmp_path), TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([sys.executable, "-m", "keras_faq_compat", "run", "-m", "oldpkg.train", "x"],
                          capture_output=True, text=True, timeout=300, env=env, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "MOD __main__ ['x']" in proc.stdout


def test_console_script_and_cite():
    exe = os.path.join(os.path.dirname(sys.executable), "keras-faq-compat")
    command = [exe] if os.path.exists(exe) else [sys.executable, "-m", "keras_faq_compat"]
    proc = subprocess.run(command + ["cite"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert "@misc{chollet2015keras," in proc.stdout
    assert r"Chollet, Fran\c{c}ois and others" in proc.stdout


def test_doctor_reports_versions_and_config(tmp_path):
    (tmp_path / "keras.json").write_text('{"floatx": "float64", "backend": "tensorflow"}')
    env = dict(os.environ, KERAS_HOME=str(tmp_path), TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([sys.executable, "-m", "keras_faq_compat", "doctor"],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    for word in ("TensorFlow", "Keras", "h5py", "Devices:", str(tmp_path / "keras.json"), "floatx: float64"):
        assert word in out
