"""Legacy scripts on several workers: ``TF_CONFIG`` and ``MultiWorkerMirroredStrategy``.

The cluster tests start two worker processes on 127.0.0.1 (ports found at run
time) under ``python -m keras_faq_compat run``; both are always killed at the
end. Plain Keras 3 has no ``multi_gpu_model``, no start-up of the strategy
from ``TF_CONFIG`` and no chief-only saving.
"""

import inspect
import json
import os
import socket
import subprocess
import sys
import textwrap
import time

import h5py
import numpy as np
import pytest

import keras_faq_compat
from keras_faq_compat.distribute import cluster, multi_worker

FAQ = os.path.join(os.path.dirname(keras_faq_compat.__file__), "faq", "03_multi_gpu_data_parallel.py")
RUN_TIMEOUT = 300  # seconds for a whole two-worker run on a busy 2-core machine


def _free_ports(count):
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _tf_config(ports, index):
    cluster = {"worker": [f"127.0.0.1:{port}" for port in ports]}
    return json.dumps({"cluster": cluster, "task": {"type": "worker", "index": index}})


def _env(tf_config=None, **extra):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **extra)
    env.pop("TF_CONFIG", None)
    if tf_config is not None:
        env["TF_CONFIG"] = tf_config
    return env


def _run_cluster(tmp_path, script_text, args=(), workers=2, timeout=RUN_TIMEOUT, **extra_env):
    """Run `script_text` on `workers` local workers; return [(returncode, stderr)], one per worker.

    A port found free can be taken by another process (any outgoing
    connection gets a port of the same range) before the worker binds it;
    then the run is repeated on new ports, at most three times.
    """
    for _ in range(3):
        results = _run_cluster_once(tmp_path, script_text, args, workers, timeout, **extra_env)
        if not any(code != 0 and "already in use" in err.lower() for code, err in results):
            return results
    return results


def _run_cluster_once(tmp_path, script_text, args, workers, timeout, **extra_env):
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(script_text))
    ports = _free_ports(workers)
    procs, logs = [], []
    try:
        for index in range(workers):
            log = open(tmp_path / f"worker{index}.log", "w+")
            logs.append(log)
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "keras_faq_compat", "run", str(script), *map(str, args), str(index)],
                    env=_env(_tf_config(ports, index), **extra_env),
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                    cwd=str(tmp_path),
                )
            )
        deadline = time.monotonic() + timeout
        codes = []
        for proc in procs:
            codes.append(proc.wait(timeout=max(1.0, deadline - time.monotonic())))
        results = []
        for code, log in zip(codes, logs):
            log.seek(0)
            results.append((code, log.read()))
        return results
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
        for log in logs:
            log.close()


# Runs the FAQ file unchanged (its own text, as `__main__`), then records what it trained.
FAQ_DRIVER = """
    import json, runpy, sys
    import numpy as np

    faq, index = sys.argv[1], sys.argv[2]
    names = runpy.run_path(faq, run_name="__main__")
    np.savez(f"weights{index}.npz", *names["model"].get_weights())
    with open(f"history{index}.json", "w") as f:
        json.dump(names["parallel_model"].history.history, f)
"""


@pytest.mark.slow
def test_faq_data_parallel_snippet_trains_one_model_on_two_workers(tmp_path):
    results = _run_cluster(tmp_path, FAQ_DRIVER, args=[FAQ])
    for code, err in results:
        assert code == 0, err[-3000:]
        assert "MultiWorkerMirroredStrategy with 2 replicas" in err
    first, second = (np.load(tmp_path / f"weights{i}.npz") for i in range(2))
    assert len(first.files) == 4
    for key in first.files:
        np.testing.assert_array_equal(first[key], second[key])
    histories = [json.loads((tmp_path / f"history{i}.json").read_text()) for i in range(2)]
    loss = histories[0]["loss"]
    assert len(loss) == 20
    assert loss[-1] < loss[0]
    # The logged loss is the cluster's, the same on both workers.
    np.testing.assert_allclose(histories[1]["loss"], loss, rtol=1e-6)


