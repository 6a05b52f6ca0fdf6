"""``keras.optimizers`` with Keras 2 arguments, defaults and names.

Legacy API: ``keras.optimizers.Adam(lr=1e-3, decay=1e-6, epsilon=None,
clipnorm=1.0, clipvalue=0.5)``, the lowercase aliases (``keras.optimizers.adam``,
``sgd``, ``rmsprop``, ...), ``optimizer.lr`` (for ``K.get_value`` /
``K.set_value``), the string names in ``compile(optimizer='adagrad')`` with
Keras 2's default learning rates.

Keras 3 replacement: ``keras.optimizers.Adam(learning_rate=...)``; the
``decay`` argument is a ``keras.optimizers.schedules.InverseTimeDecay`` with
``decay_steps=1``.

Behaviour kept from Keras 2:

* ``decay``: the learning rate used at step ``t`` (counting from 0) is
  ``lr / (1 + decay * t)`` (Keras 3 ignores ``decay`` with a warning);
* ``epsilon=None`` means ``K.epsilon()``;
* Keras 2 default learning rates where Keras 3 changed them (``Adagrad``
  0.01, ``Adadelta`` 1.0, ``Adamax`` and ``Nadam`` 0.002) and Keras 2's
  ``Adagrad`` accumulator starting at 0;
* ``Nadam(schedule_decay=...)`` is accepted and ignored (Keras 3's Nadam has
  a fixed momentum schedule);
* ``clipnorm`` and ``clipvalue`` together clip by norm, then by value (Keras
  3 takes only one; a saved config keeps ``clipnorm`` only);
* ``get_config()`` returns Keras 2's keys (``lr``, ``decay``, ``epsilon``, ...)
  and ``serialize`` / ``deserialize`` Keras 2's ``{"class_name", "config"}``;
  Keras's own serialisation (``.keras`` saving, ``keras.optimizers.serialize``)
  still gets the Keras 3 config;
* ``RMSprop`` and ``Adagrad`` divide by ``sqrt(accumulator) + epsilon``, as
  Keras 2 did (Keras 3 adds ``epsilon`` inside the square root).

The classes keep the Keras 3 class names and report the ``keras.optimizers``
module, so a model compiled through the compat layer saves a config that
plain Keras 3 reads (``decay`` is then dropped by Keras 3 with its warning).
"""

import functools

import numpy as np

from keras_faq_compat import _internals, _lazy
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf
from keras_faq_compat.backend import _symbolic
from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.legacy import interfaces

__all__ = [
    "LEGACY_OPTIMIZERS",
    "legacy_optimizer_class",
    "get",
    "serialize",
    "deserialize",
    "TFOptimizer",
    "clip_norm",
]

# Keras 2 class name -> Keras 2 defaults that differ from Keras 3's.
LEGACY_OPTIMIZERS = {
    "SGD": {"learning_rate": 0.01},
    "RMSprop": {"learning_rate": 0.001, "rho": 0.9},
    "Adagrad": {"learning_rate": 0.01, "initial_accumulator_value": 0.0},
    "Adadelta": {"learning_rate": 1.0, "rho": 0.95},
    "Adam": {"learning_rate": 0.001},
    "Adamax": {"learning_rate": 0.002},
    "Nadam": {"learning_rate": 0.002},
}

# Keras 2 positional order of each constructor's arguments (Keras 3's order
# differs: ``SGD(0.1, 0.9, 1e-6)`` meant lr, momentum, decay in Keras 2).
LEGACY_POSITIONAL = {
    "SGD": ("lr", "momentum", "decay", "nesterov"),
    "RMSprop": ("lr", "rho", "epsilon", "decay"),
    "Adagrad": ("lr", "epsilon", "decay"),
    "Adadelta": ("lr", "rho", "epsilon", "decay"),
    "Adam": ("lr", "beta_1", "beta_2", "epsilon", "decay", "amsgrad"),
    "Adamax": ("lr", "beta_1", "beta_2", "epsilon", "decay"),
    "Nadam": ("lr", "beta_1", "beta_2", "epsilon", "schedule_decay"),
}

