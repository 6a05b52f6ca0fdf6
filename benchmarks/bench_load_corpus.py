"""Load time of each legacy corpus file: compat over plain Keras 3 loading the same model as ``.keras``.

For every corpus file with a reference (full models, and weights-only files
with their JSON architecture), the compat layer loads the Keras 2 file
(``load_model``, or ``model_from_json`` + ``load_weights``); the same model
is then converted to a native ``.keras`` file (not timed), which plain Keras 3
loads with ``keras.saving.load_model``. One timed load each, after one warm-up
load of each kind, all in one run.

Run: ``python benchmarks/bench_load_corpus.py`` (needs the corpus:
``$KERAS_FAQ_COMPAT_CORPUS`` or ``../shared/legacy-corpus``).
"""

import csv
import os
import sys
import tempfile
import time
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.environ.get("KERAS_FAQ_COMPAT_CORPUS") or os.path.join(HERE, "..", "..", "shared", "legacy-corpus")


def _compat_load(row):
    from keras_faq_compat import saving

    path = os.path.join(CORPUS, "files", row["file"])
    if row["kind"] == "full-model":
        return saving.load_model(path)
    with open(os.path.join(CORPUS, "files", row["architecture"])) as f:
        model = saving.model_from_json(f.read())
    model.load_weights(path)
    return model


def _timed(fn, *args):
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main():
    manifest = os.path.join(CORPUS, "MANIFEST.tsv")
    if not os.path.isfile(manifest):
        print(f"legacy corpus not found at {CORPUS}; set KERAS_FAQ_COMPAT_CORPUS")
        return 1
    warnings.simplefilter("ignore")
    from keras_faq_compat import saving
    from keras_faq_compat._real import keras

    with open(manifest, newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t")
                if r["reference"] and r["kind"] in ("full-model", "weights-only")]
    with tempfile.TemporaryDirectory() as tmp:
        natives = {}
        for row in rows:
            natives[row["file"]] = os.path.join(tmp, row["file"] + ".keras")
            saving.save_model(_compat_load(row), natives[row["file"]])
        # Warm-up: the first load of each kind pays one-off tracing costs.
        _compat_load(rows[0])
        keras.saving.load_model(natives[rows[0]["file"]])
        print(f"{'file':58s} {'compat s':>9s} {'keras3 s':>9s} {'ratio':>7s}")
        total_compat = total_native = 0.0
        for row in rows:
            t_compat = _timed(_compat_load, row)
            t_native = _timed(keras.saving.load_model, natives[row["file"]])
            total_compat += t_compat
            total_native += t_native
            print(f"{row['file'][:58]:58s} {t_compat:9.3f} {t_native:9.3f} {t_compat / t_native:7.2f}")
        print(f"{'all ' + str(len(rows)) + ' files':58s} {total_compat:9.3f} {total_native:9.3f} "
              f"{total_compat / total_native:7.2f}")
    print(f"ratio compat load of Keras 2 files / Keras 3 load of the same models as .keras: "
          f"{total_compat / total_native:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
