"""Write notebooks/keras_faq_tour.ipynb from the bundled FAQ examples.

Usage:
    python notebooks/build_tour.py            # write the notebook (no outputs)
    python notebooks/build_tour.py --execute  # write it, run it in a fresh kernel, save outputs
    python notebooks/build_tour.py --check    # exit 1 if the notebook's code differs from
                                              # what this script would write

The notebook walks through every question of the Keras 2 FAQ in order. Each
code snippet is the one in ``keras_faq_compat/faq/NN_name.py`` below its
``# --- FAQ snippet ---`` line, unchanged; the lines above it (data and models
the FAQ assumes exist) go in a setup cell before it. One cell near the top
turns the compat layer on; everything after it is Keras 2 code.
"""

import argparse
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
FAQ_DIR = REPO / "keras_faq_compat" / "faq"
NOTEBOOK = HERE / "keras_faq_tour.ipynb"

_HEADER = re.compile(r"^#\s*(FAQ|env):")
_MARKER = re.compile(r"^# --- (.*) ---\s*$")

# The FAQ's questions in its order: (title, example names, text when it has no code).
QUESTIONS = [
    ("How should I cite Keras?", ["cite"], None),
    ("How can I run Keras on GPU?", ["01_gpu_theano_flags", "02_gpu_theano_config"], None),
    ("How can I run a Keras model on multiple GPUs?",
     ["03_multi_gpu_data_parallel", "04_multi_gpu_device_parallel"], None),
    ('What does "sample", "batch", "epoch" mean?', [],
     "Definitions only, no code: a *sample* is one element of a dataset, a *batch* a set of N "
     "samples processed together (one weight update in training), an *epoch* one pass over the "
     "whole dataset. Keras 3 uses the same words with the same meaning."),
    ("How can I save a Keras model?",
     ["05_save_load_model", "06_save_architecture", "07_save_load_weights",
      "08_load_weights_by_name", "09_custom_objects"], None),
    ("Why is the training loss much higher than the testing loss?", [],
     "No code in the FAQ. Dropout and weight regularisation are on in training and off at test "
     "time, and the training loss is the mean over the batches of the epoch while the model "
     "improves. Keras 3 behaves the same way; the compat layer keeps it so (its `fit` reports "
     "the running mean, and `K.function` / sub-models honour the learning phase, see the "
     "intermediate-layer question)."),
    ("How can I obtain the output of an intermediate layer?",
     ["10_intermediate_model", "11_intermediate_k_function", "12_intermediate_learning_phase"],
     None),
    ("How can I use Keras with datasets that don't fit in memory?",
     ["13_train_on_batch", "14_fit_generator"], None),
    ("How can I interrupt training when the validation loss isn't decreasing anymore?",
     ["15_early_stopping"], None),
    ("How is the validation split computed?", [],
     "No code in the FAQ. `validation_split=0.1` holds out the *last* 10% of the samples as "
     "given, before any shuffling, and every epoch of one `fit` call uses the same split. Keras "
     "3 does the same for arrays; the compat layer also applies it to HDF5 inputs "
     "(`HDF5Matrix`, see the HDF5 question)."),
    ("Is the data shuffled during training?", [],
     "No code in the FAQ. With `shuffle=True` (the default) the training data is shuffled at "
     "every epoch; validation data never is. Keras 2 also had `shuffle='batch'`, shuffling in "
     "batch-sized chunks so that HDF5 reads stay contiguous: the compat layer restores it "
     "(used in the HDF5Matrix example below); Keras 3 has no such mode."),
    ("How can I record the training / validation loss / accuracy at each epoch?",
     ["16_history"], None),
    ('How can I "freeze" Keras layers?', ["17_freezing_constructor", "18_freezing_compile"],
     None),
    ("How can I use stateful RNNs?", ["19_stateful_rnn"], None),
    ("How can I remove a layer from a Sequential model?", ["20_sequential_pop"], None),
    ("How can I use pre-trained models in Keras?",
     ["21_pretrained_imports", "22_pretrained_vgg16"], None),
    ("How can I use HDF5 inputs with Keras?", ["23_hdf5_h5py_dataset", "24_hdf5_matrix"], None),
    ("Where is the Keras configuration file stored?", ["25_config_file"], None),
    ("How can I obtain reproducible results using Keras during development?",
     ["26_hash_seed", "27_reproducible"], None),
    ("How can I install HDF5 or h5py to save my models in Keras?", ["28_h5py_import"], None),
]

