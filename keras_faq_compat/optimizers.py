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
  3 takes only one; a saved config keeps ``clipnorm`` only).

The classes keep the Keras 3 class names and report the ``keras.optimizers``
module, so a model compiled through the compat layer saves a config that
plain Keras 3 reads (``decay`` is then dropped by Keras 3 with its warning).
"""

import functools

from keras_faq_compat import _internals, _lazy
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.legacy import interfaces

__all__ = ["LEGACY_OPTIMIZERS", "legacy_optimizer_class", "get", "deserialize", "TFOptimizer", "clip_norm"]

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

# Keras 2 lowercase aliases (``keras.optimizers.adam``) and ``compile`` strings.
_ALIASES = {name.lower(): name for name in LEGACY_OPTIMIZERS}

# Keras 2 arguments with no Keras 3 counterpart, accepted and dropped.
_DROPPED = ("schedule_decay",)


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
        if "epsilon" in kwargs and kwargs["epsilon"] is None:
            kwargs["epsilon"] = _keras.config.epsilon()
        for key in _DROPPED:
            kwargs.pop(key, None)
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
        if clipvalue:
            self.clipvalue = clipvalue

    def _legacy_clip_gradients(self, grads):
        # Keras 3 applies only the first of clipnorm / clipvalue it finds.
        value = self._legacy_clipvalue
        if not value:
            return grads
        return [_keras.ops.clip(g, -value, value) if g is not None else g for g in grads]

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
        """Keras 2's ``get_updates(loss, params)`` (Keras 2.0: ``(params, constraints, loss)``): not restorable.

        It returned graph update operations built from the symbolic gradient
        of `loss`; an eager loss has no gradient after the fact. Raises
        `NotImplementedError` naming the replacement.
        """
        raise NotImplementedError(
            "Optimizer.get_updates(loss, params) is a Keras 2 graph-mode API that keras_faq_compat cannot "
            "restore; compute the gradients with tf.GradientTape and call optimizer.apply(grads, params) "
            "(or optimizer.apply_gradients(zip(grads, params)))."
        )

    def get_config(self):
        config = super().get_config()
        if self._legacy_clipvalue:
            # Plain Keras 3 refuses a config with both; the saved one keeps clipnorm.
            config["clipvalue"] = None
        if self._legacy_decay:
            config["decay"] = self._legacy_decay
        return config


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
    }
    return type(base.__name__, (LegacyOptimizerMixin, base), namespace)


@functools.lru_cache(maxsize=None)
def legacy_class(name):
    """The Keras 2 optimizer class called `name` (``"Adam"`` or ``"adam"``)."""
    name = _ALIASES.get(name, name)
    return legacy_optimizer_class(
        getattr(_keras.optimizers, name), LEGACY_OPTIMIZERS[name], LEGACY_POSITIONAL[name]
    )


def deserialize(config, custom_objects=None):
    """Legacy ``keras.optimizers.deserialize``: Keras 2 configs (``lr``, ``decay``) included.

    Args:
        config: ``{"class_name": ..., "config": {...}}``.
        custom_objects: name -> class for custom optimizers; default None.
    """
    class_name = config.get("class_name") if isinstance(config, dict) else None
    if class_name is not None and not (custom_objects and class_name in custom_objects):
        name = _ALIASES.get(class_name.lower())
        if name is not None:
            return legacy_class(name)(**dict(config.get("config") or {}))
    return _keras.optimizers.deserialize(config, custom_objects=custom_objects)


def get(identifier):
    """Legacy ``keras.optimizers.get``: a name, a config dict or an optimizer instance.

    Args:
        identifier: ``"adam"`` (Keras 2 defaults), a config dict, or an
            optimizer (returned as it is).
    """
    if isinstance(identifier, str):
        name = _ALIASES.get(identifier.lower())
        if name is not None:
            return legacy_class(name)()
    if isinstance(identifier, dict):
        return deserialize(identifier)
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
