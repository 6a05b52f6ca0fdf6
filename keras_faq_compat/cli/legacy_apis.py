"""The legacy Keras 2 / TF1 APIs this project knows, and whether it covers them.

One table (`LEGACY_APIS`) serves ``keras-faq-compat check`` (which finds these
APIs in source code) and ``keras-faq-compat doctor`` (which lists them, see
`table`). Each row names the legacy API, how it is recognised, the modern
Keras 3 / TensorFlow 2 replacement and any behaviour difference that remains.

Whether an API is *covered* is never written in the table: it is found out
when asked, by resolving the API in ``keras_faq_compat`` (and in the
activation's alias tables), so the answer follows the code as it is:

* ``module``: the activation serves the legacy module (``import keras``,
  ``import theano``, ``keras.utils.np_utils``, ...);
* ``name``: the legacy name resolves in this package to something that is not
  a `keras_faq_compat._lazy.not_implemented` placeholder;
* ``tf1``: the activation puts the name on ``tensorflow`` (`activation.TF1_NAMES`)
  and it is not a placeholder;
* ``method``: this package's model class defines the method (Keras 3's does not);
* ``keyword``: constructing this package's class with the keyword raises no
  error and no warning that the keyword is ignored;
* ``method_keyword``: a method defined by this package names the keyword.

Names used under ``keras.`` / ``tensorflow.`` that are not in the table are
judged by the same rules (`check_qualified`): a name Keras 3 / TensorFlow 2
still has is not legacy; one it lacks is legacy, covered when it resolves here.
"""

import dataclasses
import functools
import importlib
import importlib.util
import inspect
import warnings

__all__ = [
    "LegacyAPI",
    "LEGACY_APIS",
    "Verdict",
    "table",
    "coverage",
    "is_covered",
    "check_qualified",
    "clear_cache",
    "is_listed",
    "method_apis",
    "keyword_apis",
]


@dataclasses.dataclass(frozen=True)
class LegacyAPI:
    """One legacy API.

    Args:
        api: the API as legacy code spells it (``"keras.utils.multi_gpu_model"``).
        kind: ``"module"``, ``"name"``, ``"tf1"``, ``"method"``, ``"keyword"`` or
            ``"method_keyword"`` (how it is found and how coverage is decided).
        match: what identifies a use: fully qualified legacy names (``module``,
            ``name``, ``tf1``), method names (``method``, ``method_keyword``) or
            qualified callee prefixes (``keyword``, e.g. ``"keras.optimizers."``).
        replacement: the Keras 3 / TensorFlow 2 way, in a few words.
        difference: a behaviour difference that remains under this layer; default ``""``.
        owner: for ``method``/``method_keyword``/``keyword``: the ``"module:Class"``
            of this package whose behaviour decides coverage; for ``keyword`` an
            empty owner means "the class the code calls"; default ``""``.
        keyword: for ``keyword``/``method_keyword``: the legacy keyword; default ``""``.
        probe: for ``keyword``: ``(args, value)``, the positional arguments and the
            keyword's value used to construct `owner`; default ``((), None)``.
        example: for a ``keyword`` row without `owner`: the class probed when no
            call site names one (`table`); default ``""``.
    """

    api: str
    kind: str
    match: tuple
    replacement: str
    difference: str = ""
    owner: str = ""
    keyword: str = ""
    probe: tuple = ((), None)
    example: str = ""


_MODEL = "keras_faq_compat.engine.training:Model"
_SEQUENTIAL = "keras_faq_compat.engine.sequential:Sequential"
_OPTIMIZERS = ("keras.optimizers.",)
_LAYERS = ("keras.layers.",)


def _api(api, kind, match, replacement, difference="", **kw):
    return LegacyAPI(api, kind, tuple(match), replacement, difference, **kw)


