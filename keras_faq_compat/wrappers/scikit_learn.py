"""``keras.wrappers.scikit_learn``: Keras 2's scikit-learn wrappers.

Legacy API: ``KerasClassifier(build_fn=None, **sk_params)``, ``KerasRegressor(build_fn=None,
**sk_params)`` and their base ``BaseWrapper``, as Keras 2.2.4 and 2.3.1 defined them: `build_fn`
a function, an object with ``__call__``, or None for a subclass's own ``__call__``; `sk_params`
split between `build_fn` and the model's ``fit`` / ``predict`` / ``evaluate``; ``check_params``,
``get_params``, ``set_params``, ``filter_sk_params``, ``fit`` (returns the ``History``),
``predict``, ``predict_proba``, ``score``.

Keras 3 replacement: ``keras.wrappers.SKLearnClassifier`` / ``SKLearnRegressor`` (Keras 3.5+),
which take ``model=``, ``model_kwargs=`` and ``fit_kwargs=`` instead of one flat `sk_params`.

Differences from Keras 2:

* scikit-learn 1.6+ asks every estimator for ``__sklearn_tags__``; these classes answer it
  (classifier or regressor), importing scikit-learn only then. Being known as a classifier,
  `KerasClassifier` gets stratified folds from ``cross_val_score`` / ``GridSearchCV`` on integer or
  string labels, where scikit-learn of the Keras 2 era used plain folds;
* ``get_params`` returns the parameter values themselves, not deep copies, so that scikit-learn's
  ``clone`` accepts list-valued parameters (``dense_layer_sizes=[32, 32]``);
* ``score`` one-hot encodes labels with ``n_classes_`` columns (Keras 2 used the largest label in
  `y`, and failed on a test set without the last class);
* ``KerasRegressor.predict`` squeezes only the last axis, as Keras 2.3.1 did (Keras 2.2.4 also
  turned a one-sample prediction into a 0-d array);
* ``predict`` / ``predict_proba`` of no samples give empty arrays of the model's output shape, as
  Keras 2 did (Keras 3's ``predict`` fails on an empty array);
* ``nb_epoch`` in `sk_params` is accepted and, as in Keras 2, not passed on (the model trains for
  `epochs`); a `LegacyAPIWarning` says so. ``fit(x, y, nb_epoch=3)`` is converted by the model.
"""

import copy
import types

import numpy as np

from keras_faq_compat import _lazy
from keras_faq_compat.deprecation import warn_legacy
from keras_faq_compat.engine.sequential import Sequential
from keras_faq_compat.losses import is_categorical_crossentropy
from keras_faq_compat.utils.generic_utils import has_arg
from keras_faq_compat.utils.np_utils import to_categorical

__all__ = ["BaseWrapper", "KerasClassifier", "KerasRegressor"]

_SKLEARN_EXTRA = "pip install keras-faq-compat[sklearn]"


def _sklearn_utils(feature):
    """``sklearn.utils``, or one ImportError naming the extra that installs it."""
    try:
        import sklearn.utils
    except ImportError as error:
        raise ImportError(
            f"keras.wrappers.scikit_learn: {feature} needs scikit-learn, which is not installed; "
            f"install it with `{_SKLEARN_EXTRA}` (or `pip install scikit-learn`)."
        ) from error
    return sklearn.utils


def _predict(model, x, kwargs):
    """``model.predict(x, **kwargs)``; for no samples, empty predictions of the right shape, as Keras 2 gave.

    Keras 3's ``predict`` fails on an empty array (Keras 2.3.1's tests ask a regressor for
    ``predict(x[:0])``): one sample of zeros is predicted instead, and none of it kept.
    """
    x = np.asarray(x)
    if x.ndim and len(x) == 0:
        return model.predict(np.zeros((1,) + x.shape[1:], dtype=x.dtype), **kwargs)[:0]
    return model.predict(x, **kwargs)


def _is_plain_function(fn):
    return isinstance(fn, (types.FunctionType, types.MethodType))