# Per example: (what the compat layer does there, the Keras 3 / TF 2 way).
EXPLAIN = {
    "cite": (
        "Nothing to restore: `keras-faq-compat cite` prints the FAQ's BibTeX entry.",
        "# the same BibTeX entry: Keras 3 is cited the same way"),
    "01_gpu_theano_flags": (
        "There is no Theano. The activation reads `THEANO_FLAGS`: `device=cpu` hides every GPU, "
        "`device=gpu`/`gpuN`/`cudaN` keeps GPU N (or stays on the CPU with a warning when there "
        "is none), `floatX` sets Keras's float type. The FAQ's command runs unchanged with "
        "`python` replaced by `python -m keras_faq_compat run` (zero edits to the script).",
        "# shell: CUDA_VISIBLE_DEVICES=0 python my_keras_script.py\n"
        "keras.config.set_floatx('float32')"),
    "02_gpu_theano_config": (
        "`import theano` gives a small stand-in module whose `config.device` and "
        "`config.floatX` apply the same settings as the flags above, each with one "
        "`LegacyAPIWarning` naming the TensorFlow way.",
        "import tensorflow as tf, keras\n"
        "tf.config.set_visible_devices(tf.config.list_physical_devices('GPU')[:1], 'GPU')\n"
        "keras.config.set_floatx('float32')"),
    "03_multi_gpu_data_parallel": (
        "`multi_gpu_model(model, gpus=N)` returns a model that shares its weights with the "
        "template model and splits each batch across N replicas, built on "
        "`tf.distribute.MirroredStrategy`; asking for more devices than exist gives one clear "
        "error.",
        "strategy = tf.distribute.MirroredStrategy()\n"
        "with strategy.scope():\n"
        "    model = build_model()\n"
        "    model.compile(loss='categorical_crossentropy', optimizer='rmsprop')\n"
        "model.fit(x, y, epochs=20, batch_size=256)"),
    "04_multi_gpu_device_parallel": (
        "`tf.device_scope` (the FAQ's spelling) is `tf.device`: layer calls made under it while "
        "building a functional model run on that device.",
        "with tf.device('/gpu:0'):\n    encoded_a = shared_lstm(tweet_a)"),
    "05_save_load_model": (
        "`model.save('my_model.h5')` writes Keras 2's HDF5 layout (`model_config`, "
        "`training_config`, `optimizer_weights`, `keras_version`, `backend`), which plain Keras 3 "
        "can also load; `load_model` returns the model compiled, with its optimizer state, so "
        "training resumes where it stopped.",
        "model.save('my_model.keras')\nmodel = keras.models.load_model('my_model.keras')"),
    "06_save_architecture": (
        "`to_json`/`model_from_json` read and write Keras 2 JSON; `to_yaml`/`model_from_yaml`, "
        "removed from Keras, are back, reading YAML with PyYAML's safe loader only.",
        "json_string = model.to_json()\nmodel = keras.models.model_from_json(json_string)\n"
        "# no YAML in Keras 3"),
    "07_save_load_weights": (
        "`save_weights('x.h5')` writes Keras 2's weight layout; `load_weights` reads it back "
        "(and reads files written by Keras 2.0 to 2.4).",
        "model.save_weights('my_model.weights.h5')\n"
        "model.load_weights('my_model.weights.h5')"),
    "08_load_weights_by_name": (
        "`load_weights(path, by_name=True)` loads only the layers whose names match "
        "(`skip_mismatch=` too), as Keras 2 did; Keras 3 dropped `by_name`.",
        "# copy the shared layers' weights yourself:\n"
        "new_model.get_layer('dense_1').set_weights(old_model.get_layer('dense_1').get_weights())"),
    "09_custom_objects": (
        "`custom_objects=` and `CustomObjectScope` work with every loader (`load_model`, "
        "`model_from_json`, `model_from_yaml`), including classes that are not registered.",
        "@keras.saving.register_keras_serializable()\nclass AttentionLayer(keras.layers.Layer): ...\n"
        "model = keras.models.load_model('my_model.keras')"),
    "10_intermediate_model": (
        "`Sequential` models built with `input_dim=`/`input_shape=` have `model.input` and "
        "`model.output` right away, and `Model(inputs=..., outputs=...)` builds the sub-model "
        "as in Keras 2.",
        "features = keras.Model(model.inputs, model.get_layer('my_layer').output)\n"
        "intermediate_output = features.predict(data)"),
    "11_intermediate_k_function": (
        "`K.function(inputs, outputs)` is restored as a small sub-model called on the inputs.",
        "get_3rd = keras.Model(model.inputs, model.layers[3].output)\n"
        "layer_output = get_3rd(x, training=False)"),
    "12_intermediate_learning_phase": (
        "`K.learning_phase()` is a placeholder input: the value passed for it (0 or 1) becomes "
        "`training=False/True`, so Dropout is off or on as in Keras 2.",
        "layer_output = get_3rd(x, training=True)  # learning phase 1"),
    "13_train_on_batch": (
        "Nothing to restore: `train_on_batch`/`test_on_batch` exist in Keras 3 and behave the same.",
        "model.train_on_batch(x, y)\nmodel.test_on_batch(x, y)"),
    "14_fit_generator": (
        "`fit_generator`/`evaluate_generator`/`predict_generator` are back, with Keras 2's "
        "positional arguments (`steps_per_epoch`, `epochs`), `workers`, `use_multiprocessing` "
        "and `max_queue_size`, running on Keras 3's `fit`.",
        "model.fit(data_generator, steps_per_epoch=steps_per_epoch, epochs=epochs)"),
    "15_early_stopping": (
        "Callbacks take Keras 2's arguments and metric names (`monitor='val_acc'`); here the "
        "snippet is plain Keras 3 already.",
        "keras.callbacks.EarlyStopping(monitor='val_loss', patience=2)"),
    "16_history": (
        "`History.history` also carries Keras 2's metric names (`acc`, `val_acc`) for "
        "`metrics=['accuracy']`, so code reading them keeps working.",
        "hist.history['accuracy'], hist.history['val_accuracy']"),
    "17_freezing_constructor": (
        "Nothing to restore: `trainable=False` in the constructor works the same in Keras 3.",
        "keras.layers.Dense(32, trainable=False)"),
    "18_freezing_compile": (
        "Keras 2 froze the trainable weights when the model was *compiled*: `frozen_model` keeps "
        "`layer` frozen even after `layer.trainable = True`. Keras 3 reads the flag at every "
        "step, so `frozen_model` would train the layer; the compat layer takes a snapshot at "
        "`compile`.",
        "# Keras 3: set the flag, then compile, and do not change it while that model trains\n"
        "layer.trainable = False\nfrozen_model.compile(optimizer='rmsprop', loss='mse')"),
    "19_stateful_rnn": (
        "`batch_size=`/`batch_input_shape=` on the first layer fix the batch size; state carries "
        "across `train_on_batch`/`predict`, and `model.reset_states()` / "
        "`layer.reset_states()` reset it.",
        "model = keras.Sequential([keras.Input(batch_shape=(32, 10, 16)),\n"
        "                          keras.layers.LSTM(32, stateful=True), ...])\n"
        "model.layers[0].reset_states()"),
    "20_sequential_pop": (
        "`Sequential` accepts `input_dim=` on its first layer; `pop()` works as in Keras 2.",
        "model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(32), ...])\nmodel.pop()"),
    "21_pretrained_imports": (
        "All ten `keras.applications.<module>` paths import under their Keras 2 names.",
        "from keras.applications import VGG16, ResNet50  # ..."),
    "22_pretrained_vgg16": (
        "`weights='imagenet'` reads the weights from the local cache (`$KERAS_HOME/models`) "
        "under Keras 2's file names, so it works offline; a missing file gives one clear error "
        "naming the file to put there. (The setup cell writes a stand-in file: no network here.)",
        "keras.applications.VGG16(weights='imagenet', include_top=True)"),
    "23_hdf5_h5py_dataset": (
        "`model.predict(h5py_dataset)` streams the dataset in batches instead of reading it all "
        "into memory first, as Keras 2 did.",
        "# wrap the dataset in a keras.utils.PyDataset that reads one batch at a time"),
    "24_hdf5_matrix": (
        "`HDF5Matrix` (removed from Keras) is back with `start`, `end`, `normalizer`, `shape`, "
        "`dtype` and slicing, and `fit` streams it in batches; `shuffle='batch'` shuffles in "
        "batch-sized chunks.",
        "class H5Batches(keras.utils.PyDataset): ...  # reads f['features'][i*bs:(i+1)*bs]"),
    "25_config_file": (
        "`$KERAS_HOME/keras.json` (or `~/.keras/keras.json`, falling back to `/tmp/.keras`) is "
        "read with Keras 2's fields; a legacy `\"backend\": \"theano\"` maps to TensorFlow with "
        "a warning. Here `KERAS_HOME` is the scratch folder, so the defaults show.",
        "keras.config.image_data_format(), keras.config.epsilon(), keras.config.floatx()"),
    "26_hash_seed": (
        "Nothing to restore: `PYTHONHASHSEED` is Python's. It must be set before Python "
        "starts, so the FAQ's shell command runs here as a subprocess, twice.",
        "# shell, unchanged: PYTHONHASHSEED=0 python3 test_hash.py"),
    "27_reproducible": (
        "`tf.ConfigProto`, `tf.set_random_seed`, `tf.Session`, `tf.get_default_graph` and "
        "`K.set_session` are restored: the thread counts and the seed are applied to "
        "TensorFlow 2, so two runs give the same weights on CPU. In a notebook TensorFlow has "
        "already started, so the thread counts can no longer change and a warning says so; run "
        "as a script (`keras-faq-compat run`) they apply.",
        "keras.utils.set_random_seed(1234)\n"
        "tf.config.threading.set_intra_op_parallelism_threads(1)\n"
        "tf.config.threading.set_inter_op_parallelism_threads(1)"),
    "28_h5py_import": (
        "h5py is a dependency of this package, used for every HDF5 path.",
        "import h5py"),
}