LEGACY_APIS = (
    # The two legacy packages themselves.
    _api("import keras", "module", ["keras"],
         "import keras (Keras 3) once the APIs below are migrated",
         "plain `import keras` now gives Keras 3; the compat layer is used only under "
         "`keras-faq-compat run`, keras_faq_compat.install() or `import keras_faq_compat as keras`"),
    _api("import theano", "module", ["theano"],
         "TensorFlow: tf.config.set_visible_devices for the device, keras.config.set_floatx for floatX",
         "there is no Theano: only device and floatX take effect"),
    _api("keras.backend.tensorflow_backend", "module", ["keras.backend.tensorflow_backend"],
         "keras.backend / tf.config"),
    _api("keras.engine", "module", ["keras.engine", "keras.engine.topology",
                                    "keras.engine.training", "keras.engine.base_layer",
                                    "keras.engine.input_layer", "keras.engine.sequential",
                                    "keras.engine.network", "keras.engine.saving"],
         "keras.Model, keras.Sequential, keras.layers.Layer, keras.Input"),
    _api("keras.utils.test_utils", "module", ["keras.utils.test_utils"],
         "pytest fixtures and keras.src.testing.TestCase"),
    # TF1 names on the tensorflow module.
    _api("tf.Session", "tf1", ["tensorflow.Session"], "eager execution and tf.function",
         "Session.run evaluates eager values; feed_dict is not supported"),
    _api("tf.InteractiveSession", "tf1", ["tensorflow.InteractiveSession"],
         "eager execution"),
    _api("tf.ConfigProto", "tf1", ["tensorflow.ConfigProto"],
         "tf.config.threading.set_intra_op_parallelism_threads / set_inter_op_parallelism_threads",
         "thread counts apply only before TensorFlow's runtime starts"),
    _api("tf.GPUOptions", "tf1", ["tensorflow.GPUOptions"],
         "tf.config.experimental.set_memory_growth"),
    _api("tf.set_random_seed", "tf1", ["tensorflow.set_random_seed"],
         "tf.random.set_seed or keras.utils.set_random_seed"),
    _api("tf.get_default_graph", "tf1", ["tensorflow.get_default_graph"],
         "nothing: TF2 code runs eagerly, without a graph"),
    _api("tf.reset_default_graph", "tf1", ["tensorflow.reset_default_graph"],
         "keras.backend.clear_session"),
    _api("tf.device_scope", "tf1", ["tensorflow.device_scope"], "tf.device"),
    _api("tf.global_variables_initializer", "tf1", ["tensorflow.global_variables_initializer"],
         "nothing: TF2 variables are initialised when created"),
    _api("tf.placeholder", "tf1", ["tensorflow.placeholder"], "keras.Input or tf.function arguments"),
    _api("tf.get_variable", "tf1", ["tensorflow.get_variable"], "tf.Variable or Layer.add_weight"),
    _api("tf.train.AdamOptimizer", "tf1", ["tensorflow.train.AdamOptimizer"], "keras.optimizers.Adam"),
    _api("tf.contrib", "tf1", ["tensorflow.contrib"], "TensorFlow Addons or core TensorFlow / Keras"),
    _api("tf.logging", "tf1", ["tensorflow.logging"], "absl.logging or the logging module"),
    # Keras 2 names.
    _api("keras.utils.multi_gpu_model", "name",
         ["keras.utils.multi_gpu_model", "keras.utils.multi_gpu_utils.multi_gpu_model",
          "keras.utils.training_utils.multi_gpu_model"],
         "tf.distribute.MirroredStrategy (build and compile the model inside strategy.scope())"),
    _api("keras.utils.io_utils.HDF5Matrix", "name",
         ["keras.utils.HDF5Matrix", "keras.utils.io_utils.HDF5Matrix"],
         "an h5py dataset read through a keras.utils.PyDataset or tf.data"),
    _api("keras.models.load_model (Keras 2 .h5)", "name", ["keras.models.load_model"],
         "keras.models.load_model on a .keras file (convert once with `keras-faq-compat convert`)",
         "Keras 3 alone loads few real Keras 2 files"),
    _api("keras.models.save_model (Keras 2 .h5)", "name", ["keras.models.save_model"],
         "model.save('model.keras')"),
    _api("keras.models.model_from_json (Keras 2 JSON)", "name", ["keras.models.model_from_json"],
         "keras.models.model_from_json on Keras 3 JSON"),
    _api("keras.models.model_from_yaml", "name", ["keras.models.model_from_yaml"],
         "keras.models.model_from_json (YAML support was removed)",
         "YAML is read with PyYAML's safe loader only"),
    _api("keras.backend.set_session", "name",
         ["keras.backend.set_session", "keras.backend.tensorflow_backend.set_session"],
         "tf.config (threading, devices): TensorFlow 2 has no session"),
    _api("keras.backend.get_session", "name",
         ["keras.backend.get_session", "keras.backend.tensorflow_backend.get_session"],
         "nothing: TensorFlow 2 has no session"),
    _api("keras.backend.function", "name", ["keras.backend.function"],
         "a keras.Model(inputs, outputs) called with training=True/False"),
    _api("keras.backend.learning_phase", "name",
         ["keras.backend.learning_phase", "keras.backend.set_learning_phase"],
         "the training= argument of Model.__call__"),
    _api("keras.layers.CuDNNLSTM", "name", ["keras.layers.CuDNNLSTM",
                                             "keras.layers.cudnn_recurrent.CuDNNLSTM"],
         "keras.layers.LSTM (uses cuDNN on a GPU by itself)"),
    _api("keras.layers.CuDNNGRU", "name", ["keras.layers.CuDNNGRU",
                                            "keras.layers.cudnn_recurrent.CuDNNGRU"],
         "keras.layers.GRU(reset_after=True) (uses cuDNN on a GPU by itself)"),
    _api("keras.layers.LocallyConnected1D", "name",
         ["keras.layers.LocallyConnected1D", "keras.layers.local.LocallyConnected1D"],
         "no Keras 3 layer: a custom layer or tf_keras"),
    _api("keras.layers.LocallyConnected2D", "name",
         ["keras.layers.LocallyConnected2D", "keras.layers.local.LocallyConnected2D"],
         "no Keras 3 layer: a custom layer or tf_keras"),
    _api("keras.utils.test_utils.layer_test", "name", ["keras.utils.test_utils.layer_test"],
         "keras.src.testing.TestCase.run_layer_test"),
    _api("keras.utils.test_utils.get_test_data", "name", ["keras.utils.test_utils.get_test_data"],
         "your own numpy test data"),
    _api("keras.utils.test_utils.keras_test", "name", ["keras.utils.test_utils.keras_test"],
         "a pytest fixture calling keras.backend.clear_session"),
    # Methods Keras 3 models no longer have.
    _api("Model.fit_generator", "method", ["fit_generator"],
         "Model.fit (takes generators and keras.utils.PyDataset)", owner=_MODEL),
    _api("Model.evaluate_generator", "method", ["evaluate_generator"], "Model.evaluate",
         owner=_MODEL),
    _api("Model.predict_generator", "method", ["predict_generator"], "Model.predict",
         owner=_MODEL),
    _api("Sequential.predict_classes", "method", ["predict_classes"],
         "np.argmax(model.predict(x), axis=-1), or (model.predict(x) > 0.5) for a sigmoid output",
         owner=_SEQUENTIAL),
    _api("Sequential.predict_proba", "method", ["predict_proba"], "Model.predict",
         owner=_SEQUENTIAL),
    _api("Model.to_yaml", "method", ["to_yaml"], "Model.to_json (YAML support was removed)",
         owner=_MODEL),
    _api("Model.load_weights(by_name=...)", "method_keyword", ["load_weights"],
         "load the shared layers' weights layer by layer (layer.set_weights)",
         owner=_MODEL, keyword="by_name"),
    # Keyword arguments Keras 3 refuses or ignores.
    _api("optimizer(lr=...)", "keyword", _OPTIMIZERS, "learning_rate=", keyword="lr",
         probe=((), 0.01), example="keras.optimizers.Adam"),
    _api("optimizer(decay=...)", "keyword", _OPTIMIZERS,
         "a keras.optimizers.schedules.InverseTimeDecay learning-rate schedule",
         keyword="decay", probe=((), 1e-4), example="keras.optimizers.Adam"),
    _api("ModelCheckpoint(period=...)", "keyword", ["keras.callbacks.ModelCheckpoint"],
         "save_freq= (counted in batches) or a callback saving every N epochs",
         keyword="period", probe=(("weights.{epoch:02d}.h5",), 2)),
    _api("TensorBoard(write_grads=...)", "keyword", ["keras.callbacks.TensorBoard"],
         "tf.summary inside a custom callback", keyword="write_grads", probe=((), True)),
    _api("TensorBoard(batch_size=...)", "keyword", ["keras.callbacks.TensorBoard"],
         "nothing (the argument had no effect)", keyword="batch_size", probe=((), 32)),
    _api("layer(batch_input_shape=...)", "keyword", _LAYERS,
         "keras.Input(batch_shape=...) as the model's first layer",
         owner="keras_faq_compat.layers:Dense", keyword="batch_input_shape",
         probe=((2,), (4, 3))),
    _api("layer(batch_size=...)", "keyword", _LAYERS,
         "keras.Input(shape=..., batch_size=...) as the model's first layer",
         owner="keras_faq_compat.layers:Dense", keyword="batch_size", probe=((2,), 4)),
)

