"""The corpora of real model files beside the project: their manifest, references and conversion check.

Each corpus is read in place from ``../shared/<folder>`` (or the folder an environment variable
names); its ``MANIFEST.tsv`` lists the files and ``expected/expected.json`` their reference
outputs. Tests skip with `Corpus.skip` when a corpus is absent.
"""

import argparse
import csv
import json
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Corpus:
    """One corpus folder.

    Args:
        variable: the environment variable that may name the folder.
        folder: its name under ``../shared``.
        label: what the skip reason calls it.
    """

    def __init__(self, variable, folder, label):
        self.path = os.environ.get(variable) or os.path.join(REPO, "..", "shared", folder)
        self.present = os.path.isfile(os.path.join(self.path, "MANIFEST.tsv"))
        self.skip = pytest.mark.skipif(not self.present, reason=f"{label} not found at {self.path} (set {variable})")
        self.rows = []
        self.expected = {}
        if self.present:
            with open(os.path.join(self.path, "MANIFEST.tsv"), newline="") as f:
                self.rows = list(csv.DictReader(f, delimiter="\t"))
            with open(os.path.join(self.path, "expected", "expected.json")) as f:
                self.expected = json.load(f)

    def params(self, *kinds, reference=True):
        """The manifest rows of `kinds`, with or without a reference, as pytest parameters."""
        return [
            pytest.param(r, id=r["file"]) for r in self.rows if r["kind"] in kinds and bool(r["reference"]) == reference
        ]

    def file(self, name):
        """The path of file `name` of the corpus."""
        return os.path.join(self.path, "files", name)

    def reference(self, name):
        """The path of the ``.npz`` of reference inputs and outputs of file `name`."""
        return os.path.join(self.path, "expected", self.expected[name]["npz"])


LEGACY = Corpus("KERAS_FAQ_COMPAT_CORPUS", "legacy-corpus", "legacy corpus")
TF_KERAS = Corpus("KERAS_FAQ_COMPAT_TF_KERAS_CORPUS", "tf-keras-corpus", "tf.keras corpus")

# Run in a fresh interpreter without the compat layer: each converted file against its reference.
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


def convert_and_check_in_plain_keras(corpus, directory, suffix=".keras"):
    """Convert every file of `corpus` with a reference, then load each in plain Keras 3 against it.

    Args:
        corpus: a `Corpus`.
        directory: where the ``.keras`` files go.
        suffix: the end of each converted file's name; default ``'.keras'``.

    Returns:
        ``(number of files converted, the check's completed process)``.
    """
    from keras_faq_compat.cli import convert

    parser = argparse.ArgumentParser()
    convert.add_arguments(parser)
    args = []
    for row in corpus.rows:
        if not row["reference"] or row["kind"] not in ("full-model", "weights-only"):
            continue
        target = os.path.join(str(directory), row["file"].rsplit(".", 1)[0] + suffix)
        if row["kind"] == "full-model":
            argv = [corpus.file(row["file"]), target]
        else:
            argv = [corpus.file(row["architecture"]), target, "--weights", corpus.file(row["file"])]
        assert convert.main(parser.parse_args(argv)) == 0, row["file"]
        args += [target, corpus.reference(row["file"])]
    result = subprocess.run([sys.executable, "-c", PLAIN_KERAS_CHECK, *args], capture_output=True, text=True,
                            env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"), timeout=600)
    return len(args) // 2, result
