"""``keras.initializers`` as Keras 2 code imports it.

Legacy API: the initializer classes and their Keras 2 aliases (``zero``, ``one``, ``normal``,
``uniform``, ``identity``, ...), ``get``/``serialize``/``deserialize``, and the private
``_compute_fans(shape, data_format='channels_last')`` that Keras 2's own tests and some user code
import. The other names are rows of `keras_faq_compat.legacy_names`.

Keras 3 replacement: ``keras.initializers`` (same classes and names).

Differences restored here: the random initializers draw Keras 2's numbers. Keras 2's TensorFlow
backend gave each unseeded random op the op seed ``np.random.randint(10e6)``, drawn when the weight
was made, and TensorFlow's stateful Philox generator turned the seeds into values; Keras 3 seeds from
Python's ``random`` at construction and uses other kernels. ``RandomNormal``, ``RandomUniform``,
``TruncatedNormal``, ``VarianceScaling`` (and ``glorot_*``, ``he_*``, ``lecun_*``) here draw the same
values as Keras 2 for the same ``np.random.seed`` (and ``tf.set_random_seed``), and ``Orthogonal``
is Keras 2's numpy SVD of numpy normals. Under the activation every layer resolves its initializer
names through `keras2_get`, so ``Dense(3)`` starts from Keras 2's weights. An initializer given an
int seed gives the same values at each call, as in Keras 2. Each class saves as its Keras 3 class.

Keras 2's ``Identity`` keeps its ``gain`` in its config, refuses a shape that is not 2D or whose long side
is not a multiple of the short side, and for a rectangular matrix stacks identity matrices along the
long side (Keras 3 accepts any 2D shape and returns one ``eye`` padded with zeros). ``Identity``
serializes as Keras 3's ``keras.initializers.Identity``, so saved files load in plain Keras 3 (as
Keras 3's initializer).
"""

import contextlib
import math
import threading

import numpy as np

from keras_faq_compat import _internals, _lazy
from keras_faq_compat._real import keras as _keras
from keras_faq_compat._real import tf as _tf

__all__ = [
    "RandomNormal",
    "RandomUniform",
    "TruncatedNormal",
    "VarianceScaling",
    "Orthogonal",
    "GlorotNormal",
    "GlorotUniform",
    "HeNormal",
    "HeUniform",
    "LecunNormal",
    "LecunUniform",
    "Identity",
    "identity",
    "get",
    "deserialize",
    "_compute_fans",
]


def _compute_fans(shape, data_format="channels_last"):
    """``(fan_in, fan_out)`` of a weight of `shape`, as Keras 2 computed them.

    A 2D shape is ``(fan_in, fan_out)``; a 3D to 5D shape is a convolution kernel whose receptive
    field multiplies both; any other rank gives the square root of the number of weights for both.

    Args:
        shape: the weight's shape (a tuple of ints).
        data_format: ``'channels_last'`` (kernel ``(..., input_depth, depth)``, every Keras kernel)
            or ``'channels_first'`` (Theano's ``(depth, input_depth, ...)``); default
            ``'channels_last'``.

    Raises:
        ValueError: `data_format` is neither.
    """
    shape = tuple(shape)
    if len(shape) == 2:
        return shape[0], shape[1]
    if len(shape) in (3, 4, 5):
        if data_format == "channels_first":
            field = math.prod(shape[2:])
            return shape[1] * field, shape[0] * field
        if data_format == "channels_last":
            field = math.prod(shape[:-2])
            return shape[-2] * field, shape[-1] * field
        raise ValueError(f"_compute_fans: invalid `data_format` {data_format!r}; use 'channels_last' or 'channels_first'.")
    fan = math.sqrt(math.prod(shape))
    return fan, fan


