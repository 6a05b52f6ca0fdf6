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

__getattr__, __dir__ = _lazy.surface(__name__)