class BaseWrapper:
    """Base class of the Keras 2 scikit-learn wrappers; use a subclass.

    `build_fn` builds, compiles and returns a Keras model; it is one of:

    1. a function;
    2. an object whose ``__call__`` method builds the model;
    3. None: a subclass of `KerasClassifier` or `KerasRegressor` whose own ``__call__`` builds it.

    `sk_params` holds both model parameters (the arguments of `build_fn`, which should all have
    defaults, as for every scikit-learn estimator) and the arguments of the model's ``fit``,
    ``predict``, ``predict_classes``, ``predict_proba`` and ``evaluate`` (``epochs``,
    ``batch_size``, ``verbose``, ...). A call's own keyword arguments win over `sk_params`, which
    win over the model's defaults. ``GridSearchCV`` can tune any of them.

    Args:
        build_fn: what builds the model (see above); default None.
        **sk_params: model and fitting parameters.
    """

    _keras2_name = "BaseWrapper"
    _replacement = "keras.wrappers.SKLearnClassifier or SKLearnRegressor (Keras 3.5+)"
    _estimator_type = None

    def __init__(self, build_fn=None, **sk_params):
        warn_legacy(f"keras.wrappers.scikit_learn.{self._keras2_name}", self._replacement)
        self.build_fn = build_fn
        self.sk_params = sk_params
        self.check_params(sk_params)

    def _build_fn_signature(self):
        """The function whose arguments `build_fn` takes from `sk_params`."""
        if self.build_fn is None:
            return self.__call__
        if not _is_plain_function(self.build_fn):
            return self.build_fn.__call__
        return self.build_fn

    def check_params(self, params):
        """Check `params` for typos.

        A legal name is an argument of `build_fn` or of the model's ``fit``, ``predict``,
        ``predict_classes`` or ``evaluate``; ``nb_epoch`` is let through, as Keras 2 did.

        Args:
            params: dictionary of the parameters to check.

        Raises:
            ValueError: a name is not a legal parameter.
        """
        legal_fns = [Sequential.fit, Sequential.predict, Sequential.predict_classes, Sequential.evaluate]
        legal_fns.append(self._build_fn_signature())
        for name in params:
            if any(has_arg(fn, name) for fn in legal_fns):
                continue
            if name != "nb_epoch":
                raise ValueError(f"{name} is not a legal parameter")
            warn_legacy(
                "nb_epoch in the parameters of a scikit-learn wrapper",
                "epochs",
                "As in Keras 2, it is not passed to fit: the model trains for `epochs` (default 1).",
            )

    def get_params(self, **params):
        """The parameters of this estimator: `sk_params` and ``build_fn``.

        Args:
            **params: ignored (scikit-learn passes ``deep``).
        """
        res = dict(self.sk_params)
        res["build_fn"] = self.build_fn
        return res

    def set_params(self, **params):
        """Set parameters of this estimator, after `check_params`; return self.

        Args:
            **params: parameter names and their values.
        """
        self.check_params(params)
        self.sk_params.update(params)
        return self

    def fit(self, x, y, **kwargs):
        """Build a new model with `build_fn` and fit it to ``(x, y)``; return its ``History``.

        With a ``categorical_crossentropy`` loss, a 1-D `y` of class indices is one-hot encoded.

        Args:
            x: training samples, shape ``(n_samples, n_features)``.
            y: targets, shape ``(n_samples,)`` or ``(n_samples, n_outputs)``.
            **kwargs: arguments of the model's ``fit``; they win over `sk_params`.
        """
        build_fn = self.__call__ if self.build_fn is None else self.build_fn
        self.model = build_fn(**self.filter_sk_params(self._build_fn_signature()))

        if is_categorical_crossentropy(self.model.loss) and len(np.shape(y)) != 2:
            y = to_categorical(y)

        # Deep copies, as Keras 2 made: each fit gets fresh callbacks from `sk_params`.
        fit_args = copy.deepcopy(self.filter_sk_params(Sequential.fit))
        fit_args.update(kwargs)
        return self.model.fit(x, y, **fit_args)

    def filter_sk_params(self, fn, override=None):
        """The items of `sk_params` that `fn` takes as arguments, updated with `override`.

        Args:
            fn: a callable.
            override: dictionary of values that win over `sk_params`; default None.
        """
        res = {name: value for name, value in self.sk_params.items() if has_arg(fn, name)}
        res.update(override or {})
        return res

    def __sklearn_tags__(self):
        """scikit-learn's estimator tags (scikit-learn 1.6+ asks every estimator for them)."""
        utils = _sklearn_utils("__sklearn_tags__")
        tags = utils.Tags(
            estimator_type=self._estimator_type,
            target_tags=utils.TargetTags(required=True),
            transformer_tags=None,
            classifier_tags=None,
            regressor_tags=None,
        )
        # Weights start random: two fits on the same data differ.
        tags.non_deterministic = True
        if self._estimator_type == "classifier":
            tags.classifier_tags = utils.ClassifierTags()
        elif self._estimator_type == "regressor":
            tags.regressor_tags = utils.RegressorTags()
        return tags

    def __sklearn_is_fitted__(self):
        """Whether `fit` has built a model (scikit-learn's ``check_is_fitted``)."""
        return hasattr(self, "model")