# The raw op of each distribution that takes Philox's key and counter: given TF1's two seeds, it
# draws what TF1's stateful op drew on its first run.
_STATELESS_OPS = {
    "uniform": _tf.raw_ops.StatelessRandomUniformV2,
    "normal": _tf.raw_ops.StatelessRandomNormalV2,
    "truncated_normal": _tf.raw_ops.StatelessTruncatedNormalV2,
}
_PHILOX = 1
# Set while a model is built from a file whose weights replace every initial value.
_replaced = threading.local()


@contextlib.contextmanager
def values_replaced_by_file():
    """While inside, Keras 2's initializers draw from numpy as Keras 2 did but compute no values.

    ``load_model`` builds the model (Keras 2 ran every initializer then too) and then assigns the
    file's weights: numpy's generator moves on exactly as in Keras 2, and the cost of the values
    (the SVD of a large ``Orthogonal`` kernel) is saved. The weights are zeros until assigned.
    """
    previous = getattr(_replaced, "on", False)
    _replaced.on = True
    try:
        yield
    finally:
        _replaced.on = previous


def _values_replaced():
    return getattr(_replaced, "on", False)


def _tf1_sample(distribution, shape, dtype, seed, loc, scale):
    """What Keras 2's ``K.random_uniform`` / ``K.random_normal`` / ``K.truncated_normal`` returned.

    Args:
        distribution: ``'uniform'`` (``loc`` is the minimum, ``scale`` the maximum),
            ``'normal'`` or ``'truncated_normal'`` (``loc`` the mean, ``scale`` the
            standard deviation).
        shape: a tuple of ints.
        dtype: a float dtype name.
        seed: the op seed, or None for Keras 2's draw from numpy's global generator.
    """
    if seed is None:
        seed = int(np.random.randint(10e6))
    if _values_replaced():
        return _tf.zeros([int(d) for d in shape], dtype)
    seed, seed2 = _internals.tf1_random_seeds(seed)
    unit = _STATELESS_OPS[distribution](
        shape=[int(d) for d in shape],
        key=_tf.constant([seed], _tf.uint64),
        counter=_tf.constant([0, seed2], _tf.uint64),
        alg=_PHILOX,
        dtype=dtype,
    )
    loc, scale = _tf.constant(loc, dtype), _tf.constant(scale, dtype)
    # TensorFlow's own arithmetic, in its order, so that the values are bit for bit TF1's.
    if distribution == "uniform":
        return unit * (scale - loc) + loc
    return unit * scale + loc


class _Keras2Seed:
    """Mixin: keep the seed as given (None draws anew from numpy at each call, as Keras 2 did).

    Keras 3's constructor draws a seed when none is given; Keras 2 drew one per weight made.
    """

    def _keep_seed(self, seed):
        self._keras2_seed = seed
        self.seed = seed

    def get_config(self):
        config = super().get_config()
        config["seed"] = self._keras2_seed
        return config


def _float_dtype(dtype):
    return _keras.backend.standardize_dtype(dtype or _keras.config.floatx())


class RandomNormal(_Keras2Seed, _keras.initializers.RandomNormal):
    """Keras 2's ``RandomNormal(mean=0., stddev=0.05, seed=None)``, with Keras 2's values.

    Args:
        mean: the mean; default 0.
        stddev: the standard deviation; default 0.05.
        seed: an int, or None (a new draw per weight); default None.
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(mean=mean, stddev=stddev, seed=0 if seed is None else seed)
        self._keep_seed(seed)

    def __call__(self, shape, dtype=None):
        return _tf1_sample("normal", shape, _float_dtype(dtype), self.seed, self.mean, self.stddev)


class RandomUniform(_Keras2Seed, _keras.initializers.RandomUniform):
    """Keras 2's ``RandomUniform(minval=-0.05, maxval=0.05, seed=None)``, with Keras 2's values.

    Args:
        minval: the lower bound; default -0.05.
        maxval: the upper bound; default 0.05.
        seed: an int, or None (a new draw per weight); default None.
    """

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(minval=minval, maxval=maxval, seed=0 if seed is None else seed)
        self._keep_seed(seed)

    def __call__(self, shape, dtype=None):
        return _tf1_sample("uniform", shape, _float_dtype(dtype), self.seed, self.minval, self.maxval)


class TruncatedNormal(_Keras2Seed, _keras.initializers.TruncatedNormal):
    """Keras 2's ``TruncatedNormal(mean=0., stddev=0.05, seed=None)``, with Keras 2's values.

    Args:
        mean: the mean; default 0.
        stddev: the standard deviation before truncation at two of them; default 0.05.
        seed: an int, or None (a new draw per weight); default None.
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(mean=mean, stddev=stddev, seed=0 if seed is None else seed)
        self._keep_seed(seed)

    def __call__(self, shape, dtype=None):
        return _tf1_sample("truncated_normal", shape, _float_dtype(dtype), self.seed, self.mean, self.stddev)