# Hyperparameters Keras 2 kept in float32 backend variables (its config
# reports them rounded to float32); the others were Python numbers.
_FLOAT32_KEYS = {
    "SGD": ("momentum",),
    "RMSprop": ("rho",),
    "Adam": ("beta_1", "beta_2"),
    "Adamax": ("beta_1", "beta_2"),
    "Nadam": ("beta_1", "beta_2"),
}

# Keras 2 lowercase aliases (``keras.optimizers.adam``) and ``compile`` strings.
_ALIASES = {name.lower(): name for name in LEGACY_OPTIMIZERS}

# Keras 2 arguments with no Keras 3 counterpart: accepted, kept for
# ``get_config``, not used (name -> Keras 2 default).
_DROPPED = {"schedule_decay": 0.004}


class LegacyOptimizerMixin(_internals.OptimizerHooks):
    """Keras 2 arguments on a Keras 3 optimizer class.

    Args (keywords, on top of the Keras 3 optimizer's own):
        lr: Keras 2 name of ``learning_rate``.
        decay: time-based decay: step ``t`` uses ``lr / (1 + decay * t)``;
            default 0.
        epsilon: default None, meaning ``K.epsilon()``.
        clipnorm, clipvalue: as in Keras 3.
    """

    _legacy_defaults = {}
    _legacy_positional = ()

    def __init__(self, *args, **kwargs):
        if len(args) > len(self._legacy_positional):
            raise TypeError(
                f"{type(self).__name__} takes at most {len(self._legacy_positional)} positional "
                f"arguments ({', '.join(self._legacy_positional)}), got {len(args)}."
            )
        for name, value in zip(self._legacy_positional, args):
            if name in kwargs:
                raise TypeError(f"{type(self).__name__} got multiple values for argument {name!r}.")
            kwargs[name] = value
        args = ()
        if "lr" in kwargs:
            if "learning_rate" in kwargs:
                raise ValueError(
                    f"{type(self).__name__}: got both `lr` and `learning_rate`; "
                    "`lr` is the Keras 2 name of `learning_rate`, pass one of them."
                )
            kwargs["learning_rate"] = kwargs.pop("lr")
            warn_legacy("keras.optimizers.*(lr=...)", "keras.optimizers.*(learning_rate=...)")
        decay = kwargs.pop("decay", 0.0) or 0.0
        if decay:
            warn_legacy(
                "keras.optimizers.*(decay=...)",
                "learning_rate=keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)",
            )
        if decay < 0:
            raise ValueError(f"{type(self).__name__}: `decay` must be >= 0, got {decay!r}.")
        # Keras 2 read K.epsilon() when the optimizer was made.
        if "epsilon" in self._legacy_positional and kwargs.get("epsilon") is None:
            kwargs["epsilon"] = _keras.config.epsilon()
        dropped = {key: kwargs.pop(key) for key in _DROPPED if key in kwargs}
        # Keras 2 applied both clipnorm and clipvalue (in that order); Keras 3
        # takes one of them, so the value clipping is done here.
        clipvalue = None
        if kwargs.get("clipnorm") and kwargs.get("clipvalue"):
            clipvalue = kwargs.pop("clipvalue")
        for key, value in self._legacy_defaults.items():
            kwargs.setdefault(key, value)
        super().__init__(*args, **kwargs)
        self._legacy_decay = float(decay)
        self._legacy_clipvalue = clipvalue
        self._legacy_dropped = dropped
        if clipvalue:
            self.clipvalue = clipvalue

    def _legacy_clip_gradients(self, grads):
        # Keras 3 applies only the first of clipnorm / clipvalue it finds.
        value = self._legacy_clipvalue
        if not value:
            return grads
        return [_keras.ops.clip(g, -value, value) if g is not None else g for g in grads]

    def apply(self, grads, trainable_variables=None):
        """Keras 3's ``apply``; variables of another model rebuild the optimizer's slots for them.

        Keras 2 gave each model compiled with one optimizer its own slots
        (its ``get_updates`` made them for the variables given) and shared
        the step count; Keras 3 refuses variables it was not built for.
        The slots are made when a model's training function is first traced;
        a model whose training function is traced again after another model
        took over the optimizer fails in TensorFlow (which makes variables
        only in a first trace).
        """
        if trainable_variables is not None and self.built:
            trainable_variables = list(trainable_variables)
            known = {id(v) for v in _internals.optimized_variables(self)}
            if any(id(v) not in known for v in trainable_variables):
                _internals.rebuild_optimizer(self, trainable_variables)
        return super().apply(grads, trainable_variables)

    @property
    def decay(self):
        """Keras 2's time-based decay factor (0 for none)."""
        return self._legacy_decay

    @property
    def lr(self):
        """Keras 2 name of the base learning rate (a variable for ``K.get_value`` / ``K.set_value``)."""
        return _internals.learning_rate_variable(self)

    @lr.setter
    def lr(self, value):
        self.learning_rate = value

    def _legacy_learning_rate(self, learning_rate):
        # Every update step reads the learning rate here (Keras 3's hook for
        # schedules), so the decay applies to the base rate, which stays a
        # variable that ``K.set_value(optimizer.lr, ...)`` can change.
        if not self._legacy_decay:
            return learning_rate
        ops = _keras.ops
        step = ops.cast(self.iterations, learning_rate.dtype)
        return learning_rate / (1.0 + self._legacy_decay * step)

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        """Keras 2's ``get_updates(loss, params)`` (Keras 2.0: ``(params, constraints, loss)``).

        Keras 3 replacement: the gradients from a ``tf.GradientTape``, then
        ``optimizer.apply(grads, params)``.

        Args:
            loss: a symbolic loss (from ``K.placeholder`` or model tensors).
            params: the variables to train.

        Returns:
            a list of updates for ``K.function(..., updates=...)``: each call
            of the function computes the gradients of `loss` and applies one
            step of this optimizer (its Keras 2 rule, clipping and decay, the
            same step ``fit`` takes).
        """
        params = list(params)
        grads = self._symbolic_gradients(loss, params)
        return [_OptimizerStep(self, params, grads)]

    def get_gradients(self, loss, params):
        """Keras 2's ``get_gradients(loss, params)``: the symbolic gradients, clipped as this optimizer clips.

        Args:
            loss: a symbolic loss (from ``K.placeholder`` or model tensors).
            params: the variables.

        Raises:
            ValueError: when `loss` does not depend on one of `params` (Keras 2's error).
        """
        grads = self._symbolic_gradients(loss, list(params))
        return _symbolic.graph_call(_clipped, self, *grads)

    def _symbolic_gradients(self, loss, params):
        grads = _symbolic.gradients(loss, params)
        if any(g is None for g in grads):
            raise ValueError(
                "An operation has `None` for gradient: `loss` does not depend on one of `params` "
                "(or the path is not differentiable, e.g. K.argmax, K.round)."
            )
        return grads

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """An optimizer from a Keras 2 config (``lr``, ``decay``, ...) or a Keras 3 one.

        Args:
            config: the dict `get_config` returns (Keras 2's or Keras 3's keys).
            custom_objects: name -> class, for a custom learning rate schedule; default None.
        """
        config = dict(config)
        if isinstance(config.get("lr"), dict):
            config["learning_rate"] = config.pop("lr")
        return super().from_config(config, custom_objects=custom_objects)

    def get_config(self):
        """Keras 2's config: ``{"lr": ..., "decay": ..., ...}`` (Keras 2's keys for this class).

        Keras itself (``keras.saving.serialize_keras_object``, ``.keras``
        saving, ``keras.optimizers.serialize``) gets the Keras 3 config
        instead (``learning_rate``, ...), so that plain Keras 3 reads it.
        """
        if _internals.called_by_keras("get_config"):
            return self.get_keras3_config()
        return self.get_keras2_config()

    def get_keras3_config(self):
        """The Keras 3 config of this optimizer (``learning_rate``; ``decay`` kept when set)."""
        config = super().get_config()
        if self._legacy_clipvalue:
            # Plain Keras 3 refuses a config with both; the saved one keeps clipnorm.
            config["clipvalue"] = None
        if self._legacy_decay:
            config["decay"] = self._legacy_decay
        return config

    def get_keras2_config(self):
        """The config Keras 2 gave: its keys for this class, plus ``clipnorm`` / ``clipvalue`` when set."""
        name = self._keras2_name
        config = {}
        if self.clipnorm:
            config["clipnorm"] = self.clipnorm
        clipvalue = self._legacy_clipvalue or self.clipvalue
        if clipvalue:
            config["clipvalue"] = clipvalue
        rate = _internals.learning_rate_variable(self)
        if isinstance(rate, _keras.optimizers.schedules.LearningRateSchedule):
            lr = _keras.optimizers.schedules.serialize(rate)
        else:
            lr = float(_keras.ops.convert_to_numpy(rate))
        # Keras 2's get_config() held exactly its constructor's arguments (besides clipnorm / clipvalue).
        for key in LEGACY_POSITIONAL[name]:
            if key == "lr":
                config[key] = lr
            elif key == "decay":
                config[key] = float(np.float32(self._legacy_decay))
            elif key in _DROPPED:
                config[key] = self._legacy_dropped.get(key, _DROPPED[key])
            elif key in _FLOAT32_KEYS.get(name, ()):
                config[key] = float(np.float32(getattr(self, key)))
            else:
                config[key] = getattr(self, key)
        return config


