"""``keras-faq-compat convert`` turns each tf.keras corpus file into a ``.keras`` file plain Keras 3 loads.

Reads the tf.keras corpus in place (``$KERAS_FAQ_COMPAT_TF_KERAS_CORPUS`` or
``../shared/tf-keras-corpus``) and skips when it is absent. Plain Keras 3
loads none of the original files; the converted ones it loads, in a process
without this package, with the reference predictions.
"""

import argparse
import os
import subprocess
import sys

import pytest

from test_tf_keras_corpus import CORPUS, EXPECTED, HAVE_CORPUS, ROWS, _path

pytestmark = pytest.mark.skipif(
    not HAVE_CORPUS, reason=f"tf.keras corpus not found at {CORPUS} (set KERAS_FAQ_COMPAT_TF_KERAS_CORPUS)"
)

PLAIN_KERAS_CHECK = """
import sys, numpy as np, keras
for path, reference in zip(sys.argv[1::2], sys.argv[2::2]):
    model = keras.saving.load_model(path)
    data = np.load(reference)
    xs = [data[k] for k in sorted(data.files, key=lambda k: int(k[1:])) if k.startswith("x")]
    ys = [data[k] for k in sorted(data.files, key=lambda k: int(k[1:])) if k.startswith("y")]
    out = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
    for got, want in zip(out if isinstance(out, list) else [out], ys):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5, err_msg=path)
assert not any(name.startswith("keras_faq_compat") for name in sys.modules)
print("plain keras ok", len(sys.argv) // 2)
"""


def test_converted_tf_keras_files_load_in_plain_keras3_with_the_same_predictions(tmp_path):
    from keras_faq_compat.cli import convert

    parser = argparse.ArgumentParser()
    convert.add_arguments(parser)
    args = []
    for row in ROWS:
        if not row["reference"] or row["kind"] not in ("full-model", "weights-only"):
            continue
        target = str(tmp_path / (row["file"].rsplit(".", 1)[0] + ".converted.keras"))
        if row["kind"] == "full-model":
            argv = [_path(row["file"]), target]
        else:
            argv = [_path(row["architecture"]), target, "--weights", _path(row["file"])]
        assert convert.main(parser.parse_args(argv)) == 0, row["file"]
        args += [target, os.path.join(CORPUS, "expected", EXPECTED[row["file"]]["npz"])]
    assert args
    result = subprocess.run([sys.executable, "-c", PLAIN_KERAS_CHECK, *args], capture_output=True, text=True,
                            env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"), timeout=600)
    assert f"plain keras ok {len(args) // 2}" in result.stdout, result.stderr[-3000:]