# What `_resolve` answers for a name that does not exist.
_NOT_FOUND = object()


@functools.lru_cache(maxsize=None)
def _placeholder_code():
    from keras_faq_compat import _lazy

    return _lazy.not_implemented("x", "y").__code__


def _is_placeholder(obj):
    return getattr(obj, "__code__", None) is _placeholder_code()


def _resolve(module_name, parts, import_submodules=True):
    """Resolve ``module_name.parts...`` by attribute access (importing submodules).

    Returns `_NOT_FOUND` when a part is missing; a module that exists but fails
    to import raises its error.
    """
    try:
        obj = importlib.import_module(module_name)
    except ImportError:
        return _NOT_FOUND
    path = module_name
    for part in parts:
        path = f"{path}.{part}"
        try:
            obj = getattr(obj, part)
            continue
        except AttributeError:
            pass
        if not import_submodules or not hasattr(obj, "__path__"):
            return _NOT_FOUND
        try:
            obj = importlib.import_module(path)
        except ModuleNotFoundError as e:
            if e.name != path:
                raise  # the module exists but is broken: say so
            return _NOT_FOUND
    return obj


def _resolve_target(target):
    """``"package.module:Attr.attr"`` -> the object, or `_NOT_FOUND`."""
    module_name, _, attrs = target.partition(":")
    obj = _resolve(module_name, [])
    for part in attrs.split(".") if attrs else []:
        obj = getattr(obj, part, _NOT_FOUND) if obj is not _NOT_FOUND else obj
    return obj