def _dense(gradient):
    # Keras 2's TensorFlow backend squared an Embedding's sparse gradient as a dense tensor, so
    # every row of the accumulator decays each step; Keras ops cannot take `tf.IndexedSlices`.
    if isinstance(gradient, _tf.IndexedSlices):
        return _tf.convert_to_tensor(gradient)
    return gradient


class _Keras2RMSpropRule:
    """Keras 2's RMSprop step: ``p -= lr * g / (sqrt(a) + epsilon)``.

    Keras 3 divides by ``sqrt(a + epsilon)``: smaller steps while the
    accumulator is small. Its ``momentum`` and ``centered`` variants (not in
    Keras 2) keep Keras 3's rule.
    """

    def update_step(self, gradient, variable, learning_rate):
        if self.momentum > 0 or self.centered:
            return super().update_step(gradient, variable, learning_rate)
        ops = _keras.ops
        lr = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(_dense(gradient), variable.dtype)
        (velocities,) = _internals.optimizer_slots(self)[:1]
        velocity = velocities[_internals.variable_index(self, variable)]
        self.assign(velocity, self.rho * velocity + (1 - self.rho) * ops.square(gradient))
        self.assign_sub(variable, lr * gradient / (ops.sqrt(velocity) + self.epsilon))


class _Keras2AdagradRule:
    """Keras 2's Adagrad step: ``p -= lr * g / (sqrt(a) + epsilon)`` (Keras 3: ``sqrt(a + epsilon)``)."""

    def update_step(self, gradient, variable, learning_rate):
        ops = _keras.ops
        lr = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(_dense(gradient), variable.dtype)
        (accumulators,) = _internals.optimizer_slots(self)
        accumulator = accumulators[_internals.variable_index(self, variable)]
        self.assign_add(accumulator, ops.square(gradient))
        self.assign_sub(variable, lr * gradient / (ops.sqrt(accumulator) + self.epsilon))


