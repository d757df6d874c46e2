"""Alternatives' typed result: weight decay and early stopping beside dropout, and dropout's gain by
training-set size -- each compared seed by seed (stats.py), with what that shows in words. No torch here.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

import numpy as np
from pydantic import BaseModel, computed_field

from .results import TRAIN_LOSS, VAL_LOSS, Claims, rounded
from .stats import LOSS_FLOOR, Difference, compare, compare_independent
from .wording import diff, more_seeds_hint, num, partial_prefix, pm, seeds_count, verdict

PLAIN, DROPOUT = "plain", "dropout"


class Regulariser(BaseModel):
    """One kind of network (plain, dropout, weight decay, both) over the seeds, up to the newest epoch."""

    kind: str
    dropout: float
    weight_decay: float
    val_curve: list[float]  # mean over seeds, per epoch
    train_curve: list[float]
    final_val_loss: list[float]  # per seed, newest epoch
    early_stop_val_loss: list[float]  # per seed: the lowest validation loss so far
    early_stop_epoch: list[int]  # per seed: its epoch

    @computed_field  # type: ignore[prop-decorator]
    @property
    def mean_final_val_loss(self) -> float:
        return float(np.mean(self.final_val_loss))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def mean_early_stop_val_loss(self) -> float:
        return float(np.mean(self.early_stop_val_loss))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def mean_curve_best_epoch(self) -> int:
        """The epoch where the mean validation curve is lowest."""
        return int(np.argmin(self.val_curve)) + 1


class SizeRun(BaseModel):
    """The plain and the dropout network at one training-set size, final validation loss per seed."""

    n_train: int
    n_samples: int
    baseline_val_loss: list[float]
    dropout_val_loss: list[float]

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def gain(self) -> Difference:
        """Without minus with dropout, seed by seed: > 0 when dropout lowers the validation loss."""
        return compare(self.baseline_val_loss, self.dropout_val_loss, LOSS_FLOOR)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def gains(self) -> list[float]:
        return [b - d for b, d in zip(self.baseline_val_loss, self.dropout_val_loss, strict=True)]


class AlternativesResult(BaseModel):
    insight: Literal["alternatives"] = "alternatives"
    p: float
    weight_decay: float
    seeds: list[int]
    epochs: int
    epochs_done: int  # of the regularisers' run
    regularisers: list[Regulariser]
    sizes: list[SizeRun]  # the sizes trained so far, in order
    planned_sizes: list[int]  # every training-set size asked for, sorted

    @computed_field  # type: ignore[prop-decorator]
    @property
    def complete(self) -> bool:
        return self.epochs_done >= self.epochs and len(self.sizes) == len(self.planned_sizes)

    def kind(self, name: str) -> Regulariser:
        return next(r for r in self.regularisers if r.kind == name)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def vs_plain(self) -> list[Difference]:
        """Per kind: its final validation loss minus the plain network's, seed by seed."""
        plain = self.kind(PLAIN).final_val_loss
        return [compare(r.final_val_loss, plain, LOSS_FLOOR) for r in self.regularisers]

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def early_vs_dropout(self) -> Difference:
        """The plain network stopped at its lowest point minus the dropout network at the last epoch."""
        return compare(self.kind(PLAIN).early_stop_val_loss, self.kind(DROPOUT).final_val_loss, LOSS_FLOOR)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def claims(self) -> Claims:
        return alternatives_claims(self)


def regulariser_rows(
    kinds: list[tuple[str, float, float]], n_seeds: int, history: np.ndarray
) -> list[Regulariser]:
    """Per kind (name, dropout, weight decay), from the stats so far: history (epochs_done, 5, K) with
    network k = seed k // len(kinds), kind k % len(kinds)."""
    h = history.reshape(history.shape[0], history.shape[1], n_seeds, len(kinds))
    rows = []
    for j, (kind, dropout, decay) in enumerate(kinds):
        val, train = h[:, VAL_LOSS, :, j], h[:, TRAIN_LOSS, :, j]  # (epochs_done, seeds)
        rows.append(
            Regulariser(
                kind=kind,
                dropout=dropout,
                weight_decay=decay,
                val_curve=rounded(val.mean(1), 5),
                train_curve=rounded(train.mean(1), 5),
                final_val_loss=val[-1].tolist(),
                early_stop_val_loss=val.min(0).tolist(),
                early_stop_epoch=(val.argmin(0) + 1).tolist(),
            )
        )
    return rows


def alternatives_claims(r: AlternativesResult) -> Claims:
    n = len(r.seeds)
    plain = r.kind(PLAIN)
    parts = [
        f"{reg.kind} {num(reg.mean_final_val_loss)} ({diff(d)}: {verdict(d)})"
        for reg, d in zip(r.regularisers, r.vs_plain, strict=True)
        if reg.kind != PLAIN
    ]
    head = (
        f"Final validation loss, mean of {n} seed{'s' if n > 1 else ''} (compared with the plain network's "
        f"{num(plain.mean_final_val_loss)} seed by seed): {'; '.join(parts)}."
    )
    if n < 2:
        head += " With one seed no difference can be told from noise."
    d, drop = r.early_vs_dropout, r.kind(DROPOUT)
    findings = [
        "Stopping the plain network at its lowest point (epoch "
        f"{plain.mean_curve_best_epoch} on the mean curve) gives {num(plain.mean_early_stop_val_loss)}, "
        f"vs {num(drop.mean_final_val_loss)} for dropout at the last epoch: {verdict(d)} "
        f"(lower {seeds_count(d, 'below')}; that stopping point is picked on the validation set itself, "
        "so it is slightly optimistic)."
    ]
    findings += _sizes(r)
    findings += more_seeds_hint([*r.vs_plain[1:], d, *(s.gain for s in r.sizes)])
    prefix = partial_prefix(r.epochs_done, r.epochs)
    if not prefix and not r.complete:
        prefix = f"With {len(r.sizes)} of {len(r.planned_sizes)} training-set sizes done: "
    return Claims(headline=prefix + head, findings=findings)


def _gain_words(d: Difference) -> str:
    if d.sign > 0:
        return "a clear gain"
    if d.sign < 0:
        return "a clear loss"
    return "no clear difference"


def _sizes(r: AlternativesResult) -> list[str]:
    out = [
        f"{s.n_train} training points: dropout's gain {pm(s.gain.mean, s.gain.se)} in validation loss "
        f"({_gain_words(s.gain)}; positive {seeds_count(s.gain, 'above')})."
        for s in r.sizes
    ]
    if len(r.sizes) >= 2 and len(r.seeds) >= 2:
        top = max(r.sizes, key=lambda s: s.gain.mean)
        others = [
            f"{s.n_train} points "
            + verdict(compare_independent(s.gains, top.gains, LOSS_FLOOR), "smaller", "larger")
            for s in r.sizes
            if s is not top
        ]
        out.append(
            f"The largest mean gain is at {top.n_train} points; compared with it: {', '.join(others)}."
        )
    return out