# Examples whose environment must be set before Python starts: run as the FAQ
# runs them, a script in a new process.
RUN_AS_SCRIPT = {
    "01_gpu_theano_flags": "my_keras_script.py",
    "26_hash_seed": "test_hash.py",
}


def parse_example(path):
    """``(env, setup, segments)`` of one FAQ example file.

    `segments` is a list of ``(label, code)`` for the parts after the
    ``# --- FAQ snippet ---`` marker (``"FAQ snippet"``, ``"check"``, ...).
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    env = {}
    while lines and _HEADER.match(lines[0]):
        line = lines.pop(0)
        if line.startswith("# env:"):
            name, _, value = line[len("# env:"):].strip().partition("=")
            env[name] = value
    setup, segments, label, current = [], [], None, []
    for line in lines:
        marker = _MARKER.match(line)
        if marker:
            if label is not None:
                segments.append((label, current))
            label, current = marker.group(1), []
        elif label is None:
            setup.append(line)
        else:
            current.append(line)
    if label is None:
        raise ValueError(f"{path}: no '# --- FAQ snippet ---' line")
    segments.append((label, current))

    def text(block):
        return "\n".join(block).strip("\n")

    return env, text(setup), [(lab, text(block)) for lab, block in segments if text(block)]


def _md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text):
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": text}


def _explanation(name):
    does, modern = EXPLAIN[name]
    return (f"**What the compat layer does here.** {does}\n\n"
            f"**Keras 3 / TensorFlow 2 equivalent:**\n\n```python\n{modern}\n```")


def _script_cells(name, path, env, setup, segments):
    script = RUN_AS_SCRIPT[name]
    body = path.read_text(encoding="utf-8").rstrip("\n")
    if name == "26_hash_seed":
        body = segments[0][1]
    assignments = " ".join(f"{k}={v}" for k, v in env.items())
    command = ("python -m keras_faq_compat run" if name == "01_gpu_theano_flags" else "python3")
    run_command = (
        '[sys.executable, "-m", "keras_faq_compat", "run", SCRIPT]'
        if name == "01_gpu_theano_flags" else "[sys.executable, SCRIPT]")
    repeat = 2 if name == "26_hash_seed" else 1
    run = f'''# The FAQ's command line: {assignments} {command} {script}
import subprocess

SCRIPT = {script!r}
outputs = []
for _ in range({repeat}):
    result = subprocess.run({run_command},
                            env=dict(os.environ, {", ".join(f"{k}={v!r}" for k, v in env.items())}),
                            capture_output=True, text=True)
    print(result.stdout.strip())
    assert result.returncode == 0, result.stderr[-3000:]
    outputs.append(result.stdout)'''
    if repeat > 1:
        run += "\nassert outputs[0] == outputs[1], 'the hash changed between runs'"
    return [_code(f"%%writefile {script}\n{body}"), _code(run)]


def build():
    """The notebook as a dict (nbformat 4, no outputs)."""
    cells = [
        _md("# The Keras 2 FAQ, run on Keras 3\n\n"
            "Every question of the Keras 2 FAQ, in its order. Each code snippet is run "
            "**unchanged**, as the FAQ printed it, after one cell that turns on "
            "`keras_faq_compat`. Under each question: what the compat layer does there, and the "
            "modern Keras 3 / TensorFlow 2 way to write the same thing.\n\n"
            "Cells marked *setup* create what a snippet assumes exists (a model, some data); "
            "they are not part of the FAQ. Each legacy API prints one `LegacyAPIWarning` "
            "naming its replacement the first time it is used.\n\n"
            "The same snippets run from the command line with `keras-faq-compat faq`; "
            "`keras-faq-compat check PATH` lists the legacy APIs your own code uses."),
        _code("# A scratch folder for the files the snippets write (my_model.h5, ...) and a\n"
              "# private KERAS_HOME, so that nothing here touches ~/.keras.\n"
              "import os\nimport sys\nimport tempfile\n\n"
              "os.chdir(tempfile.mkdtemp(prefix='keras-faq-tour-'))\n"
              "os.environ['KERAS_HOME'] = os.path.join(os.getcwd(), '.keras')"),
        _md("## The one activation cell\n\n"
            "From here on `import keras`, `import theano`, `keras.utils.io_utils`, "
            "`tf.Session`, ... resolve to the compat layer (`keras_faq_compat.uninstall()` "
            "would undo it). A script needs no edit at all: "
            "`python -m keras_faq_compat run old_script.py`."),
        _code("import warnings\n\nimport keras_faq_compat\n\n"
              "keras_faq_compat.install()\n"
              "warnings.simplefilter('default', keras_faq_compat.LegacyAPIWarning)\n"
              "import keras\nimport tensorflow as tf\n"
              "print('TensorFlow', tf.__version__, '| Keras', keras.__version__,\n"
              "      '| keras_faq_compat', keras_faq_compat.__version__)"),
    ]
    for number, (title, names, text) in enumerate(QUESTIONS, 1):
        cells.append(_md(f"## {number}. {title}" + (f"\n\n{text}" if text else "")))
        for name in names:
            if name == "cite":
                cells.append(_md(_explanation(name)))
                cells.append(_code(
                    "import subprocess\n\n"
                    "print(subprocess.run([sys.executable, '-m', 'keras_faq_compat', 'cite'],\n"
                    "                     capture_output=True, text=True, check=True).stdout)"))
                continue
            path = FAQ_DIR / f"{name}.py"
            env, setup, segments = parse_example(path)
            title_line = path.read_text(encoding="utf-8").splitlines()[0]
            subtitle = re.sub(r"^#\s*FAQ:\s*", "", title_line)
            cells.append(_md(f"### {subtitle}\n\n`keras_faq_compat/faq/{name}.py`\n\n"
                             + _explanation(name)))
            if name in RUN_AS_SCRIPT:
                cells.extend(_script_cells(name, path, env, setup, segments))
                continue
            if setup:
                cells.append(_code("# setup (not in the FAQ)\n" + setup))
            for label, code in segments:
                if label.startswith("FAQ snippet"):
                    cells.append(_code(code))
                else:
                    cells.append(_code(f"# {label} (not in the FAQ)\n{code}"))
    cells.append(_md(
        "## Where next\n\n"
        "* `keras-faq-compat check my_project/` reports every legacy API your code uses, whether "
        "this layer covers it, and the Keras 3 replacement.\n"
        "* `pytest --keras-legacy-scripts=snippets/` runs a folder of old scripts and notebooks "
        "as tests under the compat layer; the `keras_compat` fixture turns it on for one test."))
    for index, cell in enumerate(cells):
        cell["id"] = f"c{index:03d}"  # stable ids keep diffs of the committed notebook small
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def code_sources(nb):
    """The code cells' sources (what `--check` compares)."""
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            source = cell["source"]
            out.append("".join(source) if isinstance(source, list) else source)
    return out