# Keras 2 update rules that differ from Keras 3's, by class name.
_KERAS2_RULES = {"RMSprop": _Keras2RMSpropRule, "Adagrad": _Keras2AdagradRule}


class _OptimizerStep:
    """One optimizer step as a `K.function` update: it receives the gradients' values and applies them.

    Args:
        optimizer: the Keras 2 optimizer.
        params: the variables.
        grads: their symbolic gradients (`values` of the update).
    """

    def __init__(self, optimizer, params, grads):
        self.optimizer = optimizer
        self.params = params
        self.values = list(grads)

    def apply(self, *grads):
        self.optimizer.apply_gradients(zip(grads, self.params))


def _clipped(optimizer, *grads):
    """`grads` clipped as ``optimizer.apply`` clips them (``clipnorm``, ``global_clipnorm`` or ``clipvalue``)."""
    ops = _keras.ops
    grads = [ops.convert_to_tensor(g) for g in grads]
    if optimizer.clipnorm:
        grads = [g * optimizer.clipnorm / ops.maximum(ops.sqrt(ops.sum(g * g)), optimizer.clipnorm) for g in grads]
    elif optimizer.global_clipnorm:
        norm = ops.sqrt(sum(ops.sum(g * g) for g in grads))
        grads = [g * optimizer.global_clipnorm / ops.maximum(norm, optimizer.global_clipnorm) for g in grads]
    elif optimizer.clipvalue:
        grads = [ops.clip(g, -optimizer.clipvalue, optimizer.clipvalue) for g in grads]
    return list(optimizer._legacy_clip_gradients(grads))


