"""``keras-faq-compat doctor``: what this machine gives legacy Keras 2 code.

Prints the real TensorFlow, Keras, h5py, PyYAML, numpy and Python versions,
what legacy code sees instead under the activation (``keras.__version__``,
the restored NumPy names), the visible devices, the Keras config file in use
(and whether it is valid), and the legacy APIs the compat layer provides.
"""

import os
import platform
import sys

__all__ = ["add_arguments", "main", "report"]


def add_arguments(parser):
    """No options."""


def _legacy_api_lines():
    try:
        from keras_faq_compat.cli import legacy_apis
    except ImportError:
        legacy_apis = None
    if legacy_apis is not None and hasattr(legacy_apis, "coverage"):
        return [f"  {'yes' if ok else 'no ':3s}  {api}" for api, ok in legacy_apis.coverage()]
    from keras_faq_compat.activation import ALIASES, TF1_NAMES

    lines = [f"  import {name}  ->  {target}" for name, target in ALIASES.items()]
    lines += [f"  tf.{name}" for name in TF1_NAMES]
    return lines


def _numpy_aliases_line(numpy, numpy_aliases):
    missing = [name for name in numpy_aliases.ALIASES if name not in vars(numpy)]
    if not numpy_aliases.enabled():
        switch = numpy_aliases.ENV_SWITCH
        return f"  NumPy names of the Keras 2 era: off ({switch}={os.environ.get(switch)})"
    return (f"  NumPy names of the Keras 2 era: {len(missing)} restored "
            f"(np.float, np.NaN, ...; ${numpy_aliases.ENV_SWITCH}=0 turns them off)")


def report():
    """The doctor's report as a list of lines."""
    import h5py
    import numpy
    import yaml

    from keras_faq_compat import __version__, configfile, numpy_aliases
    from keras_faq_compat._real import keras, tf
    from keras_faq_compat.activation import LEGACY_KERAS_VERSION

    lines = [
        f"keras-faq-compat {__version__}",
        f"Python      {platform.python_version()} ({sys.executable})",
        f"TensorFlow  {tf.__version__}",
        f"Keras       {keras.__version__} (backend: {keras.config.backend()})",
        f"h5py        {h5py.__version__} (HDF5 {h5py.version.hdf5_version})",
        f"PyYAML      {yaml.__version__}",
        f"numpy       {numpy.__version__}",
        "Under the activation (keras-faq-compat run, install()):",
        f"  keras.__version__  {LEGACY_KERAS_VERSION} for legacy version checks "
        f"(TensorFlow and Keras still read {keras.__version__})",
        _numpy_aliases_line(numpy, numpy_aliases),
        "Devices:",
    ]
    lines += [f"  {d.name} ({d.device_type})" for d in tf.config.list_logical_devices()]
    path = configfile.config_path()
    state = "present" if os.path.exists(path) else "absent (defaults apply)"
    lines.append(f"Config file {path}: {state}")
    try:
        config = configfile.read_config(path)
        for key in ("backend", "floatx", "epsilon", "image_data_format"):
            lines.append(f"  {key}: {config[key]}")
    except configfile.KerasConfigError as e:
        lines.append(f"  INVALID: {e}")
    lines.append("Legacy APIs provided:")
    lines += _legacy_api_lines()
    return lines


def main(args):
    """Print the report; exit status 0."""
    print("\n".join(report()))
    return 0
