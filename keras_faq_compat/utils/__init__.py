"""``keras.utils`` as Keras 2.2 code imports it.

Legacy API: ``keras.utils.multi_gpu_model``, ``CustomObjectScope``,
``custom_object_scope``, ``get_custom_objects``, ``Sequence``,
``to_categorical``, ``normalize``, ``HDF5Matrix``, ``get_file``, ``Progbar``,
``plot_model``, ``print_summary``, and the submodules ``np_utils``,
``generic_utils``, ``data_utils``, ``io_utils``, ``multi_gpu_utils``,
``layer_utils``, ``vis_utils``, ``conv_utils``, ``test_utils``.

Keras 3 replacement: ``keras.utils`` (``PyDataset`` for ``Sequence``,
``tf.distribute.MirroredStrategy`` for ``multi_gpu_model``; HDF5Matrix was
removed).
"""

from keras_faq_compat import _lazy

_TABLE = {
    "multi_gpu_model": "keras_faq_compat.utils.multi_gpu_utils:multi_gpu_model",
    "HDF5Matrix": "keras_faq_compat.utils.io_utils:HDF5Matrix",
    "CustomObjectScope": "keras_faq_compat.utils.generic_utils:CustomObjectScope",
    "custom_object_scope": "keras_faq_compat.utils.generic_utils:custom_object_scope",
    "get_custom_objects": "keras_faq_compat.utils.generic_utils:get_custom_objects",
    "Progbar": "keras_faq_compat.utils.generic_utils:Progbar",
    "Sequence": "keras_faq_compat.utils.data_utils:Sequence",
    "get_file": "keras_faq_compat.utils.data_utils:get_file",
    "to_categorical": "keras_faq_compat.utils.np_utils:to_categorical",
    "normalize": "keras_faq_compat.utils.np_utils:normalize",
    "print_summary": "keras_faq_compat.utils.layer_utils:print_summary",
    "plot_model": "keras_faq_compat.utils.vis_utils:plot_model",
}
__getattr__, __dir__ = _lazy.lazy_attributes(__name__, _TABLE, fallback="utils")