def legacy_optimizer_class(base, defaults=None, positional=()):
    """Make the Keras 2 version of Keras 3 optimizer class `base`.

    Args:
        base: a Keras 3 optimizer class (``keras.optimizers.Adam``).
        defaults: Keras 2 keyword defaults that differ from Keras 3; default None.
        positional: Keras 2's positional argument names, in order; default ().
    """
    namespace = {
        "__module__": "keras.optimizers",
        "__qualname__": base.__name__,
        "__doc__": f"Keras 2 ``{base.__name__}``: ``keras.optimizers.{base.__name__}`` taking ``lr`` and ``decay``.",
        "_legacy_defaults": dict(defaults or {}),
        "_legacy_positional": tuple(positional),
        "_keras2_name": base.__name__,
    }
    rule = _KERAS2_RULES.get(base.__name__)
    bases = (LegacyOptimizerMixin, rule, base) if rule else (LegacyOptimizerMixin, base)
    return type(base.__name__, bases, namespace)


@functools.lru_cache(maxsize=None)
def legacy_class(name):
    """The Keras 2 optimizer class called `name` (``"Adam"`` or ``"adam"``)."""
    name = _ALIASES.get(name, name)
    return legacy_optimizer_class(
        getattr(_keras.optimizers, name), LEGACY_OPTIMIZERS[name], LEGACY_POSITIONAL[name]
    )


def serialize(optimizer):
    """Legacy ``keras.optimizers.serialize``: Keras 2's ``{"class_name": ..., "config": ...}``.

    Keras 3's also has ``module`` and ``registered_name``.

    Args:
        optimizer: an optimizer; its ``get_config()`` is the ``config``.
    """
    return {"class_name": type(optimizer).__name__, "config": optimizer.get_config()}


def deserialize(config, custom_objects=None):
    """Legacy ``keras.optimizers.deserialize``: Keras 2 configs (``lr``, ``decay``) included.

    As in Keras 2, the ``class_name`` of a built-in optimizer is lowercased
    in `config` itself (``"Adam"`` becomes ``"adam"``).

    Args:
        config: ``{"class_name": ..., "config": {...}}``.
        custom_objects: name -> class for custom optimizers; default None.
    """
    class_name = config.get("class_name") if isinstance(config, dict) else None
    if class_name is not None and not (custom_objects and class_name in custom_objects):
        name = _ALIASES.get(class_name.lower())
        if name is not None:
            config["class_name"] = class_name.lower()
            return legacy_class(name).from_config(dict(config.get("config") or {}))
    return _keras.optimizers.deserialize(config, custom_objects=custom_objects)


def get(identifier):
    """Legacy ``keras.optimizers.get``: a name, a config dict or an optimizer instance.

    Args:
        identifier: ``"adam"`` (Keras 2 defaults), a config dict, an
            optimizer (returned as it is), or a TF1 ``tf.compat.v1.train``
            optimizer (wrapped in `TFOptimizer`).
    """
    if isinstance(identifier, str):
        name = _ALIASES.get(identifier.lower())
        if name is not None:
            return legacy_class(name)()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, _tf.compat.v1.train.Optimizer):
        # Keras 2 wrapped a TF1 optimizer given to `compile` or `get`.
        return TFOptimizer(identifier)
    return _keras.optimizers.get(identifier)


def clip_norm(g, c, n):
    """Keras 2's ``clip_norm``: gradient `g` scaled by ``c / n`` when its norm `n` is at least `c`.

    Args:
        g: a gradient tensor (``tf.IndexedSlices`` stay sparse).
        c: the largest norm; 0 or less returns `g` unchanged.
        n: the norm of `g`.
    """
    if c <= 0:
        return g
    ops = _keras.ops
    factor = ops.where(ops.greater_equal(n, c), c / n, ops.ones_like(n))
    if hasattr(g, "indices") and hasattr(g, "dense_shape"):
        return type(g)(g.values * ops.cast(factor, g.values.dtype), g.indices, g.dense_shape)
    return g * ops.cast(factor, g.dtype)


