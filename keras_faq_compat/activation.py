"""The activation: legacy ``keras``, ``theano`` and TF1 names, and how to undo them.

This is the only module that touches ``sys.modules``, ``sys.meta_path`` or the
``tensorflow`` module. While active:

* ``import keras`` gives ``keras_faq_compat``, and ``import keras.X.Y`` gives
  ``keras_faq_compat.X.Y`` where this layer has such a module; every other
  ``keras.*`` module (``keras.src``, ``keras.ops``, ``keras._tf_keras``, ...) is
  the real Keras 3 one, so Keras itself and ``tf.keras`` keep working;
* ``import theano`` gives the small stand-in `keras_faq_compat.theano`;
* ``tf.ConfigProto``, ``tf.Session``, ``tf.set_random_seed``,
  ``tf.get_default_graph``, ``tf.device_scope`` and the TF1 ``tf.train.*Optimizer``
  classes exist (see `tf1`);
* a layer call made inside a device scope records that device on its Keras
  graph node (`KERAS_PATCHES`; see `distribute.device_scopes`);
* when ``TF_CONFIG`` names several workers, ``MultiWorkerMirroredStrategy``
  runs (see `distribute.multi_worker`; it stays for the life of the process).

Aliases are kept as data (`ALIASES`, `TF1_NAMES`) and served lazily by a small
meta-path finder, in the manner of ``six``'s ``_SixMetaPathImporter``.
`uninstall()` puts back every ``sys.modules`` entry and attribute it changed.
"""

import contextlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
import types

from keras_faq_compat import legacy_names
from keras_faq_compat import configfile
from keras_faq_compat import numpy_aliases as _numpy_aliases

__all__ = ["install", "uninstall", "activated", "is_active", "ALIASES", "TF1_NAMES"]

PACKAGE = "keras_faq_compat"

# Legacy top-level package -> the compat module that stands for it. Submodules
# follow by name: ``keras.utils.io_utils`` -> ``keras_faq_compat.utils.io_utils``.
ALIASES = {
    "keras": PACKAGE,
    "theano": PACKAGE + ".theano",
}

# TF1 names the Keras FAQ uses on the ``tensorflow`` module -> compat object.
TF1_NAMES = {
    "ConfigProto": "tf1:ConfigProto",
    "Session": "tf1:Session",
    "set_random_seed": "tf1:set_random_seed",
    "get_default_graph": "tf1:get_default_graph",
    "device_scope": "tf1:device_scope",
    "global_variables_initializer": "tf1:global_variables_initializer",
}

# Keras internals wrapped while active: the `_internals` function that names
# the ``(owner, attribute)`` -> compat replacement. A layer call made inside a
# device scope records that device on its graph node.
KERAS_PATCHES = {
    "node_init_patch_point": "distribute.device_scopes:node_init_recording_device",
    # Keras 2 code reads ``tensor._keras_shape`` on layer outputs.
    "keras_tensor_shape_patch_point": "engine.keras_shape:keras_shape",
    # ... and ``tensor._uses_learning_phase``.
    "keras_tensor_learning_phase_patch_point": "layers.keras2_layer:keras_tensor_uses_learning_phase",
    # Keras 2 code walks the graph through ``node.inbound_layers``, ``node.outbound_layer``, ...
    "keras2_node_attributes_patch_point": "layers.keras2_layer:KERAS2_NODE_ATTRIBUTES",
    # Every layer's initializer names resolve to Keras 2's initializers: np.random.seed fixes them,
    # to Keras 2's values.
    "initializers_get_patch_point": "initializers:keras2_get",
}

_MISSING = object()
_lock = threading.RLock()
_state = None


def _compat_name(fullname):
    """The compat module that serves legacy module `fullname`, or None.

    ``keras.*`` names are served only when the table of legacy names lists them as Keras 2 modules
    (an allow-list: ``keras.cli`` or ``keras.saving`` stay Keras 3's or missing); ``theano.*`` names
    are the stand-in's own modules.
    """
    top, dot, rest = fullname.partition(".")
    target = ALIASES.get(top)
    if target is None:
        return None
    if not rest:
        return target
    if top == "keras":
        return legacy_names.compat_module_name(fullname) if legacy_names.is_legacy_module(fullname) else None
    name = f"{target}.{rest}"
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except (ImportError, ValueError, AttributeError):
        return None
    return name


class _AliasLoader(importlib.abc.Loader):
    """Serves an already importable compat module under its legacy name."""

    def __init__(self, target):
        self.target = target
        self._own_spec = None

    def create_module(self, spec):
        module = importlib.import_module(self.target)
        self._own_spec = module.__spec__
        return module

    def exec_module(self, module):
        # The import system has just stamped the alias spec on the module;
        # give it back its own so ``importlib.reload`` and pickling still work.
        module.__spec__ = self._own_spec


