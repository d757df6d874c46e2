"""`DropoutMLPClassifier`: the lab's network as a scikit-learn style estimator for 2-D, two-class data.

Parameters are stored verbatim in ``__init__`` and checked in ``fit`` against the one config model;
``fit`` returns ``self``; learned attributes end in ``_``. Knows the engine's trainer and events only:
nothing of plots, files or the web. scikit-learn itself is not needed.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from ..engine.config import ConfigError, make_config
from ..engine.events import EpochFinished, NetworkSpec, RunFailed, RunFinished
from .points import check_points
from .results import TrainingError

# Estimator parameter -> TrainConfig field, where the names differ (scikit-learn's names win here).
_CONFIG_NAMES = {"random_state": "seed", "validation_fraction": "val_share"}


class DropoutMLPClassifier:
    """A ReLU (or tanh/gelu) MLP with dropout after every hidden layer, trained with Adam or SGD.

    Parameters
    ----------
    layers, neurons : int, default 3, 128
        Hidden layers and units per layer.
    dropout : float, default 0.5
        Drop probability of every hidden unit during training (0 to 0.9); nothing is dropped at predict.
    epochs : int, default 300
    activation, optimizer, lr, batch_size, weight_decay
        As the knobs of the same name in `TrainConfig`.
    validation_fraction : float, default 0.2
        Share of the points held out to measure validation loss per epoch (0.1 to 0.9).
    random_state : int, default 0
        Seeds the split, initial weights, batch order and dropout masks.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
    model_ : torch.nn.Sequential
        The trained network (in eval mode).
    history_ : dict of str to list of float
        Per epoch: ``epoch``, ``train_loss``, ``val_loss``, ``gap``, ``train_acc``, ``val_acc``.
    best_epoch_ : int
        Epoch of the lowest validation loss.
    n_iter_ : int
        Epochs trained.
    """

    def __init__(
        self,
        layers: int = 3,
        neurons: int = 128,
        dropout: float = 0.5,
        epochs: int = 300,
        activation: str = "relu",
        optimizer: str = "adam",
        lr: float = 0.001,
        batch_size: int = 32,
        weight_decay: float = 0.0,
        validation_fraction: float = 0.2,
        random_state: int = 0,
    ):
        self.layers = layers
        self.neurons = neurons
        self.dropout = dropout
        self.epochs = epochs
        self.activation = activation
        self.optimizer = optimizer
        self.lr = lr
        self.batch_size = batch_size
        self.weight_decay = weight_decay
        self.validation_fraction = validation_fraction
        self.random_state = random_state

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters (as scikit-learn's `clone` and grid search expect)."""
        return {name: getattr(self, name) for name in inspect.signature(type(self)).parameters}

    def set_params(self, **params: Any) -> DropoutMLPClassifier:
        """Set constructor parameters; returns self."""
        for name, value in params.items():
            if name not in self.get_params():
                raise ValueError(f"unknown parameter '{name}'; valid: {', '.join(self.get_params())}")
            setattr(self, name, value)
        return self

    def fit(self, X: Any, y: Any) -> DropoutMLPClassifier:
        """Train on points X of shape (n, 2) with labels y of 0/1; returns self.

        Raises
        ------
        ConfigError
            (a ValueError) naming a bad parameter and its allowed range.
        ValueError
            If X or y are malformed.
        """
        from ..engine.training import Trainer

        config = self._config()
        X_, y_ = check_points(X, y, where="fit")
        spec = NetworkSpec(
            name="model", dropout=self.dropout, weight_decay=self.weight_decay, seed=config.seed
        )
        trainer = Trainer(config, [spec], data=(X_, y_))
        columns = ("epoch", "train_loss", "val_loss", "gap", "train_acc", "val_acc")
        history: dict[str, list[float]] = {col: [] for col in columns}
        for event in trainer.events():
            if isinstance(event, EpochFinished):
                for col in columns:
                    history[col].append(getattr(event, col))
            elif isinstance(event, RunFailed):
                raise TrainingError(event.reason)
            elif isinstance(event, RunFinished):
                self.best_epoch_ = event.summary[0].best_epoch
        self.model_ = trainer.model.to_torch_module(0, dropout=self.dropout).eval()
        self.classes_ = np.array([0, 1])
        self.history_ = history
        self.n_iter_ = len(history["epoch"])
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, shape (n, 2), in eval mode (no dropout)."""
        import torch

        self._check_fitted()
        X_ = np.asarray(X, dtype=np.float32)
        if X_.ndim != 2 or X_.shape[1] != 2:
            raise ValueError(f"X must have shape (n, 2), got {X_.shape}")
        weight = next(self.model_.parameters())
        with torch.no_grad():
            logits = self.model_(torch.as_tensor(X_, dtype=weight.dtype))  # (n, 2)
            return torch.softmax(logits, dim=1).numpy().astype(np.float64)

    def predict(self, X: Any) -> np.ndarray:
        """Predicted labels 0/1, shape (n,)."""
        self._check_fitted()
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def score(self, X: Any, y: Any) -> float:
        """Mean accuracy on (X, y)."""
        return float(np.mean(self.predict(X) == np.asarray(y)))

    def __repr__(self) -> str:
        defaults = {n: p.default for n, p in inspect.signature(type(self)).parameters.items()}
        changed = [f"{k}={v!r}" for k, v in self.get_params().items() if v != defaults[k]]
        return f"{type(self).__name__}({', '.join(changed)})"

    def _check_fitted(self) -> None:
        if not hasattr(self, "model_"):
            raise RuntimeError("this DropoutMLPClassifier is not fitted yet; call fit(X, y) first")

    def _config(self) -> Any:
        values = {_CONFIG_NAMES.get(k, k): v for k, v in self.get_params().items()}
        # One snapshot (at the end) on the smallest grid: the estimator has no use for boundary maps.
        values.update(snapshot_every=2000, grid_size=10)
        try:
            return make_config(values)
        except ConfigError as exc:
            inverse = {v: k for k, v in _CONFIG_NAMES.items()}
            errors = [{**e, "field": inverse.get(e["field"], e["field"])} for e in exc.errors]
            raise ConfigError(errors) from None
