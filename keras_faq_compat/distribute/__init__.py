"""``tf.distribute`` plumbing behind the Keras 2 multi-GPU APIs.

* `devices`: which devices ``multi_gpu_model(gpus=...)`` runs on;
* `mirrored`: the data-parallel model on ``tf.distribute.MirroredStrategy``;
* `cluster`: ``TF_CONFIG`` parsed and the cluster checked, without TensorFlow;
* `multi_worker`: training on several machines (``TF_CONFIG``) on
  ``tf.distribute.MultiWorkerMirroredStrategy``;
* `device_scopes`: device scopes (``tf.device``, ``tf.device_scope``) around
  layer calls of a functional model, honoured when the model runs;
* `first_batch`: the input's shapes for building a model under a strategy,
  without reading (and losing) a batch.

Legacy API: ``keras.utils.multi_gpu_model`` and device parallelism with
device scopes. TensorFlow 2 replacement: ``tf.distribute.MirroredStrategy``
and ``tf.device`` inside a layer's or model's ``call``.
"""

from keras_faq_compat import _lazy

_TABLE = {
    "devices": ".devices",
    "mirrored": ".mirrored",
    "device_scopes": ".device_scopes",
    "cluster": ".cluster",
    "multi_worker": ".multi_worker",
    "first_batch": ".first_batch",
}
__getattr__, __dir__ = _lazy.lazy_attributes(__name__, _TABLE)