def execute(nb, timeout=900):
    """Run `nb` top to bottom in a fresh kernel (nbclient); return it with outputs."""
    import nbclient
    import nbformat

    node = nbformat.from_dict(nb)
    client = nbclient.NotebookClient(node, timeout=timeout, kernel_name="python3",
                                     allow_errors=True, resources={"metadata": {"path": str(HERE)}})
    client.execute()
    return node


def failing_cells(nb):
    """``[(cell index, error name, message)]`` for cells whose output is an error."""
    failures = []
    for index, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                failures.append((index, output.get("ename"), output.get("evalue")))
    return failures


def main(argv=None):
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--execute", action="store_true", help="run it and keep the outputs")
    parser.add_argument("--check", action="store_true",
                        help="compare the committed notebook's code with the examples")
    args = parser.parse_args(argv)
    nb = build()
    if args.check:
        committed = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
        if code_sources(committed) != code_sources(nb):
            print(f"{NOTEBOOK} is out of date: run python notebooks/build_tour.py --execute",
                  file=sys.stderr)
            return 1
        return 0
    if args.execute:
        import nbformat

        nb = execute(nb)
        for index, name, message in failing_cells(nb):
            print(f"cell {index}: {name}: {message}", file=sys.stderr)
        NOTEBOOK.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
        return 1 if failing_cells(nb) else 0
    NOTEBOOK.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
