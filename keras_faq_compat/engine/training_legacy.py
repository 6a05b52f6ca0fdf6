"""Keras 2 training semantics for `keras_faq_compat.engine.training.Model`.

Legacy API: ``fit_generator``, ``evaluate_generator``, ``predict_generator``,
``train_on_batch`` / ``test_on_batch`` results as Keras 2 shaped them,
``trainable`` taking effect at ``compile``, ``History`` keys ``acc`` /
``val_acc``, stateful RNN state across calls.

Keras 3 replacement: ``Model.fit`` / ``evaluate`` / ``predict`` with a
generator or ``keras.utils.PyDataset``.
"""

__all__ = ["LegacyTrainingMixin"]


class LegacyTrainingMixin:
    """Keras 2 training methods; cooperates with the next class through ``super()``."""
