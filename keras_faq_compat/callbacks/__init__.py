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

_TABLE = {
    "Callback": ".callback:Callback",
    "BaseLogger": ".callback:BaseLogger",
    "History": ".callback:History",
    "ProgbarLogger": ".callback:ProgbarLogger",
    "TerminateOnNaN": ".callback:TerminateOnNaN",
    "LambdaCallback": ".callback:LambdaCallback",
    "RemoteMonitor": ".callback:RemoteMonitor",
    "ModelCheckpoint": ".model_checkpoint:ModelCheckpoint",
    "EarlyStopping": ".early_stopping:EarlyStopping",
    "ReduceLROnPlateau": ".learning_rate:ReduceLROnPlateau",
    "LearningRateScheduler": ".learning_rate:LearningRateScheduler",
    "CSVLogger": ".csv_logger:CSVLogger",
    "TensorBoard": ".tensorboard:TensorBoard",
}
__getattr__, __dir__ = _lazy.lazy_attributes(__name__, _TABLE, fallback="callbacks")