class TFOptimizer(_keras.optimizers.Optimizer):
    """Keras 2's ``TFOptimizer``: a TensorFlow 1 optimizer (``tf.compat.v1.train.*Optimizer``)
    driving a Keras model.

    ```python
    model.compile(optimizer=TFOptimizer(tf.compat.v1.train.AdamOptimizer(0.01)), loss='mse')
    ```

    Each step hands the gradients to the wrapped optimizer's ``apply_gradients``, so it updates
    the model's variables with its own rule and slots. A Keras optimizer may be wrapped too (its
    ``apply`` is used). As in Keras 2, the wrapped TensorFlow optimizer's state cannot be saved:
    `get_config` raises ``NotImplementedError`` for it.

    Keras 3 replacement: a ``keras.optimizers`` optimizer (``keras.optimizers.Adam(0.01)``).

    Args:
        optimizer: a ``tf.compat.v1.train.Optimizer`` (anything with ``apply_gradients`` taking
            ``(gradient, variable)`` pairs), or a Keras optimizer.
    """

    def __init__(self, optimizer, **kwargs):
        if not (isinstance(optimizer, _keras.optimizers.Optimizer) or callable(getattr(optimizer, "apply_gradients", None))):
            raise TypeError(
                "keras.optimizers.TFOptimizer wraps a tf.compat.v1.train.Optimizer or a Keras "
                f"optimizer; got {optimizer!r}. Use a keras.optimizers optimizer instead."
            )
        warn_legacy("keras.optimizers.TFOptimizer", "a keras.optimizers optimizer (keras.optimizers.Adam(...))")
        kwargs.setdefault("name", "TFOptimizer")
        # The learning rate lives in the wrapped optimizer; Keras 3 needs one to build.
        super().__init__(learning_rate=0.0, **kwargs)
        self.optimizer = optimizer

    def _wraps_keras(self):
        return isinstance(self.optimizer, _keras.optimizers.Optimizer)

    def build(self, variables):
        super().build(variables)
        if self._wraps_keras() and not self.optimizer.built:
            self.optimizer.build(variables)

    def apply(self, grads, trainable_variables=None):
        if trainable_variables is None:
            trainable_variables = _internals.optimized_variables(self)
        trainable_variables = list(trainable_variables)
        if not self.built:
            self.build(trainable_variables)
            self.built = True
        if self._wraps_keras():
            self.optimizer.apply(grads, trainable_variables)
        else:
            # A TensorFlow optimizer updates tf.Variables: each Keras variable's `.value`.
            pairs = [(g, v.value) for g, v in zip(grads, trainable_variables) if g is not None]
            if pairs:
                self.optimizer.apply_gradients(pairs)
        self.iterations.assign_add(1)

    @property
    def weights(self):
        """The wrapped Keras optimizer's variables (a TensorFlow one does not expose them)."""
        if self._wraps_keras():
            return self.optimizer.variables
        raise NotImplementedError(
            "keras.optimizers.TFOptimizer: a TensorFlow optimizer's state is not accessible; "
            "use a keras.optimizers optimizer to save or read optimizer weights."
        )

    def get_config(self):
        if self._wraps_keras():
            return {"optimizer": _keras.optimizers.serialize(self.optimizer)}
        raise NotImplementedError(
            "keras.optimizers.TFOptimizer: TensorFlow optimizers cannot be saved; compile the model "
            "again after loading it, or use a keras.optimizers optimizer."
        )

    @classmethod
    def from_config(cls, config, custom_objects=None):
        if not isinstance(config, dict) or "optimizer" not in config:
            raise NotImplementedError(
                "keras.optimizers.TFOptimizer: TensorFlow optimizers cannot be restored from a config; "
                "use a keras.optimizers optimizer."
            )
        optimizer = config["optimizer"]
        if isinstance(optimizer, dict):
            optimizer = _keras.optimizers.deserialize(optimizer, custom_objects=custom_objects)
        return cls(optimizer)


_surface_getattr, _surface_dir = _lazy.surface(__name__)


def __getattr__(name):
    if name in LEGACY_OPTIMIZERS or name in _ALIASES:
        return legacy_class(name)
    return _surface_getattr(name)


def __dir__():
    return sorted(set(__all__) | set(LEGACY_OPTIMIZERS) | set(_ALIASES) | set(_surface_dir()))
