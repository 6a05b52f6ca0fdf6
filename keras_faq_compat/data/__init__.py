"""Streaming of HDF5 data and generators into ``fit`` / ``evaluate`` / ``predict``."""