# Keras 2 called the truncated normal 'normal'; Keras 3 calls it 'truncated_normal'.
_DISTRIBUTIONS = {"normal": "truncated_normal"}
# The standard deviation of a unit normal truncated at two standard deviations.
_TRUNCATED_STDDEV = 0.87962566103423978


class _Keras2VarianceScaling(_Keras2Seed):
    """Mixin for `VarianceScaling` and its named forms: Keras 2's fans, scale and draws."""

    def __call__(self, shape, dtype=None):
        if getattr(self, "input_axes", None) is not None or getattr(self, "output_axes", None) is not None:
            # Keras 3's fans over chosen axes (EinsumDense kernels): Keras 2 had no such kernels.
            return super().__call__(shape, dtype=dtype)
        fan_in, fan_out = _compute_fans(shape)
        fans = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}
        scale = self.scale / max(1.0, float(fans[self.mode]))
        dtype = _float_dtype(dtype)
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * scale)
            return _tf1_sample("uniform", shape, dtype, self.seed, -limit, limit)
        if self.distribution == "untruncated_normal":
            return _tf1_sample("normal", shape, dtype, self.seed, 0.0, math.sqrt(scale))
        return _tf1_sample("truncated_normal", shape, dtype, self.seed, 0.0, math.sqrt(scale) / _TRUNCATED_STDDEV)