def _compat_module_name(legacy_module):
    """The compat module serving legacy module name ``keras.x.y`` (or None)."""
    from keras_faq_compat import activation

    top, _, rest = legacy_module.partition(".")
    target = activation.ALIASES.get(top)
    if target is None:
        return None
    return f"{target}.{rest}" if rest else target


def _real_keras():
    from keras_faq_compat._real import keras

    return keras


def _real_tf():
    from keras_faq_compat._real import tf

    return tf


def _real_tf_attribute(parts):
    """The real TensorFlow object at ``tf.<parts>``, ignoring the activation's patches."""
    from keras_faq_compat import activation

    tf = _real_tf()
    if parts and parts[0] in activation.TF1_NAMES and activation.is_active():
        return _NOT_FOUND
    obj = tf
    for part in parts:
        try:
            obj = getattr(obj, part)
        except Exception:  # noqa: BLE001 - TF's lazy loaders raise various errors
            return _NOT_FOUND
    return obj


def _in_real(qualified):
    """Whether Keras 3 / TensorFlow 2 still has the legacy name `qualified`."""
    top, _, rest = qualified.partition(".")
    parts = rest.split(".") if rest else []
    if top == "keras":
        obj = _real_keras()
        for part in parts:
            try:
                obj = getattr(obj, part)
            except Exception:  # noqa: BLE001
                return False
        return True
    if top == "tensorflow":
        return _real_tf_attribute(parts) is not _NOT_FOUND
    return False  # theano: gone entirely


def _covered_name(qualified):
    """``(covered, reason)``: whether legacy name `qualified` resolves here."""
    try:
        return _resolve_name(qualified)
    except Exception as e:  # noqa: BLE001 - a module mid-change must not crash the report
        return False, f"cannot import: {type(e).__name__}: {e}"


def _resolve_name(qualified):
    top, _, rest = qualified.partition(".")
    if top == "tensorflow":
        from keras_faq_compat import activation

        target = activation.TF1_NAMES.get(rest)
        if target is None:
            return False, "not restored on tensorflow by the activation"
        module_name, _, attr = target.partition(":")
        obj = _resolve_target(f"keras_faq_compat.{module_name}:{attr}")
    else:
        module_name = _compat_module_name(top)
        if module_name is None:
            return False, "not a legacy package this layer serves"
        obj = _resolve(module_name, rest.split(".") if rest else [])
    if obj is _NOT_FOUND:
        return False, "not found in keras_faq_compat"
    if _is_placeholder(obj):
        return False, "placeholder: not restored yet"
    return True, ""