class _Finder(importlib.abc.MetaPathFinder):
    """Resolves ``keras.*`` and ``theano.*`` while the activation is on."""

    def __init__(self, state):
        self.state = state

    def find_spec(self, fullname, path=None, target=None):
        top = fullname.partition(".")[0]
        if top not in ALIASES:
            return None
        compat = _compat_name(fullname)
        if compat is not None:
            spec = importlib.machinery.ModuleSpec(fullname, _AliasLoader(compat))
            compat_module = importlib.import_module(compat)
            if hasattr(compat_module, "__path__"):
                spec.submodule_search_locations = list(compat_module.__path__)
            return spec
        if top != "keras":
            return None
        # A real Keras module below a compat parent: look it up on the real
        # parent's path, so Keras's own lazy imports find Keras's files.
        parent = real_module(fullname.rpartition(".")[0])
        search = getattr(parent, "__path__", None)
        spec = None if search is None else importlib.machinery.PathFinder.find_spec(fullname, search)
        if spec is None:
            # Neither Keras 2 nor Keras 3 has it; the compat package's own
            # modules (``keras.cli``) must not be found on a compat parent's path.
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return spec


def real_module(name):
    """The real (non-compat) module `name` while the activation is on, or None."""
    state = _state
    if state is not None and name in state["stashed"]:
        module = state["stashed"][name]
        if module is not _MISSING:
            return module
    module = sys.modules.get(name)
    if module is not None and not _is_compat(module):
        return module
    if name == "keras":
        from keras_faq_compat._real import keras

        return keras
    parent = real_module(name.rpartition(".")[0])
    return getattr(parent, name.rpartition(".")[2], None)


def _is_compat(module):
    return getattr(module, "__keras_faq_compat_alias__", False) or (
        getattr(module, "__name__", "").partition(".")[0] == PACKAGE
    )


# ``keras.__version__`` as legacy version checks read it under the activation:
# the last multi-backend Keras 2 release, whose public API this layer serves.
LEGACY_KERAS_VERSION = "2.3.1"
# Code of these packages asks ``keras.__version__`` which Keras is installed
# (TensorFlow's ``tf.keras`` loader takes Keras 3's path only for "3."): it
# gets the real version.
_REAL_VERSION_READERS = ("tensorflow", "keras", "tf_keras", PACKAGE)


def _keras_version_for(frame):
    caller = frame.f_globals.get("__name__", "") if frame is not None else ""
    if caller.partition(".")[0] in _REAL_VERSION_READERS:
        return real_module("keras").__version__
    return LEGACY_KERAS_VERSION


class _KerasAlias(types.ModuleType):
    """``keras`` under the activation, once used: this package, with a Keras 2 version.

    ``keras.__version__`` is `LEGACY_KERAS_VERSION` for the program and the
    real Keras version for TensorFlow, Keras and this package, which read it
    to tell Keras 2 from Keras 3. ``keras.version()`` stays Keras 3's.
    """

    @property
    def __version__(self):
        return _keras_version_for(sys._getframe(1))


class _UnusedKerasAlias(_KerasAlias):
    """``keras`` before its first use: applies the Keras 2 config, then becomes `_KerasAlias`.

    Keras 2 read ``keras.json``, ``$KERAS_HOME`` and ``$KERAS_BACKEND`` when
    the program imported keras; real Keras was imported earlier (by
    ``install()``), so what the program set up since is applied when the
    import system first hands this module out (it reads ``keras.__spec__``
    for ``import keras``, ``keras.__path__`` for ``import keras.X``) or the
    program first reads one of its attributes.
    """

    def __getattribute__(self, name):
        if name == "__version__":
            return _keras_version_for(sys._getframe(1))
        if name in ("__spec__", "__path__") or not name.startswith("__"):
            try:
                _apply_legacy_config()
            except Exception:
                if name != "__spec__":
                    raise
                # The import system drops errors raised by ``__spec__``:
                # an invalid keras.json is reported at the next use.
            else:
                object.__setattr__(self, "__class__", _KerasAlias)
        return types.ModuleType.__getattribute__(self, name)


def _apply_legacy_config():
    with _lock:
        state = _state
        if state is None or "config_undo" in state or state.get("applying"):
            return
        state["applying"] = True
        try:
            # Warnings point at the program's first use of keras.
            state["config_undo"] = configfile.apply_legacy_config(stacklevel=3)
        finally:
            state["applying"] = False


def _keras_alias(package, real_keras):
    """The module legacy code gets for ``import keras``.

    It serves the attributes of this package with a Keras 2 ``__version__``
    (see `_KerasAlias`), applies the Keras 2 config on first use (see
    `_UnusedKerasAlias`), and keeps submodule bindings made by the import
    system off the package itself.
    """
    alias = _UnusedKerasAlias("keras", package.__doc__)
    alias.__path__ = list(package.__path__)
    alias.__keras_faq_compat_alias__ = True
    alias.__getattr__ = package.legacy_attribute
    alias.__dir__ = lambda: dir(package)
    return alias


def _is_legacy_key(key):
    return key.partition(".")[0] in ALIASES