class VarianceScaling(_Keras2VarianceScaling, _keras.initializers.VarianceScaling):
    """Keras 2's ``VarianceScaling(scale=1.0, mode='fan_in', distribution='normal', seed=None)``.

    Args:
        scale: a positive float; default 1.0.
        mode: ``'fan_in'``, ``'fan_out'`` or ``'fan_avg'``; default ``'fan_in'``.
        distribution: ``'normal'`` (Keras 2's name of the truncated normal, Keras 3's
            ``'truncated_normal'``), ``'untruncated_normal'`` or ``'uniform'``; default ``'normal'``.
        seed: an int, or None (a new draw per weight); default None.
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="normal", seed=None, **kwargs):
        distribution = _DISTRIBUTIONS.get(distribution, distribution)
        # kwargs: Keras 3.15's input_axes / output_axes, when a Keras 3 config gives them.
        super().__init__(scale=scale, mode=mode, distribution=distribution, seed=0 if seed is None else seed, **kwargs)
        self._keep_seed(seed)


def _named_variance_scaling(base, doc):
    """A Keras 2 form of Keras 3's `base` (``GlorotUniform``, ...): its arguments, Keras 2's values."""

    def __init__(self, seed=None, **kwargs):
        base.__init__(self, seed=0 if seed is None else seed, **kwargs)
        self._keep_seed(seed)

    return type(base.__name__, (_Keras2VarianceScaling, base), {"__init__": __init__, "__doc__": doc})


_SEED_ARG = "\n\n    Args:\n        seed: an int, or None (a new draw per weight); default None.\n    "
GlorotNormal = _named_variance_scaling(_keras.initializers.GlorotNormal, "Keras 2's ``glorot_normal``." + _SEED_ARG)
GlorotUniform = _named_variance_scaling(_keras.initializers.GlorotUniform, "Keras 2's ``glorot_uniform``." + _SEED_ARG)
HeNormal = _named_variance_scaling(_keras.initializers.HeNormal, "Keras 2's ``he_normal``." + _SEED_ARG)
HeUniform = _named_variance_scaling(_keras.initializers.HeUniform, "Keras 2's ``he_uniform``." + _SEED_ARG)
LecunNormal = _named_variance_scaling(_keras.initializers.LecunNormal, "Keras 2's ``lecun_normal``." + _SEED_ARG)
LecunUniform = _named_variance_scaling(_keras.initializers.LecunUniform, "Keras 2's ``lecun_uniform``." + _SEED_ARG)


class Orthogonal(_Keras2Seed, _keras.initializers.Orthogonal):
    """Keras 2's ``Orthogonal(gain=1., seed=None)``: an orthogonal factor of numpy normals.

    The SVD of a ``(prod(shape[:-1]), shape[-1])`` matrix of ``np.random.normal`` draws (after
    ``np.random.seed(seed)`` when a seed is given, as Keras 2 did), times `gain`.

    Args:
        gain: the factor applied; default 1.
        seed: an int (reseeds numpy's global generator at each call, as Keras 2 did), or None;
            default None.
    """

    def __init__(self, gain=1.0, seed=None):
        super().__init__(gain=gain, seed=0 if seed is None else seed)
        self._keep_seed(seed)

    def __call__(self, shape, dtype=None):
        shape = tuple(int(d) for d in shape)
        flat_shape = (math.prod(shape[:-1]), shape[-1])
        if self.seed is not None:
            np.random.seed(self.seed)
        normals = np.random.normal(0.0, 1.0, flat_shape)
        if _values_replaced():
            return _keras.ops.zeros(shape, _float_dtype(dtype))
        u, _, v = np.linalg.svd(normals, full_matrices=False)
        q = (u if u.shape == flat_shape else v).reshape(shape)
        return _keras.ops.cast(self.gain * q, _float_dtype(dtype))


class Identity(_keras.initializers.Identity):
    """Keras 2's identity initializer: identity matrices, stacked along the long side.

    Args:
        gain: the factor applied to the matrix; default 1.
    """

    def __call__(self, shape, dtype=None):
        shape = tuple(shape)
        if len(shape) != 2:
            raise ValueError(f"Identity matrix initializer can only be used for 2D matrices; got shape {shape}.")
        rows, cols = shape
        short = min(shape)
        if max(shape) % short != 0:
            raise ValueError(f"Identity initializer: the long side should be a multiple of the short side; got shape {shape}.")
        ops = _keras.ops
        dtype = _keras.backend.standardize_dtype(dtype)
        eye = ops.tile(ops.eye(short, dtype=dtype), (rows // short, cols // short))
        return ops.cast(self.gain, dtype) * eye

    def get_config(self):
        # Keras 3's Identity writes no config, so a saved ``gain`` came back as 1.
        return {"gain": self.gain}


identity = Identity
# Keras 2's lower-case names: aliases of the classes, or (glorot_uniform, ...) functions taking only
# a seed, which the classes' constructors are.
normal = random_normal = RandomNormal
uniform = random_uniform = RandomUniform
truncated_normal = TruncatedNormal
orthogonal = Orthogonal
glorot_normal, glorot_uniform = GlorotNormal, GlorotUniform
he_normal, he_uniform = HeNormal, HeUniform
lecun_normal, lecun_uniform = LecunNormal, LecunUniform

_KERAS2_CLASSES = (
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
    Orthogonal,
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    Identity,
)
for _cls in _KERAS2_CLASSES:
    # Keras 3's serializer and loader name each after the public class: files stay plain Keras 3.
    _cls.__module__ = "keras.initializers"
    # ... and its class name (Keras 3.3 calls its orthogonal class OrthogonalInitializer).
    _cls.__name__ = _cls.__qualname__ = next(c for c in _cls.__mro__[1:] if c.__module__.startswith("keras.")).__name__
del _cls

# Names that Keras 2's ``get``/``deserialize`` resolved to this module's own classes: Keras 2's
# snake-case names and aliases, Keras 3's class names (and Keras 3.3's ``OrthogonalInitializer``).
_KERAS2_OBJECTS = {
    **{cls.__name__: cls for cls in _KERAS2_CLASSES},
    "Orthogonal": Orthogonal,
    "random_normal": RandomNormal,
    "normal": RandomNormal,
    "random_uniform": RandomUniform,
    "uniform": RandomUniform,
    "truncated_normal": TruncatedNormal,
    "variance_scaling": VarianceScaling,
    "orthogonal": Orthogonal,
    "glorot_normal": GlorotNormal,
    "glorot_uniform": GlorotUniform,
    "he_normal": HeNormal,
    "he_uniform": HeUniform,
    "lecun_normal": LecunNormal,
    "lecun_uniform": LecunUniform,
    "Identity": Identity,
    "identity": Identity,
}


def deserialize(config, custom_objects=None):
    """An initializer from its config (or name), with Keras 2's classes for Keras 2's names.

    Args:
        config: a config dict (``{'class_name': ..., 'config': ...}``) or a name.
        custom_objects: user classes by name; default None.
    """
    if isinstance(config, str) and config in _KERAS2_OBJECTS and config not in (custom_objects or {}):
        return _KERAS2_OBJECTS[config]()
    custom_objects = {**_KERAS2_OBJECTS, **(custom_objects or {})}
    if isinstance(config, dict):
        cls = custom_objects.get(config.get("class_name"))
        if cls in _KERAS2_CLASSES and config.get("module") in (None, "keras.initializers", "keras.src.initializers"):
            # A Keras 3 config names its module, which Keras 3 resolves before any custom object.
            return cls.from_config(dict(config.get("config") or {}))
    return _keras.initializers.deserialize(config, custom_objects=custom_objects)


def installed_class_name(name):
    """The class name that the installed Keras resolves in a config for the initializer `name`.

    Keras 3.3 exports its ``OrthogonalInitializer`` class as
    ``keras.initializers.Orthogonal`` but resolves only the class's own name in
    a config; Keras 2 and later Keras 3 releases call the class ``Orthogonal``.
    Other names are returned as they are. Not a Keras 2 name (left out of ``__all__``).

    Args:
        name: a class name from a Keras 2 config or code (``'Orthogonal'``).
    """
    cls = getattr(_keras.initializers, name, None) if isinstance(name, str) else None
    if isinstance(cls, type) and name[:1].isupper() and cls.__name__ != name:
        return cls.__name__
    return name


def keras2_get(identifier):
    """What a layer's ``kernel_initializer='glorot_uniform'`` resolves to under the activation.

    Keras 2's initializers for the built-in names and configs, Keras 3's ``get`` for the rest.
    Installed in place of ``keras.initializers.get`` by the activation.

    Args:
        identifier: a name, a config dict, an initializer, a callable or None.
    """
    if isinstance(identifier, str) and identifier in _KERAS2_OBJECTS:
        return _KERAS2_OBJECTS[identifier]()
    if isinstance(identifier, dict) and identifier.get("class_name") in _KERAS2_OBJECTS:
        return deserialize(identifier)
    return _REAL_GET(identifier)


_REAL_GET = _keras.initializers.get


def get(identifier):
    """An initializer from a name, a config dict, or a callable (returned as it is).

    Args:
        identifier: ``'identity'``, ``{'class_name': 'Identity', 'config': {...}}``, an initializer, ...

    Raises:
        ValueError: `identifier` is none of these.
    """
    if isinstance(identifier, str):
        return deserialize(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    return _REAL_GET(identifier)


__getattr__, __dir__ = _lazy.surface(__name__)