def _covered_module(qualified):
    module_name = _compat_module_name(qualified)
    if module_name is None:
        return False, "not a legacy package this layer serves"
    try:
        spec = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return False, f"no module {module_name}"
    return True, ""


def _defined_here(obj):
    return getattr(obj, "__module__", "").partition(".")[0] == "keras_faq_compat"


def _covered_method(entry):
    cls = _resolve_target(entry.owner)
    if cls is _NOT_FOUND:
        return False, f"{entry.owner} not found"
    for klass in inspect.getmro(cls):
        func = vars(klass).get(entry.match[0])
        if func is None:
            continue
        if _is_placeholder(func):
            return False, "placeholder: not restored yet"
        if not _defined_here(klass):
            return False, f"only Keras 3's {klass.__name__}.{entry.match[0]}"
        if entry.kind == "method":
            return True, ""
        try:
            params = inspect.signature(func).parameters
        except (TypeError, ValueError):
            params = {}
        if entry.keyword in params:
            return True, ""
    return False, "no method of keras_faq_compat takes it"


def _covered_keyword(entry, callee):
    """Construct the class with the legacy keyword; covered if it is taken, not ignored."""
    if entry.owner:
        cls = _resolve_target(entry.owner)
    else:
        top, _, rest = callee.partition(".")
        cls = _resolve(_compat_module_name(top) or top, rest.split("."))
    if cls is _NOT_FOUND or not callable(cls):
        return False, f"{callee} not found in keras_faq_compat"
    args, value = entry.probe
    from keras_faq_compat.deprecation import LegacyAPIWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            cls(*args, **{entry.keyword: value})
        except Exception as e:  # noqa: BLE001 - refusing the keyword is the answer
            return False, f"{type(e).__name__}: {e}"
    for w in caught:
        if not issubclass(w.category, LegacyAPIWarning) and entry.keyword in str(w.message):
            return False, f"ignored: {w.message}"
    return True, ""


@functools.lru_cache(maxsize=None)
def _coverage(entry, subject=""):
    try:
        if entry.kind == "module":
            return _covered_module(subject or entry.match[0])
        if entry.kind in ("name", "tf1"):
            return _covered_name(subject or entry.match[0])
        if entry.kind in ("method", "method_keyword"):
            return _covered_method(entry)
        if entry.kind == "keyword":
            return _covered_keyword(entry, subject or entry.example or entry.match[0])
    except Exception as e:  # noqa: BLE001 - a module mid-change must not crash the report
        return False, f"error while resolving: {type(e).__name__}: {e}"
    raise ValueError(f"unknown kind {entry.kind!r} in the legacy API table")


def is_covered(entry, subject=""):
    """``(covered, reason)`` for `entry`, resolved in this package now.

    Args:
        entry: a `LegacyAPI`.
        subject: the qualified name actually used (``"keras.optimizers.SGD"`` for
            a ``keyword`` row, one of `entry.match` otherwise); default: the
            row's first match.
    """
    return _coverage(entry, subject)


@dataclasses.dataclass(frozen=True)
class Verdict:
    """What `check_qualified` says about one qualified name."""

    api: str
    kind: str
    covered: bool
    replacement: str
    difference: str = ""
    reason: str = ""


@functools.lru_cache(maxsize=None)
def _by_match():
    index = {}
    for entry in LEGACY_APIS:
        if entry.kind in ("module", "name", "tf1"):
            for name in entry.match:
                index[name] = entry
    return index


def is_listed(qualified):
    """Whether `qualified` is one of the names a ``module``/``name``/``tf1`` row matches."""
    return qualified in _by_match()


def method_apis():
    """``{method name: LegacyAPI}`` for the ``method`` and ``method_keyword`` rows."""
    return {e.match[0]: e for e in LEGACY_APIS if e.kind == "method"}


def keyword_apis():
    """The ``keyword`` and ``method_keyword`` rows."""
    return [e for e in LEGACY_APIS if e.kind in ("keyword", "method_keyword")]


# Real Keras 3 namespaces searched for a legacy name's modern home.
_MODERN_HOMES = ("", "layers", "models", "utils", "callbacks", "optimizers", "losses", "metrics",
                 "initializers", "regularizers", "constraints", "activations", "ops", "config")


