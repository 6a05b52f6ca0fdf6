"""The tf.keras corpus with the compat layer, plain Keras 3 and tf-keras: results and ``load_model`` time.

For every file of the tf.keras corpus with a reference (full models, and
weights-only files with their JSON architecture), each implementation loads
it (timed), predicts the reference inputs (``rtol=1e-4, atol=1e-5``) and, for
full models, runs one ``train_on_batch`` on the reference targets (``t*``
for a sparse loss, else ``y*``). Each implementation runs in its own process
with the same code: the compat layer through ``python -m keras_faq_compat
run``, plain Keras 3 (``keras.saving.load_model``), and tf-keras 2.21
(``TF_USE_LEGACY_KERAS=1``, the faithful tf.keras 2.x) when an interpreter
that has it is given. One warm-up load before the timed ones, in each.

Run: ``python benchmarks/bench_load_tf_keras_corpus.py [--tf-keras-python /tmp/venv-tfk/bin/python]``
(needs the corpus: ``$KERAS_FAQ_COMPAT_TF_KERAS_CORPUS`` or ``../shared/tf-keras-corpus``;
the tf-keras interpreter also from ``$KERAS_FAQ_COMPAT_TF_KERAS_PYTHON``).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.environ.get("KERAS_FAQ_COMPAT_TF_KERAS_CORPUS") or os.path.join(
    HERE, "..", "..", "shared", "tf-keras-corpus"
)

# Run by each implementation: one JSON line per file.
CHILD = r'''
import csv, json, os, sys, time, warnings
warnings.simplefilter("ignore")
import numpy as np
if os.environ.get("TF_USE_LEGACY_KERAS") == "1":
    import tf_keras as keras
else:
    import keras
corpus = sys.argv[1]
rows = [r for r in csv.DictReader(open(os.path.join(corpus, "MANIFEST.tsv")), delimiter="\t")
        if r["reference"] and r["kind"] in ("full-model", "weights-only")]
expected = json.load(open(os.path.join(corpus, "expected", "expected.json")))

def load(row):
    path = os.path.join(corpus, "files", row["file"])
    if row["kind"] == "full-model":
        return keras.models.load_model(path)
    with open(os.path.join(corpus, "files", row["architecture"])) as f:
        model = keras.models.model_from_json(f.read())
    model.load_weights(path)
    return model

def arrays(data, prefix):
    return [data[k] for k in sorted(data.files, key=lambda k: int(k[1:])) if k.startswith(prefix)]

def one(a):
    return a if len(a) > 1 else a[0]

try:
    load(rows[0])
except Exception:
    pass
for row in rows:
    result = {"file": row["file"], "load": None, "match": None, "train": None, "error": None}
    try:
        start = time.perf_counter()
        model = load(row)
        result["load"] = time.perf_counter() - start
        data = np.load(os.path.join(corpus, "expected", expected[row["file"]]["npz"]))
        xs, ys, ts = arrays(data, "x"), arrays(data, "y"), arrays(data, "t")
        out = model.predict(one(xs), verbose=0)
        outs = out if isinstance(out, list) else [out]
        result["match"] = all(np.allclose(g, w, rtol=1e-4, atol=1e-5) for g, w in zip(outs, ys))
        if row["kind"] == "full-model":
            step = int(model.optimizer.iterations.numpy())
            loss = model.train_on_batch(one(xs), one(ts or ys))
            result["train"] = bool(np.all(np.isfinite(loss))) and int(model.optimizer.iterations.numpy()) == step + 1
            result["iterations"] = step
    except Exception as e:
        result["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:100] if str(e) else ''}"
    print("RESULT " + json.dumps(result), flush=True)
'''


def _run(name, command, env):
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "child.py")
        with open(script, "w") as f:
            f.write(CHILD)
        full_env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **env)
        proc = subprocess.run(command + [script, CORPUS], capture_output=True, text=True, env=full_env, timeout=1800)
    results = {}
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            item = json.loads(line[len("RESULT "):])
            results[item["file"]] = item
    if not results:
        print(f"{name}: no results ({proc.stderr.strip().splitlines()[-1:] or ['no output']})", file=sys.stderr)
    return results


def _cell(item):
    if item is None:
        return "-"
    if item["error"]:
        return "fails: " + item["error"][:38]
    text = "match" if item["match"] else "DIFFERS"
    if item["train"] is not None:
        text += " + trains" if item["train"] else " + NO TRAIN"
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tf-keras-python", default=os.environ.get("KERAS_FAQ_COMPAT_TF_KERAS_PYTHON"),
                        help="an interpreter with tf-keras installed (for the comparison column)")
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(CORPUS, "MANIFEST.tsv")):
        print(f"tf.keras corpus not found at {CORPUS}; set KERAS_FAQ_COMPAT_TF_KERAS_CORPUS")
        return 1
    runs = {
        "compat": _run("compat", [sys.executable, "-m", "keras_faq_compat", "run"], {}),
        "keras3": _run("keras3", [sys.executable], {}),
    }
    if args.tf_keras_python:
        runs["tf-keras"] = _run("tf-keras", [args.tf_keras_python], {"TF_USE_LEGACY_KERAS": "1"})
    files = list(runs["compat"]) or list(runs["keras3"])
    names = list(runs)
    print(f"{'file':52s} " + " ".join(f"{n:44s}" for n in names))
    for file in files:
        print(f"{file[:52]:52s} " + " ".join(f"{_cell(runs[n].get(file)):44s}" for n in names))
    for n in names:
        ok = sum(1 for item in runs[n].values() if not item["error"] and item["match"] and item["train"] is not False)
        print(f"{n}: {ok} of {len(files)} files match their reference (and full models resume training)")
    if "tf-keras" in runs:
        both = [f for f in files if runs["compat"].get(f, {}).get("load") and runs["tf-keras"].get(f, {}).get("load")]
        compat = sum(runs["compat"][f]["load"] for f in both)
        tfk = sum(runs["tf-keras"][f]["load"] for f in both)
        print(f"\n{'file':52s} {'compat s':>9s} {'tf-keras s':>10s} {'ratio':>7s}")
        for f in both:
            a, b = runs["compat"][f]["load"], runs["tf-keras"][f]["load"]
            print(f"{f[:52]:52s} {a:9.3f} {b:10.3f} {a / b:7.2f}")
        print(f"ratio load_model time, compat / tf-keras 2.21, over {len(both)} files: {compat / tfk:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
