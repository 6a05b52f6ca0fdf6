"""``keras.callbacks.TensorBoard`` accepting Keras 2.2's arguments.

Legacy API: ``TensorBoard(log_dir='./logs', histogram_freq=0, batch_size=32,
write_graph=True, write_grads=False, write_images=False, embeddings_freq=0,
embeddings_layer_names=None, embeddings_metadata=None, embeddings_data=None,
update_freq='epoch')``.

Keras 3 replacement: ``keras.callbacks.TensorBoard(log_dir, histogram_freq,
write_graph, write_images, update_freq, embeddings_freq,
embeddings_metadata, ...)``; ``batch_size``, ``write_grads``,
``embeddings_layer_names`` and ``embeddings_data`` are a ``TypeError`` there.

Those four have no Keras 3 meaning (histograms are of weights, not of
activations on validation batches; no gradient histograms; embeddings are
the layers' weights): they are accepted and ignored, with one
`LegacyAPIWarning`. An integer ``update_freq`` counted samples in Keras 2 and
counts batches in Keras 3: it is converted with the training batch size
(``fit``'s default of 32 when unknown). As in Keras 2, ``histogram_freq``
without validation data raises ``ValueError`` at the first epoch end
(validation from a generator counts as validation data here). Event files
need the ``tensorboard`` package (the ``tensorboard`` extra of this package).
"""

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.callbacks.callback import Callback
from keras_faq_compat.deprecation import warn_legacy

__all__ = ["TensorBoard"]

_FIT_DEFAULT_BATCH_SIZE = 32


def require_tensorboard():
    """Raise one clear ImportError when the ``tensorboard`` package is missing."""
    try:
        import tensorboard  # noqa: F401
    except ImportError:
        raise ImportError(
            "keras.callbacks.TensorBoard writes its event files with the `tensorboard` package, "
            "which is not installed. Install it with: pip install keras-faq-compat[tensorboard]"
        ) from None


def _logs_validation(logs):
    return any(str(name).startswith("val_") for name in (logs or {}))


class TensorBoard(_keras.callbacks.TensorBoard, Callback):
    """Writes TensorBoard logs: metrics, and optionally graph, weight histograms and images.

    Args:
        log_dir: folder of the event files; default ``'./logs'``.
        histogram_freq: epochs between weight histograms (0: none); needs
            validation data, as in Keras 2; default 0.
        batch_size: Keras 2 only (activation histograms); ignored; default
            None.
        write_graph: write the model graph; default True.
        write_grads: Keras 2 only (gradient histograms); ignored; default
            False.
        write_images: write weights as images; default False.
        embeddings_freq: epochs between embedding snapshots; default 0.
        embeddings_layer_names: Keras 2 only; ignored (Keras 3 logs every
            ``Embedding`` layer); default None.
        embeddings_metadata: metadata file per layer name (or one for all);
            default None.
        embeddings_data: Keras 2 only; ignored; default None.
        update_freq: ``'epoch'``, ``'batch'``, or Keras 2's number of samples
            between writes; default ``'epoch'``.
        **kwargs: Keras 3 arguments (``write_steps_per_second``,
            ``profile_batch``).
    """

    def __init__(
        self,
        log_dir="./logs",
        histogram_freq=0,
        batch_size=None,
        write_graph=True,
        write_grads=False,
        write_images=False,
        embeddings_freq=0,
        embeddings_layer_names=None,
        embeddings_metadata=None,
        embeddings_data=None,
        update_freq="epoch",
        **kwargs,
    ):
        require_tensorboard()
        ignored = [
            name
            for name, value in (
                ("batch_size", batch_size),
                ("write_grads", write_grads),
                ("embeddings_layer_names", embeddings_layer_names),
                ("embeddings_data", embeddings_data),
            )
            if value is not None and value is not False
        ]
        if ignored:
            warn_legacy(
                "keras.callbacks.TensorBoard(batch_size, write_grads, embeddings_layer_names, embeddings_data)",
                "keras.callbacks.TensorBoard(log_dir, histogram_freq, write_graph, write_images, "
                "update_freq, embeddings_freq, embeddings_metadata)",
                f"Ignored: {', '.join(ignored)}.",
            )
        self.update_freq_samples = None
        if isinstance(update_freq, int) and not isinstance(update_freq, bool):
            if update_freq < 1:
                raise ValueError(
                    f"TensorBoard: update_freq must be 'epoch', 'batch' or a positive integer; got {update_freq}."
                )
            self.update_freq_samples = update_freq
            warn_legacy(
                "TensorBoard(update_freq=<number of samples>)",
                "TensorBoard(update_freq=<number of batches>)",
                "Converted with the training batch size.",
            )
        super().__init__(
            log_dir=log_dir,
            histogram_freq=histogram_freq,
            write_graph=write_graph,
            write_images=write_images,
            update_freq=update_freq,
            embeddings_freq=embeddings_freq,
            embeddings_metadata=embeddings_metadata,
            **kwargs,
        )
        self.batch_size = batch_size
        self.write_grads = write_grads
        self.embeddings_layer_names = embeddings_layer_names
        self.embeddings_data = embeddings_data

    def on_epoch_end(self, epoch, logs=None):
        # Keras 2 refused histograms without validation data (it drew them
        # from validation batches). Validation logs stand for the data here,
        # since Keras 3's `fit` does not hand it to callbacks.
        if self.histogram_freq and not self.validation_data and not _logs_validation(logs):
            raise ValueError(
                "If printing histograms, validation_data must be provided, and cannot be a generator."
            )
        super().on_epoch_end(epoch, logs)

    def set_params(self, params):
        super().set_params(params)
        if self.update_freq_samples is not None:
            batch_size = self.params.get("batch_size") or _FIT_DEFAULT_BATCH_SIZE
            self.update_freq = max(1, self.update_freq_samples // batch_size)