SHARDING_SCRIPT = """
    import json, os, sys
    import numpy as np
    import tensorflow as tf
    import keras
    from keras.utils import Sequence

    index = sys.argv[1]
    replaced = []
    os_replace = os.replace

    def recording_replace(src, dst):
        replaced.append(os.path.abspath(dst))
        return os_replace(src, dst)

    os.replace = recording_replace
    seen = []

    class Record(keras.layers.Layer):
        def call(self, x):
            def record(ids):
                seen.extend(int(i) for i in ids.numpy())
                return ids

            ids = tf.py_function(record, [x[:, 0]], tf.float32)
            with tf.control_dependencies([ids]):
                return tf.identity(x)

    per_epoch = []

    class Snapshot(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            per_epoch.append(sorted(seen))
            del seen[:]

    N = 48
    x = np.zeros((N, 3), "float32")
    x[:, 0] = np.arange(N)
    y = np.ones((N, 1), "float32")
    inputs = keras.layers.Input(shape=(3,))
    model = keras.models.Model(inputs, keras.layers.Dense(1)(Record()(inputs)))
    # A small step, so that SGD on ids up to 47 does not diverge.
    model.compile(loss="mse", optimizer=keras.optimizers.SGD(lr=1e-4))
    result = {}
    checkpoint = keras.callbacks.ModelCheckpoint("shared/ckpt-{epoch:02d}.h5")
    model.fit(x, y, epochs=2, batch_size=12, verbose=0, callbacks=[Snapshot(), checkpoint])
    result["numpy"] = per_epoch[:]
    del per_epoch[:]

    def generator():
        while True:
            for start in range(0, N, 12):
                yield x[start:start + 12], y[start:start + 12]

    model.fit_generator(generator(), steps_per_epoch=N // 12, epochs=2, verbose=0, callbacks=[Snapshot()])
    result["generator"] = per_epoch[:]
    del per_epoch[:]

    class Batches(Sequence):
        def __len__(self):
            return N // 12

        def __getitem__(self, i):
            return x[i * 12:(i + 1) * 12], y[i * 12:(i + 1) * 12]

    model.fit(Batches(), epochs=2, verbose=0, callbacks=[Snapshot()])
    result["sequence"] = per_epoch[:]
    del per_epoch[:]

    # Each machine has its own copy of the data file.
    import h5py
    from keras.utils.io_utils import HDF5Matrix

    with h5py.File(f"data{index}.h5", "w") as f:
        f["x"], f["y"] = x, y
    model.fit(HDF5Matrix(f"data{index}.h5", "x"), HDF5Matrix(f"data{index}.h5", "y"), batch_size=12,
              epochs=2, shuffle="batch", verbose=0, callbacks=[Snapshot()])
    result["hdf5matrix"] = per_epoch[:]
    del per_epoch[:]
    with h5py.File(f"data{index}.h5", "r") as f:
        model.fit(f["x"], f["y"], batch_size=12, epochs=2, verbose=0, callbacks=[Snapshot()])
        result["h5py"] = per_epoch[:]
        predicted = model.predict(f["x"], batch_size=12)
        evaluated = model.evaluate(f["x"], f["y"], batch_size=12, verbose=0)
    kernel, bias = model.get_weights()
    result["evaluate_difference"] = abs(evaluated - float((((x @ kernel + bias) - y) ** 2).mean()))
    result["predict_difference"] = float(abs(predicted - (x @ kernel + bias)).max())
    result["predict_rows"] = len(predicted)
    model.save("shared/model.h5")
    model.save_weights("shared/weights.h5")
    result["replaced"] = replaced
    with open(f"result{index}.json", "w") as f:
        json.dump(result, f)
"""


@pytest.mark.slow
def test_each_sample_once_per_epoch_and_only_the_chief_writes(tmp_path):
    results = _run_cluster(tmp_path, SHARDING_SCRIPT)
    for code, err in results:
        assert code == 0, err[-3000:]
    chief, other = (json.loads((tmp_path / f"result{i}.json").read_text()) for i in range(2))

    def each_sample_once(kind):
        assert len(chief[kind]) == len(other[kind]) == 2, kind
        for epoch, (mine, theirs) in enumerate(zip(chief[kind], other[kind])):
            # Each worker trains on its half; together each sample exactly once.
            assert len(mine) == len(theirs) == 24, (kind, epoch)
            assert sorted(mine + theirs) == list(range(48)), (kind, epoch)

    for kind in ("numpy", "generator", "sequence", "hdf5matrix", "h5py"):
        each_sample_once(kind)
    # predict (every row, in order) and evaluate (over every row) on HDF5
    # data give the whole cluster's result on every worker.
    for result in (chief, other):
        assert result["predict_rows"] == 48 and result["predict_difference"] < 1e-5
        assert result["evaluate_difference"] < 1e-5
    # In-memory arrays are reshuffled every epoch, alike on both workers.
    assert chief["numpy"][0] != chief["numpy"][1]

    shared = str(tmp_path / "shared")
    assert sorted(os.listdir(shared)) == ["ckpt-01.h5", "ckpt-02.h5", "model.h5", "weights.h5"]
    written_by_chief = {p for p in chief["replaced"] if p.startswith(shared + os.sep)}
    assert set(os.listdir(shared)) <= {os.path.basename(p) for p in written_by_chief}
    assert not [p for p in other["replaced"] if p.startswith(shared + os.sep)], other["replaced"]
    with h5py.File(os.path.join(shared, "model.h5"), "r") as f:
        assert "model_config" in f.attrs and "model_weights" in f


