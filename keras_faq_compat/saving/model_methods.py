"""Keras 2 saving methods on compat models.

Legacy API: ``model.save('x.h5')``, ``model.save_weights('w.h5')``,
``model.load_weights(path, by_name=..., skip_mismatch=...)``, ``model.to_json()``,
``model.to_yaml()``.

Keras 3 replacement: ``model.save('x.keras')``, ``model.save_weights('x.weights.h5')``,
``model.to_json()``; YAML was removed.
"""

__all__ = ["SavingMixin"]


class SavingMixin:
    """Keras 2 file methods; cooperates with the next class through ``super()``."""
