"""``keras.utils.vis_utils``: ``plot_model`` and ``model_to_dot`` with Keras 2's arguments.

Legacy API: ``plot_model(model, to_file='model.png', show_shapes=False, show_layer_names=True,
rankdir='TB', expand_nested=False, dpi=96)``, ``model_to_dot(model, show_shapes=False,
show_layer_names=True, rankdir='TB', expand_nested=False, dpi=96, subgraph=False)``,
``is_model``, ``is_wrapped_model``, ``add_edge(dot, src, dst)``.

Keras 3 replacement: ``keras.utils.plot_model`` / ``model_to_dot``, whose positional order
differs (``show_dtype`` comes before ``show_layer_names``) and whose defaults differ
(``show_layer_names=False``, ``dpi=200``); the arguments here are passed by name with Keras 2's
defaults. The drawing itself is Keras 3's.

pydot (and Graphviz's ``dot`` program) are optional: without pydot these functions raise
``ImportError`` naming ``pip install keras-faq-compat[plot]``.
"""

import importlib

from keras_faq_compat._real import keras as _keras

__all__ = ["plot_model", "model_to_dot", "is_model", "is_wrapped_model", "add_edge"]

_MISSING_PYDOT = (
    "keras.utils.{api} needs pydot, which is not installed: pip install keras-faq-compat[plot] "
    "(or pip install pydot), and Graphviz's `dot` program (https://graphviz.org/download/)."
)


def _pydot(api):
    try:
        return importlib.import_module("pydot")
    except ImportError:
        raise ImportError(_MISSING_PYDOT.format(api=api)) from None


def is_model(layer):
    """Whether `layer` is a Keras model."""
    return isinstance(layer, _keras.Model)


def is_wrapped_model(layer):
    """Whether `layer` is a wrapper layer (``TimeDistributed``, ``Bidirectional``) around a model."""
    return isinstance(layer, _keras.layers.Wrapper) and isinstance(layer.layer, _keras.Model)


def add_edge(dot, src, dst):
    """Add the edge `src` -> `dst` to pydot graph `dot` unless it is there already."""
    pydot = _pydot("vis_utils.add_edge")
    if not dot.get_edge(src, dst):
        dot.add_edge(pydot.Edge(src, dst))


def model_to_dot(model, show_shapes=False, show_layer_names=True, rankdir="TB", expand_nested=False, dpi=96, subgraph=False):
    """`model` as a ``pydot.Dot`` graph (a ``pydot.Cluster`` when `subgraph`).

    Args:
        model: a Keras model.
        show_shapes: whether to show the output shapes; default False.
        show_layer_names: whether to show the layer names; default True.
        rankdir: ``'TB'`` (vertical) or ``'LR'`` (horizontal); default ``'TB'``.
        expand_nested: whether to draw nested models' layers; default False.
        dpi: the image resolution; default 96.
        subgraph: whether to return a cluster for a larger graph; default False.
    """
    _pydot("model_to_dot")
    return _keras.utils.model_to_dot(
        model,
        show_shapes=show_shapes,
        show_layer_names=show_layer_names,
        rankdir=rankdir,
        expand_nested=expand_nested,
        dpi=dpi,
        subgraph=subgraph,
    )


def plot_model(model, to_file="model.png", show_shapes=False, show_layer_names=True, rankdir="TB", expand_nested=False, dpi=96):
    """Draw `model` into the image file `to_file` (the format from its extension).

    Args:
        model: a Keras model.
        to_file: the image file; default ``'model.png'``.
        show_shapes: whether to show the output shapes; default False.
        show_layer_names: whether to show the layer names; default True.
        rankdir: ``'TB'`` (vertical) or ``'LR'`` (horizontal); default ``'TB'``.
        expand_nested: whether to draw nested models' layers; default False.
        dpi: the image resolution; default 96.
    """
    _pydot("plot_model")
    return _keras.utils.plot_model(
        model,
        to_file=to_file,
        show_shapes=show_shapes,
        show_layer_names=show_layer_names,
        rankdir=rankdir,
        expand_nested=expand_nested,
        dpi=dpi,
    )


# Names of this Keras 2 module that live elsewhere (rows of keras_faq_compat.legacy_names).
from keras_faq_compat import _lazy  # noqa: E402
__getattr__, __dir__ = _lazy.surface(__name__)