def _modern_home(qualified):
    """Where Keras 3 keeps the leaf of a legacy ``keras.*`` name (or ``""``)."""
    parts = qualified.split(".")
    keras = _real_keras()
    leaf = parts[-1]
    candidates = []
    if len(parts) > 2 and parts[1] == "applications":
        candidates.append(f"applications.{parts[2]}")
    candidates.extend(_MODERN_HOMES)
    for home in candidates:
        obj = keras
        for part in home.split(".") if home else []:
            obj = getattr(obj, part, None)
        if obj is not None and hasattr(obj, leaf):
            return f"keras.{home}.{leaf}" if home else f"keras.{leaf}"
    # A module path: its nearest ancestor Keras 3 still has.
    for n in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:n])
        if _in_real(prefix) and n > 1:
            return prefix
    return ""


@functools.lru_cache(maxsize=None)
def check_qualified(qualified, is_module=False):
    """Judge one legacy-package name used by code, or None when it is not legacy.

    Args:
        qualified: the fully qualified name as legacy code uses it
            (``"keras.utils.np_utils.to_categorical"``, ``"tensorflow.Session"``,
            ``"theano"``); ``keras_faq_compat`` names are spelt ``keras``.
        is_module: True for an ``import X`` statement; default False.

    Returns:
        A `Verdict`, or None when Keras 3 / TensorFlow 2 still has the name
        (and the table does not list it).
    """
    entry = _by_match().get(qualified)
    if entry is not None:
        covered, reason = is_covered(entry, qualified)
        return Verdict(entry.api, entry.kind, covered, entry.replacement, entry.difference, reason)
    top = qualified.partition(".")[0]
    if top == "tensorflow":
        parts = qualified.split(".")[1:]
        if not parts or parts[0] == "compat" or _in_real(qualified):
            return None
        if parts[0] == "keras":
            # ``tf.keras`` is Keras 3 itself: the activation serves ``import
            # keras``, never ``tf.keras``, so a Keras 2 name there is not covered.
            return Verdict("tf." + ".".join(parts), "name", False,
                           _modern_home(".".join(parts)), "",
                           "tf.keras is Keras 3; write `import keras` to use the compat layer")
        # Report the first missing part: ``tf.train.AdamOptimizer``, ``tf.contrib``.
        for n in range(1, len(parts) + 1):
            if _real_tf_attribute(parts[:n]) is _NOT_FOUND:
                name = ".".join(parts[:n])
                break
        short = f"tf.{name}"
        entry = _by_match().get(f"tensorflow.{name}")
        if entry is not None:
            covered, reason = is_covered(entry, f"tensorflow.{name}")
            return Verdict(entry.api, entry.kind, covered, entry.replacement, entry.difference,
                           reason)
        covered, reason = _covered_name(f"tensorflow.{name}")
        v1 = _real_tf_attribute(["compat", "v1"] + name.split("."))
        replacement = f"tf.compat.v1.{name} (or its TF2 equivalent)" if v1 is not _NOT_FOUND else ""
        return Verdict(short, "tf1", covered, replacement, "", reason or "removed in TensorFlow 2")
    if top == "theano":
        covered, reason = _covered_name(qualified)
        if covered:
            return None  # the stand-in has it; `import theano` is reported
        return Verdict(qualified, "name", False, "TensorFlow / keras.config", "", reason)
    if top != "keras" or _in_real(qualified):
        return None
    if is_module:
        covered, reason = _covered_module(qualified)
    else:
        covered, reason = _covered_name(qualified)
    return Verdict(qualified, "module" if is_module else "name", covered,
                   _modern_home(qualified), "", reason)


def table():
    """Every row of `LEGACY_APIS` with its coverage, resolved now.

    Returns:
        A list of dicts with keys ``api``, ``kind``, ``covered`` (bool),
        ``replacement``, ``difference`` and ``reason`` (why not covered, or ``""``).
    """
    rows = []
    for entry in LEGACY_APIS:
        covered, reason = is_covered(entry)
        rows.append({
            "api": entry.api,
            "kind": entry.kind,
            "covered": covered,
            "replacement": entry.replacement,
            "difference": entry.difference,
            "reason": reason,
        })
    return rows


def clear_cache():
    """Forget resolved answers, so the next report resolves everything again."""
    _coverage.cache_clear()
    check_qualified.cache_clear()


def coverage():
    """``[(api, covered)]`` for every row of `LEGACY_APIS`, resolved now (for ``doctor``)."""
    return [(row["api"], row["covered"]) for row in table()]