def install(numpy_aliases=None):
    """Turn the activation on (idempotent).

    Imports real Keras and TensorFlow first, then makes legacy imports and TF1
    names resolve to this layer. Applies ``THEANO_FLAGS`` from the environment;
    ``keras.json`` and ``$KERAS_HOME`` are applied when the program first uses
    ``keras``, as Keras 2 read them at ``import keras``.

    Args:
        numpy_aliases: restore the NumPy names of the Keras 2 era
            (``np.float``, ``np.NaN``, ... see `numpy_aliases`); None (the
            default) follows ``$KERAS_FAQ_COMPAT_NUMPY_ALIASES`` (``0`` turns
            them off).
    """
    global _state
    with _lock:
        if _state is not None:
            return
        from keras_faq_compat import _real, theano  # real Keras and TF first

        state = {"stashed": {}, "attrs": [], "finder": None}
        # Stash every legacy-named module this layer shadows: ``keras`` itself,
        # public ``keras.*`` modules we serve, and any real ``theano``.
        for key in list(sys.modules):
            if not _is_legacy_key(key):
                continue
            if key in ALIASES or _compat_name(key) is not None:
                state["stashed"][key] = sys.modules.pop(key)
        for key in ALIASES:
            state["stashed"].setdefault(key, _MISSING)
        finder = _Finder(state)
        state["finder"] = finder
        sys.meta_path.insert(0, finder)
        for key, target in ALIASES.items():
            sys.modules[key] = importlib.import_module(target)
        sys.modules["keras"] = _keras_alias(sys.modules[PACKAGE], _real.keras)
        _patch_tf(state, _real.tf)
        _patch_keras(state)
        if _numpy_aliases.enabled(numpy_aliases):
            _patch_numpy(state)
        _state = state
        theano.apply_flags_from_environment()
        # Before the script's first TensorFlow operation, which collective ops need.
        from keras_faq_compat.distribute import multi_worker

        multi_worker.start_from_environment()


def _patch_tf(state, tf):
    for name, target in TF1_NAMES.items():
        module_name, _, attr = target.partition(":")
        value = getattr(importlib.import_module(f"{PACKAGE}.{module_name}"), attr)
        old = tf.__dict__.get(name, _MISSING)
        state["attrs"].append((tf, name, old))
        setattr(tf, name, value)
    # ``tf.train.AdamOptimizer`` and the other TF1 optimizer classes, where
    # ``tf.train`` lacks them.
    tf1 = importlib.import_module(f"{PACKAGE}.tf1")
    for name in tf1.TRAIN_OPTIMIZERS:
        if name not in tf.train.__dict__:
            state["attrs"].append((tf.train, name, _MISSING))
            setattr(tf.train, name, tf1.train_optimizer(name))


def _patch_numpy(state):
    # NumPy calls its module __getattr__ only for names it lacks, so names the
    # installed NumPy still has keep NumPy's values.
    import numpy

    old = numpy.__dict__.get("__getattr__", _MISSING)
    state["attrs"].append((numpy, "__getattr__", old))
    numpy.__getattr__ = _numpy_aliases.legacy_getattr(None if old is _MISSING else old)


def _patch_keras(state):
    from keras_faq_compat import _internals

    for where, target in KERAS_PATCHES.items():
        owner, name = getattr(_internals, where)()
        target_module, _, attr = target.partition(":")
        value = getattr(importlib.import_module(f"{PACKAGE}.{target_module}"), attr)
        # A patch point naming several attributes takes them from a {name: value} table.
        values = {each: value[each] for each in name} if isinstance(name, tuple) else {name: value}
        for each, each_value in values.items():
            state["attrs"].append((owner, each, owner.__dict__.get(each, _MISSING)))
            setattr(owner, each, each_value)


def uninstall():
    """Turn the activation off, restoring ``sys.modules`` and patched attributes.

    Safe to call when the activation is not on (does nothing).
    """
    global _state
    with _lock:
        state = _state
        if state is None:
            return
        _state = None
        if state["finder"] in sys.meta_path:
            sys.meta_path.remove(state["finder"])
        for obj, name, old in reversed(state["attrs"]):
            if old is _MISSING:
                if name in vars(obj):
                    delattr(obj, name)
            else:
                setattr(obj, name, old)
        configfile.restore_legacy_config(state.get("config_undo", ()))
        # Drop every alias we served; keep real Keras modules imported meanwhile.
        for key in [k for k in sys.modules if _is_legacy_key(k)]:
            if _is_compat(sys.modules[key]):
                del sys.modules[key]
        for key, module in state["stashed"].items():
            if module is not _MISSING:
                sys.modules[key] = module


def is_active():
    """Whether the activation is on."""
    return _state is not None


@contextlib.contextmanager
def activated():
    """Context manager: the activation is on inside the block (if it was off)."""
    was_active = is_active()
    install()
    try:
        yield
    finally:
        if not was_active:
            uninstall()
