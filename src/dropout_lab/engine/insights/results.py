"""Pieces every insight's typed result is built from: measures over seeds, the data points, the claims.

An insight's result is a pydantic model (``*_result.py``), read alike by the CLI table, the matplotlib
figure and the page (as JSON). Raw measurements are stored fields; everything derived from them --
means, spreads, comparisons and the sentences about them (`Claims`) -- is a computed field, so a
result can never carry a sentence its own numbers contradict. No torch here.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
from pydantic import BaseModel, computed_field

# Rows of the engine's per-epoch stats block (Trainer.events' on_epoch hook): (5, K) per epoch.
TRAIN_LOSS, VAL_LOSS, TRAIN_ACC, VAL_ACC, BATCH_LOSS = range(5)


class Measure(BaseModel):
    """One measure per condition (rows) and seed or repeat (columns); mean and spread per row."""

    per_seed: list[list[float]]  # (conditions, seeds)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def mean(self) -> list[float]:
        return [float(np.mean(row)) for row in self.per_seed]

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def std(self) -> list[float]:
        """Sample standard deviation over seeds (n - 1); 0 for a single seed."""
        return [float(np.std(row, ddof=1)) if len(row) > 1 else 0.0 for row in self.per_seed]

    def row(self, i: int) -> list[float]:
        return self.per_seed[i]


class Points(BaseModel):
    """The data a map is drawn over: training and validation points of one seed."""

    X_train: list[list[float]]
    y_train: list[int]
    X_val: list[list[float]]
    y_val: list[int]


class Claims(BaseModel):
    """What the result shows, in words computed from its numbers (with their uncertainty)."""

    headline: str  # one sentence: the main finding
    findings: list[str]  # what to look for, one sentence each


def rounded(values: Any, digits: int = 4) -> list:
    """JSON-ready nested lists of floats from an array, list or CPU tensor, rounded (small on the wire)."""
    return np.round(np.asarray(values, dtype=np.float64), digits).tolist()
