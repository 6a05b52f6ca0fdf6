"""The FAQ's reproducibility recipe gives bit-identical weights in two separate processes."""

import pathlib

import numpy as np
import pytest

FAQ = pathlib.Path(__file__).resolve().parent.parent / "keras_faq_compat" / "faq" / "27_reproducible.py"

SAVE = """
import numpy as np
np.savez("weights.npz", *model.get_weights())
import tensorflow as tf
print("THREADS", tf.config.threading.get_intra_op_parallelism_threads(),
      tf.config.threading.get_inter_op_parallelism_threads())
"""


@pytest.mark.slow
def test_two_processes_give_bit_identical_weights(run_script, tmp_path):
    code = FAQ.read_text() + SAVE
    runs = []
    for i in range(2):
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        proc = run_script(code, name=f"repro{i}.py", compat_run=True, cwd=str(folder),
                          env={"PYTHONHASHSEED": "0", "CUDA_VISIBLE_DEVICES": ""})
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert "THREADS 1 1" in proc.stdout  # the ConfigProto was applied
        with np.load(folder / "weights.npz") as saved:
            runs.append(dict(saved))
    assert runs[0].keys() == runs[1].keys()
    for key in runs[0]:
        assert runs[0][key].tobytes() == runs[1][key].tobytes(), key


def test_session_helpers(run_script):
    proc = run_script("""
        import tensorflow as tf
        from keras import backend as K
        sess = tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=2))
        K.set_session(sess)
        assert K.get_session() is sess
        v = tf.Variable(3.0)
        assert sess.run(v) == 3.0
        K.clear_session()
        assert K.get_session() is not sess
        print("intra", tf.config.threading.get_intra_op_parallelism_threads())
    """, compat_run=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "intra 2" in proc.stdout


def test_legacy_warning_is_once_and_filterable():
    import warnings

    from keras_faq_compat import deprecation

    deprecation.reset_warnings()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        deprecation.warn_legacy("x.old", "x.new")
        deprecation.warn_legacy("x.old", "x.new")
    assert len(caught) == 1
    assert issubclass(caught[0].category, DeprecationWarning)
    assert issubclass(caught[0].category, deprecation.LegacyAPIWarning)
    assert "x.new" in str(caught[0].message)