DYING_SCRIPT = """
    import os, sys
    import numpy as np
    import keras
    from keras.utils import multi_gpu_model

    index = sys.argv[1]
    model = keras.models.Sequential()
    model.add(keras.layers.Dense(8, input_dim=10))
    model.add(keras.layers.Dense(1))
    parallel = multi_gpu_model(model, gpus=2)
    parallel.compile(loss="mse", optimizer="sgd")

    class DieOnSecondWorker(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if index == "1" and epoch == 1:
                os._exit(7)

    parallel.fit(np.ones((64, 10)), np.ones((64, 1)), epochs=100000, batch_size=16, verbose=0,
                 callbacks=[DieOnSecondWorker()])
"""


@pytest.mark.slow
def test_a_worker_dying_mid_training_ends_the_other_with_a_clear_error(tmp_path):
    start = time.monotonic()
    (code0, err0), (code1, _) = _run_cluster(
        tmp_path, DYING_SCRIPT, timeout=180, KERAS_FAQ_COMPAT_WORKER_TIMEOUT="20"
    )
    assert code1 == 7
    assert code0 == 1, err0[-3000:]
    assert "RuntimeError: fit stopped: a worker of the 2-worker cluster in TF_CONFIG stopped answering" in err0
    assert "(worker 0, 127.0.0.1:" in err0
    assert time.monotonic() - start < 180


@pytest.mark.slow
def test_a_worker_that_never_starts_stops_the_others_with_a_clear_error(tmp_path):
    ports = _free_ports(2)
    start = time.monotonic()
    proc, started = _run_alone(tmp_path, _tf_config(ports, 0), KERAS_FAQ_COMPAT_STARTUP_TIMEOUT="3")
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert (
        f"keras-faq-compat run: TF_CONFIG: task 1 (127.0.0.1:{ports[1]}) of the 2-worker cluster did not start "
        f"within 3 s (KERAS_FAQ_COMPAT_STARTUP_TIMEOUT), so this worker (worker 0, 127.0.0.1:{ports[0]}) "
        "stops before the script."
    ) in proc.stderr
    assert not started
    assert time.monotonic() - start < 60


def test_waiting_for_peers_ends_once_every_peer_listens():
    peer = socket.socket()
    try:
        peer.bind(("127.0.0.1", 0))
        peer.listen(4)
        own = _free_ports(1)[0]
        config = cluster.parse_tf_config(_tf_config([own, peer.getsockname()[1]], 0))
        began = time.monotonic()
        cluster.wait_for_peers(config, timeout=30, poll=0.05)
        assert time.monotonic() - began < 5
    finally:
        peer.close()


def test_bad_start_up_timeout_is_refused(monkeypatch):
    monkeypatch.setenv(cluster.STARTUP_TIMEOUT_ENV, "soon")
    with pytest.raises(ValueError, match="KERAS_FAQ_COMPAT_STARTUP_TIMEOUT must be a positive number of seconds"):
        cluster.seconds_from_env(cluster.STARTUP_TIMEOUT_ENV, cluster.DEFAULT_STARTUP_TIMEOUT)


