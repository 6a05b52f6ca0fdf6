"""Keras 2's own test suite as a yardstick of keras_faq_compat (``python -m conformance``)."""
