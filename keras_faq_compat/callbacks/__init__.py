"""``keras.callbacks``: the Keras 2.2 callbacks with their Keras 2 arguments.

Legacy API: ``keras.callbacks.ModelCheckpoint`` (HDF5 files, any file name,
``period``), ``EarlyStopping`` / ``ReduceLROnPlateau`` on ``val_acc``,
``TensorBoard(batch_size=..., write_grads=...)``, ``CSVLogger``,
``LearningRateScheduler``, ``BaseLogger``, custom ``Callback`` subclasses that
read ``self.params['metrics']`` or ``logs['size']``.

Keras 3 replacement: ``keras.callbacks`` (``.keras`` / ``.weights.h5``
checkpoints, ``save_freq``, metric names as written in ``compile``).

Each compat callback subclasses its Keras 3 namesake where one exists, so
Keras 3 code using these classes keeps working; names not listed here
(``CallbackList``, ``BackupAndRestore``, ...) are served from Keras 3.
"""

from keras_faq_compat import _lazy

__getattr__, __dir__ = _lazy.surface(__name__)