class KerasClassifier(BaseWrapper):
    """The scikit-learn classifier API over a Keras model (Keras 2).

    After `fit`, ``classes_`` holds the class labels (sorted unique values of `y`, or
    ``0..n-1`` for a one-hot `y` of ``n`` columns) and ``n_classes_`` their number. A
    ``categorical_crossentropy`` model is trained on one-hot targets made from 1-D labels.

    Args:
        build_fn: a function or callable object that builds and compiles the model, or None to
            use the subclass's ``__call__``; default None.
        **sk_params: arguments of `build_fn` and of the model's ``fit``, ``predict``,
            ``predict_classes``, ``predict_proba`` and ``evaluate``.
    """

    _keras2_name = "KerasClassifier"
    _replacement = "keras.wrappers.SKLearnClassifier (Keras 3.5+)"
    _estimator_type = "classifier"

    def fit(self, x, y, sample_weight=None, **kwargs):
        """Build a new model and fit it to ``(x, y)``; return its ``History``.

        Args:
            x: training samples, shape ``(n_samples, n_features)``.
            y: class labels, shape ``(n_samples,)`` or ``(n_samples, 1)`` (any sortable
                values), or one-hot, shape ``(n_samples, n_classes)``.
            sample_weight: weights of the samples; default None.
            **kwargs: arguments of the model's ``fit``; they win over `sk_params`.

        Raises:
            ValueError: `y` has another shape.
        """
        y = np.array(y)
        if len(y.shape) == 2 and y.shape[1] > 1:
            self.classes_ = np.arange(y.shape[1])
        elif (len(y.shape) == 2 and y.shape[1] == 1) or len(y.shape) == 1:
            self.classes_ = np.unique(y)
            y = np.searchsorted(self.classes_, y)
        else:
            raise ValueError("Invalid shape for y: " + str(y.shape))
        self.n_classes_ = len(self.classes_)
        if sample_weight is not None:
            kwargs["sample_weight"] = sample_weight
        return super().fit(x, y, **kwargs)

    def predict(self, x, **kwargs):
        """Class labels (from ``classes_``) predicted for `x`.

        The class of largest probability, or for a model with one output unit, class 1 where
        it exceeds 0.5 (then the shape is ``(n_samples, 1)``, as in Keras 2).

        Args:
            x: samples, shape ``(n_samples, n_features)``.
            **kwargs: arguments of the model's ``predict_classes``; they win over `sk_params`.
        """
        kwargs = self.filter_sk_params(Sequential.predict_classes, kwargs)
        proba = _predict(self.model, x, kwargs)
        if proba.shape[-1] > 1:
            classes = proba.argmax(axis=-1)
        else:
            classes = (proba > 0.5).astype("int32")
        return self.classes_[classes]

    def predict_proba(self, x, **kwargs):
        """Class probabilities predicted for `x`, shape ``(n_samples, n_classes)``.

        A model with one sigmoid output gives two columns, ``1 - p`` and ``p``, as scikit-learn
        expects of a binary classifier.

        Args:
            x: samples, shape ``(n_samples, n_features)``.
            **kwargs: arguments of the model's ``predict_proba``; they win over `sk_params`.
        """
        kwargs = self.filter_sk_params(Sequential.predict_proba, kwargs)
        probs = _predict(self.model, x, kwargs)
        if probs.shape[1] == 1:
            probs = np.hstack([1 - probs, probs])
        return probs

    def score(self, x, y, **kwargs):
        """The model's accuracy on ``(x, y)``, from its ``evaluate``.

        Args:
            x: samples, shape ``(n_samples, n_features)``.
            y: their labels, as for `fit`.
            **kwargs: arguments of the model's ``evaluate``; they win over `sk_params`.

        Raises:
            ValueError: the model was not compiled with ``metrics=["accuracy"]``.
        """
        y = np.searchsorted(self.classes_, y)
        kwargs = self.filter_sk_params(Sequential.evaluate, kwargs)
        if is_categorical_crossentropy(self.model.loss) and len(y.shape) != 2:
            y = to_categorical(y, self.n_classes_)
        # By name: a plain Keras 3 model's ``metrics_names`` groups its compiled
        # metrics under ``compile_metrics``, so Keras 2's zip with the list would miss them.
        outputs = self.model.evaluate(x, y, return_dict=True, **kwargs)
        for name in ("acc", "accuracy"):
            if name in outputs:
                return outputs[name]
        raise ValueError(
            "The model is not configured to compute accuracy. You should pass "
            '`metrics=["accuracy"]` to the `model.compile()` method.'
        )


class KerasRegressor(BaseWrapper):
    """The scikit-learn regressor API over a Keras model (Keras 2).

    Args:
        build_fn: a function or callable object that builds and compiles the model, or None to
            use the subclass's ``__call__``; default None.
        **sk_params: arguments of `build_fn` and of the model's ``fit``, ``predict`` and
            ``evaluate``.
    """

    _keras2_name = "KerasRegressor"
    _replacement = "keras.wrappers.SKLearnRegressor (Keras 3.5+)"
    _estimator_type = "regressor"

    def predict(self, x, **kwargs):
        """Predictions for `x`; a last axis of one output is squeezed away.

        Args:
            x: samples, shape ``(n_samples, n_features)``.
            **kwargs: arguments of the model's ``predict``; they win over `sk_params`.
        """
        kwargs = self.filter_sk_params(Sequential.predict, kwargs)
        preds = np.array(_predict(self.model, x, kwargs))
        if preds.shape[-1] == 1:
            return np.squeeze(preds, axis=-1)
        return preds

    def score(self, x, y, **kwargs):
        """The negative of the model's loss on ``(x, y)`` (greater is better, as scikit-learn wants).

        Args:
            x: samples, shape ``(n_samples, n_features)``.
            y: their targets.
            **kwargs: arguments of the model's ``evaluate``; they win over `sk_params`.
        """
        kwargs = self.filter_sk_params(Sequential.evaluate, kwargs)
        loss = self.model.evaluate(x, y, **kwargs)
        if isinstance(loss, list):
            return -loss[0]
        return -loss


__getattr__, __dir__ = _lazy.surface(__name__)
