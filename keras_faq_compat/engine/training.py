"""``keras.engine.training.Model``: the Keras 2 model class on top of Keras 3.

Legacy API: ``keras.models.Model`` / ``keras.engine.training.Model`` with the
Keras 2.2 methods (``fit_generator``, ``predict_classes``, ``save('x.h5')``,
``to_yaml``, ``load_weights(by_name=True)``, HDF5 inputs, ...).

Keras 3 replacement: ``keras.Model``.

The class is ``keras.Model`` plus one mixin per legacy area, each defined in
the module of that area, listed in the class statement and cooperating
through ``super()``:

* `keras_faq_compat.saving.model_methods.SavingMixin`: Keras 2 files;
* `keras_faq_compat.engine.training_legacy.LegacyTrainingMixin`: Keras 2
  training semantics (generators, freezing at compile, history names, ...);
* `keras_faq_compat.distribute.multi_worker.MultiWorkerTrainingMixin`:
  ``fit`` on several machines under ``TF_CONFIG`` (a no-op otherwise);
* `keras_faq_compat.data.streaming.StreamingMixin`: HDF5 and h5py inputs
  streamed in batches;
* `keras_faq_compat.engine.pickling.PicklingMixin`: ``pickle.dumps(model)``
  through the Keras 2 HDF5 layout.
* `keras_faq_compat.layers.keras2_layer.Keras2NetworkAttributes`: Keras 2's
  model attributes (``uses_learning_phase``, ``updates``, ...).

The functional form (`FunctionalModel`) adds
`keras_faq_compat.distribute.device_scopes.DevicePlacementMixin` (layer calls
made under a device scope run there). `keras_faq_compat.engine.sequential`
and `keras_faq_compat.engine.parallel` assemble the other model classes from
the same mixins; each class enters `keras_faq_compat.saving.class_identity`
where it is defined.

``Model(inputs, outputs)`` builds a functional model, as in Keras 2; a
subclass with its own ``call`` is a subclassed model.
"""

from keras_faq_compat import _internals
from keras_faq_compat._real import keras as _keras
from keras_faq_compat.data.streaming import StreamingMixin
from keras_faq_compat.engine.pickling import PicklingMixin
from keras_faq_compat.distribute.device_scopes import DevicePlacementMixin
from keras_faq_compat.distribute.multi_worker import MultiWorkerTrainingMixin
from keras_faq_compat.engine.training_legacy import LegacyTrainingMixin, keras2_model_name
from keras_faq_compat.layers.keras2_layer import Keras2NetworkAttributes
from keras_faq_compat.legacy import interfaces
from keras_faq_compat.saving import class_identity
from keras_faq_compat.saving.model_methods import SavingMixin

__all__ = ["Model", "FunctionalModel", "LEGACY_MIXINS"]


def _is_functional_call(args, kwargs):
    return (len(args) == 2) or (len(args) == 1 and "outputs" in kwargs) or (
        "inputs" in kwargs and "outputs" in kwargs
    )


# Order matters: saving, then legacy arguments, then multi-worker training and
# input streaming, so that each mixin hands the next one arguments it
# understands.
class Model(
    SavingMixin,
    LegacyTrainingMixin,
    MultiWorkerTrainingMixin,
    StreamingMixin,
    PicklingMixin,
    Keras2NetworkAttributes,
    _keras.Model,
):
    """A Keras 2 model: functional with ``Model(inputs, outputs)``, or subclassed.

    Args:
        inputs: input tensor(s) of a functional model (Keras 2 also said
            ``input=``).
        outputs: output tensor(s) of a functional model (Keras 2: ``output=``).
        name: the model's name; default None (generated).
    """

    def __new__(cls, *args, **kwargs):
        if "input" in kwargs or "output" in kwargs:
            kwargs = _rename_io_kwargs(kwargs)
        if cls is Model and _is_functional_call(args, kwargs):
            return super().__new__(FunctionalModel)
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        if "input" in kwargs or "output" in kwargs:
            kwargs = _rename_io_kwargs(kwargs)
        super().__init__(*args, **kwargs)


# The legacy mixins of every compat model class, in `Model`'s order.
LEGACY_MIXINS = (
    SavingMixin, LegacyTrainingMixin, MultiWorkerTrainingMixin, StreamingMixin, PicklingMixin, Keras2NetworkAttributes,
)


def _rename_io_kwargs(kwargs):
    # Keras 2.0 spelled them ``Model(input=..., output=...)``.
    kwargs = dict(kwargs)
    if "input" in kwargs:
        kwargs["inputs"] = kwargs.pop("input")
    if "output" in kwargs:
        kwargs["outputs"] = kwargs.pop("output")
    return kwargs


@class_identity.compat_model_class("keras.Model", "Functional", loads=("Functional", "Model"))
class FunctionalModel(DevicePlacementMixin, Model, _internals.functional_class()):
    """The functional form of `Model` (what ``Model(inputs, outputs)`` returns)."""

    _keras2_name_prefix = "model"

    def __init__(self, *args, **kwargs):
        if "input" in kwargs or "output" in kwargs:
            # Converted with Keras 2's warning, which names the public class.
            (_, *args), kwargs = interfaces.legacy_model_constructor_support.convert("Model", (self, *args), kwargs)
        if len(args) < 3:
            keras2_model_name(self, kwargs)
        _internals.functional_class().__init__(self, *args, **kwargs)


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
