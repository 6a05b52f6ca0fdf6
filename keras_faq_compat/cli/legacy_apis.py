"""The legacy Keras 2 / TF1 APIs this project knows, and whether it covers them.

`LEGACY_APIS` serves ``keras-faq-compat check`` (which finds these APIs in source code) and
``keras-faq-compat doctor`` (which lists them, see `table`). Its Keras 2 module and name rows are made
from the table of legacy names (`keras_faq_compat.legacy_names`), which holds every Keras 2 path;
the rows written here are what that table cannot hold: the TF1 names on ``tensorflow``, model methods
and constructor keywords. Each row names the legacy API, how it is recognised, the modern Keras 3 /
TensorFlow 2 replacement and any behaviour difference that remains.

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
* ``keyword``: the keyword is among the Keras 2 arguments this package's converting code lists
  (``handled_by``), or in the signature of this package's class (``owner``); nothing is constructed;
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

from keras_faq_compat import legacy_names

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
            of this package whose signature decides coverage; default ``""``.
        keyword: for ``keyword``/``method_keyword``: the legacy keyword; default ``""``.
        handled_by: for ``keyword``: the ``"module:NAME"`` of the collection (a tuple, or a
            mapping of tuples) of Keras 2 arguments that this package's converting code
            reads; the keyword is covered when it is listed there; default ``""``.
    """

    api: str
    kind: str
    match: tuple
    replacement: str
    difference: str = ""
    owner: str = ""
    keyword: str = ""
    handled_by: str = ""


_MODEL = "keras_faq_compat.engine.training:Model"
_SEQUENTIAL = "keras_faq_compat.engine.sequential:Sequential"
_OPTIMIZERS = ("keras.optimizers.",)
_LAYERS = ("keras.layers.",)
# The Keras 2 arguments the compat classes convert, as the converting code itself lists them.
_OPTIMIZER_ARGUMENTS = "keras_faq_compat.optimizers:LEGACY_POSITIONAL"
_LAYER_ARGUMENTS = "keras_faq_compat.layers.legacy_layers:KERAS2_SHAPE_ARGUMENTS"


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
         handled_by=_OPTIMIZER_ARGUMENTS),
    _api("optimizer(decay=...)", "keyword", _OPTIMIZERS,
         "a keras.optimizers.schedules.InverseTimeDecay learning-rate schedule",
         keyword="decay", handled_by=_OPTIMIZER_ARGUMENTS),
    _api("ModelCheckpoint(period=...)", "keyword", ["keras.callbacks.ModelCheckpoint"],
         "save_freq= (counted in batches) or a callback saving every N epochs",
         keyword="period", owner="keras_faq_compat.callbacks.model_checkpoint:ModelCheckpoint"),
    _api("TensorBoard(write_grads=...)", "keyword", ["keras.callbacks.TensorBoard"],
         "tf.summary inside a custom callback", keyword="write_grads",
         owner="keras_faq_compat.callbacks.tensorboard:TensorBoard"),
    _api("TensorBoard(batch_size=...)", "keyword", ["keras.callbacks.TensorBoard"],
         "nothing (the argument had no effect)", keyword="batch_size",
         owner="keras_faq_compat.callbacks.tensorboard:TensorBoard"),
    _api("layer(batch_input_shape=...)", "keyword", _LAYERS,
         "keras.Input(batch_shape=...) as the model's first layer",
         keyword="batch_input_shape", handled_by=_LAYER_ARGUMENTS),
    _api("layer(batch_size=...)", "keyword", _LAYERS,
         "keras.Input(shape=..., batch_size=...) as the model's first layer",
         keyword="batch_size", handled_by=_LAYER_ARGUMENTS),
)


def _keras2_rows():
    # The Keras 2 modules and names whose replacement or difference the table of legacy names
    # documents: `check` reports them with that text.
    rows = []
    for module in legacy_names.MODULES:
        if module.difference:
            rows.append(LegacyAPI(module.path, "module", (module.path,), module.replacement, module.difference))
    for name in legacy_names.NAMES:
        if name.replacement or name.difference:
            replacement = name.replacement or legacy_names.module(name.module).replacement
            rows.append(LegacyAPI(name.path, "name", (name.path,), replacement, name.difference))
    return tuple(rows)


LEGACY_APIS = LEGACY_APIS + _keras2_rows()

# What `_resolve` answers for a name that does not exist.
_NOT_FOUND = object()


def _is_placeholder(obj):
    return getattr(obj, "__keras_faq_compat_unrestored__", False)


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


def _covered_keyword(entry):
    """Whether this package's code takes the legacy keyword: read, never by constructing objects."""
    if entry.handled_by:
        listed = _resolve_target(entry.handled_by)
        if listed is _NOT_FOUND:
            return False, f"{entry.handled_by} not found"
        values = listed.values() if isinstance(listed, dict) else [listed]
        if any(entry.keyword in tuple(v) for v in values):
            return True, ""
        return False, f"{entry.keyword!r} is not among {entry.handled_by}"
    cls = _resolve_target(entry.owner)
    if cls is _NOT_FOUND or not _defined_here(cls):
        return False, f"{entry.owner} not found in keras_faq_compat"
    if entry.keyword in inspect.signature(cls).parameters:
        return True, ""
    return False, f"{entry.owner} takes no {entry.keyword!r}"


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
            return _covered_keyword(entry)
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