def _run_alone(tmp_path, tf_config, **extra_env):
    script = tmp_path / "marker.py"
    script.write_text("open('started', 'w').close()\n")
    proc = subprocess.run(
        [sys.executable, "-m", "keras_faq_compat", "run", str(script)],
        env=_env(tf_config, **extra_env),
        cwd=str(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc, (tmp_path / "started").exists()


def test_invalid_tf_config_is_refused_before_the_script_starts(tmp_path):
    proc, started = _run_alone(tmp_path, '{"cluster": {"worker": ["127.0.0.1:1", "127.0.0.1:2"]}, "task": {"type": "worker", "index": 2}}')
    assert proc.returncode == 2
    assert "keras-faq-compat run: TF_CONFIG[\"task\"] names worker 2, but the cluster lists 2 worker task(s)" in proc.stderr
    assert not started


def test_a_port_in_use_is_refused_before_the_script_starts(tmp_path):
    taken = socket.socket()
    try:
        taken.bind(("0.0.0.0", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        other = _free_ports(1)[0]
        proc, started = _run_alone(tmp_path, _tf_config([port, other], 0))
    finally:
        taken.close()
    assert proc.returncode == 2
    assert f"TF_CONFIG: port {port} of this task (worker 0, 127.0.0.1:{port}) is already in use" in proc.stderr
    assert not started


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "TF_CONFIG environment variable is not valid JSON"),
        ("[1, 2]", "TF_CONFIG must be a JSON object"),
        ('{"cluster": {"worker": "127.0.0.1:1"}}', 'TF_CONFIG["cluster"] must map task types'),
        ('{"cluster": {"worker": ["a:1", "b:2"]}}', 'no "task" saying which one'),
        ('{"cluster": {"worker": ["a:1", "b:2"]}, "task": {"type": "ps", "index": 0}}', 'is \'ps\''),
        ('{"cluster": {"worker": ["a:1", "b:2"]}, "task": {"type": "worker", "index": -1}}', "names worker -1"),
        ('{"cluster": {"chief": ["a:1"], "worker": ["b:2"]}, "task": {"type": "chief", "index": 1}}', "names chief 1"),
        ('{"cluster": {"worker": ["a:1", "b"]}, "task": {"type": "worker", "index": 1}}', "is not \"host:port\""),
    ],
)
def test_bad_tf_config_gets_one_clear_error(text, message):
    with pytest.raises(ValueError) as info:
        cluster.parse_tf_config(text)
    assert message in str(info.value)


def test_one_machine_tf_config_changes_nothing():
    assert cluster.parse_tf_config("") is None
    assert cluster.parse_tf_config('{"cluster": {"worker": ["a:1"]}, "task": {"type": "worker", "index": 0}}') is None
    config = cluster.parse_tf_config(
        '{"cluster": {"chief": ["c:1"], "worker": ["w:2", "w:3"]}, "task": {"type": "worker", "index": 0}}'
    )
    assert config.workers == ["c:1", "w:2", "w:3"] and not config.is_chief
    config = cluster.parse_tf_config('{"cluster": {"worker": ["w:2", "w:3"]}, "task": {"type": "worker", "index": 0}}')
    assert config.is_chief
    assert multi_worker.active_strategy() is None  # no TF_CONFIG in this process


@pytest.fixture
def non_chief(monkeypatch):
    config = cluster.parse_tf_config('{"cluster": {"worker": ["w:2", "w:3"]}, "task": {"type": "worker", "index": 1}}')
    monkeypatch.setitem(multi_worker._started, "config", config)
    return config


def test_a_non_chief_worker_saves_into_a_folder_that_is_deleted(tmp_path, non_chief):
    from keras_faq_compat import models, layers, saving
    from keras_faq_compat.callbacks import ModelCheckpoint

    model = models.Sequential([layers.Dense(2, input_shape=(3,))])
    model.compile(loss="mse", optimizer="sgd")
    with multi_worker.chief_only(str(tmp_path / "m.h5")) as target:
        assert os.path.dirname(target) != str(tmp_path)
        folder = os.path.dirname(target)
        assert os.path.isdir(folder)
    assert not os.path.exists(folder)
    model.save(str(tmp_path / "m.h5"))
    model.save_weights(str(tmp_path / "w.h5"))
    model.save_weights(str(tmp_path / "w.weights.h5"))  # the Keras 3 format too
    model.save(str(tmp_path / "m.keras"))
    saving.save_model(model, str(tmp_path / "m2.h5"))
    model.fit(np.ones((4, 3)), np.ones((4, 2)), epochs=1, verbose=0,
              callbacks=[ModelCheckpoint(str(tmp_path / "ck.h5"))])
    assert os.listdir(tmp_path) == []


def test_private_keras_behaviour_the_multi_worker_fixes_rely_on():
    """Fails loudly when Keras changes what `MultiWorkerTrainingMixin` works around."""
    from keras_faq_compat._real import keras

    module = keras.src.backend.tensorflow.trainer
    reduce_source = inspect.getsource(module.reduce_per_replica)
    assert 'strategy.reduce("MEAN", v, axis=0)' in reduce_source, (
        "Keras changed how it reduces multi-worker step logs: revisit _as_vectors in distribute/multi_worker.py"
    )
    # Keras 3.3's TensorFlow trainer has no build step before the first one (it builds the model
    # while tracing it), so no first batch is read and averaged and the workaround never runs there.
    if hasattr(module.TensorFlowTrainer, "_maybe_symbolic_build"):
        build_source = inspect.getsource(module.TensorFlowTrainer._maybe_symbolic_build)
        assert "iterator" in inspect.signature(module.TensorFlowTrainer._maybe_symbolic_build).parameters
        assert '"MEAN"' in build_source, (
            "Keras no longer averages the first distributed batch: revisit MultiWorkerTrainingMixin._maybe_symbolic_build"
        )
    else:
        assert "_symbolic_build" not in inspect.getsource(module.TensorFlowTrainer.fit)
    assert "self._distribute_strategy = tf.distribute.get_strategy()" in inspect.getsource(
        module.TensorFlowTrainer.__init__
    ), "Keras no longer records the strategy a model is made under: update _is_multi_worker"
    assert "self._distributed_dataset = dataset" in inspect.getsource(module.TFEpochIterator.__init__), (
        "Keras renamed the epoch iterator's distributed dataset: update distribute/first_batch.py"
    )

